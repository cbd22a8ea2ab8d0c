"""Data-quality asset checks: one blocking ``gx_<suite>`` check per suite in expectations/, plus freshness.

Owns the Dagster side of data quality (:mod:`orchestration.gx` owns the Great Expectations side):

- ``gx_<suite>`` on the suite's asset: a ``critical`` expectation failing makes the check fail with ERROR,
  and the check is blocking, so assets downstream of it in the same run do not materialize; only
  ``warning`` expectations failing gives WARN (reported, downstream runs). A missing table or column
  fails with ERROR and says which.
- ``freshness`` on ``raw/events``: WARN (never blocking) when the newest ``ingested_at`` is older than
  ``PARLEY_FRESHNESS_HOURS`` (default 24).

Nothing here imports Great Expectations at module level (it takes seconds): loading the definitions stays
fast and GX is imported when a check runs.
"""


from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from orchestration.gx import (
    QualitySettings,
    Suite,
    check_suite,
    load_suites,
    problem_outcome,
)
from orchestration.resources import WarehouseResource
from orchestration.warehouse import DuckDBWarehouse, Warehouse, WarehouseError

RAW_EVENTS = AssetKey(["raw", "events"])
_SEVERITY = {"critical": AssetCheckSeverity.ERROR, "warning": AssetCheckSeverity.WARN}


def _read_only(warehouse: WarehouseResource) -> Warehouse:
    """A connection for reading: DuckDB files are opened read-only, so checks running in parallel
    processes do not lock each other out (DuckDB allows one read-write process, or many readers)."""
    if warehouse.kind == "duckdb":
        if not Path(warehouse.duckdb_path).exists():
            raise WarehouseError(f"the warehouse {warehouse.duckdb_path} does not exist: run ingestion first")
        return DuckDBWarehouse(warehouse.duckdb_path, read_only=True)
    return warehouse.connect()


def _describe_failures(failures: list[dict]) -> str:
    parts = []
    for f in failures:
        column = f["column"] if isinstance(f["column"], str) else ",".join(f["column"] or []) or "table"
        if f["error"]:
            detail = f"error: {f['error']}"
        elif f["unexpected_count"] is not None:
            detail = f"{f['unexpected_count']} of {f['element_count']} rows"
        else:
            detail = f"observed {f['observed_value']}"
        parts.append(f"[{f['severity']}] {f['expectation']} on {column}: {detail}")
    return "; ".join(parts)


def _gx_check(suite: Suite) -> AssetChecksDefinition:
    @asset_check(
        asset=AssetKey(list(suite.asset_key)),
        name=f"gx_{suite.name}",
        blocking=True,
        description=(
            f"Great Expectations suite expectations/{suite.path.name} on {suite.table}. "
            "Fails with ERROR (blocking) when a critical expectation fails, WARN when only warnings do."
        ),
        metadata={"suite_file": f"expectations/{suite.path.name}", "table": suite.table},
    )
    def _check(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
        settings = QualitySettings.from_env()
        try:
            # Each read (the whole table, or one partition of a big one) opens a read-only connection and
            # closes it before GX runs: DuckDB allows one writer process at a time.
            outcome = check_suite(lambda: _read_only(warehouse), suite, settings)
        except WarehouseError as exc:
            outcome = problem_outcome(suite, str(exc))
        metadata = {
            "table": suite.table,
            "rows": outcome.rows,
            "expectations_evaluated": outcome.evaluated,
            "failed_critical": sum(f["severity"] == "critical" for f in outcome.failures),
            "failed_warning": sum(f["severity"] == "warning" for f in outcome.failures),
            "failures": MetadataValue.json(outcome.failures),
        }
        if outcome.result_path:
            metadata["result_json"] = MetadataValue.path(str(outcome.result_path.resolve()))
        if outcome.docs_path:
            metadata["data_docs"] = MetadataValue.path(str(outcome.docs_path.resolve()))
        if outcome.problem:
            description = outcome.problem
        elif outcome.passed:
            description = f"{outcome.evaluated} expectations passed on {outcome.rows:,} rows of {suite.table}"
        else:
            description = _describe_failures(outcome.failures)
        if not outcome.passed:
            context.log.warning(f"gx_{suite.name}: {description}")
        return AssetCheckResult(
            passed=outcome.passed,
            severity=_SEVERITY[outcome.severity or "critical"],
            description=description[:2000],
            metadata=metadata,
        )

    return _check


def freshness_verdict(
    latest_ingested_at: datetime | None, now: datetime, max_age_hours: float
) -> tuple[bool, float | None]:
    """``(fresh, age_hours)``: fresh when the newest event was ingested at most ``max_age_hours`` ago.

    Timestamps are naive UTC (as stored) or aware; an empty table (``None``) is not fresh.
    """
    if latest_ingested_at is None:
        return False, None
    if latest_ingested_at.tzinfo is None:
        latest_ingested_at = latest_ingested_at.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    age = (now - latest_ingested_at).total_seconds() / 3600
    return age <= max_age_hours, age


@asset_check(
    asset=RAW_EVENTS,
    name="freshness",
    blocking=False,
    description=(
        "Warns when no new event was ingested for PARLEY_FRESHNESS_HOURS (default 24): measured on the "
        "newest ingested_at of raw.events; the newest event timestamp is reported alongside."
    ),
)
def raw_events_freshness(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource
) -> AssetCheckResult:
    settings = QualitySettings.from_env()
    latest_ingested, latest_event, events = None, None, 0
    try:
        with _read_only(warehouse) as wh:
            if wh.table_exists("raw.events"):
                latest_ingested, latest_event, events = wh.query(
                    'SELECT max(ingested_at), max("timestamp"), count(*) FROM raw.events'
                )[0]
    except WarehouseError as exc:
        context.log.warning(f"freshness: {exc}")
    now = datetime.now(UTC)
    fresh, age = freshness_verdict(latest_ingested, now, settings.freshness_hours)
    _, event_age = freshness_verdict(latest_event, now, settings.freshness_hours)
    if latest_ingested is None:
        description = "raw.events holds no event: nothing has been ingested yet"
    elif fresh:
        description = f"newest event ingested {age:.1f} h ago (limit {settings.freshness_hours:g} h)"
    else:
        description = (
            f"no new event for {age:.1f} h (limit PARLEY_FRESHNESS_HOURS={settings.freshness_hours:g} h): "
            "check that log files still arrive in the landing folder"
        )
    return AssetCheckResult(
        passed=fresh,
        severity=AssetCheckSeverity.WARN,
        description=description,
        metadata={
            "events": int(events or 0),
            "latest_ingested_at": str(latest_ingested) if latest_ingested else "none",
            "hours_since_last_ingest": round(age, 2) if age is not None else -1.0,
            "latest_event_timestamp": str(latest_event) if latest_event else "none",
            "hours_since_latest_event": round(event_age, 2) if event_age is not None else -1.0,
            "limit_hours": settings.freshness_hours,
        },
    )


def build_checks(
    suites_dir: Path | None = None, *, asset_keys: Iterable[AssetKey | Sequence[str]] | None = None
) -> list[AssetChecksDefinition]:
    """Every data-quality check: ``gx_<suite>`` per suite file, plus ``freshness`` on raw/events.

    ``suites_dir`` defaults to the project's expectations/. With ``asset_keys``, only checks on those
    assets are returned (so checks of marts not yet wired into the definitions can be left out).
    Every check needs the ``warehouse`` resource (:class:`WarehouseResource`).
    """
    checks = [_gx_check(s) for s in load_suites(suites_dir)] + [raw_events_freshness]
    if asset_keys is None:
        return checks
    wanted = {AssetKey.from_coercible(k) if not isinstance(k, AssetKey) else k for k in asset_keys}
    return [c for c in checks if any(spec.asset_key in wanted for spec in c.check_specs)]
