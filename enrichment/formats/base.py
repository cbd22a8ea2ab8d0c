"""The contract every input format follows: one JSON line in, zero or more Parley v1 events out.

An adapter never touches files or the warehouse. The loader (``orchestration.ingest``) reads lines,
parses JSON, asks :func:`enrichment.formats.detect_format` (or a folder setting) which adapter to use,
calls ``adapter.to_events(obj, state)`` and then validates each returned event with
:func:`enrichment.formats.v1.normalize`. Any problem with a line is raised as :class:`LineError`
carrying one of :data:`QUARANTINE_REASONS`; the loader turns it into a ``raw.quarantine`` row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

# The only reasons a line may be quarantined for. Documented in docs/event-format.md.
QUARANTINE_REASONS = (
    "malformed_json",
    "schema_violation",
    "bad_timestamp",
    "encoding_error",
    "size_limit",
    "id_conflict",
)


class LineError(Exception):
    """A line that cannot be loaded. ``reason`` is one of QUARANTINE_REASONS; ``detail`` is for people."""

    def __init__(self, reason: str, detail: str):
        if reason not in QUARANTINE_REASONS:
            raise ValueError(f"unknown quarantine reason {reason!r}")
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail

    def __reduce__(self):  # travels back from parse worker processes
        return LineError, (self.reason, self.detail)


@dataclass
class FileState:
    """Per-file scratch space an adapter may use while one file is read top to bottom.

    Adapters whose records repeat earlier data (chat-completion requests carry the whole history) use
    ``seen`` to avoid emitting the same message twice within a file. Across files, repeated messages get
    the same deterministic ``event_id`` and payload, so the loader counts them as duplicates.
    """

    path: str
    seen: set[str] = field(default_factory=set)
    extra: dict[str, Any] = field(default_factory=dict)


class Adapter(Protocol):
    """One input format."""

    name: str  # the value stored in raw.events.source_format: "v1", "openai", "otel"

    def sniff(self, obj: dict[str, Any]) -> bool:
        """True if this parsed JSON line looks like this format."""

    def to_events(self, obj: dict[str, Any], state: FileState) -> list[dict[str, Any]]:
        """Turn one parsed line into Parley v1 event dicts (not yet validated).

        Each event must carry an ``event_id``; it should also carry ``_payload_key``: the canonical
        value whose hash decides "same payload" for de-duplication (see enrichment.formats.v1).
        Raise LineError for a line that is recognisably this format but unusable.
        """
