"""Parley event format v1: the validator, the shipped JSON Schema and docs/event-format.md say the same thing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

from enrichment.formats import QUARANTINE_REASONS, LineError
from enrichment.formats.v1 import normalize

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "enrichment" / "formats" / "parley-event-v1.schema.json").read_text())
DOC = (ROOT / "docs" / "event-format.md").read_text()

BASE = {"event_type": "message", "timestamp": "2026-03-02T09:15:04Z", "conversation_id": "c-1",
        "assistant_id": "hr-helper", "user_id": "u-1", "role": "user", "content": "hi"}
FEEDBACK = {**{k: v for k, v in BASE.items() if k not in ("role", "content")}, "event_type": "feedback",
            "target_event_id": "m-1", "feedback": {"score": -1, "scale": "thumbs"}}
HANDOFF = {**{k: v for k, v in BASE.items() if k not in ("role", "content")}, "event_type": "handoff",
           "handoff": {"reason": "user_request"}}


def without(event: dict, key: str) -> dict:
    return {k: v for k, v in event.items() if k != key}


# (case name, event, reason the loader gives or None when valid)
CASES = [
    ("message", BASE, None),
    ("feedback", FEEDBACK, None),
    ("handoff", HANDOFF, None),
    ("handoff without details", without(HANDOFF, "handoff"), None),
    ("offset timestamp", {**BASE, "timestamp": "2026-03-02T10:15:04.5+01:00"}, None),
    ("nanosecond timestamp", {**BASE, "timestamp": "2026-03-02T09:15:04.123456789Z"}, None),
    ("unknown fields kept", {**BASE, "trace_id": "abc", "nested": {"a": [1]}}, None),
    ("all optional fields", {**BASE, "event_id": "x", "model": "gpt-4o", "provider": "openai", "variant": "B",
                             "input_tokens": 10, "output_tokens": 2, "latency_ms": 12.5, "cost_usd": 0.001,
                             "user_properties": {"department": "HR"}, "properties": {"channel": "web"}}, None),
    ("empty content", {**BASE, "content": ""}, None),
    ("1-5 feedback", {**FEEDBACK, "feedback": {"score": 4, "scale": "1-5", "comment": "ok"}}, None),
    ("missing event_type", without(BASE, "event_type"), "schema_violation"),
    ("unknown event_type", {**BASE, "event_type": "click"}, "schema_violation"),
    ("missing user_id", without(BASE, "user_id"), "schema_violation"),
    ("empty assistant_id", {**BASE, "assistant_id": ""}, "schema_violation"),
    ("numeric conversation_id", {**BASE, "conversation_id": 12}, "schema_violation"),
    ("message without role", without(BASE, "role"), "schema_violation"),
    ("message without content", without(BASE, "content"), "schema_violation"),
    ("role outside its set", {**BASE, "role": "bot"}, "schema_violation"),
    ("feedback without target", without(FEEDBACK, "target_event_id"), "schema_violation"),
    ("thumbs score of 3", {**FEEDBACK, "feedback": {"score": 3, "scale": "thumbs"}}, "schema_violation"),
    ("1-5 score of 0", {**FEEDBACK, "feedback": {"score": 0, "scale": "1-5"}}, "schema_violation"),
    ("unknown scale", {**FEEDBACK, "feedback": {"score": 1, "scale": "stars"}}, "schema_violation"),
    ("negative tokens", {**BASE, "input_tokens": -1}, "schema_violation"),
    ("fractional tokens", {**BASE, "output_tokens": 2.5}, "schema_violation"),
    ("string latency", {**BASE, "latency_ms": "12"}, "schema_violation"),
    ("properties not an object", {**BASE, "properties": ["web"]}, "schema_violation"),
    ("empty event_id", {**BASE, "event_id": ""}, "schema_violation"),
    ("missing timestamp", without(BASE, "timestamp"), "schema_violation"),
    ("timestamp without zone", {**BASE, "timestamp": "2026-03-02T09:15:04"}, "bad_timestamp"),
    ("date only", {**BASE, "timestamp": "2026-03-02"}, "bad_timestamp"),
    ("words", {**BASE, "timestamp": "yesterday"}, "bad_timestamp"),
    ("epoch number", {**BASE, "timestamp": 1772442904}, "bad_timestamp"),
]


@pytest.mark.parametrize(("name", "event", "reason"), CASES, ids=[c[0] for c in CASES])
def test_loader_and_json_schema_agree(name, event, reason):
    schema_errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(event))
    if reason is None:
        normalize(event)
        assert schema_errors == []
    else:
        with pytest.raises(LineError) as caught:
            normalize(event)
        assert caught.value.reason == reason
        assert schema_errors, f"the JSON Schema accepts {name!r}, which the loader rejects"


def test_timestamps_are_stored_in_utc():
    row = normalize({**BASE, "timestamp": "2026-03-29T02:30:00+02:00"})
    assert row["timestamp"].isoformat() == "2026-03-29T00:30:00"


def test_calendar_nonsense_is_a_bad_timestamp():
    with pytest.raises(LineError, match="not a valid date"):
        normalize({**BASE, "timestamp": "2026-02-30T09:00:00Z"})


def test_derived_event_id_follows_the_documented_formula():
    expected_input = json.dumps(
        ["message", "2026-03-02T09:15:04.000000Z", "c-1", "hr-helper", "u-1", "user", "hi", None],
        separators=(",", ":"),
    )
    assert normalize(BASE)["event_id"] == hashlib.sha256(expected_input.encode()).hexdigest()[:32]


def test_payload_hash_ignores_key_order_and_zone_but_not_content():
    a = normalize(BASE)
    b = normalize(dict(reversed(list({**BASE, "timestamp": "2026-03-02T10:15:04+01:00"}.items()))))
    c = normalize({**BASE, "content": "hi!"})
    assert a["payload_hash"] == b["payload_hash"] != c["payload_hash"]


def test_docs_name_every_reason_and_every_field():
    for reason in QUARANTINE_REASONS:
        assert f"`{reason}`" in DOC
    for field in SCHEMA["properties"]:
        assert f"`{field}`" in DOC
