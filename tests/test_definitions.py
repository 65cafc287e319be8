"""The code location loads, with the shape the UI and the schedule rely on."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from connectors.windows import DateWindow
from pipelines.definitions import build_definitions
from pipelines.defs.dbt.command import dbt_build_args
from pipelines.defs.partitions import RANGE_END_TAG, RANGE_START_TAG
from pipelines.settings import Settings

RAW_META = {
    "raw/meta_ads_insights": "meta_ads",
    "raw/meta_ads_period_reach": "meta_ads",
    "raw/meta_page_insights": "facebook",
    "raw/instagram_insights": "instagram",
    "raw/instagram_period_totals": "instagram",
    "raw/registry_campaigns": "registry",
    "raw/registry_goals": "registry",
    "analytics_snapshot": "publish",
    "marts/campaign_growth": "models",
    "facts/fct_channel_daily": "models",
}


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env({"PULSE_TIMEZONE": "Europe/Paris"}))


def test_assets_grouped_by_channel_on_one_daily_partitioning(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.materializable_asset_keys}
    for key, group in RAW_META.items():
        assert groups[key] == group, key
    partitions = {graph.get(k).partitions_def for k in graph.materializable_asset_keys}
    assert len(partitions) == 1
    (daily,) = partitions
    assert isinstance(daily, dg.DailyPartitionsDefinition)
    assert daily.timezone == "Europe/Paris"
    policies = {graph.get(k).backfill_policy for k in graph.materializable_asset_keys}
    assert policies == {dg.BackfillPolicy.single_run()}


def test_dbt_tests_are_asset_checks_and_sources_map_to_raw_assets(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    checks = {c.asset_key.to_user_string() for c in graph.asset_check_keys}
    assert "marts/campaign_growth" in checks
    parents = {p.to_user_string() for p in graph.get(dg.AssetKey(
        ["staging", "stg_meta__ads_insights"])).parent_keys}
    assert parents == {"raw/meta_ads_insights"}


def test_nightly_schedule_reads_each_channel_lookback(defs: dg.Definitions) -> None:
    schedule = defs.resolve_schedule_def("nightly")
    assert schedule.execution_timezone == "Europe/Paris"
    context = dg.build_schedule_context(
        scheduled_execution_time=datetime(2022, 6, 1, 2, 0, tzinfo=ZoneInfo("Europe/Paris")))
    requests = {r.tags["pulse/channel"]: r for r in schedule.evaluate_tick(context).run_requests}
    assert set(requests) == {"meta_ads", "facebook", "instagram"}
    ads = requests["meta_ads"]
    assert (ads.tags[RANGE_START_TAG], ads.tags[RANGE_END_TAG]) == ("2022-05-03", "2022-05-31")
    page = requests["facebook"]
    assert (page.tags[RANGE_START_TAG], page.tags[RANGE_END_TAG]) == ("2022-05-28", "2022-05-31")
    selected = {k.to_user_string() for k in page.asset_selection or []}
    assert "raw/meta_page_insights" in selected and "analytics_snapshot" in selected
    assert "raw/meta_ads_insights" not in selected
    assert ads.tags["dagster/max_retries"] == "2"


def test_dbt_command_line_carries_the_window() -> None:
    args = dbt_build_args(DateWindow(date(2022, 4, 25), date(2022, 5, 28)))
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {"max_date": "2022-05-28", "min_date": "2022-04-25"}
    assert dbt_build_args(None) == ["build"]


def test_workspace_points_at_the_code_location() -> None:
    text = (Path(__file__).parent.parent / "workspace.yaml").read_text()
    assert "module_name: pipelines.definitions" in text
    assert "location_name: campaign_pulse" in text
