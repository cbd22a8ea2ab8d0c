"""Sensors: start the pipeline when log files arrive or change in the landing folder."""

import hashlib
import json

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from orchestration.ingest import discover
from orchestration.jobs import parley_pipeline
from orchestration.resources import LandingResource


def landing_state(landing: LandingResource) -> dict[str, list[int]]:
    """{file: [size, mtime_ns]} for every input file in the landing folder."""
    if not landing.path.exists():
        return {}
    return {str(p): [p.stat().st_size, p.stat().st_mtime_ns] for p in discover([landing.path])}


@sensor(
    job=parley_pipeline,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.STOPPED,
    description="Runs the pipeline when a log file is added to, or grows in, the landing folder.",
)
def landing_folder_sensor(context: SensorEvaluationContext, landing: LandingResource):
    state = landing_state(landing)
    previous = json.loads(context.cursor) if context.cursor else {}
    changed = sorted(path for path, stat in state.items() if previous.get(path) != stat)
    if not changed:
        return SkipReason(f"no new or changed files in {landing.path}")
    context.update_cursor(json.dumps(state, sort_keys=True))
    run_key = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]
    return RunRequest(run_key=run_key, tags={"parley/changed_files": str(len(changed))})
