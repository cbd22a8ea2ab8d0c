"""The Dagster code location: every asset, resource, job, sensor and schedule of Parley."""

from __future__ import annotations

from dagster import Definitions

from orchestration.assets.ingest import raw_events
from orchestration.jobs import daily_schedule, parley_pipeline
from orchestration.resources import LandingResource, WarehouseResource
from orchestration.sensors import landing_folder_sensor


def build_resources() -> dict:
    return {"warehouse": WarehouseResource.from_env(), "landing": LandingResource.from_env()}


defs = Definitions(
    assets=[raw_events],
    resources=build_resources(),
    jobs=[parley_pipeline],
    sensors=[landing_folder_sensor],
    schedules=[daily_schedule],
)
