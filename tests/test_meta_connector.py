"""The Meta connector against the loopback sandbox, through the real SDK over HTTP."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from conftest import Sleeper
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError

from connectors.errors import (
    AuthError,
    GaveUpError,
    MetricUnavailableError,
    RateLimitError,
    SourceError,
    TooMuchDataError,
    TransientError,
)
from connectors.meta import (
    ADS_SCHEMA,
    INSTAGRAM_SCHEMA,
    PAGE_SCHEMA,
    MetaConfig,
    fetch_ads_period_reach,
    fetch_instagram_totals,
    iter_ads_insights,
    iter_instagram_insights,
    iter_page_insights,
)
from connectors.meta.client import GraphClient
from connectors.meta.coerce import (
    action_count,
    coerce_ads_row,
    end_time_to_date,
    insights_value,
    to_int,
)
from connectors.meta.translate import translate_request_error
from connectors.meta.usage import read_usage
from connectors.retry import RetryPolicy
from connectors.sandbox import generation as gen
from connectors.sandbox import sample_data as sd
from connectors.sandbox.meta_graph import MetaGraphApp
from connectors.sandbox.server import SandboxServer
from connectors.windows import DateWindow

# A distinctive token, so that finding it anywhere is unambiguous.
TOKEN = "EAAG-sandbox-SECRET-9f3b2c71"
ACCOUNT = sd.AD_ACCOUNT_ID
HELPLINE = DateWindow(*sd.HELPLINE)
SSM = DateWindow(*sd.SSM)
FB_AD, IG_AD, SSM_AD = "120200000000000011", "120200000000000012", "120200000000000031"


@pytest.fixture(scope="module")
def _shared_server() -> Iterator[SandboxServer]:
    with SandboxServer(MetaGraphApp(token=TOKEN)) as srv:
        yield srv


@pytest.fixture
def server(_shared_server: SandboxServer) -> SandboxServer:
    """The module's sandbox with no pending fault and an empty request log."""
    _shared_server.faults.clear()
    _shared_server.requests.clear()
    return _shared_server


@pytest.fixture
def config(server: SandboxServer) -> MetaConfig:
    return MetaConfig(
        access_token=TOKEN,
        ad_account_ids=(ACCOUNT,),
        page_ids=(sd.PAGE_ID,),
        instagram_account_ids=(sd.INSTAGRAM_ID,),
        graph_url=server.url + "/",  # a trailing slash must not break the URLs
        api_version="v23.0",
        page_size=10,
    )


def table(batches: list[pa.RecordBatch], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_batches(batches, schema=schema)


def rows_of(batches: list[pa.RecordBatch]) -> list[dict[str, Any]]:
    return [row for batch in batches for row in batch.to_pylist()]


def requests_to(server: SandboxServer, fragment: str) -> list[dict[str, Any]]:
    return [r for r in server.requests.entries() if fragment in r["path"]]


def fault(server: SandboxServer, kind: str, match: str, times: int = 1, **extra: Any) -> None:
    server.faults.add({"kind": kind, "match": match, "times": times, **extra})


def assert_no_token(*things: Any) -> None:
    for thing in things:
        assert TOKEN not in str(thing) and TOKEN not in repr(thing)


# -- ads insights ------------------------------------------------------------------


def test_ads_pages_follow_after_cursors(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    batches = list(iter_ads_insights(config, ACCOUNT, HELPLINE, sleep=sleeper))
    expected = sd.ads_daily_rows(ACCOUNT, HELPLINE.start, HELPLINE.end)
    assert len(expected) == 68
    assert [b.num_rows for b in batches] == [10] * 6 + [8]  # one batch per page
    assert all(b.schema.equals(ADS_SCHEMA) for b in batches)
    calls = requests_to(server, f"/act_{ACCOUNT}/insights")
    assert len(calls) == 7 and "after" not in calls[0]["query"]
    assert all("after" in c["query"] for c in calls[1:])
    # Provenance: the request (page 2+ with its cursor), positions 1..n within the page.
    first, second = batches[0].to_pylist(), batches[1].to_pylist()
    assert first[0]["_source"].startswith(
        f"GET /v23.0/act_{ACCOUNT}/insights?level=campaign&time_increment=1&time_range="
        '{"since":"2022-04-25","until":"2022-05-28"}&limit=10'
    )
    assert "after=" not in first[0]["_source"] and "after=" in second[0]["_source"]
    assert [r["_source_row"] for r in second] == list(range(1, 11))
    assert sleeper.waits == []
    # Every (campaign, day) once.
    keys = [(r["campaign_id"], r["date"]) for r in rows_of(batches)]
    assert len(set(keys)) == len(keys) == 68


def test_ads_figures_match_the_sample_data(config: MetaConfig) -> None:
    rows = rows_of(list(iter_ads_insights(config, f"act_{ACCOUNT}", HELPLINE)))
    for campaign_id, totals in sd.HELPLINE_META_ADS.items():
        mine = [r for r in rows if r["campaign_id"] == campaign_id]
        assert sum(r["impressions"] for r in mine) == totals["impressions"]
        assert sum(r["clicks"] for r in mine) == totals["clicks"]
        assert sum(r["spend"] for r in mine) == Decimal(totals["spend"])
        days = sd.campaign_days(campaign_id)
        assert sum(r["engagements"] for r in mine) == sum(d.post_engagement for d in days)
        assert sum(r["video_views"] for r in mine) == sum(d.video_view for d in days)
        assert sum(r["inline_link_clicks"] for r in mine) == sum(d.inline_link_clicks for d in days)
    one = next(r for r in rows if r["campaign_id"] == FB_AD and r["date"] == date(2022, 5, 2))
    day = next(d for d in sd.campaign_days(FB_AD) if d.day == date(2022, 5, 2))
    assert one["account_id"] == ACCOUNT and one["account_currency"] == "CAD"
    assert one["campaign_name"] == "LIGNE-AIDE-FB-2022"
    assert (one["reach"], one["impressions"]) == (day.reach, day.impressions)
    assert one["spend"] == Decimal(day.spend_cents) / 100


def test_no_delivery_gives_no_batch(config: MetaConfig) -> None:
    quiet = DateWindow(date(2022, 8, 1), date(2022, 8, 31))
    assert list(iter_ads_insights(config, ACCOUNT, quiet)) == []


def test_long_range_uses_an_async_report_run(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    window = DateWindow(date(2021, 11, 1), date(2022, 6, 30))  # 242 days > 60
    batches = list(iter_ads_insights(config, ACCOUNT, window, sleep=sleeper))
    posts = [r for r in server.requests.entries() if r["method"] == "POST"]
    assert len(posts) == 1 and posts[0]["path"] == f"/v23.0/act_{ACCOUNT}/insights"
    assert json.loads(posts[0]["form"]["fields"])[0] == "account_id"  # a JSON list in the body
    assert json.loads(posts[0]["form"]["time_range"]) == {
        "since": "2021-11-01",
        "until": "2022-06-30",
    }
    # Polled until complete (the sandbox completes on the third poll), waits backing off.
    assert sleeper.waits == [1.0, 2.0]
    expected = sd.ads_daily_rows(ACCOUNT, window.start, window.end)
    rows = rows_of(batches)
    assert len(rows) == len(expected) == 36 + 68
    assert sum(r["impressions"] for r in rows) == 70_000 + 120_000 + 55_000
    assert "report run of POST /v23.0/act_1000000001/insights?" in rows[0]["_source"]
    assert "/insights?limit=10" in rows[0]["_source"]


def test_failed_report_run_is_submitted_again(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "async_failed", "insights", times=1)
    window = DateWindow(date(2022, 1, 1), date(2022, 6, 30))
    rows = rows_of(list(iter_ads_insights(config, ACCOUNT, window, sleep=sleeper)))
    assert len([r for r in server.requests.entries() if r["method"] == "POST"]) == 2
    assert len(rows) == 68


def test_report_run_failing_twice_splits_the_range(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "async_failed", "insights", times=2)
    window = DateWindow(date(2022, 1, 1), date(2022, 6, 30))  # 181 days: halves of 91, 90
    rows = rows_of(list(iter_ads_insights(config, ACCOUNT, window, sleep=sleeper)))
    assert len(rows) == 68
    assert sum(r["clicks"] for r in rows) == 3_017 + 378


def test_too_much_data_halves_the_range_without_duplicates(
    server: SandboxServer, config: MetaConfig
) -> None:
    # The first two requests are refused: the whole window, then its first half.
    fault(server, "reduce_data", f"act_{ACCOUNT}/insights", times=2)
    rows = rows_of(list(iter_ads_insights(config, ACCOUNT, HELPLINE)))
    ranges = [json.loads(r["query"]["time_range"]) for r in requests_to(server, "/insights")]
    assert ranges[:3] == [
        {"since": "2022-04-25", "until": "2022-05-28"},
        {"since": "2022-04-25", "until": "2022-05-11"},
        {"since": "2022-04-25", "until": "2022-05-03"},
    ]
    keys = [(r["campaign_id"], r["date"]) for r in rows]
    assert len(keys) == len(set(keys)) == 68
    assert sum(r["impressions"] for r in rows) == 175_000


def test_too_much_data_for_a_single_day_is_raised(
    server: SandboxServer, config: MetaConfig
) -> None:
    fault(server, "reduce_data", "insights", times=100)
    with pytest.raises(TooMuchDataError, match="even a single day"):
        list(iter_ads_insights(config, ACCOUNT, DateWindow(date(2022, 5, 1), date(2022, 5, 4))))
    # The whole window, its first half, that half's first day: then no smaller split exists.
    assert len(requests_to(server, "/insights")) == 3


def test_period_reach_is_asked_for_the_window(server: SandboxServer, config: MetaConfig) -> None:
    by_name = fetch_ads_period_reach(config, ACCOUNT, HELPLINE, name_contains="LIGNE")
    expected = sd.ads_unique_reach(ACCOUNT, [FB_AD, IG_AD], HELPLINE.start, HELPLINE.end)
    assert by_name["reach"] == expected
    assert by_name["reach"] < 85_584 + 41_166  # unique people, not a sum
    assert by_name["impressions"] == 175_000
    query = requests_to(server, "/insights")[-1]["query"]
    assert query["level"] == "account" and query["time_increment"] == "all_days"
    assert json.loads(query["filtering"]) == [
        {"field": "campaign.name", "operator": "CONTAIN", "value": "LIGNE"}
    ]
    assert by_name["_source"].startswith(f"GET /v23.0/act_{ACCOUNT}/insights?level=account")

    by_id = fetch_ads_period_reach(config, f"act_{ACCOUNT}", SSM, campaign_ids=[SSM_AD])
    assert (by_id["reach"], by_id["impressions"]) == (31_250, 52_000)
    assert by_id["account_id"] == ACCOUNT

    nothing = fetch_ads_period_reach(config, ACCOUNT, SSM.previous(), campaign_ids=[SSM_AD])
    assert (nothing["reach"], nothing["impressions"]) == (0, 0)


# -- page and Instagram insights ---------------------------------------------------


def test_page_insights_sum_to_the_sample_figures(server: SandboxServer, config: MetaConfig) -> None:
    result = table(list(iter_page_insights(config, sd.PAGE_ID, HELPLINE)), PAGE_SCHEMA)
    rows = result.to_pylist()
    assert len(rows) == HELPLINE.days * 4  # every day of the window, no more
    assert {r["date"] for r in rows} == set(HELPLINE.dates())
    for metric in config.page_metrics:
        total = sum(r["value"] for r in rows if r["metric"] == metric)
        assert total == sd.HELPLINE_FACEBOOK[metric]
    assert all(r["page_id"] == sd.PAGE_ID for r in rows)
    assert rows[0]["_source"].startswith(f"GET /v23.0/{sd.PAGE_ID}/insights?period=day&since=")


def test_page_value_date_is_end_time_minus_one_day(config: MetaConfig) -> None:
    day = date(2022, 5, 2)  # the sandbox pins a peak on this key moment
    rows = rows_of(list(iter_page_insights(config, sd.PAGE_ID, DateWindow(day, day))))
    assert {r["date"] for r in rows} == {day}
    for row in rows:
        assert row["value"] == sd.page_daily(sd.PAGE_ID, row["metric"], day)
    # The wire says the END of the day, in Pacific time, summer and winter alike.
    assert end_time_to_date(gen.pacific_end_time(day)) == day
    assert end_time_to_date("2022-05-03T07:00:00+0000") == day
    assert end_time_to_date("2022-01-02T08:00:00+0000") == date(2022, 1, 1)


def test_page_insights_are_read_in_90_day_chunks(server: SandboxServer, config: MetaConfig) -> None:
    year = DateWindow(date(2022, 1, 1), date(2022, 12, 31))
    rows = rows_of(list(iter_page_insights(config, sd.PAGE_ID, year)))
    calls = requests_to(server, f"/{sd.PAGE_ID}/insights")
    assert len(calls) == 5  # 365 days = 4 x 90 + 5
    for call in calls:
        span = date.fromisoformat(call["query"]["until"]) - date.fromisoformat(
            call["query"]["since"]
        )
        assert span <= timedelta(days=90)
    keys = [(r["date"], r["metric"]) for r in rows]
    assert len(keys) == len(set(keys)) == 365 * 4


def test_removed_page_metric_is_skipped_with_a_warning(
    server: SandboxServer, config: MetaConfig
) -> None:
    warnings: list[str] = []
    metrics = ("page_media_view", "page_impressions", "page_views_total")  # one is gone
    config = MetaConfig(**{**config.__dict__, "page_metrics": metrics})
    window = DateWindow(date(2022, 1, 1), date(2022, 5, 28))  # two chunks
    rows = rows_of(list(iter_page_insights(config, sd.PAGE_ID, window, on_warning=warnings.append)))
    assert len(warnings) == 1
    assert "'page_impressions'" in warnings[0] and "META_PAGE_METRICS" in warnings[0]
    assert {r["metric"] for r in rows} == {"page_media_view", "page_views_total"}
    assert len(rows) == window.days * 2
    # Found by asking each metric alone once; the second chunk no longer asks for it.
    asked = [c["query"]["metric"] for c in requests_to(server, "/insights")]
    assert asked == [",".join(metrics), *metrics, "page_media_view,page_views_total"]


def test_metric_refused_by_the_api_is_skipped_while_the_others_land(
    server: SandboxServer, config: MetaConfig
) -> None:
    fault(server, "invalid_metric", "/insights", times=10, metric="profile_views")
    warnings: list[str] = []
    rows = rows_of(
        list(iter_instagram_insights(config, sd.INSTAGRAM_ID, HELPLINE, on_warning=warnings.append))
    )
    assert {r["metric"] for r in rows} == {"reach", "views"}
    assert len(warnings) == 1 and "META_INSTAGRAM_METRICS" in warnings[0]
    assert "'profile_views'" in warnings[0]


def test_instagram_daily_insights(server: SandboxServer, config: MetaConfig) -> None:
    batches = list(iter_instagram_insights(config, sd.INSTAGRAM_ID, HELPLINE))
    assert all(b.schema.equals(INSTAGRAM_SCHEMA) for b in batches)
    rows = rows_of(batches)
    for metric in ("reach", "views", "profile_views"):
        total = sum(r["value"] for r in rows if r["metric"] == metric)
        assert total == sd.HELPLINE_INSTAGRAM[metric]
    assert len(requests_to(server, "/insights")) == 2  # 34 days in chunks of 30
    assert {r["ig_user_id"] for r in rows} == {sd.INSTAGRAM_ID}


def test_instagram_totals_are_the_deduplicated_window_values(config: MetaConfig) -> None:
    totals = {t["metric"]: t for t in fetch_instagram_totals(config, sd.INSTAGRAM_ID, HELPLINE)}
    assert totals["reach"]["value"] == sd.HELPLINE_INSTAGRAM_REACH
    assert totals["views"]["value"] == sd.HELPLINE_INSTAGRAM["views"]
    assert "metric_type=total_value" in totals["reach"]["_source"]
    assert "since=2022-04-25&until=2022-05-28" in totals["reach"]["_source"]


def test_instagram_totals_refused_warn_and_return_nothing(config: MetaConfig) -> None:
    warnings: list[str] = []
    year = DateWindow(date(2022, 1, 1), date(2022, 12, 31))  # more than 90 days
    assert fetch_instagram_totals(config, sd.INSTAGRAM_ID, year, on_warning=warnings.append) == []
    assert len(warnings) == 1 and "daily values will be summed" in warnings[0]


# -- errors --------------------------------------------------------------------------


def test_rate_limit_waits_the_announced_regain_time(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "rate_limit", "/insights", code=80000, regain_minutes=2)
    rows = rows_of(list(iter_ads_insights(config, ACCOUNT, HELPLINE, sleep=sleeper)))
    assert len(rows) == 68
    assert len(sleeper.waits) == 1 and 120 <= sleeper.waits[0] <= 120.5


def test_rate_limit_longer_than_the_budget_gives_up_at_once(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "rate_limit", "/insights", code=17, regain_minutes=30)
    with pytest.raises(GaveUpError) as caught:
        list(iter_page_insights(config, sd.PAGE_ID, HELPLINE, sleep=sleeper))
    assert sleeper.waits == []
    assert isinstance(caught.value.last_error, RateLimitError)
    assert caught.value.last_error.retry_after == 1800
    assert "asks to wait 1800 s" in str(caught.value)


def test_server_errors_are_retried_then_succeed(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "server_error", "/insights", times=2)
    rows = rows_of(list(iter_page_insights(config, sd.PAGE_ID, HELPLINE, sleep=sleeper)))
    assert len(rows) == HELPLINE.days * 4
    assert len(sleeper.waits) == 2 and 0.5 <= sleeper.waits[0] <= 1 and 1 <= sleeper.waits[1] <= 2


def test_persistent_failure_gives_up_with_a_clear_message(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "server_error", "/insights", times=100)
    with pytest.raises(GaveUpError) as caught:
        list(iter_ads_insights(config, ACCOUNT, HELPLINE, sleep=sleeper))
    text = str(caught.value)
    assert text.startswith(f"Meta: gave up on GET /v23.0/act_{ACCOUNT}/insights?level=campaign")
    assert "after 6 tries" in text and "An unknown error occurred" in text
    assert "code 2" in text and "HTTP 500" in text
    assert len(requests_to(server, "/insights")) == 6
    assert len(sleeper.waits) == 5 and sum(sleeper.waits) <= config.retry.max_total_wait
    assert_no_token(text)


def test_expired_token_fails_at_once_naming_the_setting(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "expired_token", "/insights")
    with pytest.raises(AuthError) as caught:
        list(iter_ads_insights(config, ACCOUNT, HELPLINE, sleep=sleeper))
    assert "the token is invalid or expired" in str(caught.value)
    assert "META_ACCESS_TOKEN" in str(caught.value)
    assert sleeper.waits == [] and len(requests_to(server, "/insights")) == 1


def test_wrong_token_fails_at_once(server: SandboxServer, config: MetaConfig) -> None:
    wrong = MetaConfig(**{**config.__dict__, "access_token": "EAAG-not-the-right-one"})
    with pytest.raises(AuthError, match="META_ACCESS_TOKEN") as caught:
        fetch_instagram_totals(wrong, sd.INSTAGRAM_ID, HELPLINE)
    assert "EAAG-not-the-right-one" not in str(caught.value)


def test_malformed_json_is_retried(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "malformed_json", "/insights")
    rows = rows_of(list(iter_page_insights(config, sd.PAGE_ID, HELPLINE, sleep=sleeper)))
    assert len(rows) == HELPLINE.days * 4 and len(sleeper.waits) == 1


def test_malformed_json_for_good_gives_up_after_three_tries(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "malformed_json", "/insights", times=100)
    with pytest.raises(GaveUpError, match="not a JSON object") as caught:
        list(iter_ads_insights(config, ACCOUNT, HELPLINE, sleep=sleeper))
    assert caught.value.attempts == 3 and len(requests_to(server, "/insights")) == 3
    assert f"GET /v23.0/act_{ACCOUNT}/insights?level=campaign" in str(caught.value)


def test_timeouts_are_transient(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    fault(server, "slow", "/insights", seconds=1.5)
    quick = MetaConfig(**{**config.__dict__, "timeout": 0.3})
    totals = fetch_instagram_totals(quick, sd.INSTAGRAM_ID, HELPLINE, sleep=sleeper)
    assert len(totals) == 3 and len(sleeper.waits) == 1


def test_unreachable_host_gives_up_without_leaking_the_url_token(
    config: MetaConfig, sleeper: Sleeper
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dead = MetaConfig(**{**config.__dict__, "graph_url": f"http://127.0.0.1:{port}"})
    with pytest.raises(GaveUpError) as caught:
        fetch_ads_period_reach(dead, ACCOUNT, HELPLINE, sleep=sleeper)
    assert isinstance(caught.value.last_error, TransientError)
    assert "could not be reached" in str(caught.value)
    assert_no_token(caught.value, caught.value.last_error)
    # No SDK or requests exception (their text holds the URL) is chained anywhere.
    chain: list[BaseException] = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert all(isinstance(e, SourceError) for e in chain)
    assert "Connection refused" in str(caught.value)


def test_token_never_leaks_anywhere(
    server: SandboxServer,
    config: MetaConfig,
    sleeper: Sleeper,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[Any] = [config]
    warnings: list[str] = []
    fault(server, "server_error", f"act_{ACCOUNT}/insights", times=1)
    fault(server, "malformed_json", f"{sd.PAGE_ID}/insights", times=1)
    fault(server, "rate_limit", f"{sd.INSTAGRAM_ID}/insights", times=1, regain_minutes=1)
    seen += rows_of(list(iter_ads_insights(config, ACCOUNT, HELPLINE, sleep=sleeper)))
    seen += rows_of(
        list(
            iter_ads_insights(
                config, ACCOUNT, DateWindow(date(2022, 1, 1), date(2022, 6, 30)), sleep=sleeper
            )
        )
    )
    seen.append(fetch_ads_period_reach(config, ACCOUNT, HELPLINE, name_contains="LIGNE"))
    bad = MetaConfig(**{**config.__dict__, "page_metrics": ("page_impressions", "page_media_view")})
    seen += rows_of(
        list(
            iter_page_insights(bad, sd.PAGE_ID, HELPLINE, on_warning=warnings.append, sleep=sleeper)
        )
    )
    seen += rows_of(list(iter_instagram_insights(config, sd.INSTAGRAM_ID, HELPLINE, sleep=sleeper)))
    seen += fetch_instagram_totals(
        config,
        sd.INSTAGRAM_ID,
        DateWindow(date(2022, 1, 1), date(2022, 12, 31)),
        on_warning=warnings.append,
    )
    for kind in ("expired_token", "reduce_data", "server_error"):
        fault(server, kind, "/insights", times=100)
        with pytest.raises(SourceError) as caught:
            list(
                iter_ads_insights(
                    config, ACCOUNT, DateWindow(date(2022, 5, 1), date(2022, 5, 1)), sleep=sleeper
                )
            )
        server.faults.clear()
        seen += [caught.value, getattr(caught.value, "last_error", None), caught.value.__cause__]
    assert len(warnings) == 2 and len(seen) > 250
    assert caplog.records, "the HTTP stack logs at DEBUG: the test must see it"
    assert any("127.0.0.1" in r.getMessage() for r in caplog.records)
    assert_no_token(*seen, *warnings, *(r.getMessage() for r in caplog.records), caplog.text)


# -- edges: coercion, error translation, usage headers, config ---------------------


def test_ads_row_coercion() -> None:
    row = coerce_ads_row(
        {
            "account_id": "act_1000000001",
            "campaign_id": "42",
            "campaign_name": "X",
            "date_start": "2022-05-02",
            "date_stop": "2022-05-02",
            "account_currency": "CAD",
            "impressions": "185",
            "clicks": "7",
            "spend": "14.35",
            "actions": [
                {"action_type": "link_click", "value": "5", "1d_click": "4", "7d_click": "5"},
                {"action_type": "post_engagement", "value": "12", "1d_click": "11"},
                {"action_type": "video_view", "value": "30", "1d_view": "2"},
            ],
        }
    )
    assert row["impressions"] == 185 and row["clicks"] == 7
    assert row["spend"] == Decimal("14.35") and isinstance(row["spend"], Decimal)
    assert (row["engagements"], row["video_views"]) == (12, 30)
    assert row["reach"] is None and row["inline_link_clicks"] is None  # missing: unknown
    assert row["account_id"] == "1000000001" and row["date"] == date(2022, 5, 2)


def test_action_and_number_edges() -> None:
    assert action_count(None, "video_view") == 0  # Meta drops `actions` when none happened
    assert action_count([{"action_type": "link_click", "value": "3"}], "video_view") == 0
    assert to_int("185.0", "x") == 185 and to_int("", "x") is None and to_int(7, "x") == 7
    with pytest.raises(SourceError, match=r"'clicks' holds '1\.5'"):
        to_int("1.5", "clicks")
    with pytest.raises(SourceError, match="not a number"):
        to_int("abc", "impressions")
    rounded = coerce_ads_row({"campaign_id": "1", "date_start": "2022-05-02", "spend": "0.125"})
    assert rounded["spend"] == Decimal("0.13")
    assert insights_value({"CA": 3, "FR": 1}, "page_fans_country") is None
    assert insights_value(12, "m") == 12.0


def _request_error(
    status: int, error: dict[str, Any], headers: dict[str, str] | None = None
) -> FacebookRequestError:
    body = {"error": error, "paging": {"next": f"https://g/x?access_token={TOKEN}"}}
    context = {"method": "GET", "path": f"https://g/v23.0/x?access_token={TOKEN}", "params": {}}
    return FacebookRequestError(
        "Call was not successful", context, status, headers or {}, json.dumps(body)
    )


@pytest.mark.parametrize(
    ("status", "error", "expected"),
    [
        (400, {"code": 17, "message": "(#17) User request limit reached"}, RateLimitError),
        (400, {"code": 80001, "message": "There have been too many calls"}, RateLimitError),
        (403, {"code": 4, "message": "(#4) Application request limit reached"}, RateLimitError),
        (400, {"code": 190, "error_subcode": 463, "message": "Session has expired"}, AuthError),
        (400, {"code": 200, "message": "Permissions error"}, AuthError),
        (
            500,
            {
                "code": 1,
                "message": "Please reduce the amount of data you're asking for, then retry",
            },
            TooMuchDataError,
        ),
        (
            400,
            {"code": 100, "message": "(#100) The value must be a valid insights metric"},
            MetricUnavailableError,
        ),
        (500, {"code": 2, "message": "An unexpected error has occurred."}, TransientError),
        (
            400,
            {"code": 1, "message": "An unknown error occurred", "is_transient": True},
            TransientError,
        ),
        (
            400,
            {"code": 100, "message": "(#100) Object does not exist", "error_subcode": 33},
            SourceError,
        ),
    ],
)
def test_each_graph_error_becomes_the_right_class(
    status: int, error: dict[str, Any], expected: type[SourceError]
) -> None:
    translated = translate_request_error(
        _request_error(status, {**error, "fbtrace_id": "AbC"}),
        request="GET /v23.0/x",
        secrets=[TOKEN],
    )
    assert type(translated) is expected
    assert "fbtrace_id AbC" in str(translated) and "request: GET /v23.0/x" in str(translated)
    assert_no_token(translated)


def test_regain_time_comes_from_the_business_use_case_header() -> None:
    headers = {
        "x-business-use-case-usage": json.dumps(
            {
                ACCOUNT: [
                    {
                        "type": "ads_insights",
                        "call_count": 100,
                        "estimated_time_to_regain_access": 7,
                    }
                ]
            }
        )
    }
    error = translate_request_error(
        _request_error(400, {"code": 80000, "message": "too many"}, headers),
        request="r",
        secrets=[],
    )
    assert isinstance(error, RateLimitError) and error.retry_after == 7 * 60
    assert "about 7 min" in str(error)


def test_usage_near_the_limit_slows_down_before_being_blocked(config: MetaConfig) -> None:
    usage = read_usage(
        {"x-app-usage": '{"call_count": 95, "total_time": 20}', "x-ad-account-usage": "not json"}
    )
    assert usage.max_pct == 95 and usage.regain_seconds is None
    assert read_usage({"X-App-Usage": '{"call_count": 5}'}).max_pct == 5
    sleeper = Sleeper()
    with GraphClient(config, sleep=sleeper) as client:
        client._slow_down_if_near_limit({"x-app-usage": '{"call_count": 50}'}, "s")
        assert sleeper.waits == []
        client._slow_down_if_near_limit({"x-app-usage": '{"call_count": 95}'}, "s")
        assert sleeper.waits == [30.0]  # halfway from 90 % to 100 %: half of max_delay


def test_every_usage_header_counts_and_a_spent_account_says_when_it_resets() -> None:
    throttle = read_usage({"x-fb-ads-insights-throttle":
                           '{"app_id_util_pct": 96.5, "acc_id_util_pct": 12}'})
    assert throttle.max_pct == 96.5 and throttle.regain_seconds is None
    spent = read_usage({"x-ad-account-usage":
                        '{"acc_id_util_pct": 100, "reset_time_duration": 840}'})
    assert (spent.max_pct, spent.regain_seconds) == (100, 840)
    # Below the limit the reset time says nothing about waiting.
    assert read_usage({"x-ad-account-usage": '{"acc_id_util_pct": 40, '
                       '"reset_time_duration": 840}'}).regain_seconds is None


def test_a_busy_account_slows_a_long_read_down_within_one_budget(
    server: SandboxServer, config: MetaConfig, sleeper: Sleeper
) -> None:
    # Every answer says the account is at 99 % of its limit: each of the 7 pages is
    # followed by a pause of 54 s, and the read gives up once the next pause would
    # take it past its budget, rather than waiting page after page without end.
    fault(server, "busy", f"/act_{ACCOUNT}/insights", times=100, pct=99)
    budget = replace(config, read_wait_budget=200.0)
    with pytest.raises(GaveUpError) as failed:
        list(iter_ads_insights(budget, ACCOUNT, HELPLINE, sleep=sleeper))
    assert sleeper.waits == [54.0, 54.0, 54.0]
    assert "has waited 162 s" in str(failed.value) and "200 s budget" in str(failed.value)
    assert "usage at 99 %" in str(failed.value)
    # With room for every pause, the same read lands every row.
    sleeper.waits.clear()
    assert sum(b.num_rows for b in iter_ads_insights(config, ACCOUNT, HELPLINE,
                                                       sleep=sleeper)) == 68
    assert sleeper.waits == [54.0] * 7


def test_config_hides_the_token_and_checks_its_values() -> None:
    config = MetaConfig(access_token=TOKEN, app_secret="app-secret-123", graph_url="http://h:1/")
    assert_no_token(config)
    assert "app-secret-123" not in repr(config)
    assert config.graph_url == "http://h:1"
    with pytest.raises(AuthError, match="META_ACCESS_TOKEN"):
        MetaConfig(access_token=" ")
    with pytest.raises(ValueError, match=r"v23\.0"):
        MetaConfig(access_token=TOKEN, api_version="23")


def test_no_global_sdk_state_is_left_behind(config: MetaConfig) -> None:
    assert FacebookAdsApi.get_default_api() is None
    fetch_ads_period_reach(config, ACCOUNT, HELPLINE)
    assert FacebookAdsApi.get_default_api() is None


def test_default_retry_policy_is_the_contract() -> None:
    assert MetaConfig(access_token=TOKEN).retry == RetryPolicy(
        max_attempts=6, base_delay=1.0, max_delay=60.0, max_total_wait=300.0, jitter=0.5
    )


def test_a_metric_named_by_the_error_is_dropped_without_probing(
    server: SandboxServer, config: MetaConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some Graph errors name the metric; then no one-by-one probing is needed.
    translated = translate_request_error(
        _request_error(400, {"code": 100, "message": "(#100) Invalid metric: page_views_total"}),
        request="r",
        secrets=[],
    )
    assert isinstance(translated, MetricUnavailableError)
    assert translated.metric == "page_views_total"
    real_get = GraphClient.get

    def get(self: GraphClient, path: Any, params: Any) -> Any:
        if "page_views_total" in params.get("metric", ""):
            raise translated
        return real_get(self, path, params)

    monkeypatch.setattr(GraphClient, "get", get)
    warnings: list[str] = []
    rows = rows_of(
        list(iter_page_insights(config, sd.PAGE_ID, HELPLINE, on_warning=warnings.append))
    )
    assert {r["metric"] for r in rows} == {
        "page_media_view",
        "page_total_media_view_unique",
        "page_post_engagements",
    }
    assert len(warnings) == 1 and "'page_views_total'" in warnings[0]
    assert len(requests_to(server, "/insights")) == 1  # the others, asked together once
