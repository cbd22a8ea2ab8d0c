"""Parley's Dagster assets, one module per stage: ingest -> enrich -> dbt -> report."""
