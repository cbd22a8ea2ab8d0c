"""Great Expectations runner: the suites in ``expectations/`` validated against warehouse tables.

Owns: reading and checking the suite files (plain JSON, no GX import, so building the Dagster
definitions stays fast), the runtime parameters suites refer to with ``{"$PARAMETER": name}``, reading
exactly the columns a suite needs from the warehouse into pandas, validating that frame with an
ephemeral GX context, scrubbing row values out of the results, and writing the results as JSON plus
GX's HTML data docs under the validation folder (``PARLEY_VALIDATION_DIR``).

Tables larger than ``PARLEY_GX_CHUNK_ROWS`` rows are validated in hash partitions of the suite's
uniqueness key (:func:`check_suite`): one partition in memory at a time, and per-partition results
combined into exactly the result of validating the whole table at once (docs/data-quality.md).

No Dagster here: :mod:`orchestration.checks` wraps :func:`check_suite` (read, then validate, whole or in
partitions) as asset checks. GX validates
a pandas DataFrame, never the warehouse through SQLAlchemy: GX 1.24 + duckdb-engine silently fails
every expectation (docs/data-quality.md).

Severity is GX's own per-expectation ``severity`` field: ``critical`` failures make the Dagster check
fail with ERROR (blocking downstream assets), ``warning`` failures with WARN (reported, not blocking).
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from orchestration.warehouse import Warehouse

SUITES_DIR = Path(__file__).resolve().parents[1] / "expectations"
DEFAULT_VALIDATION_DIR = "reports/validation"
# Smallest group a mart may show: the same k the marts use to suppress small groups.
DEFAULT_MIN_GROUP_USERS = 5
# Events dated before this are clock or unit bugs at the source (Parley's oldest plausible input is a
# chat log from the first public assistants; 2015 leaves room for older chatbot logs).
DEFAULT_TIMESTAMP_MIN = "2015-01-01T00:00:00Z"
# Client clocks run ahead by minutes, time-zone bugs by up to 14 hours; a day covers both.
DEFAULT_TIMESTAMP_MAX_FUTURE_HOURS = 24.0
# The pipeline runs daily (orchestration/jobs.py): a day without a new event means a feed stopped.
DEFAULT_FRESHNESS_HOURS = 24.0
# The HTML data docs show this many latest runs per suite (every JSON result is kept on disk; older pages
# leave the site). Adding one result to a site of 8 suites x 5 / 20 / 50 runs took 0.3 / 0.9 / 1.2 s here
# (a full re-render of 20 runs: 4.3 s), paid by every check run: 20 keeps it near a second.
DEFAULT_DOCS_RUNS_PER_SUITE = 20
# Tables with more rows are validated in hash partitions of about this many rows. Peak RSS of one check on
# a 988k-message warehouse (2 cores, 2026-11-24; a process validating 1,000 rows peaks at 311 MB):
# message_signals whole / 500k / 250k / 100k: 0.90 / 0.78 / 0.59 / 0.51 GB, fct_messages 0.93 / 0.78 /
# 0.60-0.63 / 0.53 GB, raw.events 1.07-1.12 / 0.68-0.70 / 0.55 / 0.47-0.48 GB. 250k keeps most of the
# saving at about the whole-table wall time; 100k saves another ~80 MB for 10-50% more time.
DEFAULT_CHUNK_ROWS = 250_000

SEVERITIES = ("critical", "warning")
DATASOURCE = "parley"
# Result keys that can carry values of failing rows (GX 1.24 emits partial_unexpected_list even with
# partial_unexpected_count 0, as an empty list): dropped before anything is written.
VALUE_KEYS = frozenset({
    "partial_unexpected_list", "partial_unexpected_counts", "partial_unexpected_index_list",
    "unexpected_list", "unexpected_index_list", "unexpected_index_query", "unexpected_index_column_names",
    "unexpected_rows", "details",
})  # fmt: skip
# Only counts and percentages of failing rows, never the rows themselves.
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 0, "include_unexpected_rows": False}
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_COLUMN_KWARGS = ("column", "column_A", "column_B")
_COLUMN_LIST_KWARGS = ("column_list", "column_set")
# Expectations whose verdict on a row depends on that row alone: their counts over disjoint partitions
# sum to the whole table's. Any other expectation type makes the suite validate whole (exact, unbounded).
_ROW_EXPECTATIONS = frozenset({
    "expect_column_values_to_not_be_null", "expect_column_values_to_be_null",
    "expect_column_values_to_be_between", "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set", "expect_column_values_to_match_regex",
    "expect_column_values_to_not_match_regex", "expect_column_values_to_match_regex_list",
    "expect_column_values_to_not_match_regex_list", "expect_column_values_to_match_like_pattern",
    "expect_column_values_to_not_match_like_pattern", "expect_column_value_lengths_to_be_between",
    "expect_column_value_lengths_to_equal", "expect_column_values_to_match_strftime_format",
    "expect_column_values_to_be_dateutil_parseable", "expect_column_values_to_be_json_parseable",
    "expect_column_pair_values_to_be_equal", "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_in_set", "expect_select_column_values_to_be_unique_within_record",
    "expect_multicolumn_sum_to_equal",
})  # fmt: skip
# Cross-row, but exact per partition when every copy of a key lands in the same partition.
_UNIQUE_EXPECTATIONS = {"expect_column_values_to_be_unique": "column",
                        "expect_compound_columns_to_be_unique": "column_list"}  # fmt: skip
# Judged by GX on a column-less frame with the table's row count (a RangeIndex: a few bytes).
_TABLE_EXPECTATIONS = frozenset({"expect_table_row_count_to_be_between", "expect_table_row_count_to_equal"})


class SuiteError(ValueError):
    """A suite file is not a valid Parley suite; the message names the file and the problem."""


# ---------------------------------------------------------------------------------------------------------
# Settings and runtime parameters


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {raw!r}")
    return value


def _parse_utc(value: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{name} must be an ISO 8601 date or timestamp, got {value!r}") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


@dataclass(frozen=True)
class QualitySettings:
    """Where results go and the thresholds suites and the freshness check use (all from the environment)."""

    validation_dir: Path = Path(DEFAULT_VALIDATION_DIR)
    min_group_users: int = DEFAULT_MIN_GROUP_USERS
    timestamp_min: datetime = field(default_factory=lambda: _parse_utc(DEFAULT_TIMESTAMP_MIN, "default"))
    timestamp_max_future_hours: float = DEFAULT_TIMESTAMP_MAX_FUTURE_HOURS
    freshness_hours: float = DEFAULT_FRESHNESS_HOURS
    docs_runs_per_suite: int = DEFAULT_DOCS_RUNS_PER_SUITE
    chunk_rows: int = DEFAULT_CHUNK_ROWS

    @classmethod
    def from_env(cls) -> QualitySettings:
        """Read ``PARLEY_VALIDATION_DIR``, ``PARLEY_MIN_GROUP_USERS``, ``PARLEY_TIMESTAMP_MIN``,
        ``PARLEY_TIMESTAMP_MAX_FUTURE_HOURS``, ``PARLEY_FRESHNESS_HOURS`` and ``PARLEY_GX_CHUNK_ROWS``
        (defaults above)."""
        raw_k = os.environ.get("PARLEY_MIN_GROUP_USERS") or str(DEFAULT_MIN_GROUP_USERS)
        if not raw_k.isdigit() or int(raw_k) < 1:
            raise ValueError(f"PARLEY_MIN_GROUP_USERS must be a whole number >= 1, got {raw_k!r}")
        raw_chunk = os.environ.get("PARLEY_GX_CHUNK_ROWS") or str(DEFAULT_CHUNK_ROWS)
        if not raw_chunk.isdigit() or int(raw_chunk) < 1:
            raise ValueError(f"PARLEY_GX_CHUNK_ROWS must be a whole number >= 1, got {raw_chunk!r}")
        return cls(
            validation_dir=Path(os.environ.get("PARLEY_VALIDATION_DIR") or DEFAULT_VALIDATION_DIR).resolve(),
            min_group_users=int(raw_k),
            timestamp_min=_parse_utc(
                os.environ.get("PARLEY_TIMESTAMP_MIN") or DEFAULT_TIMESTAMP_MIN, "PARLEY_TIMESTAMP_MIN"
            ),
            timestamp_max_future_hours=_env_float(
                "PARLEY_TIMESTAMP_MAX_FUTURE_HOURS", DEFAULT_TIMESTAMP_MAX_FUTURE_HOURS
            ),
            freshness_hours=_env_float("PARLEY_FRESHNESS_HOURS", DEFAULT_FRESHNESS_HOURS),
            chunk_rows=int(raw_chunk),
        )

    def parameters(self, now: datetime) -> dict[str, Any]:
        """Values suites may refer to as ``{"$PARAMETER": name}`` (timestamps naive UTC, as stored)."""
        now = now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now
        return {
            "min_group_users": self.min_group_users,
            "timestamp_min": self.timestamp_min,
            "timestamp_max": now + timedelta(hours=self.timestamp_max_future_hours),
        }


PARAMETER_NAMES = frozenset(QualitySettings().parameters(datetime(2000, 1, 1)))


# ---------------------------------------------------------------------------------------------------------
# Suites


@dataclass(frozen=True)
class Suite:
    """One suite file: the GX suite definition plus which asset and table it checks."""

    name: str
    asset_key: tuple[str, ...]
    table: str
    description: str
    definition: dict[str, Any]
    path: Path

    @property
    def expectations(self) -> list[dict[str, Any]]:
        return self.definition["expectations"]

    def referenced_columns(self) -> list[str]:
        """Columns named by the expectations' column arguments, in first-use order."""
        seen: dict[str, None] = {}
        for exp in self.expectations:
            kwargs = exp.get("kwargs", {})
            for key in _COLUMN_KWARGS:
                if isinstance(kwargs.get(key), str):
                    seen.setdefault(kwargs[key])
            for key in _COLUMN_LIST_KWARGS:
                for col in kwargs.get(key) or ():
                    seen.setdefault(col)
        return list(seen)

    def condition_columns(self) -> set[str]:
        """Columns named in row conditions (GX 1.x condition objects, ``{"column": {"name": ...}}``)."""
        conditions = [exp.get("kwargs", {}).get("row_condition") for exp in self.expectations]
        return {name for condition in conditions for name in _condition_columns(condition)}

    def needed_columns(self, indices: Iterable[int] | None = None) -> list[str]:
        """Columns the expectations at ``indices`` (default: all) read, condition columns last."""
        picked = [self.expectations[i] for i in indices] if indices is not None else self.expectations
        part = Suite(self.name, self.asset_key, self.table, self.description,
                     {**self.definition, "expectations": picked}, self.path)  # fmt: skip
        needed = part.referenced_columns()
        return needed + sorted(c for c in part.condition_columns() if c not in needed)

    def passes(self) -> list[ChunkPass] | None:
        """How to validate the table in partitions, or None when an expectation needs the whole table.

        The first pass partitions by the first uniqueness key (or by whole rows when the suite has none)
        and validates every row-wise expectation with it; each further uniqueness key gets a pass of its
        own that reads only its key columns. Table-level expectations are in no pass (see
        :data:`_TABLE_EXPECTATIONS`).
        """
        keys: dict[tuple[str, ...], list[int]] = {}
        rows: list[int] = []
        for i, exp in enumerate(self.expectations):
            kind, kwargs = exp.get("type"), exp.get("kwargs", {})
            if kind in _UNIQUE_EXPECTATIONS:
                key = kwargs.get(_UNIQUE_EXPECTATIONS[kind])
                key = (key,) if isinstance(key, str) else tuple(key or ())
                keys.setdefault(key, []).append(i)
            elif kind in _ROW_EXPECTATIONS:
                rows.append(i)
            elif kind not in _TABLE_EXPECTATIONS:
                return None
        ordered = list(keys.items()) or [(None, [])]
        passes = []
        for n, (key, unique) in enumerate(ordered):
            indices = sorted(unique + rows) if n == 0 else unique
            if indices:
                passes.append(ChunkPass(key=key, indices=indices, columns=self.needed_columns(indices)))
        return passes

    def table_indices(self) -> list[int]:
        """Indices of the table-level expectations (judged on the total row count)."""
        return [i for i, e in enumerate(self.expectations) if e.get("type") in _TABLE_EXPECTATIONS]


@dataclass(frozen=True)
class ChunkPass:
    """One partitioned read of a table: the partition key, which expectations it validates, what it reads."""

    key: tuple[str, ...] | None  # None: partition by the whole selected row
    indices: list[int]
    columns: list[str]


def _condition_columns(condition: Any) -> Iterable[str]:
    if isinstance(condition, dict):
        column = condition.get("column")
        if isinstance(column, dict) and isinstance(column.get("name"), str):
            yield column["name"]
        for value in condition.values():
            yield from _condition_columns(value)
    elif isinstance(condition, list):
        for value in condition:
            yield from _condition_columns(value)


def _parameter_refs(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        if set(value) == {"$PARAMETER"}:
            yield value["$PARAMETER"]
        else:
            for v in value.values():
                yield from _parameter_refs(v)
    elif isinstance(value, list):
        for v in value:
            yield from _parameter_refs(v)


def load_suite(path: Path) -> Suite:
    """Read and check one suite file (JSON); raises :class:`SuiteError` naming the problem."""
    try:
        definition = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SuiteError(f"{path}: cannot read the suite: {exc}") from exc
    name = definition.get("name")
    if name != Path(path).stem:
        raise SuiteError(f"{path}: 'name' must be the file name without .json, got {name!r}")
    parley = (definition.get("meta") or {}).get("parley") or {}
    asset_key, table = parley.get("asset_key"), parley.get("table")
    if not (isinstance(asset_key, list) and asset_key and all(isinstance(p, str) and p for p in asset_key)):
        raise SuiteError(f"{path}: meta.parley.asset_key must be a non-empty list of strings")
    if not (isinstance(table, str) and re.fullmatch(r"[A-Za-z_]\w*\.[A-Za-z_]\w*", table)):
        raise SuiteError(f"{path}: meta.parley.table must be 'schema.table', got {table!r}")
    expectations = definition.get("expectations")
    if not isinstance(expectations, list) or not expectations:
        raise SuiteError(f"{path}: 'expectations' must be a non-empty list")
    for i, exp in enumerate(expectations):
        where = f"{path}: expectation {i} ({exp.get('type')})"
        if exp.get("severity") not in SEVERITIES:
            # Explicit on purpose: GX's default (critical) would silently make a new expectation blocking.
            raise SuiteError(f"{where}: 'severity' must be one of {SEVERITIES}, got {exp.get('severity')!r}")
        if not exp.get("notes"):
            raise SuiteError(f"{where}: 'notes' must say why the expectation exists (shown in the data docs)")
        if isinstance(exp.get("kwargs", {}).get("row_condition"), str):
            raise SuiteError(f"{where}: row_condition must be a GX condition object (strings are deprecated)")
        unknown = set(_parameter_refs(exp.get("kwargs", {}))) - PARAMETER_NAMES
        if unknown:
            raise SuiteError(
                f"{where}: unknown $PARAMETER {sorted(unknown)}, known: {sorted(PARAMETER_NAMES)}"
            )
    return Suite(
        name=name,
        asset_key=tuple(asset_key),
        table=table,
        description=str(parley.get("description", "")),
        definition=definition,
        path=Path(path),
    )


def load_suites(directory: Path | None = None) -> list[Suite]:
    """Every ``*.json`` suite in ``directory`` (default: the project's expectations/), sorted by name."""
    directory = Path(directory or SUITES_DIR)
    suites = [load_suite(p) for p in sorted(directory.glob("*.json"))]
    if not suites:
        raise SuiteError(f"no suite (*.json) in {directory}")
    return suites


# ---------------------------------------------------------------------------------------------------------
# Reading the table


@dataclass
class SuiteOutcome:
    """What one validation found: pass/fail per severity, without any value of a failing row."""

    suite: str
    table: str
    passed: bool
    severity: str | None  # "critical" or "warning" for the worst failure, None when passed
    evaluated: int = 0
    rows: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None  # table/columns missing: nothing was validated
    result_path: Path | None = None
    docs_path: Path | None = None


def _table_columns(wh: Warehouse, table: str) -> list[str]:
    schema, name = table.split(".")
    placeholder = "%s" if wh.dialect == "postgres" else "?"
    rows = wh.query(
        "SELECT column_name FROM information_schema.columns "
        f"WHERE table_schema = {placeholder} AND table_name = {placeholder} ORDER BY ordinal_position",
        [schema, name],
    )
    return [r[0] for r in rows]


def _missing_problem(suite: Suite, present: list[str]) -> str | None:
    if not present:
        return (
            f"table {suite.table} does not exist: materialize asset {'/'.join(suite.asset_key)} first "
            f"(suite {suite.path.name} checks it)"
        )
    missing = [c for c in suite.needed_columns() if c not in present]
    if missing:
        return (
            f"table {suite.table} has no column {', '.join(missing)} that suite {suite.path.name} checks: "
            "the table's shape changed; update the model or the suite"
        )
    return None


def _select(columns: Sequence[str]) -> str:
    # Quoted: raw.events has a column named "timestamp".
    return ", ".join(f'"{c}"' for c in columns) if columns else "1 AS parley_row"


def _hash_sql(dialect: str, columns: Sequence[str]) -> str:
    """A deterministic non-negative hash of ``columns`` (equal values, NULLs included, hash equally)."""
    quoted = [f'"{c}"' for c in columns]
    if dialect == "postgres":
        value = f"{quoted[0]}::text" if len(quoted) == 1 else f"ROW({', '.join(quoted)})::text"
        return f"abs(coalesce(hashtext({value}), 0)::bigint)"
    return f"coalesce(hash({', '.join(quoted)}), 0)"


def partition_sql(dialect: str, table: str, chunk: ChunkPass, partitions: int, index: int) -> str:
    """The query reading partition ``index`` of ``partitions`` of ``table`` for ``chunk``.

    Rows are assigned by a hash of the partition key, so every copy of a key value is in the same
    partition and per-partition uniqueness counts sum to the table's. GX ignores NULLs of a single
    uniqueness column, so rows with a NULL key are spread by a hash of the whole row instead of piling
    into one partition; a compound key keeps its NULLs in the key hash (with ``ignore_row_if`` "never"
    two all-NULL keys are duplicates and must meet). Without a key the whole selected row is hashed.
    """
    row_hash = _hash_sql(dialect, chunk.columns)
    if chunk.key is None:
        bucket = row_hash
    elif len(chunk.key) == 1:
        bucket = f'CASE WHEN "{chunk.key[0]}" IS NULL THEN {row_hash} ELSE {_hash_sql(dialect, chunk.key)} END'
    else:
        bucket = _hash_sql(dialect, chunk.key)
    return f"SELECT {_select(chunk.columns)} FROM {table} WHERE ({bucket}) % {int(partitions)} = {int(index)}"


# ---------------------------------------------------------------------------------------------------------
# Validation


def _import_gx():
    # GX reads this when a context is created; the context config below also disables analytics.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    return gx


def _context(docs_dir: Path):
    """A fresh in-memory GX context whose only data docs site is ``docs_dir``."""
    gx = _import_gx()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites={
            "parley": {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        },
    )
    return gx.get_context(project_config=config, mode="ephemeral")


def _scrub_observed(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str) and _ISO_TIME.match(value):
        return value
    # A min/max/most-common value of a text column is a row value: keep only that it existed.
    return "<scrubbed>"


def scrub(obj: Any) -> Any:
    """Drop every key that can carry row values (:data:`VALUE_KEYS`) and non-numeric observed values,
    anywhere in a JSON-like structure; returns the scrubbed copy."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k in VALUE_KEYS:
                continue
            out[k] = _scrub_observed(v) if k == "observed_value" else scrub(v)
        return out
    if isinstance(obj, list):
        return [scrub(v) for v in obj]
    return obj


def _failures(result: dict[str, Any]) -> list[dict[str, Any]]:
    failures = []
    for r in result["results"]:
        if r["success"]:
            continue
        config = r["expectation_config"]
        kwargs = config.get("kwargs", {})
        res = r.get("result") or {}
        exc = r.get("exception_info") or {}
        failures.append({
            "expectation": config["type"],
            "column": kwargs.get("column") or kwargs.get("column_list"),
            "severity": config.get("severity", "critical"),
            "unexpected_count": res.get("unexpected_count"),
            "element_count": res.get("element_count"),
            "observed_value": res.get("observed_value"),
            "error": exc.get("exception_message") if exc.get("raised_exception") else None,
        })  # fmt: skip
    return failures


def _add_validation(ctx, gx, name: str, definition: dict[str, Any]):
    """Register a suite, a whole-dataframe batch definition (asset ``name``) and their validation."""
    gx_suite = ctx.suites.add(gx.ExpectationSuite(**definition))
    try:
        source = ctx.data_sources.get(DATASOURCE)
    except (KeyError, ValueError, LookupError):
        source = ctx.data_sources.add_pandas(DATASOURCE)
    asset = source.add_dataframe_asset(name)
    return ctx.validation_definitions.add(
        gx.ValidationDefinition(
            name=f"validate_{definition['name']}", data=asset.add_batch_definition_whole_dataframe("whole_table"),
            suite=gx_suite,
        )
    )


def _run(validation, gx, suite: Suite, frame, settings: QualitySettings, now: datetime) -> dict[str, Any]:
    result = validation.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters=settings.parameters(now),
        result_format=RESULT_FORMAT,
        run_id=gx.RunIdentifier(run_name=f"parley_{suite.name}", run_time=now),
    )
    return scrub(result.to_json_dict())


def _outcome(
    suite: Suite, as_dict: dict[str, Any], rows: int, settings: QualitySettings, ctx, now: datetime, write: bool
) -> SuiteOutcome:
    failures = _failures(as_dict)
    worst = next((s for s in SEVERITIES if any(f["severity"] == s for f in failures)), None)
    outcome = SuiteOutcome(
        suite=suite.name,
        table=suite.table,
        passed=not failures,
        severity=worst,
        evaluated=as_dict["statistics"]["evaluated_expectations"],
        rows=rows,
        failures=failures,
    )
    if write:
        outcome.result_path = write_result(as_dict, settings.validation_dir, suite.name, now)
        outcome.docs_path = build_data_docs(settings, ctx=ctx)
    return outcome


def validate_frame(
    suite: Suite, frame, settings: QualitySettings, *, now: datetime | None = None, write: bool = True
) -> SuiteOutcome:
    """Validate ``frame`` against ``suite``; with ``write``, keep the scrubbed result and update the docs."""
    gx = _import_gx()
    now = now or datetime.now(UTC)
    ctx = _context(settings.validation_dir / "data_docs")
    validation = _add_validation(ctx, gx, suite.name, suite.definition)
    as_dict = _run(validation, gx, suite, frame, settings, now)
    as_dict["meta"]["parley"] = {"asset_key": list(suite.asset_key), "table": suite.table, "rows": len(frame)}
    return _outcome(suite, as_dict, len(frame), settings, ctx, now, write)


WarehouseSource = Warehouse | Callable[[], Warehouse]


def check_suite(
    source: WarehouseSource,
    suite: Suite,
    settings: QualitySettings,
    *,
    now: datetime | None = None,
    write: bool = True,
) -> SuiteOutcome:
    """Read the suite's columns from the warehouse and validate them (a missing table or column fails).

    ``source`` is an open warehouse (used for every read, left open) or a function opening one: then
    each read opens and closes its own connection, so no DuckDB file lock is held while GX runs. A table
    of at most ``settings.chunk_rows`` rows, or a suite with an expectation :meth:`Suite.passes` cannot
    split, is validated in one frame (:func:`validate_frame`); a larger one by :func:`validate_partitioned`,
    whose result equals the one-frame result.
    """
    passes = suite.passes()
    with _opened(source) as wh:
        problem = _missing_problem(suite, _table_columns(wh, suite.table))
        if problem:
            return problem_outcome(suite, problem)
        rows = wh.count(suite.table) if passes is not None else 0
        if passes is None or rows <= settings.chunk_rows:
            frame = wh.query_arrow(f"SELECT {_select(suite.needed_columns())} FROM {suite.table}").to_pandas()
        else:
            frame = None
    if frame is not None:
        return validate_frame(suite, frame, settings, now=now, write=write)
    return validate_partitioned(source, suite, settings, rows=rows, now=now, write=write)


@contextmanager
def _opened(source: WarehouseSource) -> Iterator[Warehouse]:
    if isinstance(source, Warehouse):
        yield source
    else:
        with source() as wh:
            yield wh


def validate_partitioned(
    source: WarehouseSource,
    suite: Suite,
    settings: QualitySettings,
    *,
    rows: int,
    now: datetime | None = None,
    write: bool = True,
) -> SuiteOutcome:
    """Validate ``suite``'s table of ``rows`` rows in ``ceil(rows / settings.chunk_rows)`` hash partitions.

    One GX context and one validation per :meth:`Suite.passes` pass serve every partition; only one
    partition is in memory at a time. The per-partition results are combined into the result GX gives
    for the whole table (:func:`combine_results`): counts summed, percentages recomputed, table-level
    expectations judged by GX on a column-less frame with the table's row count.
    ``meta.parley`` records ``rows`` (the table's) and ``chunks`` (partitions per pass).
    """
    import pandas as pd

    gx = _import_gx()
    now = now or datetime.now(UTC)
    passes = suite.passes()
    if passes is None:
        raise ValueError(f"suite {suite.name} has an expectation that needs the whole table")
    partitions = max(1, math.ceil(rows / settings.chunk_rows))
    ctx = _context(settings.validation_dir / "data_docs")
    per_expectation: dict[int, list[dict[str, Any]]] = {}
    head: dict[str, Any] | None = None  # first run's result: run id, batch and suite fields for the docs

    def validation_for(indices: list[int], name: str):
        expectations = [suite.expectations[i] for i in indices]
        validation = _add_validation(ctx, gx, name, {**suite.definition, "name": name, "expectations": expectations})
        # GX gives each expectation a fresh id: results are matched back to the suite through it.
        return validation, {str(e.id): i for e, i in zip(validation.suite.expectations, indices, strict=True)}

    def collect(as_dict: dict[str, Any], ids: dict[str, int]) -> None:
        nonlocal head
        head = head or as_dict
        for result in as_dict["results"]:
            per_expectation.setdefault(ids[result["expectation_config"]["id"]], []).append(result)

    for n, chunk in enumerate(passes):
        validation, ids = validation_for(chunk.indices, suite.name if n == 0 else f"{suite.name}__pass{n + 1}")
        seen = 0
        for index in range(partitions):
            with _opened(source) as wh:
                sql = partition_sql(wh.dialect, suite.table, chunk, partitions, index)
                frame = wh.query_arrow(sql).to_pandas()
            seen += len(frame)
            collect(_run(validation, gx, suite, frame, settings, now), ids)
            del frame  # GX keeps its last batch until the next run: do not hold a second copy
        if seen != rows:
            return problem_outcome(suite, (
                f"table {suite.table} changed while it was validated ({rows:,} rows counted, {seen:,} read): "
                "run the check again"
            ))  # fmt: skip
    table_indices = suite.table_indices()
    if table_indices:
        validation, ids = validation_for(table_indices, suite.name if not passes else f"{suite.name}__table")
        collect(_run(validation, gx, suite, pd.DataFrame(index=pd.RangeIndex(rows)), settings, now), ids)
    assert head is not None  # load_suite rejects a suite without expectations
    as_dict = combine_results(head, [per_expectation[i] for i in _gx_order(suite.expectations)])
    as_dict["suite_name"] = suite.name
    for result in as_dict["results"]:  # as if one batch had been validated: the first pass's
        kwargs = result["expectation_config"].get("kwargs") or {}
        if "batch_id" in kwargs:
            kwargs["batch_id"] = f"{DATASOURCE}-{suite.name}"
    as_dict["meta"]["parley"] = {
        "asset_key": list(suite.asset_key), "table": suite.table, "rows": rows, "chunks": partitions,
        "passes": len(passes),
    }  # fmt: skip
    for name in {s.name for s in ctx.suites.all()} - {suite.name}:
        ctx.suites.delete(name)  # the helper suites of later passes get no data docs pages
    return _outcome(suite, as_dict, rows, settings, ctx, now, write)


def _gx_order(expectations: Sequence[dict[str, Any]]) -> list[int]:
    """Indices of ``expectations`` in the order GX 1.24 reports their results: grouped by ``column``
    (expectations without a single column form one group), groups in order of first appearance
    (``Validator.process_expectations_for_validation``)."""
    groups: dict[str, list[int]] = {}
    for i, exp in enumerate(expectations):
        column = (exp.get("kwargs") or {}).get("column")
        groups.setdefault(column if isinstance(column, str) else "\0no column", []).append(i)
    return [i for group in groups.values() for i in group]


def _raised(result: dict[str, Any]) -> bool:
    info = result.get("exception_info") or {}
    if "raised_exception" in info:
        return bool(info["raised_exception"])
    # GX reports failed metrics as {metric id: exception info}
    return any(isinstance(v, dict) and v.get("raised_exception") for v in info.values())


def _percent(part: int | None, whole: int | None) -> float | None:
    return part / whole * 100 if part is not None and whole else None


def combine_result(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One expectation's results on disjoint partitions, combined into its result on their union.

    Counts are summed and the percentages recomputed as GX's ``_format_map_output`` does; success is
    every partition's success, or, with ``mostly``, GX's ratio on the summed counts. A partition that
    raised makes the combined result that partition's (failed) result.
    """
    raised = next((r for r in parts if _raised(r)), None)
    if raised is not None:
        return {**copy.deepcopy(raised), "success": False}
    out = copy.deepcopy(parts[0])
    if len(parts) == 1:
        return out
    res = out.get("result") or {}
    for key in ("element_count", "unexpected_count", "missing_count"):
        if key in res:
            values = [(r.get("result") or {}).get(key) for r in parts]
            res[key] = None if any(v is None for v in values) else sum(values)
    element, unexpected = res.get("element_count") or 0, res.get("unexpected_count")
    considered = element - res["missing_count"] if res.get("missing_count") is not None else element
    if "unexpected_percent" in res:
        res["unexpected_percent"] = _percent(unexpected, considered)
    if "missing_count" in res:
        res["missing_percent"] = _percent(res["missing_count"], element)
        res["unexpected_percent_total"] = _percent(unexpected, element)
        res["unexpected_percent_nonmissing"] = _percent(unexpected, considered)
    mostly = (out["expectation_config"].get("kwargs") or {}).get("mostly")
    if mostly is not None and unexpected is not None:
        # As GX: nothing to consider passes; else the share of considered rows that are expected.
        out["success"] = not element or not considered or (considered - unexpected) / considered >= mostly
    else:
        out["success"] = all(r["success"] for r in parts)
    return out


def combine_results(head: dict[str, Any], per_expectation: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """A validation result shaped like ``head`` whose results are the combined per-expectation parts,
    with GX's statistics recomputed."""
    results = [combine_result(parts) for parts in per_expectation]
    successful = sum(bool(r["success"]) for r in results)
    out = {k: copy.deepcopy(v) for k, v in head.items() if k != "results"}
    out["results"] = results
    out["success"] = successful == len(results)
    out["statistics"] = {
        "evaluated_expectations": len(results),
        "successful_expectations": successful,
        "unsuccessful_expectations": len(results) - successful,
        "success_percent": successful / len(results) * 100 if results else None,
    }
    return out


def problem_outcome(suite: Suite, problem: str) -> SuiteOutcome:
    """The failed (critical) outcome of a suite whose table could not be validated at all."""
    return SuiteOutcome(
        suite=suite.name, table=suite.table, passed=False, severity="critical", problem=problem
    )


# ---------------------------------------------------------------------------------------------------------
# Results on disk


def write_result(result: dict[str, Any], validation_dir: Path, suite_name: str, now: datetime) -> Path:
    """Write a scrubbed GX result as ``<validation_dir>/<suite>/<UTC time>.json`` (and ``latest.json``)."""
    folder = Path(validation_dir) / suite_name
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(scrub(result), indent=2, sort_keys=True, default=str)
    path = folder / f"{now.astimezone(UTC):%Y%m%dT%H%M%S%fZ}.json"
    for target in (path, folder / "latest.json"):
        # Write then rename: a data docs rebuild in another process never reads half a file.
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    return path


def _stored_results(validation_dir: Path, per_suite: int) -> list[tuple[dict[str, Any], str]]:
    """``(parsed, text)`` of the newest ``per_suite`` JSON results of each suite folder."""
    results = []
    for folder in sorted(p for p in Path(validation_dir).iterdir() if p.is_dir() and p.name != "data_docs"):
        files = sorted(p for p in folder.glob("*.json") if p.name != "latest.json")
        for path in files[-per_suite:]:
            try:
                text = path.read_text(encoding="utf-8")
                results.append((json.loads(text), text))
            except (OSError, json.JSONDecodeError):
                continue  # a half-written file from a concurrent run: the next rebuild picks it up
    return results


def build_data_docs(
    settings: QualitySettings, *, ctx=None, suites: Sequence[Suite] | None = None, full: bool = False
) -> Path:
    """Update the HTML data docs under ``<validation_dir>/data_docs`` from the JSON results on disk.

    Pages are rendered only from the scrubbed JSON files (never from GX's in-memory result), so they hold
    no more row values than those files. GX deletes every page whose result is not in the context's
    store, so the newest ``docs_runs_per_suite`` results of every suite are loaded (as their JSON text,
    no re-serialisation); only pages not yet on disk are rendered (``full`` re-renders all), because
    rendering is most of the cost.
    """
    gx = _import_gx()
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    docs_dir = Path(settings.validation_dir) / "data_docs"
    ctx = ctx or _context(docs_dir)
    store = ctx.validation_results_store
    for key in store.list_keys():  # results of this context's own runs: unscrubbed
        store.remove_key(key)
    known = {s.name for s in ctx.suites.all()}
    to_render: list = []
    for suite in suites if suites is not None else _suites_or_empty():
        if suite.name not in known:
            ctx.suites.add(gx.ExpectationSuite(**suite.definition))
            known.add(suite.name)
    for suite_name in known:
        key = ExpectationSuiteIdentifier(name=suite_name)
        if full or not (docs_dir / "expectations" / f"{suite_name}.html").exists():
            to_render.append(key)
    for data, text in _stored_results(settings.validation_dir, settings.docs_runs_per_suite):
        run = data["meta"]["run_id"]
        batch = data["meta"].get("active_batch_definition") or {}
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=data["suite_name"]),
            run_id=gx.RunIdentifier(run_name=run.get("run_name"), run_time=run.get("run_time")),
            batch_identifier=f"{batch.get('datasource_name', DATASOURCE)}-{batch.get('data_asset_name')}",
        )
        store.store_backend.set(store.key_to_tuple(key), text)
        *folders, page = key.to_tuple()
        if full or not (docs_dir / "validations" / Path(*folders) / f"{page}.html").exists():
            to_render.append(key)
    if to_render:
        ctx.build_data_docs(site_names=["parley"], resource_identifiers=to_render)
    return docs_dir / "index.html"


def _suites_or_empty() -> list[Suite]:
    try:
        return load_suites()
    except SuiteError:
        return []


def outcome_summary(outcome: SuiteOutcome) -> Mapping[str, Any]:
    """A compact, value-free summary of an outcome (for logs and Dagster metadata)."""
    return {
        "suite": outcome.suite,
        "table": outcome.table,
        "passed": outcome.passed,
        "severity": outcome.severity,
        "rows": outcome.rows,
        "evaluated": outcome.evaluated,
        "failures": outcome.failures,
        "problem": outcome.problem,
    }
