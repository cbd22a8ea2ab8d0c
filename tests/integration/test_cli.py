"""The `parley` command line is a public contract: help on every command, exit codes, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestration.cli import app
from orchestration.runner import run_lock

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", [[], ["generate"], ["ingest"], ["run"]])
def test_every_command_has_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def _v1_line(n: int, **kw) -> str:
    event = {"event_type": "message", "event_id": f"e-{n}", "timestamp": "2026-03-02T09:00:00Z",
             "conversation_id": "c", "assistant_id": "a", "user_id": "u", "role": "user", "content": "hi"}
    return json.dumps({**event, **kw}) + "\n"


def test_ingest_exits_zero_when_lines_are_quarantined(tmp_path):
    (tmp_path / "in.jsonl").write_text(_v1_line(1) + "garbage\n" + _v1_line(2, timestamp="soon"))
    result = runner.invoke(app, ["ingest", str(tmp_path / "in.jsonl"), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 0, result.output
    assert "malformed_json: 1" in result.output and "bad_timestamp: 1" in result.output


def test_ingest_of_a_missing_path_exits_one_with_a_reason(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_run_with_a_missing_landing_folder_says_what_to_do(tmp_path):
    env = {**os.environ, "PARLEY_WAREHOUSE": str(tmp_path / "w.duckdb"), "DAGSTER_HOME": ""}
    env.pop("DAGSTER_HOME")
    proc = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "run", "--landing", str(tmp_path / "missing")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1
    assert "does not exist" in proc.stderr and "parley generate" in proc.stderr


def test_a_second_run_on_the_same_warehouse_stops_with_already_running(tmp_path):
    (tmp_path / "landing").mkdir()
    (tmp_path / "landing" / "a.jsonl").write_text(_v1_line(1))
    warehouse = tmp_path / "w.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["PARLEY_WAREHOUSE"] = str(warehouse)
    # The first run is represented by a real process holding the run lock, as `parley run` does.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from orchestration.runner import run_lock\n"
         "with run_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)",
         str(warehouse.with_suffix(".lock"))],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        proc = subprocess.run(
            [sys.executable, "-m", "orchestration.cli", "run", "--landing", str(tmp_path / "landing")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1
    assert "already running" in proc.stderr
    assert not warehouse.exists()  # the second run touched nothing


def test_the_run_lock_is_released_after_a_run(tmp_path):
    with run_lock(tmp_path / "w.lock"):
        pass
    with run_lock(tmp_path / "w.lock"):
        pass
