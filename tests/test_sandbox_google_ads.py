"""The Google Ads sandbox speaks GoogleAdsService/SearchStream and answers the sample figures.

Spoken to with a bare gRPC stub and the library's message classes, as the wire sees it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.ads.googleads.v26.errors.types import errors as ads_errors
from google.ads.googleads.v26.services.types import google_ads_service as types

from connectors.sandbox import generation as gen
from connectors.sandbox import sample_google_ads as sg
from connectors.sandbox.google_ads import FAILURE_KEY, GoogleAdsApp, GrpcSandboxServer

ROOT = Path(__file__).resolve().parents[1]
METHOD = "/google.ads.googleads.v26.services.GoogleAdsService/SearchStream"
METADATA = (("developer-token", sg.DEVELOPER_TOKEN),
            ("authorization", f"Bearer {sg.REFRESH_TOKEN}"),
            ("login-customer-id", sg.MANAGER_ID))
DAILY = ("SELECT campaign.id, segments.date, metrics.impressions, metrics.clicks, "
         "metrics.cost_micros FROM campaign WHERE segments.date BETWEEN '{}' AND '{}'")


@dataclass
class Answer:
    responses: list[Any]
    status: grpc.StatusCode
    details: str
    trailing: dict[str, Any]

    @property
    def rows(self) -> list[Any]:
        return [row for response in self.responses for row in response.results]

    @property
    def error(self) -> tuple[str, str, str]:
        """(kind, code, message) of the failure's only error."""
        failure = ads_errors.GoogleAdsFailure.deserialize(self.trailing[FAILURE_KEY])
        (error,) = failure.errors
        kind = ads_errors.ErrorCode.pb(error.error_code).WhichOneof("error_code")
        assert failure.request_id == self.trailing["request-id"]
        return kind, getattr(error.error_code, kind).name, error.message


@pytest.fixture(scope="module")
def server() -> Iterator[GrpcSandboxServer]:
    with GrpcSandboxServer(GoogleAdsApp(batch_size=50)) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _no_faults(server: GrpcSandboxServer) -> None:
    server.faults.clear()


def call(endpoint: GrpcSandboxServer | str, query: str, customer: str = sg.CUSTOMER_ID,
         metadata: tuple[tuple[str, str], ...] = METADATA) -> Answer:
    """One SearchStream call to a server (or a `host:port`), read to its end."""
    target = endpoint if isinstance(endpoint, str) else endpoint.url
    with grpc.insecure_channel(target) as channel:
        stub = channel.unary_stream(
            METHOD, request_serializer=types.SearchGoogleAdsStreamRequest.serialize,
            response_deserializer=types.SearchGoogleAdsStreamResponse.deserialize)
        stream = stub(types.SearchGoogleAdsStreamRequest(customer_id=customer, query=query),
                      metadata=metadata, timeout=10)
        responses: list[Any] = []
        # A failed call raises once its status arrives; its status and trailers stay.
        with contextlib.suppress(grpc.RpcError):
            responses.extend(stream)
        return Answer(responses, stream.code(), stream.details(),
                      dict(stream.trailing_metadata() or ()))


def test_selected_fields_date_range_and_batches(server: GrpcSandboxServer) -> None:
    answer = call(server, DAILY.format("2022-04-07", "2022-06-13"))
    assert answer.status == grpc.StatusCode.OK
    assert [len(r.results) for r in answer.responses] == [50, 50, 36]
    assert {r.request_id for r in answer.responses} == {answer.trailing["request-id"]}
    first = answer.responses[0]
    assert list(first.field_mask.paths) == ["campaign.id", "segments.date", "metrics.impressions",
                                            "metrics.clicks", "metrics.cost_micros"]
    days = {row.segments.date for row in answer.rows}
    assert min(days) == "2022-04-07" and max(days) == "2022-06-13"
    row = answer.rows[0]
    assert row.campaign.name == "" and row.customer.currency_code == ""  # not selected
    display = [r for r in answer.rows if r.campaign.id == sg.CAMPAIGNS_BY_ID[15500000011].id]
    assert sum(r.metrics.impressions for r in display) == 169_050
    assert sum(r.metrics.clicks for r in display) == 901
    assert sum(r.metrics.cost_micros for r in display) == 412_000_000


def test_conditions_order_and_limit(server: GrpcSandboxServer) -> None:
    answer = call(server, "SELECT campaign.id, campaign.name, customer.currency_code, "
                          "segments.date, metrics.conversions FROM campaign WHERE "
                          "segments.date >= '2022-05-02' AND segments.date <= '2022-05-03' "
                          "AND campaign.id IN (15500000011) ORDER BY segments.date DESC LIMIT 1")
    (row,) = answer.rows
    assert (row.campaign.name, row.segments.date) == ("LIGNE-AIDE-DISPLAY-2022", "2022-05-03")
    assert row.customer.currency_code == "CAD"
    (day,) = [d for d in sg.campaign_days(15500000011) if d.day == date(2022, 5, 3)]
    assert row.metrics.conversions == day.conversions
    search = call(server, "SELECT campaign.advertising_channel_type, segments.date FROM campaign "
                          "WHERE segments.date = '2022-05-02' AND "
                          "campaign.advertising_channel_type = 'SEARCH'")
    assert [r.campaign.advertising_channel_type.name for r in search.rows] == ["SEARCH"]


def test_no_rows_is_one_empty_response(server: GrpcSandboxServer) -> None:
    answer = call(server, DAILY.format("2020-01-01", "2020-12-31"))
    assert answer.status == grpc.StatusCode.OK
    assert [len(r.results) for r in answer.responses] == [0]


@pytest.mark.parametrize(
    ("query", "code", "says"),
    [
        ("SELECT metrics.reach FROM campaign WHERE segments.date = '2022-05-02'",
         "UNRECOGNIZED_FIELD", "'metrics.reach'"),
        ("SELECT campaign.id, segments.date FROM ad_group WHERE segments.date = '2022-05-02'",
         "QUERY_ERROR", "only FROM campaign"),
        ("SELECT campaign.id, segments.date FROM campaign", "EXPECTED_FILTERS_ON_DATE_RANGE",
         "date range"),
        ("SELECT campaign.id, segments.date FROM campaign WHERE segments.date >= '2022-05-02'",
         "EXPECTED_FILTERS_ON_DATE_RANGE", "finite range"),
        ("SELECT campaign.id, segments.date FROM campaign WHERE segments.date DURING LAST_7_DAYS",
         "QUERY_ERROR", "use BETWEEN"),
        ("SELECT campaign.id, segments.date FROM campaign WHERE segments.date = '05/02/2022'",
         "INVALID_DATE_FORMAT", "YYYY-MM-DD"),
        ("SELEKT campaign.id FROM campaign", "EXPECTED_SELECT", "SELECT"),
        ("SELECT campaign.id, segments.date FROM campaign WHERE segments.date = '2022-05-02' "
         "LIMIT 0", "BAD_LIMIT_VALUE", "LIMIT"),
        ("SELECT campaign.id; DROP", "BAD_SYMBOL", "unexpected input"),
    ],
)
def test_what_it_does_not_understand_is_refused_as_the_api_does(
    server: GrpcSandboxServer, query: str, code: str, says: str
) -> None:
    answer = call(server, query)
    assert answer.status == grpc.StatusCode.INVALID_ARGUMENT and answer.responses == []
    kind, got, message = answer.error
    assert (kind, got) == ("query_error", code) and says in message
    assert answer.trailing["request-id"].startswith("sandbox-")


@pytest.mark.parametrize(
    ("metadata", "customer", "status", "code"),
    [
        (METADATA[1:], sg.CUSTOMER_ID, "INVALID_ARGUMENT", "DEVELOPER_TOKEN_PARAMETER_MISSING"),
        ((("developer-token", "other"), *METADATA[1:]), sg.CUSTOMER_ID, "UNAUTHENTICATED",
         "DEVELOPER_TOKEN_INVALID"),
        (METADATA[:1], sg.CUSTOMER_ID, "UNAUTHENTICATED", "OAUTH_TOKEN_INVALID"),
        ((*METADATA[:2], ("login-customer-id", "abc")), sg.CUSTOMER_ID, "INVALID_ARGUMENT",
         "INVALID_LOGIN_CUSTOMER_ID"),
        ((*METADATA[:2], ("login-customer-id", "4999999999")), sg.CUSTOMER_ID,
         "PERMISSION_DENIED", "USER_PERMISSION_DENIED"),
        (METADATA, "400-000-0001", "INVALID_ARGUMENT", "INVALID_CUSTOMER_ID"),
        (METADATA, "4000000009", "UNAUTHENTICATED", "CUSTOMER_NOT_FOUND"),
    ],
)
def test_call_metadata_is_checked(server: GrpcSandboxServer, metadata: tuple[tuple[str, str], ...],
                                  customer: str, status: str, code: str) -> None:
    answer = call(server, DAILY.format("2022-05-02", "2022-05-02"), customer, metadata)
    assert answer.status == grpc.StatusCode[status]
    assert answer.error[1] == code


def test_faults_answer_as_the_api_fails(server: GrpcSandboxServer) -> None:
    query = DAILY.format("2022-04-07", "2022-06-13")
    server.faults.add({"kind": "quota", "retry_seconds": 42})
    quota = call(server, query)
    assert quota.status == grpc.StatusCode.RESOURCE_EXHAUSTED
    failure = ads_errors.GoogleAdsFailure.deserialize(quota.trailing[FAILURE_KEY])
    details = failure.errors[0].details.quota_error_details
    assert details.retry_delay.total_seconds() == 42 and details.rate_scope.name == "DEVELOPER"
    server.faults.add({"kind": "mid_stream", "after": 2})
    broken = call(server, query)
    assert broken.status == grpc.StatusCode.INTERNAL and len(broken.responses) == 2
    assert broken.error[:2] == ("internal_error", "TRANSIENT_ERROR")
    server.faults.add({"kind": "unavailable", "match": f"customers/{sg.FRANCE_CUSTOMER_ID}/"})
    assert call(server, query).status == grpc.StatusCode.OK  # the fault is for the other one
    france = call(server, query, sg.FRANCE_CUSTOMER_ID)
    assert france.status == grpc.StatusCode.UNAVAILABLE and FAILURE_KEY not in france.trailing
    with pytest.raises(ValueError, match="unknown fault kind"):
        server.faults.add({"kind": "rate_limit"})
    requests = server.requests.entries()
    assert requests[-1]["path"] == f"/v26/customers/{sg.FRANCE_CUSTOMER_ID}/googleAds:searchStream"
    assert requests[-1]["query"]["developer-token"] == "***"
    assert requests[-1]["query"]["authorization"] == "***"


def test_sample_campaigns_follow_their_phases() -> None:
    display = {d.day: d for d in sg.campaign_days(15500000011)}
    assert min(display) == date(2022, 4, 7) and max(display) == date(2022, 6, 13)
    assert len(display) == 68  # every day of the run delivered

    def window(start: date, end: date) -> int:
        return sum(display[d].impressions for d in gen.days(start, end) if d in display)

    current = window(*sg.HELPLINE_WINDOW)
    previous = window(date(2022, 3, 22), date(2022, 4, 24))  # 18 soft-launch days in it
    assert previous < current / 5
    assert all(d.clicks <= d.impressions for c in sg.GOOGLE_CAMPAIGNS
               for d in sg.campaign_days(c.id))
    ssm = sg.campaign_days(15500000031)
    assert sum(d.conversions for d in ssm) == 64 and sum(d.cost_micros for d in ssm) == 690e6


def test_serve_starts_the_google_ads_fake_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "connectors.sandbox", "serve", "--only", "google_ads",
         "--google-ads-port", "0"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("google_ads sandbox on 127.0.0.1:")
        endpoint = line.rsplit(" ", 1)[1]
        answer = call(endpoint, DAILY.format("2022-05-02", "2022-05-02"))
        assert answer.status == grpc.StatusCode.OK and len(answer.rows) == 2
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate(timeout=15)
    assert proc.returncode == 0 and "sandbox stopped" in out


def test_latency_delays_every_call(server: GrpcSandboxServer) -> None:
    server.latency = 0.3
    try:
        started = time.monotonic()
        answer = call(server, DAILY.format("2022-05-01", "2022-05-01"))
        answered = time.monotonic() - started
    finally:
        server.latency = 0.0
    assert answer.status == grpc.StatusCode.OK and answer.rows
    assert answered >= 0.3
