"""The one daily partitioning every asset shares: days in the organisation's timezone."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import dagster as dg

from connectors.windows import DateWindow

# Far enough back for the oldest campaigns our users report on, and for their baselines.
HISTORY_START = "2018-01-01"

# Tags Dagster itself puts on a run that covers a range of partitions (a single-run
# backfill, or `pulse run`): the run's window.
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# The tag of a run over a single partition.
PARTITION_TAG = "dagster/partition"
# The days a models run follows (an unpartitioned run: see channels.py), for dbt's
# incremental window.
MODEL_FROM_TAG = "pulse/models_from"
MODEL_TO_TAG = "pulse/models_to"


def daily_partitions(timezone: str) -> dg.DailyPartitionsDefinition:
    """Daily partitions up to yesterday (the last complete day) in `timezone`."""
    return dg.DailyPartitionsDefinition(start_date=HISTORY_START, timezone=timezone)


def partition_window(context: dg.AssetExecutionContext) -> DateWindow:
    """A partitioned asset's days: one partition, or the range of a single-run backfill."""
    keys = context.partition_key_range
    return DateWindow(date.fromisoformat(keys.start), date.fromisoformat(keys.end))


def run_window(context: dg.AssetExecutionContext) -> DateWindow | None:
    """The days of the run an unpartitioned asset (per-window totals, models) is part
    of: the run's partition range, or the days a models run follows; None when the run
    names no days (an asset materialized on its own), which means "everything"."""
    if context.has_partition_key_range:
        return partition_window(context)
    return tags_window(context.run.tags)


def tags_window(tags: Mapping[str, str]) -> DateWindow | None:
    """The days a run's tags name, if any (see `run_window`)."""
    for start, end in ((RANGE_START_TAG, RANGE_END_TAG), (MODEL_FROM_TAG, MODEL_TO_TAG)):
        if start in tags and end in tags:
            return DateWindow(date.fromisoformat(tags[start]), date.fromisoformat(tags[end]))
    if PARTITION_TAG in tags:
        day = date.fromisoformat(tags[PARTITION_TAG])
        return DateWindow(day, day)
    return None


def range_tags(window: DateWindow) -> dict[str, str]:
    """The tags that make a run cover `window` (what the UI's backfill does)."""
    return {RANGE_START_TAG: window.start.isoformat(), RANGE_END_TAG: window.end.isoformat()}


def model_tags(window: DateWindow) -> dict[str, str]:
    """The tags that tell a models run which days were just landed."""
    return {MODEL_FROM_TAG: window.start.isoformat(), MODEL_TO_TAG: window.end.isoformat()}
