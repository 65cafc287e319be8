"""One Graph API client per call: the SDK session, retries, error translation, paging.

Every request goes through the SDK's own path (``FacebookAdsApi.call``), so the SDK
decides success from the body as it does in production. The session is built from the
config each time (no module-level client, no default API set globally), so parallel
runs and tests never share state.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import quote

import requests
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError
from facebook_business.session import FacebookSession

from connectors.errors import BadResponseError, GaveUpError, SourceError, TransientError
from connectors.meta.config import MetaConfig
from connectors.meta.constants import SOURCE, USAGE_SLOWDOWN_PCT
from connectors.meta.translate import translate_network_error, translate_request_error
from connectors.meta.usage import read_usage
from connectors.redact import install_log_redaction, redact
from connectors.retry import call_with_retry

log = logging.getLogger("connectors.meta")

Params = Mapping[str, Any]
Warn = Callable[[str], None]


def warner(on_warning: Warn | None) -> Warn:
    """A warning sink that logs every warning and passes it on to ``on_warning`` if given."""

    def warn(message: str) -> None:
        log.warning("%s", message)
        if on_warning is not None:
            on_warning(message)

    return warn


@dataclass(frozen=True)
class GraphResponse:
    """A successful answer: its JSON object, its headers and the redacted request."""

    body: dict[str, Any]
    headers: Mapping[str, Any]
    source: str


class GraphClient:
    """A short-lived Graph API client bound to one ``MetaConfig``.

    Use it as a context manager so its HTTP connections are closed.
    """

    def __init__(self, config: MetaConfig, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self._sleep = sleep
        self.waited = 0.0  # seconds this client has waited, all requests together
        # urllib3 logs request URLs (with access_token) at DEBUG: mask them at the source.
        install_log_redaction()
        session = FacebookSession(
            access_token=config.access_token,
            app_secret=config.app_secret,
            timeout=config.timeout,
        )
        # The SDK reads GRAPH from the instance: this points one session, not the class,
        # at the configured host (a loopback sandbox in tests and the demo).
        session.GRAPH = config.graph_url
        self._session = session
        self._api = FacebookAdsApi(session, api_version=config.api_version)
        self.version = config.api_version or FacebookAdsApi.API_VERSION
        proof = getattr(session, "appsecret_proof", None)
        self.secrets: tuple[str, ...] = (*config.secrets, *((proof,) if proof else ()))

    def __enter__(self) -> GraphClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the session's HTTP connections."""
        self._session.requests.close()

    def describe(self, method: str, path: Sequence[str], params: Params) -> str:
        """The request as provenance: ``GET /v23.0/act_1/insights?level=campaign&...``.

        ``fields`` is left out (it is the connector's constant and would only make every
        row's provenance long); the token is never part of ``params`` and is redacted
        anyway.
        """
        query = "&".join(
            f"{key}={quote(_encode(value), safe=_SAFE)}"
            for key, value in params.items()
            if key != "fields"
        )
        target = "/" + "/".join((self.version, *map(str, path)))
        return redact(f"{method} {target}" + (f"?{query}" if query else ""), self.secrets)

    def sleep(self, seconds: float, why: str = "retrying") -> None:
        """Wait, within the read's budget (config.read_wait_budget): a wait that would
        go beyond it gives up instead, saying how long the read has waited."""
        budget = self.config.read_wait_budget
        if self.waited + seconds > budget:
            raise GaveUpError(
                f"Meta keeps this read waiting ({why}): it has waited {self.waited:.0f} s "
                f"and would wait {seconds:.0f} s more, beyond its {budget:.0f} s budget",
                source=SOURCE,
                hint="The account's usage limit is spent: run again later (Meta resets it "
                     "within the hour), or read a shorter range",
                waited=self.waited,
            )
        self.waited += seconds
        self._sleep(seconds)

    def pause(self, seconds: float) -> None:
        """Wait outside the read's budget: polling a report run, which has its own
        bound (config.async_max_wait)."""
        self._sleep(seconds)

    def request(self, method: str, path: Sequence[str], params: Params) -> GraphResponse:
        """One request, retried by the config's policy; raises a ``SourceError``."""
        source = self.describe(method, path, params)
        response = call_with_retry(
            lambda: self._once(method, path, params, source),
            self.config.retry,
            describe=source,
            sleep=self.sleep,
            log=log,
        )
        self._slow_down_if_near_limit(response.headers, source)
        return response

    def get(self, path: Sequence[str], params: Params) -> GraphResponse:
        """A GET request (see ``request``)."""
        return self.request("GET", path, params)

    def pages(self, path: Sequence[str], params: Params) -> Iterator[GraphResponse]:
        """Every page of an edge, following ``after`` cursors as the SDK's ``Cursor`` does.

        Like the SDK, the ``paging.next`` URL is never requested (it holds the token):
        the same path is asked again with ``after``, and only while ``next`` exists.
        """
        current = dict(params)
        seen: set[str] = set()
        while True:
            response = self.get(path, current)
            yield response
            paging = response.body.get("paging")
            if not isinstance(paging, dict) or "next" not in paging:
                return
            cursors = paging.get("cursors")
            after = cursors.get("after") if isinstance(cursors, dict) else None
            if not isinstance(after, str) or not after:
                return
            if after in seen:
                raise BadResponseError(
                    "the paging cursor repeats itself; stopping instead of looping",
                    source=SOURCE,
                    request=response.source,
                )
            seen.add(after)
            current["after"] = after

    def _once(self, method: str, path: Sequence[str], params: Params, source: str) -> GraphResponse:
        failure: SourceError | None = None
        try:
            raw = self._api.call(method, tuple(path), params=dict(params))
        except FacebookRequestError as error:
            failure = translate_request_error(error, request=source, secrets=self.secrets)
        except requests.RequestException as error:
            failure = translate_network_error(error, request=source, secrets=self.secrets)
        if failure is not None:
            # Raised outside the except block so that the SDK's exception, whose text
            # holds the URL and body (hence the token), is not even kept as __context__.
            raise failure
        status = raw.status() or 0
        body = raw.json()
        if status >= 500:
            # A proxy's 5xx page is not JSON, so the SDK takes it for a success.
            raise TransientError(f"Meta answered HTTP {status}", source=SOURCE, request=source)
        if not isinstance(body, dict):
            excerpt = redact(" ".join(str(raw.body() or "").split())[:120], self.secrets)
            raise BadResponseError(
                f"the answer is not a JSON object (HTTP {status}, begins {excerpt!r})",
                source=SOURCE,
                request=source,
                # A cut-off or garbled body is usually a network accident: try again,
                # a few times at most (RetryPolicy.max_bad_response_attempts).
                retryable=True,
                hint="If it persists, check META_GRAPH_URL points at the Graph API",
            )
        return GraphResponse(body=body, headers=raw.headers() or {}, source=source)

    def _slow_down_if_near_limit(self, headers: Mapping[str, Any], source: str) -> None:
        usage = read_usage(headers)
        if usage.max_pct < USAGE_SLOWDOWN_PCT and not usage.regain_seconds:
            return
        policy = self.config.retry
        if usage.regain_seconds:
            pause = min(usage.regain_seconds, policy.max_total_wait)
        else:
            # From nothing at 90 % to max_delay at 100 %: slowing down early is far
            # cheaper than being blocked for up to an hour.
            share = min(1.0, (usage.max_pct - USAGE_SLOWDOWN_PCT) / (100 - USAGE_SLOWDOWN_PCT))
            pause = max(policy.base_delay, share * policy.max_delay)
        log.info(
            "Meta usage at %.0f%% of the limit after %s: pausing %.1f s",
            usage.max_pct,
            source,
            pause,
        )
        self.sleep(pause, f"usage at {usage.max_pct:.0f} % of the limit")


_SAFE = "{}[]:,\"'_-."


def _encode(value: Any) -> str:
    # The same top-level encoding the SDK applies (compact JSON, sorted keys).
    if isinstance(value, Mapping | list | tuple | bool):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)
