"""The same pipeline (ingest -> enrich -> dbt build with every test -> checks) on PostgreSQL and DuckDB,
on the same input: every BI-facing table agrees row for row."""

from __future__ import annotations

import math

import pytest

from enrichment.demo_data import generate
from orchestration.runner import run_pipeline
from orchestration.warehouse import connect
from tests.support.env import environment

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

# Columns that record when a row was loaded or built, not what it says.
RUN_TIME_COLUMNS = {"built_at", "ingested_at", "last_ingested_at", "enriched_at", "intent_assigned_at"}


def _run(env: dict) -> None:
    with environment(**env, DAGSTER_HOME=None):
        run_pipeline(log=lambda _: None)


def _tables(wh) -> dict[str, list[tuple]]:
    p = "%s" if wh.dialect == "postgres" else "?"
    out = {}
    for (name,) in wh.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics' "
                            "AND table_type = 'BASE TABLE'"):
        cols = [c for (c,) in wh.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'analytics' "
            f"AND table_name = {p} ORDER BY ordinal_position", [name]) if c not in RUN_TIME_COLUMNS]
        rows = wh.query(f"SELECT {', '.join(cols)} FROM analytics.{name}")
        out[name] = sorted((tuple(_norm(v) for v in r) for r in rows), key=repr)
    return out


def _norm(value):
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if hasattr(value, "is_finite"):  # Decimal
        return round(float(value), 6)
    return value


def test_postgres_and_duckdb_marts_agree_row_for_row(tmp_path, pg_server_dsn):
    from tests.conftest import _fresh_pg_database

    generate(tmp_path / "landing", conversations=400, days=21, seed=5)
    common = {"PARLEY_LANDING_DIR": str(tmp_path / "landing"), "PARLEY_INTENT_MIN_MESSAGES": "100"}
    _run({**common, "PARLEY_WAREHOUSE_KIND": "duckdb", "PARLEY_WAREHOUSE": str(tmp_path / "parley.duckdb"),
          "PARLEY_VALIDATION_DIR": str(tmp_path / "val-duckdb")})
    dsn = _fresh_pg_database(pg_server_dsn)
    _run({**common, "PARLEY_WAREHOUSE_KIND": "postgres", "PARLEY_PG_DSN": dsn, "PARLEY_LOCK_DIR": str(tmp_path),
          "PARLEY_VALIDATION_DIR": str(tmp_path / "val-postgres")})

    with connect("duckdb", path=tmp_path / "parley.duckdb") as duck, connect("postgres", dsn=dsn) as pg:
        duck_tables, pg_tables = _tables(duck), _tables(pg)
        assert pg.count("raw.events") == duck.count("raw.events") > 0
    assert sorted(pg_tables) == sorted(duck_tables)
    assert {"fct_sessions", "mart_outcomes", "mart_roi", "mart_ab_tests"} <= set(duck_tables)
    for name in duck_tables:
        assert pg_tables[name] == duck_tables[name], name
