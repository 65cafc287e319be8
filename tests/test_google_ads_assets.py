"""The google_ads asset through real Dagster materializations and a real DuckDB, against
the loopback gRPC sandbox: skipping, exact window landing, partial failures."""

from __future__ import annotations

from datetime import date
from typing import Any

import dagster as dg
import duckdb
import pytest

from connectors.sandbox import sample_google_ads as sg
from connectors.sandbox.google_ads import GrpcSandboxServer
from connectors.windows import DateWindow
from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.defs.partitions import range_tags
from pipelines.settings import Settings

KEY = dg.AssetKey(["raw", "google_ads_campaign_daily"])
SPRING = DateWindow(date(2022, 4, 1), date(2022, 5, 31))


def materialize(window: DateWindow,
                instance: dg.DagsterInstance | None = None) -> dg.ExecuteInProcessResult:
    """The asset alone over `window`, as a single-run backfill would run it."""
    defs = build_definitions(Settings.from_env())
    return defs.resolve_job_def(JOB_NAME).execute_in_process(
        instance=instance or dg.DagsterInstance.ephemeral(), tags=range_tags(window),
        asset_selection=[KEY], raise_on_error=False)


def metadata(result: dg.ExecuteInProcessResult) -> dict[str, Any]:
    """The run's materialization metadata (Dagster records it once per day of the range)."""
    found = [{k: v.value for k, v in e.step_materialization_data.materialization.metadata.items()}
             for e in result.all_events if e.is_step_materialization]
    assert found and all(m == found[0] for m in found)
    return found[0]


def failure_text(result: dg.ExecuteInProcessResult) -> str:
    (event,) = [e for e in result.all_events if e.is_step_failure]
    data = event.step_failure_data
    assert data is not None
    user = data.user_failure_data
    return user.description if user and user.description else str(data.error)


def query(settings: Settings, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def expected_rows(customer: str, window: DateWindow) -> int:
    return len(sg.customer_days(customer, window.start, window.end))


@pytest.mark.parametrize(("env", "reason"), [
    ({}, "GOOGLE_ADS_DEVELOPER_TOKEN is unset"),
    ({"GOOGLE_ADS_DEVELOPER_TOKEN": "dev-token"}, "GOOGLE_ADS_CUSTOMER_IDS is unset"),
])
def test_the_channel_is_skipped_and_says_so_when_unset(
    isolated_env: Any, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], reason: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    instance = dg.DagsterInstance.ephemeral()
    result = materialize(SPRING, instance)
    assert result.success
    assert metadata(result) == {"skipped": reason, "rows_landed": 0}
    logged = [entry.user_message for entry in instance.all_logs(result.run_id)]
    assert f"channel skipped: {reason}" in logged
    assert not Settings.from_env().warehouse.exists()  # nothing was even opened


def test_incomplete_oauth_for_the_real_api_fails_naming_the_settings(
    isolated_env: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOOGLE_ADS_DEVELOPER_TOKEN", "dev-token-abcd")
    monkeypatch.setenv("GOOGLE_ADS_CUSTOMER_IDS", "1234567890")
    monkeypatch.setenv("GOOGLE_ADS_REFRESH_TOKEN", "1//refresh-wxyz")
    result = materialize(SPRING)
    assert not result.success
    text = failure_text(result)
    assert "GOOGLE_ADS_CLIENT_ID and GOOGLE_ADS_CLIENT_SECRET" in text
    assert "googleads.googleapis.com:443" in text and "1//refresh-wxyz" not in text


def test_windows_land_exactly_and_a_rerun_replaces_without_duplicates(
    sandbox_env: Settings,
) -> None:
    first = materialize(SPRING)
    assert first.success
    landed = expected_rows(sg.CUSTOMER_ID, SPRING) + expected_rows(sg.FRANCE_CUSTOMER_ID, SPRING)
    # the display run from 04-07, the brand search every day, France's two weeks
    assert metadata(first)["rows_landed"] == landed == 55 + 61 + 14
    again = materialize(SPRING)
    assert metadata(again)["rows_replaced"] == landed
    counts = query(sandbox_env, "select count(*), count(distinct _run_id), "
                   "count(distinct (customer_id, campaign_id, date)) "
                   "from raw.google_ads_campaign_daily")
    assert counts == [(landed, 1, landed)]
    assert query(sandbox_env, "select distinct _run_id from raw.google_ads_campaign_daily") == [
        (again.run_id,)]
    # A sub-range backfill replaces those days only, for every customer.
    week = DateWindow(date(2022, 5, 2), date(2022, 5, 8))
    backfill = materialize(week)
    by_run = dict(query(sandbox_env,
                        "select _run_id, count(*) from raw.google_ads_campaign_daily group by 1"))
    in_week = expected_rows(sg.CUSTOMER_ID, week) + expected_rows(sg.FRANCE_CUSTOMER_ID, week)
    assert by_run == {backfill.run_id: in_week, again.run_id: landed - in_week}
    outside = query(sandbox_env, "select count(*) from raw.google_ads_campaign_daily where "
                    "_run_id = ? and date between ? and ?", [backfill.run_id, week.start, week.end])
    assert outside == [(in_week,)]
    spend = query(sandbox_env, "select sum(cost) from raw.google_ads_campaign_daily "
                  "where campaign_id = ?", [sg.HELPLINE_DISPLAY_ID])
    display = [d for d in sg.campaign_days(15500000011) if d.day in SPRING]
    assert spend[0][0] * 1_000_000 == sum(d.cost_micros for d in display)


def test_a_failing_customer_keeps_its_rows_while_the_others_land(
    sandbox_env: Settings, google_ads_sandbox: GrpcSandboxServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert materialize(SPRING).success
    before = query(sandbox_env, "select _run_id, count(*) from raw.google_ads_campaign_daily "
                   "where customer_id = ? group by 1", [sg.FRANCE_CUSTOMER_ID])
    google_ads_sandbox.faults.add({"kind": "auth", "error": "USER_PERMISSION_DENIED",
                                   "match": f"customers/{sg.FRANCE_CUSTOMER_ID}/"})
    monkeypatch.setenv("GOOGLE_ADS_CUSTOMER_IDS",
                       f"{sg.CUSTOMER_ID},{sg.FRANCE_CUSTOMER_ID},4000000009")
    result = materialize(SPRING)
    assert not result.success
    text = failure_text(result)
    assert "2 source(s) failed; the others landed (116 rows)" in text
    assert f"customer {sg.FRANCE_CUSTOMER_ID}: Google Ads: our credentials" in text
    assert "GOOGLE_ADS_LOGIN_CUSTOMER_ID" in text
    assert "customer 4000000009: Google Ads" in text and "CUSTOMER_NOT_FOUND" in text
    assert query(sandbox_env, "select count(*) from raw.google_ads_campaign_daily where "
                 "customer_id = ? and _run_id = ?", [sg.CUSTOMER_ID, result.run_id]) == [(116,)]
    after = query(sandbox_env, "select _run_id, count(*) from raw.google_ads_campaign_daily "
                  "where customer_id = ? group by 1", [sg.FRANCE_CUSTOMER_ID])
    assert after == before == [(before[0][0], 14)]
    for secret in sandbox_env.secrets():
        assert secret not in text


def test_one_day_materialized_from_the_ui_lands_that_day_and_runs_its_checks(
    sandbox_env: Settings,
) -> None:
    """The UI's "Materialize" on one partition runs with one partition key, not a range:
    the asset lands that day and its data checks report on it."""
    defs = build_definitions(Settings.from_env())
    day = date(2022, 5, 3)
    result = defs.resolve_job_def(JOB_NAME).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), partition_key=day.isoformat(),
        asset_selection=[KEY], raise_on_error=False)
    assert result.success
    one_day = DateWindow(day, day)
    landed = expected_rows(sg.CUSTOMER_ID, one_day) + expected_rows(sg.FRANCE_CUSTOMER_ID, one_day)
    assert metadata(result)["rows_landed"] == landed > 0
    assert query(sandbox_env, "select min(date), max(date), count(*) "
                 "from raw.google_ads_campaign_daily") == [(day, day, landed)]
    checks = [e.asset_check_evaluation_data for e in result.all_events
              if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION]
    assert checks and all(c.passed for c in checks)
    assert {c.asset_key for c in checks} == {KEY}
