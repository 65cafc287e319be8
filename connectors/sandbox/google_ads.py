"""The Google Ads sandbox: GoogleAdsService/SearchStream over loopback gRPC.

Built on the library's own proto-plus message classes, without protoc: a generic
handler deserializes ``SearchGoogleAdsStreamRequest`` and serializes
``SearchGoogleAdsStreamResponse``. It checks the call metadata as the API does
(developer-token, authorization, login-customer-id), parses the GAQL
(`google_ads_query`), streams the sample rows in batches, and fails the way the API
fails: a ``GoogleAdsFailure`` in the trailing metadata
(``google.ads.googleads.v26.errors.googleadsfailure-bin``) beside ``request-id``.
Faults come from the shared `FaultPlan`; requests go to the shared `RequestLog`.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from concurrent import futures
from datetime import timedelta
from typing import Any

import grpc
from google.ads.googleads.v26.errors.types import errors as ads_errors
from google.ads.googleads.v26.errors.types.authentication_error import AuthenticationErrorEnum
from google.ads.googleads.v26.errors.types.authorization_error import AuthorizationErrorEnum
from google.ads.googleads.v26.services.types import google_ads_service as service_types

from connectors.sandbox import sample_google_ads as data
from connectors.sandbox.google_ads_query import GaqlError, fill_row, parse, select_days
from connectors.sandbox.server import MASK, FaultPlan, Request, RequestLog

VERSION = "v26"
SERVICE = f"google.ads.googleads.{VERSION}.services.GoogleAdsService"
FAILURE_KEY = f"google.ads.googleads.{VERSION}.errors.googleadsfailure-bin"
AUTHENTICATION_CODES = frozenset(AuthenticationErrorEnum.AuthenticationError.__members__)
AUTHORIZATION_CODES = frozenset(AuthorizationErrorEnum.AuthorizationError.__members__)
PERMISSION_HINT = ("User doesn't have permission to access customer. Note: If you're accessing "
                   "a client customer, the manager's customer id must be set in the "
                   "'login-customer-id' header.")


class AdsFailure(Exception):
    """An answer the API gives as a failed call: status, one error, its message."""

    def __init__(self, status: grpc.StatusCode, kind: str | None, code: str, message: str,
                 retry_delay: float | None = None) -> None:
        super().__init__(message)
        self.status, self.kind, self.code, self.message = status, kind, code, message
        self.retry_delay = retry_delay

    def trailing_metadata(self, request_id: str) -> list[tuple[str, Any]]:
        """``request-id`` and, unless this is a bare gRPC failure, the GoogleAdsFailure."""
        metadata: list[tuple[str, Any]] = [("request-id", request_id)]
        if self.kind is not None:
            error = ads_errors.GoogleAdsError(message=self.message)
            setattr(error.error_code, self.kind, self.code)
            if self.retry_delay is not None:
                error.details.quota_error_details = ads_errors.QuotaErrorDetails(
                    rate_scope="DEVELOPER", rate_name="Requests per developer per day",
                    retry_delay=timedelta(seconds=self.retry_delay))
            failure = ads_errors.GoogleAdsFailure(errors=[error], request_id=request_id)
            metadata.append((FAILURE_KEY, ads_errors.GoogleAdsFailure.serialize(failure)))
        return metadata


def fault_failure(fault: dict[str, Any]) -> AdsFailure:
    """The failure a fault of the plan stands for."""
    kind = fault["kind"]
    if kind == "quota":
        delay = fault.get("retry_seconds", 30)
        return AdsFailure(grpc.StatusCode.RESOURCE_EXHAUSTED, "quota_error",
                          fault.get("error", "RESOURCE_TEMPORARILY_EXHAUSTED"),
                          "Too many requests. Retry in a little while.",
                          retry_delay=None if delay is None else float(delay))
    if kind in ("internal", "mid_stream"):
        return AdsFailure(grpc.StatusCode.INTERNAL, "internal_error", "TRANSIENT_ERROR",
                          "An internal error has occurred. Please retry your request.")
    if kind == "unavailable":
        return AdsFailure(grpc.StatusCode[fault.get("status", "UNAVAILABLE")], None, "",
                          "The service is currently unavailable.")
    if kind == "invalid_query":
        code = fault.get("error", "UNRECOGNIZED_FIELD")
        return AdsFailure(grpc.StatusCode.INVALID_ARGUMENT, "query_error", code,
                          f"Error in query: {code}.")
    code = fault.get("error", "OAUTH_TOKEN_EXPIRED")
    if code in AUTHORIZATION_CODES:
        return AdsFailure(grpc.StatusCode.PERMISSION_DENIED, "authorization_error", code,
                          PERMISSION_HINT if code == "USER_PERMISSION_DENIED" else code)
    return AdsFailure(grpc.StatusCode.UNAUTHENTICATED, "authentication_error", code,
                      f"Authentication failed: {code}.")


class GoogleAdsApp:
    """The fake GoogleAdsService (module docstring). ``batch_size`` rows per response."""

    name = "google_ads"
    fault_kinds = frozenset({"quota", "internal", "unavailable", "invalid_query", "auth",
                             "mid_stream", "drop_field"})

    def __init__(self, developer_token: str = data.DEVELOPER_TOKEN,
                 access_token: str = data.REFRESH_TOKEN, batch_size: int = 10_000) -> None:
        self.developer_token = developer_token
        self.access_token = access_token
        self.batch_size = batch_size
        self._ids = itertools.count(1)

    def search_stream(self, request: Any, metadata: dict[str, str],
                      fault: dict[str, Any] | None) -> Iterator[Any]:
        """The responses of one call; raises ``AdsFailure`` (possibly after some batches)."""
        if fault is not None and fault["kind"] not in ("mid_stream", "drop_field"):
            raise fault_failure(fault)
        self._check_access(request.customer_id, metadata)
        try:
            query = parse(request.query)
        except GaqlError as error:
            raise AdsFailure(grpc.StatusCode.INVALID_ARGUMENT, "query_error", error.code,
                             error.message) from None
        days = select_days(query, request.customer_id)
        request_id = metadata["request-id"]
        fields = query.fields
        if fault is not None and fault["kind"] == "drop_field":
            # A broken answer: one selected field missing from the rows and the mask.
            fields, fault = [f for f in fields if f != fault.get("field")], None
        chunks = [days[i:i + self.batch_size] for i in range(0, len(days), self.batch_size)]
        for sent, chunk in enumerate(chunks or [[]]):
            if fault is not None and sent >= int(fault.get("after", 1)):
                raise fault_failure(fault)
            response = service_types.SearchGoogleAdsStreamResponse(request_id=request_id)
            response.results.extend(
                fill_row(service_types.GoogleAdsRow(), day, fields) for day in chunk)
            response.field_mask.paths.extend(fields)
            yield response
        if fault is not None:  # fewer batches than `after`: the stream fails at its end
            raise fault_failure(fault)

    def _check_access(self, customer_id: str, metadata: dict[str, str]) -> None:
        token = metadata.get("developer-token")
        if not token:
            raise AdsFailure(grpc.StatusCode.INVALID_ARGUMENT, "request_error",
                             "DEVELOPER_TOKEN_PARAMETER_MISSING",
                             "The developer token is missing from the request header.")
        if token != self.developer_token:
            raise AdsFailure(grpc.StatusCode.UNAUTHENTICATED, "authentication_error",
                             "DEVELOPER_TOKEN_INVALID", "The developer token is not valid.")
        if metadata.get("authorization") != f"Bearer {self.access_token}":
            raise AdsFailure(grpc.StatusCode.UNAUTHENTICATED, "authentication_error",
                             "OAUTH_TOKEN_INVALID", "OAuth token in the header is not valid.")
        login = metadata.get("login-customer-id")
        if login is not None and not (login.isdigit() and len(login) == 10):
            raise AdsFailure(grpc.StatusCode.INVALID_ARGUMENT, "header_error",
                             "INVALID_LOGIN_CUSTOMER_ID",
                             "The login customer id header is not a valid customer id.")
        if not (customer_id.isdigit() and len(customer_id) == 10):
            raise AdsFailure(grpc.StatusCode.INVALID_ARGUMENT, "request_error",
                             "INVALID_CUSTOMER_ID", f"Invalid customer ID '{customer_id}'.")
        if customer_id not in data.CUSTOMERS:
            raise AdsFailure(grpc.StatusCode.UNAUTHENTICATED, "authentication_error",
                             "CUSTOMER_NOT_FOUND", "No customer found for the provided "
                             "customer id.")
        if login is not None and login not in (customer_id, data.MANAGER_ID):
            raise AdsFailure(grpc.StatusCode.PERMISSION_DENIED, "authorization_error",
                             "USER_PERMISSION_DENIED", PERMISSION_HINT)

    def next_request_id(self) -> str:
        """A request id as the API gives one (unique per call)."""
        return f"sandbox-{next(self._ids):06d}"


class GrpcSandboxServer:
    """Serves a `GoogleAdsApp` on 127.0.0.1 with the shared fault plan and request log;
    port 0 picks a free port. ``url`` is ``host:port``, the GOOGLE_ADS_ENDPOINT form."""

    def __init__(self, app: GoogleAdsApp, port: int = 0, host: str = "127.0.0.1",
                 latency: float = 0.0) -> None:
        self.app = app
        # Seconds every call waits before it is answered (a distant server).
        self.latency = latency
        self.faults = FaultPlan(app.fault_kinds)
        self.requests = RequestLog()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        handler = grpc.unary_stream_rpc_method_handler(
            self._search_stream,
            request_deserializer=service_types.SearchGoogleAdsStreamRequest.deserialize,
            response_serializer=service_types.SearchGoogleAdsStreamResponse.serialize)
        self._server.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler(SERVICE, {"SearchStream": handler}),))
        self.port = self._server.add_insecure_port(f"{host}:{port}")
        self.host = host
        self._started = False
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """``127.0.0.1:PORT``: what GOOGLE_ADS_ENDPOINT is set to."""
        return f"{self.host}:{self.port}"

    def start(self) -> GrpcSandboxServer:
        """Start serving in background threads; returns self."""
        with self._lock:
            if not self._started:
                self._server.start()
                self._started = True
        return self

    def stop(self) -> None:
        """Stop serving (in-flight calls are cancelled) and release the port."""
        with self._lock:
            self._server.stop(grace=None).wait(5)
            self._started = False

    def __enter__(self) -> GrpcSandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _search_stream(self, request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        metadata = {k: v for k, v in context.invocation_metadata() if isinstance(v, str)}
        metadata["request-id"] = request_id = self.app.next_request_id()
        path = f"/{VERSION}/customers/{request.customer_id}/googleAds:searchStream"
        logged = {"query": request.query,
                  **{k: (MASK if k in ("developer-token", "authorization") else v)
                     for k, v in metadata.items() if k in
                     ("developer-token", "authorization", "login-customer-id")}}
        self.requests.record(Request("POST", path, logged, {}, {}, b"", self.url))
        if self.latency:
            time.sleep(self.latency)
        try:
            yield from self.app.search_stream(request, metadata, self.faults.take("POST", path))
        except AdsFailure as failure:
            context.set_trailing_metadata(failure.trailing_metadata(request_id))
            context.abort(failure.status, failure.message)
        else:
            context.set_trailing_metadata([("request-id", request_id)])
