"""Export files: X (group `twitter`), TikTok (group `tiktok`), and one group per generic
file channel (calls, print, radio, website...), beside the API channels in the UI.

Each channel is one step landing the files it is given (by the inbox sensor or `pulse
import`) or, materialized from the UI, every file of its inbox folder not landed yet.
X and TikTok exports each feed two raw tables (per post, per day), hence one step with
two assets. All generic channels share raw.file_channel_daily: each channel's asset is
raw/files/<channel>, and the shared table is an asset fed by all of them, which the
dbt source maps to.
"""

# No `from __future__ import annotations`: Dagster reads the context annotation at
# definition time and needs the real class.
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
from pydantic import Field

from pipelines import checks
from pipelines.defs.landing import do_not_retry
from pipelines.defs.resources import PulseResource
from pipelines.exports import FileOutcome, land_files
from pipelines.inbox import inbox_files

# The two platforms with export files of their own, and the raw tables each feeds.
PLATFORM_TABLES: dict[str, tuple[str, ...]] = {
    "twitter": ("twitter_posts", "twitter_daily"),
    "tiktok": ("tiktok_daily", "tiktok_videos"),
}
SHARED_TABLE = dg.AssetKey(["raw", "file_channel_daily"])
FILES_LEDGER = dg.AssetKey(["raw", "export_files"])
_DESCRIPTIONS = {
    "twitter_posts": "X posts from the tweet activity (legacy) and content (2024+) exports: "
                     "each post's totals as of its newest export, on its day.",
    "twitter_daily": "X account overview (2024+): the account's figures per day.",
    "tiktok_daily": "TikTok Overview, FollowerHistory and Viewers: figures per day.",
    "tiktok_videos": "TikTok Content: each video's totals as of its newest export, on "
                     "the day it was posted.",
}


class ExportFiles(dg.Config):
    """Which files to land."""

    files: list[str] = Field(
        default_factory=list,
        description="Paths of the files to land; empty: every file of the channel's "
                    "inbox folder (PULSE_INBOX/<channel>/) that has not landed yet.")


def export_keys(channel: str) -> list[dg.AssetKey]:
    """The assets a channel's files land in."""
    tables = PLATFORM_TABLES.get(channel)
    if tables:
        return [dg.AssetKey(["raw", t]) for t in tables]
    return [dg.AssetKey(["raw", "files", channel])]


def checked_table(key: dg.AssetKey) -> str:
    """The raw table an export asset lands in, whose checks are the asset's."""
    return SHARED_TABLE.path[-1] if key.path[1] == "files" else key.path[-1]


def _check_specs(key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
    return checks.check_specs(checked_table(key), asset=key)


def step_name(channel: str) -> str:
    """The step (op) landing a channel's files: run config goes under this name."""
    return f"{channel}_exports"


def land_channel(context: dg.AssetExecutionContext, pulse: PulseResource, channel: str,
                 files: Sequence[str]) -> Iterator[dg.MaterializeResult]:
    """Land the files, report each one, and fail naming the files that could not be
    read (after the others have landed)."""
    settings = pulse.settings
    paths = ([Path(f).expanduser().resolve() for f in files]
             or [f.path for f in inbox_files(settings.inbox, [channel])])
    known = frozenset(c.id for c in pulse.registry().campaigns)
    outcomes = land_files(pulse.warehouse, paths, channel, timezone=settings.timezone,
                          run_id=context.run.run_id, known_campaigns=known,
                          holder=context.op_execution_context.op_def.name)
    for outcome in outcomes:
        log = context.log.error if outcome.status == "failed" else context.log.info
        log(outcome.summary())
        for rejection in outcome.rejections:
            context.log.warning(f"{outcome.file}: rejected {rejection}")
    failed = [o for o in outcomes if o.status == "failed"]
    if len(failed) < len(outcomes) or not outcomes:
        results = check_landed_files(pulse, channel, outcomes)
        for key in export_keys(channel):
            yield dg.MaterializeResult(asset_key=key, metadata=_metadata(key, outcomes),
                                       check_results=results[key])
    if failed:
        # Those files will not read any better on a retry: the run is not retried (the
        # others have landed), and the inbox sensor does not ask for them again.
        do_not_retry(context)
        raise dg.Failure(
            description=f"{len(failed)} of {len(outcomes)} file(s) could not be read and "
                        "landed nothing; the others landed:\n"
                        + "\n".join(o.summary() for o in failed),
            metadata={"files": dg.MetadataValue.json([o.as_metadata() for o in failed])})


def check_landed_files(pulse: PulseResource, channel: str, outcomes: list[FileOutcome]
                       ) -> dict[dg.AssetKey, list[dg.AssetCheckResult]]:
    """Each of the channel's assets' data checks (pipelines/checks.py) over the days the
    files landed in this run cover; a generic channel's over its own rows only."""
    days = [o.dates for o in outcomes if o.status == "landed" and o.dates]
    keys = export_keys(channel)
    if not days:
        return {key: checks.nothing_landed(checked_table(key), asset=key,
                                           note="no row landed in this run")
                for key in keys}
    start, end = min(d[0] for d in days), max(d[1] for d in days)
    with pulse.warehouse.reader("checks") as conn:
        return {key: checks.evaluate(conn, checked_table(key), start, end, asset=key,
                                     scope={"channel": channel})
                for key in keys}


def _metadata(key: dg.AssetKey, outcomes: list[FileOutcome]) -> dict[str, Any]:
    table = checked_table(key)
    landed = [o for o in outcomes if o.status == "landed"]
    return {
        "rows_landed": sum(o.rows_landed.get(table, 0) for o in landed),
        "rows_rejected": sum(o.rows_rejected for o in landed),
        "rows_kept_from_newer_exports": sum(o.rows_kept_newer for o in landed),
        "files_landed": len(landed),
        "files_already_landed": sum(o.status == "already landed" for o in outcomes),
        "files_failed": sum(o.status == "failed" for o in outcomes),
        "files": dg.MetadataValue.json([o.as_metadata() for o in outcomes]),
    }


def build_export_assets(generic: Sequence[str]) -> list[dg.AssetsDefinition | dg.AssetSpec]:
    """X's and TikTok's steps, one per generic channel, and the shared generic table."""
    built: list[dg.AssetsDefinition | dg.AssetSpec] = [
        _platform_step("twitter", "X (Twitter) exports"),
        _platform_step("tiktok", "TikTok exports"),
        *(_generic_step(channel) for channel in generic),
    ]
    built.append(dg.AssetSpec(
        SHARED_TABLE, group_name="file_channels", kinds={"duckdb"},
        deps=[dg.AssetKey(["raw", "files", c]) for c in generic],
        description="Every generic file channel's rows (raw.file_channel_daily), landed "
                    "by the raw/files/<channel> assets."))
    # Every file channel's step writes its files' ledger rows (and the days each file
    # covers, which the models' coverage reads).
    feeders = [key for channel in [*PLATFORM_TABLES, *generic] for key in export_keys(channel)]
    built.append(dg.AssetSpec(
        FILES_LEDGER, group_name="file_channels", kinds={"duckdb"}, deps=feeders,
        description="Every export file landed (raw.export_files): its channel, format, "
                    "counts, and the days it covers."))
    return built


def _platform_step(channel: str, label: str) -> dg.AssetsDefinition:
    specs = [dg.AssetSpec(["raw", table], group_name=channel, kinds={"duckdb", "csv"},
                          description=f"{label}: {_DESCRIPTIONS[table]}")
             for table in PLATFORM_TABLES[channel]]
    return _step(channel, specs)


def _generic_step(channel: str) -> dg.AssetsDefinition:
    spec = dg.AssetSpec(
        ["raw", "files", channel], group_name=channel, kinds={"duckdb", "csv"},
        description=f"The {channel} channel's files (the generic channel file: date, "
                    "metric, value, optional campaign id and note), landed in "
                    "raw.file_channel_daily.")
    return _step(channel, [spec])


def _step(channel: str, specs: list[dg.AssetSpec]) -> dg.AssetsDefinition:
    @dg.multi_asset(name=step_name(channel), specs=specs,
                    check_specs=[c for spec in specs for c in _check_specs(spec.key)])
    def channel_exports(context: dg.AssetExecutionContext, pulse: PulseResource,
                        config: ExportFiles) -> Iterator[dg.MaterializeResult]:
        """Land export files (CSV or XLSX) dropped in the channel's inbox folder or given
        by `pulse import`: each file in one transaction, exactly once (by content), the
        newest file winning where two overlap; bad rows go to raw.export_rejected_rows
        with their file, line, column and reason. The tables' data checks then run over
        the days the landed files cover."""
        yield from land_channel(context, pulse, channel, config.files)

    return channel_exports
