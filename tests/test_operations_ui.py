"""Rerunning one channel's backfill from the UI, through the real webserver and daemon.

`pulse run` lands every channel first; then the backfill is launched through the same
GraphQL mutation the UI's "Launch backfill" sends, for the meta_ads group over one
week. It must be one run that replaces exactly that week of that channel; the models
sensor then rebuilds the models and publishes the snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dagster_stack import DagsterStack, pulse_run, stack_env, wait_for

from connectors.sandbox.google_ads import GrpcSandboxServer
from connectors.sandbox.server import SandboxServer
from pipelines.sandbox_env import sandbox_settings

pytestmark = pytest.mark.slow

LANDED = ("2022-04-25", "2022-05-14")
WEEK = (date(2022, 5, 1), date(2022, 5, 7))
# The other channels' tables: a meta_ads backfill must leave them exactly as they were.
OTHER_TABLES = ("meta_page_insights", "instagram_insights", "instagram_period_totals",
                "google_ads_campaign_daily", "mailchimp_campaign_reports")


def query(path: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, meta_sandbox: SandboxServer,
        google_ads_sandbox: GrpcSandboxServer,
        mailchimp_sandbox: SandboxServer) -> dict[str, str]:
    return stack_env(tmp_path_factory.mktemp("ops"), sandbox_settings(
        meta_sandbox.url, google_ads_sandbox.url, mailchimp_sandbox.url))


@pytest.fixture(scope="module")
def stack(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[DagsterStack]:
    landed = pulse_run(env, "--from", LANDED[0], "--to", LANDED[1], timeout=600)
    assert landed.returncode == 0, landed.stdout + landed.stderr
    running = DagsterStack(env, tmp_path_factory.mktemp("logs"))
    try:
        yield running.start()
    finally:
        running.stop()


def test_a_channel_backfill_from_the_ui_is_one_run_replacing_exactly_its_days(
        stack: DagsterStack, env: dict[str, str]) -> None:
    warehouse = Path(env["PULSE_WAREHOUSE"])
    analytics = Path(env["PULSE_ANALYTICS"])
    before = dict(query(warehouse, "select date, list_sort(list_distinct(list(_run_id))) "
                                   "from raw.meta_ads_insights group by date"))
    others = {t: query(warehouse, f"select _run_id, count(*) from raw.{t} group by all "
                                  "order by all") for t in OTHER_TABLES}
    assert all(others.values())  # every channel had landed
    counts = query(warehouse, "select count(*) from raw.meta_ads_insights")
    published_before = analytics.stat().st_mtime_ns

    days = [(WEEK[0] + timedelta(days=i)).isoformat() for i in range(7)]
    backfill = stack.launch_backfill([["raw", "meta_ads_insights"],
                                      ["raw", "meta_ads_period_reach"]], days)

    def finished() -> str | None:
        status = stack.backfill_status(backfill)
        return status if status in ("COMPLETED", "FAILED", "CANCELED",
                                    "COMPLETED_SUCCESS", "COMPLETED_FAILED") else None

    assert wait_for("the backfill", finished, 300, every=2) in ("COMPLETED", "COMPLETED_SUCCESS")
    (run,) = [r for r in stack.runs() if r["tags"].get("dagster/backfill") == backfill]
    assert run["status"] == "SUCCESS"
    assert (run["tags"]["dagster/asset_partition_range_start"],
            run["tags"]["dagster/asset_partition_range_end"]) == ("2022-05-01", "2022-05-07")

    # Exactly that week of that channel was replaced: same rows, the backfill's run id.
    after = dict(query(warehouse, "select date, list_sort(list_distinct(list(_run_id))) "
                                  "from raw.meta_ads_insights group by date"))
    assert query(warehouse, "select count(*) from raw.meta_ads_insights") == counts
    for day, run_ids in after.items():
        if WEEK[0] <= day <= WEEK[1]:
            assert run_ids == [run["runId"]], day
        else:
            assert run_ids == before[day], day
    for table, landed in others.items():
        assert query(warehouse, f"select _run_id, count(*) from raw.{table} group by all "
                                "order by all") == landed, table

    # The models sensor follows with one models run, which publishes the snapshot.
    def modelled() -> list[dict[str, Any]] | None:
        runs = [r for r in stack.runs() if r["tags"].get("pulse/stage") == "models"
                and r["status"] in ("SUCCESS", "FAILURE")
                and "pulse/after_landing" in r["tags"]]
        return runs or None

    (models,) = wait_for("the models run after the backfill", modelled, 300, every=3)
    assert models["status"] == "SUCCESS"
    assert analytics.stat().st_mtime_ns > published_before
    in_snapshot = query(analytics, "select distinct _run_id from raw.meta_ads_insights "
                                   "where date between ? and ?", list(WEEK))
    assert in_snapshot == [(run["runId"],)]
