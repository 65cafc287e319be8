"""The one place where the library's, gRPC's and OAuth's failures become our error classes.

A failed call reaches us in one of three shapes:
- ``GoogleAdsException``: the library's ExceptionInterceptor found a ``GoogleAdsFailure``
  in the trailing metadata (auth, query, request errors...);
- a ``google.api_core`` ``GoogleAPICallError`` wrapping the raw ``grpc.RpcError``: the
  interceptor leaves RESOURCE_EXHAUSTED and INTERNAL raw (and anything without a
  failure, such as an unreachable host), and the generated client's error wrapper
  then turns that raw error into ``ResourceExhausted``, ``InternalServerError``...;
- the raw ``grpc.RpcError`` itself, or a ``google.auth`` error from the OAuth refresh.
For the raw shapes the failure is read from the trailing metadata here, since the
quota's retry delay (``QuotaErrorDetails.retry_delay``) lives there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import grpc
from google.ads.googleads.errors import GoogleAdsException
from google.api_core import exceptions as core_exceptions
from google.auth import exceptions as auth_exceptions
from google.protobuf.message import DecodeError

from connectors.errors import AuthError, RateLimitError, SourceError, TransientError
from connectors.google_ads.constants import (
    CLIENT_SETTINGS,
    CUSTOMER_IDS_SETTING,
    DEVELOPER_TOKEN_SETTING,
    ENDPOINT_SETTING,
    LOGIN_CUSTOMER_SETTING,
    REFRESH_TOKEN_SETTING,
    REQUEST_ID_KEY,
    SOURCE,
    failure_key,
)
from connectors.redact import redact

TRANSIENT_STATUSES = frozenset({grpc.StatusCode.INTERNAL, grpc.StatusCode.UNAVAILABLE,
                                grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.ABORTED})
AUTH_STATUSES = frozenset({grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED})

# Which setting fixes which error code (codes of AuthenticationError, AuthorizationError,
# HeaderError, RequestError and QuotaError in v26). QuotaError.ACCESS_PROHIBITED is the
# developer token's access level, not a limit that waiting lifts.
_SETTING_OF_CODE: dict[str, str] = {
    **dict.fromkeys(("DEVELOPER_TOKEN_INVALID", "DEVELOPER_TOKEN_NOT_APPROVED",
                     "DEVELOPER_TOKEN_PROHIBITED", "DEVELOPER_TOKEN_NOT_ON_ALLOWLIST",
                     "DEVELOPER_TOKEN_PARAMETER_MISSING", "ACCESS_PROHIBITED"),
                    DEVELOPER_TOKEN_SETTING),
    **dict.fromkeys(("USER_PERMISSION_DENIED", "LOGIN_CUSTOMER_ID_PARAMETER_MISSING",
                     "INVALID_LOGIN_CUSTOMER_ID",
                     "INVALID_LOGIN_CUSTOMER_ID_SERVING_CUSTOMER_ID_COMBINATION"),
                    LOGIN_CUSTOMER_SETTING),
    **dict.fromkeys(("CUSTOMER_NOT_FOUND", "CLIENT_CUSTOMER_ID_INVALID", "INVALID_CUSTOMER_ID",
                     "CUSTOMER_NOT_ENABLED"), CUSTOMER_IDS_SETTING),
}
_AUTH_KINDS = frozenset({"authentication_error", "authorization_error", "header_error"})
_CODED_KINDS = _AUTH_KINDS | {"request_error", "quota_error"}


@dataclass
class Failure:
    """A failed call, whatever shape it came in: status, texts, request id, errors."""

    status: grpc.StatusCode | None
    details: str
    request_id: str | None = None
    # (error kind, code name, message), e.g. ("query_error", "UNRECOGNIZED_FIELD", "...")
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    retry_after: float | None = None

    def describe(self) -> str:
        """The errors' messages with their codes, and the request id (support asks for it)."""
        parts = [f"{message} ({kind}.{code})" for kind, code, message in self.errors]
        text = "; ".join(parts) or self.details or "no detail given"
        status = f"{self.status.name}, " if self.status is not None else ""
        return f"{text} [{status}request_id {self.request_id or 'unknown'}]"


def read_failure(error: BaseException, api_version: str) -> Failure:
    """Everything a failed call tells, from any of the three shapes (module docstring)."""
    if isinstance(error, GoogleAdsException):
        failure = _failure_of(error.failure, _status(error.error), _details(error.error))
        failure.request_id = error.request_id or failure.request_id
        return failure
    rpc: Any = error
    status: grpc.StatusCode | None = None
    if isinstance(error, core_exceptions.GoogleAPICallError):
        status = error.grpc_status_code
        rpc = error.response if isinstance(error.response, grpc.RpcError) else None
    trailing = _trailing(rpc) if rpc is not None else ()
    parsed = _parse_failure(trailing, api_version)
    failure = _failure_of(parsed, _status(rpc) or status,
                          _details(rpc) or getattr(error, "message", "") or str(error))
    failure.request_id = failure.request_id or _request_id(trailing)
    return failure


def translate(error: BaseException, *, request: str, customer_id: str, api_version: str,
              secrets: Iterable[str]) -> SourceError:
    """Map a failed call to the ``SourceError`` subclass that says what to do.

    Messages are built from the failure's codes and messages and the request id, never
    from the library's ``str()`` of the exception, and redacted of every secret.
    """
    secrets = tuple(secrets)
    if isinstance(error, auth_exceptions.GoogleAuthError):
        return _oauth_error(error, request, secrets)
    failure = read_failure(error, api_version)
    detail = redact(failure.describe(), secrets)
    common: dict[str, Any] = {"source": SOURCE, "request": request}
    kinds = {kind for kind, _, _ in failure.errors}
    codes = [code for kind, code, _ in failure.errors if kind in _CODED_KINDS]
    setting = next((_SETTING_OF_CODE[c] for c in codes if c in _SETTING_OF_CODE), None)
    if setting or kinds & _AUTH_KINDS or (not failure.errors and failure.status in AUTH_STATUSES):
        return AuthError(f"our credentials or access were refused: {detail}",
                         hint=_auth_hint(setting, kinds, customer_id), **common)
    if "quota_error" in kinds or failure.status == grpc.StatusCode.RESOURCE_EXHAUSTED:
        wait = (f"; it asks to wait {failure.retry_after:.0f} s"
                if failure.retry_after is not None else "")
        return RateLimitError(
            f"the quota is spent{wait}: {detail}", retry_after=failure.retry_after,
            hint="Wait and run again, or read fewer days or customers at once", **common)
    if "query_error" in kinds:
        return SourceError(
            f"the query was refused as invalid: {detail}",
            hint="The connector's GAQL does not suit this API version: report it with the "
                 "request id", **common)
    if "internal_error" in kinds or failure.status in TRANSIENT_STATUSES:
        unreachable = failure.status == grpc.StatusCode.UNAVAILABLE and not failure.errors
        return TransientError(
            f"{'the API could not be reached' if unreachable else 'a temporary failure'}: {detail}",
            hint=f"Check the network and {ENDPOINT_SETTING}" if unreachable else "", **common)
    return SourceError(f"the request was refused: {detail}",
                       hint=f"Check {CUSTOMER_IDS_SETTING} and the other GOOGLE_ADS_* settings",
                       **common)


def _auth_hint(setting: str | None, kinds: set[str], customer_id: str) -> str:
    if setting == DEVELOPER_TOKEN_SETTING:
        return (f"Check {DEVELOPER_TOKEN_SETTING} (API Center of the manager account; a token "
                "with test access reads only test accounts)")
    if setting == LOGIN_CUSTOMER_SETTING:
        return (f"Set {LOGIN_CUSTOMER_SETTING} to the manager account through which the user "
                f"reaches customer {customer_id} (or unset it if the user has direct access)")
    if setting == CUSTOMER_IDS_SETTING:
        return (f"Check customer {customer_id} in {CUSTOMER_IDS_SETTING}: it must be an enabled "
                "account the user can read")
    if "authorization_error" in kinds:
        return (f"Give the user access to customer {customer_id}, or set "
                f"{LOGIN_CUSTOMER_SETTING} to its manager account")
    return (f"Create a new refresh token (adwords scope) and set {REFRESH_TOKEN_SETTING}, with "
            f"{CLIENT_SETTINGS} of the same OAuth client")


def _oauth_error(error: auth_exceptions.GoogleAuthError, request: str,
                 secrets: Sequence[str]) -> SourceError:
    text = redact(" ".join(str(error).split())[:300], secrets)
    if isinstance(error, auth_exceptions.TransportError):
        return TransientError(f"the OAuth token server could not be reached: {text}",
                              source=SOURCE, request=request,
                              hint="Check the network; the token is refreshed on each run")
    return AuthError(
        f"the OAuth refresh was refused: {text}", source=SOURCE, request=request,
        hint=f"Create a new refresh token (adwords scope) and set {REFRESH_TOKEN_SETTING}, "
             f"with {CLIENT_SETTINGS} of the same OAuth client")


def _failure_of(failure: Any, status: grpc.StatusCode | None, details: str) -> Failure:
    out = Failure(status=status, details=" ".join(details.split())[:300])
    if failure is None:
        return out
    out.request_id = failure.request_id or None
    for error in failure.errors:
        code_pb = type(error.error_code).pb(error.error_code)
        kind = code_pb.WhichOneof("error_code") or "unknown"
        code = getattr(error.error_code, kind).name if kind != "unknown" else "UNKNOWN"
        out.errors.append((kind, code, error.message))
        if "quota_error_details" in error.details:
            delay = error.details.quota_error_details.retry_delay
            if delay is not None and delay.total_seconds() > 0:
                out.retry_after = max(out.retry_after or 0.0, delay.total_seconds())
    return out


def _parse_failure(trailing: Sequence[tuple[str, Any]], api_version: str) -> Any:
    for key, value in trailing:
        if key == failure_key(api_version):
            errors = import_module(f"google.ads.googleads.{api_version}.errors.types.errors")
            try:
                return errors.GoogleAdsFailure.deserialize(value)
            except DecodeError:
                return None
    return None


def _request_id(trailing: Sequence[tuple[str, Any]]) -> str | None:
    return next((str(v) for k, v in trailing if k == REQUEST_ID_KEY), None)


def _trailing(rpc: Any) -> Sequence[tuple[str, Any]]:
    try:
        return tuple(rpc.trailing_metadata() or ())
    except (AttributeError, TypeError):
        return ()


def _status(rpc: Any) -> grpc.StatusCode | None:
    try:
        code = rpc.code()
    except (AttributeError, TypeError):
        return None
    return code if isinstance(code, grpc.StatusCode) else None


def _details(rpc: Any) -> str:
    try:
        return str(rpc.details() or "")
    except (AttributeError, TypeError):
        return ""
