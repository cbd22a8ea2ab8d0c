"""Reading the report's inputs: the suppressed marts and the assistant dimension, nothing else.

The report reads only tables that are safe for a wide audience: every ``mart_*`` model applies the
small-group rule (docs/metrics.md) and ``dim_assistants`` describes assistants, not people. Row-level
tables (``fct_*``, ``dim_users``) and the raw and enriched schemas are never read, so whatever the page
shows was already published by dbt.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from orchestration.warehouse import Warehouse

SCHEMA = "analytics"

# Every table the report reads. Adding a row-level table here would bypass suppression: don't.
REPORT_TABLES: tuple[str, ...] = (
    "dim_assistants",
    "mart_adoption_daily",
    "mart_retention_weekly",
    "mart_outcomes",
    "mart_outcomes_by_segment",
    "mart_dropoff",
    "mart_intents",
    "mart_ab_tests",
    "mart_roi",
    "mart_governance",
)


class ReportError(RuntimeError):
    """The report cannot be built; the message says what to do."""


def load_marts(wh: Warehouse, schema: str = SCHEMA) -> dict[str, pd.DataFrame]:
    """Every table in :data:`REPORT_TABLES` as a DataFrame (dates as ``datetime64``, numbers as floats or
    ints)."""
    missing = [t for t in REPORT_TABLES if not wh.table_exists(f"{schema}.{t}")]
    if missing:
        raise ReportError(
            f"the warehouse has no {', '.join(f'{schema}.{t}' for t in missing)}: run the pipeline first "
            "(`parley run`)"
        )
    return {t: normalise(wh.query_arrow(f"SELECT * FROM {schema}.{t}").to_pandas()) for t in REPORT_TABLES}


def normalise(df: pd.DataFrame) -> pd.DataFrame:
    """Dates and timestamps -> ``datetime64``; ``Decimal`` (PostgreSQL numeric) -> float.

    DuckDB hands Arrow ``date32`` columns to pandas as Python ``date`` objects and PostgreSQL rows arrive
    as Python values, so both warehouses give the same frame after this.
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype != object:
            if pd.api.types.is_datetime64_any_dtype(out[col]):
                out[col] = pd.to_datetime(out[col]).dt.tz_localize(None) if out[col].dt.tz else out[col]
            continue
        sample = out[col].dropna()
        if sample.empty:
            continue
        first = sample.iloc[0]
        if isinstance(first, dt.date):
            out[col] = pd.to_datetime(out[col])
        elif isinstance(first, Decimal):
            out[col] = out[col].astype(float)
    return out
