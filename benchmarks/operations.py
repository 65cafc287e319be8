"""The nightly run and a channel's one-year backfill, on the real Dagster webserver and
daemon, over the sandbox with 100 ms of latency on every request.

- nightly: the schedule's runs for 2022-06-01 (every API channel over its lookback)
  launched as the UI does, the daemon running them from its queue, then the models
  sensor's run; against the sum of the channels' fetch times (how much fetching
  overlaps) and against the slowest channel run alone plus the models.
- backfill: meta_ads over 2022 as one backfill (one run, the single-run policy) against
  one run per day (14 days measured, scaled to the year).
- the start of the UI: the webserver until the code location is loaded.

Each repetition starts from the same warehouse: May 2022 landed and modelled by
`pulse run`, copied aside once and put back before every measured launch.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from benchmarks.common import DATA_DIR, Ratio, Result, Stat, fresh
from pipelines.definitions import JOB_NAME, SEQUENTIAL_JOB_NAME
from pipelines.defs.sensors import SENSOR_NAME as MODELS_SENSOR
from pipelines.sandbox_env import running_sandbox
from tests.dagster_stack import TERMINAL, DagsterStack, pulse_run, stack_env, wait_for

LATENCY_MS = 100.0
NIGHT = datetime(2022, 6, 1, 2, 0, tzinfo=ZoneInfo("America/Toronto"))
BEFORE = ("2022-05-01", "2022-05-31")
YEAR = (date(2022, 1, 1), date(2022, 12, 31))
PER_DAY_SAMPLE = 14
BACKFILL_ASSETS = [["raw", "meta_ads_insights"], ["raw", "meta_ads_period_reach"]]

@dataclass
class Site:
    """A running stack over the sandbox, with a warehouse to put back before each launch."""

    stack: DagsterStack
    env: dict[str, str]
    template: Path

    @property
    def warehouse(self) -> Path:
        return Path(self.env["PULSE_WAREHOUSE"])

    def reset(self) -> None:
        """The warehouse as `pulse run` left it (nothing writes it between launches)."""
        shutil.copyfile(self.template, self.warehouse)

    def launch_and_wait(self, requests: Sequence[dict[str, Any]],
                        job: str) -> tuple[float, list[dict]]:
        """Launch the runs of `job`; their wall time from the launch to the last end, and
        the runs."""
        started = time.time()
        ids = self.stack.launch(requests, job)
        runs = wait_for("the launched runs", lambda: _finished(self.stack, ids), 1800, every=1)
        return max(r["endTime"] for r in runs) - started, runs


def _finished(stack: DagsterStack, ids: Sequence[str]) -> list[dict[str, Any]] | None:
    by_id = {r["runId"]: r for r in stack.runs()}
    runs = [by_id[i] for i in ids if i in by_id]
    if len(runs) < len(ids) or any(r["status"] not in TERMINAL for r in runs):
        return None
    failed = [r["runId"] for r in runs if r["status"] != "SUCCESS"]
    if failed:
        raise RuntimeError(f"runs failed: {failed}; see the UI's run logs in {stack.logs}")
    return runs


@contextmanager
def site(name: str) -> Iterator[Site]:
    """The sandbox (with latency), May 2022 landed by `pulse run`, and the stack."""
    work = fresh(DATA_DIR / "work" / name)
    with running_sandbox(latency_ms=LATENCY_MS) as sandbox:
        env = stack_env(work, sandbox)
        before = pulse_run(env, "--from", BEFORE[0], "--to", BEFORE[1], timeout=1800)
        if before.returncode:
            raise RuntimeError(f"pulse run failed:\n{before.stdout[-3000:]}{before.stderr[-3000:]}")
        template = work / "template.duckdb"
        shutil.copyfile(work / "warehouse.duckdb", template)
        stack = DagsterStack(env, work / "logs")
        try:
            stack.start()
            yield Site(stack, env, template)
        finally:
            stack.stop()


def _fetch_seconds(stack: DagsterStack, run_id: str) -> float:
    return sum(values.get("fetch_seconds", 0.0)
               for values in stack.materialization_metadata(run_id).values())


def nightly(runs: int) -> Result:
    """The night against its channels alone and the models; the UI's start."""
    result = Result("nightly", "A nightly run over the sandbox (100 ms per request)", runs)
    samples: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)

    with site("nightly") as here:
        requests = here.stack.schedule_run_requests("nightly", NIGHT)
        channels = {_channel(r): r for r in requests}
        for run in range(runs):
            print(f"nightly, run {run + 1} of {runs}", flush=True)
            here.reset()
            started = time.time()
            ids = here.stack.launch(requests, SEQUENTIAL_JOB_NAME)
            landed = wait_for("the night's channel runs", partial(_finished, here.stack, ids),
                              1800, every=1)
            last_landing = max(r["endTime"] for r in landed)
            models = wait_for("the models run after the night",
                              partial(_models_after, here.stack, last_landing), 1800, every=1)
            add("night: launch to snapshot published", models["endTime"] - started)
            add("night: launch to last channel landed", last_landing - started)
            add("night: last landing to the models run's creation (the sensor)",
                models["creationTime"] - last_landing)
            add("night: models run, created to end", models["endTime"] - models["creationTime"])
            for phase, seconds in here.stack.run_phases(models["runId"]).items():
                add(f"night's models run: {phase}", seconds)
            fetches = {_channel_of(r): _fetch_seconds(here.stack, r["runId"]) for r in landed}
            for channel, seconds in fetches.items():
                add(f"fetch: {channel}", seconds)
            add("fetch: sum over the channels", sum(fetches.values()))
            print(f"  {samples['night: launch to snapshot published'][-1]:.1f} s", flush=True)
        # Each channel alone: the sensor is off, so no models run follows them.
        here.stack.set_sensor(MODELS_SENSOR, running=False)
        for _ in range(runs):
            for channel, request in channels.items():
                here.reset()
                wall, (alone,) = here.launch_and_wait([request], SEQUENTIAL_JOB_NAME)
                add(f"alone: {channel}, launch to landed", wall)
                # Where a channel's run spends its time (every channel's runs together).
                for phase, seconds in here.stack.run_phases(alone["runId"]).items():
                    add(f"a channel's run alone: {phase}", seconds)
        here.stack.set_sensor(MODELS_SENSOR, running=True)
    for name, values in samples.items():
        result.stats.append(Stat(name, "s", values))
    _nightly_ratios(result, list(channels))
    result.stats += ui_start(runs)
    return result


def _channel(request: dict[str, Any]) -> str:
    return next(t["value"] for t in request["tags"] if t["key"] == "pulse/channel")


def _channel_of(run: dict[str, Any]) -> str:
    return str(run["tags"]["pulse/channel"])


def _models_after(stack: DagsterStack, since: float) -> dict[str, Any] | None:
    for run in stack.runs():
        if (run["tags"].get("pulse/stage") == "models" and (run["startTime"] or 0) >= since
                and run["status"] in TERMINAL):
            if run["status"] != "SUCCESS":
                raise RuntimeError(f"the models run {run['runId']} failed")
            return run
    return None


def _nightly_ratios(result: Result, channels: list[str]) -> None:
    def median(name: str) -> float:
        return result.stat(name).median

    night = median("night: launch to snapshot published")
    slowest = max(channels, key=lambda c: median(f"alone: {c}, launch to landed"))
    alone = median(f"alone: {slowest}, launch to landed")
    models = median("night: models run, created to end")
    fetch_sum = median("fetch: sum over the channels")
    budget = alone + models
    result.ratios += [
        Ratio("night / (slowest channel alone + models)", night / budget, "<= 1.3",
              night / budget <= 1.3, f"slowest: {slowest}"),
        Ratio("night's landing phase / sum of the channels' fetch times",
              median("night: launch to last channel landed") / fetch_sum, "",
              None, "below 1: fetching overlapped"),
        Ratio("night's landing phase / slowest channel alone",
              median("night: launch to last channel landed") / alone),
    ]
    result.notes += [
        "The night: the schedule evaluated by the webserver for 2022-06-01 (every API "
        "channel over its lookback: Meta ads 28 days, Page and Instagram 3, Google Ads 14, "
        "Mailchimp 30 days of sends), launched through GraphQL, run by the daemon's queue "
        "(3 at a time, dagster.yaml), then the models_after_landing sensor's run (dbt build "
        "and the snapshot). Times are from the launch, by the runs' start and end times.",
        "A channel alone: its one run launched the same way, from launch to its end.",
        f"The sandbox waits {LATENCY_MS:.0f} ms before every answer.",
    ]


def ui_start(runs: int) -> list[Stat]:
    """The webserver and daemon started until the code location is loaded, `runs` times."""
    seconds = []
    work = fresh(DATA_DIR / "work" / "ui")
    env = stack_env(work, {})
    for _ in range(runs):
        stack = DagsterStack(env, work / "logs")
        started = time.monotonic()
        try:
            stack.start()
            seconds.append(time.monotonic() - started)
        finally:
            stack.stop()
    return [Stat("UI: start to code location loaded", "s", seconds)]


def backfill(runs: int) -> Result:
    """A year of meta_ads as one backfill run, against one run per day."""
    result = Result("backfill", "A one-year backfill of one channel (meta_ads, 2022)", runs)
    days = [(YEAR[0] + timedelta(days=n)).isoformat()
            for n in range((YEAR[1] - YEAR[0]).days + 1)]
    one_run: list[float] = []
    per_day: list[float] = []
    with site("backfill") as here:
        here.stack.set_sensor(MODELS_SENSOR, running=False)
        for run in range(runs):
            print(f"backfill, run {run + 1} of {runs}", flush=True)
            here.reset()
            one_run.append(_backfill(here, days))
            here.reset()
            sample = [{"assetSelection": [{"path": path} for path in BACKFILL_ASSETS],
                       "tags": [{"key": "dagster/partition", "value": day}]}
                      for day in days[:PER_DAY_SAMPLE]]
            # The backfill's own job (the UI's asset job runs on the default executor).
            wall, _ = here.launch_and_wait(sample, JOB_NAME)
            per_day.append(wall * len(days) / PER_DAY_SAMPLE)
            print(f"  one run {one_run[-1]:.1f} s, per day (scaled) {per_day[-1]:.0f} s",
                  flush=True)
        here.stack.set_sensor(MODELS_SENSOR, running=True)
    result.stats += [
        Stat("one backfill, one run (365 days)", "s", one_run),
        Stat(f"one run per day ({PER_DAY_SAMPLE} days, scaled to 365)", "s", per_day),
    ]
    ratio = statistics.median(per_day) / statistics.median(one_run)
    result.ratios.append(Ratio("one run per day / one run for the year", ratio))
    result.notes += [
        "The year: launchPartitionBackfill over the 365 daily partitions of the meta_ads "
        "group (the UI's backfill), one run by the single-run policy, launch to completion.",
        f"Per day: {PER_DAY_SAMPLE} runs of one partition each, launched together and run by "
        "the daemon's queue (3 at a time), launch to the last end, times 365 / "
        f"{PER_DAY_SAMPLE}. The models sensor is off for both.",
        f"The sandbox waits {LATENCY_MS:.0f} ms before every answer.",
    ]
    return result


def _backfill(here: Site, days: list[str]) -> float:
    started = time.time()
    backfill_id = here.stack.launch_backfill(BACKFILL_ASSETS, days)

    def runs() -> list[dict[str, Any]] | None:
        mine = [r for r in here.stack.runs() if r["tags"].get("dagster/backfill") == backfill_id]
        if not mine or any(r["status"] not in TERMINAL for r in mine):
            return None
        return mine

    (run,) = wait_for("the year's backfill", runs, 3600, every=1)
    if run["status"] != "SUCCESS":
        raise RuntimeError(f"the backfill's run {run['runId']} failed")
    return float(run["endTime"]) - started
