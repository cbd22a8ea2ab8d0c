"""From raw bytes of input lines to validated event columns or quarantine reasons (pure, no I/O).

The loader reads a file in blocks of whole lines and hands each :class:`Block` to :func:`parse_block`,
possibly in a worker process. A block travels as one ``bytes`` object and comes back as one Arrow table
of event rows (plus the few quarantined lines), so nothing is pickled line by line: the loader's own
process only reads bytes, checks ids and writes Arrow buffers.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import orjson
import pyarrow as pa

from enrichment.formats import ADAPTERS, FileState, LineError, detect_format
from enrichment.formats.v1 import EVENT_COLUMNS, normalize_row

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
class Block:
    """Consecutive lines of one file starting at line ``first_line``: ``data`` holds whole lines (each
    ending in a newline, except perhaps the file's last). ``oversized`` are lines before this block that
    were over the size limit and were only hashed while being read (never held in memory)."""

    first_line: int
    data: bytes
    oversized: list[RawLine] = field(default_factory=list)


@dataclass
class ParsedChunk:
    """What a block became. ``events`` holds the event rows (EVENT_COLUMNS, source_line, source_format)
    in input order; a line's events are consecutive rows with its ``source_line``."""

    events: pa.Table | None = None
    lines_with_events: int = 0
    lines_without_events: int = 0  # valid lines that describe no conversation event (e.g. a health-check span)
    quarantine: list[tuple[int, str | None, LineError, RawLine]] = field(default_factory=list)
    formats_seen: list[str] = field(default_factory=list)


def parse_line(number: int, raw: bytes, fmt: str | None, forced: bool, state: FileState) -> tuple[str, list[tuple]]:
    """Validate line ``number`` (its bytes without the line end); return (its format, its event rows).
    Raises LineError.

    ``fmt`` is the format expected for the file (fixed by a folder setting when ``forced``); a line of
    another recognisable format is still accepted unless the format is forced.
    """
    if number == 1 and raw.startswith(_BOM):
        raw = raw[3:]
    if _NUL_ESCAPE in raw:
        raise LineError("encoding_error", "text contains a NUL character (\\u0000), which warehouses cannot "
                        "store; remove it at the source")
    try:
        obj = orjson.loads(raw)  # rejects invalid UTF-8 too; which of the two it was is told apart below
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            raise LineError("encoding_error", f"not UTF-8: byte 0x{raw[bad.start]:02x} at byte {bad.start + 1}; "
                            "re-export the file as UTF-8") from None
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


def iter_lines(block: Block, max_line_bytes: int) -> Iterator[tuple[int, bytes, RawLine | None]]:
    """(line number, bytes without the line end, None) for each non-blank line of the block, or
    (line number, b"", RawLine) for a line over ``max_line_bytes``, which keeps only its sha256."""
    for line in block.oversized:
        yield line.number, b"", line
    pieces = block.data.split(b"\n")
    ended = len(pieces) - 1  # pieces before the last were ended by a newline
    if not pieces[-1]:  # the block ends with a newline: no line after it
        pieces.pop()
    for index, raw in enumerate(pieces):
        number = block.first_line + index
        if len(raw) > max_line_bytes:
            digest = hashlib.sha256(raw.rstrip(b"\r")).hexdigest()
            yield number, b"", RawLine(number, b"", digest, len(raw) + (index < ended))
        elif raw[-1:] == b"}":  # the usual line ends its object: nothing to strip
            yield number, raw, None
        else:
            raw = raw.rstrip(b"\r")
            if raw.strip():
                yield number, raw, None


def sniff_format(block: Block, max_line_bytes: int, tries: int = 8) -> str | None:
    """The format of the first of the block's first ``tries`` lines that parses, or None."""
    state = FileState(path="")
    lines = ((number, raw) for number, raw, oversized in iter_lines(block, max_line_bytes) if oversized is None)
    for number, raw in itertools.islice(lines, tries):
        try:
            return parse_line(number, raw, None, False, state)[0]
        except LineError:
            continue
    return None


def parse_block(block: Block, fmt: str | None, forced: bool, path: str, max_line_bytes: int,
                schema: pa.Schema) -> ParsedChunk:
    """Parse one block of a file into event columns typed by ``schema`` and quarantine entries.

    ``schema`` names EVENT_COLUMNS plus ``source_line`` and ``source_format`` with their warehouse types.
    Formats detected on the way are reported in order.
    """
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of short-lived dicts, no cycles: the cyclic collector would cost a third of the time
    try:
        return _parse_block(block, fmt, forced, path, max_line_bytes, schema)
    finally:
        if gc_was_enabled:
            gc.enable()


def _parse_block(block: Block, fmt: str | None, forced: bool, path: str, max_line_bytes: int,
                 schema: pa.Schema) -> ParsedChunk:
    out = ParsedChunk()
    state = FileState(path=path)
    rows: list[tuple] = []
    numbers: list[int] = []
    formats: list[str] = []
    for number, raw, oversized in iter_lines(block, max_line_bytes):
        if oversized is not None:
            err = LineError("size_limit", f"line is {oversized.oversized_bytes} bytes; the limit is "
                            f"{max_line_bytes} (PARLEY_MAX_LINE_BYTES); only its sha256 is kept")
            out.quarantine.append((number, fmt, err, oversized))
            continue
        try:
            line_fmt, line_rows = parse_line(number, raw, fmt, forced, state)
        except LineError as err:
            out.quarantine.append((number, fmt, err, RawLine(number, raw)))
            continue
        if fmt is None:
            fmt = line_fmt
        if not out.formats_seen or out.formats_seen[-1] != line_fmt:
            out.formats_seen.append(line_fmt)
        if len(line_rows) == 1:
            rows.append(line_rows[0])
            numbers.append(number)
            formats.append(line_fmt)
        elif line_rows:
            rows.extend(line_rows)
            numbers.extend([number] * len(line_rows))
            formats.extend([line_fmt] * len(line_rows))
        else:
            out.lines_without_events += 1
            continue
        out.lines_with_events += 1
    if rows:
        columns = [pa.array(values, schema.field(name).type)
                   for name, values in zip(EVENT_COLUMNS, zip(*rows, strict=True), strict=True)]
        columns.append(pa.array(numbers, schema.field("source_line").type))
        columns.append(pa.array(formats, schema.field("source_format").type))
        out.events = pa.Table.from_arrays(columns, schema=schema)
    return out

