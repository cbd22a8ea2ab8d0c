"""Shared fixtures: a warehouse of each kind (DuckDB file, private PostgreSQL server) per test."""

from __future__ import annotations

import os
import uuid

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")


@pytest.fixture(scope="session")
def pg_server_dsn():
    """DSN of a private PostgreSQL server started for this test session (maintenance database)."""
    from tests.support.postgres import private_postgres

    with private_postgres() as dsn:
        yield dsn


def _fresh_pg_database(server_dsn: str) -> str:
    import psycopg2

    name = f"t_{uuid.uuid4().hex[:12]}"
    con = psycopg2.connect(server_dsn)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    con.close()
    return server_dsn.replace("dbname=parley", f"dbname={name}")


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def warehouse(request, tmp_path):
    """An empty warehouse of each kind: the same test runs on DuckDB and on PostgreSQL."""
    from orchestration.warehouse import connect

    if request.param == "duckdb":
        wh = connect("duckdb", path=tmp_path / "parley.duckdb")
    else:
        wh = connect("postgres", dsn=_fresh_pg_database(request.getfixturevalue("pg_server_dsn")))
    yield wh
    wh.close()
