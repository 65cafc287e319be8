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
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg

from connectors.windows import DateWindow
from pipelines.defs.channels import (
    PUBLISH_KEY,
    check_channels,
    ingestion_selection,
    modelling_selection,
)
from pipelines.defs.exports.assets import export_keys, step_name
from pipelines.defs.partitions import model_tags, range_tags, tags_window
from pipelines.inbox import check_file_channel, file_channels
from pipelines.settings import PROJECT_ROOT, Settings

# Dagster records a ranged run's plan once per asset and per day unless told to record
# the range whole; with it, a run that fails leaves its days "missing", not "failed",
# in the UI's partition view (the run itself shows the failure).
# The terminal gets what the assets say, not Dagster's step-by-step events (those stay
# in the run's event log, shown in the UI).
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
DAGSTER_ENVIRONMENT = {"DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS": "1"}


def pulse_job() -> dg.JobDefinition:
    """The code location's job, rebuilt in each step process (hence module level)."""
    from pipelines.definitions import JOB_NAME, build_definitions

    return build_definitions(Settings.from_env()).resolve_job_def(JOB_NAME)


def pulse_sequential_job() -> dg.JobDefinition:
    """The job whose steps run one after another in the run's process (one channel, or
    the models): see SEQUENTIAL_JOB_NAME."""
    from pipelines.definitions import SEQUENTIAL_JOB_NAME, build_definitions

    return build_definitions(Settings.from_env()).resolve_job_def(SEQUENTIAL_JOB_NAME)


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
    run_config: dict[str, Any] = field(default_factory=dict)
    # Steps one after another in this process (one channel, or the models), rather than
    # channels side by side in processes of their own.
    sequential: bool = False


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
                   {**model_tags(span), **base, "pulse/stage": "models"}, sequential=True),
    ]


@dataclass
class RunOutcome:
    run_ids: list[str] = field(default_factory=list)
    success: bool = True
    landed: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    models_built: bool = False
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # export files, by path

    def file_dates(self) -> DateWindow | None:
        """The days the export files landed in this run are about, end to end."""
        spans = [(date.fromisoformat(f["first_date"]), date.fromisoformat(f["last_date"]))
                 for f in self.files.values() if f["status"] == "landed" and "first_date" in f]
        if not spans:
            return None
        return DateWindow(min(s for s, _ in spans), max(e for _, e in spans))


def run_window(window: DateWindow, channels: Sequence[str] = (),
               instance: dg.DagsterInstance | None = None) -> RunOutcome:
    """Ingest `window` for `channels` (all by default), build the models, publish."""
    return run_windows([window], channels, instance)


def run_windows(windows: Sequence[DateWindow], channels: Sequence[str] = (),
                instance: dg.DagsterInstance | None = None) -> RunOutcome:
    """Ingest each window for `channels` (all by default, the file channels' inbox files
    included), then build the models and publish once."""
    settings = Settings.from_env()
    names = check_channels(channels, file_channels(settings))
    instance = instance or _instance()
    from pipelines.definitions import build_definitions

    defs = build_definitions(settings)
    outcome = RunOutcome()
    *ingests, models = plan_runs(defs, windows, names)
    for planned in ingests:
        _execute(instance, planned, outcome)
    # Files landed by the run may be about other days than the windows: model those too.
    landed, span = outcome.file_dates(), tags_window(models.tags)
    if landed is not None and span is not None:
        hull = DateWindow(min(span.start, landed.start), max(span.end, landed.end))
        models = replace(models, tags={**models.tags, **model_tags(hull)})
    _execute(instance, models, outcome)
    return outcome


def import_file(path: Path, channel: str,
                instance: dg.DagsterInstance | None = None) -> RunOutcome:
    """`pulse import`: land one export file through the channel's step, then build the
    models over the days it brought and publish (nothing to build if nothing landed)."""
    settings = Settings.from_env()
    check_file_channel(channel)
    # The channel's inbox folder makes a new generic channel known to the code location
    # (in this process, in the run's step processes, and in the UI from now on).
    (settings.inbox / channel).mkdir(parents=True, exist_ok=True)
    instance = instance or _instance()
    from pipelines.definitions import build_definitions

    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    base = {"pulse/command": "pulse import", "pulse/channels": channel}
    outcome = RunOutcome()
    _execute(instance, PlannedRun(
        "import", set(export_keys(channel)), {**base, "pulse/stage": "ingest"},
        {"ops": {step_name(channel): {"config": {"files": [str(path.resolve())]}}}},
        sequential=True), outcome)
    landed = outcome.file_dates()
    if landed is not None:
        _execute(instance, PlannedRun("models", modelling_selection().resolve(graph),
                                      {**model_tags(landed), **base, "pulse/stage": "models"},
                                      sequential=True),
                 outcome)
    return outcome


def _instance() -> dg.DagsterInstance:
    prepare_dagster()
    return dg.DagsterInstance.get()


def _execute(instance: dg.DagsterInstance, planned: PlannedRun, outcome: RunOutcome) -> None:
    with dg.execute_job(
        dg.reconstructable(pulse_sequential_job if planned.sequential else pulse_job),
        instance=instance,
        tags=planned.tags,
        run_config={**QUIET_CONSOLE, **planned.run_config},
        asset_selection=sorted(planned.selection, key=lambda k: k.to_user_string()),
    ) as result:
        outcome.run_ids.append(result.run_id)
        outcome.success = outcome.success and result.success
        landed: dict[str, int] = {}
        for event in result.all_events:
            if event.is_step_materialization:
                mat = event.step_materialization_data.materialization
                meta = mat.metadata
                key = mat.asset_key.to_user_string()
                _collect_files(meta, outcome)
                if "skipped" in meta:
                    outcome.skipped[key] = str(meta["skipped"].value)
                elif "rows_landed" in meta:  # once per day of a ranged run: the same
                    landed[key] = int(meta["rows_landed"].value)  # type: ignore[arg-type]
                elif mat.asset_key == PUBLISH_KEY:
                    outcome.models_built = True
            elif event.is_step_failure and event.step_failure_data is not None:
                err = event.step_failure_data.error
                user = event.step_failure_data.user_failure_data
                text = user.description if user and user.description else (
                    err.message.strip() if err else "failed")
                outcome.failures.append(f"{planned.name} {event.step_key}: {text}")
                if user:
                    _collect_files(user.metadata, outcome)
        for key, rows in landed.items():  # summed over the runs (the demo's windows)
            outcome.landed[key] = outcome.landed.get(key, 0) + rows


def _collect_files(metadata: Any, outcome: RunOutcome) -> None:
    """The export files a step reports (metadata "files": one entry per file). A file
    one run of the command landed stays reported as landed when a later run of the same
    command (the demo's next window) finds it already there."""
    entry = metadata.get("files")
    if entry is None or not isinstance(entry.value, list):
        return
    for file in entry.value:
        if isinstance(file, dict):
            earlier = outcome.files.get(file["file"])
            if earlier is None or earlier["status"] != "landed":
                outcome.files[file["file"]] = file
