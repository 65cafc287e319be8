"""The one daily partitioning every asset shares: days in the organisation's timezone."""

from __future__ import annotations

from datetime import date

import dagster as dg

from connectors.windows import DateWindow

# Far enough back for the oldest campaigns our users report on, and for their baselines.
HISTORY_START = "2018-01-01"

# Tags Dagster itself puts on a run that covers a range of partitions (a single-run
# backfill, or `pulse run`): the run's window.
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


def daily_partitions(timezone: str) -> dg.DailyPartitionsDefinition:
    """Daily partitions up to yesterday (the last complete day) in `timezone`."""
    return dg.DailyPartitionsDefinition(start_date=HISTORY_START, timezone=timezone)


def partition_window(context: dg.AssetExecutionContext) -> DateWindow:
    """The run's days: one partition, or the whole range of a single-run backfill."""
    keys = context.partition_key_range
    return DateWindow(date.fromisoformat(keys.start), date.fromisoformat(keys.end))


def range_tags(window: DateWindow) -> dict[str, str]:
    """The tags that make a run cover `window` (what the UI's backfill does)."""
    return {RANGE_START_TAG: window.start.isoformat(), RANGE_END_TAG: window.end.isoformat()}
