"""The one place where the SDK's and the network's failures become our error classes.

The SDK raises ``ApiClientError(text, status_code)`` whose ``str()`` is empty: every
message here is built from its status and its body, a problem+json document
(``type``, ``title``, ``status``, ``detail``, ``instance``) or, from a proxy, a page of
text. For some failures the SDK raises nothing and returns the ``requests.Response``
itself (a bare 403 without a content type, a body that is not JSON):
``translate_response`` reads those.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import requests

from connectors.errors import (
    AuthError,
    BadResponseError,
    RateLimitError,
    SourceError,
    TransientError,
)
from connectors.mailchimp.constants import (
    FORBIDDEN_STATUS,
    KEY_SETTING,
    SOURCE,
    THROTTLE_STATUS,
    THROTTLE_WORDS,
    URL_SETTING,
)
from connectors.network import network_error
from connectors.redact import redact


def problem_of(body: Any) -> dict[str, Any]:
    """The problem+json document in an error body (a dict or its JSON text), else {}."""
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return {}
    return dict(body) if isinstance(body, dict) else {}


def describe_failure(status: int, body: Any, secrets: Iterable[str]) -> str:
    """``HTTP 401 API Key Invalid: <detail> (instance <id>)``, or an excerpt of a
    non-JSON body; redacted."""
    problem = problem_of(body)
    if problem:
        title = str(problem.get("title") or "").strip()
        detail = str(problem.get("detail") or "").strip()
        instance = str(problem.get("instance") or "").strip()
        text = f"HTTP {status}" + (f" {title}" if title else "") + (f": {detail}" if detail else "")
        if instance:
            text += f" (instance {instance})"
    else:
        excerpt = " ".join(str(body or "").split())[:120]
        text = f"HTTP {status}" + (f", body begins {excerpt!r}" if excerpt else ", empty body")
    return redact(text, secrets)


def translate_failure(status: int, body: Any, *, request: str,
                      secrets: Iterable[str]) -> SourceError:
    """Map an HTTP failure (status and body) to the ``SourceError`` that says what to do."""
    secrets = tuple(secrets)
    detail = describe_failure(status, body, secrets)
    problem = problem_of(body)
    common: dict[str, Any] = {"source": SOURCE, "request": request}
    said = f"{problem.get('title', '')} {problem.get('detail', '')}".lower()
    throttled = status == THROTTLE_STATUS or (
        status == FORBIDDEN_STATUS and (not problem or any(w in said for w in THROTTLE_WORDS)))
    if throttled:
        return RateLimitError(
            f"our requests are being throttled ({detail})",
            hint="Wait and run again; Mailchimp allows 10 simultaneous connections per "
                 "user, so check that no other tool is using this account heavily",
            **common,
        )
    if status == 401:
        return AuthError(
            f"the API key was refused ({detail})",
            hint=f"Check {KEY_SETTING}: copy a valid key with its data center suffix "
                 "(Profile > Extras > API keys)",
            **common,
        )
    if status == FORBIDDEN_STATUS:
        return AuthError(
            f"access was refused ({detail})",
            hint=f"Check that {KEY_SETTING} belongs to a user allowed to read reports, "
                 f"and that {URL_SETTING} (if set) is the key's data center",
            **common,
        )
    if status >= 500:
        return TransientError(f"temporary failure on Mailchimp's side ({detail})", **common)
    if status == 404:
        return SourceError(f"no such resource ({detail})",
                           hint=f"Check {URL_SETTING} points at the API's /3.0", **common)
    return SourceError(f"the request was refused ({detail})",
                       hint=f"Check {URL_SETTING} and the campaign ids", **common)


def translate_api_error(error: Any, *, request: str, secrets: Iterable[str]) -> SourceError:
    """Map the SDK's ``ApiClientError``: an HTTP failure, or (no status) a network one,
    where the SDK puts the ``requests`` exception itself in ``text``."""
    status, text = getattr(error, "status_code", None), getattr(error, "text", None)
    if status is None:
        return translate_network_error(text, request=request, secrets=secrets)
    return translate_failure(int(status), text, request=request, secrets=secrets)


def translate_network_error(error: Any, *, request: str, secrets: Iterable[str]) -> SourceError:
    """Timeouts and connection failures are transient; their text is redacted."""
    return network_error(error, source=SOURCE, request=request, secrets=secrets,
                         hint=f"Check the network and {URL_SETTING}")


def translate_response(response: requests.Response, *, request: str,
                       secrets: Iterable[str]) -> SourceError:
    """An answer the SDK handed back unread: a failure without a readable body, or a
    success whose body is not JSON (cut off, or a proxy's page)."""
    if not response.ok:
        return translate_failure(response.status_code, response.text, request=request,
                                 secrets=secrets)
    return unreadable(response.status_code, response.text, request=request, secrets=secrets)


def unreadable(status: int, text: str, *, request: str, secrets: Iterable[str]) -> BadResponseError:
    """A 2xx answer that is not a JSON object: usually a cut-off transfer, so retryable
    (a few times at most, RetryPolicy.max_bad_response_attempts)."""
    excerpt = redact(" ".join(str(text or "").split())[:120], secrets)
    return BadResponseError(
        f"the answer is not a JSON object (HTTP {status}, begins {excerpt!r})",
        source=SOURCE,
        request=request,
        retryable=True,
        hint=f"If it persists, check {URL_SETTING} points at the Mailchimp API",
    )
