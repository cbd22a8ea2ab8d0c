"""OpenAI-style chat-completion logs -> Parley v1 events (format name ``openai``).

One JSON line is one request/response pair as API gateways and "stored completions" log it:
``messages`` (the whole history sent with the request), ``choices[0].message`` (the reply), ``usage``,
``user``, ``metadata`` and ``created``. The mapping is documented in docs/formats.md.

This module also owns the helpers both foreign adapters use to give a message that is repeated in
later requests (chat history) one deterministic ``event_id`` and payload key, so the same message is
emitted once per file and counted as a duplicate across files.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

import orjson

from enrichment.formats.base import FileState, LineError

_EPOCH = datetime(1970, 1, 1)
# Latest `created` accepted: 9999-12-31T23:59:59Z. Larger values are almost always milliseconds
# written where seconds belong; Parley rejects them instead of guessing the unit.
_MAX_UNIX_SECONDS = 253_402_300_799

ROLE_MAP = {
    "system": "system",
    "developer": "system",  # OpenAI's newer name for system instructions
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
    "function": "tool",  # legacy function-calling results
}
# Part types whose text is kept: chat completions use "text", the Responses API input/output_text.
TEXT_PART_TYPES = frozenset({"text", "input_text", "output_text"})
USER_PROPERTY_KEYS = frozenset({"department", "region", "country", "locale", "job_role"})
_MAPPED_METADATA = frozenset({"conversation_id", "assistant_id", "variant", "provider"})
DEFAULT_PROVIDER = "openai"


def violation(detail: str) -> LineError:
    """A schema_violation LineError (shared by the foreign adapters)."""
    return LineError("schema_violation", detail)


def history_key(conversation_id: str, index: int, role: str, content: str) -> list[Any]:
    """The payload key of a history message: what makes two copies of it "the same message"."""
    return [conversation_id, index, role, content]


def history_event_id(prefix: str, key: list[Any]) -> str:
    """``prefix`` + first 24 hex characters of sha256 of the compact JSON of ``key``.

    The timestamp is not part of it: a message repeated as history in a later request is the same
    event even though its derived time differs.
    """
    return prefix + hashlib.sha256(orjson.dumps(key)).hexdigest()[:24]


def utc_text(microseconds: int) -> str:
    """ISO 8601 UTC text (``...Z``) of a count of microseconds since the Unix epoch."""
    return (_EPOCH + timedelta(microseconds=microseconds)).isoformat(timespec="microseconds") + "Z"


def text_of(content: Any, where: str) -> str:
    """Text of a message ``content``: a string, None (-> ""), or a list of parts whose texts are joined.

    A text part is ``{"type": "text", "text": ...}`` (OpenAI) or ``{"type": "text", "content": ...}``
    (OpenTelemetry GenAI); texts are joined with a newline, other parts (images, audio, tool calls)
    are ignored.
    """
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, dict) and part.get("type") in TEXT_PART_TYPES:
                text = part.get("text")
                if text is None:
                    text = part.get("content")
                if isinstance(text, str):
                    texts.append(text)
        return "\n".join(texts)
    raise violation(f"{where} must be a string or a list of content parts, got {type(content).__name__}")


def count(value: Any, where: str) -> int | None:
    """A token count: None, or a whole number >= 0 (a float like 24.0 is accepted)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != int(value):
        raise violation(f"{where} must be a whole number >= 0, got {str(value)[:40]!r}")
    return int(value)


def _required_id(container: dict[str, Any], key: str, where: str) -> str:
    value = container.get(key)
    if value is None or value == "":
        raise violation(f"{where} is missing")
    if not isinstance(value, str):
        raise violation(f"{where} must be a string, got {type(value).__name__}")
    return value


def _optional_str(container: dict[str, Any], key: str, where: str) -> str | None:
    value = container.get(key)
    if value is not None and not isinstance(value, str):
        raise violation(f"{where} must be a string, got {type(value).__name__}")
    return value


def _message_text(message: dict[str, Any], where: str) -> str:
    text = text_of(message.get("content"), f"'{where}.content'")
    if not text:
        # A refused answer has no content, only `refusal`; it is what the user saw.
        refusal = message.get("refusal")
        if isinstance(refusal, str):
            return refusal
    return text


class OpenAIChatAdapter:
    """OpenAI-style chat-completion request/response logs (one pair per line)."""

    name = "openai"

    def sniff(self, obj: dict[str, Any]) -> bool:
        return "choices" in obj and "messages" in obj

    def to_events(self, obj: dict[str, Any], state: FileState) -> list[dict[str, Any]]:
        try:
            return self._convert(obj, state)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            # A shape no check foresaw: quarantine the line rather than stop the load.
            raise violation(f"unexpected structure ({type(exc).__name__}: {exc})") from None

    def _convert(self, obj: dict[str, Any], state: FileState) -> list[dict[str, Any]]:
        messages = obj.get("messages")
        if not isinstance(messages, list):
            got = "it is missing" if messages is None else f"got {type(messages).__name__}"
            raise violation(f"'messages' must be a list of messages; {got}")
        choices = obj.get("choices")
        if not isinstance(choices, list):
            raise violation(f"'choices' must be a list, got {type(choices).__name__}")
        reply = None
        if choices:
            first = choices[0]
            reply = first.get("message") if isinstance(first, dict) else None
            if not isinstance(reply, dict):
                raise violation("'choices[0].message' must be an object (the assistant reply)")

        metadata = obj.get("metadata")
        if metadata is None:
            raise violation(
                "'metadata' is missing: metadata.conversation_id and metadata.assistant_id are required"
            )
        if not isinstance(metadata, dict):
            raise violation(f"'metadata' must be an object, got {type(metadata).__name__}")
        conversation_id = _required_id(metadata, "conversation_id", "'metadata.conversation_id'")
        assistant_id = _required_id(metadata, "assistant_id", "'metadata.assistant_id'")
        # `user` is the long-standing field; OpenAI's 2025 API replaced it with `safety_identifier`.
        key = "user" if obj.get("user") not in (None, "") else "safety_identifier"
        user_id = _required_id(obj, key, "'user' (the end-user id)")
        variant = _optional_str(metadata, "variant", "'metadata.variant'")
        provider = _optional_str(metadata, "provider", "'metadata.provider'") or DEFAULT_PROVIDER
        model = _optional_str(obj, "model", "'model'")

        created = obj.get("created")
        if created is None:
            raise violation("'created' (unix seconds of the response) is missing")
        if isinstance(created, bool) or not isinstance(created, int | float):
            raise LineError(
                "bad_timestamp", f"'created' must be unix seconds (a number), got {str(created)[:40]!r}"
            )
        if not 0 < created <= _MAX_UNIX_SECONDS:
            raise LineError(
                "bad_timestamp",
                f"'created' {created} is not unix seconds between 1970 and 9999 (milliseconds?)",
            )
        latency_ms = obj.get("latency_ms")
        if latency_ms is not None and (
            isinstance(latency_ms, bool) or not isinstance(latency_ms, int | float) or not latency_ms >= 0
        ):
            raise violation(f"'latency_ms' must be a number >= 0, got {str(latency_ms)[:40]!r}")
        usage = obj.get("usage")
        if usage is not None and not isinstance(usage, dict):
            raise violation(f"'usage' must be an object, got {type(usage).__name__}")
        usage = usage or {}
        input_tokens = count(usage.get("prompt_tokens"), "'usage.prompt_tokens'")
        output_tokens = count(usage.get("completion_tokens"), "'usage.completion_tokens'")

        base: dict[str, Any] = {
            "event_type": "message",
            "conversation_id": conversation_id,
            "assistant_id": assistant_id,
            "user_id": user_id,
        }
        if variant is not None:
            base["variant"] = variant
        user_properties = {k: v for k, v in metadata.items() if k in USER_PROPERTY_KEYS}
        properties = {
            k: v for k, v in metadata.items() if k not in USER_PROPERTY_KEYS and k not in _MAPPED_METADATA
        }
        if user_properties:
            base["user_properties"] = user_properties
        if properties:
            base["properties"] = properties

        seen = state.seen
        events: list[dict[str, Any]] = []
        last = len(messages) - 1
        try:
            created_us = created * 1_000_000 if isinstance(created, int) else round(created * 1_000_000)
            request_us = created_us - round((latency_ms or 0) * 1000)
            for i, message in enumerate(messages):
                if not isinstance(message, dict):
                    raise violation(f"'messages[{i}]' must be an object, got {type(message).__name__}")
                raw_role = message.get("role")
                role = ROLE_MAP.get(raw_role) if isinstance(raw_role, str) else None
                if role is None:
                    raise violation(
                        f"'messages[{i}].role' must be one of {', '.join(ROLE_MAP)}; "
                        f"got {str(raw_role)[:40]!r}"
                    )
                content = _message_text(message, f"messages[{i}]")
                payload_key = history_key(conversation_id, i, role, content)
                event_id = history_event_id("oai-", payload_key)
                if event_id in seen:
                    continue
                # History keeps its order: each earlier message is one millisecond before the next.
                events.append(
                    {
                        **base,
                        "event_id": event_id,
                        "timestamp": utc_text(request_us - (last - i) * 1000),
                        "role": role,
                        "content": content,
                        "_payload_key": payload_key,
                    }
                )
            if reply is not None:
                content = _message_text(reply, "choices[0].message")
                payload_key = history_key(conversation_id, len(messages), "assistant", content)
                event_id = history_event_id("oai-", payload_key)
                if event_id not in seen:
                    event = {
                        **base,
                        "event_id": event_id,
                        "timestamp": utc_text(created_us),
                        "role": "assistant",
                        "content": content,
                        "provider": provider,
                        "_payload_key": payload_key,
                    }
                    if model is not None:
                        event["model"] = model
                    if input_tokens is not None:
                        event["input_tokens"] = input_tokens
                    if output_tokens is not None:
                        event["output_tokens"] = output_tokens
                    if latency_ms is not None:
                        event["latency_ms"] = latency_ms
                    events.append(event)
        except OverflowError:
            raise LineError(
                "bad_timestamp", f"'created' {created} minus 'latency_ms' {latency_ms} is before year 1"
            ) from None
        # Only a line that converted completely marks its messages as seen: a quarantined line must
        # not hide its history from the next request of the conversation.
        seen.update(event["event_id"] for event in events)
        return events
