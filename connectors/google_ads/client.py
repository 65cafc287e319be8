"""One GoogleAdsService client per call: the channel, retries and error translation.

Two ways in, chosen by the endpoint (design.md, GOOGLE_ADS_ENDPOINT):
- a loopback host (the sandbox): a plaintext channel wrapped in the library's own
  MetadataInterceptor (developer token, login customer id) and ExceptionInterceptor,
  handed to the generated transport and client, and a static bearer token, because an
  OAuth refresh would need the internet. ``GoogleAdsClient.get_service`` cannot do this:
  it always builds a TLS channel with OAuth credentials.
- any other host: ``GoogleAdsClient.load_from_dict`` (which refreshes the OAuth token at
  once) and ``get_service``, exactly as the library does it.
Nothing is kept between calls: no module-level client, no global state.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from importlib import import_module
from types import TracebackType
from typing import Any

import grpc
from google.ads.googleads.client import GoogleAdsClient
from google.ads.googleads.errors import GoogleAdsException
from google.ads.googleads.interceptors.exception_interceptor import ExceptionInterceptor
from google.ads.googleads.interceptors.metadata_interceptor import MetadataInterceptor
from google.api_core import exceptions as core_exceptions
from google.auth import exceptions as auth_exceptions

from connectors.errors import SourceError
from connectors.google_ads.config import GoogleAdsConfig
from connectors.google_ads.translate import translate
from connectors.retry import call_with_retry

log = logging.getLogger("connectors.google_ads")

# The options the library gives its own channels: big answers and error metadata.
CHANNEL_OPTIONS = [
    ("grpc.max_metadata_size", 16 * 1024 * 1024),
    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
]
SDK_ERRORS = (GoogleAdsException, core_exceptions.GoogleAPICallError, grpc.RpcError)


class AdsService:
    """A short-lived GoogleAdsService client bound to one ``GoogleAdsConfig``.

    Use it as a context manager so its channel is closed. Building it on a real endpoint
    refreshes the OAuth token, so it may raise ``AuthError`` or ``TransientError``.
    """

    def __init__(self, config: GoogleAdsConfig, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.sleep = sleep
        self._metadata: tuple[tuple[str, str], ...] = ()
        self._client = self._loopback_client() if config.loopback else self._oauth_client()

    def __enter__(self) -> AdsService:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the gRPC channel."""
        self._client.transport.close()

    def describe(self, customer_id: str, what: str) -> str:
        """The call as provenance: ``GoogleAdsService.SearchStream v26 customer 1234567890 ...``
        (the query is the connector's constant; secrets never enter it)."""
        return (f"GoogleAdsService.SearchStream {self.config.api_version} customer "
                f"{customer_id} {what}")

    def search_stream(self, customer_id: str, query: str, request: str) -> list[Any]:
        """Every response of one SearchStream call, read to the end, retried whole.

        A stream that fails midway is asked again from the start (bounded by the config's
        retry policy), so a caller never sees half an answer.
        """

        def once() -> list[Any]:
            failure: SourceError | None = None
            try:
                return list(self._client.search_stream(
                    customer_id=customer_id, query=query, metadata=self._metadata,
                    timeout=self.config.timeout))
            except SDK_ERRORS as error:
                failure = translate(error, request=request, customer_id=customer_id,
                                    api_version=self.config.api_version,
                                    secrets=self.config.secrets)
            # Raised outside the except block: the library's exception (its call, its
            # metadata) is not even kept as __context__.
            raise failure

        return call_with_retry(once, self.config.retry, describe=request, sleep=self.sleep,
                               log=log)

    def _loopback_client(self) -> Any:
        c = self.config
        services = import_module(
            f"google.ads.googleads.{c.api_version}.services.services.google_ads_service")
        channel = grpc.intercept_channel(
            grpc.insecure_channel(c.endpoint, options=CHANNEL_OPTIONS),
            MetadataInterceptor(c.developer_token, c.login_customer_id, None),
            ExceptionInterceptor(c.api_version, use_proto_plus=True),
        )
        # No OAuth server to exchange the refresh token with: it is the bearer token.
        self._metadata = (("authorization", f"Bearer {c.refresh_token}"),)
        transport = services.transports.GoogleAdsServiceGrpcTransport(channel=channel)
        return services.GoogleAdsServiceClient(transport=transport)

    def _oauth_client(self) -> Any:
        c = self.config
        settings: dict[str, Any] = {
            "developer_token": c.developer_token,
            "client_id": c.client_id,
            "client_secret": c.client_secret,
            "refresh_token": c.refresh_token,
            "endpoint": c.endpoint,
            "use_proto_plus": True,
        }
        if c.login_customer_id:
            settings["login_customer_id"] = c.login_customer_id
        failure: SourceError | None = None
        try:
            ads = GoogleAdsClient.load_from_dict(settings, version=c.api_version)
        except auth_exceptions.GoogleAuthError as error:
            failure = translate(error, request=f"OAuth refresh for {c.endpoint}",
                                customer_id="-", api_version=c.api_version, secrets=c.secrets)
        if failure is not None:
            raise failure
        return ads.get_service("GoogleAdsService", version=c.api_version)


def run_stream(config: GoogleAdsConfig, customer_id: str, query: str, what: str,
               sleep: Callable[[float], None]) -> tuple[list[Any], str]:
    """One SearchStream over a fresh client: (every response, the request's provenance)."""
    with AdsService(config, sleep=sleep) as service:
        request = service.describe(customer_id, what)
        return service.search_stream(customer_id, query, request), request


def request_id_of(responses: Sequence[Any]) -> str | None:
    """The request id the answer carries (every streamed response repeats it)."""
    return next((r.request_id for r in responses if r.request_id), None)
