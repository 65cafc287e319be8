"""The inbox sensor: a file dropped in PULSE_INBOX/<channel>/ is landed by a run of that
channel's step; the models sensor then rebuilds the models and publishes.

The cursor remembers each file's size and modification time, so a file is requested
once, and again only when it changes (a corrected file dropped over a bad one). A file
modified in the last seconds may still be being written: it waits for the next tick.
The warehouse is never opened here: the landing step recognises content it already
has (by hash), so a file copied under a new name lands nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping, Sequence

import dagster as dg

from pipelines.defs.exports.assets import step_name
from pipelines.inbox import InboxFile, inbox_files, unknown_folders
from pipelines.settings import Settings

SENSOR_NAME = "inbox_files"
SETTLE_SECONDS = 5.0  # a file younger than this may still be being copied in


def build_inbox_sensor(job_name: str,
                       channel_keys: Mapping[str, Sequence[dg.AssetKey]]
                       ) -> dg.SensorDefinition:
    """One run per channel with new files at each tick; `channel_keys` maps each file
    channel to the assets its step materializes."""

    @dg.sensor(name=SENSOR_NAME, job_name=job_name, minimum_interval_seconds=30,
               default_status=dg.DefaultSensorStatus.RUNNING)
    def inbox_files_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        """Land the export files dropped in PULSE_INBOX/<channel>/ (X, TikTok, and the
        generic file of any other channel)."""
        inbox = Settings.from_env().inbox
        seen: dict[str, str] = json.loads(context.cursor or "{}")
        waiting: dict[str, list[InboxFile]] = {}
        settling = 0
        now_ns = time.time_ns()
        for f in inbox_files(inbox, channel_keys):
            if seen.get(str(f.path)) == f.signature:
                continue
            if now_ns - int(f.signature.split(":")[1]) < SETTLE_SECONDS * 1e9:
                settling += 1
                continue
            waiting.setdefault(f.channel, []).append(f)
        for folder in unknown_folders(inbox, channel_keys):
            if f"folder:{folder}" in seen:
                continue  # said once already
            seen[f"folder:{folder}"] = "no asset"
            context.log.warning(
                f"{inbox / folder}: no asset lands this folder yet; reload the code location "
                "(Deployment > Reload) to add the channel, or check the folder's name "
                "(lower-case letters, digits, underscores; not an API channel)")
        requests = [_request(channel, files, channel_keys[channel])
                    for channel, files in sorted(waiting.items())]
        for files in waiting.values():
            seen.update((str(f.path), f.signature) for f in files)
        skip = None
        if not requests:
            skip = (f"{settling} file(s) still being written" if settling
                    else f"no new file in {inbox}")
        return dg.SensorResult(run_requests=requests, cursor=json.dumps(seen, sort_keys=True),
                               skip_reason=skip)

    return inbox_files_sensor


def _request(channel: str, files: list[InboxFile],
             keys: Sequence[dg.AssetKey]) -> dg.RunRequest:
    identity = "\n".join(f"{f.path}@{f.signature}" for f in files)
    return dg.RunRequest(
        run_key=f"inbox-{channel}-{hashlib.sha256(identity.encode()).hexdigest()[:16]}",
        asset_selection=list(keys),
        run_config={"ops": {step_name(channel): {"config": {
            "files": [str(f.path) for f in files]}}}},
        tags={"pulse/stage": "ingest", "pulse/channel": channel,
              "pulse/files": str(len(files))},
    )
