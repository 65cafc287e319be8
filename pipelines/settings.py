"""Settings, read from the environment (and a `.env` file) when a run or command starts.

Nothing here is read at import time: resources and commands call `Settings.from_env()`
so that tests can point a run at a temporary warehouse without reloading modules.

A wrong PULSE_* setting stops everything at once (every channel needs it). A wrong
channel setting (an id list, a lookback, the Google Ads endpoint...) is recorded
against the channels it feeds, in `Settings.problems`: those channels fail, naming it,
and the others run (design, Settings: one channel never fails the others).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from connectors.google_ads import customer_id, split_endpoint
from connectors.google_ads.constants import DEFAULT_ENDPOINT
from connectors.redact import redact

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_ID_LIST = re.compile(r"^[0-9A-Za-z_-]+$")
T = TypeVar("T")

META_CHANNELS = ("meta_ads", "facebook", "instagram")
# Each channel's nightly lookback: its setting and its default, in days.
LOOKBACK_SETTINGS: Mapping[str, tuple[str, int]] = {
    "meta_ads": ("META_ADS_LOOKBACK_DAYS", 28),  # Meta's 28-day attribution
    "facebook": ("META_PAGE_LOOKBACK_DAYS", 3),
    "instagram": ("META_INSTAGRAM_LOOKBACK_DAYS", 3),
    # Google Ads conversions keep arriving for 14 days (the default window).
    "google_ads": ("GOOGLE_ADS_LOOKBACK_DAYS", 14),
    # A report's opens and clicks keep coming in for days after the send.
    "mailchimp": ("MAILCHIMP_LOOKBACK_DAYS", 30),
}


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable and the fix."""


@dataclass(frozen=True)
class MetaSettings:
    """Meta credentials and objects; `enabled` is False when the token is unset."""

    access_token: str = field(repr=False)
    # META_APP_SECRET: with it, every request also carries appsecret_proof (an HMAC of
    # the token), which apps that require it refuse to do without.
    app_secret: str | None = field(repr=False)
    ad_account_ids: tuple[str, ...]
    page_ids: tuple[str, ...]
    instagram_account_ids: tuple[str, ...]
    graph_url: str
    api_version: str | None
    page_metrics: tuple[str, ...]
    instagram_metrics: tuple[str, ...]

    @property
    def enabled(self) -> bool:
        return bool(self.access_token)


@dataclass(frozen=True)
class GoogleAdsSettings:
    """Google Ads credentials and customers; `enabled` is False when the developer token
    is unset. Customer ids are ten digits (dashes removed)."""

    developer_token: str = field(repr=False)
    customer_ids: tuple[str, ...]
    login_customer_id: str | None
    client_id: str | None
    client_secret: str | None = field(repr=False)
    refresh_token: str | None = field(repr=False)
    endpoint: str

    @property
    def enabled(self) -> bool:
        return bool(self.developer_token)


@dataclass(frozen=True)
class MailchimpSettings:
    """The Mailchimp key and address; `enabled` is False when the key is unset.

    `api_url` None means "derived from the key's data center" (the connector does it,
    and names MAILCHIMP_API_KEY if the key has no data center suffix).
    """

    api_key: str = field(repr=False)
    api_url: str | None

    @property
    def enabled(self) -> bool:
        return bool(self.api_key)


@dataclass(frozen=True)
class Settings:
    """Every setting of the design's table, resolved and validated."""

    warehouse: Path
    analytics: Path
    campaigns: Path
    inbox: Path
    timezone: str
    meta: MetaSettings
    google_ads: GoogleAdsSettings
    mailchimp: MailchimpSettings
    lookback_days: Mapping[str, int]
    # Per channel, what is wrong with its settings (each message names the setting);
    # only for channels whose credential is set: an unset one is off, not wrong.
    problems: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    env: Mapping[str, str] = field(repr=False, default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Resolve settings from `environ` (default: the process environment over `.env`)."""
        env = _merged_env(environ)
        tz = env.get("PULSE_TIMEZONE", "America/Toronto")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(
                f"PULSE_TIMEZONE={tz!r} is not a known time zone: use an IANA name "
                "such as America/Toronto or Europe/Paris"
            ) from exc
        channels = _ChannelReader(env)
        meta = _meta(channels)
        google_ads = _google_ads(channels)
        mailchimp = MailchimpSettings(
            api_key=env.get("MAILCHIMP_API_KEY", "").strip(),
            api_url=env.get("MAILCHIMP_API_URL", "").strip().rstrip("/") or None,
        )
        lookback_days = {
            channel: channels.read((channel,), default, partial(_int, env, name, default))
            for channel, (name, default) in LOOKBACK_SETTINGS.items()
        }
        # A channel whose credential is unset is off: the rest of its settings are not
        # used, so they cannot fail it.
        credential_set = {**dict.fromkeys(META_CHANNELS, meta.enabled),
                          "google_ads": google_ads.enabled, "mailchimp": mailchimp.enabled}
        return cls(
            warehouse=_path(env, "PULSE_WAREHOUSE", "data/warehouse.duckdb"),
            analytics=_path(env, "PULSE_ANALYTICS", "data/analytics.duckdb"),
            campaigns=_path(env, "PULSE_CAMPAIGNS", "campaigns.yaml"),
            inbox=_path(env, "PULSE_INBOX", "data/inbox"),
            timezone=tz,
            meta=meta,
            google_ads=google_ads,
            mailchimp=mailchimp,
            lookback_days=lookback_days,
            problems={channel: tuple(found) for channel, found in channels.problems.items()
                      if credential_set[channel]},
            env=dict(env),
        )

    def misconfigured(self, channel: str) -> str | None:
        """What is wrong with `channel`'s settings, in one message with any secret
        masked (a token pasted into an id list by mistake would be quoted); None when
        nothing is, or the name is not an API channel."""
        found = self.problems.get(channel)
        return redact("; ".join(found), self.secrets()) if found else None

    def secrets(self) -> tuple[str, ...]:
        """Every secret value set, so that messages can be scrubbed of them."""
        names = (
            "META_ACCESS_TOKEN",
            "META_APP_SECRET",
            "GOOGLE_ADS_DEVELOPER_TOKEN",
            "GOOGLE_ADS_CLIENT_SECRET",
            "GOOGLE_ADS_REFRESH_TOKEN",
            "MAILCHIMP_API_KEY",
        )
        # Stripped as the settings themselves are: " key " must mask "key".
        return tuple(v for n in names if len(v := self.env.get(n, "").strip()) >= 4)


def _merged_env(environ: Mapping[str, str] | None) -> dict[str, str]:
    if environ is not None:
        return dict(environ)
    # The process environment wins over .env, as with every dotenv tool.
    dotenv_file = Path(os.environ.get("PULSE_DOTENV", PROJECT_ROOT / ".env"))
    merged = {k: v for k, v in dotenv_values(dotenv_file).items() if v is not None}
    merged.update(os.environ)
    return merged


def _path(env: Mapping[str, str], name: str, default: str) -> Path:
    raw = env.get(name) or default
    path = Path(raw).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path)


class _ChannelReader:
    """Reads the API channels' settings, recording a wrong value against the channels
    it feeds (with a harmless fallback in its place) instead of raising."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: dict[str, list[str]] = {}

    def text(self, name: str) -> str:
        """A setting as given, spaces around it removed ("" when unset)."""
        return self.env.get(name, "").strip()

    def read(self, channels: tuple[str, ...], fallback: T, parse: Callable[[], T]) -> T:
        """`parse()`, or `fallback` when it raises ValueError (SettingsError, and the
        connectors' own checks, are ValueErrors whose message names the setting)."""
        try:
            return parse()
        except ValueError as exc:
            for channel in channels:
                self.problems.setdefault(channel, []).append(str(exc))
            return fallback


def _meta(r: _ChannelReader) -> MetaSettings:
    env = r.env
    return MetaSettings(
        access_token=r.text("META_ACCESS_TOKEN"),
        app_secret=r.text("META_APP_SECRET") or None,
        ad_account_ids=r.read(("meta_ads",), (), lambda: _ids(
            env, "META_AD_ACCOUNT_IDS", strip_prefix="act_")),
        page_ids=r.read(("facebook",), (), lambda: _ids(env, "META_PAGE_IDS")),
        instagram_account_ids=r.read(("instagram",), (), lambda: _ids(
            env, "META_INSTAGRAM_ACCOUNT_IDS")),
        graph_url=env.get("META_GRAPH_URL", "https://graph.facebook.com").rstrip("/"),
        api_version=env.get("META_API_VERSION") or None,
        page_metrics=r.read(("facebook",), (), lambda: _names(
            env, "META_PAGE_METRICS",
            "page_media_view,page_total_media_view_unique,page_post_engagements,"
            "page_views_total")),
        instagram_metrics=r.read(("instagram",), (), lambda: _names(
            env, "META_INSTAGRAM_METRICS", "reach,views,profile_views")),
    )


def _google_ads(r: _ChannelReader) -> GoogleAdsSettings:
    channel = ("google_ads",)
    login = r.text("GOOGLE_ADS_LOGIN_CUSTOMER_ID")
    endpoint = r.text("GOOGLE_ADS_ENDPOINT") or DEFAULT_ENDPOINT
    return GoogleAdsSettings(
        developer_token=r.text("GOOGLE_ADS_DEVELOPER_TOKEN"),
        customer_ids=r.read(channel, (), lambda: tuple(
            customer_id(c) for c in _ids(r.env, "GOOGLE_ADS_CUSTOMER_IDS"))),
        login_customer_id=r.read(channel, None, lambda: customer_id(
            login, "GOOGLE_ADS_LOGIN_CUSTOMER_ID") if login else None),
        client_id=r.text("GOOGLE_ADS_CLIENT_ID") or None,
        client_secret=r.text("GOOGLE_ADS_CLIENT_SECRET") or None,
        refresh_token=r.text("GOOGLE_ADS_REFRESH_TOKEN") or None,
        endpoint=r.read(channel, DEFAULT_ENDPOINT, partial(_endpoint, endpoint)),
    )


def _endpoint(text: str) -> str:
    split_endpoint(text)  # raises ValueError naming GOOGLE_ADS_ENDPOINT
    return text


def _ids(env: Mapping[str, str], name: str, strip_prefix: str = "") -> tuple[str, ...]:
    out = []
    for item in (env.get(name) or "").split(","):
        item = item.strip()
        if not item:
            continue
        if strip_prefix and item.startswith(strip_prefix):
            item = item[len(strip_prefix) :]
        if not _ID_LIST.match(item):
            raise SettingsError(
                f"{name}: {item!r} is not an id; give a comma-separated list such as 123,456"
            )
        out.append(item)
    return tuple(out)


def _names(env: Mapping[str, str], name: str, default: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in (env.get(name) or default).split(",") if n.strip())
    for n in names:
        if not re.fullmatch(r"[a-z0-9_]+", n):
            raise SettingsError(f"{name}: {n!r} is not a metric name ([a-z0-9_]+)")
    return names


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} must be a whole number of days") from None
    if value < 0:
        raise SettingsError(f"{name}={raw!r} must not be negative")
    return value
