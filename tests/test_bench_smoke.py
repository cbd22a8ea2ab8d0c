"""Every benchmark runs once at a tiny scale, so its code cannot rot. No assertion is about speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("PARLEY_SHARED_DATA", ROOT.parent / "shared" / "data"))

BENCHMARKS = {  # result file, needs ../shared/data, extra arguments
    "ingest": ("ingest-quick.json", False, []),
    "embed": ("embed.json", True, []),
    "intents": ("intents.json", True, []),
    "signals": ("signals.json", True, []),
    "warehouse": ("warehouse-quick.json", False, ["--memory-limit", "1GB"]),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BENCHMARKS))
def test_benchmark_runs_at_tiny_scale(name, tmp_path):
    result_file, needs_shared_data, extra = BENCHMARKS[name]
    if needs_shared_data and not SHARED_DATA.exists():
        pytest.skip(f"the public evaluation data is not beside the project ({SHARED_DATA})")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / f"{name}.py"), "--quick", *extra],
        cwd=ROOT, env={**os.environ, "PARLEY_BENCH_RESULTS": str(tmp_path)},
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    written = json.loads((tmp_path / result_file).read_text())
    assert written, f"{name} wrote an empty result"
    if name == "warehouse":
        [scale] = written["scales"]
        assert scale["full_capped"]["memory_limit"] == "1GB" and scale["full_capped"]["peak_rss_mib"] > 0
        # nothing new, then the next day's data, then 1% spread over the whole window
        assert scale["incremental_nothing_new"]["new_messages"] == 0
        assert scale["incremental_next_day"]["new_messages"] > 0 and scale["incremental"]["new_messages"] > 0
        # dbt's own cost, measured on a ~500-message warehouse, and each incremental build beyond it
        assert 0 < written["dbt_floor"]["messages"] < 1000 and written["dbt_floor"]["seconds"] > 0
        assert all("vs_full_beyond_floor" in scale[k] for k in ("incremental_nothing_new", "incremental"))
        # where each build's time went, from dbt's run_results.json: nodes run inside the wall time
        for build in (scale["full"], scale["incremental_next_day"], written["dbt_floor"]):
            dbt = build["dbt"]
            assert dbt["tests"] > 0 and dbt["slowest_nodes"], dbt
            assert 0 < dbt["models_seconds"] + dbt["tests_seconds"] <= dbt["running_seconds"] < build["seconds"], dbt
    assert not (ROOT / "bench" / "results" / f"{name}-smoke.json").exists()


@pytest.mark.slow
def test_run_all_measures_every_stage_at_a_tiny_scale(tmp_path):
    """bench/run_all.py end to end at 2,000 messages: every stage appears in the results file with a
    time, a peak memory and, where the stage has one, a baseline and its ratio."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run_all.py"), "--scale", "2k"],
        cwd=ROOT, env={**os.environ, "PARLEY_BENCH_RESULTS": str(tmp_path)},
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    [written] = list(tmp_path.glob("*-2k.json"))
    result = json.loads(written.read_text())
    stages = {s["stage"].split(" (")[0].split(",")[0]: s for s in result["stages"]}
    assert {"ingestion", "embedding stage", "embedding", "signals stage", "intents", "intents stage",
            "dbt build --full-refresh", "dbt build", "end to end: parley run", "end to end: re-run"} <= set(stages)
    for s in result["stages"]:
        assert s["parley"]["seconds"] > 0 and s["parley"]["peak_rss_mib"] > 0, s["stage"]
        assert (s["baseline"] is None) == (s["ratio_parley_to_baseline"] is None), s["stage"]
    assert stages["ingestion"]["items"] == result["events"]
    assert stages["end to end: parley run"]["parley"]["tables"], "the first run's table list was not parsed"
    steps = stages["end to end: parley run"]["parley"]["steps"]
    assert {"raw__events", "enriched__message_signals", "parley_dbt_models", "analytics_report"} <= set(steps), steps
    rerun = stages["end to end: re-run"]
    assert 0 < rerun["parley"]["loaded"] < result["events"] / 20, "the re-run loads only the 1% new"
