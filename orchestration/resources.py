"""Dagster resources: every setting Parley reads, in one place, from environment variables with defaults.

| setting | environment variable | default |
|---|---|---|
| warehouse kind | ``PARLEY_WAREHOUSE_KIND`` | ``duckdb`` |
| DuckDB file | ``PARLEY_WAREHOUSE`` | ``warehouse/parley.duckdb`` |
| PostgreSQL connection | ``PARLEY_PG_DSN`` (password via ``PGPASSWORD``) | none |
| landing folder | ``PARLEY_LANDING_DIR`` | ``data/landing`` |
| longest accepted line | ``PARLEY_MAX_LINE_BYTES`` | 1 MiB |
| embedding model | ``PARLEY_EMBEDDING_MODEL`` (sentence-transformers name or path) | packaged all-MiniLM-L6-v2 |
| intent model seed | ``PARLEY_INTENT_SEED`` | 0 |
| messages before the first intent model | ``PARLEY_INTENT_MIN_MESSAGES`` | 200 |
| validation results (JSON + GX data docs) | ``PARLEY_VALIDATION_DIR`` | ``reports/validation`` |
| smallest group published in marts | ``PARLEY_MIN_GROUP_USERS`` (also dbt var ``min_group_users``) | 5 |
| sane event-time window | ``PARLEY_TIMESTAMP_MIN``, ``PARLEY_TIMESTAMP_MAX_FUTURE_HOURS`` | 2015-01-01, 24 |
| freshness warning after | ``PARLEY_FRESHNESS_HOURS`` | 24 |

Secrets never appear in code or config files: the PostgreSQL password comes from the environment only.
"""

from __future__ import annotations

import functools
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

    def export_dbt_env(self) -> None:
        """Point profiles.yml at this warehouse: dbt runs as a subprocess that reads these variables.

        The DuckDB path is made absolute because dagster-dbt runs dbt inside dbt_project/.
        """
        if self.kind == "duckdb":
            os.environ["PARLEY_DBT_TARGET"] = "duckdb"
            os.environ["PARLEY_WAREHOUSE"] = str(Path(self.duckdb_path).resolve())
            return
        params = dict(p.split("=", 1) for p in (self.pg_dsn or "").split() if "=" in p)
        os.environ["PARLEY_DBT_TARGET"] = "postgres"
        for key, env in (("host", "PARLEY_PG_HOST"), ("port", "PARLEY_PG_PORT"), ("user", "PARLEY_PG_USER"),
                         ("dbname", "PARLEY_PG_DBNAME")):
            if key in params:
                os.environ[env] = params[key]

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


class EnrichmentResource(ConfigurableResource):
    """How user messages are embedded and clustered. The model loads once per run, offline."""

    embedding_model: str | None = None
    intent_seed: int = 0
    intent_min_messages: int = 200

    @classmethod
    def from_env(cls) -> EnrichmentResource:
        return cls(
            embedding_model=os.environ.get("PARLEY_EMBEDDING_MODEL") or None,
            intent_seed=int(os.environ.get("PARLEY_INTENT_SEED", 0)),
            intent_min_messages=int(os.environ.get("PARLEY_INTENT_MIN_MESSAGES", 200)),
        )

    def embedder(self):
        """The embedding model, loaded once per process: three assets share it within a run."""
        return _load_embedder(self.embedding_model)


@functools.cache
def _load_embedder(model: str | None):
    from enrichment.embed import Embedder

    return Embedder(model)
