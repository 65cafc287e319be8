"""The one place where the SDK's and the network's failures become our error classes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import requests
from facebook_business.exceptions import FacebookRequestError

from connectors.errors import (
    AuthError,
    MetricUnavailableError,
    RateLimitError,
    SourceError,
    TooMuchDataError,
    TransientError,
)
from connectors.meta.constants import (
    INVALID_PARAMETER_CODE,
    PERMISSION_CODES,
    RATE_LIMIT_CODES,
    SOURCE,
    TOKEN_CODES,
    TOKEN_SETTING,
    TOKEN_SUBCODES,
    TOO_MUCH_DATA_TEXT,
    TRANSIENT_CODES,
)
from connectors.meta.usage import read_usage
from connectors.network import network_error
from connectors.redact import redact

# "Invalid metric: page_impressions", "page_fans is not a valid insights metric", ...
_METRIC_NAME = re.compile(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+|reach|views|impressions)\b")


def translate_request_error(
    error: FacebookRequestError, *, request: str, secrets: Iterable[str]
) -> SourceError:
    """Map a ``FacebookRequestError`` to the ``SourceError`` subclass that says what to do.

    The SDK's own ``str(error)`` is never used: it prints the request and the body, which
    may hold the token (in ``paging.next``). Only the API's message, codes and trace id
    are kept, and they are redacted too.
    """
    body = error.body()
    code = _int(error.api_error_code())
    subcode = _int(error.api_error_subcode())
    status = _int(error.http_status())
    api_message = error.api_error_message() or _text_of(body) or error.get_message() or ""
    trace = body["error"].get("fbtrace_id") if _has_error(body) else None
    facts = ", ".join(
        part
        for part in (
            f"code {code}" if code is not None else "",
            f"subcode {subcode}" if subcode is not None else "",
            f"HTTP {status}" if status is not None else "",
            f"fbtrace_id {trace}" if trace else "",
        )
        if part
    )
    detail = redact(f"{api_message} ({facts})" if facts else api_message, secrets)
    common: dict[str, Any] = {"source": SOURCE, "request": request}

    if code in RATE_LIMIT_CODES:
        usage = read_usage(error.http_headers())
        wait = (
            f"; access comes back in about {usage.regain_seconds / 60:.0f} min"
            if usage.regain_seconds
            else ""
        )
        return RateLimitError(
            f"Meta is throttling our requests{wait}: {detail}",
            retry_after=usage.regain_seconds,
            hint="Wait and run again, or read fewer days or accounts at once",
            **common,
        )
    if code in TOKEN_CODES or subcode in TOKEN_SUBCODES:
        return AuthError(
            f"the token is invalid or expired: {detail}",
            hint=f"Create a new one and set {TOKEN_SETTING}",
            **common,
        )
    if code in PERMISSION_CODES:
        return AuthError(
            f"the token lacks a permission this read needs: {detail}",
            hint=(
                "Grant ads_read, read_insights and instagram_manage_insights to the token's "
                f"user or system user, then set the new token in {TOKEN_SETTING}"
            ),
            **common,
        )
    if TOO_MUCH_DATA_TEXT in api_message.lower():
        return TooMuchDataError(
            f"Meta asks for less data per request: {detail}",
            hint="Read a shorter date range",
            **common,
        )
    if code == INVALID_PARAMETER_CODE and "metric" in api_message.lower():
        match = _METRIC_NAME.search(api_message)
        return MetricUnavailableError(
            f"a metric was refused as invalid: {detail}",
            metric=match.group(1) if match else None,
            hint="Remove the metric from the configured metric list",
            **common,
        )
    if error.api_transient_error() or code in TRANSIENT_CODES or (status or 0) >= 500:
        return TransientError(f"Meta had a temporary failure: {detail}", **common)
    return SourceError(
        f"Meta refused the request: {detail}",
        hint="Check the configured ids and metrics (META_* settings)",
        **common,
    )


def translate_network_error(
    error: requests.RequestException, *, request: str, secrets: Iterable[str]
) -> SourceError:
    """Timeouts and connection failures are transient; their text (which holds the URL,
    hence the token) is redacted."""
    return network_error(error, source=SOURCE, request=request, secrets=secrets,
                         hint="Check the network and META_GRAPH_URL")


def _has_error(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("error"), dict)


def _text_of(body: Any) -> str:
    # A non-JSON error body (a proxy's HTML page): keep a short excerpt, not the page.
    if isinstance(body, str):
        return " ".join(body.split())[:200]
    return ""


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
