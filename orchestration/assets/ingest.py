"""The ingestion asset: raw log files in the landing folder -> ``raw.events`` (+ quarantine and ingest log)."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from orchestration.ingest import ingest_paths
from orchestration.resources import LandingResource, WarehouseResource


@asset(
    key=["raw", "events"],
    group_name="ingest",
    kinds={"python", "duckdb"},
    description=(
        "Every conversation event from the log files in the landing folder (Parley v1, OpenAI chat "
        "logs, OpenTelemetry GenAI spans), one row per event. Lines that cannot be loaded go to "
        "raw.quarantine with their file, line and reason; raw.ingest_log reconciles every file."
    ),
)
def raw_events(context: AssetExecutionContext, warehouse: WarehouseResource,
               landing: LandingResource) -> MaterializeResult:
    if not landing.path.exists():
        raise FileNotFoundError(
            f"landing folder {landing.path.resolve()} does not exist: create it, set PARLEY_LANDING_DIR, "
            "or run `parley generate --out data/landing` for demo data"
        )

    def progress(path: str, lines: int) -> None:
        context.log.info(f"{path}: {lines:,} lines read")

    with warehouse.connect() as wh:
        summary = ingest_paths(wh, [landing.path], max_line_bytes=landing.max_line_bytes, progress=progress)
        total_events = wh.count("raw.events")
        total_quarantined = wh.count("raw.quarantine")
    s = summary.as_dict()
    context.log.info(
        f"ingested {s['files_read']} files ({s['files_unchanged']} unchanged): {s['lines_in']:,} lines in = "
        f"{s['lines_loaded']:,} loaded + {s['lines_duplicate']:,} duplicates + {s['lines_quarantined']:,} quarantined"
    )
    return MaterializeResult(
        metadata={
            "files_read": s["files_read"],
            "files_unchanged": s["files_unchanged"],
            "lines_in": s["lines_in"],
            "lines_loaded": s["lines_loaded"],
            "lines_duplicate": s["lines_duplicate"],
            "lines_quarantined": s["lines_quarantined"],
            "events_loaded": s["events_loaded"],
            "quarantined_by_reason": MetadataValue.json(s["quarantined_by_reason"]),
            "total_events": total_events,
            "total_quarantined": total_quarantined,
            "seconds": s["seconds"],
            "dagster/row_count": total_events,
        }
    )
