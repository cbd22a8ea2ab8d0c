"""Jobs and schedules.

Every job runs its steps in one process, one after another: DuckDB allows a single writer per file, and
the steps share that writer (STACK_NOTES measured the in-process executor at half the run time, too).
"""

from __future__ import annotations

from dagster import (
    AssetKey,
    AssetSelection,
    DefaultScheduleStatus,
    ScheduleDefinition,
    define_asset_job,
    in_process_executor,
)

parley_pipeline = define_asset_job(
    "parley_pipeline",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="The whole pipeline: ingest new log files, enrich new messages, rebuild the marts and report.",
)

INTENT_ASSETS = [AssetKey(["enriched", "intents"]), AssetKey(["enriched", "message_intents"]),
                 AssetKey(["enriched", "intent_id_map"])]

intents_recluster = define_asset_job(
    "intents_recluster",
    selection=AssetSelection.assets(*INTENT_ASSETS).downstream(),
    executor_def=in_process_executor,
    config={"ops": {"intents": {"config": {"recluster": True}}}},
    description="Deliberately re-discover intents on all messages: new clusters inherit the current ids by "
                "overlap (recorded in enriched.intent_id_map), every message is re-assigned, marts rebuilt.",
)

daily_schedule = ScheduleDefinition(
    name="parley_daily",
    job=parley_pipeline,
    cron_schedule="0 5 * * *",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Every day at 05:00 (after the night's log rotation): the whole pipeline on what arrived.",
)
