"""The OpenAI chat-completion adapter: what a user who feeds gateway logs to Parley relies on."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from enrichment.formats import ADAPTERS, FileState, LineError, detect_format, normalize
from enrichment.formats.openai import OpenAIChatAdapter

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "openai-chat-completions.jsonl"
ADAPTER = OpenAIChatAdapter()

SYSTEM = {"role": "system", "content": "You are the HR helper."}
Q1 = {"role": "user", "content": "How many vacation days do I have?"}
A1 = {"role": "assistant", "content": "You have 12 days left."}
Q2 = {"role": "user", "content": "Can I carry them over?"}
A2 = {"role": "assistant", "content": "Up to 5 days."}


def request(messages, reply, *, created=1772442906, latency_ms=2120, metadata=None, **extra):
    """One logged request/response line (the spec's example, with its parts replaceable)."""
    line = {
        "id": "chatcmpl-7f3a",
        "object": "chat.completion",
        "created": created,
        "model": "gpt-4o-mini",
        "messages": messages,
        "choices": [{"index": 0, "message": reply, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 812, "completion_tokens": 24, "total_tokens": 836},
        "user": "u-042",
        "metadata": metadata
        if metadata is not None
        else {
            "conversation_id": "c-1",
            "assistant_id": "hr-helper",
            "variant": "B",
            "department": "Finance",
            "locale": "en-GB",
            "channel": "teams",
        },
    }
    if latency_ms is not None:
        line["latency_ms"] = latency_ms
    line.update(extra)
    return line


def rows(events):
    """Normalise events as the loader does (pop the payload key, validate)."""
    out = []
    for event in events:
        event = dict(event)
        key = event.pop("_payload_key")
        out.append(normalize(event, payload_key=key))
    return out


def convert(line, state=None):
    return rows(ADAPTER.to_events(line, state or FileState("test.jsonl")))


def violation(line, state=None) -> LineError:
    with pytest.raises(LineError) as info:
        ADAPTER.to_events(line, state or FileState("test.jsonl"))
    return info.value


def test_openai_lines_are_detected_and_other_formats_are_not_mistaken_for_them():
    assert detect_format(request([SYSTEM, Q1], A1)) == "openai"
    assert detect_format({"event_type": "message", "messages": [], "choices": []}) == "v1"
    assert detect_format({"resourceSpans": []}) == "otel"
    assert detect_format({"messages": []}) is None
    assert list(ADAPTERS) == ["v1", "openai", "otel"]


def test_first_request_gives_history_then_reply_in_order():
    out = convert(request([SYSTEM, Q1], A1))
    assert [(r["role"], r["content"]) for r in out] == [
        ("system", "You are the HR helper."),
        ("user", "How many vacation days do I have?"),
        ("assistant", "You have 12 days left."),
    ]
    assert {(r["conversation_id"], r["assistant_id"], r["user_id"]) for r in out} == {
        ("c-1", "hr-helper", "u-042")
    }


def test_timestamps_are_utc_reply_at_created_and_history_before_the_latency():
    out = convert(request([SYSTEM, Q1], A1, created=1772442906, latency_ms=2120))
    # 1772442906 = 2026-03-02T09:15:06Z; the request went out 2.12 s earlier; history 1 ms apart.
    assert [r["timestamp"] for r in out] == [
        datetime(2026, 3, 2, 9, 15, 3, 879000),
        datetime(2026, 3, 2, 9, 15, 3, 880000),
        datetime(2026, 3, 2, 9, 15, 6),
    ]


def test_without_latency_the_request_is_dated_at_created():
    out = convert(request([SYSTEM, Q1], A1, created=1772442906, latency_ms=None))
    assert [r["timestamp"].isoformat() for r in out] == [
        "2026-03-02T09:15:05.999000",
        "2026-03-02T09:15:06",
        "2026-03-02T09:15:06",
    ]


def test_fractional_created_keeps_its_milliseconds():
    out = convert(request([Q1], A1, created=1772442906.25, latency_ms=None))
    assert out[-1]["timestamp"] == datetime(2026, 3, 2, 9, 15, 6, 250000)


def test_repeated_history_in_the_same_file_is_emitted_once():
    state = FileState("log.jsonl")
    first = convert(request([SYSTEM, Q1], A1), state)
    second = convert(request([SYSTEM, Q1, A1, Q2], A2, created=1772443010), state)
    assert len(first) == 3
    assert [(r["role"], r["content"]) for r in second] == [
        ("user", Q2["content"]),
        ("assistant", A2["content"]),
    ]
    all_ids = [r["event_id"] for r in first + second]
    assert len(set(all_ids)) == 5


def test_repeated_history_across_files_has_the_same_id_and_payload_so_the_loader_counts_a_duplicate():
    file_a = convert(request([SYSTEM, Q1], A1), FileState("a.jsonl"))
    # A second file holds only the later request: its history copies carry other timestamps.
    file_b = convert(
        request([SYSTEM, Q1, A1, Q2], A2, created=1772443010, latency_ms=900), FileState("b.jsonl")
    )
    assert len(file_b) == 5
    for original, copy_ in zip(file_a, file_b[:3], strict=True):
        assert copy_["event_id"] == original["event_id"]
        assert copy_["payload_hash"] == original["payload_hash"]
        assert copy_["timestamp"] != original["timestamp"]
    assert file_b[3]["event_id"] not in {r["event_id"] for r in file_a}


def test_event_id_follows_the_documented_recipe():
    out = convert(request([SYSTEM, {"role": "user", "content": "Où sont mes congés ?"}], A1))
    recipe = json.dumps(["c-1", 1, "user", "Où sont mes congés ?"], separators=(",", ":"), ensure_ascii=False)
    assert out[1]["event_id"] == "oai-" + hashlib.sha256(recipe.encode()).hexdigest()[:24]


def test_same_text_in_another_conversation_is_another_message():
    other = {"conversation_id": "c-2", "assistant_id": "hr-helper"}
    state = FileState("log.jsonl")
    first = convert(request([SYSTEM, Q1], A1), state)
    second = convert(request([SYSTEM, Q1], A1, metadata=other), state)
    assert len(second) == 3
    assert not {r["event_id"] for r in first} & {r["event_id"] for r in second}


def test_tokens_latency_model_and_provider_are_on_the_reply_only():
    out = convert(request([SYSTEM, Q1], A1))
    *history, reply = out
    assert (reply["input_tokens"], reply["output_tokens"], reply["latency_ms"]) == (812, 24, 2120.0)
    assert (reply["model"], reply["provider"]) == ("gpt-4o-mini", "openai")
    for r in history:
        assert (r["input_tokens"], r["output_tokens"], r["latency_ms"], r["model"], r["provider"]) == (
            None,
        ) * 5


def test_metadata_provider_overrides_the_default():
    metadata = {"conversation_id": "c-1", "assistant_id": "hr-helper", "provider": "azure.ai.openai"}
    assert convert(request([Q1], A1, metadata=metadata))[-1]["provider"] == "azure.ai.openai"


def test_metadata_maps_to_variant_user_properties_and_properties():
    metadata = {
        "conversation_id": "c-1",
        "assistant_id": "hr-helper",
        "variant": "B",
        "department": "Finance",
        "region": "EMEA",
        "country": "GB",
        "locale": "en-GB",
        "job_role": "analyst",
        "channel": "teams",
        "app_version": "3.4.1",
    }
    for r in convert(request([Q1], A1, metadata=metadata)):
        assert r["variant"] == "B"
        assert json.loads(r["user_properties"]) == {
            "department": "Finance",
            "region": "EMEA",
            "country": "GB",
            "locale": "en-GB",
            "job_role": "analyst",
        }
        assert json.loads(r["properties"]) == {"channel": "teams", "app_version": "3.4.1"}


def test_minimal_metadata_gives_no_property_objects():
    out = convert(request([Q1], A1, metadata={"conversation_id": "c-1", "assistant_id": "hr-helper"}))
    assert {(r["variant"], r["user_properties"], r["properties"]) for r in out} == {(None, None, None)}


def test_content_as_list_of_parts_joins_the_texts_and_ignores_images():
    parts = [
        {"type": "text", "text": "Here is my payslip."},
        {"type": "image_url", "image_url": {"url": "https://example.test/p.png"}},
        {"type": "text", "text": "Is the tax right?"},
    ]
    reply = {"role": "assistant", "content": [{"type": "text", "text": "Yes."}]}
    out = convert(request([{"role": "user", "content": parts}], reply))
    assert [r["content"] for r in out] == ["Here is my payslip.\nIs the tax right?", "Yes."]


def test_roles_developer_and_function_map_to_system_and_tool():
    messages = [
        {"role": "developer", "content": "Be brief."},
        Q1,
        {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function"}]},
        {"role": "function", "name": "get_balance", "content": "12"},
    ]
    out = convert(request(messages, A1))
    assert [r["role"] for r in out] == ["system", "user", "assistant", "tool", "assistant"]
    assert out[2]["content"] == ""  # a tool-call step has no text


def test_tool_call_reply_repeated_as_history_with_null_content_is_not_duplicated():
    call = {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function"}]}
    state = FileState("log.jsonl")
    first = convert(request([Q1], call), state)
    second = convert(
        request([Q1, call, {"role": "tool", "tool_call_id": "call_1", "content": "12"}], A1), state
    )
    assert [r["role"] for r in first] == ["user", "assistant"]
    assert [r["role"] for r in second] == ["tool", "assistant"]


def test_refusal_is_the_text_of_a_refused_reply():
    reply = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
    assert convert(request([Q1], reply))[-1]["content"] == "I can't help with that."


def test_a_line_without_choices_gives_its_history_only():
    line = request([SYSTEM, Q1], A1)
    line["choices"] = []
    assert [r["role"] for r in convert(line)] == ["system", "user"]


def test_safety_identifier_is_the_user_when_user_is_absent():
    line = request([Q1], A1)
    del line["user"]
    line["safety_identifier"] = "u-sid-9"
    assert {r["user_id"] for r in convert(line)} == {"u-sid-9"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda line: line["metadata"].pop("conversation_id"), "metadata.conversation_id"),
        (lambda line: line["metadata"].pop("assistant_id"), "metadata.assistant_id"),
        (lambda line: line["metadata"].update(conversation_id=""), "metadata.conversation_id"),
        (lambda line: line["metadata"].update(conversation_id=17), "metadata.conversation_id"),
        (lambda line: line.pop("metadata"), "metadata"),
        (lambda line: line.update(metadata="c-1"), "metadata"),
        (lambda line: line.pop("user"), "user"),
        (lambda line: line.update(messages={"role": "user"}), "messages"),
        (lambda line: line["messages"].append("hello"), "messages[2]"),
        (lambda line: line["messages"].append({"role": "narrator", "content": "x"}), "messages[2].role"),
        (lambda line: line["messages"].append({"role": ["user"], "content": "x"}), "messages[2].role"),
        (lambda line: line["messages"].append({"role": "user", "content": 5}), "messages[2].content"),
        (lambda line: line.update(choices={}), "choices"),
        (lambda line: line["choices"][0].pop("message"), "choices[0].message"),
        (lambda line: line["usage"].update(prompt_tokens=-3), "usage.prompt_tokens"),
        (lambda line: line["usage"].update(completion_tokens="24"), "usage.completion_tokens"),
        (lambda line: line.update(latency_ms=-1), "latency_ms"),
        (lambda line: line.update(model=4), "model"),
        (lambda line: line.pop("created"), "created"),
    ],
)
def test_unusable_lines_are_schema_violations_naming_the_field(change, field):
    line = request([SYSTEM, Q1], A1)
    change(line)
    error = violation(line)
    assert error.reason == "schema_violation"
    assert field in error.detail


@pytest.mark.parametrize("created", ["1772442906", "2026-03-02T09:15:06Z", True, 0, -5, 1772442906000])
def test_unusable_created_is_a_bad_timestamp(created):
    error = violation(request([Q1], A1, created=created))
    assert error.reason == "bad_timestamp"
    assert "created" in error.detail


def test_a_quarantined_line_does_not_hide_its_history_from_later_lines():
    state = FileState("log.jsonl")
    broken = request([SYSTEM, Q1], A1)
    broken["messages"].append({"role": "narrator", "content": "x"})
    violation(broken, state)
    later = convert(request([SYSTEM, Q1, A1, Q2], A2), state)
    assert [r["role"] for r in later] == ["system", "user", "assistant", "user", "assistant"]


def test_the_input_line_is_not_modified():
    line = request([SYSTEM, Q1], A1)
    before = copy.deepcopy(line)
    ADAPTER.to_events(line, FileState("x"))
    assert line == before


def test_example_file_parses_end_to_end():
    state = FileState(str(EXAMPLE))
    per_line = []
    out = []
    for raw in EXAMPLE.read_bytes().splitlines():
        obj = orjson.loads(raw)
        assert detect_format(obj) == "openai"
        events = ADAPTER.to_events(obj, state)
        per_line.append(len(events))
        out.extend(rows(events))
    # Counted by hand: first requests give system + user + reply (3), later ones the new user
    # message (or tool result) + reply (2).
    assert per_line == [3, 3, 2, 2, 2, 3, 2]
    by_conversation = {}
    for r in out:
        by_conversation.setdefault(r["conversation_id"], []).append(r["role"])
    assert by_conversation == {
        "c-7f3a91": ["system", "user", "assistant", "user", "assistant", "user", "assistant"],
        "c-19b2e4": ["system", "user", "assistant", "user", "assistant"],
        "c-5d0c77": ["system", "user", "assistant", "tool", "assistant"],
    }
    assert len({r["event_id"] for r in out}) == 17
    for messages in by_conversation:
        times = [r["timestamp"] for r in out if r["conversation_id"] == messages]
        assert times == sorted(times)
