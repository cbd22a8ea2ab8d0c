"""The OpenTelemetry GenAI adapter: what a user who feeds OTLP/JSON trace files to Parley relies on."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from enrichment.formats import FileState, LineError, detect_format, normalize
from enrichment.formats.otel import OtelGenAIAdapter

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "otel-genai-spans.jsonl"
ADAPTER = OtelGenAIAdapter()

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
# 2026-03-02T09:15:04Z and 2.12 s later, in nanoseconds (OTLP/JSON writes them as strings).
START = 1772442904_000_000_000
END = START + 2_120_000_000
SYSTEM = "You are the HR helper."
Q1 = "How many vacation days do I have?"
A1 = "You have 12 days left."
Q2 = "Can I carry them over?"
A2 = "Up to 5 days."


def value(x):
    """Python value -> OTLP/JSON AnyValue, with intValue as a string of digits as the spec writes it."""
    if isinstance(x, bool):
        return {"boolValue": x}
    if isinstance(x, int):
        return {"intValue": str(x)}
    if isinstance(x, float):
        return {"doubleValue": x}
    if isinstance(x, str):
        return {"stringValue": x}
    if isinstance(x, list):
        return {"arrayValue": {"values": [value(i) for i in x]}}
    return {"kvlistValue": {"values": [{"key": k, "value": value(v)} for k, v in x.items()]}}


def attrs(mapping):
    return [{"key": k, "value": value(v)} for k, v in mapping.items()]


def span(attributes, *, events=None, trace=TRACE, start=START, end=END, name="chat gpt-4o"):
    out = {
        "traceId": trace,
        "spanId": "00f067aa0ba902b7",
        "name": name,
        "kind": 3,
        "startTimeUnixNano": str(start),
        "endTimeUnixNano": str(end),
        "attributes": attrs(attributes),
    }
    if events is not None:
        out["events"] = events
    return out


def line(*spans, resource=None):
    resource = {"service.name": "hr-helper-api"} if resource is None else resource
    return {
        "resourceSpans": [
            {
                "resource": {"attributes": attrs(resource)},
                "scopeSpans": [{"scope": {"name": "test"}, "spans": list(spans)}],
            }
        ]
    }


def parts(role, text, **extra):
    return {"role": role, "parts": [{"type": "text", "content": text}], **extra}


COMMON = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.conversation.id": "conv-1",
    "gen_ai.agent.name": "hr-helper",
    "user.id": "u-042",
    "gen_ai.usage.input_tokens": 812,
    "gen_ai.usage.output_tokens": 24,
}


def semconv_span(inputs, output, *, structured=False, **extra):
    """A chat span with the current gen_ai.input/output.messages attributes."""
    encode = (lambda x: x) if structured else json.dumps
    return span(
        {**COMMON, "gen_ai.input.messages": encode(inputs), "gen_ai.output.messages": encode(output), **extra}
    )


def rows(events):
    out = []
    for event in events:
        event = dict(event)
        key = event.pop("_payload_key")
        out.append(normalize(event, payload_key=key))
    return out


def convert(obj, state=None):
    return rows(ADAPTER.to_events(obj, state or FileState("spans.jsonl")))


def error(obj) -> LineError:
    with pytest.raises(LineError) as info:
        ADAPTER.to_events(obj, FileState("spans.jsonl"))
    return info.value


def said(out):
    return [(r["role"], r["content"]) for r in out]


FIRST_TURN = [("system", SYSTEM), ("user", Q1), ("assistant", A1)]


def test_otlp_lines_are_detected():
    assert detect_format(line()) == "otel"


def test_current_attributes_as_json_strings():
    out = convert(
        line(
            semconv_span(
                [parts("system", SYSTEM), parts("user", Q1)], [parts("assistant", A1, finish_reason="stop")]
            )
        )
    )
    assert said(out) == FIRST_TURN
    assert {(r["conversation_id"], r["assistant_id"], r["user_id"]) for r in out} == {
        ("conv-1", "hr-helper", "u-042")
    }


def test_structured_attributes_give_the_same_events_as_json_strings():
    inputs, output = [parts("system", SYSTEM), parts("user", Q1)], [parts("assistant", A1)]
    as_json = convert(line(semconv_span(inputs, output)))
    structured = line(semconv_span(inputs, output, structured=True))
    attribute = next(
        a
        for a in structured["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["attributes"]
        if a["key"] == "gen_ai.input.messages"
    )
    assert "arrayValue" in attribute["value"]  # the test really exercises the structured form
    assert convert(structured) == as_json


def test_current_attributes_on_the_operation_details_event():
    details = {
        "timeUnixNano": str(END),
        "name": "gen_ai.client.inference.operation.details",
        "attributes": attrs(
            {
                "gen_ai.input.messages": json.dumps([parts("system", SYSTEM), parts("user", Q1)]),
                "gen_ai.output.messages": json.dumps([parts("assistant", A1)]),
            }
        ),
    }
    assert said(convert(line(span(COMMON, events=[details])))) == FIRST_TURN


def test_system_instructions_are_the_first_history_message():
    instructions = json.dumps([{"type": "text", "content": SYSTEM}])
    out = convert(
        line(
            semconv_span(
                [parts("user", Q1)], [parts("assistant", A1)], **{"gen_ai.system_instructions": instructions}
            )
        )
    )
    assert said(out) == FIRST_TURN
    assert out == convert(
        line(semconv_span([parts("system", SYSTEM), parts("user", Q1)], [parts("assistant", A1)]))
    )


def test_text_parts_are_joined_and_other_parts_ignored():
    message = {
        "role": "user",
        "parts": [
            {"type": "text", "content": "Look at this."},
            {"type": "uri", "modality": "image", "uri": "https://x.test/a.png"},
            {"type": "text", "content": "Is it right?"},
        ],
    }
    tool_call = {"role": "assistant", "parts": [{"type": "tool_call", "id": "c1", "name": "lookup"}]}
    out = convert(line(semconv_span([message], [tool_call])))
    assert said(out) == [("user", "Look at this.\nIs it right?"), ("assistant", "")]


def test_deprecated_span_events_with_event_content_json():
    events = [
        {
            "timeUnixNano": str(START),
            "name": "gen_ai.system.message",
            "attributes": attrs({"gen_ai.event.content": json.dumps({"content": SYSTEM})}),
        },
        {
            "timeUnixNano": str(START),
            "name": "gen_ai.user.message",
            "attributes": attrs({"gen_ai.event.content": json.dumps({"content": Q1})}),
        },
        {
            "timeUnixNano": str(END),
            "name": "gen_ai.choice",
            "attributes": attrs(
                {
                    "gen_ai.event.content": json.dumps(
                        {"message": {"content": A1}, "finish_reason": "stop", "index": 0}
                    )
                }
            ),
        },
    ]
    assert said(convert(line(span(COMMON, events=events)))) == FIRST_TURN


def test_deprecated_span_events_with_plain_content_attributes():
    events = [
        {
            "timeUnixNano": str(START),
            "name": "gen_ai.system.message",
            "attributes": attrs({"content": SYSTEM}),
        },
        {"timeUnixNano": str(START), "name": "gen_ai.user.message", "attributes": attrs({"content": Q1})},
        {
            "timeUnixNano": str(START),
            "name": "gen_ai.assistant.message",
            "attributes": attrs({"content": A1}),
        },
        {"timeUnixNano": str(START), "name": "gen_ai.tool.message", "attributes": attrs({"content": "12"})},
        {
            "timeUnixNano": str(END),
            "name": "gen_ai.choice",
            "attributes": attrs({"message.role": "assistant", "message.content": A2}),
        },
        {
            "timeUnixNano": str(END),
            "name": "gen_ai.choice",
            "attributes": attrs({"message.content": "second choice"}),
        },
        {"timeUnixNano": str(END), "name": "exception", "attributes": attrs({"exception.type": "Timeout"})},
    ]
    out = convert(line(span(COMMON, events=events)))
    assert said(out) == [*FIRST_TURN, ("tool", "12"), ("assistant", A2)]


def test_openllmetry_prompt_and_completion_attributes():
    attributes = {key: val for key, val in COMMON.items() if key != "gen_ai.operation.name"}
    attributes.update(
        {
            "llm.request.type": "chat",
            "gen_ai.prompt.0.role": "system",
            "gen_ai.prompt.0.content": SYSTEM,
            "gen_ai.prompt.1.role": "user",
            "gen_ai.prompt.1.content": Q1,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": A1,
            "gen_ai.completion.0.finish_reason": "stop",
        }
    )
    assert said(convert(line(span(attributes)))) == FIRST_TURN


def test_openllmetry_orders_by_index_and_reads_multi_part_json_content():
    attributes = {**COMMON}
    # Out of order, 10 after 2, and the multi-part content OpenLLMetry writes as a JSON string.
    for i, (role, text) in enumerate(
        [("system", SYSTEM), ("user", Q1), ("assistant", A1)] + [("user", "x")] * 7
    ):
        attributes[f"gen_ai.prompt.{i}.role"] = role
        attributes[f"gen_ai.prompt.{i}.content"] = text
    attributes["gen_ai.prompt.10.role"] = "user"
    attributes["gen_ai.prompt.10.content"] = json.dumps(
        [{"type": "text", "text": Q2}, {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}]
    )
    attributes["gen_ai.completion.0.content"] = A2  # no role: the completion is the assistant's
    out = convert(line(span(dict(reversed(list(attributes.items()))))))
    assert said(out)[:3] == FIRST_TURN
    assert said(out)[-2:] == [("user", Q2), ("assistant", A2)]
    assert len(out) == 12


def test_openinference_llm_span():
    attributes = {
        "openinference.span.kind": "LLM",
        "llm.model_name": "gpt-4o",
        "llm.provider": "openai",
        "session.id": "conv-1",
        "user.id": "u-042",
        "llm.input_messages.0.message.role": "system",
        "llm.input_messages.0.message.content": SYSTEM,
        "llm.input_messages.1.message.role": "user",
        "llm.input_messages.1.message.contents.0.message_content.type": "text",
        "llm.input_messages.1.message.contents.0.message_content.text": Q1,
        "llm.output_messages.0.message.role": "assistant",
        "llm.output_messages.0.message.content": A1,
        "llm.token_count.prompt": 40,
        "llm.token_count.completion": 9,
    }
    out = convert(line(span(attributes)))
    assert said(out) == FIRST_TURN
    assert (out[-1]["model"], out[-1]["provider"], out[-1]["input_tokens"], out[-1]["output_tokens"]) == (
        "gpt-4o",
        "openai",
        40,
        9,
    )


def test_timestamps_inputs_before_span_start_and_reply_at_span_end():
    out = convert(line(semconv_span([parts("system", SYSTEM), parts("user", Q1)], [parts("assistant", A1)])))
    assert [r["timestamp"] for r in out] == [
        datetime(2026, 3, 2, 9, 15, 3, 999000),
        datetime(2026, 3, 2, 9, 15, 4),
        datetime(2026, 3, 2, 9, 15, 6, 120000),
    ]


def test_tokens_latency_model_and_provider_on_the_reply_only():
    out = convert(
        line(
            semconv_span(
                [parts("user", Q1)],
                [parts("assistant", A1)],
                **{"gen_ai.response.model": "gpt-4o-2024-08-06"},
            )
        )
    )
    question, reply = out
    assert (reply["input_tokens"], reply["output_tokens"], reply["latency_ms"]) == (812, 24, 2120.0)
    assert (reply["model"], reply["provider"]) == ("gpt-4o-2024-08-06", "openai")  # response model wins
    assert (
        question["input_tokens"],
        question["output_tokens"],
        question["latency_ms"],
        question["model"],
        question["provider"],
    ) == (None,) * 5


def test_int_value_given_as_string_or_number_is_read():
    as_string = line(semconv_span([parts("user", Q1)], [parts("assistant", A1)]))
    as_number = json.loads(json.dumps(as_string).replace('{"intValue": "812"}', '{"intValue": 812}'))
    assert '"intValue": "24"' in json.dumps(as_string)
    assert convert(as_string)[-1]["input_tokens"] == convert(as_number)[-1]["input_tokens"] == 812
    assert convert(as_string)[-1]["output_tokens"] == 24


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        (
            {
                "gen_ai.usage.input_tokens": 1,
                "gen_ai.usage.prompt_tokens": 2,
                "llm.token_count.prompt": 3,
                "gen_ai.usage.output_tokens": 4,
                "gen_ai.usage.completion_tokens": 5,
                "llm.token_count.completion": 6,
            },
            (1, 4),
        ),
        (
            {
                "gen_ai.usage.prompt_tokens": 2,
                "llm.token_count.prompt": 3,
                "gen_ai.usage.completion_tokens": 5,
                "llm.token_count.completion": 6,
            },
            (2, 5),
        ),
        ({"llm.token_count.prompt": 3, "llm.token_count.completion": 6}, (3, 6)),
        ({}, (None, None)),
    ],
)
def test_token_attribute_fallbacks(attributes, expected):
    base = {k: v for k, v in COMMON.items() if not k.startswith("gen_ai.usage.")}
    obj = line(
        span(
            {
                **base,
                **attributes,
                "gen_ai.input.messages": json.dumps([parts("user", Q1)]),
                "gen_ai.output.messages": json.dumps([parts("assistant", A1)]),
            }
        )
    )
    reply = convert(obj)[-1]
    assert (reply["input_tokens"], reply["output_tokens"]) == expected


CONVERSATION_CHAIN = [
    ("gen_ai.conversation.id", "c-genai"),
    ("session.id", "c-session"),
    ("langfuse.session.id", "c-langfuse"),
    ("traceloop.association.properties.session_id", "c-traceloop-session"),
    ("traceloop.association.properties.chat_id", "c-traceloop-chat"),
]


@pytest.mark.parametrize("present_from", range(len(CONVERSATION_CHAIN) + 1))
def test_conversation_id_precedence_chain_ends_at_the_trace_id(present_from):
    present = dict(CONVERSATION_CHAIN[present_from:])
    base = {k: v for k, v in COMMON.items() if k != "gen_ai.conversation.id"}
    obj = line(span({**base, **present, "gen_ai.input.messages": json.dumps([parts("user", Q1)])}))
    expected = CONVERSATION_CHAIN[present_from][1] if present_from < len(CONVERSATION_CHAIN) else TRACE
    assert convert(obj)[0]["conversation_id"] == expected


def test_empty_conversation_attribute_falls_through_to_the_next():
    obj = line(semconv_span([parts("user", Q1)], [], **{"gen_ai.conversation.id": "", "session.id": "s-9"}))
    assert convert(obj)[0]["conversation_id"] == "s-9"


@pytest.mark.parametrize(
    ("attributes", "resource", "expected"),
    [
        (
            {"gen_ai.agent.id": "asst_123", "gen_ai.agent.name": "hr-helper"},
            {"service.name": "hr-api"},
            "asst_123",
        ),
        ({"gen_ai.agent.name": "hr-helper"}, {"service.name": "hr-api"}, "hr-helper"),
        ({}, {"service.name": "hr-api"}, "hr-api"),
    ],
)
def test_assistant_id_falls_back_to_the_service_name(attributes, resource, expected):
    base = {k: v for k, v in COMMON.items() if k != "gen_ai.agent.name"}
    obj = line(
        span({**base, **attributes, "gen_ai.input.messages": json.dumps([parts("user", Q1)])}),
        resource=resource,
    )
    assert convert(obj)[0]["assistant_id"] == expected


def test_no_assistant_id_at_all_is_a_schema_violation():
    base = {k: v for k, v in COMMON.items() if k != "gen_ai.agent.name"}
    obj = line(span({**base, "gen_ai.input.messages": json.dumps([parts("user", Q1)])}), resource={})
    assert error(obj).reason == "schema_violation"
    assert "service.name" in error(obj).detail


@pytest.mark.parametrize(
    "key", ["user.id", "enduser.id", "langfuse.user.id", "traceloop.association.properties.user_id"]
)
def test_user_id_attributes(key):
    base = {k: v for k, v in COMMON.items() if k != "user.id"}
    obj = line(span({**base, key: "u-7", "gen_ai.input.messages": json.dumps([parts("user", Q1)])}))
    assert convert(obj)[0]["user_id"] == "u-7"


def test_chat_span_without_user_id_is_a_schema_violation_naming_the_span():
    base = {k: v for k, v in COMMON.items() if k != "user.id"}
    good = semconv_span([parts("user", Q1)], [parts("assistant", A1)])
    obj = line(
        good, span({**base, "gen_ai.input.messages": json.dumps([parts("user", Q1)])}, name="chat bad")
    )
    err = error(obj)
    assert err.reason == "schema_violation"
    assert "user.id" in err.detail and "spans[1]" in err.detail and "chat bad" in err.detail


def test_variant_and_user_properties_come_from_parley_attributes():
    obj = line(
        semconv_span(
            [parts("user", Q1)],
            [parts("assistant", A1)],
            **{"parley.variant": "B", "parley.user.department": "Finance", "parley.user.locale": "en-GB"},
        )
    )
    for r in convert(obj):
        assert r["variant"] == "B"
        assert json.loads(r["user_properties"]) == {"department": "Finance", "locale": "en-GB"}


@pytest.mark.parametrize(
    "attributes",
    [
        {"gen_ai.operation.name": "embeddings", "gen_ai.input.messages": json.dumps([parts("user", Q1)])},
        {"gen_ai.operation.name": "invoke_agent", "gen_ai.input.messages": json.dumps([parts("user", Q1)])},
        {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_balance"},
        {"http.request.method": "GET", "url.full": "https://hr.test/api"},
        {"llm.request.type": "embedding", "gen_ai.prompt.0.content": Q1},
        {"openinference.span.kind": "RETRIEVER", "llm.input_messages.0.message.content": Q1},
        {"gen_ai.operation.name": "chat"},  # content capture switched off: nothing to load
    ],
)
def test_non_chat_spans_give_no_events(attributes):
    obj = line(span({**{k: v for k, v in COMMON.items() if k != "gen_ai.operation.name"}, **attributes}))
    assert ADAPTER.to_events(obj, FileState("spans.jsonl")) == []


def test_a_line_mixing_chat_and_other_spans_gives_the_chat_span_only():
    tool = span({"gen_ai.operation.name": "execute_tool", "user.id": "u-042"}, name="execute_tool x")
    http = span({"http.request.method": "GET"}, name="GET /")
    chat = semconv_span([parts("user", Q1)], [parts("assistant", A1)])
    assert said(convert(line(tool, http, chat))) == [("user", Q1), ("assistant", A1)]


def test_an_empty_request_gives_no_events():
    assert ADAPTER.to_events({"resourceSpans": []}, FileState("x")) == []
    assert ADAPTER.to_events(line(), FileState("x")) == []


def test_repeated_history_in_later_spans_of_the_same_file_is_emitted_once():
    state = FileState("spans.jsonl")
    first = convert(
        line(semconv_span([parts("system", SYSTEM), parts("user", Q1)], [parts("assistant", A1)])), state
    )
    second_span = semconv_span(
        [parts("system", SYSTEM), parts("user", Q1), parts("assistant", A1), parts("user", Q2)],
        [parts("assistant", A2)],
    )
    second = convert(line(second_span), state)
    assert said(first) == FIRST_TURN
    assert said(second) == [("user", Q2), ("assistant", A2)]


def test_repeated_history_within_one_line_is_emitted_once():
    one = semconv_span([parts("user", Q1)], [parts("assistant", A1)])
    two = semconv_span(
        [parts("user", Q1), parts("assistant", A1), parts("user", Q2)], [parts("assistant", A2)]
    )
    assert said(convert(line(one, two))) == [("user", Q1), ("assistant", A1), ("user", Q2), ("assistant", A2)]


def test_repeated_history_across_files_has_the_same_id_and_payload_so_the_loader_counts_a_duplicate():
    file_a = convert(
        line(semconv_span([parts("system", SYSTEM), parts("user", Q1)], [parts("assistant", A1)])),
        FileState("a.jsonl"),
    )
    later = semconv_span(
        [parts("system", SYSTEM), parts("user", Q1), parts("assistant", A1), parts("user", Q2)],
        [parts("assistant", A2)],
    )
    later["startTimeUnixNano"] = str(START + 90_000_000_000)
    later["endTimeUnixNano"] = str(END + 90_000_000_000)
    file_b = convert(line(later), FileState("b.jsonl"))
    assert len(file_b) == 5
    for original, copy_ in zip(file_a, file_b[:3], strict=True):
        assert (copy_["event_id"], copy_["payload_hash"]) == (original["event_id"], original["payload_hash"])
        assert copy_["timestamp"] != original["timestamp"]


def test_the_three_encodings_of_one_conversation_share_event_ids():
    """The same history written by different instrumentations is the same messages."""
    semconv = convert(
        line(semconv_span([parts("system", SYSTEM), parts("user", Q1)], [parts("assistant", A1)]))
    )
    indexed = {
        **COMMON,
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": SYSTEM,
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": Q1,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": A1,
    }
    assert [r["event_id"] for r in convert(line(span(indexed)))] == [r["event_id"] for r in semconv]


def test_a_quarantined_line_does_not_hide_its_history_from_later_lines():
    state = FileState("spans.jsonl")
    broken = semconv_span([parts("user", Q1)], [parts("assistant", A1)])
    broken["endTimeUnixNano"] = "yesterday"
    with pytest.raises(LineError):
        ADAPTER.to_events(line(broken), state)
    assert len(convert(line(semconv_span([parts("user", Q1)], [parts("assistant", A1)])), state)) == 2


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("startTimeUnixNano", "2026-03-02T09:15:04Z"),
        ("endTimeUnixNano", "0"),
        ("startTimeUnixNano", None),
        ("endTimeUnixNano", str(START - 1)),
        ("startTimeUnixNano", "1" * 25),
    ],
)
def test_unusable_span_times_are_bad_timestamps(field, bad):
    bad_span = semconv_span([parts("user", Q1)], [parts("assistant", A1)])
    bad_span[field] = bad
    err = error(line(bad_span))
    assert err.reason == "bad_timestamp"
    assert "UnixNano" in err.detail


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        ({"resourceSpans": {"spans": []}}, "resourceSpans"),
        (
            line(semconv_span([parts("user", Q1)], [], **{"gen_ai.input.messages": "[{not json"})),
            "gen_ai.input.messages",
        ),
        (
            line(
                semconv_span(
                    [parts("user", Q1)], [], **{"gen_ai.input.messages": json.dumps({"role": "user"})}
                )
            ),
            "gen_ai.input.messages",
        ),
        (line(semconv_span([parts("narrator", Q1)], [])), "gen_ai.input.messages"),
        (
            line(
                semconv_span(
                    [parts("user", Q1)], [parts("assistant", A1)], **{"gen_ai.usage.input_tokens": -5}
                )
            ),
            "gen_ai.usage.input_tokens",
        ),
        (
            line(
                semconv_span(
                    [parts("user", Q1)], [parts("assistant", A1)], **{"gen_ai.usage.output_tokens": "lots"}
                )
            ),
            "gen_ai.usage.output_tokens",
        ),
        (
            line(
                span(
                    COMMON,
                    events=[
                        {
                            "name": "gen_ai.user.message",
                            "attributes": attrs({"gen_ai.event.content": "{oops"}),
                        }
                    ],
                )
            ),
            "gen_ai.event.content",
        ),
        (
            line({**semconv_span([parts("user", Q1)], []), "attributes": {"gen_ai.operation.name": "chat"}}),
            "attributes",
        ),
    ],
)
def test_unusable_lines_are_schema_violations_naming_the_field(obj, field):
    err = error(obj)
    assert err.reason == "schema_violation"
    assert field in err.detail


def test_example_file_parses_end_to_end():
    state = FileState(str(EXAMPLE))
    per_line = []
    out = []
    for raw in EXAMPLE.read_bytes().splitlines():
        obj = orjson.loads(raw)
        assert detect_format(obj) == "otel"
        events = ADAPTER.to_events(obj, state)
        per_line.append(len(events))
        out.extend(rows(events))
    # Counted by hand, line by line: (1) semconv JSON strings: system instructions + user + reply, beside an
    # agent span and an HTTP span; (2) structured attributes, next turn: new user + reply; (3) deprecated
    # events: system + user + choice; (4) next turn: user + choice; (5) OpenLLMetry: system + user + reply,
    # beside an embedding span; (6) next turn: user + reply; (7) no chat span; (8) OpenInference: 3.
    assert per_line == [3, 2, 3, 2, 3, 2, 0, 3]
    by_conversation = {}
    for r in out:
        by_conversation.setdefault((r["conversation_id"], r["assistant_id"], r["user_id"]), []).append(
            r["role"]
        )
    turns = ["system", "user", "assistant", "user", "assistant"]
    assert by_conversation == {
        ("conv-hr-0012", "hr-helper", "u-042"): turns,
        ("sess-8812", "it-support", "u-311"): turns,
        ("fin-5d0c77", "finance-bot", "u-108"): turns,
        ("trv-221", "travel-desk", "u-207"): turns[:3],
    }
    assert len({r["event_id"] for r in out}) == 18
    replies = [r for r in out if r["role"] == "assistant"]
    assert all(r["input_tokens"] and r["output_tokens"] and r["latency_ms"] > 0 for r in replies)
    assert [r["content"] for r in out if r["conversation_id"] == "fin-5d0c77" and r["role"] == "user"][
        -1
    ] == ("Is this invoice enough?")


def test_ids_set_once_on_the_resource_are_used_and_span_attributes_win():
    base = {k: v for k, v in COMMON.items() if k not in ("user.id", "gen_ai.conversation.id")}
    chat = span({**base, "session.id": "s-span", "gen_ai.input.messages": json.dumps([parts("user", Q1)])})
    out = convert(line(chat, resource={"service.name": "hr-api", "user.id": "u-res", "session.id": "s-res"}))
    assert (out[0]["user_id"], out[0]["conversation_id"]) == ("u-res", "s-span")
