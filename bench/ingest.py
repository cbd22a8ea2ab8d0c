"""Ingestion throughput against DuckDB's own ``read_json`` of the same files (the physical baseline).

    .venv/bin/python bench/ingest.py                 # ~1M generated events
    .venv/bin/python bench/ingest.py --events 200000
    .venv/bin/python bench/ingest.py --quick         # tiny; run by the test suite so this cannot rot

Each side runs in its own process on the same Parley v1 files written by ``parley generate``: the
baseline is ``CREATE TABLE ... AS SELECT * FROM read_json(...)`` (parse + store, no validation, no
lineage, no de-duplication, silently typed by DuckDB's sampling); Parley validates every line, derives ids,
de-duplicates, quarantines and records lineage. Peak memory is the summed RSS of the process and its
parse workers. Results: bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench.common import PYTHON, machine, print_table, run_measured, write_results

BASELINE = """
import duckdb, sys
con = duckdb.connect(sys.argv[1])
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE events AS SELECT * FROM read_json(?, format='newline_delimited')", [sys.argv[2]])
print(con.execute("SELECT count(*) FROM events").fetchone()[0])
"""

PARLEY = """
import json, sys
from orchestration.ingest import ingest_paths
from orchestration.warehouse import connect
if __name__ == "__main__":
    with connect("duckdb", path=sys.argv[1]) as wh:
        print(json.dumps(ingest_paths(wh, [sys.argv[2]]).as_dict()))
"""


def measure(folder: Path, work: Path, repeat: int = 1, stderr: Path | None = None) -> dict:
    """Load every ``*.jsonl`` file directly in ``folder`` with DuckDB's ``read_json`` (baseline) and with
    Parley's ingestion, each in its own process, ``repeat`` times each (the fastest run counts).

    Returns {"baseline": Measured, "parley": Measured, "summary": Parley's ingest summary dict,
    "events": events loaded, "warehouse": the Parley warehouse of the first run}. Raises if the two sides
    did not load the same number of events."""
    best: dict = {}
    for side, script in (("baseline", BASELINE), ("parley", PARLEY)):
        for i in range(repeat):
            db = work / f"{side}-{i}.duckdb"
            source = str(folder / "*.jsonl") if script is BASELINE else str(folder)
            m = run_measured([PYTHON, "-c", script, str(db), source], stderr=stderr)
            if side not in best or m.seconds < best[side].seconds:
                best[side] = m
    ingest = json.loads(best["parley"].stdout.strip().splitlines()[-1])
    baseline_rows = int(best["baseline"].stdout.strip().splitlines()[-1])
    if baseline_rows != ingest["events_loaded"]:
        raise RuntimeError(f"read_json loaded {baseline_rows:,} rows, Parley {ingest['events_loaded']:,} events")
    return {"baseline": best["baseline"], "parley": best["parley"], "summary": ingest,
            "events": ingest["events_loaded"], "warehouse": work / "parley-0.duckdb"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="approximate number of events")
    parser.add_argument("--quick", action="store_true", help="a tiny run (about 5,000 events)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each side; the fastest counts")
    args = parser.parse_args()
    target = 5_000 if args.quick else args.events
    repeat = 1 if args.quick else args.repeat

    from enrichment.demo_data import generate

    work = Path(tempfile.mkdtemp(prefix="parley-bench-ingest-"))
    try:
        # the demo data averages ~5.2 events per conversation; the exact count is read back below
        summary = generate(work / "landing", conversations=max(50, target // 5), days=28, seed=11, foreign_share=0)
        files = sorted((work / "landing" / "v1").glob("*.jsonl"))
        size_mb = sum(f.stat().st_size for f in files) / 2**20
        m = measure(work / "landing" / "v1", work, repeat)
        base, ours, ingest, events = m["baseline"], m["parley"], m["summary"], m["events"]
        results = {"duckdb read_json (baseline)": base, "parley ingest": ours}
        assert events == summary.events, "both sides must load every generated event"
        rows = []
        # a re-run of the same files must be a no-op (idempotency), and costs little
        rerun = run_measured([PYTHON, "-c", PARLEY, str(work / "parley-0.duckdb"), str(work / "landing" / "v1")])
        rerun_loaded = json.loads(rerun.stdout.strip().splitlines()[-1])["events_loaded"]
        for side, m in results.items():
            rows.append([side, f"{events:,}", f"{m.seconds:.2f}", f"{events / m.seconds:,.0f}",
                         f"{m.peak_rss_mib:,.0f}", f"{m.seconds / base.seconds:.2f}x"])
        rows.append(["parley re-run (no new data)", f"{rerun_loaded:,}", f"{rerun.seconds:.2f}", "-",
                     f"{rerun.peak_rss_mib:,.0f}", f"{rerun.seconds / base.seconds:.2f}x"])
        title = f"ingestion of {events:,} events ({size_mb:,.0f} MiB, {len(files)} files) on {machine()['cores']} cores"
        print_table(title, ["side", "events", "seconds", "events/s", "peak RSS MiB", "vs baseline"], rows)
        ratio = ours.seconds / base.seconds
        print(f"\nparley / baseline = {ratio:.2f}x (target: within 3x)")
        path = write_results("ingest-quick" if args.quick else "ingest", {
            "events": events, "input_mib": round(size_mb, 1), "files": len(files),
            "baseline": {"seconds": round(base.seconds, 3), "events_per_s": round(events / base.seconds),
                         "peak_rss_mib": round(base.peak_rss_mib)},
            "parley": {"seconds": round(ours.seconds, 3), "events_per_s": round(events / ours.seconds),
                       "peak_rss_mib": round(ours.peak_rss_mib), "lines_quarantined": ingest["lines_quarantined"]},
            "rerun": {"seconds": round(rerun.seconds, 3), "events_loaded": rerun_loaded},
            "ratio_vs_baseline": round(ratio, 2),
            "command": "python bench/ingest.py" + (" --quick" if args.quick else f" --events {args.events}"),
        })
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
