"""The Mailchimp sandbox speaks the Marketing API's wire format and answers the sample
figures, as of its clock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.sandbox import sample_mailchimp as sample
from connectors.sandbox.mailchimp_api import MailchimpApp
from connectors.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[1]
HELPLINE = sample.HELPLINE_MAILING
AUTH = ("anyone", sample.API_KEY)  # Mailchimp takes any user name with the key


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[SandboxServer, MailchimpApp]]:
    app = MailchimpApp()
    with SandboxServer(app) as srv:
        yield srv, app


@pytest.fixture()
def server(served: tuple[SandboxServer, MailchimpApp]) -> SandboxServer:
    srv, app = served
    srv.faults.clear()
    app.set_now(None)
    return srv


@pytest.fixture()
def client(server: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url + "/3.0", auth=AUTH, timeout=10) as c:
        yield c


def problem(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/problem+json; charset=utf-8"
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "instance"}
    assert body["status"] == response.status_code
    return body


def test_one_report_has_the_wire_shape_and_the_field_report_figures(
        client: httpx.Client) -> None:
    response = client.get(f"/reports/{HELPLINE.id}")
    assert response.status_code == 200
    report = response.json()
    assert report["send_time"] == "2022-05-03T13:30:00+00:00"
    assert report["emails_sent"] == 2_697
    assert report["bounces"] == {"hard_bounces": 9, "soft_bounces": 6, "syntax_errors": 0}
    opens, clicks = report["opens"], report["clicks"]
    assert (opens["unique_opens"], opens["opens_total"]) == (977, 5_342)
    assert report["forwards"] == {"forwards_count": 23, "forwards_opens": 39}
    assert opens["opens_total"] + report["forwards"]["forwards_opens"] == 5_381
    assert (clicks["unique_subscriber_clicks"], clicks["unique_clicks"]) == (129, 141)
    # Rates are fractions over delivered emails (sent - bounces), as Mailchimp's.
    assert opens["open_rate"] == 977 / 2_682 and round(opens["open_rate"] * 100) == 36
    assert round(129 / 977 * 100) == 13
    assert report["industry_stats"]["type"] == "Non-Profit"
    assert round(report["industry_stats"]["open_rate"] * 100) == 25
    assert 0.02 <= report["industry_stats"]["click_rate"] <= 0.03
    assert opens["last_open"] == "2022-05-17T13:30:00+00:00"  # final two weeks after


def test_the_sample_mailings(client: httpx.Client) -> None:
    mailings = sample.mailings()
    assert len(mailings) == 38  # 36 monthly newsletters (April 2023 pinned) + 2 campaigns
    assert len({m.id for m in mailings}) == 38
    assert all(len(m.id) == 10 and int(m.id, 16) >= 0 for m in mailings)
    ssm, april = sample.SSM_MAILING, sample.SSM_PREVIOUS_NEWSLETTER
    assert (ssm.emails_sent, ssm.delivered, ssm.unique_opens) == (3_120, 3_101, 1_254)
    assert (april.emails_sent, april.delivered, april.unique_opens) == (2_980, 2_967, 760)
    newsletters = [m for m in mailings if m not in (HELPLINE, ssm)]
    # The campaign mailings stand out from the quieter newsletters.
    assert max(m.unique_opens / m.delivered for m in newsletters) < 0.29
    assert all(m.unique_subscriber_clicks <= m.unique_clicks <= m.clicks_total
               and m.unique_opens <= m.opens_total for m in mailings)
    assert sample.mailings() == mailings  # deterministic


def test_list_pages_with_count_and_offset(client: httpx.Client) -> None:
    first = client.get("/reports").json()
    assert first["total_items"] == 38 and len(first["reports"]) == 10  # count defaults to 10
    times = [r["send_time"] for r in first["reports"]]
    assert times == sorted(times, reverse=True)  # newest first
    ids = []
    for offset in range(0, 38, 15):
        page = client.get("/reports", params={"count": 15, "offset": offset}).json()
        ids += [r["id"] for r in page["reports"]]
    assert ids == [m.id for m in sample.mailings()]
    assert client.get("/reports", params={"offset": 40}).json()["reports"] == []
    too_many = client.get("/reports", params={"count": 1001})
    assert too_many.status_code == 400 and "count" in problem(too_many)["detail"]


def test_send_time_bounds(client: httpx.Client) -> None:
    # since inclusive, before exclusive (Mailchimp does not document it: the connector
    # does not rely on it).
    page = client.get("/reports", params={"since_send_time": "2022-05-03T13:30:00+00:00",
                                          "before_send_time": "2022-05-18T13:00:00+00:00"})
    assert [r["id"] for r in page.json()["reports"]] == [HELPLINE.id]
    bad = client.get("/reports", params={"since_send_time": "2022-05-03"})
    assert bad.status_code == 400 and "since_send_time" in problem(bad)["detail"]


def test_fields_and_exclude_fields(client: httpx.Client) -> None:
    page = client.get("/reports", params={
        "fields": "reports.id,reports.opens.unique_opens,total_items", "count": 2}).json()
    assert set(page) == {"reports", "total_items"}
    assert page["reports"][0].keys() == {"id", "opens"}
    assert page["reports"][0]["opens"].keys() == {"unique_opens"}
    one = client.get(f"/reports/{HELPLINE.id}",
                     params={"exclude_fields": "industry_stats,opens.last_open"}).json()
    assert "industry_stats" not in one and "last_open" not in one["opens"]
    assert one["opens"]["unique_opens"] == 977


def test_the_key_comes_by_basic_auth(server: SandboxServer) -> None:
    base = server.url + "/3.0/reports"
    missing = httpx.get(base)
    assert missing.status_code == 401 and problem(missing)["title"] == "API Key Missing"
    wrong = httpx.get(base, auth=("anystring", "nope-us1"))
    assert wrong.status_code == 401 and problem(wrong)["title"] == "API Key Invalid"
    assert httpx.get(base, auth=("someone-else", sample.API_KEY)).status_code == 200


def test_unknown_or_unsent_campaigns_are_not_found(client: httpx.Client,
                                                   served: tuple[SandboxServer, MailchimpApp]
                                                   ) -> None:
    assert problem(client.get("/reports/ffffffffff"))["title"] == "Resource Not Found"
    served[1].set_now(datetime(2022, 5, 1, tzinfo=UTC))
    assert client.get(f"/reports/{HELPLINE.id}").status_code == 404  # not sent yet
    assert HELPLINE.id not in [r["id"] for r in client.get(
        "/reports", params={"count": 100}).json()["reports"]]


def test_reports_grow_with_the_clock(server: SandboxServer, client: httpx.Client) -> None:
    seen = []
    for moment in ("2022-05-03T13:30:00+00:00", "2022-05-04T12:00:00+00:00",
                   "2022-05-10T12:00:00+00:00", "2022-06-01T00:00:00+00:00"):
        moved = httpx.post(f"{server.url}/_sandbox/clock", json={"now": moment})
        assert moved.json() == {"now": moment}
        response = client.get(f"/reports/{HELPLINE.id}")
        assert parsedate_to_datetime(response.headers["Date"]) == datetime.fromisoformat(moment)
        opens = response.json()["opens"]
        seen.append((opens["unique_opens"], opens["opens_total"], opens["last_open"]))
    assert seen[0] == (0, 0, "")  # at the send: nobody has opened it yet
    assert [s[0] for s in seen] == [0, 454, 967, 977]
    assert seen[1][1] < seen[2][1] < seen[3][1] == 5_342
    reset = httpx.post(f"{server.url}/_sandbox/clock", json={"now": None})
    assert reset.json() == {"now": sample.DEFAULT_NOW.isoformat()}
    assert httpx.post(f"{server.url}/_sandbox/clock", json={"now": "2022-05-04"}
                      ).status_code == 400  # a time without its offset


def test_more_than_ten_connections_at_once_are_throttled(server: SandboxServer) -> None:
    server.faults.add({"kind": "slow", "seconds": 1.5, "times": 11})
    statuses: list[int] = []

    def call() -> None:
        statuses.append(httpx.get(f"{server.url}/3.0/reports?count=1", auth=AUTH,
                                  timeout=10).status_code)

    threads = [threading.Thread(target=call) for _ in range(11)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 10 + [429]


@pytest.mark.parametrize(("fault", "status", "title"), [
    ({"kind": "rate_limit"}, 429, "Too Many Requests"),
    ({"kind": "forbidden"}, 403, "Forbidden"),
    ({"kind": "server_error"}, 500, "Internal Server Error"),
    ({"kind": "server_error", "status": 503}, 503, "Internal Server Error"),
])
def test_problem_faults(server: SandboxServer, client: httpx.Client, fault: dict[str, Any],
                        status: int, title: str) -> None:
    server.faults.add(fault)
    response = client.get("/reports")
    assert response.status_code == status and problem(response)["title"] == title
    assert client.get("/reports").status_code == 200  # used up


def test_bare_and_broken_faults(server: SandboxServer, client: httpx.Client) -> None:
    server.faults.add({"kind": "throttle_403"})
    bare = client.get("/reports")
    assert (bare.status_code, bare.content, bare.headers.get("content-type")) == (403, b"", None)
    server.faults.add({"kind": "bad_gateway"})
    gateway = client.get("/reports")
    assert gateway.status_code == 502 and gateway.text.startswith("<html>")
    server.faults.add({"kind": "malformed_json"})
    cut = client.get(f"/reports/{HELPLINE.id}")
    assert cut.status_code == 200 and cut.text.startswith('{"id":"a1b2c3d4e5"')
    with pytest.raises(ValueError):
        cut.json()
    server.faults.add({"kind": "bad_field", "path": "reports.0.emails_sent", "value": "lots"})
    assert client.get("/reports").json()["reports"][0]["emails_sent"] == "lots"
    server.faults.add({"kind": "slow", "seconds": 0.4})
    started = time.monotonic()
    assert client.get("/reports").status_code == 200
    assert time.monotonic() - started >= 0.4


def test_serve_command_starts_every_fake_on_free_ports(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "connectors.sandbox", "serve", "--meta-port", "0",
         "--google-ads-port", "0", "--mailchimp-port", "0"], cwd=ROOT,
        stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().strip() for _ in range(3)]
        assert lines[0].startswith("meta sandbox on http://127.0.0.1:")
        assert lines[1].startswith("google_ads sandbox on 127.0.0.1:")
        assert lines[2].startswith("mailchimp sandbox on http://127.0.0.1:")
        assert len({line.rsplit(":", 1)[1] for line in lines}) == 3  # three free ports
        url = lines[2].rsplit(" ", 1)[1]
        assert httpx.get(f"{url}/_sandbox/health").json() == {"app": "mailchimp", "ok": True}
        report = httpx.get(f"{url}/3.0/reports/{HELPLINE.id}", auth=AUTH)
        assert report.json()["emails_sent"] == 2_697
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
