"""The real Dagster webserver and daemon on 127.0.0.1, for tests, and a GraphQL client.

Started in their own process groups with a temporary DAGSTER_HOME holding the
project's dagster.yaml; `stop()` ends every process they started (the webserver's and
the daemon's code servers, the runs they launched) by process group.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pipelines.runner import DAGSTER_ENVIRONMENT
from pipelines.settings import PROJECT_ROOT

T = TypeVar("T")
BIN = Path(sys.executable).parent
# The code location of workspace.yaml, holding one repository (the Definitions).
REPOSITORY = {"repositoryLocationName": "campaign_pulse", "repositoryName": "__repository__"}

DRY_RUN = """
mutation($selector: ScheduleSelector!, $timestamp: Float!) {
  scheduleDryRun(selectorData: $selector, timestamp: $timestamp) {
    __typename
    ... on DryRunInstigationTick {
      evaluationResult {
        runRequests { runKey jobName tags { key value } assetSelection { path } }
        error { message }
      }
    }
    ... on PythonError { message }
  }
}"""
LAUNCH_BACKFILL = """
mutation($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
  }
}"""
BACKFILL_STATUS = """
query($id: String!) {
  partitionBackfillOrError(backfillId: $id) { ... on PartitionBackfill { status } }
}"""
LAUNCH_RUNS = """
mutation($params: [ExecutionParams!]!) {
  launchMultipleRuns(executionParamsList: $params) {
    __typename
    ... on LaunchMultipleRunsResult {
      launchMultipleRunsResult {
        __typename
        ... on LaunchRunSuccess { run { runId } }
        ... on PythonError { message }
      }
    }
    ... on PythonError { message }
  }
}"""
RUNS = """
{ runsOrError { ... on Runs { results {
    runId jobName status creationTime startTime endTime tags { key value } } } } }"""
RUN_MATERIALIZATIONS = """
query($runId: ID!) {
  runOrError(runId: $runId) { ... on Run { assetMaterializations {
    assetKey { path }
    metadataEntries {
      label
      ... on FloatMetadataEntry { floatValue }
      ... on IntMetadataEntry { intValue }
    }
  } } }
}"""
RUN_STATS = """
query($runId: ID!) {
  runOrError(runId: $runId) { ... on Run {
    creationTime startTime endTime stepStats { stepKey startTime endTime }
  } }
}"""
SENSOR_STATE = """
query($selector: SensorSelector!) {
  sensorOrError(sensorSelector: $selector) { ... on Sensor { sensorState { id } } }
}"""
START_SENSOR = """
mutation($selector: SensorSelector!) {
  startSensor(sensorSelector: $selector) { __typename }
}"""
STOP_SENSOR = """
mutation($id: String!) {
  stopSensor(id: $id) { __typename }
}"""
RUN_EVENTS = """
query($runId: ID!) {
  logsForRun(runId: $runId) {
    ... on EventConnection { events {
      __typename
      ... on MessageEvent { message }
      ... on ExecutionStepFailureEvent { error { message } failureMetadata { description } }
    } }
  }
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dagster_home(path: Path) -> Path:
    """A DAGSTER_HOME with the project's dagster.yaml."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "dagster.yaml", path / "dagster.yaml")
    return path


# Each API channel's main raw table.
CHANNEL_TABLES = {"meta_ads": "meta_ads_insights", "facebook": "meta_page_insights",
                  "instagram": "instagram_insights", "google_ads": "google_ads_campaign_daily",
                  "mailchimp": "mailchimp_campaign_reports"}
# A run in one of these statuses has ended.
TERMINAL = ("SUCCESS", "FAILURE", "CANCELED")

# Settings a developer's shell may carry: a stack never sees them.
OURS = ("PULSE_", "META_", "GOOGLE_ADS_", "MAILCHIMP_", "DAGSTER_")


def stack_env(folder: Path, settings: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without our settings, plus `settings`, with the
    warehouse, the snapshot, the inbox and DAGSTER_HOME in `folder`."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith(OURS)},
            "PULSE_DOTENV": str(folder / "no.env"),
            "PULSE_WAREHOUSE": str(folder / "warehouse.duckdb"),
            "PULSE_ANALYTICS": str(folder / "analytics.duckdb"),
            "PULSE_INBOX": str(folder / "inbox"),
            "DAGSTER_HOME": str(dagster_home(folder / "dagster_home")),
            **settings}


def pulse_run(env: Mapping[str, str], *args: str,
              timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """`pulse run ARGS` as a user types it, in the project, with `env`; its output kept."""
    return subprocess.run([str(BIN / "pulse"), "run", *args], cwd=PROJECT_ROOT, env=dict(env),
                          capture_output=True, text=True, timeout=timeout, check=False)


def wait_for(what: str, probe: Callable[[], T | None], timeout: float,
             every: float = 1.0) -> T:
    """Call `probe` until it returns something other than None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = probe()
        if got is not None:
            return got
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class DagsterStack:
    """dagster-webserver and dagster-daemon over workspace.yaml, with `env`."""

    def __init__(self, env: Mapping[str, str], logs: Path) -> None:
        self.env = {**env, **DAGSTER_ENVIRONMENT}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logs = logs
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> DagsterStack:
        self.logs.mkdir(parents=True, exist_ok=True)
        for name, args in (
            ("webserver", [str(BIN / "dagster-webserver"), "-h", "127.0.0.1",
                           "-p", str(self.port), "-w", "workspace.yaml"]),
            ("daemon", [str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"]),
        ):
            with open(self.logs / f"{name}.log", "wb") as out:
                self.procs.append(subprocess.Popen(
                    args, cwd=PROJECT_ROOT, env=dict(self.env), stdout=out,
                    stderr=subprocess.STDOUT, start_new_session=True))
        wait_for("the webserver to load the code location", self._location_loaded, 180)
        return self

    def _location_loaded(self) -> bool | None:
        try:
            data = self.graphql("{ workspaceOrError { ... on Workspace { locationEntries {"
                                " name loadStatus } } } }")
        except OSError:
            return None
        entries = data["workspaceOrError"]["locationEntries"]
        return True if entries and entries[0]["loadStatus"] == "LOADED" else None

    def graphql(self, query: str, variables: Mapping[str, Any] | None = None) -> Any:
        body = json.dumps({"query": query, "variables": dict(variables or {})}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            payload = json.loads(answer.read())
        if payload.get("errors"):
            raise AssertionError(f"GraphQL errors: {payload['errors']}")
        return payload["data"]

    def schedule_run_requests(self, schedule: str, at: datetime) -> list[dict[str, Any]]:
        """The run requests `schedule` makes at `at`, evaluated by the webserver's code
        server: the UI's "Test schedule"."""
        answer = self.graphql(DRY_RUN, {"selector": {**REPOSITORY, "scheduleName": schedule},
                                        "timestamp": at.timestamp()})["scheduleDryRun"]
        evaluation = answer.get("evaluationResult")
        if evaluation is None or evaluation.get("error"):
            raise AssertionError(f"the schedule {schedule} did not evaluate: {answer}")
        requests: list[dict[str, Any]] = evaluation["runRequests"]
        return requests

    def launch(self, requests: Sequence[Mapping[str, Any]], job: str | None = None) -> list[str]:
        """Queue one run per request (of its own job, else `job`), as the UI's "Launch all
        runs" does; the daemon starts them. Returns the run ids."""
        params = [{"selector": {**REPOSITORY, "jobName": request.get("jobName") or job,
                                "assetSelection": request["assetSelection"]},
                   "mode": "default",
                   "executionMetadata": {"tags": request["tags"]}}
                  for request in requests]
        launched = self.graphql(LAUNCH_RUNS, {"params": params})["launchMultipleRuns"]
        results = launched.get("launchMultipleRunsResult") or []
        ids = [r["run"]["runId"] for r in results if r.get("__typename") == "LaunchRunSuccess"]
        if len(ids) != len(requests):
            raise AssertionError(f"launching the runs failed: {launched}")
        return ids

    def launch_backfill(self, assets: Sequence[Sequence[str]], partitions: Sequence[str]) -> str:
        """A backfill of `assets` (key paths) over `partitions`, as the UI's "Launch
        backfill" sends it; its id."""
        launched = self.graphql(LAUNCH_BACKFILL, {"params": {
            "assetSelection": [{"path": list(path)} for path in assets],
            "partitionNames": list(partitions), "fromFailure": False, "tags": []}})
        answer = launched["launchPartitionBackfill"]
        if answer["__typename"] != "LaunchBackfillSuccess":
            raise AssertionError(f"the backfill was not launched: {answer}")
        backfill_id: str = answer["backfillId"]
        return backfill_id

    def backfill_status(self, backfill_id: str) -> str:
        """The backfill's status (REQUESTED, COMPLETED_SUCCESS, COMPLETED_FAILED...)."""
        found = self.graphql(BACKFILL_STATUS, {"id": backfill_id})["partitionBackfillOrError"]
        status: str = found["status"]
        return status

    def runs(self) -> list[dict[str, Any]]:
        """Every run of the instance, newest first, with its tags and times."""
        found: list[dict[str, Any]] = self.graphql(RUNS)["runsOrError"]["results"]
        for run in found:
            run["tags"] = {t["key"]: t["value"] for t in run["tags"]}
        return found

    def failure_messages(self, run_id: str) -> list[str]:
        """What the run's failed steps said (the messages the UI shows)."""
        events = self.graphql(RUN_EVENTS, {"runId": run_id})["logsForRun"]["events"]
        return [" ".join(filter(None, [e.get("message"), (e.get("error") or {}).get("message"),
                                      (e.get("failureMetadata") or {}).get("description")]))
                for e in events if e["__typename"] == "ExecutionStepFailureEvent"]

    def materialization_metadata(self, run_id: str) -> dict[str, dict[str, float]]:
        """The numeric metadata of each asset the run materialized, by asset key."""
        run = self.graphql(RUN_MATERIALIZATIONS, {"runId": run_id})["runOrError"]
        found: dict[str, dict[str, float]] = {}
        for event in run.get("assetMaterializations") or []:
            values = found.setdefault("/".join(event["assetKey"]["path"]), {})
            for entry in event["metadataEntries"]:
                number = entry.get("floatValue", entry.get("intValue"))
                if number is not None:
                    values[entry["label"]] = float(number)
        return found

    def run_phases(self, run_id: str) -> dict[str, float]:
        """Where a finished run's time went, in seconds: waiting in the queue, starting
        (the run's process until its first step starts), its steps (first start to last
        end), and winding down (last step end to the run's end)."""
        run = self.graphql(RUN_STATS, {"runId": run_id})["runOrError"]
        steps = [s for s in run["stepStats"] if s["startTime"] and s["endTime"]]
        first = min(s["startTime"] for s in steps)
        last = max(s["endTime"] for s in steps)
        return {"queued": run["startTime"] - run["creationTime"],
                "starting": first - run["startTime"], "steps": last - first,
                "winding down": run["endTime"] - last}

    def set_sensor(self, name: str, running: bool) -> None:
        """Start or stop a sensor, as its toggle in the UI does."""
        selector = {**REPOSITORY, "sensorName": name}
        if running:
            self.graphql(START_SENSOR, {"selector": selector})
            return
        state = self.graphql(SENSOR_STATE, {"selector": selector})["sensorOrError"]
        self.graphql(STOP_SENSOR, {"id": state["sensorState"]["id"]})

    def stop(self, grace: float = 20.0) -> list[int]:
        """SIGTERM to each process group, then SIGKILL to what is left. Returns the
        processes of those groups still running afterwards (none, for a test to check)."""
        groups = {proc.pid for proc in self.procs}
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(max(0.1, deadline - time.monotonic()))
            # The group: the code servers and the runs they launched too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

        def survivors() -> list[int]:
            # A zombie has ended: only its parent's wait is missing.
            return [p.pid for p in processes() if p.group in groups and p.state != "Z"]

        # SIGKILL is delivered at once, but a process takes a moment to end.
        with contextlib.suppress(AssertionError):
            wait_for("the stack's processes to end",
                     lambda: True if not survivors() else None, 10, every=0.2)
        return survivors()


class Process(NamedTuple):
    pid: int
    parent: int
    group: int
    state: str  # "Z": ended, its parent's wait missing


def processes() -> list[Process]:
    """Every process on the machine, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                # /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                found.append(Process(int(entry.name), int(fields[1]), int(fields[2]),
                                     fields[0]))
    return found
