"""Jobs and schedules."""

from __future__ import annotations

from dagster import AssetSelection, DefaultScheduleStatus, ScheduleDefinition, define_asset_job

parley_pipeline = define_asset_job(
    "parley_pipeline",
    selection=AssetSelection.all(),
    description="The whole pipeline: ingest new log files, enrich new messages, rebuild the marts and report.",
)

daily_schedule = ScheduleDefinition(
    name="parley_daily",
    job=parley_pipeline,
    cron_schedule="0 5 * * *",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Every day at 05:00 (after the night's log rotation): the whole pipeline on what arrived.",
)
