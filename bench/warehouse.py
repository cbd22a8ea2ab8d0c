"""`dbt build` on DuckDB: full build and incremental build with 1% new data, at growing scales.

The build is the pipeline's: `dbt build --exclude-resource-type unit_test` (seeds, models, data tests).

    .venv/bin/python bench/warehouse.py                   # 100k and 1M messages
    .venv/bin/python bench/warehouse.py --scales 100k,1m,5m
    .venv/bin/python bench/warehouse.py --quick           # 20k, run by the test suite
    .venv/bin/python bench/warehouse.py --scales 1m --memory-limit 1GB   # also a full build under a DuckDB cap
    .venv/bin/python bench/warehouse.py --warehouse my.duckdb --memory-limit 4GB   # on a copy of your warehouse

For each scale: generate 57 days of demo conversations, ingest and enrich the first 56 (not timed here:
see bench/ingest.py, bench/embed.py), then time `dbt build --full-refresh` and three incremental builds,
in this order (each build twice from a copy of the same file: the faster time, the higher peak memory):
  - nothing new: a second build straight away (the floor of every incremental build);
  - next day: after loading the 57th day (a Tuesday), the same users' next day of traffic (about 2% more
    messages, late feedback on the day before, sessions across midnight): what a daily pipeline run sees;
  - +1% spread: after loading 1% more conversations of another seed spread over the demo's default
    window, 2026-09-06 to 10-31 (the base runs 09-08 to 11-02): new users, every week touched, the worst
    case (a late backfill).
Before the scales, the floor of dbt itself: a build with nothing new on a warehouse of about 500 messages,
where no query has data to speak of, so what is left is dbt's start-up, parsing and per-node work for this
project (timed like the others). Every build pays it; each incremental build is also reported beyond it:
(incremental - floor) / (full - floor).
New data is ingested and enriched the same way, untimed. Each dbt build runs in its own process, after what
was written before it is flushed to disk (os.sync); peak memory is that process tree's. The baseline of
every incremental build is the full build of the same warehouse in the same run. With --memory-limit, the
full build runs once more with PARLEY_DUCKDB_MEMORY_LIMIT set, against the uncapped one. With --warehouse,
a copy of an already loaded and enriched warehouse is measured instead of generated data (incremental: a
second build with nothing new).
For each build, where its time went is kept beside it ("dbt", from dbt's run_results.json of the faster of its
two runs): the time dbt spent running nodes, its models' and data tests' summed times, its slowest nodes.
Results: bench/results/warehouse.json (warehouse-quick.json for --quick).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench.common import PYTHON, ROOT, parse_scale, print_table, run_measured, write_results  # noqa: E402
from orchestration.dbt_project import DBT_BUILD_ARGS  # noqa: E402

MESSAGES_PER_CONVERSATION = 4.9  # demo data average (messages only, feedback and handoffs excluded)
# 56 days of base data, then a Tuesday (2026-11-03) as the next day: a typical weekday (the demo data moves
# most weekend traffic to Mondays)
DAYS, NEXT_DAY = 56, date(2026, 11, 3)


def load(warehouse: Path, folder: Path) -> dict:
    from enrichment.embed import Embedder, normalize_text, text_hash
    from orchestration import enrich
    from orchestration.ingest import ingest_paths
    from orchestration.warehouse import connect

    embedder = Embedder()
    with connect("duckdb", path=warehouse) as wh:
        ingest_paths(wh, [folder])
        enrich.enrich_embeddings(wh, embedder, normalize_text, text_hash, log=lambda _: None)
        enrich.enrich_signals(wh, text_hash, embedder.model_id, embedder.dimension, log=lambda _: None)
        enrich.enrich_intents(wh, embedder.model_id, embedder.dimension, log=lambda _: None)
        [(messages,)] = wh.query("SELECT count(*) FROM raw.events WHERE event_type = 'message'")
    return {"messages": messages}


# The build the pipeline runs (its Dagster asset passes the same arguments): unit tests are left to `make test`.
DBT = [str(Path(PYTHON).parent / "dbt"), *DBT_BUILD_ARGS, "--project-dir", "dbt_project", "--profiles-dir", ".", "-q"]


def dbt_build(warehouse: Path, *extra: str, stderr: Path | None = None, memory_limit: str | None = None) -> Build:
    """One `dbt build` in its own process (wall time and peak RSS of its process tree, and where_time_went).

    Data still in the page cache is flushed to disk first (os.sync), so that the kernel writing back what
    the load before it wrote (gigabytes at 5M messages) is not timed as the build's."""
    os.sync()
    # DuckDB's default memory limit unless one is asked for, even when the caller's environment sets one
    env = {"PARLEY_WAREHOUSE": str(warehouse), "PARLEY_DBT_TARGET": "duckdb",
           "PARLEY_DUCKDB_MEMORY_LIMIT": memory_limit or ""}
    RUN_RESULTS.unlink(missing_ok=True)
    measured = run_measured([*DBT, *extra], env=env, cwd=ROOT, stderr=stderr)
    return Build(measured.seconds, measured.peak_rss_mib, where_time_went(RUN_RESULTS))


@dataclass
class Build:
    """One timed `dbt build`: wall time, peak memory, and where_time_went()."""
    seconds: float
    peak_rss_mib: float
    breakdown: dict


RUN_RESULTS = ROOT / "dbt_project" / "target" / "run_results.json"


def where_time_went(run_results: Path, slowest: int = 8) -> dict:
    """Where one build's time went, from dbt's run_results.json: the time dbt spent running nodes (the rest
    of the wall time is starting Python, importing dbt and parsing the project), the summed time of its
    models and of its data tests, and its slowest nodes (seconds, by name)."""
    results = json.loads(run_results.read_text())
    nodes = [(r["unique_id"].split(".")[0], r["unique_id"].split(".")[2], r["execution_time"])
             for r in results["results"]]
    return {
        "running_seconds": round(results["elapsed_time"], 2),
        "models_seconds": round(sum(t for kind, _, t in nodes if kind == "model"), 2),
        "tests_seconds": round(sum(t for kind, _, t in nodes if kind == "test"), 2),
        "tests": sum(1 for kind, _, _ in nodes if kind == "test"),
        "slowest_nodes": {name: round(t, 2) for _, name, t in sorted(nodes, key=lambda n: -n[2])[:slowest]},
    }


def faster_of_two(warehouse: Path, *extra: str, stderr: Path | None = None) -> Build:
    """The same build twice from the same starting file: the faster time (with its breakdown) and the
    higher peak memory.

    The machines these run on are shared, and another tenant's burst can add seconds to one build. The
    warehouse is left as the second build left it (both did the same work)."""
    if warehouse.with_name(warehouse.name + ".wal").exists():
        raise RuntimeError(f"{warehouse} has a write-ahead log: close every connection to it before timing a build")
    before = warehouse.with_name(warehouse.name + ".before")
    shutil.copyfile(warehouse, before)
    first = dbt_build(warehouse, *extra, stderr=stderr)
    os.replace(before, warehouse)
    second = dbt_build(warehouse, *extra, stderr=stderr)
    faster = min(first, second, key=lambda build: build.seconds)
    return Build(faster.seconds, max(first.peak_rss_mib, second.peak_rss_mib), faster.breakdown)


def capped_full(warehouse: Path, memory_limit: str, uncapped: dict, stderr: Path | None = None) -> dict:
    """`dbt build --full-refresh` again under PARLEY_DUCKDB_MEMORY_LIMIT, against the uncapped full build."""
    capped = dbt_build(warehouse, "--full-refresh", stderr=stderr, memory_limit=memory_limit)
    return {"memory_limit": memory_limit, "seconds": round(capped.seconds, 2),
            "peak_rss_mib": round(capped.peak_rss_mib),
            "seconds_vs_uncapped": round(capped.seconds / uncapped["seconds"], 3),
            "peak_vs_uncapped": round(capped.peak_rss_mib / uncapped["peak_rss_mib"], 3)}


FLOOR_CONVERSATIONS = 100  # about 500 messages


def dbt_floor(stderr: Path | None = None) -> dict:
    """A nothing-new build of a ~500-message warehouse after its full build (faster_of_two): dbt's own cost."""
    from enrichment.demo_data import generate

    work = Path(tempfile.mkdtemp(prefix="parley-bench-dbt-floor-"))
    try:
        generate(work / "data", conversations=FLOOR_CONVERSATIONS, days=DAYS, end_date=NEXT_DAY, seed=21,
                 foreign_share=0)
        warehouse = work / "parley.duckdb"
        base = load(warehouse, work / "data" / "v1")
        dbt_build(warehouse, "--full-refresh", stderr=stderr)
        best = faster_of_two(warehouse, stderr=stderr)
        return {"messages": base["messages"], "seconds": round(best.seconds, 2),
                "peak_rss_mib": round(best.peak_rss_mib), "dbt": best.breakdown}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def beyond_floor(seconds: float, full_seconds: float, floor_seconds: float) -> float | None:
    """(seconds - floor) / (full - floor): the share of a full build's own work an incremental build does."""
    if full_seconds <= floor_seconds:
        return None
    return round((seconds - floor_seconds) / (full_seconds - floor_seconds), 3)


def incremental_cell(run: dict) -> str:
    beyond = run["vs_full_beyond_floor"]
    return (f"+{run['new_messages']:,}: {run['seconds']:.1f} s ({run['vs_full']:.2f}x"
            + (f", {beyond:.2f}x beyond floor)" if beyond is not None else ")"))


def full_and_incremental(warehouse: Path, base_messages: int, load_new: Callable[[], dict],
                         stderr: Path | None = None, load_next_day: Callable[[], dict] | None = None) -> dict:
    """Time `dbt build --full-refresh` on ``warehouse``, call ``load_new()`` (adds ~1% new data, ingested and
    enriched, not timed here; returns {"messages": total after}), then time an incremental `dbt build`.
    With ``load_next_day`` (same contract), first an incremental build with nothing new and one after the
    next day's data. Every incremental build's baseline is the full build of the same warehouse in the same
    run."""
    full = faster_of_two(warehouse, "--full-refresh", stderr=stderr)
    result = {"messages": base_messages,
              "full": {"seconds": round(full.seconds, 2), "peak_rss_mib": round(full.peak_rss_mib),
                       "us_per_message": round(full.seconds / base_messages * 1e6, 2), "dbt": full.breakdown},
              "command": " ".join(DBT[1:]) + " [--full-refresh]"}

    def incremental(key: str, before: int, load: Callable[[], dict] | None) -> int:
        after = load()["messages"] if load else before
        build = faster_of_two(warehouse, stderr=stderr)
        result[key] = {"new_messages": after - before, "seconds": round(build.seconds, 2),
                       "peak_rss_mib": round(build.peak_rss_mib), "vs_full": round(build.seconds / full.seconds, 3),
                       "dbt": build.breakdown}
        return after

    messages = base_messages
    if load_next_day:
        messages = incremental("incremental_nothing_new", messages, None)
        messages = incremental("incremental_next_day", messages, load_next_day)
    incremental("incremental", messages, load_new)
    return result


# The incremental builds full_and_incremental() times, by their key in the results, in order, with their label
# (with --warehouse, only "incremental", a second build with nothing new).
INCREMENTAL_BUILDS = {"incremental_nothing_new": "nothing new", "incremental_next_day": "next day",
                      "incremental": "+1% spread"}


def breakdown_rows(results: list[dict], builds: dict[str, str]) -> list[list]:
    """Rows of the second table: for each scale, each build in ``builds`` (key -> label) and where its time went."""
    rows = []
    for result in results:
        for key, label in builds.items():
            if key in result:
                run, dbt = result[key], result[key]["dbt"]
                slowest = ", ".join(f"{name[:40]} {t:.1f}" for name, t in list(dbt["slowest_nodes"].items())[:3])
                rows.append([f"{result['messages']:,}", label, f"{run['seconds']:.1f}",
                             f"{dbt['running_seconds']:.1f}", f"{dbt['models_seconds']:.1f}",
                             f"{dbt['tests_seconds']:.1f}", slowest])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", help="messages per scale, comma-separated (default 100k,1m; 5m is opt-in)")
    parser.add_argument("--quick", action="store_true", help="one tiny scale (20k messages)")
    parser.add_argument("--memory-limit", metavar="SIZE",
                        help="also time a full build with PARLEY_DUCKDB_MEMORY_LIMIT=SIZE (e.g. 2GB)")
    parser.add_argument("--warehouse", type=Path, metavar="FILE",
                        help="measure a copy of this loaded and enriched DuckDB warehouse instead of generated data")
    args = parser.parse_args()
    from enrichment.demo_data import generate

    if args.warehouse and not args.warehouse.is_file():
        parser.error(f"--warehouse {args.warehouse}: no such file (give a DuckDB warehouse Parley has loaded)")
    if args.warehouse and (args.scales or args.quick):
        parser.error("--warehouse measures that warehouse: it takes no --scales or --quick")
    args.scales = args.scales or "100k,1m"
    os.environ.pop("PARLEY_DUCKDB_MEMORY_LIMIT", None)  # loads and builds run at DuckDB's default unless --memory-limit
    scales = [None] if args.warehouse else [20_000] if args.quick else [parse_scale(s) for s in args.scales.split(",")]
    builds = {"incremental": "nothing new"} if args.warehouse else INCREMENTAL_BUILDS
    floor = dbt_floor()
    print(f"dbt floor: {floor['seconds']:.1f} s (a build with nothing new, {floor['messages']:,} messages)", flush=True)
    rows, results = [], []
    for target in scales:
        work = Path(tempfile.mkdtemp(prefix="parley-bench-dbt-"))
        try:
            warehouse = work / "parley.duckdb"  # DuckDB names the catalog after the file: dbt expects `parley`
            if args.warehouse:
                import duckdb

                with duckdb.connect(str(args.warehouse)) as con:  # fails clearly while another process writes it
                    con.execute("CHECKPOINT")  # everything in the file itself, none left in its .wal
                shutil.copyfile(args.warehouse, warehouse)

                with duckdb.connect(str(warehouse), read_only=True) as con:
                    [(messages,)] = con.execute(
                        "SELECT count(*) FROM raw.events WHERE event_type = 'message'").fetchall()
                base = {"messages": messages}

                def load_new(base: dict = base) -> dict:
                    return base  # nothing new: the incremental build's floor
            else:
                conversations = max(100, int(target / MESSAGES_PER_CONVERSATION))
                # 57 days: the first 56 are the base, the last one (a file of its own) the next day's load
                generate(work / "base", conversations=conversations * (DAYS + 1) // DAYS, days=DAYS + 1,
                         end_date=NEXT_DAY + timedelta(days=1), seed=21, foreign_share=0)
                next_day = work / "next-day" / "v1"
                next_day.mkdir(parents=True)
                last = max((work / "base" / "v1").glob("events-*.jsonl"))
                last.rename(next_day / last.name)
                base = load(warehouse, work / "base" / "v1")

                def load_new(work: Path = work, warehouse: Path = warehouse,
                             conversations: int = conversations) -> dict:
                    # 1% new conversations, different ids (another seed), spread over the same window
                    generate(work / "new", conversations=max(1, conversations // 100), seed=22, foreign_share=0)
                    return load(warehouse, work / "new" / "v1")

            def load_next_day(work: Path = work, warehouse: Path = warehouse) -> dict:
                return load(warehouse, work / "next-day" / "v1")

            result = full_and_incremental(warehouse, base["messages"], load_new,
                                          load_next_day=None if args.warehouse else load_next_day)
            if args.memory_limit:
                result["full_capped"] = capped_full(warehouse, args.memory_limit, result["full"])
            full = result["full"]
            results.append(result)
            capped = result.get("full_capped")
            runs = [result[k] for k in builds if k in result]
            for run in runs:
                run["vs_full_beyond_floor"] = beyond_floor(run["seconds"], full["seconds"], floor["seconds"])
            rows.append([f"{base['messages']:,}", f"{full['seconds']:.1f}", f"{full['peak_rss_mib']:,.0f}",
                         f"{full['us_per_message']}",
                         *[incremental_cell(r) for r in runs],
                         f"{max(r['peak_rss_mib'] for r in runs):,.0f}",
                         *([f"{capped['seconds']:.1f} s / {capped['peak_rss_mib']:,} MiB"] if capped else [])])
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print_table("dbt build on DuckDB (seeds, models, data tests): full, then incremental (new messages: s, x full, "
                f"x full beyond the dbt floor of {floor['seconds']:.1f} s)",
                ["messages", "full s", "full MiB", "us/message", *[f"incr., {label}" for label in builds.values()],
                 "incr. peak MiB",
                 *([f"full, memory_limit {args.memory_limit}"] if args.memory_limit else [])], rows)
    print_table("where each build's time went (wall = running the nodes + starting Python, importing dbt and parsing; "
                "models and data tests summed; the three slowest nodes)",
                ["messages", "build", "wall s", "running s", "models s", "tests s", "slowest nodes (s)"],
                breakdown_rows(results, {"full": "full", **builds}))
    if len(results) > 1:
        growth = results[-1]["full"]["us_per_message"] / results[0]["full"]["us_per_message"]
        print(f"\ncost per message at the largest scale / at the smallest: {growth:.2f} (<= 1 means no worse "
              f"than linear; the dbt floor, {floor['seconds']:.1f} s a build, dominates small scales)")
    command = "python bench/warehouse.py" + (
        " --quick" if args.quick else f" --warehouse {args.warehouse.name}" if args.warehouse
        else f" --scales {args.scales}") + (f" --memory-limit {args.memory_limit}" if args.memory_limit else "")
    name = "warehouse-quick" if args.quick else "warehouse-own" if args.warehouse else "warehouse"
    path = write_results(name, {"dbt_floor": floor, "scales": results, "command": command})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
