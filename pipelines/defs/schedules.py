"""The nightly ingestion: each channel re-reads its lookback window in a run of its own;
the models sensor then rebuilds the models and publishes once they have all finished."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import dagster as dg

from connectors.windows import DateWindow
from pipelines.defs.channels import CHANNELS
from pipelines.defs.partitions import range_tags
from pipelines.settings import Settings

NIGHTLY_CRON = "0 2 * * *"
# Transient failures (a source's bad night) get the whole failed part run again.
RUN_RETRY_TAGS = {"dagster/max_retries": "2", "dagster/retry_strategy": "FROM_FAILURE"}


def nightly_windows(settings: Settings, latest_day: date) -> dict[str, DateWindow]:
    """Each channel's window: `latest_day` and the lookback days before it."""
    return {ch: DateWindow(latest_day - timedelta(days=settings.lookback_days[ch]), latest_day)
            for ch in CHANNELS}


def build_nightly_schedule(job_name: str, timezone: str,
                           selections: Mapping[str, Sequence[dg.AssetKey]]
                           ) -> dg.ScheduleDefinition:
    """One run per channel each night, so a failing channel never holds the others back.

    `selections` maps each channel to its ingestion assets."""

    @dg.schedule(job_name=job_name, cron_schedule=NIGHTLY_CRON, execution_timezone=timezone,
                 name="nightly", default_status=dg.DefaultScheduleStatus.RUNNING)
    def nightly(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest]:
        """Nightly: for each channel, yesterday plus its lookback window (Meta ads 28
        days, Page and Instagram insights 3, Google Ads 14, Mailchimp reports of the last
        30 days of sends; settings), one run each; the models and the snapshot follow
        (sensor models_after_landing)."""
        scheduled = context.scheduled_execution_time
        assert scheduled is not None
        latest = scheduled.date() - timedelta(days=1)
        return [
            dg.RunRequest(
                run_key=f"nightly-{channel}-{latest.isoformat()}",
                asset_selection=list(selections[channel]),
                tags={**range_tags(window), **RUN_RETRY_TAGS, "pulse/channel": channel},
            )
            for channel, window in nightly_windows(Settings.from_env(), latest).items()
        ]

    return nightly
