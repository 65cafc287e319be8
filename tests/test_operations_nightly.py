"""A night of campaign-pulse on the real Dagster webserver and daemon, every API channel
over the sandbox, with an analyst querying the snapshot all along.

May 2022 is landed and published first (`pulse run`). Then the nightly schedule is
evaluated for 2022-06-01 02:00 by the webserver (the UI's "Test schedule") and its runs
are launched through GraphQL (the UI's "Launch all"); the daemon runs them from its
queue. The Facebook page's token is refused all night; Instagram is throttled once,
with a wait longer than the connector's budget, so its run fails and the daemon's run
retries take it again. The models sensor then rebuilds the models and publishes.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pytest
from dagster_stack import CHANNEL_TABLES, TERMINAL, DagsterStack, pulse_run, stack_env, wait_for

from connectors.sandbox.google_ads import GrpcSandboxServer
from connectors.sandbox.server import SandboxServer
from pipelines.definitions import SEQUENTIAL_JOB_NAME
from pipelines.defs.landing import NO_RUN_RETRY_TAG
from pipelines.sandbox_env import SANDBOX_TOKEN, sandbox_settings

pytestmark = pytest.mark.slow

NIGHT = datetime(2022, 6, 1, 2, 0, tzinfo=ZoneInfo("America/Toronto"))
BEFORE = ("2022-05-01", "2022-05-31")

# An analyst's session: one connection opened before the night, queried in a loop.
ANALYST = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1], read_only=True)
out = open(sys.argv[2], 'w')
while True:
    try:
        rows, mart = con.execute(
            "select (select count(*) from marts.campaign_growth),"
            " (select sum(current_value) from marts.campaign_growth where metric = 'impressions')"
        ).fetchone()
        out.write(f"ok {rows} {mart}\\n")
    except Exception as e:
        out.write(f"error {e}\\n")
    out.flush()
    time.sleep(0.05)
"""


@dataclass
class Night:
    env: dict[str, str]
    requests: list[dict[str, Any]]
    runs: list[dict[str, Any]]  # every run of the night, oldest first
    messages: dict[str, list[str]]  # failure messages by run id
    analyst_log: Path
    analyst_alive: bool
    published_before: int

    def channel_runs(self, channel: str) -> list[dict[str, Any]]:
        return [r for r in self.runs if r["tags"].get("pulse/channel") == channel]

    def query(self, path_setting: str, sql: str,
              params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with duckdb.connect(self.env[path_setting], read_only=True) as conn:
            return conn.execute(sql, params or []).fetchall()


def _night_done(stack: DagsterStack) -> list[dict[str, Any]] | None:
    """Every run, once the channels' runs (retries included) and a models run after the
    last of them have all finished."""
    runs = stack.runs()
    channel_runs = [r for r in runs if "pulse/channel" in r["tags"]]
    if len(channel_runs) < 5 or any(r["status"] not in TERMINAL for r in runs):
        return None
    retried = {r["tags"].get("dagster/parent_run_id") for r in runs}
    pending_retry = [r for r in channel_runs if r["status"] == "FAILURE"
                     and r["tags"].get(NO_RUN_RETRY_TAG) != "false" and r["runId"] not in retried]
    last_landing = max(r["endTime"] for r in channel_runs)
    modelled = [r for r in runs if r["tags"].get("pulse/stage") == "models"
                and r["startTime"] >= last_landing]
    if pending_retry or not modelled:
        return None
    return sorted(runs, key=lambda r: r["startTime"] or 0)


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory, meta_sandbox: SandboxServer,
          google_ads_sandbox: GrpcSandboxServer,
          mailchimp_sandbox: SandboxServer) -> Iterator[Night]:
    tmp = tmp_path_factory.mktemp("night")
    env = stack_env(tmp, sandbox_settings(meta_sandbox.url, google_ads_sandbox.url,
                                          mailchimp_sandbox.url))
    fakes = (meta_sandbox, google_ads_sandbox, mailchimp_sandbox)
    for fake in fakes:
        fake.faults.clear()
    before = pulse_run(env, "--from", BEFORE[0], "--to", BEFORE[1])
    assert before.returncode == 0, before.stdout[-3000:] + before.stderr[-3000:]
    published_before = Path(env["PULSE_ANALYTICS"]).stat().st_mtime_ns

    log = tmp / "analyst.log"
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, env["PULSE_ANALYTICS"],
                                str(log)])
    stack = DagsterStack(env, tmp / "logs")
    try:
        stack.start()
        meta_sandbox.faults.add({"kind": "expired_token", "match": "2000000001/insights",
                                 "times": 1000})
        meta_sandbox.faults.add({"kind": "rate_limit", "match": "3000000001/insights",
                                 "code": 80002, "regain_minutes": 60})
        requests = stack.schedule_run_requests("nightly", NIGHT)
        stack.launch(requests, SEQUENTIAL_JOB_NAME)
        runs = wait_for("the night's runs, their retries and the models",
                        lambda: _night_done(stack), 900, every=3)
        messages = {r["runId"]: stack.failure_messages(r["runId"])
                    for r in runs if r["status"] == "FAILURE"}
        yield Night(env, requests, runs, messages, log, analyst.poll() is None,
                    published_before)
    finally:
        for fake in fakes:
            fake.faults.clear()
        analyst.terminate()
        analyst.wait(10)
        # Every process the stack started (code servers and runs included) has ended.
        assert stack.stop() == []


def test_the_schedule_asks_one_run_per_channel_over_its_lookback(night: Night) -> None:
    windows = {}
    for request in night.requests:
        tags = {t["key"]: t["value"] for t in request["tags"]}
        windows[tags["pulse/channel"]] = (tags["dagster/asset_partition_range_start"],
                                          tags["dagster/asset_partition_range_end"])
        assert tags["dagster/max_retries"] == "2"
    # One channel a run: its steps run one after another in the run's own process.
    assert {r["jobName"] for r in night.runs if "pulse/channel" in r["tags"]} == {
        SEQUENTIAL_JOB_NAME}
    # The latest complete day is 2022-05-31; each channel re-reads its lookback before it.
    assert windows == {"meta_ads": ("2022-05-03", "2022-05-31"),
                       "facebook": ("2022-05-28", "2022-05-31"),
                       "instagram": ("2022-05-28", "2022-05-31"),
                       "google_ads": ("2022-05-17", "2022-05-31"),
                       "mailchimp": ("2022-05-01", "2022-05-31")}


def test_a_failing_channel_fails_alone_with_the_sources_message(night: Night) -> None:
    (facebook,) = night.channel_runs("facebook")
    assert facebook["status"] == "FAILURE"
    said = " ".join(night.messages[facebook["runId"]])
    assert "META_ACCESS_TOKEN" in said and "page 2000000001" in said
    assert SANDBOX_TOKEN not in said
    # Retrying cannot fix a refused token: the run says so and the daemon leaves it.
    assert facebook["tags"][NO_RUN_RETRY_TAG] == "false"
    assert not [r for r in night.runs if r["tags"].get("dagster/parent_run_id")
                == facebook["runId"]]
    # The page kept the rows it had; the others landed their windows tonight.
    assert night.query("PULSE_WAREHOUSE", "select count(*) from raw.meta_page_insights "
                       "where _run_id = ?", [facebook["runId"]]) == [(0,)]
    for channel in ("meta_ads", "google_ads", "mailchimp"):
        (run,) = night.channel_runs(channel)
        assert run["status"] == "SUCCESS", channel
        table = CHANNEL_TABLES[channel]
        assert night.query("PULSE_WAREHOUSE", f"select count(*) > 0 from raw.{table} "
                           "where _run_id = ?", [run["runId"]]) == [(True,)], channel
    (ads,) = night.channel_runs("meta_ads")
    assert night.query("PULSE_WAREHOUSE", "select min(date), max(date) from raw.meta_ads_insights "
                       "where _run_id = ?", [ads["runId"]]) == [(date(2022, 5, 3),
                                                                 date(2022, 5, 28))]


def test_a_throttled_channel_is_retried_by_the_daemon_and_lands(night: Night) -> None:
    first, retry = night.channel_runs("instagram")
    assert first["status"] == "FAILURE"
    # Meta asked for an hour: more than the connector waits within a run.
    assert "asks to wait 3600 s" in " ".join(night.messages[first["runId"]])
    assert retry["tags"]["dagster/parent_run_id"] == first["runId"]
    assert retry["status"] == "SUCCESS"
    days = night.query("PULSE_WAREHOUSE", "select min(date), max(date) from "
                       "raw.instagram_insights where _run_id = ?", [retry["runId"]])
    assert days == [(date(2022, 5, 28), date(2022, 5, 31))]


def test_the_models_follow_and_a_new_connection_sees_the_night(night: Night) -> None:
    last_landing = max(r["endTime"] for r in night.runs if "pulse/channel" in r["tags"])
    models = [r for r in night.runs if r["tags"].get("pulse/stage") == "models"
              and r["startTime"] >= last_landing]
    assert models and all(r["status"] == "SUCCESS" for r in models)
    assert Path(night.env["PULSE_ANALYTICS"]).stat().st_mtime_ns > night.published_before
    (retry,) = [r for r in night.channel_runs("instagram") if r["status"] == "SUCCESS"]
    (ads,) = night.channel_runs("meta_ads")
    seen = night.query("PULSE_ANALYTICS", "select (select count(*) from raw.instagram_insights "
                       "where _run_id = ?), (select count(*) from raw.meta_ads_insights "
                       "where _run_id = ?)", [retry["runId"], ads["runId"]])
    assert seen[0][0] > 0 and seen[0][1] > 0


def test_the_analyst_alongside_never_failed_nor_saw_a_half_built_mart(night: Night) -> None:
    lines = night.analyst_log.read_text().splitlines()
    assert len(lines) > 100
    assert not [line for line in lines if line.startswith("error")]
    # The connection kept reading the snapshot it opened, whole, all night long...
    assert len(set(lines)) == 1
    # ...while the night's runs all finished and the snapshot was replaced under it: no
    # run waited for the analyst to let go.
    assert night.analyst_alive
    assert all(r["status"] in ("SUCCESS", "FAILURE") for r in night.runs)
    assert Path(night.env["PULSE_ANALYTICS"]).stat().st_mtime_ns > night.published_before
