"""The Mailchimp connector against the loopback sandbox, through the real SDK over HTTP."""

from __future__ import annotations

import base64
import logging
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from conftest import Sleeper
from mailchimp_marketing.api_client import ApiClientError

from connectors.errors import (
    AuthError,
    BadResponseError,
    GaveUpError,
    RateLimitError,
    SourceError,
    TransientError,
)
from connectors.mailchimp import (
    REPORTS_SCHEMA,
    MailchimpConfig,
    read_campaign_reports,
    send_time_bounds,
)
from connectors.mailchimp.client import served_at
from connectors.mailchimp.coerce import coerce_report
from connectors.mailchimp.translate import translate_api_error
from connectors.retry import RetryPolicy
from connectors.sandbox import sample_mailchimp as sample
from connectors.sandbox.mailchimp_api import MailchimpApp
from connectors.sandbox.server import SandboxServer
from connectors.windows import DateWindow

# A distinctive key, so that finding it anywhere is unambiguous.
KEY = "c0ffee00SECRET00mailchimp00key42-us1"
BASIC = base64.b64encode(f"user:{KEY}".encode()).decode()
TORONTO = ZoneInfo("America/Toronto")
HELPLINE = sample.HELPLINE_MAILING
# The help-line campaign and the period before it: the April newsletter, the mass
# mailing of 2022-05-03 and the May newsletter.
SPRING_2022 = DateWindow(date(2022, 3, 22), date(2022, 5, 28))
SEND_DAY = DateWindow(date(2022, 5, 3), date(2022, 5, 3))


@pytest.fixture(scope="module")
def _shared() -> Iterator[tuple[SandboxServer, MailchimpApp]]:
    app = MailchimpApp(api_key=KEY)
    with SandboxServer(app) as srv:
        yield srv, app


@pytest.fixture
def server(_shared: tuple[SandboxServer, MailchimpApp]) -> SandboxServer:
    """The module's sandbox: no pending fault, an empty request log, the default clock."""
    srv, app = _shared
    srv.faults.clear()
    srv.requests.clear()
    app.set_now(None)
    return srv


@pytest.fixture
def app(_shared: tuple[SandboxServer, MailchimpApp], server: SandboxServer) -> MailchimpApp:
    return _shared[1]


@pytest.fixture
def config(server: SandboxServer) -> MailchimpConfig:
    return MailchimpConfig(api_key=KEY, api_url=server.url + "/3.0/", page_size=2)


def fault(server: SandboxServer, kind: str, times: int = 1, **extra: Any) -> None:
    server.faults.add({"kind": kind, "match": "/reports", "times": times, **extra})


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["campaign_id"]: row for row in rows}


def assert_no_key(*things: Any) -> None:
    for thing in things:
        for secret in (KEY, BASIC):
            assert secret not in str(thing) and secret not in repr(thing)


# -- reading ------------------------------------------------------------------------


def test_reports_are_paged_with_count_and_offset(server: SandboxServer,
                                                 config: MailchimpConfig) -> None:
    read = read_campaign_reports(config, SPRING_2022)
    assert read.table.schema.equals(REPORTS_SCHEMA)
    rows = read.table.to_pylist()
    assert sorted(r["send_date"] for r in rows) == [
        date(2022, 4, 18), date(2022, 5, 3), date(2022, 5, 18)]
    calls = server.requests.entries()
    assert [(c["query"]["count"], c["query"]["offset"]) for c in calls] == [("2", "0"),
                                                                           ("2", "2")]
    assert read.requests == 2
    # The window's days in Toronto, one second wider on each side (see send_time_bounds).
    assert calls[0]["query"]["since_send_time"] == "2022-03-22T03:59:59+00:00"
    assert calls[0]["query"]["before_send_time"] == "2022-05-29T04:00:01+00:00"
    assert calls[0]["query"]["fields"].startswith("reports.id,reports.campaign_title,")
    assert calls[0]["query"]["fields"].endswith(",total_items")
    # Provenance: the page's request (without the field list), the position in it.
    sources = [(r["_source"], r["_source_row"]) for r in rows]
    assert sources[2] == ("GET /3.0/reports?count=2&offset=2&since_send_time="
                          "2022-03-22T03:59:59+00:00&before_send_time=2022-05-29T04:00:01+00:00",
                          1)
    assert [s[1] for s in sources[:2]] == [1, 2]


def test_the_help_line_mailing_is_typed_at_the_edge(config: MailchimpConfig) -> None:
    read = read_campaign_reports(config, SPRING_2022)
    row = by_id(read.table.to_pylist())[HELPLINE.id]
    assert row["send_time"] == datetime(2022, 5, 3, 13, 30, tzinfo=UTC)
    assert row["send_date"] == date(2022, 5, 3)
    assert (row["emails_sent"], row["hard_bounces"], row["soft_bounces"],
            row["syntax_errors"]) == (2_697, 9, 6, 0)
    assert (row["unique_opens"], row["opens_total"], row["forwards_opens"]) == (977, 5_342, 39)
    assert row["opens_total"] + row["forwards_opens"] == 5_381  # "opens counting forwards"
    assert (row["unique_subscriber_clicks"], row["unique_clicks"], row["clicks_total"]) == (
        129, 141, 187)
    assert row["open_rate"] == pytest.approx(977 / 2_682)
    assert round(row["open_rate"] * 100) == 36
    assert row["last_open"] == HELPLINE.send_time + timedelta(days=14)
    assert (row["industry_type"], row["industry_open_rate"], row["industry_click_rate"]) == (
        "Non-Profit", 0.2546, 0.0279)
    assert (row["campaign_type"], row["list_id"]) == ("regular", sample.LIST_ID)
    # The read is stamped with the moment Mailchimp answered (its Date header).
    assert read.read_at == sample.DEFAULT_NOW
    assert read.read_date == date(2024, 1, 1)
    assert {r["read_date"] for r in read.table.to_pylist()} == {date(2024, 1, 1)}


def test_a_report_read_later_shows_more_opens(app: MailchimpApp,
                                              config: MailchimpConfig) -> None:
    seen = []
    for moment in (datetime(2022, 5, 3, 20, 0, tzinfo=UTC), datetime(2022, 5, 5, 9, 0, tzinfo=UTC),
                   datetime(2022, 5, 20, 9, 0, tzinfo=UTC)):
        app.set_now(moment)
        read = read_campaign_reports(config, SEND_DAY)
        (row,) = read.table.to_pylist()
        assert read.read_at == moment
        assert row["unique_opens"] == sample.accrued(977, HELPLINE, moment)
        seen.append((row["unique_opens"], row["opens_total"], row["unique_subscriber_clicks"]))
    assert seen[0] < seen[1] < seen[2] == (977, 5_342, 129)
    assert seen[0][0] == 161  # 6.5 h after the send: 977 * (1 - exp(-6.5 / 36))


def test_send_day_is_the_organisations_day(server: SandboxServer) -> None:
    # 13:30 UTC on May 3 is already May 4 on Kiritimati (UTC+14).
    config = MailchimpConfig(api_key=KEY, api_url=server.url, timezone="Pacific/Kiritimati")
    may_4 = read_campaign_reports(config, DateWindow(date(2022, 5, 4), date(2022, 5, 4)))
    assert [r["campaign_id"] for r in may_4.table.to_pylist()] == [HELPLINE.id]
    assert may_4.table.column("send_date").to_pylist() == [date(2022, 5, 4)]
    assert read_campaign_reports(config, SEND_DAY).table.num_rows == 0
    # A mailing sent at 02:30 UTC belongs to the day before in Toronto.
    late = {"id": "x", "send_time": "2022-05-03T02:30:00+00:00"}
    assert coerce_report(late, TORONTO)["send_date"] == date(2022, 5, 2)
    assert send_time_bounds(SEND_DAY, TORONTO) == (
        datetime(2022, 5, 3, 3, 59, 59, tzinfo=UTC), datetime(2022, 5, 4, 4, 0, 1, tzinfo=UTC))


def test_a_window_without_mailings_is_an_empty_read(config: MailchimpConfig) -> None:
    read = read_campaign_reports(config, DateWindow(date(2020, 1, 1), date(2020, 12, 31)))
    assert (read.table.num_rows, read.requests, read.read_date) == (0, 1, date(2024, 1, 1))


def test_a_host_or_path_holding_server_is_not_rewritten(server: SandboxServer) -> None:
    # The SDK replaces "server" anywhere in the URL with the key's data center; the
    # fake accepts any prefix before /3.0, so only the recorded path tells.
    config = MailchimpConfig(api_key=KEY, api_url=server.url + "/mailserver/3.0")
    assert read_campaign_reports(config, SEND_DAY).table.num_rows == 1
    assert [c["path"] for c in server.requests.entries()] == ["/mailserver/3.0/reports"]


def test_config_derives_the_address_and_names_the_settings() -> None:
    assert MailchimpConfig(api_key="abc123-us6").base_url == "https://us6.api.mailchimp.com/3.0"
    assert MailchimpConfig(api_key="abc", api_url="https://mc.example.org/").base_url == (
        "https://mc.example.org/3.0")
    with pytest.raises(AuthError, match="MAILCHIMP_API_KEY does not end with its data center"
                       ) as caught:
        MailchimpConfig(api_key="abcdef0123456789")
    assert "abcdef0123456789" not in str(caught.value)
    assert "MAILCHIMP_API_URL" in str(caught.value)
    with pytest.raises(AuthError, match="set MAILCHIMP_API_KEY"):
        MailchimpConfig(api_key="  ")
    with pytest.raises(SourceError, match="MAILCHIMP_API_URL='ftp://mc' is not an http"):
        MailchimpConfig(api_key="abc-us6", api_url="ftp://mc")
    assert_no_key(MailchimpConfig(api_key=KEY))
    with pytest.raises(ValueError, match="page_size"):
        MailchimpConfig(api_key=KEY, page_size=1001)


# -- errors --------------------------------------------------------------------------


def test_a_bad_key_fails_at_once_naming_the_setting(server: SandboxServer,
                                                    sleeper: Sleeper) -> None:
    config = MailchimpConfig(api_key="0123456789abcdef0123456789abcdef-us1",
                             api_url=server.url)
    with pytest.raises(AuthError) as caught:
        read_campaign_reports(config, SEND_DAY, sleep=sleeper)
    message = str(caught.value)
    assert message.startswith("Mailchimp: the API key was refused (HTTP 401 API Key Invalid: "
                              "Your API key may be invalid")
    assert "(instance " in message and "Check MAILCHIMP_API_KEY" in message
    assert "0123456789abcdef0123456789abcdef" not in message
    assert (sleeper.waits, len(server.requests.entries())) == ([], 1)


def test_the_sdk_error_says_nothing_so_ours_carries_status_and_body() -> None:
    body = ('{"type":"https://mailchimp.com/developer/marketing/docs/errors/",'
            '"title":"Resource Not Found","status":404,"detail":"The requested resource '
            'could not be found.","instance":"995c5cb0-3280-4a6e-808b-3b096d0bb219"}')
    error = ApiClientError(text=body, status_code=404)
    assert str(error) == ""  # the SDK's quirk
    translated = translate_api_error(error, request="GET /3.0/reports/zz", secrets=())
    assert type(translated) is SourceError and not translated.retryable
    assert str(translated) == (
        "Mailchimp: no such resource (HTTP 404 Resource Not Found: The requested resource "
        "could not be found. (instance 995c5cb0-3280-4a6e-808b-3b096d0bb219)) (request: "
        "GET /3.0/reports/zz). Check MAILCHIMP_API_URL points at the API's /3.0")
    parsed = translate_api_error(ApiClientError(text={"title": "Too Many Requests"},
                                                status_code=429), request="r", secrets=())
    assert isinstance(parsed, RateLimitError) and parsed.retry_after is None


@pytest.mark.parametrize("kind", ["rate_limit", "throttle_403"])
def test_throttling_backs_off_then_reads(server: SandboxServer, config: MailchimpConfig,
                                         sleeper: Sleeper, kind: str) -> None:
    fault(server, kind, times=2)
    read = read_campaign_reports(config, SEND_DAY, sleep=sleeper)
    assert read.table.num_rows == 1
    # No Retry-After from Mailchimp: exponential backoff, 1 s then 2 s less jitter.
    assert len(sleeper.waits) == 2
    assert 0.5 <= sleeper.waits[0] <= 1.0 and 1.0 <= sleeper.waits[1] <= 2.0
    assert len(server.requests.entries()) == 3


def test_throttling_that_lasts_gives_up_within_the_budget(server: SandboxServer,
                                                          sleeper: Sleeper) -> None:
    config = MailchimpConfig(api_key=KEY, api_url=server.url,
                             retry=RetryPolicy(max_attempts=4, max_total_wait=5))
    fault(server, "rate_limit", times=10)
    with pytest.raises(GaveUpError) as caught:
        read_campaign_reports(config, SEND_DAY, sleep=sleeper)
    assert isinstance(caught.value.last_error, RateLimitError)
    assert "gave up on GET /3.0/reports?count=500&offset=0" in str(caught.value)
    assert "HTTP 429 Too Many Requests: You have exceeded the limit of 10 simultaneous" in str(
        caught.value)
    assert len(sleeper.waits) == 3 and sum(sleeper.waits) <= 5


def test_a_403_with_a_problem_is_a_permission_not_throttling(
        server: SandboxServer, config: MailchimpConfig, sleeper: Sleeper) -> None:
    fault(server, "forbidden")
    with pytest.raises(AuthError, match="access was refused \\(HTTP 403 Forbidden: You don't "
                       "have permission") as caught:
        read_campaign_reports(config, SEND_DAY, sleep=sleeper)
    assert "MAILCHIMP_API_KEY" in str(caught.value) and sleeper.waits == []


@pytest.mark.parametrize(("kind", "said"), [
    ("server_error", "HTTP 500 Internal Server Error: An unexpected internal error"),
    ("bad_gateway", "HTTP 502, body begins '<html><body><h1>502 Bad Gateway</h1>"),
])
def test_server_failures_are_transient(server: SandboxServer, config: MailchimpConfig,
                                       sleeper: Sleeper, kind: str, said: str,
                                       caplog: pytest.LogCaptureFixture) -> None:
    fault(server, kind)
    with caplog.at_level(logging.WARNING, logger="connectors.mailchimp"):
        assert read_campaign_reports(config, SEND_DAY, sleep=sleeper).table.num_rows == 1
    assert len(sleeper.waits) == 1
    assert "temporary failure on Mailchimp's side" in caplog.text and said in caplog.text


def test_malformed_json_is_retried_a_few_times(server: SandboxServer, config: MailchimpConfig,
                                               sleeper: Sleeper) -> None:
    fault(server, "malformed_json")
    assert read_campaign_reports(config, SEND_DAY, sleep=sleeper).table.num_rows == 1
    fault(server, "malformed_json", times=5)
    with pytest.raises(GaveUpError) as caught:
        read_campaign_reports(config, SEND_DAY, sleep=sleeper)
    assert isinstance(caught.value.last_error, BadResponseError)
    assert "after 3 tries" in str(caught.value)
    assert "the answer is not a JSON object (HTTP 200, begins '{\"reports\"" in str(caught.value)


def test_a_slow_answer_times_out_as_transient(server: SandboxServer, sleeper: Sleeper) -> None:
    config = MailchimpConfig(api_key=KEY, api_url=server.url, timeout=0.2,
                             retry=RetryPolicy(max_attempts=2))
    fault(server, "slow", times=2, seconds=0.6)
    with pytest.raises(GaveUpError) as caught:
        read_campaign_reports(config, SEND_DAY, sleep=sleeper)
    last = caught.value.last_error
    assert isinstance(last, TransientError)
    assert "Mailchimp: Mailchimp timed out: ReadTimeout: Read timed out." in str(last)


def test_an_unreachable_api_is_transient(sleeper: Sleeper) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nobody listens there
    config = MailchimpConfig(api_key=KEY, api_url=f"http://127.0.0.1:{port}",
                             retry=RetryPolicy(max_attempts=2))
    with pytest.raises(GaveUpError) as caught:
        read_campaign_reports(config, SEND_DAY, sleep=sleeper)
    assert "Mailchimp could not be reached: ConnectionError: [Errno 111] Connection refused" in str(
        caught.value.last_error)
    # The SDK's exception (its text holds the URL) is not chained to ours.
    last = caught.value.last_error
    assert last is not None and last.__context__ is None and last.__cause__ is None


def test_a_broken_report_is_rejected_and_the_others_kept(server: SandboxServer,
                                                         config: MailchimpConfig) -> None:
    fault(server, "bad_field", path="reports.1.opens.unique_opens", value="n/a")
    read = read_campaign_reports(config, SPRING_2022)
    assert read.table.num_rows == 2
    (rejected,) = read.rejected
    assert rejected.startswith("report a1b2c3d4e5: field 'opens.unique_opens' holds 'n/a', "
                               "which is not a number (request: GET /3.0/reports?count=2&"
                               "offset=0")
    assert rejected.endswith("report #2); the other reports are kept")


def test_a_report_listed_twice_is_kept_once(server: SandboxServer,
                                           config: MailchimpConfig) -> None:
    # The first page's second report claims the id of the second page's (the April
    # newsletter): as if a new send had shifted the offsets while paging.
    april, may = (next(m for m in sample.mailings() if m.send_time.date() == day)
                  for day in (date(2022, 4, 18), date(2022, 5, 18)))
    fault(server, "bad_field", path="reports.1.id", value=april.id)
    warnings: list[str] = []
    read = read_campaign_reports(config, SPRING_2022, on_warning=warnings.append)
    assert read.table.column("campaign_id").to_pylist() == [may.id, april.id]
    assert warnings == [f"Mailchimp listed the report of campaign {april.id} twice while "
                        "paging; kept once"]


def test_without_a_date_header_the_read_is_stamped_by_our_clock() -> None:
    response = requests.Response()
    assert served_at(response) is None
    response.headers["Date"] = "Wed, 04 May 2022 12:00:00 GMT"
    assert served_at(response) == datetime(2022, 5, 4, 12, 0, tzinfo=UTC)
    response.headers["Date"] = "soon"
    assert served_at(response) is None


def test_an_answer_of_the_wrong_shape_fails_without_retry(
        server: SandboxServer, config: MailchimpConfig, sleeper: Sleeper) -> None:
    fault(server, "bad_field", path="total_items", value="many")
    with pytest.raises(BadResponseError, match="no 'reports' list and 'total_items' count"):
        read_campaign_reports(config, SEND_DAY, sleep=sleeper)
    assert sleeper.waits == []


def test_the_key_never_leaks(server: SandboxServer, config: MailchimpConfig,
                             sleeper: Sleeper, caplog: pytest.LogCaptureFixture) -> None:
    """A proxy echoing the key in its errors, retries, a refusal: every message, log line
    (urllib3's at DEBUG included) and landed value is searched for the key."""
    errors: list[BaseException] = []
    with caplog.at_level(logging.DEBUG):
        fault(server, "rate_limit", detail=f"slow down, key {KEY}")
        fault(server, "server_error", detail=f"auth Basic {BASIC} failed")
        read = read_campaign_reports(config, SPRING_2022, sleep=sleeper)
        fault(server, "forbidden", detail=f"the key {KEY} is disabled")
        with pytest.raises(AuthError) as caught:
            read_campaign_reports(config, SEND_DAY, sleep=sleeper)
        errors.append(caught.value)
    assert "***" in str(caught.value) and "slow down, key ***" in caplog.text
    assert "GET /3.0/reports?" in caplog.text  # urllib3's request lines were captured
    assert_no_key(caplog.text, *errors, *read.table.to_pylist(), config)
    assert caught.value.__context__ is None and caught.value.__cause__ is None


# -- coercion ------------------------------------------------------------------------


def test_coercion_of_one_report() -> None:
    typed = coerce_report({
        "id": "abc", "send_time": "2022-05-03T13:30:00+00:00", "emails_sent": 10.0,
        "opens": {"unique_opens": 3, "open_rate": 0.3, "last_open": ""},
        "clicks": {"click_rate": 0}, "industry_stats": {"type": "Non-Profit"},
    }, TORONTO)
    assert typed["emails_sent"] == 10 and isinstance(typed["emails_sent"], int)
    assert (typed["unique_opens"], typed["open_rate"], typed["last_open"]) == (3, 0.3, None)
    assert typed["click_rate"] == 0.0 and typed["clicks_total"] is None
    assert typed["hard_bounces"] is None  # no bounces object: unknown, not 0
    assert typed["industry_type"] == "Non-Profit" and typed["industry_open_rate"] is None


@pytest.mark.parametrize(("report", "message"), [
    ({"send_time": "2022-05-03T13:30:00+00:00"}, "a report has no campaign id"),
    ({"id": "abc"}, "report abc has no send_time"),
    ({"id": "abc", "send_time": "2022-05-03 13:30"}, "which is not a time with its offset"),
    ({"id": "abc", "send_time": "yesterday"}, "'send_time' holds 'yesterday', which is not a time"),
    ({"id": "abc", "send_time": "2022-05-03T13:30:00Z", "emails_sent": True}, "not a number"),
    ({"id": "abc", "send_time": "2022-05-03T13:30:00Z", "emails_sent": 2.5},
     "'emails_sent' holds 2.5, which is not a count"),
    ({"id": "abc", "send_time": "2022-05-03T13:30:00Z", "opens": {"open_rate": "36%"}},
     "'opens.open_rate' holds '36%', which is not a number"),
    ({"id": "abc", "send_time": "2022-05-03T13:30:00Z", "bounces": [1, 2]},
     "'bounces' holds [1, 2], which is not an object"),
    ({"id": "abc", "send_time": "2022-05-03T13:30:00Z", "emails_sent": float("nan")},
     "not a number"),
])
def test_coercion_refuses_what_is_not_a_report(report: dict[str, Any], message: str) -> None:
    with pytest.raises(BadResponseError, match=message.replace("[", r"\[").replace("]", r"\]")):
        coerce_report(report, TORONTO)
