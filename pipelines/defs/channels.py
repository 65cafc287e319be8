"""The channels the pipeline knows, and the asset selections built from them.

A run of the pipeline is two Dagster runs: the channels' ingestion over a range of
days, then the models and the snapshot. They are kept apart because Dagster applies a
ranged run's partitions to every asset and check in it: the ~100 dbt tests would be
recorded once per day of the range, which costs more than the build itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg

PUBLISH_KEY = dg.AssetKey(["analytics_snapshot"])
MODELS_GROUP = "models"
REGISTRY_GROUP = "registry"

# Each channel is an asset group of the same name; its nightly lookback is a setting.
CHANNELS: tuple[str, ...] = ("meta_ads", "facebook", "instagram", "google_ads",
                             "mailchimp")
# File channels (twitter, tiktok, calls...) are groups too, but have no nightly run: the
# inbox sensor lands their files as they come (pipelines/inbox.py lists them).


class UnknownChannelError(ValueError):
    """A channel name that is not one of ours."""


def check_channels(names: Sequence[str], file_channels: Sequence[str] = ()) -> list[str]:
    """The channels named, validated; every channel (the API ones, then the file
    channels given) when none is named."""
    known = [*CHANNELS, *file_channels]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UnknownChannelError(
            f"unknown channel(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return list(names) or known


def ingestion_selection(channels: Sequence[str]) -> dg.AssetSelection:
    """The channels' ingestion assets (their asset groups)."""
    return dg.AssetSelection.groups(*channels)


def modelling_selection() -> dg.AssetSelection:
    """The registry, every model (with dbt's tests as checks) and the publish step."""
    return (dg.AssetSelection.groups(REGISTRY_GROUP)
            | dg.AssetSelection.groups(MODELS_GROUP)
            | dg.AssetSelection.assets(PUBLISH_KEY))
