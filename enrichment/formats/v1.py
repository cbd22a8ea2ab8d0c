"""Parley event format v1: validation and normalisation of one event into a ``raw.events`` row.

This module is the single implementation of the rules in docs/event-format.md and of the JSON Schema
shipped beside it (``parley-event-v1.schema.json``); ``tests/unit/test_event_format.py`` keeps the three
in step.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

import orjson

from enrichment.formats.base import FileState, LineError

EVENT_TYPES = ("message", "feedback", "handoff")
ROLES = ("user", "assistant", "system", "tool", "human_agent")
FEEDBACK_SCALES = ("thumbs", "1-5")

# Fields with a meaning in v1; everything else on an event is kept in the `extra` JSON column.
KNOWN_FIELDS = frozenset(
    {
        "event_type", "timestamp", "conversation_id", "assistant_id", "user_id", "event_id",
        "role", "content", "target_event_id", "feedback", "handoff",
        "model", "provider", "variant", "input_tokens", "output_tokens", "latency_ms", "cost_usd",
        "user_properties", "properties",
    }
)

# Columns of raw.events that come from the event itself, in table order. Lineage columns
# (source_file, source_line, source_format, ingested_at) are added by the loader.
EVENT_COLUMNS = (
    "event_id", "event_type", "timestamp", "conversation_id", "assistant_id", "user_id",
    "role", "content", "target_event_id", "feedback_score", "feedback_scale", "feedback_comment",
    "handoff_reason", "handoff_channel", "model", "provider", "variant",
    "input_tokens", "output_tokens", "latency_ms", "cost_usd",
    "user_properties", "properties", "extra", "payload_hash",
)



def _hash(value: Any) -> str:
    return hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]


def _json_text(value: dict[str, Any] | None) -> str | None:
    return None if value is None else orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


# ISO 8601 extended format, date and time, with a zone; the same pattern as the JSON Schema's.
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}(:?\d{2})?)")
_LOCAL_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?")


def parse_timestamp(value: Any) -> datetime:
    """ISO 8601 with a zone -> naive UTC datetime. Raises LineError('bad_timestamp')."""
    if type(value) is not str:
        raise LineError("bad_timestamp", f"timestamp must be an ISO 8601 string, got {type(value).__name__}")
    if not _TIMESTAMP.fullmatch(value):
        if _LOCAL_TIMESTAMP.fullmatch(value):
            raise LineError("bad_timestamp", f"timestamp {value[:64]!r} has no zone: add 'Z' or an offset")
        raise LineError("bad_timestamp", f"timestamp {value[:64]!r} is not ISO 8601 (YYYY-MM-DDTHH:MM:SSZ)")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise LineError("bad_timestamp", f"timestamp {value[:64]!r} is not a valid date and time") from None
    offset = parsed.utcoffset()
    if not offset:
        return parsed.replace(tzinfo=None)
    try:
        return (parsed - offset).replace(tzinfo=None)
    except OverflowError:
        raise LineError("bad_timestamp", f"timestamp {value[:64]!r} is out of range") from None


def format_timestamp(ts: datetime) -> str:
    """The canonical UTC text of a timestamp (``YYYY-MM-DDTHH:MM:SS.ffffffZ``), as used in derived ids."""
    return ts.isoformat() + ("Z" if ts.microsecond else ".000000Z")  # isoformat() drops a zero fraction


def derive_event_id(
    event_type: str,
    timestamp_utc: datetime,
    conversation_id: str,
    assistant_id: str,
    user_id: str,
    role: str | None,
    content: str | None,
    target_event_id: str | None,
) -> str:
    """Deterministic id for an event written without one (documented in docs/event-format.md)."""
    return _hash(
        [event_type, format_timestamp(timestamp_utc), conversation_id, assistant_id, user_id,
         role, content, target_event_id]
    )


def _violation(detail: str) -> LineError:
    return LineError("schema_violation", detail)


def _required_string(event: dict[str, Any], name: str) -> str:
    value = event.get(name)
    if type(value) is str and value:
        return value
    if value is None:
        raise _violation(f"required field '{name}' is missing")
    if not isinstance(value, str):
        raise _violation(f"'{name}' must be a string, got {type(value).__name__}")
    raise _violation(f"required field '{name}' is empty")


def _optional_string(event: dict[str, Any], name: str) -> str | None:
    value = event.get(name)
    if value is None or type(value) is str:
        return value
    raise _violation(f"'{name}' must be a string, got {type(value).__name__}")


def _number(event: dict[str, Any], name: str, integer: bool) -> float | int | None:
    value = event.get(name)
    if value is None:
        return None
    kind = type(value)
    if kind is not int and kind is not float:
        raise _violation(f"'{name}' must be a number, got {kind.__name__}")
    if value < 0:
        raise _violation(f"'{name}' must be >= 0, got {value}")
    if integer:
        if kind is float:
            if value != int(value):
                raise _violation(f"'{name}' must be a whole number, got {value}")
            return int(value)
        return value
    return float(value)


def _object(event: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = event.get(name)
    if value is not None and type(value) is not dict:
        raise _violation(f"'{name}' must be an object, got {type(value).__name__}")
    return value


def _message_fields(event: dict[str, Any]) -> tuple:
    role = _required_string(event, "role")
    if role not in ROLES:
        raise _violation(f"'role' must be one of {', '.join(ROLES)}; got {role[:40]!r}")
    content = event.get("content")
    if content is None:
        raise _violation("required field 'content' is missing for a message")
    if type(content) is not str:
        raise _violation(f"'content' must be a string, got {type(content).__name__}")
    return role, content, None, None, None, None, None, None


def _feedback_fields(event: dict[str, Any]) -> tuple:
    target_event_id = _required_string(event, "target_event_id")
    feedback = event.get("feedback")
    if type(feedback) is not dict:
        raise _violation("'feedback' must be an object with 'score' and 'scale'")
    scale = feedback.get("scale")
    if scale not in FEEDBACK_SCALES:
        raise _violation(f"'feedback.scale' must be one of {', '.join(FEEDBACK_SCALES)}")
    score = feedback.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise _violation("'feedback.score' must be a number")
    if scale == "thumbs" and score not in (1, -1):
        raise _violation(f"a thumbs 'feedback.score' is 1 (up) or -1 (down), got {score}")
    if scale == "1-5" and not 1 <= score <= 5:
        raise _violation(f"a 1-5 'feedback.score' is between 1 and 5, got {score}")
    comment = feedback.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise _violation("'feedback.comment' must be a string")
    return None, None, target_event_id, float(score), scale, comment, None, None


def _handoff_fields(event: dict[str, Any]) -> tuple:
    handoff = event.get("handoff")
    if handoff is None:
        handoff = {}
    if type(handoff) is not dict:
        raise _violation("'handoff' must be an object")
    for key in ("reason", "channel"):
        if handoff.get(key) is not None and not isinstance(handoff[key], str):
            raise _violation(f"'handoff.{key}' must be a string")
    return None, None, None, None, None, None, handoff.get("reason"), handoff.get("channel")


_BY_TYPE = {"message": _message_fields, "feedback": _feedback_fields, "handoff": _handoff_fields}


def normalize_row(event: Any, payload_key: Any = None) -> tuple:
    """Validate one v1 event; return its ``raw.events`` values in :data:`EVENT_COLUMNS` order.

    ``payload_key`` is what "same payload" means for de-duplication. By default it is the event with its
    timestamp normalised to UTC, so the same event re-sent with its timestamp in another zone is still a
    duplicate. Adapters whose sources repeat a message at another time (chat history) pass a narrower key.
    Raises LineError for anything docs/event-format.md rejects. (The loader's hot path: kept flat.)
    """
    if type(event) is not dict:
        raise LineError("malformed_json", f"expected a JSON object, got {type(event).__name__}")
    event_type = event.get("event_type")
    by_type = _BY_TYPE.get(event_type) if type(event_type) is str else None
    if by_type is None:
        if event_type is None:
            raise _violation("required field 'event_type' is missing")
        raise _violation(f"'event_type' must be one of {', '.join(EVENT_TYPES)}; got {str(event_type)[:40]!r}")
    raw_ts = event.get("timestamp")
    if raw_ts is None:
        raise _violation("required field 'timestamp' is missing")
    conversation_id = _required_string(event, "conversation_id")
    assistant_id = _required_string(event, "assistant_id")
    user_id = _required_string(event, "user_id")
    timestamp = parse_timestamp(raw_ts)
    typed = by_type(event)

    event_id = event.get("event_id")
    if event_id is None:
        event_id = derive_event_id(
            event_type, timestamp, conversation_id, assistant_id, user_id, typed[0], typed[1], typed[2]
        )
    elif type(event_id) is not str or not event_id:
        raise _violation("'event_id' must be a non-empty string: omit it to have one derived")
    extra_keys = None if KNOWN_FIELDS.issuperset(event) else event.keys() - KNOWN_FIELDS
    user_properties = _object(event, "user_properties")
    properties = _object(event, "properties")
    if payload_key is None:
        payload_key = dict(event, timestamp=format_timestamp(timestamp), event_id=event_id)
    return (
        event_id, event_type, timestamp, conversation_id, assistant_id, user_id, *typed,
        _optional_string(event, "model"), _optional_string(event, "provider"),
        _optional_string(event, "variant"),
        _number(event, "input_tokens", True), _number(event, "output_tokens", True),
        _number(event, "latency_ms", False), _number(event, "cost_usd", False),
        _json_text(user_properties), _json_text(properties),
        _json_text({k: event[k] for k in extra_keys}) if extra_keys else None,
        _hash(payload_key),
    )


def normalize(event: Any, payload_key: Any = None) -> dict[str, Any]:
    """:func:`normalize_row` as a dict keyed by column name (for adapters, tests and people)."""
    return dict(zip(EVENT_COLUMNS, normalize_row(event, payload_key), strict=True))


class V1Adapter:
    """Parley's own format: each line is already one event."""

    name = "v1"

    def sniff(self, obj: dict[str, Any]) -> bool:
        return "event_type" in obj

    def to_events(self, obj: dict[str, Any], state: FileState) -> list[dict[str, Any]]:
        return [obj]
