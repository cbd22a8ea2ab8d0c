"""Fixtures for the dbt tests: warehouses filled with tests.dbt.data, and a way to run dbt against them.

dbt runs in a subprocess with its own environment (PARLEY_WAREHOUSE must be absolute, as dagster-dbt
runs dbt from dbt_project/), writing its target/ and logs/ into the test's temporary folder so the
tests never touch the project's own dbt_project/target.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.dbt import data

ROOT = Path(__file__).resolve().parents[2]
PROJECT_DIR = ROOT / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"
ENRICHED_AT = datetime(2026, 11, 1, tzinfo=UTC)
# Columns that say when a row was loaded or built, not what it says: they differ between two loads.
BOOKKEEPING = {"built_at", "ingested_at", "last_ingested_at", "enriched_at", "intent_assigned_at"}


class Dbt:
    """Runs dbt against one warehouse (a DuckDB file, or a PostgreSQL database given by its DSN)."""

    def __init__(self, workdir: Path, *, duckdb_path: Path | None = None, pg_dsn: str | None = None):
        self.workdir = workdir
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PARLEY_", "DBT_"))}
        if pg_dsn:
            parts = dict(p.split("=", 1) for p in pg_dsn.split())
            self.env.update(
                PARLEY_DBT_TARGET="postgres",
                PARLEY_PG_HOST=parts["host"],
                PARLEY_PG_PORT=parts["port"],
                PARLEY_PG_USER=parts["user"],
                PARLEY_PG_DBNAME=parts["dbname"],
            )
        else:
            self.env.update(PARLEY_DBT_TARGET="duckdb", PARLEY_WAREHOUSE=str(Path(duckdb_path).resolve()))
        self.env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [
            str(DBT),
            *args,
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(ROOT),
            "--target-path",
            str(self.workdir / "target"),
            "--log-path",
            str(self.workdir / "logs"),
        ]
        result = subprocess.run(cmd, env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        if check and result.returncode != 0:
            failures = [line for line in result.stdout.splitlines() if "ERROR" in line or "FAIL" in line]
            raise AssertionError(
                f"dbt {' '.join(args)} failed:\n"
                + "\n".join(failures[-40:])
                + "\n--- end of output ---\n"
                + result.stdout[-4000:]
            )
        return result


def load(wh, events: list[dict], folder: Path, name: str) -> None:
    """Ingest events (as one v1 JSONL file) into the warehouse through Parley's own ingestion."""
    from orchestration.ingest import ingest_paths

    data.write_jsonl(events, folder / f"{name}.jsonl")
    ingest_paths(wh, [folder / f"{name}.jsonl"], workers=1)


def read_tables(query, schema: str = "analytics") -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table of ``schema`` as (column names, rows), bookkeeping columns left out."""
    tables = [
        r[0]
        for r in query(
            f"select table_name from information_schema.tables where table_schema = '{schema}' "
            "and table_type in ('BASE TABLE') order by table_name"
        )
    ]
    out = {}
    for table in tables:
        cols = [
            r[0]
            for r in query(
                f"select column_name from information_schema.columns where table_schema = '{schema}' "
                f"and table_name = '{table}' order by ordinal_position"
            )
            if r[0] not in BOOKKEEPING
        ]
        out[table] = (cols, query(f"select {', '.join(cols)} from {schema}.{table}"))
    return out


def _normal(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _sort_key(row: tuple) -> tuple:
    # floats may differ in the last bits between engines: sort on everything else first, then floats rounded
    return tuple(
        (0, "")
        if v is None
        else (1, round(v, 6))
        if isinstance(v, float)
        else (2, v.isoformat())
        if isinstance(v, date)
        else (3, str(v))
        for v in row
    )


def assert_same_tables(left: dict, right: dict, *, left_name: str, right_name: str) -> None:
    """Row-for-row equality of two read_tables() results; floats equal within 1e-9 (relative)."""
    assert sorted(left) == sorted(right), f"tables differ: {sorted(left)} vs {sorted(right)}"
    for table in sorted(left):
        lcols, lrows = left[table]
        rcols, rrows = right[table]
        assert lcols == rcols, f"{table}: columns differ"
        lrows = sorted((tuple(_normal(v) for v in r) for r in lrows), key=_sort_key)
        rrows = sorted((tuple(_normal(v) for v in r) for r in rrows), key=_sort_key)
        assert len(lrows) == len(rrows), (
            f"{table}: {len(lrows)} rows in {left_name}, {len(rrows)} in {right_name}"
        )
        for lrow, rrow in zip(lrows, rrows, strict=True):
            for col, a, b in zip(lcols, lrow, rrow, strict=True):
                same = (
                    math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
                    if isinstance(a, float) and isinstance(b, (float, int))
                    else a == b
                )
                assert same, (
                    f"{table}.{col} differs: {left_name}={a!r} {right_name}={b!r}\n"
                    f"  {left_name} row: {lrow}\n  {right_name} row: {rrow}"
                )


def not_null_constraints() -> set[tuple[str, str]]:
    """(model, column) of every `constraints: [{type: not_null}]` in the project's model YAML."""
    import yaml

    found = set()
    for path in (ROOT / "dbt_project" / "models").rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            for column in model.get("columns", []):
                if any(c.get("type") == "not_null" for c in column.get("constraints", [])):
                    found.add((model["name"], column["name"]))
    return found


def nullable_columns(query, schema: str) -> set[tuple[str, str]]:
    """(table, column) of every column of `schema` the warehouse would let hold a NULL."""
    rows = query(
        "select table_name, column_name from information_schema.columns "
        f"where table_schema = '{schema}' and is_nullable = 'YES'"
    )
    return {(table, column) for table, column in rows}


def duckdb_query(path: Path):
    import duckdb

    def query(sql: str) -> list[tuple]:
        con = duckdb.connect(str(path), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    return query


@pytest.fixture(scope="session")
def demo_events() -> data.Batches:
    return data.split(data.conversations())


@pytest.fixture(scope="session")
def built_duckdb(tmp_path_factory, demo_events) -> Path:
    """A DuckDB warehouse with every test event loaded and enriched, after a successful `dbt build`."""
    from orchestration.warehouse import connect

    work = tmp_path_factory.mktemp("dbt_duckdb")
    path = work / "parley.duckdb"
    with connect("duckdb", path=path) as wh:
        load(wh, demo_events.all, work / "landing", "all")
        data.enrich(wh, ENRICHED_AT)
    Dbt(work, duckdb_path=path)("build")
    return path
