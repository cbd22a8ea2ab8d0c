"""The Dagster code location: every asset, resource, job, sensor and schedule of Parley."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster import Definitions
from dagster_dbt import DbtCliResource

from orchestration.assets.dbt import parley_dbt_models
from orchestration.assets.enrich import intents, message_embeddings, message_signals
from orchestration.assets.ingest import raw_events
from orchestration.assets.report import analytics_report
from orchestration.checks import build_checks
from orchestration.dbt_project import dbt_project
from orchestration.jobs import daily_schedule, intents_recluster, parley_pipeline
from orchestration.resources import EnrichmentResource, LandingResource, WarehouseResource
from orchestration.sensors import landing_folder_sensor


def dbt_executable() -> str:
    """The dbt next to this Python (the project's venv), else the one on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def build_resources() -> dict:
    return {
        "warehouse": WarehouseResource.from_env(),
        "landing": LandingResource.from_env(),
        "enrichment": EnrichmentResource.from_env(),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }


def build_definitions() -> Definitions:
    """The code location, with resources read from the environment as it is now."""
    return Definitions(
        assets=[raw_events, message_embeddings, message_signals, intents, parley_dbt_models, analytics_report],
        asset_checks=build_checks(),
        resources=build_resources(),
        jobs=[parley_pipeline, intents_recluster],
        sensors=[landing_folder_sensor],
        schedules=[daily_schedule],
    )


defs = build_definitions()
