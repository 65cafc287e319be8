"""The models follow the landings: whatever landed new rows (the nightly channel runs, a
backfill launched from the UI, a dropped export file), the models are rebuilt and the
snapshot published once, after the landing runs have finished."""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg

from pipelines.defs.channels import PUBLISH_KEY

SENSOR_NAME = "models_after_landing"
IN_PROGRESS = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED,
               dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]


def latest_storage_id(instance: dg.DagsterInstance, keys: Sequence[dg.AssetKey]) -> int:
    """The newest materialization's storage id among `keys` (0 when none)."""
    newest = 0
    for record in instance.get_asset_records(list(keys)):
        last = record.asset_entry.last_materialization_record
        if last is not None:
            newest = max(newest, last.storage_id)
    return newest


def build_models_sensor(job_name: str, landing_keys: Sequence[dg.AssetKey],
                        model_keys: Sequence[dg.AssetKey]) -> dg.SensorDefinition:
    """A sensor that requests the models and the snapshot when something landed after
    the last snapshot, once no run is queued or running (so a night's channel runs, or
    a backfill, are modelled together)."""

    # Every few seconds: it only reads the instance's records, and the night's snapshot
    # waits on it once the last channel has landed.
    @dg.sensor(name=SENSOR_NAME, job_name=job_name, minimum_interval_seconds=5,
               default_status=dg.DefaultSensorStatus.RUNNING)
    def models_after_landing(context: dg.SensorEvaluationContext
                             ) -> dg.RunRequest | dg.SkipReason:
        """Rebuild the models and publish the snapshot after new rows land."""
        landed = latest_storage_id(context.instance, landing_keys)
        done = max(int(context.cursor or 0),
                   latest_storage_id(context.instance, [PUBLISH_KEY]))
        if landed <= done:
            return dg.SkipReason("the snapshot is up to date with every landing")
        busy = context.instance.get_run_records(
            dg.RunsFilter(statuses=IN_PROGRESS), limit=1)
        if busy:
            return dg.SkipReason(f"new rows landed; waiting for run {busy[0].dagster_run.run_id}"
                                 " to finish before rebuilding the models")
        context.update_cursor(str(landed))
        return dg.RunRequest(run_key=f"models-after-{landed}", asset_selection=list(model_keys),
                             tags={"pulse/stage": "models", "pulse/after_landing": str(landed)})

    return models_after_landing
