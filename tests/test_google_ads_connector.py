"""The Google Ads connector against the loopback gRPC sandbox, through the real library."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import grpc
import pyarrow as pa
import pytest
from conftest import Sleeper
from google.api_core import exceptions as core_exceptions
from google.auth import exceptions as auth_exceptions

from connectors.errors import (
    AuthError,
    BadResponseError,
    GaveUpError,
    RateLimitError,
    SourceError,
    TransientError,
)
from connectors.google_ads import GoogleAdsConfig
from connectors.google_ads.campaigns import campaign_daily_query, iter_campaign_daily
from connectors.google_ads.client import AdsService
from connectors.google_ads.coerce import CAMPAIGN_DAILY_SCHEMA, micros_to_amount
from connectors.google_ads.translate import translate
from connectors.retry import RetryPolicy
from connectors.sandbox import sample_google_ads as sg
from connectors.sandbox.google_ads import GoogleAdsApp, GrpcSandboxServer
from connectors.windows import DateWindow
from pipelines.sandbox_env import free_port

# Distinctive secrets, so that finding one anywhere is unambiguous.
DEV_TOKEN = "gads-DEV-token-SECRET-51c9"
REFRESH = "1//refresh-SECRET-8d2e"
CLIENT_SECRET = "GOCSPX-client-SECRET-77aa"
SECRETS = (DEV_TOKEN, REFRESH, CLIENT_SECRET)
CUSTOMER = sg.CUSTOMER_ID
DISPLAY_RUN = DateWindow(date(2022, 4, 7), date(2022, 6, 13))
DISPLAY = int(sg.HELPLINE_DISPLAY_ID)


@pytest.fixture(scope="module")
def _shared_server() -> Iterator[GrpcSandboxServer]:
    app = GoogleAdsApp(developer_token=DEV_TOKEN, access_token=REFRESH, batch_size=25)
    with GrpcSandboxServer(app) as srv:
        yield srv


@pytest.fixture
def server(_shared_server: GrpcSandboxServer) -> GrpcSandboxServer:
    """The module's sandbox with no pending fault and an empty request log."""
    _shared_server.faults.clear()
    _shared_server.requests.clear()
    return _shared_server


def make_config(server: GrpcSandboxServer, **changes: Any) -> GoogleAdsConfig:
    settings: dict[str, Any] = {
        "developer_token": DEV_TOKEN, "customer_ids": ("400-000-0001", sg.FRANCE_CUSTOMER_ID),
        "login_customer_id": sg.MANAGER_ID, "client_id": "client-id.apps",
        "client_secret": CLIENT_SECRET, "refresh_token": REFRESH, "endpoint": server.url,
    }
    return GoogleAdsConfig(**{**settings, **changes})


@pytest.fixture
def config(server: GrpcSandboxServer) -> GoogleAdsConfig:
    return make_config(server)


def read(config: GoogleAdsConfig, window: DateWindow, sleeper: Sleeper,
         customer: str = CUSTOMER) -> list[pa.RecordBatch]:
    return list(iter_campaign_daily(config, customer, window, sleep=sleeper))


def rows_of(batches: list[pa.RecordBatch]) -> list[dict[str, Any]]:
    return [row for batch in batches for row in batch.to_pylist()]


def fault(server: GrpcSandboxServer, kind: str, times: int = 1, **extra: Any) -> None:
    server.faults.add({"kind": kind, "times": times, **extra})


# -- reading ------------------------------------------------------------------------


def test_stream_batches_are_typed_rows_with_provenance(
    server: GrpcSandboxServer, config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    batches = read(config, DISPLAY_RUN, sleeper)
    expected = sg.customer_days(CUSTOMER, DISPLAY_RUN.start, DISPLAY_RUN.end)
    assert len(expected) == 68 + 68  # the display run and the brand search campaign
    assert [b.num_rows for b in batches] == [25] * 5 + [11]  # one batch per response
    assert all(b.schema.equals(CAMPAIGN_DAILY_SCHEMA) for b in batches)
    rows = rows_of(batches)
    assert [r["_source_row"] for r in rows] == list(range(1, 137))
    (request,) = server.requests.entries()
    assert request["path"] == f"/v26/customers/{CUSTOMER}/googleAds:searchStream"
    assert request["query"]["query"] == campaign_daily_query(DISPLAY_RUN)
    assert "BETWEEN '2022-04-07' AND '2022-06-13'" in request["query"]["query"]
    source = rows[0]["_source"]
    assert source.startswith(f"GoogleAdsService.SearchStream v26 customer {CUSTOMER} "
                             "segments.date 2022-04-07..2022-06-13 request_id sandbox-")
    assert {r["_source"] for r in rows} == {source}
    # Every row is the sandbox's day, typed: ids as text, cost exact from micros.
    for row, day in zip(rows, expected, strict=True):
        assert (row["date"], row["campaign_id"]) == (day.day, str(day.campaign_id))
        assert (row["impressions"], row["clicks"]) == (day.impressions, day.clicks)
        assert row["cost"] == Decimal(day.cost_micros) / 1_000_000
        assert row["conversions"] == day.conversions
        assert (row["customer_id"], row["currency_code"]) == (CUSTOMER, "CAD")
    display = [r for r in rows if r["campaign_id"] == sg.HELPLINE_DISPLAY_ID]
    assert {r["advertising_channel_type"] for r in display} == {"DISPLAY"}
    assert {r["campaign_name"] for r in display} == {"LIGNE-AIDE-DISPLAY-2022"}


def test_the_display_run_adds_up_to_the_field_report(
    config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    rows = [r for r in rows_of(read(config, DISPLAY_RUN, sleeper))
            if r["campaign_id"] == sg.HELPLINE_DISPLAY_ID]
    assert sum(r["impressions"] for r in rows) == 169_050
    assert sum(r["clicks"] for r in rows) == 901
    spend = sum(r["cost"] for r in rows)
    assert spend == Decimal("412.000000")
    assert round(spend / 901, 2) == Decimal("0.46")  # "0,46 $ per click"
    assert sum(r["conversions"] for r in rows) == 47.5
    assert any(r["cost"] != r["cost"].quantize(Decimal("0.01")) for r in rows)  # micros kept


def test_window_ends_are_inclusive_and_empty_days_have_no_row(
    config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    first = rows_of(read(config, DateWindow(date(2022, 4, 7), date(2022, 4, 7)), sleeper))
    assert {(r["date"], r["campaign_id"]) for r in first} == {
        (date(2022, 4, 7), sg.HELPLINE_DISPLAY_ID), (date(2022, 4, 7), "15500000012")}
    assert read(config, DateWindow(date(2021, 1, 1), date(2021, 12, 31)), sleeper) == []


def test_every_customer_in_its_own_currency_through_the_login_customer(
    server: GrpcSandboxServer, config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    france = rows_of(read(config, DateWindow(date(2022, 5, 1), date(2022, 5, 31)), sleeper,
                          customer=sg.FRANCE_CUSTOMER_ID))
    assert len(france) == 14
    assert {(r["customer_id"], r["currency_code"]) for r in france} == {
        (sg.FRANCE_CUSTOMER_ID, "EUR")}
    assert sum(r["cost"] for r in france) == Decimal(180)
    (request,) = server.requests.entries()
    assert request["query"]["login-customer-id"] == sg.MANAGER_ID
    assert request["query"]["developer-token"] == "***"
    # Without a login customer id, no header is sent (direct access works too).
    server.requests.clear()
    direct = make_config(server, login_customer_id=None)
    assert read(direct, DateWindow(date(2022, 5, 1), date(2022, 5, 1)), sleeper)
    assert "login-customer-id" not in server.requests.entries()[0]["query"]


def test_micros_become_exact_amounts() -> None:
    assert micros_to_amount(1_234_567) == Decimal("1.234567")
    assert micros_to_amount(412_000_000) == Decimal(412)
    assert micros_to_amount(0) == 0
    with pytest.raises(BadResponseError, match="cost_micros"):
        micros_to_amount(1.5)  # type: ignore[arg-type]


def test_an_answer_lacking_a_field_fails_instead_of_landing_zeros(
    server: GrpcSandboxServer, config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    fault(server, "drop_field", field="metrics.cost_micros")
    with pytest.raises(BadResponseError, match=r"lacks the fields metrics\.cost_micros"):
        read(config, DISPLAY_RUN, sleeper)
    assert sleeper.waits == []


# -- errors and retries ---------------------------------------------------------------


def test_quota_waits_as_long_as_the_server_asks(
    server: GrpcSandboxServer, config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    fault(server, "quota", retry_seconds=7)
    rows = rows_of(read(config, DISPLAY_RUN, sleeper))
    assert len(rows) == 136
    (wait,) = sleeper.waits
    assert 7 <= wait <= 7 + config.retry.jitter * config.retry.base_delay
    assert len(server.requests.entries()) == 2


def test_quota_without_a_delay_backs_off_and_a_persistent_one_gives_up(
    server: GrpcSandboxServer, sleeper: Sleeper
) -> None:
    policy = RetryPolicy(max_attempts=4, base_delay=1.0, max_total_wait=30.0)
    config = make_config(server, retry=policy)
    fault(server, "quota", times=10, retry_seconds=None)
    with pytest.raises(GaveUpError) as caught:
        read(config, DISPLAY_RUN, sleeper)
    assert isinstance(caught.value.last_error, RateLimitError)
    assert caught.value.last_error.retry_after is None
    assert len(sleeper.waits) == 3 and sum(sleeper.waits) <= 30.0
    assert "RESOURCE_TEMPORARILY_EXHAUSTED" in str(caught.value)
    assert "request_id sandbox-" in str(caught.value)


def test_a_quota_delay_beyond_the_budget_gives_up_at_once(
    server: GrpcSandboxServer, config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    fault(server, "quota", retry_seconds=3600)
    with pytest.raises(GaveUpError, match="asks to wait 3600 s"):
        read(config, DISPLAY_RUN, sleeper)
    assert sleeper.waits == [] and len(server.requests.entries()) == 1


def test_the_library_hands_quota_over_as_a_wrapped_raw_rpc_error(
    server: GrpcSandboxServer, config: GoogleAdsConfig
) -> None:
    """Not a GoogleAdsException: api_core's ResourceExhausted around the raw RpcError,
    whose trailing metadata still holds the failure (hence the retry delay)."""
    fault(server, "quota", retry_seconds=12)
    with AdsService(config) as service, pytest.raises(core_exceptions.ResourceExhausted) as got:
        list(service._client.search_stream(customer_id=CUSTOMER,
                                           query=campaign_daily_query(DISPLAY_RUN),
                                           metadata=service._metadata))
    assert isinstance(got.value.response, grpc.RpcError)
    error = translate(got.value, request="r", customer_id=CUSTOMER, api_version="v26",
                      secrets=SECRETS)
    assert isinstance(error, RateLimitError) and error.retry_after == 12


@pytest.mark.parametrize("extra", [{"kind": "internal"}, {"kind": "unavailable"},
                                   {"kind": "unavailable", "status": "DEADLINE_EXCEEDED"}])
def test_server_failures_are_retried(
    server: GrpcSandboxServer, config: GoogleAdsConfig, sleeper: Sleeper, extra: dict[str, Any]
) -> None:
    server.faults.add(extra)
    assert len(rows_of(read(config, DISPLAY_RUN, sleeper))) == 136
    assert len(sleeper.waits) == 1 and len(server.requests.entries()) == 2


def test_a_stream_failing_midway_is_read_again_whole(
    server: GrpcSandboxServer, config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    fault(server, "mid_stream", after=2)  # two batches of 25 rows arrive, then INTERNAL
    rows = rows_of(read(config, DISPLAY_RUN, sleeper))
    assert len(rows) == 136 and [r["_source_row"] for r in rows] == list(range(1, 137))
    assert len({(r["campaign_id"], r["date"]) for r in rows}) == 136
    assert len(sleeper.waits) == 1 and len(server.requests.entries()) == 2
    assert len({r["_source"] for r in rows}) == 1  # all from the second, whole, answer


def test_an_invalid_query_fails_at_once_with_the_request_id(
    server: GrpcSandboxServer, config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    fault(server, "invalid_query", error="PROHIBITED_FIELD_IN_SELECT_CLAUSE")
    with pytest.raises(SourceError) as caught:
        read(config, DISPLAY_RUN, sleeper)
    error = caught.value
    assert type(error) is SourceError and not error.retryable
    assert "query was refused as invalid" in str(error)
    assert "query_error.PROHIBITED_FIELD_IN_SELECT_CLAUSE" in str(error)
    assert "request_id sandbox-" in str(error) and f"customer {CUSTOMER}" in str(error)
    assert sleeper.waits == [] and len(server.requests.entries()) == 1


@pytest.mark.parametrize(
    ("changes", "faults", "setting"),
    [
        ({"developer_token": "not-the-token"}, [], "GOOGLE_ADS_DEVELOPER_TOKEN"),
        ({"refresh_token": "1//an-old-token"}, [], "GOOGLE_ADS_REFRESH_TOKEN"),
        ({"login_customer_id": "4999999999"}, [], "GOOGLE_ADS_LOGIN_CUSTOMER_ID"),
        ({}, [{"kind": "auth", "error": "OAUTH_TOKEN_EXPIRED"}], "GOOGLE_ADS_REFRESH_TOKEN"),
        ({}, [{"kind": "auth", "error": "DEVELOPER_TOKEN_NOT_APPROVED"}],
         "GOOGLE_ADS_DEVELOPER_TOKEN"),
        ({}, [{"kind": "auth", "error": "CUSTOMER_NOT_ENABLED"}], "GOOGLE_ADS_CUSTOMER_IDS"),
        # a quota error, but waiting cannot lift it: the token's access level
        ({}, [{"kind": "quota", "error": "ACCESS_PROHIBITED"}], "GOOGLE_ADS_DEVELOPER_TOKEN"),
    ],
)
def test_credential_and_access_errors_fail_at_once_naming_the_setting(
    server: GrpcSandboxServer, sleeper: Sleeper, changes: dict[str, Any],
    faults: list[dict[str, Any]], setting: str,
) -> None:
    for each in faults:
        server.faults.add(each)
    with pytest.raises(AuthError) as caught:
        read(make_config(server, **changes), DISPLAY_RUN, sleeper)
    assert setting in caught.value.hint and "request_id sandbox-" in str(caught.value)
    assert sleeper.waits == [] and len(server.requests.entries()) == 1


def test_an_unknown_customer_names_the_customer_ids_setting(
    server: GrpcSandboxServer, config: GoogleAdsConfig, sleeper: Sleeper
) -> None:
    with pytest.raises(AuthError, match="CUSTOMER_NOT_FOUND") as caught:
        read(config, DISPLAY_RUN, sleeper, customer="4000000009")
    assert "customer 4000000009 in GOOGLE_ADS_CUSTOMER_IDS" in caught.value.hint


def test_an_unreachable_endpoint_is_transient_and_names_the_setting(sleeper: Sleeper) -> None:
    config = GoogleAdsConfig(developer_token=DEV_TOKEN, refresh_token=REFRESH,
                             endpoint=f"127.0.0.1:{free_port()}", timeout=10,
                             retry=RetryPolicy(max_attempts=2))
    with pytest.raises(GaveUpError) as caught:
        read(config, DISPLAY_RUN, sleeper)
    last = caught.value.last_error
    assert isinstance(last, TransientError) and "could not be reached" in last.message
    assert "GOOGLE_ADS_ENDPOINT" in last.hint and len(sleeper.waits) == 1


# -- configuration and OAuth -----------------------------------------------------------


def test_configuration_is_checked_naming_the_setting(server: GrpcSandboxServer) -> None:
    with pytest.raises(AuthError, match="GOOGLE_ADS_DEVELOPER_TOKEN"):
        make_config(server, developer_token=" ")
    with pytest.raises(AuthError, match="GOOGLE_ADS_REFRESH_TOKEN"):
        make_config(server, refresh_token=None)
    with pytest.raises(AuthError, match="GOOGLE_ADS_CLIENT_ID and GOOGLE_ADS_CLIENT_SECRET"):
        make_config(server, endpoint="googleads.googleapis.com:443", client_secret=None)
    with pytest.raises(ValueError, match="GOOGLE_ADS_CUSTOMER_IDS: '123-456'"):
        make_config(server, customer_ids=("123-456",))
    with pytest.raises(ValueError, match="GOOGLE_ADS_LOGIN_CUSTOMER_ID"):
        make_config(server, login_customer_id="manager")
    with pytest.raises(ValueError, match="GOOGLE_ADS_ENDPOINT='https://googleads"):
        make_config(server, endpoint="https://googleads.googleapis.com")
    assert make_config(server).customer_ids == (CUSTOMER, sg.FRANCE_CUSTOMER_ID)
    assert make_config(server, endpoint="[::1]:8711").loopback
    assert make_config(server, endpoint="localhost:8711").loopback
    assert not make_config(server, endpoint="googleads.googleapis.com").loopback
    assert not any(s in repr(make_config(server)) for s in SECRETS)


def test_oauth_failures_become_our_errors_without_secrets() -> None:
    refused = auth_exceptions.RefreshError(
        f"invalid_grant: Bad Request (token {REFRESH})", {"error": "invalid_grant"})
    error = translate(refused, request="OAuth refresh", customer_id="-", api_version="v26",
                      secrets=SECRETS)
    assert isinstance(error, AuthError) and "GOOGLE_ADS_REFRESH_TOKEN" in error.hint
    assert "invalid_grant" in str(error) and REFRESH not in str(error)
    offline = translate(auth_exceptions.TransportError("Name resolution failed"),
                        request="OAuth refresh", customer_id="-", api_version="v26",
                        secrets=SECRETS)
    assert isinstance(offline, TransientError) and "token server" in str(offline)


# -- secrets ---------------------------------------------------------------------------


def test_secrets_never_leak_anywhere(
    server: GrpcSandboxServer, sleeper: Sleeper, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config = make_config(server)
    seen: list[Any] = []
    for kind, extra in [("quota", {"retry_seconds": 2}), ("internal", {}), ("mid_stream", {}),
                        ("invalid_query", {}), ("auth", {})]:
        fault(server, kind, **extra)
        try:
            seen.extend(rows_of(read(config, DISPLAY_RUN, sleeper)))
        except SourceError as error:
            seen.extend([error, repr(error), error.__cause__, error.__context__])
    for wrong in ({"developer_token": DEV_TOKEN + "x"}, {"refresh_token": REFRESH + "x"}):
        try:
            read(make_config(server, **wrong), DISPLAY_RUN, sleeper)
        except AuthError as error:
            seen.extend([error, repr(error), error.__cause__, error.__context__])
    seen.extend([repr(config), server.requests.entries()])
    seen.extend(record.getMessage() for record in caplog.records)
    assert len([s for s in seen if isinstance(s, SourceError)]) == 4
    assert caplog.records  # the retries were logged
    for thing in seen:
        for secret in SECRETS:
            assert secret not in str(thing), (secret, thing)
