"""GoogleAdsConfig: everything a Google Ads call needs, passed explicitly (never read
from the environment)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from connectors.errors import AuthError
from connectors.google_ads.constants import (
    API_VERSION,
    CLIENT_SETTINGS,
    CUSTOMER_IDS_SETTING,
    DEFAULT_ENDPOINT,
    DEVELOPER_TOKEN_SETTING,
    ENDPOINT_SETTING,
    LOGIN_CUSTOMER_SETTING,
    LOOPBACK_HOSTS,
    REFRESH_TOKEN_SETTING,
    SOURCE,
)
from connectors.retry import RetryPolicy

_CUSTOMER_ID = re.compile(r"^[0-9]{10}$")
_VERSION = re.compile(r"^v[0-9]+$")


def customer_id(value: str, setting: str = CUSTOMER_IDS_SETTING) -> str:
    """``123-456-7890`` (as the Google Ads UI shows it) or ``1234567890`` as ``1234567890``.

    Raises ``ValueError`` naming ``setting`` when it is not a ten-digit customer id.
    """
    digits = str(value).strip().replace("-", "")
    if not _CUSTOMER_ID.match(digits):
        raise ValueError(
            f"{setting}: {value!r} is not a Google Ads customer id (ten digits, such as "
            "123-456-7890)"
        )
    return digits


def split_endpoint(endpoint: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8711`` for IPv6; port 443 when omitted) as (host, port)."""
    text = endpoint.strip()
    if "://" in text or "/" in text or not text:
        raise ValueError(
            f"{ENDPOINT_SETTING}={endpoint!r} must be host:port, such as "
            f"{DEFAULT_ENDPOINT} (no scheme, no path)"
        )
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:
        host, port_text = text, ""  # a bare IPv6 address or a bare host name
    try:
        port = int(port_text) if port_text else 443
    except ValueError:
        raise ValueError(f"{ENDPOINT_SETTING}={endpoint!r}: the port is not a number") from None
    return host, port


@dataclass(frozen=True)
class GoogleAdsConfig:
    """Credentials, customers and tuning for the Google Ads connector.

    The developer token, client secret and refresh token never appear in ``repr``.
    Customer ids are ten digits (dashes accepted and removed). On a loopback
    ``endpoint`` (the sandbox) the channel is plaintext and the refresh token is sent
    as it is as the bearer token, since there is no OAuth server to exchange it;
    anywhere else the library's TLS channel and OAuth refresh are used, which need
    ``client_id`` and ``client_secret`` too.
    """

    developer_token: str = field(repr=False)
    customer_ids: tuple[str, ...] = ()
    login_customer_id: str | None = None
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    endpoint: str = DEFAULT_ENDPOINT
    api_version: str = API_VERSION
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 300.0

    def __post_init__(self) -> None:
        if not (self.developer_token or "").strip():
            raise AuthError("no developer token is configured", source=SOURCE,
                            hint=f"Set {DEVELOPER_TOKEN_SETTING} (Google Ads API Center)")
        object.__setattr__(self, "customer_ids",
                           tuple(customer_id(c) for c in self.customer_ids))
        if self.login_customer_id:
            object.__setattr__(self, "login_customer_id",
                               customer_id(self.login_customer_id, LOGIN_CUSTOMER_SETTING))
        else:
            object.__setattr__(self, "login_customer_id", None)
        split_endpoint(self.endpoint)  # fails early, naming the setting
        if not _VERSION.match(self.api_version):
            raise ValueError(f"{self.api_version!r} is not a Google Ads API version such as v26")
        missing = [] if self.refresh_token else [REFRESH_TOKEN_SETTING]
        if not self.loopback and not (self.client_id and self.client_secret):
            missing.append(CLIENT_SETTINGS)
        if missing:
            raise AuthError(
                f"the OAuth credentials are incomplete for {self.endpoint}", source=SOURCE,
                hint=f"Set {' and '.join(missing)} (an OAuth client and a refresh token "
                     "with the adwords scope)")

    @property
    def loopback(self) -> bool:
        """True when the endpoint is this machine: the plaintext sandbox, no OAuth."""
        return split_endpoint(self.endpoint)[0] in LOOPBACK_HOSTS

    @property
    def secrets(self) -> tuple[str, ...]:
        """The secret values to scrub from every message and provenance string."""
        return tuple(s for s in (self.developer_token, self.client_secret,
                                 self.refresh_token) if s)
