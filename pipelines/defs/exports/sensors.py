"""The inbox sensor: a file dropped in PULSE_INBOX/<channel>/ is landed by a run of that
channel's step; the models sensor then rebuilds the models and publishes.

The cursor remembers each file's size and modification time, so a file is requested
once, and again only when it changes (a corrected file dropped over a bad one). A file
modified in the last seconds may still be being written: it waits for the next tick.
The warehouse is never opened here: the landing step recognises content it already
has (by hash), so a file copied under a new name lands nothing twice.

A run that fails is retried like the nightly runs (run retries, from the failure). The
cursor also follows each request until one of its runs succeeds: when a run and its
retries all failed for a reason retrying may fix (the warehouse busy or locked by
another program), its files are requested again a while later, a few times at most.
A run that failed because a file cannot be read is tagged not to be retried, and that
file is not requested again until it changes.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
from typing import Any

import dagster as dg

from pipelines.defs.exports.assets import step_name
from pipelines.defs.landing import NO_RUN_RETRY_TAG
from pipelines.defs.schedules import RUN_RETRY_TAGS
from pipelines.defs.sensors import IN_PROGRESS
from pipelines.inbox import InboxFile, inbox_files, unknown_folders
from pipelines.settings import Settings

SENSOR_NAME = "inbox_files"
SETTLE_SECONDS = 5.0  # a file younger than this may still be being copied in
# Each run of the sensor's requests carries the request's run key, which the daemon's
# retries copy: the cursor finds a request's runs by it.
REQUEST_TAG = "pulse/inbox_request"
# After a run and its retries failed, the next round waits this long (the warehouse's
# other writer, or the program holding it, may be done by then)...
RETRY_AFTER = timedelta(minutes=10)
# ...and after this many rounds the sensor gives up on the file and says so.
MAX_ROUNDS = 3
_STILL_RUNNING = frozenset([*IN_PROGRESS, dg.DagsterRunStatus.CANCELING])


class Outcome(Enum):
    """Where the runs of one request stand."""

    WAITING = "waiting"  # not launched yet, running, or about to be retried
    LANDED = "landed"  # a run succeeded
    UNREADABLE = "unreadable"  # a file cannot be read: retrying cannot help
    CANCELED = "canceled"  # someone stopped it
    FAILED = "failed"  # every run failed for a reason retrying may fix, none is coming


@dataclass
class InboxCursor:
    """What the sensor remembers between ticks (as JSON): the file versions requested,
    the requests whose outcome is not known yet, and the rounds each file has failed."""

    seen: dict[str, str] = field(default_factory=dict)  # path (or folder:NAME) -> signature
    requests: dict[str, dict[str, str]] = field(default_factory=dict)  # run key -> files
    rounds: dict[str, int] = field(default_factory=dict)  # path -> failed rounds

    @classmethod
    def load(cls, text: str | None) -> InboxCursor:
        data: dict[str, Any] = json.loads(text or "{}")
        if "seen" not in data:  # the earlier cursor: only the files seen
            return cls(seen=data)
        return cls(data["seen"], data["requests"], data["rounds"])

    def dump(self) -> str:
        return json.dumps({"seen": self.seen, "requests": self.requests,
                           "rounds": self.rounds}, sort_keys=True)


def request_outcome(instance: dg.DagsterInstance, run_key: str,
                    retry_after: timedelta) -> Outcome:
    """The outcome of the runs the sensor's request `run_key` started (a run and the
    daemon's retries of it)."""
    records = instance.get_run_records(dg.RunsFilter(tags={REQUEST_TAG: run_key}))
    runs = [r.dagster_run for r in records]
    if any(r.status == dg.DagsterRunStatus.SUCCESS for r in runs):
        return Outcome.LANDED
    if not runs or any(r.status in _STILL_RUNNING or r.is_complete_and_waiting_to_retry
                       for r in runs):
        return Outcome.WAITING
    if any(r.tags.get(NO_RUN_RETRY_TAG) == "false" for r in runs):
        return Outcome.UNREADABLE
    if any(r.status == dg.DagsterRunStatus.CANCELED for r in runs):
        return Outcome.CANCELED
    ended = max((r.end_time or 0.0) for r in records)
    if time.time() - ended < retry_after.total_seconds():
        return Outcome.WAITING
    return Outcome.FAILED


def build_inbox_sensor(job_name: str,
                       channel_keys: Mapping[str, Sequence[dg.AssetKey]],
                       retry_after: timedelta = RETRY_AFTER) -> dg.SensorDefinition:
    """One run per channel with new files at each tick; `channel_keys` maps each file
    channel to the assets its step materializes. Files whose runs all failed for a
    reason retrying may fix are requested again `retry_after` later."""

    @dg.sensor(name=SENSOR_NAME, job_name=job_name, minimum_interval_seconds=30,
               default_status=dg.DefaultSensorStatus.RUNNING)
    def inbox_files_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        """Land the export files dropped in PULSE_INBOX/<channel>/ (X, TikTok, and the
        generic file of any other channel); files whose run failed for a reason
        retrying may fix (and not because the file cannot be read) are landed later."""
        inbox = Settings.from_env().inbox
        cursor = InboxCursor.load(context.cursor)
        _follow_requests(context, cursor, retry_after)
        waiting: dict[str, list[InboxFile]] = {}
        settling = 0
        now_ns = time.time_ns()
        for f in inbox_files(inbox, channel_keys):
            if cursor.seen.get(str(f.path)) == f.signature:
                continue
            if now_ns - int(f.signature.split(":")[1]) < SETTLE_SECONDS * 1e9:
                settling += 1
                continue
            waiting.setdefault(f.channel, []).append(f)
        for folder in unknown_folders(inbox, channel_keys):
            if f"folder:{folder}" in cursor.seen:
                continue  # said once already
            cursor.seen[f"folder:{folder}"] = "no asset"
            context.log.warning(
                f"{inbox / folder}: no asset lands this folder yet; reload the code location "
                "(Deployment > Reload) to add the channel, or check the folder's name "
                "(lower-case letters, digits, underscores; not an API channel)")
        requests = [_request(channel, files, channel_keys[channel], cursor.rounds)
                    for channel, files in sorted(waiting.items())]
        for request, (_, files) in zip(requests, sorted(waiting.items()), strict=True):
            assert request.run_key is not None
            cursor.requests[request.run_key] = {str(f.path): f.signature for f in files}
            cursor.seen.update((str(f.path), f.signature) for f in files)
        skip = None
        if not requests:
            reasons = [f"{settling} file(s) still being written" if settling else "",
                       f"{len(cursor.requests)} earlier request(s) running or to be retried"
                       if cursor.requests else ""]
            skip = "; ".join(r for r in reasons if r) or f"no new file in {inbox}"
        return dg.SensorResult(run_requests=requests, cursor=cursor.dump(), skip_reason=skip)

    return inbox_files_sensor


def _follow_requests(context: dg.SensorEvaluationContext, cursor: InboxCursor,
                     retry_after: timedelta) -> None:
    """Settle the requests whose runs are over; forget the files of those that failed
    for a reason retrying may fix, so that this tick requests them again."""
    for run_key, files in list(cursor.requests.items()):
        outcome = request_outcome(context.instance, run_key, retry_after)
        if outcome is Outcome.WAITING:
            continue
        del cursor.requests[run_key]
        # Only the version of a file this request was for: a newer one has its own.
        current = [path for path, signature in files.items()
                   if cursor.seen.get(path) == signature]
        if outcome is not Outcome.FAILED:
            for path in current:
                cursor.rounds.pop(path, None)
            continue
        for path in current:
            rounds = cursor.rounds.get(path, 0) + 1
            if rounds < MAX_ROUNDS:
                cursor.rounds[path] = rounds
                del cursor.seen[path]
                context.log.warning(f"{path}: its landing run failed for a reason retrying "
                                    f"may fix; requesting it again (round {rounds + 1} of "
                                    f"{MAX_ROUNDS})")
            else:
                cursor.rounds.pop(path, None)
                context.log.error(
                    f"{path}: its landing failed in {MAX_ROUNDS} rounds of runs; the sensor "
                    "gives up on it. See the failed runs for why; once fixed, land it with "
                    "`pulse import FILE --channel NAME` or drop it again")


def _request(channel: str, files: list[InboxFile], keys: Sequence[dg.AssetKey],
             rounds: Mapping[str, int]) -> dg.RunRequest:
    # The round is part of the key: a file requested again is a new run, not a
    # duplicate of the failed one.
    identity = "\n".join(f"{f.path}@{f.signature}#{rounds.get(str(f.path), 0)}"
                         for f in files)
    run_key = f"inbox-{channel}-{hashlib.sha256(identity.encode()).hexdigest()[:16]}"
    return dg.RunRequest(
        run_key=run_key,
        asset_selection=list(keys),
        run_config={"ops": {step_name(channel): {"config": {
            "files": [str(f.path) for f in files]}}}},
        tags={**RUN_RETRY_TAGS, "pulse/stage": "ingest", "pulse/channel": channel,
              "pulse/files": str(len(files)), REQUEST_TAG: run_key},
    )
