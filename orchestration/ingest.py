"""Ingestion: raw log files -> ``raw.events``, ``raw.quarantine`` and ``raw.ingest_log``, losing nothing.

Every non-blank input line ends in exactly one place: loaded (at least one of its events is new),
duplicate (all its events are already loaded with the same payload), or quarantined with a reason from
``enrichment.formats.QUARANTINE_REASONS``. Each file's run writes one ``raw.ingest_log`` row whose counts
reconcile: ``lines_in = lines_loaded + lines_duplicate + lines_quarantined``.

Files are read as a stream in bounded batches (memory does not grow with file size). A file is remembered
by its size, modification time and the sha256 of the bytes already ingested: an unchanged file is
skipped, a grown file is read from where the last run stopped, a rewritten file is read again from the
start (its old events then count as duplicates). Each file is loaded in one transaction.

Parsing and validation rules live in ``enrichment.formats``; this module only moves lines and rows.
"""

from __future__ import annotations

import collections
import gzip
import hashlib
import itertools
import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa

from enrichment.formats import ADAPTERS, LineError
from enrichment.formats.lines import ParsedChunk, RawLine, parse_chunk
from enrichment.formats.v1 import EVENT_COLUMNS
from orchestration.warehouse import Warehouse, arrow_schema

DEFAULT_MAX_LINE_BYTES = 1 << 20
FORMAT_FILE = ".parley-format"
INPUT_SUFFIXES = (".jsonl", ".jsonl.gz")
BATCH_LINES = 50_000
_BATCH_COLUMNS = (*EVENT_COLUMNS, "source_line", "source_format")
_BATCH_SCHEMA = pa.schema([arrow_schema("raw.events").field(c) for c in _BATCH_COLUMNS])
PARALLEL_MIN_BYTES = 8 << 20  # below this, worker start-up (~0.3 s) costs more than it saves
CHUNK_LINES = 10_000  # lines per parse task; a batch (BATCH_LINES) is written per warehouse round trip


@dataclass
class FileResult:
    """What one run did with one file (also the raw.ingest_log row)."""

    source_file: str
    source_format: str | None = None
    skipped_unchanged: bool = False
    lines_in: int = 0
    lines_loaded: int = 0
    lines_duplicate: int = 0
    lines_quarantined: int = 0
    events_loaded: int = 0
    events_duplicate: int = 0
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)

    @property
    def reconciles(self) -> bool:
        return self.lines_in == self.lines_loaded + self.lines_duplicate + self.lines_quarantined


@dataclass
class IngestSummary:
    run_id: str
    files: list[FileResult]
    seconds: float

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def quarantined_by_reason(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            for reason, n in f.quarantined_by_reason.items():
                out[reason] = out.get(reason, 0) + n
        return dict(sorted(out.items()))

    def as_dict(self) -> dict:
        keys = ("lines_in", "lines_loaded", "lines_duplicate", "lines_quarantined", "events_loaded",
                "events_duplicate")
        return {
            "run_id": self.run_id,
            "files_read": sum(not f.skipped_unchanged for f in self.files),
            "files_unchanged": sum(f.skipped_unchanged for f in self.files),
            **{k: self.total(k) for k in keys},
            "quarantined_by_reason": self.quarantined_by_reason,
            "seconds": round(self.seconds, 3),
            "files": [asdict(f) for f in self.files],
        }


class IngestError(RuntimeError):
    """A problem with the request itself (not with a line): a missing path, a bad folder setting."""


def discover(paths: Sequence[str | Path]) -> list[Path]:
    """Input files under ``paths`` (files or folders, recursively), sorted, de-duplicated."""
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.name.endswith(INPUT_SUFFIXES) and not f.name.startswith("."):
                    found[f.resolve()] = None
        elif p.is_file():
            found[p.resolve()] = None
        else:
            raise IngestError(f"{p} does not exist: pass log files or folders (default landing folder: data/landing)")
    return list(found)


def folder_format(path: Path) -> str | None:
    """The format fixed by the nearest ``.parley-format`` file in the file's folder or its parents."""
    for folder in path.parents:
        setting = folder / FORMAT_FILE
        if setting.is_file():
            name = setting.read_text(encoding="utf-8").strip()
            if name not in ADAPTERS:
                raise IngestError(f"{setting} says {name!r}; it must hold one of: {', '.join(ADAPTERS)}")
            return name
    return None


def _open(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")  # noqa: SIM115


def _prefix_sha256(path: Path, nbytes: int) -> str:
    digest = hashlib.sha256()
    remaining = nbytes
    with _open(path) as f:
        while remaining > 0:
            chunk = f.read(min(remaining, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            remaining -= len(chunk)
    return digest.hexdigest()


def _read_lines(f: BinaryIO, first_number: int, max_bytes: int) -> Iterator[tuple[RawLine | None, int]]:
    """Yield (line or None if blank, bytes consumed), in bounded memory: an oversized line is hashed, never held."""
    number = first_number
    while True:
        raw = f.readline(max_bytes + 1)
        if not raw:
            return
        consumed = len(raw)
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            digest = hashlib.sha256(raw)
            while not raw.endswith(b"\n"):
                raw = f.readline(1 << 20)
                if not raw:
                    break
                consumed += len(raw)
                digest.update(raw.rstrip(b"\r\n") if raw.endswith(b"\n") else raw)
            yield RawLine(number, b"", digest.hexdigest(), consumed), consumed
        else:
            raw = raw.rstrip(b"\r\n")
            yield (RawLine(number, raw) if raw.strip() else None), consumed
        number += 1


class _Batch:
    """Parsed lines not yet written: their events (row tuples) and their quarantine rows."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []  # EVENT_COLUMNS values + (source_line, source_format)
        self.line_events: list[tuple[int, int, int]] = []  # (line number, first event index, n events)
        self.quarantine: list[dict] = []
        self.lines = 0

    def add_chunk(self, chunk: ParsedChunk) -> None:
        for number, fmt, rows in chunk.events:
            self.line_events.append((number, len(self.rows), len(rows)))
            self.rows.extend((*row, number, fmt) for row in rows)
        for number, fmt, err, line in chunk.quarantine:
            self.add_quarantine(number, fmt, err, line)
        self.lines += len(chunk.events)

    def add_quarantine(self, number: int, fmt: str | None, error: LineError, line: RawLine) -> None:
        if line.oversized_sha256:
            raw_text, digest = None, line.oversized_sha256
        else:
            raw_text = line.raw.decode("utf-8", errors="backslashreplace").replace("\x00", "\\x00")
            digest = hashlib.sha256(line.raw).hexdigest()
        self.quarantine.append(
            {"source_line": number, "source_format": fmt, "reason": error.reason,
             "detail": error.detail[:1000], "raw_line": raw_text, "raw_line_sha256": digest}
        )
        self.lines += 1


class FileIngestor:
    """Reads one file into the warehouse. Use :func:`ingest_paths` for a whole request."""

    def __init__(self, wh: Warehouse, path: Path, run_id: str, ingested_at: datetime, max_line_bytes: int,
                 batch_lines: int = BATCH_LINES, progress: Callable[[str, int], None] | None = None):
        self.wh, self.path, self.run_id, self.ingested_at = wh, path, run_id, ingested_at
        self.max_line_bytes, self.batch_lines, self.progress = max_line_bytes, batch_lines, progress
        self.result = FileResult(source_file=str(path))
        self.forced_format = folder_format(path)
        self.file_format: str | None = self.forced_format

    # -- deciding where to start -------------------------------------------------------------
    def _resume_point(self, size: int, mtime_ns: int) -> tuple[int, int, bool] | None:
        """(byte offset, next line number, re-read from start) or None when the file is unchanged."""
        rows = self.wh.query(
            "SELECT file_size_bytes, file_mtime_ns, bytes_end, prefix_sha256, last_line FROM raw.ingest_log "
            f"WHERE source_file = {self._p} ORDER BY finished_at DESC, bytes_end DESC LIMIT 1",
            [str(self.path)],
        )
        if not rows:
            return 0, 1, False
        last_size, last_mtime, bytes_end, prefix, last_line = rows[0]
        if last_size == size and last_mtime == mtime_ns:
            return None
        if bytes_end and _prefix_sha256(self.path, bytes_end) == prefix:
            return bytes_end, last_line + 1, False
        return 0, 1, True

    @property
    def _p(self) -> str:
        return "%s" if self.wh.dialect == "postgres" else "?"

    # -- a batch of lines --------------------------------------------------------------------
    def _flush(self, batch: _Batch, known_quarantine: set[tuple[int, str]]) -> None:
        res = self.result
        columns = dict(zip(_BATCH_COLUMNS, map(list, zip(*batch.rows, strict=True)), strict=True)) if batch.rows \
            else {c: [] for c in _BATCH_COLUMNS}
        ids = columns["event_id"]
        hashes = columns["payload_hash"]
        existing: dict[str, tuple[str, str, int]] = {}
        if ids:
            probe = pa.table({"event_id": pa.array(ids, pa.string())})
            with self.wh.staged(probe) as stage:
                for event_id, payload_hash, src, src_line in self.wh.query(
                    f"SELECT e.event_id, e.payload_hash, e.source_file, e.source_line FROM raw.events e "
                    f"WHERE e.event_id IN (SELECT event_id FROM {stage})"
                ):
                    existing[event_id] = (payload_hash, src, src_line)
        keep = [False] * len(ids)
        seen_in_batch: dict[str, tuple[str, int]] = {}
        for number, start, n in batch.line_events:
            statuses, conflict = [], None
            for i in range(start, start + n):
                event_id, payload_hash = ids[i], hashes[i]
                prior = existing.get(event_id) or (
                    (seen_in_batch[event_id][0], str(self.path), seen_in_batch[event_id][1])
                    if event_id in seen_in_batch else None
                )
                if prior is None:
                    statuses.append("new")
                elif prior[0] == payload_hash:
                    statuses.append("duplicate")
                else:
                    conflict = (event_id, prior[1], prior[2])
                    break
            if conflict:
                err = LineError("id_conflict", f"event_id {conflict[0]!r} is already loaded with a different "
                                f"payload (first from {conflict[1]} line {conflict[2]}); ids must be unique")
                batch.add_quarantine(number, columns["source_format"][start], err, self._raw_line_for(number))
                batch.lines -= 1  # the line was already counted when its events were added
                continue
            res.lines_in += 1
            if not statuses or "new" in statuses:  # a valid line with no events (e.g. only non-chat spans)
                res.lines_loaded += 1
                for offset, status in enumerate(statuses):
                    if status == "new":
                        keep[start + offset] = True
                        seen_in_batch[ids[start + offset]] = (hashes[start + offset], number)
                        res.events_loaded += 1
                    else:
                        res.events_duplicate += 1
            else:
                res.lines_duplicate += 1
                res.events_duplicate += n
        if any(keep):
            table = pa.table({n: pa.array(v, _BATCH_SCHEMA.field(n).type) for n, v in columns.items()})
            table = table.filter(pa.array(keep))
            table = table.append_column("source_file", pa.array([str(self.path)] * table.num_rows, pa.string()))
            table = table.append_column(
                "ingested_at", pa.array([self.ingested_at] * table.num_rows, pa.timestamp("us")))
            self.wh.append("raw.events", table)
        quarantine = [q for q in batch.quarantine
                      if (q["source_line"], q["raw_line_sha256"]) not in known_quarantine]
        for q in batch.quarantine:
            res.lines_in += 1
            res.lines_quarantined += 1
            res.quarantined_by_reason[q["reason"]] = res.quarantined_by_reason.get(q["reason"], 0) + 1
        if quarantine:
            n = len(quarantine)
            qt = pa.table({k: [q[k] for q in quarantine] for k in quarantine[0]})
            qt = qt.append_column("source_file", pa.array([str(self.path)] * n, pa.string()))
            qt = qt.append_column("ingested_at", pa.array([self.ingested_at] * n, pa.timestamp("us")))
            self.wh.append("raw.quarantine", qt.cast(_schema_for("raw.quarantine", qt.column_names)))

    def _raw_line_for(self, number: int) -> RawLine:
        # id conflicts are rare: re-read the one line rather than keeping every raw line in memory.
        with _open(self.path) as f:
            for line, _ in _read_lines(f, 1, self.max_line_bytes):
                if line is not None and line.number == number:
                    return line
        return RawLine(number, b"")

    def _chunks(self, f: BinaryIO, first_line: int, end: list[int]) -> Iterator[list[RawLine]]:
        """Consecutive non-blank lines in chunks; ``end`` receives [bytes consumed, last line number]."""
        chunk: list[RawLine] = []
        for line, consumed in _read_lines(f, first_line, self.max_line_bytes):
            end[0] += consumed
            end[1] += 1
            if line is None:
                continue
            chunk.append(line)
            if len(chunk) >= CHUNK_LINES:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # -- the whole file ------------------------------------------------------------------------
    def run(self, pool: ProcessPoolExecutor | None = None) -> FileResult:
        stat = self.path.stat()
        resume = self._resume_point(stat.st_size, stat.st_mtime_ns)
        if resume is None:
            self.result.skipped_unchanged = True
            return self.result
        offset, first_line, reread = resume
        known_quarantine: set[tuple[int, str]] = set()
        if reread or offset:
            known_quarantine = {
                (line, digest) for line, digest in self.wh.query(
                    f"SELECT source_line, raw_line_sha256 FROM raw.quarantine WHERE source_file = {self._p}",
                    [str(self.path)])
            }
        started = datetime.now(UTC).replace(tzinfo=None)
        end = [offset, first_line - 1]
        forced = self.forced_format is not None
        with self.wh.transaction(), _open(self.path) as f:
            f.seek(offset)
            chunks = self._chunks(f, first_line, end)
            fmt, args = self.file_format, (forced, str(self.path), self.max_line_bytes)
            if pool is None:
                parsed = (parse_chunk(c, fmt, *args) for c in chunks)
            else:
                # The expected format is fixed before fan-out; lines of another format are still detected.
                first = next(chunks, None)
                head = [] if first is None else [parse_chunk(first, fmt, *args)]
                fmt = fmt or next((c.formats_seen[0] for c in head if c.formats_seen), None)
                parsed = itertools.chain(head, _ordered_map(pool, chunks, fmt, args))
            batch = _Batch()
            for chunk in parsed:
                self.file_format = self.file_format or next(iter(chunk.formats_seen), None)
                batch.add_chunk(chunk)
                if batch.lines >= self.batch_lines:
                    self._flush(batch, known_quarantine)
                    if self.progress:
                        self.progress(str(self.path), self.result.lines_in)
                    batch = _Batch()
            self._flush(batch, known_quarantine)
            if end[0] == offset:
                return self.result  # nothing new (only metadata changed)
            self._log(stat, offset, end[0], first_line, end[1], started)
        if self.progress:
            self.progress(str(self.path), self.result.lines_in)
        return self.result

    def _log(self, stat: os.stat_result, start: int, end: int, first_line: int, last_line: int,
             started: datetime) -> None:
        r = self.result
        row = {
            "run_id": self.run_id, "source_file": str(self.path), "source_format": self.file_format,
            "file_size_bytes": stat.st_size, "file_mtime_ns": stat.st_mtime_ns, "bytes_start": start,
            "bytes_end": end, "prefix_sha256": _prefix_sha256(self.path, end), "first_line": first_line,
            "last_line": last_line, "lines_in": r.lines_in, "lines_loaded": r.lines_loaded,
            "lines_duplicate": r.lines_duplicate, "lines_quarantined": r.lines_quarantined,
            "events_loaded": r.events_loaded, "events_duplicate": r.events_duplicate,
            "started_at": started, "finished_at": datetime.now(UTC).replace(tzinfo=None),
        }
        r.source_format = self.file_format
        self.wh.append("raw.ingest_log", pa.Table.from_pylist([row], schema=arrow_schema("raw.ingest_log")))


def _ordered_map(pool: ProcessPoolExecutor, chunks: Iterator[list[RawLine]], fmt: str | None,
                 args: tuple) -> Iterator[ParsedChunk]:
    """parse_chunk over chunks in worker processes, in order, with a bounded number in flight."""
    window: collections.deque = collections.deque()
    limit = 2 * pool._max_workers
    for chunk in chunks:
        window.append(pool.submit(parse_chunk, chunk, fmt, *args))
        if len(window) >= limit:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()


def _schema_for(table: str, names: Sequence[str]) -> pa.Schema:
    full = arrow_schema(table)
    return pa.schema([full.field(n) for n in names])


def ingest_paths(
    wh: Warehouse,
    paths: Sequence[str | Path],
    *,
    max_line_bytes: int | None = None,
    progress: Callable[[str, int], None] | None = None,
    workers: int | None = None,
) -> IngestSummary:
    """Ingest every input file under ``paths`` into ``wh``. Safe to repeat: re-running changes nothing.

    Parsing runs in ``workers`` processes (default: up to 4, ``PARLEY_INGEST_WORKERS``) when the input is
    large enough to repay their start-up; rows are written by this process, in input order.
    """
    if max_line_bytes is None:
        max_line_bytes = int(os.environ.get("PARLEY_MAX_LINE_BYTES", DEFAULT_MAX_LINE_BYTES))
    started = time.perf_counter()
    run_id = uuid.uuid4().hex
    ingested_at = datetime.now(UTC).replace(tzinfo=None)
    wh.ensure_tables()
    files = discover(paths)
    if workers is None:
        workers = int(os.environ.get("PARLEY_INGEST_WORKERS", min(4, os.cpu_count() or 1)))
    big = sum(f.stat().st_size for f in files) >= PARALLEL_MIN_BYTES
    pool = None
    if workers > 1 and big:
        # spawn, not fork: the parent holds warehouse connections and their threads.
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        results = [
            FileIngestor(wh, path, run_id, ingested_at, max_line_bytes, progress=progress).run(pool)
            for path in files
        ]
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return IngestSummary(run_id=run_id, files=results, seconds=time.perf_counter() - started)
