"""MailchimpConfig: everything a Mailchimp call needs, passed explicitly (never read from
the environment)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.errors import AuthError, SourceError
from connectors.mailchimp.constants import (
    DEFAULT_PAGE_SIZE,
    KEY_SETTING,
    MAX_PAGE_SIZE,
    SOURCE,
    URL_SETTING,
)
from connectors.retry import RetryPolicy

# A key is "<32 hex digits>-<data center>", e.g. ...-us6; the data center names the host.
_DATA_CENTER = re.compile(r"^[a-z]+[0-9]+$")
API_VERSION_PATH = "/3.0"


def data_center(api_key: str) -> str | None:
    """The data center a key ends with (``us6`` in ``abc...-us6``), or None."""
    _, sep, suffix = api_key.strip().rpartition("-")
    return suffix if sep and _DATA_CENTER.match(suffix) else None


def default_api_url(api_key: str) -> str:
    """``https://<dc>.api.mailchimp.com/3.0`` for the key's data center.

    Raises ``AuthError`` naming the setting when the key has no data center suffix.
    """
    dc = data_center(api_key)
    if dc is None:
        raise AuthError(
            f"{KEY_SETTING} does not end with its data center (such as -us6), so the API "
            "address cannot be derived from it",
            source=SOURCE,
            hint=f"Copy the whole key from Mailchimp (Profile > Extras > API keys), or set "
                 f"{URL_SETTING} to https://<dc>.api.mailchimp.com/3.0",
        )
    return f"https://{dc}.api.mailchimp.com{API_VERSION_PATH}"


def normalize_api_url(url: str) -> str:
    """The base URL without a trailing slash, ending in /3.0 (added when missing)."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise SourceError(
            f"{URL_SETTING}={text!r} is not an http(s) address",
            source=SOURCE,
            hint=f"Unset {URL_SETTING} to derive it from the key, or give a URL such as "
                 "https://us6.api.mailchimp.com/3.0",
        )
    return text if text.endswith(API_VERSION_PATH) else text + API_VERSION_PATH


@dataclass(frozen=True)
class MailchimpConfig:
    """Credentials and tuning for the Mailchimp connector.

    ``api_key`` never appears in ``repr``. ``api_url=None`` derives the address from the
    key's data center. ``timezone`` (the organisation's, PULSE_TIMEZONE) decides which
    day a mailing was sent on. ``page_size`` is the ``count`` of each list page (1-1000).
    """

    api_key: str = field(repr=False)
    api_url: str | None = None
    timezone: str = "America/Toronto"
    page_size: int = DEFAULT_PAGE_SIZE
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 60

    def __post_init__(self) -> None:
        if not self.api_key or not self.api_key.strip():
            raise AuthError("no API key is configured", source=SOURCE,
                            hint=f"Create a key in Mailchimp and set {KEY_SETTING}")
        url = self.api_url if self.api_url else default_api_url(self.api_key)
        object.__setattr__(self, "api_url", normalize_api_url(url))
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{self.timezone!r} is not a known time zone") from None
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be from 1 to {MAX_PAGE_SIZE}, got {self.page_size}")

    @property
    def base_url(self) -> str:
        """The API's base URL, e.g. ``https://us6.api.mailchimp.com/3.0``."""
        assert self.api_url is not None  # set in __post_init__
        return self.api_url

    @property
    def secrets(self) -> tuple[str, ...]:
        """The key, and the HTTP basic credentials the SDK builds from it (``user:key``
        in base64), to scrub from every message and provenance string."""
        key = self.api_key.strip()
        basic = base64.b64encode(f"user:{key}".encode()).decode()
        return (key, basic)
