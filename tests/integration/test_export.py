"""`parley export`: BI tools read a copy of the BI-facing marts, even while the pipeline writes the warehouse.

The warehouse here is written by hand (a few rows a person can check) with the real table names, plus
raw, enriched, staging and unprefixed tables that must never leave it.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from orchestration.cli import app
from orchestration.export import export_marts

ROOT = Path(__file__).resolve().parents[2]
BI_TABLES = ["dim_assistants", "fct_sessions", "mart_roi"]


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "parley.duckdb"
    con = duckdb.connect(str(path))
    con.execute("""
        CREATE SCHEMA raw; CREATE SCHEMA enriched; CREATE SCHEMA analytics; CREATE SCHEMA analytics_staging;
        CREATE TABLE raw.events (event_id VARCHAR, content VARCHAR);
        INSERT INTO raw.events VALUES ('e1', 'my card is 4111 1111 1111 1111');
        CREATE TABLE enriched.message_signals (event_id VARCHAR, redacted_content VARCHAR);
        CREATE TABLE analytics_staging.stg_raw__messages (event_id VARCHAR);
        CREATE TABLE analytics.scratch (x INTEGER);
        CREATE TABLE analytics.dim_assistants (assistant_id VARCHAR, assistant_name VARCHAR,
                                               launch_date DATE);
        INSERT INTO analytics.dim_assistants VALUES
            ('hr-helper', 'HR Helper', DATE '2026-03-02'),
            ('deal-research-agent', 'Deal Research Agent', NULL);
        CREATE TABLE analytics.fct_sessions (session_id VARCHAR, assistant_id VARCHAR,
                                             session_start_at TIMESTAMP, outcome VARCHAR, cost_usd DOUBLE);
        INSERT INTO analytics.fct_sessions VALUES
            ('s1', 'hr-helper', TIMESTAMP '2026-10-01 09:00:00', 'success', 0.001),
            ('s2', 'deal-research-agent', TIMESTAMP '2026-10-02 10:30:00', 'failure', 3.8);
        CREATE TABLE analytics.mart_roi (month_start DATE, assistant_id VARCHAR, sessions BIGINT,
                                         users BIGINT, token_cost_usd DOUBLE, value_usd DOUBLE, roi DOUBLE);
        INSERT INTO analytics.mart_roi VALUES
            (DATE '2026-10-01', 'hr-helper', 286, 109, 0.29, 4806.8, 16515.08),
            (DATE '2026-10-01', 'deal-research-agent', 91, 26, 320.83, 130.0, -0.5948);
    """)
    con.close()
    return path


def _rows(con, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall(), key=repr)


@pytest.mark.parametrize("fmt", ["duckdb", "parquet", "csv"])
def test_export_holds_exactly_the_bi_tables_with_their_rows(warehouse, tmp_path, fmt):
    out = tmp_path / "bi"
    result = export_marts(warehouse, out, fmt)
    assert [t["name"] for t in result.tables] == BI_TABLES
    manifest = json.loads((out / "manifest.json").read_text())
    assert [t["name"] for t in manifest["tables"]] == BI_TABLES
    assert {t["name"]: t["rows"] for t in manifest["tables"]} == {
        "dim_assistants": 2,
        "fct_sessions": 2,
        "mart_roi": 2,
    }
    src = duckdb.connect(str(warehouse), read_only=True)
    con = duckdb.connect()
    for name in BI_TABLES:
        if fmt == "duckdb":
            exported = f"read_only_db.main.{name}"
            if name == BI_TABLES[0]:
                con.execute(f"ATTACH '{out / 'parley.duckdb'}' AS read_only_db (READ_ONLY)")
        elif fmt == "parquet":
            exported = f"read_parquet('{out / (name + '.parquet')}')"
        else:
            exported = f"read_csv('{out / (name + '.csv')}', header = true)"
        assert _rows(con, f"SELECT * FROM {exported}") == _rows(src, f"SELECT * FROM analytics.{name}")
    names = {p.name for p in out.iterdir()}
    assert not any(n.startswith(("events", "message_signals", "stg_", "scratch", ".export")) for n in names)
    src.close()
    con.close()


def test_manifest_describes_grain_columns_and_suppression(warehouse, tmp_path):
    export_marts(warehouse, tmp_path / "bi", "parquet")
    manifest = json.loads((tmp_path / "bi" / "manifest.json").read_text())
    roi = next(t for t in manifest["tables"] if t["name"] == "mart_roi")
    assert roi["grain"].startswith("One row per assistant and calendar month")
    assert roi["kind"] == "mart" and roi["suppressed"] is True and roi["file"] == "mart_roi.parquet"
    cols = {c["name"]: c for c in roi["columns"]}
    assert cols["month_start"]["type"] == "DATE" and cols["sessions"]["type"] == "BIGINT"
    assert "net_value_usd" in cols["roi"]["description"]
    facts = next(t for t in manifest["tables"] if t["name"] == "fct_sessions")
    assert facts["suppressed"] is False and facts["grain"].startswith("One row per session")
    assert manifest["suppression"]["min_group_users"] == 5


def test_duckdb_export_uses_the_v1_0_storage_format_with_comments(warehouse, tmp_path):
    export_marts(warehouse, tmp_path / "bi", "duckdb")
    path = tmp_path / "bi" / "parley.duckdb"
    magic, version = struct.Struct("<8x4sQ").unpack(path.read_bytes()[:20])
    # Storage format 64 is what DuckDB 0.10.x, 1.0.x and 1.1.x write and what every later release reads.
    assert (magic, version) == (b"DUCK", 64)
    con = duckdb.connect(str(path), read_only=True)
    [(tags,)] = con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = 'parley'").fetchall()
    assert tags["storage_version"] == "v1.0.0+"
    [(comment,)] = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'mart_roi'").fetchall()
    assert comment.startswith("One row per assistant and calendar month")
    con.close()


WRITER = textwrap.dedent("""
    import sys, time
    from orchestration.warehouse import DuckDBWarehouse
    wh = DuckDBWarehouse(sys.argv[1])  # read-write: holds DuckDB's file lock, as a pipeline run does
    wh.execute("CREATE TABLE IF NOT EXISTS raw.writes (n BIGINT)")
    print("writing", flush=True)
    for n in range(20):
        wh.execute("INSERT INTO raw.writes VALUES (?)", [n])
        wh.execute("CHECKPOINT")
        time.sleep(0.05)
    sys.stdin.read()  # keep the lock (and the connection) until the test closes stdin
    wh.close()
""")

READER = textwrap.dedent("""
    import json, sys, duckdb
    out = {}
    con = duckdb.connect(sys.argv[1], read_only=True)
    for (name,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
        out["duckdb." + name] = sorted(map(repr, con.execute(f"SELECT * FROM {name}").fetchall()))
    mem = duckdb.connect()
    for path in sys.argv[2:]:
        name = path.rsplit("/", 1)[-1].removesuffix(".parquet")
        rows = mem.execute(f"SELECT * FROM read_parquet('{path}')").fetchall()
        out["parquet." + name] = sorted(map(repr, rows))
    print(json.dumps(out))
""")


def test_bi_tools_read_the_export_while_the_pipeline_writes_the_warehouse(warehouse, tmp_path):
    export_marts(warehouse, tmp_path / "duck", "duckdb")
    export_marts(warehouse, tmp_path / "pq", "parquet")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(warehouse)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "writing"
        time.sleep(0.3)
        # The live warehouse is locked for every other process, even read-only ...
        blocked = subprocess.run(
            [sys.executable, "-c", f"import duckdb; duckdb.connect({str(warehouse)!r}, read_only=True)"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert blocked.returncode != 0 and "lock" in blocked.stderr.lower()
        # ... while the export opens read-only from another process at the same time.
        parquet = sorted(str(p) for p in (tmp_path / "pq").glob("*.parquet"))
        reader = subprocess.run(
            [sys.executable, "-c", READER, str(tmp_path / "duck" / "parley.duckdb"), *parquet],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert reader.returncode == 0, reader.stderr
        assert writer.poll() is None, "the writer must still hold the warehouse while the export is read"
    finally:
        writer.communicate(input="", timeout=60)
    assert writer.returncode == 0, writer.stderr
    seen = json.loads(reader.stdout)
    src = duckdb.connect(str(warehouse), read_only=True)
    assert src.execute("SELECT count(*) FROM raw.writes").fetchone()[0] == 20
    for name in BI_TABLES:
        expected = sorted(map(repr, src.execute(f"SELECT * FROM analytics.{name}").fetchall()))
        assert seen[f"duckdb.{name}"] == expected
        assert seen[f"parquet.{name}"] == expected
    assert set(seen) == {f"{kind}.{name}" for kind in ("duckdb", "parquet") for name in BI_TABLES}
    src.close()


runner = CliRunner()


@pytest.mark.parametrize("command", [["export"], ["report"]])
def test_export_and_report_commands_have_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_cli_export_writes_the_folder_and_prints_the_tables(warehouse, tmp_path):
    result = runner.invoke(
        app, ["export", "--format", "csv", "--out", str(tmp_path / "csv"), "--warehouse", str(warehouse)]
    )
    assert result.exit_code == 0, result.output
    assert "mart_roi" in result.output and (tmp_path / "csv" / "mart_roi.csv").exists()


def test_cli_export_of_a_missing_warehouse_exits_one_with_a_reason(tmp_path):
    result = runner.invoke(
        app,
        [
            "export",
            "--format",
            "parquet",
            "--out",
            str(tmp_path / "x"),
            "--warehouse",
            str(tmp_path / "nope.duckdb"),
        ],
    )
    assert result.exit_code == 1 and "does not exist" in result.output


def test_cli_export_rejects_an_unknown_format(warehouse, tmp_path):
    result = runner.invoke(
        app, ["export", "--format", "xlsx", "--out", str(tmp_path / "x"), "--warehouse", str(warehouse)]
    )
    assert result.exit_code == 2 and "parquet, duckdb, csv" in result.output
