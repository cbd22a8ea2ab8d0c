"""OpenTelemetry GenAI spans as OTLP/JSON -> Parley v1 events (format name ``otel``).

One JSON line is one OTLP ``ExportTraceServiceRequest`` (what the OpenTelemetry Collector ``file``
exporter writes). Each chat span (``gen_ai.operation.name`` chat / generate_content / text_completion,
or no operation name but GenAI message content) gives its input messages and its reply; every other
span gives nothing. Messages are read from, in order of preference:

1. ``gen_ai.input.messages`` / ``gen_ai.output.messages`` (+ ``gen_ai.system_instructions``), as a
   JSON string or as structured ``arrayValue``/``kvlistValue`` attributes (current conventions), on the
   span or on its ``gen_ai.client.inference.operation.details`` event;
2. the deprecated span events ``gen_ai.{system,user,assistant,tool}.message`` and ``gen_ai.choice``;
3. OpenLLMetry's ``gen_ai.prompt.N.role/.content`` and ``gen_ai.completion.N.role/.content``;
4. OpenInference's ``llm.input_messages.N.message.*`` and ``llm.output_messages.N.message.*``.

The field mapping is documented in docs/formats.md. Input messages are chat history and get the same
deterministic ids as the ``openai`` adapter's (prefix ``otel-``).
"""

from __future__ import annotations

from typing import Any

import orjson

from enrichment.formats.base import FileState, LineError
from enrichment.formats.openai import (
    ROLE_MAP as _OPENAI_ROLES,
)
from enrichment.formats.openai import (
    count,
    history_event_id,
    history_key,
    text_of,
    utc_text,
    violation,
)

CHAT_OPERATIONS = frozenset({"chat", "generate_content", "text_completion"})
# First present (non-empty) wins; span attributes are looked up before resource attributes.
CONVERSATION_KEYS = (
    "gen_ai.conversation.id",
    "session.id",
    "langfuse.session.id",
    "traceloop.association.properties.session_id",
    "traceloop.association.properties.chat_id",
)
ASSISTANT_KEYS = ("gen_ai.agent.id", "gen_ai.agent.name", "service.name")
USER_KEYS = ("user.id", "enduser.id", "langfuse.user.id", "traceloop.association.properties.user_id")
PROVIDER_KEYS = ("gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system")
MODEL_KEYS = ("gen_ai.response.model", "gen_ai.request.model", "llm.model_name")
INPUT_TOKEN_KEYS = ("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt")
OUTPUT_TOKEN_KEYS = (
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens",
    "llm.token_count.completion",
)
VARIANT_KEY = "parley.variant"
USER_PROPERTY_PREFIX = "parley.user."

# Gemini calls the assistant "model".
ROLE_MAP = {**_OPENAI_ROLES, "model": "assistant"}
MESSAGE_EVENT_ROLES = {
    "gen_ai.system.message": "system",
    "gen_ai.user.message": "user",
    "gen_ai.assistant.message": "assistant",
    "gen_ai.tool.message": "tool",
}
CHOICE_EVENT = "gen_ai.choice"
DETAILS_EVENT = "gen_ai.client.inference.operation.details"
# OpenLLMetry's llm.request.type / OpenInference's span kind, when present, say what a span without
# gen_ai.operation.name is: their embedding spans also carry gen_ai.prompt.N.content.
_CHAT_REQUEST_TYPES = frozenset({"chat", "completion"})
_OPENINFERENCE_LLM_KIND = "LLM"
_MAX_UNIX_NANOS = 253_402_300_799 * 1_000_000_000  # 9999-12-31T23:59:59Z


def any_value(value: Any) -> Any:
    """Python value of an OTLP/JSON ``AnyValue`` (``intValue`` may be a string of digits)."""
    if not isinstance(value, dict):
        return value
    for kind, inner in value.items():
        if kind == "stringValue":
            return inner
        if kind == "intValue":
            try:
                return int(inner)
            except (TypeError, ValueError):
                return inner  # reported by whoever needs it as a number
        if kind == "doubleValue":
            try:
                return float(inner)
            except (TypeError, ValueError):
                return inner
        if kind == "boolValue" or kind == "bytesValue":
            return inner
        if kind == "arrayValue":
            values = inner.get("values") if isinstance(inner, dict) else None
            return [any_value(item) for item in values or ()]
        if kind == "kvlistValue":
            values = inner.get("values") if isinstance(inner, dict) else None
            return {kv.get("key"): any_value(kv.get("value")) for kv in values or () if isinstance(kv, dict)}
    return None


def attributes(items: Any, where: str = "attributes") -> dict[str, Any]:
    """An OTLP key/value list as a dict (parsed once per span)."""
    if not items:
        return {}
    if not isinstance(items, list):
        raise violation(f"'{where}' must be a list of key/value pairs, got {type(items).__name__}")
    out: dict[str, Any] = {}
    try:
        # Fast path for well-formed lists (attribute parsing is most of this adapter's cost).
        for kv in items:
            value = kv["value"]
            text = value.get("stringValue")
            out[kv["key"]] = text if text is not None else any_value(value)
        return out
    except (TypeError, KeyError, AttributeError):
        out.clear()  # something is off: the careful loop below says what
    for kv in items:
        if not isinstance(kv, dict) or not isinstance(kv.get("key"), str):
            raise violation(f"'{where}' must be a list of {{key, value}} objects")
        value = kv.get("value")
        if isinstance(value, dict):
            text = value.get("stringValue")  # the common case, without a function call
            out[kv["key"]] = text if text is not None else any_value(value)
        else:
            out[kv["key"]] = value
    return out


def _nanos(value: Any, field: str) -> int:
    if isinstance(value, str) and value.isdigit():
        nanos = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        nanos = value
    else:
        raise LineError(
            "bad_timestamp",
            f"'{field}' must be nanoseconds since the Unix epoch (digits), got {str(value)[:40]!r}",
        )
    if not 0 < nanos <= _MAX_UNIX_NANOS:
        raise LineError("bad_timestamp", f"'{field}' {nanos} is not a time between 1970 and 9999")
    return nanos


def _first(attrs: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = attrs.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise violation(f"attribute '{key}' must be a string, got {type(value).__name__}")
    return None


def _first_count(attrs: dict[str, Any], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        value = attrs.get(key)
        if value is None:
            continue
        if isinstance(value, str) and value.isdigit():
            return int(value)
        return count(value, f"attribute '{key}'")
    return None


def _role(value: Any, where: str) -> str:
    role = ROLE_MAP.get(value) if isinstance(value, str) else None
    if role is None:
        raise violation(f"{where} must be one of {', '.join(ROLE_MAP)}; got {str(value)[:40]!r}")
    return role


def _json(value: Any, where: str) -> Any:
    """Attributes holding structured data may be a JSON string or already structured."""
    if not isinstance(value, str):
        return value
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise violation(f"{where} is not valid JSON ({exc})") from None


def _semconv_messages(value: Any, key: str) -> list[tuple[str, str]]:
    """``[{"role", "parts": [{"type": "text", "content"}...]}...]`` -> [(role, text)]."""
    messages = _json(value, f"attribute '{key}'")
    if not isinstance(messages, list):
        raise violation(f"attribute '{key}' must be a list of messages, got {type(messages).__name__}")
    out = []
    for j, message in enumerate(messages):
        where = f"attribute '{key}' [{j}]"
        if not isinstance(message, dict):
            raise violation(f"{where} must be an object, got {type(message).__name__}")
        role = _role(message.get("role"), f"{where}.role")
        parts = message.get("parts")
        # Drafts before `parts` carried a plain `content`; both are read.
        out.append((role, text_of(parts if parts is not None else message.get("content"), f"{where}.parts")))
    return out


def _event_messages(events: Any) -> tuple[list[tuple[str, str]], tuple[str, str] | None] | None:
    """Messages from the deprecated per-message span events, or None when there are none."""
    if not isinstance(events, list):
        raise violation(f"'events' must be a list, got {type(events).__name__}")
    inputs: list[tuple[str, str]] = []
    output = None
    found = False
    for k, event in enumerate(events):
        if not isinstance(event, dict):
            raise violation(f"'events[{k}]' must be an object")
        name = event.get("name")
        role = MESSAGE_EVENT_ROLES.get(name) if isinstance(name, str) else None
        if role is None and name != CHOICE_EVENT:
            continue
        found = True
        where = f"event '{name}' (events[{k}])"
        event_attrs = attributes(event.get("attributes"), f"events[{k}].attributes")
        body = event_attrs.get("gen_ai.event.content")
        if body is not None:
            body = _json(body, f"{where} attribute 'gen_ai.event.content'")
            if not isinstance(body, dict):
                raise violation(f"{where} attribute 'gen_ai.event.content' must be a JSON object")
        if role is not None:
            content = body.get("content") if body is not None else event_attrs.get("content")
            inputs.append((role, text_of(content, f"{where} content")))
        elif output is None:  # n > 1 choices: the first is the reply
            if body is not None:
                message = body.get("message")
                if message is not None and not isinstance(message, dict):
                    raise violation(f"{where} 'message' must be an object")
                message = message or {}
                content, choice_role = message.get("content"), message.get("role")
            else:
                content = event_attrs.get("message.content", event_attrs.get("content"))
                choice_role = event_attrs.get("message.role")
            role = "assistant" if choice_role is None else _role(choice_role, f"{where} role")
            output = (role, text_of(content, f"{where} content"))
    return (inputs, output) if found else None


def _loose_text(value: Any, where: str) -> str:
    """OpenLLMetry writes multi-part content as a JSON string of parts; anything else is text."""
    if isinstance(value, str) and value.startswith("[{"):
        try:
            parsed = orjson.loads(value)
        except orjson.JSONDecodeError:
            return value
        if isinstance(parsed, list) and all(isinstance(p, dict) and "type" in p for p in parsed):
            return text_of(parsed, where)
        return value
    return text_of(value, where)


def _indexed_messages(attrs: dict[str, Any], prefix: str, default_role: str) -> list[tuple[str, str]]:
    """OpenLLMetry ``<prefix>N.role`` / ``<prefix>N.content`` -> [(role, text)] in index order."""
    found: dict[int, dict[str, Any]] = {}
    start = len(prefix)
    for key, value in attrs.items():
        if key.startswith(prefix):
            index, _, field = key[start:].partition(".")
            if (field == "role" or field == "content") and index.isdigit():
                found.setdefault(int(index), {})[field] = value
    out = []
    for index in sorted(found):
        slot = found[index]
        where = f"attribute '{prefix}{index}"
        role = slot.get("role")
        role = default_role if role is None else _role(role, f"{where}.role'")
        out.append((role, _loose_text(slot.get("content"), f"{where}.content'")))
    return out


_OI_CONTENTS = "message.contents."


def _openinference_messages(attrs: dict[str, Any], prefix: str, default_role: str) -> list[tuple[str, str]]:
    """OpenInference ``<prefix>N.message.role`` / ``.message.content`` / ``.message.contents.J.*``."""
    found: dict[int, dict[str, Any]] = {}
    start = len(prefix)
    for key, value in attrs.items():
        if not key.startswith(prefix):
            continue
        index, _, field = key[start:].partition(".")
        if not index.isdigit():
            continue
        slot = found.setdefault(int(index), {})
        if field == "message.role":
            slot["role"] = value
        elif field == "message.content":
            slot["content"] = value
        elif field.startswith(_OI_CONTENTS):
            part, _, sub = field[len(_OI_CONTENTS) :].partition(".")
            if sub == "message_content.text" and part.isdigit():
                slot.setdefault("parts", {})[int(part)] = value
    out = []
    for index in sorted(found):
        slot = found[index]
        where = f"attribute '{prefix}{index}.message"
        role = slot.get("role")
        role = default_role if role is None else _role(role, f"{where}.role'")
        if "content" in slot:
            text = text_of(slot["content"], f"{where}.content'")
        else:
            parts = slot.get("parts", {})
            text = "\n".join(parts[j] for j in sorted(parts) if isinstance(parts[j], str))
        out.append((role, text))
    return out


def _has_prefix(attrs: dict[str, Any], *prefixes: str) -> bool:
    return any(key.startswith(prefixes) for key in attrs)


def _semconv_attributes(attrs: dict[str, Any]) -> tuple[list[tuple[str, str]], tuple[str, str] | None] | None:
    raw_in = attrs.get("gen_ai.input.messages")
    raw_out = attrs.get("gen_ai.output.messages")
    if raw_in is None and raw_out is None:
        return None
    inputs = _semconv_messages(raw_in, "gen_ai.input.messages") if raw_in is not None else []
    outputs = _semconv_messages(raw_out, "gen_ai.output.messages") if raw_out is not None else []
    instructions = attrs.get("gen_ai.system_instructions")
    if instructions is not None:
        # Instructions given apart from the history are its first, system message.
        where = "attribute 'gen_ai.system_instructions'"
        inputs.insert(0, ("system", text_of(_json(instructions, where), where)))
    return inputs, (outputs[0] if outputs else None)


def span_messages(
    attrs: dict[str, Any], span: dict[str, Any]
) -> tuple[list[tuple[str, str]], tuple[str, str] | None] | None:
    """(input messages, reply or None) of one span as (role, text) pairs; None if it has no content."""
    found = _semconv_attributes(attrs)
    if found is not None:
        return found
    events = span.get("events")
    if events:
        if not isinstance(events, list):
            raise violation(f"'events' must be a list, got {type(events).__name__}")
        for k, event in enumerate(events):
            # The current conventions may also put the message attributes on this one event.
            if isinstance(event, dict) and event.get("name") == DETAILS_EVENT:
                found = _semconv_attributes(attributes(event.get("attributes"), f"events[{k}].attributes"))
                if found is not None:
                    return found
        found = _event_messages(events)
        if found is not None:
            return found
    if _has_prefix(attrs, "gen_ai.prompt.", "gen_ai.completion."):
        outputs = _indexed_messages(attrs, "gen_ai.completion.", "assistant")
        return _indexed_messages(attrs, "gen_ai.prompt.", "user"), (outputs[0] if outputs else None)
    if _has_prefix(attrs, "llm.input_messages.", "llm.output_messages."):
        outputs = _openinference_messages(attrs, "llm.output_messages.", "assistant")
        return (
            _openinference_messages(attrs, "llm.input_messages.", "user"),
            (outputs[0] if outputs else None),
        )
    return None


def _where(r: int, s: int, k: int, span: dict[str, Any]) -> str:
    return f"resourceSpans[{r}].scopeSpans[{s}].spans[{k}] ({str(span.get('name'))[:60]!r})"


class OtelGenAIAdapter:
    """OpenTelemetry GenAI spans, one OTLP/JSON ExportTraceServiceRequest per line."""

    name = "otel"

    def sniff(self, obj: dict[str, Any]) -> bool:
        return "resourceSpans" in obj

    def to_events(self, obj: dict[str, Any], state: FileState) -> list[dict[str, Any]]:
        resource_spans = obj.get("resourceSpans")
        if not isinstance(resource_spans, list):
            got = "it is missing" if resource_spans is None else f"got {type(resource_spans).__name__}"
            raise violation(f"'resourceSpans' must be a list of resource spans; {got}")
        events: list[dict[str, Any]] = []
        line_ids: set[str] = set()
        for r, resource_span in enumerate(resource_spans):
            if not isinstance(resource_span, dict):
                raise violation(f"'resourceSpans[{r}]' must be an object")
            resource = resource_span.get("resource") or {}
            if not isinstance(resource, dict):
                raise violation(f"'resourceSpans[{r}].resource' must be an object")
            resource_attrs = attributes(resource.get("attributes"), f"resourceSpans[{r}].resource.attributes")
            scope_spans = resource_span.get("scopeSpans") or ()
            if not isinstance(scope_spans, list | tuple):
                raise violation(f"'resourceSpans[{r}].scopeSpans' must be a list")
            for s, scope_span in enumerate(scope_spans):
                spans = scope_span.get("spans") if isinstance(scope_span, dict) else None
                if not isinstance(spans, list):
                    if spans is None and isinstance(scope_span, dict):
                        continue
                    raise violation(f"'resourceSpans[{r}].scopeSpans[{s}].spans' must be a list")
                for k, span in enumerate(spans):
                    if not isinstance(span, dict):
                        raise violation(f"'resourceSpans[{r}].scopeSpans[{s}].spans[{k}]' must be an object")
                    try:
                        self._span_events(span, resource_attrs, state.seen, line_ids, events)
                    except LineError as exc:
                        raise LineError(exc.reason, f"{_where(r, s, k, span)}: {exc.detail}") from None
                    except (TypeError, ValueError, AttributeError, KeyError) as exc:
                        # A shape no check above foresaw: quarantine the line rather than stop the load.
                        raise violation(
                            f"{_where(r, s, k, span)}: unexpected structure ({type(exc).__name__}: {exc})"
                        ) from None
        # Only a line that converted completely marks its messages as seen (see the openai adapter).
        state.seen.update(line_ids)
        return events

    def _span_events(
        self,
        span: dict[str, Any],
        resource_attrs: dict[str, Any],
        seen: set[str],
        line_ids: set[str],
        out: list[dict[str, Any]],
    ) -> None:
        attrs = attributes(span.get("attributes"))
        operation = attrs.get("gen_ai.operation.name")
        if operation is None:
            request_type = attrs.get("llm.request.type")
            if request_type is not None and (
                not isinstance(request_type, str) or request_type not in _CHAT_REQUEST_TYPES
            ):
                return
            kind = attrs.get("openinference.span.kind")
            if kind is not None and kind != _OPENINFERENCE_LLM_KIND:
                return
        elif not isinstance(operation, str) or operation not in CHAT_OPERATIONS:
            return
        found = span_messages(attrs, span)
        if found is None:
            return
        inputs, reply = found
        if not inputs and reply is None:
            return

        merged = {**resource_attrs, **attrs} if resource_attrs else attrs
        conversation_id = _first(merged, CONVERSATION_KEYS)
        if conversation_id is None:
            conversation_id = span.get("traceId")
            if not isinstance(conversation_id, str) or not conversation_id:
                raise violation(
                    "no conversation id: 'traceId' is missing and no gen_ai.conversation.id is set"
                )
        assistant_id = _first(merged, ASSISTANT_KEYS)
        if assistant_id is None:
            raise violation(
                "no assistant id: set gen_ai.agent.id, gen_ai.agent.name or resource service.name"
            )
        user_id = _first(merged, USER_KEYS)
        if user_id is None:
            raise violation("chat span without a user id: set attribute user.id (or enduser.id)")
        start = _nanos(span.get("startTimeUnixNano"), "startTimeUnixNano")
        end = _nanos(span.get("endTimeUnixNano"), "endTimeUnixNano")
        if end < start:
            raise LineError("bad_timestamp", f"'endTimeUnixNano' {end} is before 'startTimeUnixNano' {start}")

        base: dict[str, Any] = {
            "event_type": "message",
            "conversation_id": conversation_id,
            "assistant_id": assistant_id,
            "user_id": user_id,
        }
        variant = _first(merged, (VARIANT_KEY,))
        if variant is not None:
            base["variant"] = variant
        user_properties = {
            key[len(USER_PROPERTY_PREFIX) :]: value
            for key, value in merged.items()
            if key.startswith(USER_PROPERTY_PREFIX)
        }
        if user_properties:
            base["user_properties"] = user_properties

        start_us = start // 1000
        last = len(inputs) - 1
        for i, (role, content) in enumerate(inputs):
            payload_key = history_key(conversation_id, i, role, content)
            event_id = history_event_id("otel-", payload_key)
            if event_id in seen or event_id in line_ids:
                continue
            line_ids.add(event_id)
            out.append(
                {
                    **base,
                    "event_id": event_id,
                    "timestamp": utc_text(start_us - (last - i) * 1000),
                    "role": role,
                    "content": content,
                    "_payload_key": payload_key,
                }
            )
        if reply is None:
            return
        role, content = reply
        payload_key = history_key(conversation_id, len(inputs), role, content)
        event_id = history_event_id("otel-", payload_key)
        if event_id in seen or event_id in line_ids:
            return
        line_ids.add(event_id)
        event = {
            **base,
            "event_id": event_id,
            "timestamp": utc_text(end // 1000),
            "role": role,
            "content": content,
            "latency_ms": (end - start) / 1e6,
            "_payload_key": payload_key,
        }
        for field, keys in (("provider", PROVIDER_KEYS), ("model", MODEL_KEYS)):
            value = _first(merged, keys)
            if value is not None:
                event[field] = value
        input_tokens = _first_count(merged, INPUT_TOKEN_KEYS)
        if input_tokens is not None:
            event["input_tokens"] = input_tokens
        output_tokens = _first_count(merged, OUTPUT_TOKEN_KEYS)
        if output_tokens is not None:
            event["output_tokens"] = output_tokens
        out.append(event)
