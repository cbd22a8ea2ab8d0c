"""Dagster resources: every setting Parley reads, in one place, from environment variables with defaults.

| setting | environment variable | default |
|---|---|---|
| warehouse kind | ``PARLEY_WAREHOUSE_KIND`` | ``duckdb`` |
| DuckDB file | ``PARLEY_WAREHOUSE`` | ``warehouse/parley.duckdb`` |
| PostgreSQL connection | ``PARLEY_PG_DSN`` (password via ``PGPASSWORD``) | none |
| landing folder | ``PARLEY_LANDING_DIR`` | ``data/landing`` |
| longest accepted line | ``PARLEY_MAX_LINE_BYTES`` | 1 MiB |

Secrets never appear in code or config files: the PostgreSQL password comes from the environment only.
"""

from __future__ import annotations

import os
from pathlib import Path

from dagster import ConfigurableResource

from orchestration.ingest import DEFAULT_MAX_LINE_BYTES
from orchestration.warehouse import DEFAULT_DUCKDB_PATH, Warehouse, connect

DEFAULT_LANDING_DIR = "data/landing"


class WarehouseResource(ConfigurableResource):
    """The analytics warehouse (DuckDB file by default, or PostgreSQL)."""

    kind: str = "duckdb"
    duckdb_path: str = DEFAULT_DUCKDB_PATH
    pg_dsn: str | None = None

    @classmethod
    def from_env(cls) -> WarehouseResource:
        return cls(
            kind=os.environ.get("PARLEY_WAREHOUSE_KIND", "duckdb"),
            duckdb_path=os.environ.get("PARLEY_WAREHOUSE", DEFAULT_DUCKDB_PATH),
            pg_dsn=os.environ.get("PARLEY_PG_DSN"),
        )

    def connect(self) -> Warehouse:
        return connect(self.kind, path=self.duckdb_path, dsn=self.pg_dsn)

    def describe(self) -> str:
        if self.kind == "duckdb":
            return str(Path(self.duckdb_path).resolve())
        return "postgres: " + " ".join(p for p in (self.pg_dsn or "").split() if not p.startswith("password="))


class LandingResource(ConfigurableResource):
    """Where raw log files arrive, and how ingestion treats them."""

    landing_dir: str = DEFAULT_LANDING_DIR
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES

    @classmethod
    def from_env(cls) -> LandingResource:
        return cls(
            landing_dir=os.environ.get("PARLEY_LANDING_DIR", DEFAULT_LANDING_DIR),
            max_line_bytes=int(os.environ.get("PARLEY_MAX_LINE_BYTES", DEFAULT_MAX_LINE_BYTES)),
        )

    @property
    def path(self) -> Path:
        return Path(self.landing_dir)
