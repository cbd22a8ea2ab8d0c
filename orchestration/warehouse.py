"""The one way Python code reaches the warehouse: one small interface, a DuckDB and a PostgreSQL implementation.

Everything Parley writes from Python (raw events, quarantine, ingest log, enrichment tables) goes through
:class:`Warehouse`: ``execute`` / ``query`` for SQL, ``append`` for bulk loads of Arrow tables (DuckDB reads
the Arrow buffers directly; PostgreSQL gets one ``COPY ... FROM STDIN`` per call, never row-by-row
inserts), ``staged`` for joining a batch against a warehouse table and ``stream_arrow`` for reading a
large result in bounded memory while writing between its batches. Table layouts are declared once
here (:data:`TABLES`) in portable logical types and rendered for each dialect.

Dagster sees this through ``orchestration.resources.WarehouseResource``; the CLI and tests use
:func:`connect` directly.
"""

from __future__ import annotations

import io
import os
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

DEFAULT_DUCKDB_PATH = "warehouse/parley.duckdb"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # logical: text, bigint, double, timestamp, boolean, blob


# Logical type -> (Arrow type, DuckDB type, PostgreSQL type)
_TYPES: dict[str, tuple[pa.DataType, str, str]] = {
    "text": (pa.string(), "VARCHAR", "TEXT"),
    "bigint": (pa.int64(), "BIGINT", "BIGINT"),
    "double": (pa.float64(), "DOUBLE", "DOUBLE PRECISION"),
    "timestamp": (pa.timestamp("us"), "TIMESTAMP", "TIMESTAMP"),
    "boolean": (pa.bool_(), "BOOLEAN", "BOOLEAN"),
    "blob": (pa.binary(), "BLOB", "BYTEA"),
}


def _cols(spec: str) -> tuple[Column, ...]:
    return tuple(Column(*item.split(":")) for item in spec.split())


# Every table Python writes. Grain and keys are documented in dbt_project/models/staging/_sources.yml.
TABLES: dict[str, tuple[Column, ...]] = {
    "raw.events": _cols(
        "event_id:text event_type:text timestamp:timestamp conversation_id:text assistant_id:text "
        "user_id:text role:text content:text target_event_id:text feedback_score:double "
        "feedback_scale:text feedback_comment:text handoff_reason:text handoff_channel:text model:text "
        "provider:text variant:text input_tokens:bigint output_tokens:bigint latency_ms:double "
        "cost_usd:double user_properties:text properties:text extra:text payload_hash:text "
        "source_file:text source_line:bigint source_format:text ingested_at:timestamp"
    ),
    "raw.quarantine": _cols(
        "source_file:text source_line:bigint source_format:text reason:text detail:text raw_line:text "
        "raw_line_sha256:text ingested_at:timestamp"
    ),
    "raw.ingest_log": _cols(
        "run_id:text source_file:text source_format:text file_size_bytes:bigint file_mtime_ns:bigint "
        "bytes_start:bigint bytes_end:bigint prefix_sha256:text first_line:bigint last_line:bigint "
        "lines_in:bigint lines_loaded:bigint lines_duplicate:bigint lines_quarantined:bigint "
        "events_loaded:bigint events_duplicate:bigint started_at:timestamp finished_at:timestamp"
    ),
    # One row per message event (every role). PII columns for all; behavioural signals for role = 'user'
    # only (NULL otherwise). redacted_content is the only message text any BI-facing model may carry.
    "enriched.message_signals": _cols(
        "event_id:text role:text text_hash:text redacted_content:text pii_types:text language:text "
        "language_confidence:double frustration_score:double frustration_cues:text asks_for_human:boolean "
        "gratitude:boolean sentiment_score:double similarity_to_previous:double enrichment_version:text "
        "enriched_at:timestamp"
    ),
    # The embedding cache: one row per (model, normalised text). Not read by dbt.
    "enriched.message_embeddings": _cols("model_id:text text_hash:text embedding:blob created_at:timestamp"),
    # One row per intent of the current intent model (including the 'unclassified' intent).
    "enriched.intents": _cols(
        "intent_id:text label:text keywords:text size:bigint representative_text:text is_unclassified:boolean "
        "model_version:text first_seen_at:timestamp last_seen_at:timestamp updated_at:timestamp"
    ),
    # One row per user message: the intent it was assigned to.
    "enriched.message_intents": _cols(
        "event_id:text intent_id:text similarity:double model_version:text assigned_at:timestamp"
    ),
    # One row per (re-cluster, new intent): how new intent ids map to the ids they replace.
    "enriched.intent_id_map": _cols(
        "model_version:text intent_id:text previous_model_version:text previous_intent_id:text overlap:double "
        "jaccard:double status:text mapped_at:timestamp"
    ),
    # One row per fitted intent model; the newest is in force. Not read by dbt.
    "enriched.intent_models": _cols(
        "model_version:text model:blob n_intents:bigint fit_messages:bigint embedding_model_id:text "
        "created_at:timestamp"
    ),
}


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a declared table, for building batches that ``append`` accepts."""
    return pa.schema([(c.name, _TYPES[c.type][0]) for c in TABLES[table]])


class WarehouseError(RuntimeError):
    """A warehouse could not be reached or used; the message says what to do."""


class Warehouse(ABC):
    """Portable access to the analytics warehouse."""

    dialect: str

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None: ...

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]: ...

    @abstractmethod
    def query_arrow(self, sql: str) -> pa.Table: ...

    @abstractmethod
    def stream_arrow(self, sql: str, batch_rows: int) -> Iterator[pa.Table]:
        """Yield the rows of ``sql`` as Arrow tables of ``batch_rows`` rows (the last one shorter).

        The query runs on a second connection of its own, so this process holds about one batch at a time
        and the caller may write through this warehouse between batches. The reader sees the database as
        it was when the query started: rows written (and committed) meanwhile neither add rows to the
        stream nor remove any. Not allowed inside :meth:`transaction` (the reading connection could not
        see that transaction's uncommitted rows). Close the generator (or exhaust it) to end the read.

        Write joins with the wide table first (``FROM wide JOIN narrow``): DuckDB plans a streamed query's
        joins in the written order and holds the right-hand side of each in memory. An ``ORDER BY``
        holds the whole result (spilling to disk past DuckDB's memory limit): sort narrow rows only.
        """

    @abstractmethod
    def append(self, table: str, data: pa.Table) -> int:
        """Bulk-insert ``data`` (columns by name) into ``table``; returns the number of rows."""

    @abstractmethod
    def _create_temp(self, name: str, data: pa.Table) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def transaction(self): ...

    @contextmanager
    def staged(self, data: pa.Table) -> Iterator[str]:
        """Expose ``data`` as a temporary table for the duration of the block; yields its name."""
        name = f"parley_stage_{uuid.uuid4().hex[:12]}"
        self._create_temp(name, data)
        try:
            yield name
        finally:
            self.execute(f"DROP TABLE IF EXISTS {name}")

    @contextmanager
    def single_threaded(self) -> Iterator[None]:
        """Run the block with this process's warehouse engine on one thread (leaving the other cores to
        worker processes). A no-op for a warehouse that is a server of its own."""
        yield

    def type_name(self, logical: str) -> str:
        return _TYPES[logical][1 if self.dialect == "duckdb" else 2]

    def table_exists(self, table: str) -> bool:
        schema, name = table.split(".")
        rows = self.query(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s AND table_name = %s"
            if self.dialect == "postgres"
            else "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            [schema, name],
        )
        return rows[0][0] > 0

    def ensure_table(self, table: str, columns: Sequence[Column] | None = None) -> None:
        """Create the schema and table if missing (declared tables need no ``columns``)."""
        columns = columns or TABLES[table]
        schema = table.split(".")[0]
        self.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        body = ", ".join(f"{c.name} {self.type_name(c.type)}" for c in columns)
        self.execute(f"CREATE TABLE IF NOT EXISTS {table} ({body})")

    def ensure_tables(self) -> None:
        """Create every table Python writes (raw.* and enriched.*) that does not exist yet."""
        for table in TABLES:
            self.ensure_table(table)
        if self.dialect == "postgres":
            # Keeps the per-batch duplicate lookup an index probe instead of a scan on large tables.
            self.execute("CREATE UNIQUE INDEX IF NOT EXISTS events_event_id_idx ON raw.events (event_id)")

    def count(self, table: str) -> int:
        return self.query(f"SELECT count(*) FROM {table}")[0][0]

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# DuckDB optimizers that choose join order and build sides; off while a stream_arrow query is planned.
_WRITTEN_JOIN_ORDER = "join_order,build_side_probe_side"


class DuckDBWarehouse(Warehouse):
    """The embedded default: one DuckDB file (one writer process at a time)."""

    dialect = "duckdb"

    def __init__(self, path: str | Path, *, read_only: bool = False):
        import duckdb

        self.path = Path(path)
        self._in_tx = False
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise WarehouseError(
                    f"the warehouse {self.path} is in use by another process (DuckDB allows one writer): "
                    "wait for the running Parley job to finish, or close the tool holding the file"
                ) from exc
            raise WarehouseError(f"cannot open the warehouse {self.path}: {exc}") from exc
        memory_limit = os.environ.get("PARLEY_DUCKDB_MEMORY_LIMIT", "").strip()
        if memory_limit:
            # DuckDB caches blocks and holds its hash tables up to memory_limit (default 80% of RAM), spilling
            # to disk beyond it; the dbt profile applies the same variable (macros/duckdb_settings.sql).
            try:
                self.con.execute("SET memory_limit = ?", [memory_limit])
            except duckdb.Error as exc:
                self.con.close()
                raise WarehouseError(
                    f"PARLEY_DUCKDB_MEMORY_LIMIT={memory_limit!r} is not a size DuckDB accepts ({exc}): "
                    "write it like 4GB or 1500MiB, or unset it for DuckDB's default (80% of RAM)"
                ) from exc

    def execute(self, sql, params=None):
        self.con.execute(sql, params or [])

    def query(self, sql, params=None):
        return self.con.execute(sql, params or []).fetchall()

    def query_arrow(self, sql):
        return self.con.execute(sql).to_arrow_table()

    def stream_arrow(self, sql, batch_rows):
        _check_not_in_transaction(self._in_tx)
        # A cursor is a second connection to the same database: a statement run on ``self.con`` would
        # invalidate a result still pending there, and its own transaction pins the snapshot the query
        # started from (MVCC), so appends and updates committed through ``self.con`` stay invisible to it.
        cur = self.con.cursor()
        try:
            # The optimizer would build each hash join on the side it estimates smaller, which can be the
            # wide one (e.g. every stored embedding: ~1.5 KB a row); planned in the written order, the
            # right-hand side of a join is the one held in memory. The setting is global, so it is on only
            # while this query is planned (planning happens in execute; streaming does not re-plan).
            [(before,)] = self.con.execute("SELECT current_setting('disabled_optimizers')").fetchall()
            self.con.execute(f"SET disabled_optimizers = '{_WRITTEN_JOIN_ORDER}'")
            try:
                result = cur.execute(sql)
            finally:
                self.con.execute(f"SET disabled_optimizers = '{before}'")
            yield from _exact_batches(result.to_arrow_reader(batch_rows), batch_rows)
        finally:
            cur.close()

    def append(self, table, data):
        if data.num_rows == 0:
            return 0
        name = f"parley_append_{uuid.uuid4().hex[:12]}"
        cols = ", ".join(data.column_names)
        self.con.register(name, data)
        try:
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name}")
        finally:
            self.con.unregister(name)
        return data.num_rows

    def _create_temp(self, name, data):
        view = name + "_arrow"
        self.con.register(view, data)
        try:
            self.con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {view}")
        finally:
            self.con.unregister(view)

    @contextmanager
    def single_threaded(self):
        [(threads,)] = self.query("SELECT current_setting('threads')")
        self.execute("SET threads = 1")
        try:
            yield
        finally:
            self.execute(f"SET threads = {int(threads)}")

    @contextmanager
    def transaction(self):
        if self._in_tx:  # nested: part of the enclosing transaction
            yield self
            return
        self.con.execute("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield self
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            self._in_tx = False

    def close(self):
        self.con.close()


class PostgresWarehouse(Warehouse):
    """PostgreSQL through psycopg2; bulk loads use COPY (CSV) from an in-memory buffer."""

    dialect = "postgres"

    def __init__(self, dsn: str):
        import psycopg2

        try:
            self.con = psycopg2.connect(dsn)
        except psycopg2.OperationalError as exc:
            raise WarehouseError(
                f"cannot connect to PostgreSQL ({_redact_dsn(dsn)}): {str(exc).strip()}. "
                "Check PARLEY_PG_DSN (host, port, user, dbname; the password comes from PGPASSWORD)"
            ) from exc
        self.con.autocommit = True
        self._in_tx = False
        self._dsn = dsn

    def execute(self, sql, params=None):
        with self.con.cursor() as cur:
            cur.execute(sql, params or None)

    def query(self, sql, params=None):
        with self.con.cursor() as cur:
            cur.execute(sql, params or None)
            return cur.fetchall()

    def query_arrow(self, sql):
        with self.con.cursor() as cur:
            cur.execute(sql)
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        return _pg_rows_to_arrow(names, rows)

    def stream_arrow(self, sql, batch_rows):
        """A server-side (named) cursor on a second connection: the server keeps the result and sends
        ``batch_rows`` rows per round trip, in one pass over the query. Chosen over keyset pagination by
        event_id, which would re-run the anti-join (and a sort) for every page; the cursor's snapshot is
        the one taken when it is opened, so writes committed meanwhile cannot shift the pages."""
        import psycopg2

        _check_not_in_transaction(self._in_tx)
        con = psycopg2.connect(self._dsn)
        try:
            con.set_session(readonly=True)  # not autocommit: a named cursor lives inside one transaction
            with con.cursor(name=f"parley_stream_{uuid.uuid4().hex[:12]}") as cur:
                cur.itersize = batch_rows
                cur.execute(sql)
                while rows := cur.fetchmany(batch_rows):
                    yield _pg_rows_to_arrow([d[0] for d in cur.description], rows)
            con.rollback()
        finally:
            con.close()

    def _copy(self, table: str, data: pa.Table) -> None:
        for i, f in enumerate(data.schema):
            if pa.types.is_binary(f.type):  # CSV carries bytea in PostgreSQL's hex input format
                hexed = [None if b is None else "\\x" + b.hex() for b in data.column(i).to_pylist()]
                data = data.set_column(i, f.name, pa.array(hexed, pa.string()))
        buf = io.BytesIO()
        pacsv.write_csv(data, buf, pacsv.WriteOptions(include_header=False))
        buf.seek(0)
        cols = ", ".join(data.column_names)
        with self.con.cursor() as cur:
            cur.copy_expert(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv)", buf)

    def append(self, table, data):
        if data.num_rows == 0:
            return 0
        self._copy(table, data)
        return data.num_rows

    def _create_temp(self, name, data):
        body = ", ".join(f"{f.name} {_pg_type_of(f.type)}" for f in data.schema)
        self.execute(f"CREATE TEMP TABLE {name} ({body})")
        if data.num_rows:
            self._copy(name, data)

    @contextmanager
    def transaction(self):
        if self._in_tx:
            yield self
            return
        self.con.autocommit = False
        self._in_tx = True
        try:
            yield self
        except BaseException:
            self.con.rollback()
            raise
        else:
            self.con.commit()
        finally:
            self._in_tx = False
            self.con.autocommit = True

    def close(self):
        self.con.close()


def _check_not_in_transaction(in_tx: bool) -> None:
    if in_tx:
        raise WarehouseError("stream_arrow reads on a second connection, which cannot see the rows of the open "
                             "transaction: call it outside `with wh.transaction()`")


def _exact_batches(reader: Iterable[pa.RecordBatch], rows: int) -> Iterator[pa.Table]:
    """Re-cut a stream of record batches into tables of exactly ``rows`` rows (the last one shorter)."""
    pending: list[pa.RecordBatch] = []
    held = 0
    for batch in reader:
        pending.append(batch)
        held += batch.num_rows
        while held >= rows:
            table = pa.Table.from_batches(pending).combine_chunks()
            yield table.slice(0, rows)
            rest = table.slice(rows)
            pending, held = rest.to_batches(), rest.num_rows
    if held:
        yield pa.Table.from_batches(pending).combine_chunks()


def _pg_rows_to_arrow(names: Sequence[str], rows: Sequence[tuple]) -> pa.Table:
    return pa.table({n: [bytes(r[i]) if isinstance(r[i], memoryview) else r[i] for r in rows]
                     for i, n in enumerate(names)})


def _pg_type_of(arrow_type: pa.DataType) -> str:
    for arrow, _duck, pg in _TYPES.values():
        if arrow_type == arrow:
            return pg
    if pa.types.is_integer(arrow_type):
        return "BIGINT"
    raise TypeError(f"no PostgreSQL type for Arrow type {arrow_type}")


def _redact_dsn(dsn: str) -> str:
    return " ".join(p for p in dsn.split() if not p.startswith("password="))


def connect(kind: str | None = None, *, path: str | Path | None = None, dsn: str | None = None) -> Warehouse:
    """Open the configured warehouse.

    ``kind`` is ``duckdb`` (default; ``path`` or ``PARLEY_WAREHOUSE`` or warehouse/parley.duckdb) or
    ``postgres`` (``dsn`` or ``PARLEY_PG_DSN``; the password only from the environment, e.g. PGPASSWORD).
    """
    kind = kind or os.environ.get("PARLEY_WAREHOUSE_KIND", "duckdb")
    if kind == "duckdb":
        return DuckDBWarehouse(path or os.environ.get("PARLEY_WAREHOUSE", DEFAULT_DUCKDB_PATH))
    if kind == "postgres":
        dsn = dsn or os.environ.get("PARLEY_PG_DSN")
        if not dsn:
            raise WarehouseError(
                "PARLEY_WAREHOUSE_KIND=postgres needs PARLEY_PG_DSN, e.g. 'host=db port=5432 dbname=parley user=parley'"
            )
        return PostgresWarehouse(dsn)
    raise WarehouseError(f"unknown warehouse kind {kind!r}: use 'duckdb' or 'postgres'")
