"""The sandbox's sample data: objects, daily figures and the exact sums tests rely on.

Pure and deterministic (seeded, no I/O).  Page and Instagram figures exist for every day
of 2021-01-01..2023-12-31: a quiet background with a weekly rhythm, and "pinned" windows
(the sample campaigns of campaigns.yaml and the periods just before them) whose sums are
exact.  Ad campaigns live in `sample_ads` and are re-exported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from connectors.sandbox import generation as gen
from connectors.sandbox import sample_ads

# The ads half of the sample data lives in sample_ads; re-exported here so tests and the
# demo read every figure from one module.
AD_ACCOUNT_ID = sample_ads.AD_ACCOUNT_ID
AD_CAMPAIGNS = sample_ads.AD_CAMPAIGNS
ADS_POPULATION = sample_ads.ADS_POPULATION
CAMPAIGNS_BY_ID = sample_ads.CAMPAIGNS_BY_ID
CURRENCY = sample_ads.CURRENCY
AdCampaign = sample_ads.AdCampaign
AdDay = sample_ads.AdDay
ads_daily_rows = sample_ads.ads_daily_rows
ads_days = sample_ads.ads_days
ads_unique_reach = sample_ads.ads_unique_reach
campaign_days = sample_ads.campaign_days

PAGE_ID = "2000000001"
INSTAGRAM_ID = "3000000001"
TOKEN = "sandbox-token"
DATA_START = date(2021, 1, 1)
DATA_END = date(2023, 12, 31)

HELPLINE = (date(2022, 4, 25), date(2022, 5, 28))
HELPLINE_PREVIOUS = (date(2022, 3, 22), date(2022, 4, 24))
SSM = (date(2023, 5, 1), date(2023, 5, 14))
SSM_PREVIOUS = (date(2023, 4, 17), date(2023, 4, 30))
_MOMENTS = frozenset({date(2022, 5, 2), date(2022, 5, 16), date(2023, 5, 1), date(2023, 5, 7)})

# Exact sums of the daily values over each window (page: Graph API metric names).
HELPLINE_FACEBOOK = {"page_total_media_view_unique": 95_630, "page_media_view": 137_522,
                     "page_post_engagements": 829, "page_views_total": 3_584,
                     "page_daily_follows_unique": 164}
HELPLINE_FACEBOOK_PREVIOUS = {"page_total_media_view_unique": 11_457, "page_views_total": 600}
HELPLINE_INSTAGRAM = {"views": 60_467, "profile_views": 550, "reach": 52_310,
                      "total_interactions": 200}
HELPLINE_INSTAGRAM_PREVIOUS = {"profile_views": 270}
# metric_type=total_value reach (deduplicated people) over exactly each window.
HELPLINE_INSTAGRAM_REACH = 43_619
HELPLINE_INSTAGRAM_REACH_PREVIOUS = 823

SSM_FACEBOOK = {"page_total_media_view_unique": 24_860, "page_media_view": 36_115,
                "page_post_engagements": 412, "page_views_total": 1_126,
                "page_daily_follows_unique": 71}
SSM_FACEBOOK_PREVIOUS = {"page_total_media_view_unique": 4_410, "page_views_total": 238}
SSM_INSTAGRAM = {"views": 36_540, "profile_views": 212, "reach": 26_900,
                 "total_interactions": 131}
SSM_INSTAGRAM_PREVIOUS = {"profile_views": 104}
SSM_INSTAGRAM_REACH = 21_370
# Not pinned: what the background model gives (asserted by the tests).
SSM_INSTAGRAM_REACH_PREVIOUS = 544

# Exact totals of each ad campaign over its whole run (spend as the API writes it).
HELPLINE_META_ADS: dict[str, dict[str, Any]] = {
    "120200000000000011": {"spend": "600.00", "impressions": 120_000, "clicks": 3_017,
                           "reach": 85_584},
    "120200000000000012": {"spend": "500.00", "impressions": 55_000, "clicks": 378,
                           "reach": 41_166},
}
SSM_META_ADS: dict[str, dict[str, Any]] = {
    "120200000000000031": {"spend": "350.00", "impressions": 52_000, "clicks": 1_240,
                           "reach": 31_250},
}

# People the Instagram account's audiences are drawn from (overlap across segments).
IG_POPULATION = 2_000_000
PAGE_FOLLOWERS_START = 6_100


@dataclass(frozen=True)
class Series:
    """How one additive daily metric is generated."""

    base: float  # background daily mean
    pins: tuple[tuple[tuple[date, date], int], ...] = ()  # (window, exact sum)
    derived_from: str | None = None  # views-like metrics: base metric x a ratio
    ratio: tuple[float, float] = (1.0, 1.0)


def _pins(current: dict[str, int], previous: dict[str, int], other: dict[str, int],
          other_prev: dict[str, int], metric: str) -> tuple[tuple[tuple[date, date], int], ...]:
    windows = ((HELPLINE, current), (HELPLINE_PREVIOUS, previous), (SSM, other),
               (SSM_PREVIOUS, other_prev))
    return tuple((window, sums[metric]) for window, sums in windows if metric in sums)


def _page(metric: str, base: float, **kw: object) -> Series:
    pins = _pins(HELPLINE_FACEBOOK, HELPLINE_FACEBOOK_PREVIOUS, SSM_FACEBOOK,
                 SSM_FACEBOOK_PREVIOUS, metric)
    return Series(base, pins, **kw)  # type: ignore[arg-type]


def _ig(metric: str, base: float, **kw: object) -> Series:
    pins = _pins(HELPLINE_INSTAGRAM, HELPLINE_INSTAGRAM_PREVIOUS, SSM_INSTAGRAM,
                 SSM_INSTAGRAM_PREVIOUS, metric)
    return Series(base, pins, **kw)  # type: ignore[arg-type]


PAGE_SERIES: dict[str, Series] = {
    "page_total_media_view_unique": _page("page_total_media_view_unique", 337),
    "page_media_view": _page("page_media_view", 0, derived_from="page_total_media_view_unique",
                             ratio=(1.3, 1.6)),
    "page_post_engagements": _page("page_post_engagements", 9),
    "page_views_total": _page("page_views_total", 17.6),
    "page_daily_follows_unique": _page("page_daily_follows_unique", 2.2),
    "page_daily_unfollows_unique": _page("page_daily_unfollows_unique", 0.6),
}
# page_follows is the follower count at the end of each day (computed, not additive).
PAGE_METRICS = frozenset([*PAGE_SERIES, "page_follows"])

INSTAGRAM_SERIES: dict[str, Series] = {
    "reach": _ig("reach", 55),
    "views": _ig("views", 0, derived_from="reach", ratio=(1.15, 1.45)),
    "profile_views": _ig("profile_views", 8),
    "total_interactions": _ig("total_interactions", 4),
}
# likes, comments, shares and saves split each day's total_interactions.
_INTERACTION_SPLIT = {"likes": 0.72, "comments": 0.08, "shares": 0.12, "saves": 0.08}
INSTAGRAM_METRICS = frozenset([*INSTAGRAM_SERIES, *_INTERACTION_SPLIT])


def _shape(i: int, day: date) -> float:
    # A campaign window starts strong, settles, and peaks again on its key moments.
    return 0.55 + math.exp(-i / 9) + (0.8 if day in _MOMENTS else 0.0)


@cache
def _series(kind: str, metric: str) -> dict[date, int]:
    table = PAGE_SERIES if kind == "page" else INSTAGRAM_SERIES
    spec = table[metric]
    base = _series(kind, spec.derived_from) if spec.derived_from else None
    noise = gen.rng(kind, metric)
    values: dict[date, int] = {}
    ratios: dict[date, float] = {}
    for day in gen.days(DATA_START, DATA_END):
        ratios[day] = noise.uniform(*spec.ratio)
        if base is not None:
            mean = base[day] * ratios[day]
        else:
            mean = spec.base * gen.WEEKLY_RHYTHM[day.weekday()] * noise.uniform(0.75, 1.25)
        # Stochastic rounding keeps small means (1-2 a day) right on average.
        values[day] = math.floor(mean + noise.random())
    for (start, end), total in spec.pins:
        span = list(gen.days(start, end))
        if base is not None:
            weights = [base[d] * ratios[d] for d in span]
        elif (start, end) in (HELPLINE, SSM):
            weights = gen.noisy_weights(f"{kind}-{metric}", span, _shape)
        else:
            weights = gen.noisy_weights(f"{kind}-{metric}", span, lambda i, d: 1.0)
        values.update(zip(span, gen.largest_remainder(total, weights), strict=True))
    return values


@cache
def _page_follows() -> dict[date, int]:
    follows, unfollows = (_series("page", "page_daily_follows_unique"),
                          _series("page", "page_daily_unfollows_unique"))
    count, out = PAGE_FOLLOWERS_START, {}
    for day in gen.days(DATA_START, DATA_END):
        count += follows[day] - unfollows[day]
        out[day] = count
    return out


def page_daily(page_id: str, metric: str, day: date) -> int:
    """A page metric's value for one day (0 outside the data range or for another page)."""
    if metric not in PAGE_METRICS:
        raise KeyError(metric)
    if page_id != PAGE_ID or not DATA_START <= day <= DATA_END:
        return 0
    if metric == "page_follows":
        return _page_follows()[day]
    return _series("page", metric)[day]


def instagram_daily(ig_id: str, metric: str, day: date) -> int:
    """An Instagram metric's daily value (0 outside the data range or for another account)."""
    if metric not in INSTAGRAM_METRICS:
        raise KeyError(metric)
    if ig_id != INSTAGRAM_ID or not DATA_START <= day <= DATA_END:
        return 0
    if metric in _INTERACTION_SPLIT:
        total = _series("instagram", "total_interactions")[day]
        if total == 0:
            return 0
        split = gen.largest_remainder(total, list(_INTERACTION_SPLIT.values()))
        return split[list(_INTERACTION_SPLIT).index(metric)]
    return _series("instagram", metric)[day]


def window_sum(kind: str, object_id: str, metric: str, start: date, end: date) -> int:
    """Sum of daily values over start..end; kind is "page" or "instagram"."""
    daily = page_daily if kind == "page" else instagram_daily
    return sum(daily(object_id, metric, d) for d in gen.days(start, end))


@cache
def _reach_segments() -> tuple[tuple[tuple[date, date] | None, float], ...]:
    """Audience pools of Instagram reach: one per campaign window, one for the rest.

    Each pool is solved so the pinned unique totals come out exact; the background pool
    is fitted on the helpline's previous window.
    """
    reach = _series("instagram", "reach")

    def daily(window: tuple[date, date]) -> list[int]:
        return [reach[d] for d in gen.days(*window)]

    return ((HELPLINE, gen.pool_for_unique(daily(HELPLINE), HELPLINE_INSTAGRAM_REACH)),
            (SSM, gen.pool_for_unique(daily(SSM), SSM_INSTAGRAM_REACH)),
            (None, gen.pool_for_unique(daily(HELPLINE_PREVIOUS),
                                       HELPLINE_INSTAGRAM_REACH_PREVIOUS)))


def instagram_unique_reach(ig_id: str, start: date, end: date) -> int:
    """Deduplicated Instagram reach over start..end (<= sum of daily, >= max daily)."""
    if ig_id != INSTAGRAM_ID:
        return 0
    shares: dict[tuple[date, date] | None, list[float]] = {}
    pools = dict(_reach_segments())
    for day in gen.days(max(start, DATA_START), min(end, DATA_END)):
        segment = next((w for w in (HELPLINE, SSM) if w[0] <= day <= w[1]), None)
        shares.setdefault(segment, []).append(
            instagram_daily(ig_id, "reach", day) / pools[segment])
    uniques = [pools[seg] * gen.unique_fraction(qs) for seg, qs in shares.items()]
    return round(gen.combine_uniques(uniques, IG_POPULATION)) if uniques else 0


def instagram_total_value(ig_id: str, metric: str, start: date, end: date) -> int:
    """metric_type=total_value over since..until: unique for reach, a sum otherwise."""
    if metric == "reach":
        return instagram_unique_reach(ig_id, start, end)
    return window_sum("instagram", ig_id, metric, start, end)
