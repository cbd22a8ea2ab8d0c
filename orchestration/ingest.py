"""Ingestion: raw log files -> ``raw.events``, ``raw.quarantine`` and ``raw.ingest_log``, losing nothing.

Every non-blank input line ends in exactly one place: loaded (at least one of its events is new),
duplicate (all its events are already loaded with the same payload), or quarantined with a reason from
``enrichment.formats.QUARANTINE_REASONS``. Each file's run writes one ``raw.ingest_log`` row whose counts
reconcile: ``lines_in = lines_loaded + lines_duplicate + lines_quarantined``.

Files are read as a stream in bounded batches (memory does not grow with file size). A file is remembered
by its size, modification time and the sha256 of the bytes already ingested: an unchanged file is
skipped, a grown file is read from where the last run stopped, a rewritten file is read again from the
start (its old events then count as duplicates). A file is never split across transactions: whole files
are committed together, about every ``COMMIT_ROWS`` events, so an interrupted run keeps only whole files.

Parsing and validation rules live in ``enrichment.formats``; this module only moves lines and rows.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import itertools
import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa

from enrichment.formats import ADAPTERS, LineError
from enrichment.formats.lines import Block, ParsedChunk, RawLine, iter_lines, parse_block, sniff_format
from enrichment.formats.v1 import EVENT_COLUMNS
from orchestration.warehouse import Warehouse, arrow_schema
from orchestration.workers import ordered_map

DEFAULT_MAX_LINE_BYTES = 1 << 20
FORMAT_FILE = ".parley-format"
INPUT_SUFFIXES = (".jsonl", ".jsonl.gz")
BATCH_LINES = 200_000
PARSED_EVENTS_COLUMNS = (*EVENT_COLUMNS, "source_line", "source_format")
PARSED_EVENTS_SCHEMA = pa.schema([arrow_schema("raw.events").field(c) for c in PARSED_EVENTS_COLUMNS])
PARALLEL_MIN_BYTES = 8 << 20  # below this, worker start-up (~0.3 s) costs more than it saves
COMMIT_ROWS = 500_000  # a transaction holds whole files; small commits are slow, huge ones hold memory
BLOCK_BYTES = 4 << 20  # bytes read per parse task; a batch (BATCH_LINES) is written per warehouse round trip


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


def _prefix_digest(path: Path, nbytes: int) -> Any:
    """sha256 over the first ``nbytes`` (decompressed) bytes of a file, as a digest that can go on."""
    digest = hashlib.sha256()
    remaining = nbytes
    with _open(path) as f:
        while remaining > 0:
            chunk = f.read(min(remaining, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            remaining -= len(chunk)
    return digest


def _hash_rest_of_line(read: Callable[[int], bytes], digest: Any, head: bytes) -> tuple[int, bytes]:
    """Feed an over-long line to ``digest`` up to its newline without holding it; the line's first bytes
    (``head``, no newline in them) are already read. Returns (bytes the line took, bytes read after it)."""
    consumed, tail = len(head), head
    while True:
        data = read(BLOCK_BYTES)
        if not data:
            digest.update(tail.rstrip(b"\r"))
            return consumed, b""
        cut = data.find(b"\n")
        if cut < 0:
            digest.update(tail)
            consumed, tail = consumed + len(data), data
            continue
        digest.update((tail + data[:cut]).rstrip(b"\r"))
        return consumed + cut + 1, data[cut + 1:]


class _Reader:
    """Reads the rest of a file as blocks of whole lines, in bounded memory, keeping count of the bytes
    and lines consumed and a running sha256 of every byte from the file's start (``prefix``)."""

    def __init__(self, f: BinaryIO, offset: int, first_line: int, max_bytes: int, prefix: Any):
        self.f, self.max_bytes, self.prefix = f, max_bytes, prefix
        self.bytes_end, self.last_line = offset, first_line - 1

    def blocks(self) -> Iterator[Block]:
        """A line longer than ``max_bytes`` that does not fit a block is hashed while read, never held."""
        number, carry, oversized = self.last_line + 1, b"", []
        while True:
            data = self._read(BLOCK_BYTES)
            if not data:
                break
            buf = carry + data if carry else data
            cut = buf.rfind(b"\n") + 1
            whole, carry = buf[:cut], buf[cut:]
            if whole:
                lines = whole.count(b"\n")
                yield Block(number, whole, oversized)
                number, oversized = number + lines, []
                self.bytes_end += len(whole)
                self.last_line = number - 1
            if len(carry) > self.max_bytes:  # an unfinished line already over the limit
                digest = hashlib.sha256()
                consumed, carry = _hash_rest_of_line(self._read, digest, carry)
                oversized.append(RawLine(number, b"", digest.hexdigest(), consumed))
                self.bytes_end += consumed
                self.last_line = number
                number += 1
        if carry or oversized:  # the last line has no newline
            yield Block(number, carry, oversized)
            self.bytes_end += len(carry)
            self.last_line = number if carry else number - 1

    def _read(self, n: int) -> bytes:
        data = self.f.read(n)
        self.prefix.update(data)
        return data


def _read_lines(f: BinaryIO, max_bytes: int) -> Iterator[RawLine]:
    """Every non-blank line of a file from its start (for re-reading one line)."""
    for block in _Reader(f, 0, 1, max_bytes, hashlib.sha256()).blocks():
        for number, raw, oversized in iter_lines(block, max_bytes):
            yield oversized or RawLine(number, raw)


class _Batch:
    """Parsed blocks not yet written: their event rows (one Arrow table per block) and quarantine rows."""

    def __init__(self) -> None:
        self.tables: list[pa.Table] = []
        self.lines_with_events = 0
        self.lines_without_events = 0
        self.quarantine: list[dict] = []
        self.lines = 0

    def add_chunk(self, chunk: ParsedChunk) -> None:
        if chunk.events is not None:
            self.tables.append(chunk.events)
        self.lines_with_events += chunk.lines_with_events
        self.lines_without_events += chunk.lines_without_events
        for number, fmt, err, line in chunk.quarantine:
            self.add_quarantine(number, fmt, err, line)
        self.lines += chunk.lines_with_events + chunk.lines_without_events

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
                 progress: Callable[[str, int], None] | None = None):
        self.wh, self.path, self.run_id, self.ingested_at = wh, path, run_id, ingested_at
        self.max_line_bytes, self.progress = max_line_bytes, progress
        self.result = FileResult(source_file=str(path))
        self.forced_format = folder_format(path)
        self.file_format: str | None = self.forced_format

    # -- deciding where to start -------------------------------------------------------------
    def _resume_point(self, size: int, mtime_ns: int) -> tuple[int, int, bool, Any] | None:
        """(byte offset, next line number, re-read from start, sha256 of the bytes before the offset), or
        None when the file is unchanged."""
        rows = self.wh.query(
            "SELECT file_size_bytes, file_mtime_ns, bytes_end, prefix_sha256, last_line FROM raw.ingest_log "
            f"WHERE source_file = {self._p} ORDER BY finished_at DESC, bytes_end DESC LIMIT 1",
            [str(self.path)],
        )
        if not rows:
            return 0, 1, False, hashlib.sha256()
        last_size, last_mtime, bytes_end, prefix, last_line = rows[0]
        if last_size == size and last_mtime == mtime_ns:
            return None
        if bytes_end:
            digest = _prefix_digest(self.path, bytes_end)
            if digest.hexdigest() == prefix:
                return bytes_end, last_line + 1, False, digest
        return 0, 1, True, hashlib.sha256()

    @property
    def _p(self) -> str:
        return "%s" if self.wh.dialect == "postgres" else "?"

    # -- a batch of lines --------------------------------------------------------------------
    def _flush(self, batch: _Batch, known_quarantine: set[tuple[int, str]]) -> None:
        res = self.result
        res.lines_in += batch.lines_without_events
        res.lines_loaded += batch.lines_without_events
        events = pa.concat_tables(batch.tables) if batch.tables else None
        if events is not None:
            keep = self._check_ids(events, batch)
            if keep is not None:
                events = events.filter(keep)
            if events.num_rows:
                n, ingested_at = events.num_rows, pa.scalar(self.ingested_at, pa.timestamp("us"))
                events = events.append_column("source_file", pa.repeat(pa.scalar(str(self.path)), n))
                events = events.append_column("ingested_at", pa.repeat(ingested_at, n))
                self.wh.append("raw.events", events)
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

    def _check_ids(self, events: pa.Table, batch: _Batch) -> pa.Array | None:
        """Sort each line with events into loaded / duplicate / id_conflict; count it. Returns the mask of
        events to write, or None when all are new (the common case, decided without a Python loop)."""
        res = self.result
        existing: dict[str, tuple[str, str, int]] = {}
        with self.wh.staged(events.select(["event_id"])) as stage:
            for event_id, payload_hash, src, src_line in self.wh.query(
                f"SELECT e.event_id, e.payload_hash, e.source_file, e.source_line FROM raw.events e "
                f"WHERE e.event_id IN (SELECT event_id FROM {stage})"
            ):
                existing[event_id] = (payload_hash, src, src_line)
            [(distinct,)] = self.wh.query(f"SELECT count(DISTINCT event_id) FROM {stage}")
        ids = events.column("event_id")
        if not existing and distinct == len(ids):
            res.lines_in += batch.lines_with_events
            res.lines_loaded += batch.lines_with_events
            res.events_loaded += len(ids)
            return None
        ids, hashes = ids.to_pylist(), events.column("payload_hash").to_pylist()
        numbers, formats = events.column("source_line").to_pylist(), events.column("source_format").to_pylist()
        keep = [False] * len(ids)
        seen_in_batch: dict[str, tuple[str, int]] = {}
        for start, stop in _runs(numbers):
            number, statuses, conflict = numbers[start], [], None
            for i in range(start, stop):
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
                batch.add_quarantine(number, formats[start], err, self._raw_line_for(number))
                continue
            res.lines_in += 1
            if "new" in statuses:
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
                res.events_duplicate += stop - start
        return pa.array(keep, pa.bool_())

    def _raw_line_for(self, number: int) -> RawLine:
        # id conflicts are rare: re-read the one line rather than keeping every raw line in memory.
        with _open(self.path) as f:
            for line in _read_lines(f, self.max_line_bytes):
                if line.number == number:
                    return line
        return RawLine(number, b"")

    # -- the whole file ------------------------------------------------------------------------
    def start(self) -> Iterator[Block] | None:
        """Decide where to start reading; return the file's blocks to parse, or None if it is unchanged.

        Sets ``parse_args`` (what :func:`parse_block` needs besides a block): the file's format is fixed
        before blocks fan out to workers (from a folder setting or the first line); lines of another
        recognisable format are still detected unless the folder setting forces it.
        """
        self._stat = stat = self.path.stat()
        resume = self._resume_point(stat.st_size, stat.st_mtime_ns)
        if resume is None:
            self.result.skipped_unchanged = True
            return None
        self._offset, self._first_line, reread, prefix = resume
        self._known_quarantine: set[tuple[int, str]] = set()
        if reread or self._offset:
            self._known_quarantine = {
                (line, digest) for line, digest in self.wh.query(
                    f"SELECT source_line, raw_line_sha256 FROM raw.quarantine WHERE source_file = {self._p}",
                    [str(self.path)])
            }
        self._started = datetime.now(UTC).replace(tzinfo=None)
        f = _open(self.path)
        f.seek(self._offset)
        self._reader = _Reader(f, self._offset, self._first_line, self.max_line_bytes, prefix)
        blocks = self._reader.blocks()
        first = next(blocks, None)
        fmt = self.file_format or (first and sniff_format(first, self.max_line_bytes)) or None
        self.parse_args = (fmt, self.forced_format is not None, str(self.path), self.max_line_bytes,
                           PARSED_EVENTS_SCHEMA)

        def read() -> Iterator[Block]:
            with f:
                if first is not None:
                    yield first
                    yield from blocks

        return read()

    def load(self, parsed: Iterable[ParsedChunk]) -> FileResult:
        """Write the parsed blocks of this file (all of them, in order) within one transaction."""
        with self.wh.transaction():
            batch = _Batch()
            for chunk in parsed:
                self.file_format = self.file_format or next(iter(chunk.formats_seen), None)
                batch.add_chunk(chunk)
                if batch.lines >= BATCH_LINES:
                    self._flush(batch, self._known_quarantine)
                    if self.progress:
                        self.progress(str(self.path), self.result.lines_in)
                    batch = _Batch()
            self._flush(batch, self._known_quarantine)
            if self._reader.bytes_end == self._offset:
                return self.result  # nothing new (only metadata changed)
            self._log()
        if self.progress:
            self.progress(str(self.path), self.result.lines_in)
        return self.result

    def _log(self) -> None:
        r, stat, reader = self.result, self._stat, self._reader
        row = {
            "run_id": self.run_id, "source_file": str(self.path), "source_format": self.file_format,
            "file_size_bytes": stat.st_size, "file_mtime_ns": stat.st_mtime_ns, "bytes_start": self._offset,
            "bytes_end": reader.bytes_end, "prefix_sha256": reader.prefix.hexdigest(),
            "first_line": self._first_line, "last_line": reader.last_line, "lines_in": r.lines_in,
            "lines_loaded": r.lines_loaded, "lines_duplicate": r.lines_duplicate,
            "lines_quarantined": r.lines_quarantined, "events_loaded": r.events_loaded,
            "events_duplicate": r.events_duplicate, "started_at": self._started,
            "finished_at": datetime.now(UTC).replace(tzinfo=None),
        }
        r.source_format = self.file_format
        self.wh.append("raw.ingest_log", pa.Table.from_pylist([row], schema=arrow_schema("raw.ingest_log")))


_END_OF_FILE = None


def _tasks(ingestors: Iterable[FileIngestor]) -> Iterator[tuple[FileIngestor, Block | None]]:
    """Every block of every changed file in order, each file closed by an end-of-file marker."""
    for ingestor in ingestors:
        blocks = ingestor.start()
        if blocks is None:
            continue
        for block in blocks:
            yield ingestor, block
        yield ingestor, _END_OF_FILE


def _runs(values: list[int]) -> Iterator[tuple[int, int]]:
    """(start, stop) of each run of equal consecutive values."""
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            yield start, i
            start = i


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
    ingestors = [FileIngestor(wh, path, run_id, ingested_at, max_line_bytes, progress=progress) for path in files]
    tasks = _tasks(ingestors)
    if pool is None:
        stream = ((i, b if b is None else parse_block(b, *i.parse_args)) for i, b in tasks)
    else:
        # while this process writes one file's rows, workers already parse the next file's blocks
        parsed = ordered_map(pool, tasks, lambda task: None if task[1] is None else pool.submit(
            parse_block, task[1], *task[0].parse_args))
        stream = ((ingestor, chunk) for (ingestor, _), chunk in parsed)
    with contextlib.ExitStack() as stack:
        if pool is not None:
            stack.callback(pool.shutdown, cancel_futures=True)
            stack.enter_context(wh.single_threaded())  # the parse workers take the other cores
        files_in_order = itertools.groupby(stream, key=lambda item: item[0])
        done = False
        while not done:  # whole files per transaction, committed every COMMIT_ROWS events or so
            with wh.transaction():
                loaded, done = 0, True
                for ingestor, items in files_in_order:
                    ingestor.load(chunk for _, chunk in items if chunk is not None)
                    loaded += ingestor.result.events_loaded
                    if loaded >= COMMIT_ROWS:
                        done = False
                        break
    return IngestSummary(run_id=run_id, files=[i.result for i in ingestors], seconds=time.perf_counter() - started)
