"""From raw bytes of input lines to validated event rows or quarantine reasons (pure, no I/O).

The loader reads files and hands chunks of lines to :func:`parse_chunk`, possibly in worker processes
(which is why this module imports nothing heavy and works on plain bytes and tuples).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson

from enrichment.formats import ADAPTERS, FileState, LineError, detect_format
from enrichment.formats.v1 import normalize_row

_NUL_ESCAPE = b"\\u0000"
_BOM = b"\xef\xbb\xbf"


@dataclass
class RawLine:
    """One non-blank input line. ``raw`` is empty when the line was over the size limit."""

    number: int
    raw: bytes
    oversized_sha256: str | None = None
    oversized_bytes: int = 0


@dataclass
class ParsedChunk:
    """What a chunk of lines became, in input order."""

    events: list[tuple[int, str, list[tuple]]] = field(default_factory=list)  # (line, format, rows)
    quarantine: list[tuple[int, str | None, LineError, RawLine]] = field(default_factory=list)
    formats_seen: list[str] = field(default_factory=list)


def parse_line(line: RawLine, fmt: str | None, forced: bool, state: FileState) -> tuple[str, list[tuple]]:
    """Validate one line; return (its format, its event rows). Raises LineError.

    ``fmt`` is the format expected for the file (fixed by a folder setting when ``forced``); a line of
    another recognisable format is still accepted unless the format is forced.
    """
    raw = line.raw
    if line.number == 1 and raw.startswith(_BOM):
        raw = raw[3:]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LineError("encoding_error", f"not UTF-8: byte 0x{raw[exc.start]:02x} at byte {exc.start + 1}; "
                        "re-export the file as UTF-8") from None
    if _NUL_ESCAPE in raw:
        raise LineError("encoding_error", "text contains a NUL character (\\u0000), which warehouses cannot "
                        "store; remove it at the source")
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise LineError("malformed_json", str(exc)) from None
    if type(obj) is not dict:
        raise LineError("malformed_json", f"expected one JSON object per line, got {type(obj).__name__}")
    adapter = ADAPTERS[fmt] if fmt else None
    if adapter is None or (not forced and not adapter.sniff(obj)):
        detected = detect_format(obj)
        if detected is None:
            keys = ", ".join(list(obj)[:8])
            raise LineError("schema_violation", "not a Parley v1 event ('event_type' missing) nor a known log "
                            f"format (OpenAI chat completion, OTLP spans); keys: {keys}")
        fmt, adapter = detected, ADAPTERS[detected]
    rows = [normalize_row(ev, ev.pop("_payload_key", None)) for ev in adapter.to_events(obj, state)]
    return fmt, rows


def parse_chunk(lines: list[RawLine], fmt: str | None, forced: bool, path: str, max_line_bytes: int) -> ParsedChunk:
    """Parse consecutive lines of one file. Formats detected on the way are reported in order."""
    out = ParsedChunk()
    state = FileState(path=path)
    for line in lines:
        if line.oversized_sha256:
            err = LineError("size_limit", f"line is {line.oversized_bytes} bytes; the limit is {max_line_bytes} "
                            "(PARLEY_MAX_LINE_BYTES); only its sha256 is kept")
            out.quarantine.append((line.number, fmt, err, line))
            continue
        try:
            line_fmt, rows = parse_line(line, fmt, forced, state)
        except LineError as err:
            out.quarantine.append((line.number, fmt, err, line))
            continue
        if line_fmt != fmt and fmt is None:
            fmt = line_fmt
        if not out.formats_seen or out.formats_seen[-1] != line_fmt:
            out.formats_seen.append(line_fmt)
        out.events.append((line.number, line_fmt, rows))
    return out
