"""`pulse run`: the same job and assets as the UI, run through Dagster over a window.

One `pulse run` is two Dagster runs (see channels.py for why): the channels'
ingestion over the window as one ranged run, then the registry, the models and the
snapshot. The second runs even when a channel failed, so the channels that did land
are modelled and published; the command still reports the failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import dagster as dg

from connectors.windows import DateWindow
from pipelines.defs.channels import (
    PUBLISH_KEY,
    check_channels,
    ingestion_selection,
    modelling_selection,
)
from pipelines.defs.partitions import model_tags, range_tags
from pipelines.settings import PROJECT_ROOT, Settings

# Dagster records a ranged run's plan once per asset and per day unless told to record
# the range whole; with it, a run that fails leaves its days "missing", not "failed",
# in the UI's partition view (the run itself shows the failure).
DAGSTER_ENVIRONMENT = {"DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS": "1"}


def pulse_job() -> dg.JobDefinition:
    """The code location's job, rebuilt in each step process (hence module level)."""
    from pipelines.definitions import JOB_NAME, build_definitions

    return build_definitions(Settings.from_env()).resolve_job_def(JOB_NAME)


def prepare_dagster() -> str:
    """DAGSTER_HOME (default .dagster_home) holding the project's dagster.yaml, and the
    environment our Dagster processes run with. Returns DAGSTER_HOME."""
    for name, value in DAGSTER_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    home = os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home"))
    os.makedirs(home, exist_ok=True)
    target = os.path.join(home, "dagster.yaml")
    if not os.path.exists(target):
        shutil.copyfile(PROJECT_ROOT / "dagster.yaml", target)
    return home


@dataclass(frozen=True)
class PlannedRun:
    """One Dagster run of a `pulse run`: what it materializes, with which tags."""

    name: str
    selection: AbstractSet[dg.AssetKey]
    tags: dict[str, str]


def plan_runs(defs: dg.Definitions, windows: Sequence[DateWindow],
              channels: Sequence[str]) -> list[PlannedRun]:
    """One ingestion run per window for `channels`, then one models run over their span."""
    graph = defs.resolve_asset_graph()
    base = {"pulse/command": "pulse run", "pulse/channels": ",".join(channels)}
    ingest = ingestion_selection(channels).resolve(graph)
    span = DateWindow(min(w.start for w in windows), max(w.end for w in windows))
    return [
        *(PlannedRun(f"ingest {w}", ingest, {**range_tags(w), **base, "pulse/stage": "ingest"})
          for w in windows),
        PlannedRun("models", modelling_selection().resolve(graph),
                   {**model_tags(span), **base, "pulse/stage": "models"}),
    ]


@dataclass
class RunOutcome:
    run_ids: list[str] = field(default_factory=list)
    success: bool = True
    landed: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    models_built: bool = False


def run_window(window: DateWindow, channels: Sequence[str] = (),
               instance: dg.DagsterInstance | None = None) -> RunOutcome:
    """Ingest `window` for `channels` (all by default), build the models, publish."""
    return run_windows([window], channels, instance)


def run_windows(windows: Sequence[DateWindow], channels: Sequence[str] = (),
                instance: dg.DagsterInstance | None = None) -> RunOutcome:
    """Ingest each window for `channels` (all by default), then build the models and
    publish once."""
    names = check_channels(channels)
    if instance is None:
        prepare_dagster()
        instance = dg.DagsterInstance.get()
    from pipelines.definitions import build_definitions

    defs = build_definitions(Settings.from_env())
    outcome = RunOutcome()
    for planned in plan_runs(defs, windows, names):
        _execute(instance, planned, outcome)
    return outcome


def _execute(instance: dg.DagsterInstance, planned: PlannedRun, outcome: RunOutcome) -> None:
    with dg.execute_job(
        dg.reconstructable(pulse_job),
        instance=instance,
        tags=planned.tags,
        # The terminal gets what the assets say, not Dagster's step-by-step events
        # (those stay in the run's event log, shown in the UI).
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
        asset_selection=sorted(planned.selection, key=lambda k: k.to_user_string()),
    ) as result:
        outcome.run_ids.append(result.run_id)
        outcome.success = outcome.success and result.success
        for event in result.all_events:
            if event.is_step_materialization:
                mat = event.step_materialization_data.materialization
                meta = mat.metadata
                key = mat.asset_key.to_user_string()
                if "skipped" in meta:
                    outcome.skipped[key] = str(meta["skipped"].value)
                elif "rows_landed" in meta:
                    outcome.landed[key] = int(meta["rows_landed"].value)  # type: ignore[arg-type]
                elif mat.asset_key == PUBLISH_KEY:
                    outcome.models_built = True
            elif event.is_step_failure and event.step_failure_data is not None:
                err = event.step_failure_data.error
                user = event.step_failure_data.user_failure_data
                text = user.description if user and user.description else (
                    err.message.strip() if err else "failed")
                outcome.failures.append(f"{planned.name} {event.step_key}: {text}")
