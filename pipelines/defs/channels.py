"""The channels the pipeline knows, as the schedule and `pulse run --channel` see them."""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg

PUBLISH_KEY = dg.AssetKey(["analytics_snapshot"])
MODELS_GROUP = "models"
REGISTRY_GROUP = "registry"

# Each channel is an asset group of the same name; its nightly lookback is a setting.
CHANNELS: tuple[str, ...] = ("meta_ads", "facebook", "instagram")


class UnknownChannelError(ValueError):
    """A channel name that is not one of ours."""


def check_channels(names: Sequence[str]) -> list[str]:
    """The channels named, validated; every channel when none is named."""
    unknown = [n for n in names if n not in CHANNELS]
    if unknown:
        raise UnknownChannelError(
            f"unknown channel(s) {', '.join(unknown)}; known: {', '.join(CHANNELS)}")
    return list(names) or list(CHANNELS)


def channel_selection(channels: Sequence[str]) -> dg.AssetSelection:
    """The channels' ingestion assets, the registry, every model and the publish step."""
    return (dg.AssetSelection.groups(*channels)
            | dg.AssetSelection.groups(REGISTRY_GROUP)
            | dg.AssetSelection.assets(PUBLISH_KEY)
            | dg.AssetSelection.groups(MODELS_GROUP))
