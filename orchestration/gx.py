"""Great Expectations runner: the suites in ``expectations/`` validated against warehouse tables.

Owns: reading and checking the suite files (plain JSON, no GX import, so building the Dagster
definitions stays fast), the runtime parameters suites refer to with ``{"$PARAMETER": name}``, reading
exactly the columns a suite needs from the warehouse into pandas, validating that frame with an
ephemeral GX context, scrubbing row values out of the results, and writing the results as JSON plus
GX's HTML data docs under the validation folder (``PARLEY_VALIDATION_DIR``).

No Dagster here: :mod:`orchestration.checks` wraps :func:`read_suite_frame` + :func:`validate_frame` as
asset checks (:func:`check_suite` is both in one call). GX validates
a pandas DataFrame, never the warehouse through SQLAlchemy: GX 1.24 + duckdb-engine silently fails
every expectation (docs/data-quality.md).

Severity is GX's own per-expectation ``severity`` field: ``critical`` failures make the Dagster check
fail with ERROR (blocking downstream assets), ``warning`` failures with WARN (reported, not blocking).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
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

    @classmethod
    def from_env(cls) -> QualitySettings:
        """Read ``PARLEY_VALIDATION_DIR``, ``PARLEY_MIN_GROUP_USERS``, ``PARLEY_TIMESTAMP_MIN``,
        ``PARLEY_TIMESTAMP_MAX_FUTURE_HOURS`` and ``PARLEY_FRESHNESS_HOURS`` (defaults above)."""
        raw_k = os.environ.get("PARLEY_MIN_GROUP_USERS") or str(DEFAULT_MIN_GROUP_USERS)
        if not raw_k.isdigit() or int(raw_k) < 1:
            raise ValueError(f"PARLEY_MIN_GROUP_USERS must be a whole number >= 1, got {raw_k!r}")
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


def read_suite_frame(wh: Warehouse, suite: Suite):
    """The columns ``suite`` needs from its table, as a pandas DataFrame, or a readable problem string.

    Returns ``(frame, None)`` or ``(None, problem)`` when the table or a column is missing.
    """
    present = _table_columns(wh, suite.table)
    if not present:
        return None, (
            f"table {suite.table} does not exist: materialize asset {'/'.join(suite.asset_key)} first "
            f"(suite {suite.path.name} checks it)"
        )
    needed = suite.referenced_columns()
    needed += sorted(c for c in suite.condition_columns() if c not in needed)
    missing = [c for c in needed if c not in present]
    if missing:
        return None, (
            f"table {suite.table} has no column {', '.join(missing)} that suite {suite.path.name} checks: "
            "the table's shape changed; update the model or the suite"
        )
    # Quoted: raw.events has a column named "timestamp".
    select = ", ".join(f'"{c}"' for c in needed) if needed else "1 AS parley_row"
    return wh.query_arrow(f"SELECT {select} FROM {suite.table}").to_pandas(), None


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


def validate_frame(
    suite: Suite, frame, settings: QualitySettings, *, now: datetime | None = None, write: bool = True
) -> SuiteOutcome:
    """Validate ``frame`` against ``suite``; with ``write``, keep the scrubbed result and update the docs."""
    gx = _import_gx()
    now = now or datetime.now(UTC)
    docs_dir = settings.validation_dir / "data_docs"
    ctx = _context(docs_dir)
    gx_suite = ctx.suites.add(gx.ExpectationSuite(**suite.definition))
    batch = ctx.data_sources.add_pandas(DATASOURCE).add_dataframe_asset(suite.name)
    definition = batch.add_batch_definition_whole_dataframe("whole_table")
    validation = ctx.validation_definitions.add(
        gx.ValidationDefinition(name=f"validate_{suite.name}", data=definition, suite=gx_suite)
    )
    run_id = gx.RunIdentifier(run_name=f"parley_{suite.name}", run_time=now)
    result = validation.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters=settings.parameters(now),
        result_format=RESULT_FORMAT,
        run_id=run_id,
    )
    as_dict = scrub(result.to_json_dict())
    as_dict["meta"]["parley"] = {"asset_key": list(suite.asset_key), "table": suite.table, "rows": len(frame)}
    failures = _failures(as_dict)
    worst = next((s for s in SEVERITIES if any(f["severity"] == s for f in failures)), None)
    outcome = SuiteOutcome(
        suite=suite.name,
        table=suite.table,
        passed=not failures,
        severity=worst,
        evaluated=as_dict["statistics"]["evaluated_expectations"],
        rows=len(frame),
        failures=failures,
    )
    if write:
        outcome.result_path = write_result(as_dict, settings.validation_dir, suite.name, now)
        outcome.docs_path = build_data_docs(settings, ctx=ctx)
    return outcome


def check_suite(
    wh: Warehouse, suite: Suite, settings: QualitySettings, *, now: datetime | None = None
) -> SuiteOutcome:
    """Read the suite's columns from the warehouse and validate them (a missing table or column fails)."""
    frame, problem = read_suite_frame(wh, suite)
    return problem_outcome(suite, problem) if problem else validate_frame(suite, frame, settings, now=now)


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
