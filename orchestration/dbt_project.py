"""The dbt project as Dagster sees it. Kept apart from the assets so tooling can import it alone:
`dagster-dbt project prepare-and-package --file orchestration/dbt_project.py` writes the manifest.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = ROOT / "dbt_project"

# No target here: profiles.yml picks it from PARLEY_DBT_TARGET at each dbt invocation, which the warehouse
# resource sets (orchestration.resources.WarehouseResource.export_dbt_env) for the run's warehouse.
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=ROOT)

# What the pipeline runs: every seed, model and data test, without the dbt unit tests. A unit test checks a
# rule on fixed input rows, so its answer cannot change with the warehouse's data; `make test` runs them all
# (tests/dbt), as a plain `dbt build` does, and a scheduled build need not prove them again (about 2 s of
# every build, whatever the data).
DBT_BUILD_ARGS = ("build", "--exclude-resource-type", "unit_test")


def manifest_is_stale() -> bool:
    """True when the manifest is missing or older than any model, macro, seed or project file."""
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [DBT_PROJECT_DIR / "dbt_project.yml", ROOT / "profiles.yml"]
    for folder in ("models", "macros", "tests"):
        sources.extend((DBT_PROJECT_DIR / folder).rglob("*"))
    sources.extend((ROOT / "seeds").glob("*.csv"))
    return any(p.is_file() and p.stat().st_mtime > built for p in sources)


def prepare_manifest() -> None:
    """Write target/manifest.json with `dbt parse` when it is missing or stale (about 5 s)."""
    if manifest_is_stale():
        venv_bin = str(Path(sys.executable).parent)
        if venv_bin not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = venv_bin + os.pathsep + os.environ.get("PATH", "")
        dbt_project.preparer.prepare(dbt_project)
