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

BENCHMARKS = {
    "ingest": ("ingest-quick.json", False),
    "embed": ("embed.json", True),
    "intents": ("intents.json", True),
    "signals": ("signals.json", True),
    "warehouse": ("warehouse-quick.json", False),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BENCHMARKS))
def test_benchmark_runs_at_tiny_scale(name, tmp_path):
    result_file, needs_shared_data = BENCHMARKS[name]
    if needs_shared_data and not SHARED_DATA.exists():
        pytest.skip(f"the public evaluation data is not beside the project ({SHARED_DATA})")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / f"{name}.py"), "--quick"],
        cwd=ROOT, env={**os.environ, "PARLEY_BENCH_RESULTS": str(tmp_path)},
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    written = json.loads((tmp_path / result_file).read_text())
    assert written, f"{name} wrote an empty result"
    assert not (ROOT / "bench" / "results" / f"{name}-smoke.json").exists()
