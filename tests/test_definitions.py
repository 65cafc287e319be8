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
    "raw/google_ads_campaign_daily": "google_ads",
    "raw/mailchimp_campaign_reports": "mailchimp",
    "raw/registry_campaigns": "registry",
    "raw/registry_goals": "registry",
    "analytics_snapshot": "publish",
    "marts/campaign_growth": "models",
    "facts/fct_channel_daily": "models",
}


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env({"PULSE_TIMEZONE": "Europe/Paris"}))


# Every ingestion asset is on the daily partitions (a channel's backfill is one run);
# the registry, the models and the snapshot are unpartitioned.
DAILY = {"raw/meta_ads_insights", "raw/meta_page_insights", "raw/instagram_insights",
         "raw/meta_ads_period_reach", "raw/instagram_period_totals",
         "raw/google_ads_campaign_daily", "raw/mailchimp_campaign_reports"}


def test_assets_grouped_by_channel_daily_ones_on_one_partitioning(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string(): k for k in graph.materializable_asset_keys}
    groups = {name: graph.get(k).group_name for name, k in keys.items()}
    for key, group in RAW_META.items():
        assert groups[key] == group, key
    partitioned = {name for name, k in keys.items() if graph.get(k).partitions_def is not None}
    assert partitioned == DAILY
    partitions = {graph.get(keys[name]).partitions_def for name in DAILY}
    assert len(partitions) == 1
    (daily,) = partitions
    assert isinstance(daily, dg.DailyPartitionsDefinition)
    assert daily.timezone == "Europe/Paris"
    policies = {graph.get(keys[name]).backfill_policy for name in DAILY}
    assert policies == {dg.BackfillPolicy.single_run()}


def test_dbt_tests_are_asset_checks_and_sources_map_to_raw_assets(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    checks = {c.asset_key.to_user_string() for c in graph.asset_check_keys}
    assert "marts/campaign_growth" in checks
    parents = {p.to_user_string() for p in graph.get(dg.AssetKey(
        ["staging", "stg_meta__ads_insights"])).parent_keys}
    assert parents == {"raw/meta_ads_insights"}
    google = {p.to_user_string() for p in graph.get(dg.AssetKey(
        ["staging", "stg_google_ads__campaign_daily"])).parent_keys}
    assert google == {"raw/google_ads_campaign_daily"}


def test_nightly_schedule_reads_each_channel_lookback(defs: dg.Definitions) -> None:
    schedule = defs.resolve_schedule_def("nightly")
    assert schedule.execution_timezone == "Europe/Paris"
    context = dg.build_schedule_context(
        scheduled_execution_time=datetime(2022, 6, 1, 2, 0, tzinfo=ZoneInfo("Europe/Paris")))
    requests = {r.tags["pulse/channel"]: r for r in schedule.evaluate_tick(context).run_requests}
    assert set(requests) == {"meta_ads", "facebook", "instagram", "google_ads", "mailchimp"}
    ads = requests["meta_ads"]
    assert (ads.tags[RANGE_START_TAG], ads.tags[RANGE_END_TAG]) == ("2022-05-03", "2022-05-31")
    page = requests["facebook"]
    assert (page.tags[RANGE_START_TAG], page.tags[RANGE_END_TAG]) == ("2022-05-28", "2022-05-31")
    selected = {k.to_user_string() for k in page.asset_selection or []}
    assert selected == {"raw/meta_page_insights"}
    assert ads.tags["dagster/max_retries"] == "2"
    google = requests["google_ads"]  # the 14-day conversion window
    assert (google.tags[RANGE_START_TAG], google.tags[RANGE_END_TAG]) == (
        "2022-05-17", "2022-05-31")
    assert {k.to_user_string() for k in google.asset_selection or []} == {
        "raw/google_ads_campaign_daily"}
    instagram = requests["instagram"]  # insights can lag 48 hours: 3 days re-read
    assert (instagram.tags[RANGE_START_TAG], instagram.tags[RANGE_END_TAG]) == (
        "2022-05-28", "2022-05-31")
    assert {k.to_user_string() for k in instagram.asset_selection or []} == {
        "raw/instagram_insights", "raw/instagram_period_totals"}
    mailchimp = requests["mailchimp"]  # the reports of the last 30 days of sends
    assert (mailchimp.tags[RANGE_START_TAG], mailchimp.tags[RANGE_END_TAG]) == (
        "2022-05-01", "2022-05-31")
    assert {k.to_user_string() for k in mailchimp.asset_selection or []} == {
        "raw/mailchimp_campaign_reports"}
    assert {r.tags["dagster/max_retries"] for r in requests.values()} == {"2"}


def test_a_wrong_lookback_does_not_stop_the_night(defs: dg.Definitions, isolated_env: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The schedule reads the settings at each tick: a typo in one channel's lookback
    gives that channel its default window (its run then fails, naming the setting)."""
    monkeypatch.setenv("MAILCHIMP_API_KEY", "0123456789abcdef0123456789abcdef-us6")
    monkeypatch.setenv("MAILCHIMP_LOOKBACK_DAYS", "a month")
    monkeypatch.setenv("META_PAGE_LOOKBACK_DAYS", "7")
    context = dg.build_schedule_context(
        scheduled_execution_time=datetime(2022, 6, 1, 2, 0, tzinfo=ZoneInfo("Europe/Paris")))
    run_requests = defs.resolve_schedule_def("nightly").evaluate_tick(context).run_requests
    windows = {r.tags["pulse/channel"]: (r.tags[RANGE_START_TAG], r.tags[RANGE_END_TAG])
               for r in run_requests}
    assert windows == {"meta_ads": ("2022-05-03", "2022-05-31"),
                       "facebook": ("2022-05-24", "2022-05-31"),
                       "instagram": ("2022-05-28", "2022-05-31"),
                       "google_ads": ("2022-05-17", "2022-05-31"),
                       "mailchimp": ("2022-05-01", "2022-05-31")}


def test_dbt_command_line_carries_the_window() -> None:
    args = dbt_build_args(DateWindow(date(2022, 4, 25), date(2022, 5, 28)))
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {"max_date": "2022-05-28", "min_date": "2022-04-25"}
    assert dbt_build_args(None) == ["build"]


def test_workspace_points_at_the_code_location() -> None:
    text = (Path(__file__).parent.parent / "workspace.yaml").read_text()
    assert "module_name: pipelines.definitions" in text
    assert "location_name: campaign_pulse" in text


def _evaluate_models_sensor(defs: dg.Definitions, instance: dg.DagsterInstance,
                            cursor: str | None = None) -> dg.SensorExecutionData:
    sensor = defs.resolve_sensor_def("models_after_landing")
    context = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs)
    return sensor.evaluate_tick(context)


def test_models_follow_a_landing_once_no_run_is_in_progress(defs: dg.Definitions) -> None:
    with dg.instance_for_test() as instance:
        assert _evaluate_models_sensor(defs, instance).run_requests == []
        instance.report_runless_asset_event(dg.AssetMaterialization(
            dg.AssetKey(["raw", "meta_page_insights"]), partition="2022-05-02"))
        tick = _evaluate_models_sensor(defs, instance)
        (request,) = tick.run_requests
        selected = {k.to_user_string() for k in request.asset_selection or []}
        assert {"marts/campaign_growth", "analytics_snapshot", "raw/registry_campaigns"} <= selected
        assert not any(k.startswith("raw/meta") for k in selected)
        # The same landing is not modelled twice.
        assert _evaluate_models_sensor(defs, instance, tick.cursor).run_requests == []
        # Once the snapshot is newer than every landing, nothing is requested.
        instance.report_runless_asset_event(
            dg.AssetMaterialization(dg.AssetKey(["analytics_snapshot"])))
        assert _evaluate_models_sensor(defs, instance).run_requests == []


def test_models_wait_for_the_runs_in_progress(defs: dg.Definitions) -> None:
    with dg.instance_for_test() as instance:
        instance.report_runless_asset_event(dg.AssetMaterialization(
            dg.AssetKey(["raw", "instagram_insights"]), partition="2022-05-02"))
        running = instance.create_run_for_job(
            defs.resolve_job_def("pulse"), status=dg.DagsterRunStatus.STARTED)
        tick = _evaluate_models_sensor(defs, instance)
        assert tick.run_requests == []
        assert running.run_id in (tick.skip_message or "")
