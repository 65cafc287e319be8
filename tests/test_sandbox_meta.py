"""The Meta sandbox speaks the Graph API's wire format and answers the sample figures."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.sandbox import generation as gen
from connectors.sandbox import sample_data as sd
from connectors.sandbox.meta_graph import MetaGraphApp
from connectors.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[1]
TOKEN = sd.TOKEN
ACT = f"/v23.0/act_{sd.AD_ACCOUNT_ID}/insights"
PAGE = f"/v24.0/{sd.PAGE_ID}/insights"
IG = f"/v23.0/{sd.INSTAGRAM_ID}/insights"
FB_ID, IG_AD_ID = "120200000000000011", "120200000000000012"
LIGNE = json.dumps([{"field": "campaign.name", "operator": "CONTAIN", "value": "LIGNE"}])
HELPLINE_RANGE = json.dumps({"since": "2022-04-25", "until": "2022-05-28"})
FIELDS = ("account_id,account_currency,campaign_id,campaign_name,impressions,reach,clicks,"
          "spend,actions")
INVALID_METRIC = "(#100) The value must be a valid insights metric"


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(MetaGraphApp()) as srv:
        yield srv


@pytest.fixture()
def client(server: SandboxServer) -> Iterator[httpx.Client]:
    server.faults.clear()
    with httpx.Client(base_url=server.url, timeout=10) as c:
        yield c


def get(client: httpx.Client, path: str, **params: Any) -> httpx.Response:
    return client.get(path, params={"access_token": TOKEN, **params})


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert "error" in body, body
    return body["error"]


def ads(client: httpx.Client, **params: Any) -> httpx.Response:
    base = {"fields": FIELDS, "level": "campaign", "time_range": HELPLINE_RANGE}
    return get(client, ACT, **{**base, **params})


# -- ads insights --------------------------------------------------------------------
def test_daily_rows_have_the_wire_shape(client: httpx.Client) -> None:
    response = ads(client, time_increment=1, filtering=LIGNE, limit=500)
    assert response.status_code == 200
    rows = response.json()["data"]
    assert len(rows) == 68  # 2 campaigns x 34 days
    first = rows[0]
    assert set(first) == {*FIELDS.split(","), "date_start", "date_stop"}
    assert first["date_start"] == first["date_stop"] == "2022-04-25"
    assert first["account_id"] == "1000000001" and first["account_currency"] == "CAD"
    for key in ("impressions", "reach", "clicks", "spend"):
        assert isinstance(first[key], str)
    assert first["spend"].count(".") == 1 and len(first["spend"].split(".")[1]) == 2
    link = next(a for a in first["actions"] if a["action_type"] == "link_click")
    assert isinstance(link["value"], str) and {"1d_click", "7d_click"} <= set(link)
    types = {a["action_type"] for a in first["actions"]}
    assert {"post_engagement", "link_click", "video_view", "page_engagement"} <= types
    for campaign_id, totals in sd.HELPLINE_META_ADS.items():
        mine = [r for r in rows if r["campaign_id"] == campaign_id]
        assert sum(int(r["impressions"]) for r in mine) == totals["impressions"]
        assert sum(int(r["clicks"]) for r in mine) == totals["clicks"]
        cents = sum(round(float(r["spend"]) * 100) for r in mine)
        assert f"{cents / 100:.2f}" == totals["spend"]
        assert all(int(r["impressions"]) >= int(r["reach"]) for r in mine)


def test_no_row_on_a_day_without_delivery(client: httpx.Client) -> None:
    quiet = ads(client, time_range=json.dumps({"since": "2022-03-22", "until": "2022-04-24"}),
                time_increment=1)
    assert quiet.json() == {"data": []}
    edge = ads(client, time_range=json.dumps({"since": "2022-05-27", "until": "2022-06-02"}),
               time_increment=1, filtering=LIGNE).json()["data"]
    assert sorted({r["date_start"] for r in edge}) == ["2022-05-27", "2022-05-28"]


def test_paging_with_after_and_next(client: httpx.Client) -> None:
    first = ads(client, time_increment=1, filtering=LIGNE).json()
    assert len(first["data"]) == 25
    assert "next" in first["paging"] and "access_token=sandbox-token" in first["paging"]["next"]
    seen = list(first["data"])
    after = first["paging"]["cursors"]["after"]
    page = first
    while "next" in page["paging"]:  # the SDK's way: same request with after=<cursor>
        page = ads(client, time_increment=1, filtering=LIGNE, after=after).json()
        seen += page["data"]
        after = page["paging"]["cursors"]["after"]
    assert len(page["data"]) == 18 and "after" in page["paging"]["cursors"]
    assert len({(r["date_start"], r["campaign_id"]) for r in seen}) == 68
    via_next = client.get(first["paging"]["next"]).json()  # following next works too
    assert via_next["data"] == seen[25:50]


def test_period_reach_is_unique_not_summed(client: httpx.Client) -> None:
    period = {r["campaign_id"]: r for r in ads(client, filtering=LIGNE).json()["data"]}
    daily = ads(client, filtering=LIGNE, time_increment=1, limit=100).json()["data"]
    for campaign_id, totals in sd.HELPLINE_META_ADS.items():
        assert int(period[campaign_id]["reach"]) == totals["reach"]
        summed = sum(int(r["reach"]) for r in daily if r["campaign_id"] == campaign_id)
        assert summed > totals["reach"]
    account = get(client, ACT, fields="reach,impressions,frequency", level="account",
                  time_range=HELPLINE_RANGE, filtering=LIGNE).json()["data"]
    assert len(account) == 1
    reach = int(account[0]["reach"])
    assert reach == sd.ads_unique_reach(sd.AD_ACCOUNT_ID, [FB_ID, IG_AD_ID], *sd.HELPLINE)
    assert 85_584 < reach < 85_584 + 41_166
    assert account[0]["frequency"] == f"{175_000 / reach:.6f}"


def test_filter_by_campaign_ids(client: httpx.Client) -> None:
    ids = json.dumps([{"field": "campaign.id", "operator": "IN",
                       "value": ["120200000000000031"]}])
    rows = ads(client, filtering=ids,
               time_range=json.dumps({"since": "2023-01-01", "until": "2023-12-31"})).json()
    assert [(r["campaign_name"], r["spend"], r["reach"]) for r in rows["data"]] == [
        ("SSM-2023-AMBASSADEURS", "350.00", "31250")]
    assert rows["data"][0]["date_start"] == "2023-01-01"


def test_unknown_field_is_refused(client: httpx.Client) -> None:
    err = error_of(ads(client, fields="impressions,bogus_metric"))
    assert err["code"] == 100 and err["message"].startswith("(#100) bogus_metric is not valid")


# -- page and Instagram insights -----------------------------------------------------
def page_sums(client: httpx.Client, path: str, metrics: list[str], window: tuple[date, date],
              **extra: Any) -> dict[str, int]:
    body = get(client, path, metric=",".join(metrics), period="day",
               since=window[0].isoformat(), until=window[1].isoformat(), **extra).json()
    return {item["name"]: sum(v["value"] for v in item["values"]) for item in body["data"]}


def test_page_window_sums_are_exact(client: httpx.Client) -> None:
    current = page_sums(client, PAGE, list(sd.HELPLINE_FACEBOOK), sd.HELPLINE)
    previous = page_sums(client, PAGE, list(sd.HELPLINE_FACEBOOK_PREVIOUS), sd.HELPLINE_PREVIOUS)
    assert current == sd.HELPLINE_FACEBOOK
    assert current["page_total_media_view_unique"] == 95_630
    assert previous == {"page_total_media_view_unique": 11_457, "page_views_total": 600}
    assert round((95_630 - 11_457) / 11_457 * 100, 1) == 734.7
    assert round((3_584 - 600) / 600 * 100, 1) == 497.3
    assert page_sums(client, PAGE, list(sd.SSM_FACEBOOK), sd.SSM) == sd.SSM_FACEBOOK


def test_page_values_carry_pacific_end_time(client: httpx.Client) -> None:
    body = get(client, PAGE, metric="page_media_view", period="day", since="2022-05-02",
               until="2022-05-02").json()
    item = body["data"][0]
    assert item["id"] == "2000000001/insights/page_media_view/day" and item["period"] == "day"
    assert item["values"] == [{"value": sd.page_daily(sd.PAGE_ID, "page_media_view",
                                                      date(2022, 5, 2)),
                               "end_time": "2022-05-03T07:00:00+0000"}]
    assert {"previous", "next"} <= set(body["paging"])
    winter = get(client, PAGE, metric="page_views_total", period="day",
                 since="2022-03-12", until="2022-03-13").json()["data"][0]["values"]
    assert [v["end_time"] for v in winter] == ["2022-03-13T08:00:00+0000",
                                               "2022-03-14T07:00:00+0000"]
    assert gen.pacific_end_time(date(2022, 11, 5)) == "2022-11-06T07:00:00+0000"
    assert gen.pacific_end_time(date(2022, 11, 6)) == "2022-11-07T08:00:00+0000"
    stamps = get(client, PAGE, metric="page_views_total", period="day",
                 since="1647043200", until="1647129600").json()["data"][0]["values"]
    assert stamps == winter  # unix timestamps (UTC midnight) name the same days


def test_ninety_days_at_most(client: httpx.Client) -> None:
    ok = get(client, PAGE, metric="page_views_total", since="2022-01-01", until="2022-04-01")
    assert ok.status_code == 200 and len(ok.json()["data"][0]["values"]) == 91
    too_long = get(client, PAGE, metric="page_views_total", since="2022-01-01",
                   until="2022-04-02")
    assert too_long.status_code == 400
    assert error_of(too_long)["message"] == (
        "(#100) There cannot be more than 90 days (7776000 s) between since and until")


@pytest.mark.parametrize(("path", "metric"), [
    (PAGE, "page_impressions"), (PAGE, "page_impressions_unique"), (PAGE, "page_fans"),
    (IG, "impressions"), (IG, "plays")])
def test_removed_metrics_answer_invalid_metric(client: httpx.Client, path: str,
                                               metric: str) -> None:
    response = get(client, path, metric=f"reach,{metric}" if path == IG else metric,
                   period="day", since="2022-05-01", until="2022-05-02")
    assert response.status_code == 400
    err = error_of(response)
    assert (err["code"], err["message"]) == (100, INVALID_METRIC)


def test_instagram_daily_and_total_value(client: httpx.Client) -> None:
    daily = page_sums(client, IG, ["views", "profile_views", "reach"], sd.HELPLINE)
    assert daily["views"] == 60_467 and daily["profile_views"] == 550
    previous = page_sums(client, IG, ["profile_views"], sd.HELPLINE_PREVIOUS)
    assert previous == {"profile_views": 270}
    assert round((550 - 270) / 270 * 100, 1) == 103.7

    def total(window: tuple[date, date]) -> dict[str, int]:
        body = get(client, IG, metric="reach,views", period="day", metric_type="total_value",
                   since=window[0].isoformat(), until=window[1].isoformat()).json()
        assert all("values" not in item for item in body["data"])
        return {item["name"]: item["total_value"]["value"] for item in body["data"]}

    assert total(sd.HELPLINE) == {"reach": 43_619, "views": 60_467}
    assert total(sd.HELPLINE_PREVIOUS)["reach"] == 823
    assert round((43_619 - 823) / 823 * 100, 1) == 5_200.0
    assert daily["reach"] > 43_619
    assert total(sd.SSM)["reach"] == sd.SSM_INSTAGRAM_REACH
    assert total(sd.SSM_PREVIOUS)["reach"] == sd.SSM_INSTAGRAM_REACH_PREVIOUS


@pytest.mark.parametrize(("start", "end"), [
    (date(2022, 5, 20), date(2022, 6, 10)), (date(2022, 1, 1), date(2022, 3, 31)),
    (date(2023, 4, 25), date(2023, 5, 5)), (date(2022, 5, 3), date(2022, 5, 3))])
def test_instagram_unique_reach_is_consistent(start: date, end: date) -> None:
    daily = [sd.instagram_daily(sd.INSTAGRAM_ID, "reach", d) for d in gen.days(start, end)]
    unique = sd.instagram_total_value(sd.INSTAGRAM_ID, "reach", start, end)
    assert max(daily) <= unique <= sum(daily)
    if start != end:
        assert unique < sum(daily)


def test_sample_data_is_internally_consistent() -> None:
    for day in gen.days(date(2022, 4, 1), date(2022, 6, 30)):
        assert (sd.page_daily(sd.PAGE_ID, "page_media_view", day)
                >= sd.page_daily(sd.PAGE_ID, "page_total_media_view_unique", day))
    rows = sd.ads_daily_rows(sd.AD_ACCOUNT_ID, date(2022, 4, 1), date(2022, 6, 30))
    assert {r["date"] for r in rows} == set(gen.days(*sd.HELPLINE))
    assert sum(r["spend_cents"] for r in rows) == 110_000
    one_day = sd.ads_unique_reach(sd.AD_ACCOUNT_ID, [FB_ID], date(2022, 5, 2), date(2022, 5, 2))
    assert one_day == next(r["reach"] for r in rows
                           if r["campaign_id"] == FB_ID and r["date"] == date(2022, 5, 2))
    assert sd.ads_unique_reach(sd.AD_ACCOUNT_ID, None, *sd.HELPLINE_PREVIOUS) == 0


# -- errors and faults ---------------------------------------------------------------
def test_wrong_or_missing_token_is_190(client: httpx.Client) -> None:
    wrong = client.get(ACT, params={"access_token": "nope", "fields": "impressions"})
    assert wrong.status_code == 400 and error_of(wrong)["code"] == 190
    assert "x-app-usage" in wrong.headers  # usage headers come on errors too
    assert error_of(client.get(ACT, params={"fields": "impressions"}))["code"] == 190


def test_usage_headers_on_success(client: httpx.Client) -> None:
    response = ads(client)
    assert set(json.loads(response.headers["x-app-usage"])) == {
        "call_count", "total_time", "total_cputime"}
    assert "acc_id_util_pct" in json.loads(response.headers["x-ad-account-usage"])
    buc = json.loads(response.headers["x-business-use-case-usage"])
    assert buc["1000000001"][0]["type"] == "ads_insights"


def test_rate_limit_fault(server: SandboxServer, client: httpx.Client) -> None:
    server.faults.add({"kind": "rate_limit", "match": "/insights", "regain_minutes": 7})
    limited = ads(client)
    assert limited.status_code == 400
    err = error_of(limited)
    assert (err["code"], err["message"], err["is_transient"]) == (
        17, "(#17) User request limit reached", True)
    buc = json.loads(limited.headers["x-business-use-case-usage"])
    assert buc["1000000001"][0]["estimated_time_to_regain_access"] == 7
    assert json.loads(limited.headers["x-app-usage"])["call_count"] == 100
    assert ads(client).status_code == 200  # times defaults to 1
    server.faults.add({"kind": "rate_limit", "code": 80000, "times": 2})
    assert [error_of(ads(client))["code"] for _ in range(2)] == [80000, 80000]
    assert ads(client).status_code == 200


@pytest.mark.parametrize(("kind", "status", "code", "message"), [
    ("server_error", 500, 2, "An unknown error occurred"),
    ("expired_token", 400, 190, "Error validating access token"),
    ("reduce_data", 500, 1, "Please reduce the amount of data you're asking for, then retry "
                            "your request")])
def test_error_faults(server: SandboxServer, client: httpx.Client, kind: str, status: int,
                      code: int, message: str) -> None:
    server.faults.add({"kind": kind})
    response = ads(client)
    err = error_of(response)
    assert (response.status_code, err["code"]) == (status, code)
    assert err["message"].startswith(message) and err["fbtrace_id"]
    if kind == "server_error":
        assert err["is_transient"] is True and err["type"] == "OAuthException"
    if kind == "expired_token":
        assert err["error_subcode"] == 463


def test_match_limits_a_fault_to_its_paths(server: SandboxServer, client: httpx.Client) -> None:
    server.faults.add({"kind": "server_error", "match": sd.PAGE_ID})
    assert ads(client).status_code == 200
    assert get(client, PAGE, metric="page_views_total").status_code == 500


def test_malformed_json_and_slow_faults(server: SandboxServer, client: httpx.Client) -> None:
    server.faults.add({"kind": "malformed_json"})
    broken = ads(client)
    assert broken.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken.text)
    server.faults.add({"kind": "slow", "seconds": 0.4})
    began = time.monotonic()
    assert int(ads(client).json()["data"][0]["reach"]) == 85_584
    assert time.monotonic() - began >= 0.4


def test_invalid_metric_fault_hits_only_that_metric(server: SandboxServer,
                                                    client: httpx.Client) -> None:
    server.faults.add({"kind": "invalid_metric", "metric": "page_views_total"})
    assert get(client, PAGE, metric="page_media_view").status_code == 200
    err = error_of(get(client, PAGE, metric="page_media_view,page_views_total"))
    assert (err["code"], err["message"]) == (100, INVALID_METRIC)
    assert get(client, PAGE, metric="page_views_total").status_code == 200


# -- async report runs ---------------------------------------------------------------
def start_run(client: httpx.Client) -> str:
    response = client.post(ACT, params={"access_token": TOKEN}, data={
        "fields": json.dumps(["campaign_id", "impressions", "reach"]), "level": "campaign",
        "time_range": json.dumps({"since": "2021-01-01", "until": "2023-12-31"}),
        "time_increment": "all_days"})
    assert response.status_code == 200
    return str(response.json()["report_run_id"])


def test_async_report_run_lifecycle(client: httpx.Client) -> None:
    run_id = start_run(client)
    early = get(client, f"/v23.0/{run_id}/insights")
    assert early.status_code == 400 and error_of(early)["code"] == 100
    polls = [get(client, f"/v23.0/{run_id}").json() for _ in range(3)]
    assert [(p["async_status"], p["async_percent_completion"]) for p in polls] == [
        ("Job Not Started", 0), ("Job Running", 50), ("Job Completed", 100)]
    assert polls[0]["id"] == run_id
    first = get(client, f"/v23.0/{run_id}/insights", limit=3).json()
    assert len(first["data"]) == 3 and "next" in first["paging"]
    last = get(client, f"/v23.0/{run_id}/insights", limit=3,
               after=first["paging"]["cursors"]["after"]).json()
    assert "next" not in last["paging"]
    rows = {r["campaign_id"]: r["reach"] for r in first["data"] + last["data"]}
    assert rows == {c.id: str(c.unique_reach) for c in sd.AD_CAMPAIGNS}


def test_async_failed_fault(server: SandboxServer, client: httpx.Client) -> None:
    server.faults.add({"kind": "async_failed"})
    run_id = start_run(client)
    statuses = [get(client, f"/v23.0/{run_id}").json()["async_status"] for _ in range(3)]
    assert statuses == ["Job Not Started", "Job Running", "Job Failed"]
    assert get(client, f"/v23.0/{run_id}/insights").status_code == 400


def test_sdk_reads_the_sandbox(server: SandboxServer) -> None:
    from facebook_business.adobjects.adaccount import AdAccount
    from facebook_business.api import FacebookAdsApi, FacebookSession

    session = FacebookSession(access_token=TOKEN)
    session.GRAPH = server.url
    account = AdAccount(f"act_{sd.AD_ACCOUNT_ID}", api=FacebookAdsApi(session, "v23.0"))
    cursor = account.get_insights(fields=["campaign_id", "impressions"], params={
        "level": "campaign", "time_increment": 1, "limit": 10,
        "time_range": {"since": "2022-04-25", "until": "2022-05-28"},
        "filtering": [{"field": "campaign.name", "operator": "CONTAIN", "value": "LIGNE"}]})
    assert sum(int(row["impressions"]) for row in cursor) == 175_000


# -- control endpoints and the command line ------------------------------------------
def test_fault_control_over_http(server: SandboxServer, client: httpx.Client) -> None:
    added = client.post("/_sandbox/faults", json=[
        {"kind": "server_error", "match": "/insights", "times": 2}, {"kind": "slow"}])
    assert added.status_code == 201 and len(added.json()["faults"]) == 2
    assert client.get("/_sandbox/faults").json()["faults"][0]["times"] == 2
    bad = client.post("/_sandbox/faults", json={"kind": "earthquake"})
    assert bad.status_code == 400 and "earthquake" in bad.json()["error"]
    assert client.delete("/_sandbox/faults").json() == {"faults": []}
    assert ads(client).status_code == 200
    client.delete("/_sandbox/requests")
    get(client, PAGE, metric="page_views_total")
    logged = client.get("/_sandbox/requests").json()["requests"]
    assert logged == [{"method": "GET", "path": PAGE, "form": {},
                       "query": {"access_token": "***", "metric": "page_views_total"}}]


def test_serve_command_stops_on_sigterm(tmp_path: Path) -> None:
    pidfile = tmp_path / "sandbox.pid"
    proc = subprocess.Popen(
        # Every fake on a free port: another checkout may be serving the default ones.
        [sys.executable, "-m", "connectors.sandbox", "serve", "--port", "0",
         "--mailchimp-port", "0", "--pidfile", str(pidfile)], cwd=ROOT,
        stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("meta sandbox on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1]
        deadline = time.monotonic() + 5
        while not pidfile.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pidfile.read_text().strip() == str(proc.pid)
        assert httpx.get(f"{url}/_sandbox/health").json() == {"app": "meta", "ok": True}
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
        assert not pidfile.exists()
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


def test_days_helper_covers_both_ends() -> None:
    assert list(gen.days(date(2022, 5, 27), date(2022, 5, 28))) == [
        date(2022, 5, 27), date(2022, 5, 27) + timedelta(days=1)]


def test_latency_delays_every_api_answer_but_not_the_controls(server: SandboxServer,
                                                              client: httpx.Client) -> None:
    server.latency = 0.3
    try:
        started = time.monotonic()
        assert get(client, PAGE, metric="page_views_total").status_code == 200
        answered = time.monotonic() - started
        started = time.monotonic()
        assert client.get("/_sandbox/health").status_code == 200
        control = time.monotonic() - started
    finally:
        server.latency = 0.0
    assert answered >= 0.3
    assert control < 0.3
