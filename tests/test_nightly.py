"""A night of campaign-pulse: one run per channel, one channel failing, the models after,
and an analyst querying the snapshot all along.

The schedule is evaluated for 2022-06-01 02:00; its run requests are executed as the
daemon would (in process here), with the Facebook page's token refused by the sandbox.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from connectors.sandbox.server import SandboxServer
from connectors.windows import DateWindow
from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.defs.channels import check_channels
from pipelines.defs.landing import NO_RUN_RETRY_TAG
from pipelines.runner import plan_runs
from pipelines.settings import Settings

pytestmark = pytest.mark.slow

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


@pytest.fixture
def night(sandbox_env: Settings, meta_sandbox: SandboxServer, tmp_path: Path
          ) -> Iterator[tuple[dg.Definitions, dg.DagsterInstance, Path]]:
    defs = build_definitions(sandbox_env)
    instance = dg.DagsterInstance.ephemeral()
    job = defs.resolve_job_def(JOB_NAME)
    # The state before the night: May 2022 landed, modelled and published.
    for planned in plan_runs(defs, [DateWindow(date(2022, 5, 1), date(2022, 5, 31))],
                             check_channels([])):
        assert job.execute_in_process(instance=instance, tags=planned.tags,
                                      asset_selection=list(planned.selection)).success
    log = tmp_path / "analyst.log"
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(sandbox_env.analytics),
                                str(log)])
    try:
        time.sleep(1.0)
        yield defs, instance, log
    finally:
        analyst.terminate()
        analyst.wait(10)


def test_a_failing_channel_does_not_stop_the_others_nor_the_models(
        night: tuple[dg.Definitions, dg.DagsterInstance, Path], sandbox_env: Settings,
        meta_sandbox: SandboxServer) -> None:
    defs, instance, analyst_log = night
    job = defs.resolve_job_def(JOB_NAME)
    meta_sandbox.faults.add({"kind": "expired_token", "match": "2000000001/insights",
                             "times": 1000})
    tick = defs.resolve_schedule_def("nightly").evaluate_tick(dg.build_schedule_context(
        instance=instance,
        scheduled_execution_time=datetime(2022, 6, 1, 2, 0, tzinfo=ZoneInfo("America/Toronto"))))
    results = {}
    for request in tick.run_requests:
        results[request.tags["pulse/channel"]] = job.execute_in_process(
            instance=instance, tags=request.tags, asset_selection=request.asset_selection,
            raise_on_error=False)

    assert {c: r.success for c, r in results.items()} == {
        "meta_ads": True, "facebook": False, "instagram": True, "google_ads": True,
        "mailchimp": True}
    failed = results["facebook"]
    (failure,) = [e for e in failed.all_events if e.is_step_failure]
    message = failure.step_failure_data.user_failure_data.description  # type: ignore[union-attr]
    assert "META_ACCESS_TOKEN" in message and "page 2000000001" in message
    assert sandbox_env.meta.access_token not in message
    # Retrying cannot fix a refused token: that run is not retried.
    assert instance.get_run_by_id(failed.run_id).tags[NO_RUN_RETRY_TAG] == "false"  # type: ignore[union-attr]
    assert NO_RUN_RETRY_TAG not in instance.get_run_by_id(  # type: ignore[union-attr]
        results["meta_ads"].run_id).tags

    # The models follow the channels that landed.
    sensor = defs.resolve_sensor_def("models_after_landing")
    (models,) = sensor.evaluate_tick(
        dg.build_sensor_context(instance=instance, definitions=defs)).run_requests
    modelled = job.execute_in_process(instance=instance, tags=models.tags,
                                      asset_selection=models.asset_selection)
    assert modelled.success

    snapshot = duckdb.connect(str(sandbox_env.analytics), read_only=True)
    try:
        ads_days = snapshot.execute(
            "select min(date), max(date) from raw.meta_ads_insights where _run_id = ?",
            [results["meta_ads"].run_id]).fetchone()
        page_runs = snapshot.execute(
            "select count(*) from raw.meta_page_insights where _run_id = ?",
            [failed.run_id]).fetchone()
    finally:
        snapshot.close()
    # Meta ads re-read its 28-day lookback up to the latest day; the page kept its rows.
    assert ads_days == (date(2022, 5, 3), date(2022, 5, 28))
    assert page_runs == (0,)

    # The analyst, connected all night, never failed and always saw one whole mart.
    lines = analyst_log.read_text().splitlines()
    assert len(lines) > 20
    assert not [x for x in lines if x.startswith("error")]
    assert len(set(lines)) == 1
