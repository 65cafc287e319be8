"""The dbt models (staging, facts, marts) as Dagster assets, dbt tests as asset checks."""

# No `from __future__ import annotations`: Dagster reads the context annotation at
# definition time and needs the real class.
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from pipelines.defs.dbt.command import dbt_build_args, dbt_environment
from pipelines.defs.partitions import run_window
from pipelines.defs.resources import PulseResource
from pipelines.settings import PROJECT_ROOT

DBT_DIR = PROJECT_ROOT / "dbt_project"
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))
# Each dbt build writes its artifacts (manifest, run results, dbt.log: about 12 MB) in a
# folder of its own, so two builds never share one; the last few are kept to read after
# a failure and older ones removed, or a nightly install would fill its disk.
BUILDS_DIR = DBT_DIR / "target" / "builds"
KEPT_BUILDS = 5


class PulseDbtTranslator(DagsterDbtTranslator):
    """Models keyed by schema and name (marts/campaign_growth), all in group 'models'."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)
        schema = dbt_resource_props.get("config", {}).get("schema") or "main"
        return dg.AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "models"


def dbt_project() -> DbtProject:
    """The dbt project, its manifest parsed when missing or older than the models."""
    project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
    project.prepare_if_dev()
    if _manifest_stale(project.manifest_path):
        subprocess.run(  # noqa: S603 - our own venv's dbt, fixed arguments
            [DBT_EXECUTABLE, "parse", "--project-dir", str(DBT_DIR), "--profiles-dir",
             str(DBT_DIR), "--quiet"],
            check=True, cwd=DBT_DIR, env={**os.environ, **dbt_environment("parse.duckdb")},
        )
    return project


def _manifest_stale(manifest: Path) -> bool:
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [DBT_DIR / "dbt_project.yml", *DBT_DIR.glob("models/**/*"),
               *DBT_DIR.glob("seeds/**/*"), *DBT_DIR.glob("macros/**/*"),
               *DBT_DIR.glob("tests/**/*")]
    return any(p.stat().st_mtime > built for p in sources if p.is_file())


def build_target(run_id: str, builds: Path = BUILDS_DIR, keep: int = KEPT_BUILDS) -> Path:
    """A new folder for a build's artifacts, under `builds`, where the `keep` - 1 most
    recent builds before it stay and older ones are removed."""
    builds.mkdir(parents=True, exist_ok=True)
    earlier = sorted((p for p in builds.iterdir() if p.is_dir()),
                     key=lambda p: p.stat().st_mtime)
    for old in earlier[:max(0, len(earlier) - (keep - 1))]:
        shutil.rmtree(old, ignore_errors=True)
    return builds / f"{run_id[:8]}-{uuid.uuid4().hex[:7]}"


def build_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    """Every dbt model, seed and test, run as one `dbt build` over the run's days.

    Unpartitioned on purpose: Dagster records one event per asset per partition, so
    twenty-odd models over a year of daily partitions cost minutes of bookkeeping for
    seconds of dbt. The run's days still reach dbt, from the run's partition tags."""

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=PulseDbtTranslator(
            settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
    )
    def campaign_pulse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                              pulse: PulseResource) -> Iterator[Any]:
        """dbt build: staging views, the unified daily fact (incremental over the run's
        days; rebuilt whole when the run names none) and the marts, with dbt's tests as
        asset checks. Holds the warehouse's writer lock for the whole build: dbt does
        not wait for a busy DuckDB file."""
        warehouse = pulse.warehouse
        os.environ.update(dbt_environment(str(warehouse.path)))
        with warehouse.write_lock("dbt build"):
            yield from dbt.cli(dbt_build_args(run_window(context)), context=context,
                               target_path=build_target(context.run_id)).stream()

    return campaign_pulse_models


def dbt_resource(project: DbtProject) -> DbtCliResource:
    """The dbt CLI of this virtual environment."""
    return DbtCliResource(project_dir=project, profiles_dir=str(DBT_DIR),
                          dbt_executable=DBT_EXECUTABLE)
