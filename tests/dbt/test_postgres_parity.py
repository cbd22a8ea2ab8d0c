"""The same events give the same tables on PostgreSQL as on DuckDB, row for row.

PostgreSQL gets the events in two batches (the second with late events) and builds incrementally, so
the incremental path (delete+insert, schema checks) runs on PostgreSQL too; DuckDB builds everything at
once. Since an incremental build equals a full refresh, every table must match.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from orchestration.warehouse import connect
from tests.conftest import _fresh_pg_database
from tests.dbt import data
from tests.dbt.conftest import (
    ENRICHED_AT,
    Dbt,
    assert_same_tables,
    duckdb_query,
    load,
    not_null_constraints,
    nullable_columns,
    read_tables,
)


@pytest.mark.postgres
def test_postgres_builds_the_same_tables_as_duckdb(tmp_path, pg_server_dsn, demo_events, built_duckdb):
    dsn = _fresh_pg_database(pg_server_dsn)
    dbt = Dbt(tmp_path, pg_dsn=dsn)
    with connect("postgres", dsn=dsn) as wh:
        load(wh, demo_events.first, tmp_path / "landing", "first")
        data.enrich(wh, ENRICHED_AT)
    # build, not run: contracts, data tests and unit tests must pass on PostgreSQL too
    dbt("build")
    with connect("postgres", dsn=dsn) as wh:
        load(wh, demo_events.second, tmp_path / "landing", "second")
        data.enrich(wh, datetime(2026, 11, 2, tzinfo=UTC))
    dbt("build")

    with connect("postgres", dsn=dsn) as wh:
        postgres = read_tables(wh.query)
        # the contracts' not-null constraints hold on PostgreSQL's tables too
        assert not not_null_constraints() & nullable_columns(wh.query, "analytics")
    duckdb = read_tables(duckdb_query(built_duckdb))
    assert len(duckdb) >= 14, sorted(duckdb)
    assert_same_tables(duckdb, postgres, left_name="duckdb", right_name="postgres")
