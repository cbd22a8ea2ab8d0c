"""The report asset: the marts -> one self-contained HTML page people open (orchestration/report/).

Thin on purpose: load the marts, compute the takeaways, render, write. Everything else lives in the
``orchestration.report`` package, where it is testable without Dagster.
"""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from orchestration.report import REPORT_TABLES, make_report, report_path_from_env
from orchestration.resources import WarehouseResource

# The dbt models the page reads, as dagster-dbt names them (one key per model name).
MART_KEYS = [AssetKey([table]) for table in REPORT_TABLES]


@asset(
    key=["analytics_report"],
    deps=MART_KEYS,
    group_name="report",
    kinds={"python", "html", "plotly"},
    description=(
        "The Parley report: one self-contained HTML page (no network needed) with a plain-words takeaway "
        "per section: portfolio, adoption, retention, outcomes by language and department, intents, "
        "drop-off, A/B tests, cost and ROI, governance. Reads only the suppressed marts. Written to "
        "PARLEY_REPORT_PATH (default reports/parley-report.html) plus a copy dated with the data's last day."
    ),
)
def analytics_report(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    path = report_path_from_env()
    with warehouse.connect() as wh:
        result = make_report(wh, path, source=warehouse.describe())
    takeaways = "\n".join(f"- **{t.section}**: {t.text}" for t in result.takeaways)
    context.log.info(
        f"report written to {result.path.resolve()} ({result.bytes:,} bytes, {result.seconds:.1f}s)"
    )
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(result.path.resolve())),
            "dated_copy": MetadataValue.path(str(result.dated_path.resolve()))
            if result.dated_path
            else "none",
            "data_through": result.last_day or "no data",
            "takeaways": MetadataValue.md(takeaways),
            "bytes": result.bytes,
            "seconds": round(result.seconds, 2),
        }
    )
