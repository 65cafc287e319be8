"""The campaign registry (campaigns.yaml): read, validated whole, then used.

A malformed registry fails with a message naming the campaign, the field and the
problem, and nothing runs on a half-read registry: `load_registry` either returns every
campaign or raises `RegistryError` listing every problem found.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from connectors.windows import DateWindow

API_CHANNELS = (
    "facebook",
    "instagram",
    "meta_ads",
    "google_ads",
    "mailchimp",
    "twitter",
    "tiktok",
)
# Channels whose objects are ad or email campaigns that can be picked one by one.
SELECTABLE_CHANNELS = ("meta_ads", "google_ads", "mailchimp")
# Any other channel name is a file channel (calls, print, radio...): its figures come
# from export files, and `account` takes all of its rows in the window. "all" names the
# campaign totals in the growth mart, so no channel may take it.
RESERVED_CHANNELS = ("all",)
_ID = re.compile(r"^[a-z0-9-]+$")
_NAME = re.compile(r"^[a-z0-9_]+$")


class RegistryError(ValueError):
    """The registry cannot be used; the message lists each problem with its place."""


@dataclass(frozen=True)
class ChannelSelector:
    """Which of a channel's objects belong to a campaign."""

    channel: str
    kind: str  # 'account', 'campaign_ids' or 'campaign_name_contains'
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Moment:
    day: date
    name: str


@dataclass(frozen=True)
class Goal:
    channel: str
    metric: str
    target: float


@dataclass(frozen=True)
class Campaign:
    """A nonprofit's campaign: its window, budget, channels, moments and goals."""

    id: str
    name: str
    start: date
    end: date
    budget_amount: Decimal | None
    budget_currency: str | None
    baseline_months: int | None
    channels: tuple[ChannelSelector, ...]
    moments: tuple[Moment, ...] = ()
    goals: tuple[Goal, ...] = ()

    @property
    def window(self) -> DateWindow:
        return DateWindow(self.start, self.end)

    @property
    def previous_window(self) -> DateWindow:
        return self.window.previous()

    @property
    def baseline_window(self) -> DateWindow | None:
        if not self.baseline_months:
            return None
        start = _months_before(self.start, self.baseline_months)
        return DateWindow(start, self.start - timedelta(days=1))

    def selector(self, channel: str) -> ChannelSelector | None:
        return next((s for s in self.channels if s.channel == channel), None)

    def periods(self) -> Iterator[tuple[str, DateWindow]]:
        """The windows the growth mart compares: ('current', ...), ('previous', ...)."""
        yield "current", self.window
        yield "previous", self.previous_window


@dataclass(frozen=True)
class Registry:
    campaigns: tuple[Campaign, ...]
    source: Path

    def get(self, campaign_id: str) -> Campaign:
        for c in self.campaigns:
            if c.id == campaign_id:
                return c
        known = ", ".join(c.id for c in self.campaigns) or "none"
        raise RegistryError(f"unknown campaign {campaign_id!r} in {self.source}; known: {known}")

    def with_channel(self, channel: str) -> list[Campaign]:
        return [c for c in self.campaigns if c.selector(channel) is not None]


def load_registry(path: Path) -> Registry:
    """Read and validate the registry file at `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(
            f"the campaign registry {path} does not exist: create it (see campaigns.yaml "
            "in the project) or point PULSE_CAMPAIGNS at it"
        ) from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path} is not valid YAML: {exc}") from None
    return parse_registry(doc, path)


def parse_registry(doc: Any, source: Path) -> Registry:
    """Validate an already-parsed registry document; every problem is reported at once."""
    problems: list[str] = []
    if not isinstance(doc, Mapping) or not isinstance(doc.get("campaigns"), list):
        raise RegistryError(f"{source}: expected a top-level 'campaigns:' list")
    campaigns: list[Campaign] = []
    seen: set[str] = set()
    for i, raw in enumerate(doc["campaigns"], start=1):
        where = f"campaign #{i}"
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
            where = f"campaign {raw['id']!r}"
        p = _Problems(where, problems)
        campaign = _parse_campaign(raw, p)
        if campaign is None:
            continue
        if campaign.id in seen:
            p.add("id", "is used by another campaign; ids must be unique")
        seen.add(campaign.id)
        campaigns.append(campaign)
    if problems:
        raise RegistryError(
            f"the campaign registry {source} has {len(problems)} problem(s):\n  - "
            + "\n  - ".join(problems)
        )
    return Registry(tuple(campaigns), source)


class _Problems:
    def __init__(self, where: str, sink: list[str]) -> None:
        self.where, self.sink, self.count = where, sink, 0

    def add(self, field: str, problem: str) -> None:
        self.count += 1
        self.sink.append(f"{self.where}, field '{field}': {problem}")


def _parse_campaign(raw: Any, p: _Problems) -> Campaign | None:
    if not isinstance(raw, Mapping):
        p.add("-", "each campaign must be a mapping with id, name, start, end, channels")
        return None
    known = {"id", "name", "start", "end", "budget", "baseline_months", "channels",
             "moments", "goals"}
    for key in raw:
        if key not in known:
            p.add(str(key), f"is not a known field (known: {', '.join(sorted(known))})")
    cid = raw.get("id")
    if not isinstance(cid, str) or not _ID.match(cid):
        p.add("id", "must be a stable key of lower-case letters, digits and dashes")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        p.add("name", "is required")
    start, end = _date(raw, "start", p), _date(raw, "end", p)
    if start and end and end < start:
        p.add("end", f"{end} is before start {start}")
    amount, currency = _budget(raw.get("budget"), p)
    baseline = raw.get("baseline_months")
    if baseline is not None and (not isinstance(baseline, int) or isinstance(baseline, bool)
                                 or not 1 <= baseline <= 36):
        p.add("baseline_months", f"{baseline!r} must be a whole number of months from 1 to 36")
        baseline = None
    channels = _channels(raw.get("channels"), p)
    moments = _moments(raw.get("moments"), p)
    goals = _goals(raw.get("goals"), p)
    if p.count or not (isinstance(cid, str) and isinstance(name, str) and start and end):
        return None
    return Campaign(cid, name.strip(), start, end, amount, currency, baseline,
                    channels, moments, goals)


def _date(raw: Mapping[str, Any], key: str, p: _Problems) -> date | None:
    value = raw.get(key)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    p.add(key, f"{value!r} is not a date; write it as YYYY-MM-DD")
    return None


def _budget(raw: Any, p: _Problems) -> tuple[Decimal | None, str | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, Mapping):
        p.add("budget", "must be {amount: 45000, currency: CAD}")
        return None, None
    try:
        amount = Decimal(str(raw.get("amount")))
        if amount < 0 or not amount.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        p.add("budget.amount", f"{raw.get('amount')!r} is not a positive number")
        amount = None
    currency = raw.get("currency")
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        p.add("budget.currency", f"{currency!r} must be a three-letter code such as CAD")
        currency = None
    return amount, currency


def _channels(raw: Any, p: _Problems) -> tuple[ChannelSelector, ...]:
    if not isinstance(raw, Mapping) or not raw:
        p.add("channels", "must map at least one channel to 'account' or a selector")
        return ()
    out = []
    for channel, spec in raw.items():
        field = f"channels.{channel}"
        if not isinstance(channel, str) or not _NAME.match(channel):
            p.add(field, "a channel name is lower-case letters, digits and underscores")
            continue
        if channel in RESERVED_CHANNELS:
            p.add(field, f"{channel!r} names the campaign totals; a channel needs another name")
            continue
        if channel not in API_CHANNELS and (close := _close_channel(channel)):
            p.add(field, f"is not a channel we know; did you mean {close!r}? (a file "
                         "channel's name must differ clearly from the platforms' names)")
            continue
        if spec == "account":
            out.append(ChannelSelector(channel, "account"))
            continue
        if channel not in SELECTABLE_CHANNELS:
            p.add(field, f"{spec!r}: this channel takes only 'account' (its whole activity)")
            continue
        if isinstance(spec, Mapping) and len(spec) == 1 and "campaign_ids" in spec:
            ids = spec["campaign_ids"]
            if (not isinstance(ids, list) or not ids
                    or not all(isinstance(i, str | int) and str(i).strip() for i in ids)):
                p.add(field + ".campaign_ids", "must be a non-empty list of ids (quote them)")
                continue
            out.append(ChannelSelector(channel, "campaign_ids", tuple(str(i) for i in ids)))
        elif isinstance(spec, Mapping) and len(spec) == 1 and "campaign_name_contains" in spec:
            text = spec["campaign_name_contains"]
            if not isinstance(text, str) or not text.strip():
                p.add(field + ".campaign_name_contains", "must be a non-empty text")
                continue
            out.append(ChannelSelector(channel, "campaign_name_contains", (text,)))
        else:
            p.add(field, f"{spec!r}: use 'account', {{campaign_ids: [...]}} "
                         "or {campaign_name_contains: \"...\"}")
    return tuple(out)


def _close_channel(name: str) -> str | None:
    """The API channel a file channel's name is probably a typo of (facebok, tik_tok)."""
    squashed = name.replace("_", "")
    for known in API_CHANNELS:
        if squashed == known.replace("_", "") or difflib.SequenceMatcher(
                None, name, known).ratio() >= 0.85:
            return known
    return None


def _moments(raw: Any, p: _Problems) -> tuple[Moment, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        p.add("moments", "must be a list of {date, name}")
        return ()
    out = []
    for i, m in enumerate(raw, start=1):
        if not isinstance(m, Mapping):
            p.add(f"moments[{i}]", "must be {date: YYYY-MM-DD, name: ...}")
            continue
        sub = _Problems(p.where, p.sink)
        day = _date(m, "date", sub)
        name = m.get("name")
        if not isinstance(name, str) or not name.strip():
            p.add(f"moments[{i}].name", "is required")
        elif day:
            out.append(Moment(day, name.strip()))
        p.count += sub.count
    return tuple(out)


def _goals(raw: Any, p: _Problems) -> tuple[Goal, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        p.add("goals", "must be a list of {channel, metric, target}")
        return ()
    out = []
    for i, g in enumerate(raw, start=1):
        field = f"goals[{i}]"
        if not isinstance(g, Mapping):
            p.add(field, "must be {channel: ..., metric: ..., target: N}")
            continue
        channel, metric, target = g.get("channel"), g.get("metric"), g.get("target")
        if not isinstance(channel, str) or not _NAME.match(channel):
            p.add(field + ".channel", f"{channel!r} is not a channel name (or 'all')")
        elif not isinstance(metric, str) or not _NAME.match(metric):
            p.add(field + ".metric", f"{metric!r} is not a metric name ([a-z0-9_]+)")
        elif not isinstance(target, int | float) or isinstance(target, bool):
            p.add(field + ".target", f"{target!r} is not a number")
        else:
            out.append(Goal(channel, metric, float(target)))
    return tuple(out)


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
