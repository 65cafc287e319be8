"""The campaign_pulse code location.

Built by a factory rather than discovered from a defs folder: the shared partitions
depend on a setting (PULSE_TIMEZONE), and tests build definitions for their own
settings without reloading modules. Settings are read once, when the location loads.
"""

from __future__ import annotations

import dagster as dg

from connectors.exports import FILE_CHANNELS
from pipelines.defs.channels import CHANNELS, ingestion_selection, modelling_selection
from pipelines.defs.dbt.assets import build_dbt_assets, dbt_project, dbt_resource
from pipelines.defs.exports.assets import build_export_assets, export_keys
from pipelines.defs.exports.sensors import build_inbox_sensor
from pipelines.defs.google_ads.assets import build_google_ads_assets
from pipelines.defs.landing import landed_windows_spec
from pipelines.defs.mailchimp.assets import build_mailchimp_assets
from pipelines.defs.meta.assets import build_meta_assets
from pipelines.defs.partitions import daily_partitions
from pipelines.defs.publish.assets import build_publish_asset
from pipelines.defs.registry.assets import build_registry_asset
from pipelines.defs.resources import PulseResource
from pipelines.defs.schedules import build_nightly_schedule
from pipelines.defs.sensors import build_models_sensor
from pipelines.inbox import generic_channels
from pipelines.settings import Settings

JOB_NAME = "pulse"
# The same assets, their steps one after another in the run's own process: for the runs
# of one channel (the nightly's, the inbox's) and of the models (registry, dbt, publish,
# in that order anyway). A process per step would load the code location again, which
# takes longer than a channel's whole fetch.
SEQUENTIAL_JOB_NAME = "pulse_sequential"
# Channels fetch in parallel processes; the writer lock serializes their landing. The
# step processes fork from a server that has imported the code location once: a fresh
# interpreter per step would spend seconds importing Dagster, dbt and the SDKs.
EXECUTOR = dg.multiprocess_executor.configured({
    "max_concurrent": 4,
    "start_method": {"forkserver": {"preload_modules": ["pipelines.definitions"]}},
})


def build_definitions(settings: Settings) -> dg.Definitions:
    """Every asset, the job, the nightly schedule, the sensors and the resources."""
    partitions = daily_partitions(settings.timezone)
    generic = generic_channels(settings)  # see pipelines/inbox.py for how they are found
    file_channels = [*FILE_CHANNELS, *generic]
    project = dbt_project()
    models = build_dbt_assets(project)
    model_keys = [k for k in models.keys if k.path[0] in ("staging", "facts", "marts")]
    assets = [
        build_registry_asset(),
        *build_meta_assets(partitions),
        *build_google_ads_assets(partitions),
        *build_export_assets(generic),
        *build_mailchimp_assets(partitions),
        landed_windows_spec(),
        models,
        build_publish_asset(model_keys),
    ]
    base = dg.Definitions(
        assets=assets,
        jobs=[dg.define_asset_job(JOB_NAME, selection=dg.AssetSelection.all(),
                                  description="Any assets, channels fetched side by side "
                                              "in processes of their own."),
              dg.define_asset_job(SEQUENTIAL_JOB_NAME, selection=dg.AssetSelection.all(),
                                  executor_def=dg.in_process_executor,
                                  description="One channel's assets, or the models, step "
                                              "after step in the run's own process.")],
        resources={"pulse": PulseResource(), "dbt": dbt_resource(project)},
        executor=EXECUTOR,
    )
    graph = base.resolve_asset_graph()
    selections = {ch: sorted(ingestion_selection([ch]).resolve(graph),
                             key=lambda k: k.to_user_string()) for ch in CHANNELS}
    nightly = build_nightly_schedule(SEQUENTIAL_JOB_NAME, settings.timezone, selections)
    files = {ch: export_keys(ch) for ch in file_channels}
    landings = sorted({k for keys in [*selections.values(), *files.values()] for k in keys},
                      key=lambda k: k.to_user_string())
    modelled = sorted(modelling_selection().resolve(graph), key=lambda k: k.to_user_string())
    follow = build_models_sensor(SEQUENTIAL_JOB_NAME, landings, modelled)
    inbox = build_inbox_sensor(SEQUENTIAL_JOB_NAME, files)
    return dg.Definitions.merge(base, dg.Definitions(schedules=[nightly],
                                                     sensors=[follow, inbox]))


@dg.definitions
def defs() -> dg.Definitions:
    """The code location Dagster loads (workspace.yaml)."""
    return build_definitions(Settings.from_env())
