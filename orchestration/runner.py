"""Running the pipeline job in this process (``parley run``, ``make demo``, tests), one run at a time.

DuckDB allows a single writer per file, and two pipeline runs on one warehouse would race anyway, so a
run holds an exclusive lock file beside the warehouse for its whole duration; a second run started
meanwhile stops at once with "already running" instead of failing later on a lock error.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dagster import DagsterInstance

from orchestration.resources import WarehouseResource


class PipelineError(RuntimeError):
    """The pipeline could not run or a step failed; the message says which and what to do."""


@dataclass
class RunResult:
    run_id: str
    warehouse: str
    seconds: float
    ingest: dict | None = None
    tables: list[tuple[str, int]] = field(default_factory=list)
    asset_metadata: dict[str, dict] = field(default_factory=dict)
    # (step key, seconds) in the order the steps started: assets and asset checks alike
    steps: list[tuple[str, float]] = field(default_factory=list)


def lock_path(warehouse: WarehouseResource) -> Path:
    if warehouse.kind == "duckdb":
        return Path(warehouse.duckdb_path).with_suffix(".lock")
    return Path(os.environ.get("PARLEY_LOCK_DIR", "warehouse")) / "postgres.lock"


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock on ``path`` (released when the process ends, even on a crash)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise PipelineError(
                f"a Parley run is already running on this warehouse ({holder}); wait for it to finish "
                f"(lock file {path})"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def list_tables(warehouse: WarehouseResource) -> list[tuple[str, int]]:
    """(schema.table, rows) for every Parley table in the warehouse."""
    with warehouse.connect() as wh:
        names = wh.query(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('information_schema', 'pg_catalog') AND table_type = 'BASE TABLE' "
            "ORDER BY 1, 2"
        )
        return [(f"{s}.{t}", wh.count(f"{s}.{t}")) for s, t in names]


def run_pipeline(
    job_name: str = "parley_pipeline",
    *,
    log: Callable[[str], None] = print,
    instance: DagsterInstance | None = None,
) -> RunResult:
    """Execute a job of the code location in process and summarise what it built."""
    from orchestration.dbt_project import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import build_definitions

    defs = build_definitions()  # resources from the environment of this call, not of the first import

    warehouse = WarehouseResource.from_env()
    started = time.perf_counter()
    with run_lock(lock_path(warehouse)):
        if instance is None:
            instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
        log(f"running {job_name} on {warehouse.describe()}")
        result = defs.resolve_job_def(job_name).execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": os.environ.get("PARLEY_LOG_LEVEL", "INFO")}}}},
        )
        if not result.success:
            failures = [e for e in result.all_events if e.is_step_failure]
            messages = [f"{e.step_key}: {_root_cause(e.event_specific_data.error)}" for e in failures
                        if e.event_specific_data and e.event_specific_data.error]
            raise PipelineError("; ".join(messages) or "the run failed; see the log above")
        metadata = _materializations(result)
        steps = step_seconds(instance.all_logs(result.run_id))
        tables = list_tables(warehouse)
    ingest = metadata.get("raw/events")
    return RunResult(
        run_id=result.run_id,
        warehouse=warehouse.describe(),
        seconds=time.perf_counter() - started,
        ingest=ingest,
        tables=tables,
        asset_metadata=metadata,
        steps=steps,
    )


def _root_cause(error) -> str:
    while error.cause is not None:
        error = error.cause
    return error.message.strip().splitlines()[-1]


def step_seconds(entries) -> list[tuple[str, float]]:
    """(step key, wall seconds from its start to its success or failure) of each step, in start order,
    from a run's event log entries (``instance.all_logs(run_id)``)."""
    started: dict[str, float] = {}
    ended: dict[str, float] = {}
    for entry in entries:
        event = entry.dagster_event
        if event is None or entry.step_key is None:
            continue
        if event.is_step_start:
            started[entry.step_key] = entry.timestamp
        elif event.is_step_success or event.is_step_failure:
            ended[entry.step_key] = entry.timestamp
    return [(key, ended[key] - start) for key, start in started.items() if key in ended]


def _materializations(result) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for event in result.all_events:
        if event.is_step_materialization:
            mat = event.event_specific_data.materialization
            out[mat.asset_key.to_user_string()] = {k: v.value for k, v in mat.metadata.items()}
    return out
