"""The ``parley`` command line: a public contract for people, scripts and schedulers.

Exit codes: 0 on success (quarantined lines are data, not failures); 1 with a one-line reason on a real
error (a missing path, a warehouse in use, a failed step); 2 for wrong usage.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from orchestration.resources import DEFAULT_LANDING_DIR
from orchestration.warehouse import DEFAULT_DUCKDB_PATH

app = typer.Typer(
    name="parley",
    help="Parley: warehouse-native user analytics for AI assistants.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

WarehouseOpt = typer.Option(
    None, "--warehouse", "-w", help=f"DuckDB warehouse file [env PARLEY_WAREHOUSE; default {DEFAULT_DUCKDB_PATH}]"
)
LandingOpt = typer.Option(
    None, "--landing", "-l",
    help=f"Landing folder of raw log files [env PARLEY_LANDING_DIR; default {DEFAULT_LANDING_DIR}]",
)


def fail(message: str) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


def _warehouse_path(warehouse: Path | None) -> str:
    return str(warehouse or os.environ.get("PARLEY_WAREHOUSE", DEFAULT_DUCKDB_PATH))


@app.command()
def generate(
    out_dir: Path = typer.Option(..., "--out", "-o", help="Folder to write the demo log files into."),
    conversations: int = typer.Option(3000, "--conversations", "-n", min=1, help="Number of conversations."),
    days: int = typer.Option(56, "--days", "-d", min=1, help="Days of history, ending 2026-11-01."),
    seed: int = typer.Option(7, "--seed", "-s", help="Random seed: same seed, byte-identical files."),
) -> None:
    """Write realistic demo conversation logs (Parley v1 plus OpenAI and OpenTelemetry slices)."""
    from enrichment.demo_data import generate as generate_demo

    started = time.perf_counter()
    with console.status("generating conversations") as status:

        def progress(done: int, total: int) -> None:
            status.update(f"generating conversations: {done:,} / {total:,}")

        summary = generate_demo(out_dir, conversations=conversations, days=days, seed=seed, progress=progress)
    console.print(
        f"wrote {summary.events:,} events ({summary.conversations:,} conversations, {summary.users:,} users) "
        f"to {out_dir} in {time.perf_counter() - started:.1f}s"
    )


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Log files or folders (.jsonl, .jsonl.gz), read recursively."),
    warehouse: Path | None = WarehouseOpt,
    max_line_bytes: int | None = typer.Option(None, help="Longest accepted line [env PARLEY_MAX_LINE_BYTES; 1 MiB]"),
) -> None:
    """Load log files into raw.events; unusable lines go to raw.quarantine. Safe to repeat."""
    from orchestration.ingest import IngestError, ingest_paths
    from orchestration.warehouse import WarehouseError, connect

    try:
        with connect(path=_warehouse_path(warehouse)) as wh:
            summary = ingest_paths(
                wh, paths, max_line_bytes=max_line_bytes,
                progress=lambda path, n: console.print(f"  {path}: {n:,} lines", highlight=False),
            )
    except (IngestError, WarehouseError) as exc:
        fail(str(exc))
    _print_ingest(summary.as_dict())


def _print_ingest(s: dict) -> None:
    table = Table(title="ingestion", show_header=True)
    for col in ("lines in", "loaded", "duplicates", "quarantined", "events loaded", "files read", "unchanged"):
        table.add_column(col, justify="right")
    table.add_row(*(f"{s[k]:,}" for k in ("lines_in", "lines_loaded", "lines_duplicate", "lines_quarantined",
                                            "events_loaded", "files_read", "files_unchanged")))
    out.print(table)
    if s["quarantined_by_reason"]:
        reasons = ", ".join(f"{k}: {v:,}" for k, v in s["quarantined_by_reason"].items())
        out.print(f"quarantined by reason: {reasons} (see raw.quarantine)")


@app.command()
def run(
    landing: Path | None = LandingOpt,
    warehouse: Path | None = WarehouseOpt,
) -> None:
    """Run the whole pipeline through Dagster, in this process, and print a summary."""
    if landing is not None:
        os.environ["PARLEY_LANDING_DIR"] = str(landing)
    if warehouse is not None:
        os.environ["PARLEY_WAREHOUSE"] = str(warehouse)
    from orchestration.runner import PipelineError, run_pipeline

    try:
        result = run_pipeline(log=lambda msg: console.print(msg, highlight=False))
    except PipelineError as exc:
        fail(str(exc))
    _print_run(result)


def _print_run(result) -> None:
    ingest = result.ingest
    if ingest:
        out.print(
            f"rows in: {ingest['lines_in']:,} lines -> {ingest['lines_loaded']:,} loaded, "
            f"{ingest['lines_duplicate']:,} duplicates, {ingest['lines_quarantined']:,} quarantined"
        )
    table = Table(title=f"tables in {result.warehouse}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in result.tables:
        table.add_row(name, f"{rows:,}")
    out.print(table)
    if result.steps:
        steps = Table(title="steps (wall time)")
        steps.add_column("step")
        steps.add_column("seconds", justify="right")
        for key, seconds in result.steps:
            steps.add_row(key, f"{seconds:.1f}")
        out.print(steps)
    out.print(f"run {result.run_id} finished in {result.seconds:.1f}s")
    validation = Path(os.environ.get("PARLEY_VALIDATION_DIR") or "reports/validation").resolve()
    out.print(f"warehouse:          {result.warehouse}", highlight=False)
    out.print(f"validation results: {validation} (data docs: {validation / 'data_docs' / 'index.html'})",
              highlight=False)
    report = result.asset_metadata.get("analytics_report", {}).get("path")
    if report:
        out.print(f"report:             {report}", highlight=False)


@app.command()
def report(
    warehouse: Path | None = WarehouseOpt,
    out_file: Path | None = typer.Option(
        None, "--out", "-o",
        help="HTML file to write [env PARLEY_REPORT_PATH; default reports/parley-report.html]",
    ),
) -> None:
    """Build the HTML report from the marts (read-only; a dated copy is written beside it)."""
    from orchestration.report import ReportError, make_report, report_path_from_env
    from orchestration.warehouse import DuckDBWarehouse, WarehouseError, connect

    path = out_file or report_path_from_env()
    try:
        if os.environ.get("PARLEY_WAREHOUSE_KIND", "duckdb") == "postgres":
            wh = connect("postgres")
        else:
            source = Path(_warehouse_path(warehouse))
            if not source.exists():
                fail(f"the warehouse {source} does not exist: run the pipeline first (`parley run`)")
            wh = DuckDBWarehouse(source, read_only=True)
        with wh:
            result = make_report(wh, path, source=str(getattr(wh, "path", "PostgreSQL")))
    except (ReportError, WarehouseError) as exc:
        fail(str(exc))
    for t in result.takeaways:
        out.print(f"[bold]{t.section}[/bold]: {t.text}", highlight=False)
    dated = f" and {result.dated_path}" if result.dated_path else ""
    out.print(f"wrote {result.path}{dated} ({result.bytes / 1e6:.1f} MB) in {result.seconds:.1f}s")


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", "-f", help="parquet, duckdb or csv."),
    out_dir: Path = typer.Option(..., "--out", "-o", help="Folder for the export and its manifest.json."),
    warehouse: Path | None = WarehouseOpt,
) -> None:
    """Export the BI-facing marts (analytics.fct_*, dim_*, mart_*) with a manifest, for BI tools."""
    from orchestration.export import EXPORT_FORMATS, ExportError, export_marts

    if fmt not in EXPORT_FORMATS:
        console.print(f"[red]error:[/red] --format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
        raise typer.Exit(2)
    if os.environ.get("PARLEY_WAREHOUSE_KIND", "duckdb") == "postgres":
        fail("export reads a DuckDB warehouse; on PostgreSQL, connect BI tools to schema analytics "
             "(docs/bi.md)")
    try:
        result = export_marts(_warehouse_path(warehouse), out_dir, fmt)
    except ExportError as exc:
        fail(str(exc))
    table = Table(title=f"{fmt} export in {out_dir}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    table.add_column("grain")
    for t in result.tables:
        table.add_row(t["name"], f"{t['rows']:,}", t["grain"])
    out.print(table)
    out.print(f"manifest: {result.manifest_path} ({result.seconds:.1f}s)")


def main() -> None:  # pragma: no cover - console entry point
    try:
        app()
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
