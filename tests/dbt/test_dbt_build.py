"""`dbt build` on DuckDB: every model, contract, data test and unit test passes, enriched or not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orchestration.warehouse import WarehouseError, connect
from tests.dbt.conftest import Dbt, duckdb_query, load, not_null_constraints, nullable_columns

# every mart the project defines: a new one is checked without editing this file
MARTS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "marts"
MARTS = sorted(p.stem for p in MARTS_DIR.rglob("mart_*.sql"))


def test_build_passes_every_test_and_fills_every_mart(built_duckdb):
    query = duckdb_query(built_duckdb)
    for mart in MARTS:
        assert query(f"select count(*) from analytics.{mart}")[0][0] > 0, f"{mart} is empty"
    sessions, multi = query("select count(*), count(distinct conversation_key) from analytics.fct_sessions")[
        0
    ]
    assert multi < sessions, "the test data should have conversations split into several sessions"


def test_the_warehouse_refuses_a_null_where_a_contract_says_not_null(built_duckdb, tmp_path):
    import duckdb

    constrained = not_null_constraints()
    assert ("fct_messages", "language") in constrained and ("fct_sessions", "outcome") in constrained
    assert not constrained & nullable_columns(duckdb_query(built_duckdb), "analytics")
    # and a write that breaks one fails, as a build writing it would (on a copy: the fixture is shared)
    copy = tmp_path / "parley.duckdb"
    shutil.copyfile(built_duckdb, copy)
    with duckdb.connect(str(copy)) as con, pytest.raises(duckdb.ConstraintException, match="language"):
        con.execute("update analytics.fct_messages set language = null where event_id = "
                    "(select min(event_id) from analytics.fct_messages)")


def test_no_table_bi_reads_carries_unredacted_text(built_duckdb):
    query = duckdb_query(built_duckdb)
    # the generator writes e-mail addresses into some messages; enrichment's stand-in redacts them
    assert query("select count(*) from raw.events where content like '%@example.com%'")[0][0] > 0
    columns = query(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'analytics' and data_type = 'VARCHAR'"
    )
    for table, column in columns:
        hits = query(f"select count(*) from analytics.{table} where {column} like '%@example.com%'")[0][0]
        assert hits == 0, f"analytics.{table}.{column} carries an unredacted e-mail address"


def test_build_succeeds_before_enrichment_has_run(tmp_path, demo_events):
    path = tmp_path / "parley.duckdb"
    with connect("duckdb", path=path) as wh:
        load(wh, demo_events.first, tmp_path / "landing", "first")
        for table in (
            "enriched.message_signals",
            "enriched.message_intents",
            "enriched.intents",
            "enriched.intent_id_map",
        ):
            wh.ensure_table(table)
    Dbt(tmp_path, duckdb_path=path)("build")
    query = duckdb_query(path)
    assert query("select distinct language from analytics.fct_messages") == [("und",)]
    assert query("select distinct intent_id from analytics.fct_messages where role = 'user'") == [
        ("unclassified",)
    ]
    assert query("select intent_id from analytics.dim_intents") == [("unclassified",)]
    assert query("select count(*) from analytics.fct_sessions")[0][0] > 0


def test_duckdb_memory_limit_caps_python_and_dbt(tmp_path, monkeypatch):
    path = tmp_path / "parley.duckdb"
    with connect("duckdb", path=path) as wh:
        [(default,)] = wh.query("select current_setting('memory_limit')")
    monkeypatch.setenv("PARLEY_DUCKDB_MEMORY_LIMIT", "1GB")
    with connect("duckdb", path=path) as wh:
        assert wh.query("select current_setting('memory_limit')") == [("953.6 MiB",)] != [(default,)]
    monkeypatch.setenv("PARLEY_DUCKDB_MEMORY_LIMIT", "a lot")
    with pytest.raises(WarehouseError, match="PARLEY_DUCKDB_MEMORY_LIMIT='a lot' is not a size"):
        connect("duckdb", path=path)

    # dbt sets it in on-run-start: a value DuckDB refuses fails the run, a valid one passes
    dbt = Dbt(tmp_path, duckdb_path=path)
    dbt.env["PARLEY_DUCKDB_MEMORY_LIMIT"] = "a lot"
    refused = dbt("seed", "-s", "value_assumptions", check=False)
    assert refused.returncode != 0 and "memory" in refused.stdout.lower()
    dbt.env["PARLEY_DUCKDB_MEMORY_LIMIT"] = "1GB"
    dbt("seed", "-s", "value_assumptions")
