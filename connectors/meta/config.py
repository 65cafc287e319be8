"""MetaConfig: everything a Meta call needs, passed explicitly (never read from the environment)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from connectors.errors import AuthError
from connectors.meta.constants import SOURCE, TOKEN_SETTING
from connectors.retry import RetryPolicy

_VERSION = re.compile(r"^v[0-9]+\.[0-9]+$")


@dataclass(frozen=True)
class MetaConfig:
    """Credentials, objects and tuning for the Meta connector.

    ``access_token`` (and ``app_secret``) never appear in ``repr``. Ad account ids are
    accepted with or without the ``act_`` prefix. ``api_version=None`` uses the SDK's
    default version. Ranges longer than ``async_threshold_days`` are read through an
    async report run, whose completion is awaited at most ``async_max_wait`` seconds.
    ``page_size`` is the ``limit`` of each ads page. ``read_wait_budget`` bounds the
    waiting of one read, whatever its number of pages.
    """

    access_token: str = field(repr=False)
    ad_account_ids: tuple[str, ...] = ()
    page_ids: tuple[str, ...] = ()
    instagram_account_ids: tuple[str, ...] = ()
    graph_url: str = "https://graph.facebook.com"
    api_version: str | None = None
    page_metrics: tuple[str, ...] = (
        "page_media_view",
        "page_total_media_view_unique",
        "page_post_engagements",
        "page_views_total",
    )
    instagram_metrics: tuple[str, ...] = ("reach", "views", "profile_views")
    async_threshold_days: int = 60
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 60
    app_secret: str | None = field(default=None, repr=False)
    page_size: int = 500
    async_max_wait: float = 1800.0
    # The most one read (an account's or a page's window) waits in all: the pauses near
    # the usage limit and the retries' waits together. Each request's retries are
    # bounded too (retry.max_total_wait); this bounds a read of many pages.
    read_wait_budget: float = 900.0

    def __post_init__(self) -> None:
        if not self.access_token or not self.access_token.strip():
            raise AuthError(
                "no access token is configured",
                source=SOURCE,
                hint=f"Create a token with ads_read and read_insights and set {TOKEN_SETTING}",
            )
        # The SDK joins GRAPH and the version with "/": a trailing slash would double it.
        object.__setattr__(self, "graph_url", self.graph_url.rstrip("/"))
        if self.api_version is not None and not _VERSION.match(self.api_version):
            raise ValueError(
                f"META_API_VERSION={self.api_version!r} is not a Graph API version such as v23.0"
            )
        if self.async_threshold_days < 1 or self.page_size < 1:
            raise ValueError("async_threshold_days and page_size must be at least 1")

    @property
    def secrets(self) -> tuple[str, ...]:
        """The secret values to scrub from every message and provenance string."""
        return tuple(s for s in (self.access_token, self.app_secret) if s)
