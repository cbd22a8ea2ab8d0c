"""Exporting the BI-facing marts so BI tools never open the live warehouse: Parquet, CSV or a DuckDB file.

Only the tables of schema ``analytics`` whose names start with ``fct_``, ``dim_`` or ``mart_`` are
exported: never raw, enriched or staging tables. Each export folder carries ``manifest.json``: per table
its grain sentence, description, row count and columns (name, type, description), taken from dbt's
manifest (dbt_project/target/manifest.json) or, without it, from the model YAML files.

Why a copy: DuckDB lets one process write a database file and, while it does, no other process may open
it, not even read-only. A BI tool pointed at the warehouse would block the pipeline (or be blocked by
it). The export is a separate file, replaced atomically at the end, that BI tools read at any time.

The DuckDB export is written with storage version ``v1.0.0`` (DuckDB's storage format 64), which DuckDB
1.0.0 and every later release can open; files in the default format of a newer DuckDB cannot be read
by the older DuckDB drivers BI tools may have installed (docs/bi.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

EXPORT_FORMATS = ("parquet", "duckdb", "csv")
BI_PREFIXES = ("fct_", "dim_", "mart_")
SCHEMA = "analytics"
DUCKDB_FILE = "parley.duckdb"
# The oldest storage format current DuckDB can write; DuckDB >= 1.0.0 (and 0.10.x) reads it.
DUCKDB_STORAGE_VERSION = "v1.0.0"
ROOT = Path(__file__).resolve().parents[1]
DBT_MANIFEST = ROOT / "dbt_project" / "target" / "manifest.json"
DBT_MODELS = ROOT / "dbt_project" / "models"


class ExportError(RuntimeError):
    """The export could not be written; the message says what to do."""


@dataclass
class ExportResult:
    out_dir: Path
    format: str
    manifest_path: Path
    tables: list[dict] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def _quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def _ident(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ExportError(f"unexpected table or column name {name!r}")
    return f'"{name}"'


def table_kind(name: str) -> str:
    return {"fct_": "fact", "dim_": "dimension", "mart_": "mart"}[name[: name.index("_") + 1]]


def grain_sentence(description: str) -> str:
    """The first sentence of a dbt description: Parley's model descriptions open with their grain."""
    text = " ".join((description or "").split())
    match = re.search(r"^(.+?[.:])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence[:-1] + "." if sentence.endswith(":") else sentence


def _strip_jinja(text: str) -> str:
    return " ".join(re.sub(r"\{\{.*?\}\}", "", text or "").split())


def dbt_docs(manifest_path: Path = DBT_MANIFEST, models_dir: Path = DBT_MODELS) -> dict[str, dict]:
    """model name -> {"description", "columns": {column: description}} from dbt's manifest, else the YAML.

    The manifest has doc blocks resolved; the YAML fallback drops ``{{ doc(...) }}`` references.
    """
    docs: dict[str, dict] = {}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        for node in manifest.get("nodes", {}).values():
            if node.get("resource_type") == "model":
                docs[node["name"]] = {
                    "description": " ".join((node.get("description") or "").split()),
                    "columns": {c: (v.get("description") or "") for c, v in node.get("columns", {}).items()},
                }
        return docs
    import yaml

    for path in sorted(models_dir.rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []) or []:
            docs[model["name"]] = {
                "description": _strip_jinja(model.get("description", "")),
                "columns": {
                    c["name"]: _strip_jinja(c.get("description", "")) for c in model.get("columns", []) or []
                },
            }
    return docs


def bi_tables(con, catalog: str = "src", schema: str = SCHEMA) -> list[str]:
    """The BI-facing tables of ``schema``: base tables named fct_*, dim_* or mart_*, sorted."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = ? "
        "AND table_type = 'BASE TABLE' ORDER BY table_name",
        [catalog, schema],
    ).fetchall()
    return [name for (name,) in rows if name.startswith(BI_PREFIXES)]


def _columns(con, table: str, catalog: str = "src", schema: str = SCHEMA) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = ? "
        "AND table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [catalog, schema, table],
    ).fetchall()


def _open_source(warehouse: Path):
    import duckdb

    if not warehouse.exists():
        raise ExportError(f"the warehouse {warehouse} does not exist: run the pipeline first (`parley run`)")
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {_quote(str(warehouse))} AS src (READ_ONLY)")
    except duckdb.IOException as exc:
        con.close()
        if "lock" in str(exc).lower():
            raise ExportError(
                f"the warehouse {warehouse} is in use by another process (a pipeline run writes it): export "
                "after the run finishes; BI tools then read the export, never the live file"
            ) from exc
        raise ExportError(f"cannot open the warehouse {warehouse}: {exc}") from exc
    return con


def export_marts(
    warehouse: str | Path,
    out_dir: str | Path,
    fmt: str,
    *,
    min_group_users: int | None = None,
    manifest_path: Path = DBT_MANIFEST,
) -> ExportResult:
    """Export every BI-facing table of ``warehouse`` (a DuckDB file) to ``out_dir`` as ``fmt``.

    parquet / csv: one ``<table>.parquet`` / ``<table>.csv`` per table; duckdb: ``parley.duckdb`` with the
    tables in schema ``main`` and the dbt descriptions as table and column comments. Files are written
    under temporary names and renamed when complete; ``manifest.json`` is written last.
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    started = time.perf_counter()
    warehouse, out_dir = Path(warehouse), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = dbt_docs(manifest_path)
    con = _open_source(warehouse)
    staging = out_dir / f".export-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        names = bi_tables(con)
        if not names:
            raise ExportError(
                f"{warehouse} has no {SCHEMA}.fct_*/dim_*/mart_* tables: run the pipeline first"
            )
        tables, files = [], []
        if fmt == "duckdb":
            target = staging / DUCKDB_FILE
            con.execute(
                f"ATTACH {_quote(str(target))} AS bi (STORAGE_VERSION {_quote(DUCKDB_STORAGE_VERSION)})"
            )
        for name in names:
            doc = docs.get(name, {"description": "", "columns": {}})
            cols = _columns(con, name)
            source = f"src.{SCHEMA}.{_ident(name)}"
            if fmt == "duckdb":
                con.execute(f"CREATE TABLE bi.main.{_ident(name)} AS SELECT * FROM {source}")
                if doc["description"]:
                    con.execute(f"COMMENT ON TABLE bi.main.{_ident(name)} IS {_quote(doc['description'])}")
                for col, _type in cols:
                    if doc["columns"].get(col):
                        con.execute(
                            f"COMMENT ON COLUMN bi.main.{_ident(name)}.{_ident(col)} IS "
                            f"{_quote(doc['columns'][col])}"
                        )
                file = DUCKDB_FILE
            else:
                file = f"{name}.{fmt}"
                # Snappy: the codec every Parquet reader supports (BI tools lag behind on zstd).
                options = (
                    "FORMAT parquet, COMPRESSION snappy" if fmt == "parquet" else "FORMAT csv, HEADER true"
                )
                con.execute(f"COPY (SELECT * FROM {source}) TO {_quote(str(staging / file))} ({options})")
                files.append(out_dir / file)
            rows = con.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
            tables.append(
                {
                    "name": name,
                    "kind": table_kind(name),
                    "file": file,
                    "grain": grain_sentence(doc["description"]),
                    "description": doc["description"],
                    "suppressed": name.startswith("mart_"),
                    "rows": rows,
                    "columns": [
                        {"name": c, "type": t, "description": doc["columns"].get(c, "")} for c, t in cols
                    ],
                }
            )
        if fmt == "duckdb":
            con.execute("DETACH bi")
            files.append(out_dir / DUCKDB_FILE)
        # Complete files replace the previous export one by one; the manifest comes last.
        for path in sorted(staging.iterdir()):
            os.replace(path, out_dir / path.name)
        manifest = _manifest(warehouse, fmt, tables, min_group_users)
        manifest_file = out_dir / "manifest.json"
        tmp = staging / "manifest.json"
        tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        os.replace(tmp, manifest_file)
    finally:
        con.close()
        shutil.rmtree(staging, ignore_errors=True)
    return ExportResult(
        out_dir=out_dir,
        format=fmt,
        manifest_path=manifest_file,
        tables=tables,
        files=files,
        seconds=time.perf_counter() - started,
    )


def _manifest(warehouse: Path, fmt: str, tables: list[dict], min_group_users: int | None) -> dict:
    k = min_group_users if min_group_users is not None else int(os.environ.get("PARLEY_MIN_GROUP_USERS", 5))
    out = {
        "generated_by": "parley export",
        "exported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "source": str(warehouse.resolve()),
        "format": fmt,
        "suppression": {
            "min_group_users": k,
            "rule": f"mart_* tables fold groups of fewer than {k} users into an '(other)' row or drop them "
            "(docs/metrics.md); fct_* and dim_* tables are row-level and not suppressed.",
        },
        "tables": tables,
    }
    if fmt == "duckdb":
        out["duckdb"] = {
            "file": DUCKDB_FILE,
            "schema": "main",
            "storage_version": DUCKDB_STORAGE_VERSION,
            "readable_by": "DuckDB 1.0.0 and later (drivers included)",
        }
    return out
