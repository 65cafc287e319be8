"""`pulse run`: one Dagster run over a window, the same job and assets as the UI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import dagster as dg

from connectors.windows import DateWindow
from pipelines.defs.channels import channel_selection, check_channels
from pipelines.defs.partitions import range_tags
from pipelines.settings import PROJECT_ROOT, Settings


def pulse_job() -> dg.JobDefinition:
    """The code location's job, rebuilt in each step process (hence module level)."""
    from pipelines.definitions import JOB_NAME, build_definitions

    return build_definitions(Settings.from_env()).resolve_job_def(JOB_NAME)


def ensure_dagster_home() -> str:
    """DAGSTER_HOME (default .dagster_home), holding the project's dagster.yaml."""
    home = os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home"))
    os.makedirs(home, exist_ok=True)
    target = os.path.join(home, "dagster.yaml")
    if not os.path.exists(target):
        shutil.copyfile(PROJECT_ROOT / "dagster.yaml", target)
    return home


@dataclass
class RunOutcome:
    run_id: str
    success: bool
    landed: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    models_built: bool = False


def run_window(window: DateWindow, channels: Sequence[str] = (),
               instance: dg.DagsterInstance | None = None) -> RunOutcome:
    """Ingest `window` for `channels` (all by default), build the models, publish."""
    names = check_channels(channels)
    if instance is None:
        ensure_dagster_home()
        instance = dg.DagsterInstance.get()
    from pipelines.definitions import build_definitions

    graph = build_definitions(Settings.from_env()).resolve_asset_graph()
    outcome = _execute(instance, window, channel_selection(names).resolve(graph),
                       {"pulse/channels": ",".join(names)})
    if not outcome.success and not outcome.models_built:
        # A channel failed, so Dagster skipped the models in that run: build them now
        # over what did land, so the other channels' figures are not held back.
        rebuild = _execute(instance, window, channel_selection([]).resolve(graph),
                           {"pulse/after_failed_run": outcome.run_id})
        outcome.models_built = rebuild.models_built
        outcome.failures += rebuild.failures
    return outcome


def _execute(instance: dg.DagsterInstance, window: DateWindow, keys: AbstractSet[dg.AssetKey],
             tags: dict[str, str]) -> RunOutcome:
    with dg.execute_job(
        dg.reconstructable(pulse_job),
        instance=instance,
        tags={**range_tags(window), "pulse/command": "pulse run", **tags},
        asset_selection=sorted(keys, key=lambda k: k.to_user_string()),
    ) as result:
        outcome = RunOutcome(result.run_id, result.success)
        for event in result.all_events:
            if event.is_step_materialization:
                mat = event.step_materialization_data.materialization
                meta = mat.metadata
                key = mat.asset_key.to_user_string()
                if "skipped" in meta:
                    outcome.skipped[key] = str(meta["skipped"].value)
                elif "rows_landed" in meta:
                    outcome.landed[key] = int(meta["rows_landed"].value)  # type: ignore[arg-type]
            elif event.is_step_failure and event.step_failure_data is not None:
                err = event.step_failure_data.error
                user = event.step_failure_data.user_failure_data
                text = user.description if user and user.description else (
                    err.message.strip() if err else "failed")
                outcome.failures.append(f"{event.step_key}: {text}")
        outcome.models_built = any(
            e.is_step_success and e.step_key == "analytics_snapshot" for e in result.all_events)
    return outcome
