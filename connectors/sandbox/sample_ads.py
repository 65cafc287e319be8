"""Sample Meta ad campaigns of the sandbox ad account, day by day.

Each ad campaign has an audience pool N and reaches a share q_d of it on day d:
daily reach = round(N * q_d), unique reach over a window = round(N * (1 - prod(1 - q_d))).
The q_d are seeded weights scaled so that the unique reach over the campaign's whole run
is exactly the published figure.  Impressions, clicks and spend are distributed over the
run with exact totals (largest remainder), impressions always >= reach.
Import the public names from `connectors.sandbox.sample_data`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from connectors.sandbox import generation as gen

AD_ACCOUNT_ID = "1000000001"
CURRENCY = "CAD"
# People an account's campaigns draw their audiences from (the province, roughly):
# used to combine several campaigns' unique reach into the account's.
ADS_POPULATION = 3_000_000


@dataclass(frozen=True)
class AdCampaign:
    """One Meta ad campaign with its exact totals over its whole run."""

    id: str
    name: str
    start: date
    end: date
    spend_cents: int
    impressions: int
    clicks: int
    unique_reach: int
    pool: int  # N: the targeted audience size
    objective: str = "OUTCOME_AWARENESS"
    moments: tuple[date, ...] = ()


AD_CAMPAIGNS: tuple[AdCampaign, ...] = (
    AdCampaign("120200000000000011", "LIGNE-AIDE-FB-2022", date(2022, 4, 25),
               date(2022, 5, 28), 60_000, 120_000, 3_017, 85_584, 1_500_000,
               moments=(date(2022, 5, 2), date(2022, 5, 16))),
    AdCampaign("120200000000000012", "LIGNE-AIDE-IG-2022", date(2022, 4, 25),
               date(2022, 5, 28), 50_000, 55_000, 378, 41_166, 1_000_000,
               moments=(date(2022, 5, 2), date(2022, 5, 16))),
    AdCampaign("120200000000000013", "DONS-HIVER-2021", date(2021, 11, 15),
               date(2021, 12, 20), 45_000, 70_000, 900, 52_000, 1_200_000,
               objective="OUTCOME_ENGAGEMENT"),
    AdCampaign("120200000000000031", "SSM-2023-AMBASSADEURS", date(2023, 5, 1),
               date(2023, 5, 14), 35_000, 52_000, 1_240, 31_250, 1_000_000,
               moments=(date(2023, 5, 1), date(2023, 5, 7))),
)
CAMPAIGNS_BY_ID: dict[str, AdCampaign] = {c.id: c for c in AD_CAMPAIGNS}


@dataclass(frozen=True)
class AdDay:
    """One campaign's delivery on one day (only days with delivery exist)."""

    day: date
    campaign_id: str
    campaign_name: str
    q: float  # share of the pool reached that day (kept for exact unique counts)
    reach: int
    impressions: int
    clicks: int
    inline_link_clicks: int
    spend_cents: int
    post_engagement: int
    page_engagement: int
    video_view: int

    def as_dict(self) -> dict[str, Any]:
        """The day as a plain dict: "date" (a `date`), ids, counts, "spend_cents"."""
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k not in ("q", "day")}
        return {"date": self.day, **out}


@cache
def campaign_days(campaign_id: str) -> tuple[AdDay, ...]:
    """Every delivery day of one ad campaign, in date order."""
    c = CAMPAIGNS_BY_ID[campaign_id]
    span = list(gen.days(c.start, c.end))

    def delivery(i: int, day: date) -> float:
        # A two-day ramp-up as the auction learns, then bumps on the campaign's moments.
        return min(1.0, (i + 1) / 3) * (1.6 if day in c.moments else 1.0)

    weights = gen.noisy_weights(f"ads-{c.id}", span, delivery, spread=0.15)
    top = max(weights)
    scale = gen.solve_increasing(
        lambda s: c.pool * gen.unique_fraction([s * w for w in weights]),
        c.unique_reach, 0.0, 0.999 / top)
    qs = [scale * w for w in weights]
    reach = [round(c.pool * q) for q in qs]
    noise = gen.rng("ads-mix", c.id)
    impressions = gen.largest_remainder(
        c.impressions, [r * noise.uniform(1.25, 1.45) for r in reach])
    clicks = gen.largest_remainder(c.clicks, [i * noise.uniform(0.85, 1.15) for i in impressions])
    spend = gen.largest_remainder(c.spend_cents, [i * noise.uniform(0.9, 1.1) for i in impressions])
    rows = []
    for k, day in enumerate(span):
        link = math.floor(clicks[k] * 0.83)
        engagement = link + math.floor(impressions[k] * noise.uniform(0.004, 0.008))
        rows.append(AdDay(
            day=day, campaign_id=c.id, campaign_name=c.name, q=qs[k], reach=reach[k],
            impressions=impressions[k], clicks=clicks[k], inline_link_clicks=link,
            spend_cents=spend[k], post_engagement=engagement,
            page_engagement=engagement + math.floor(impressions[k] * 0.0005),
            video_view=math.floor(impressions[k] * noise.uniform(0.10, 0.18))))
    return tuple(rows)


def ads_days(account_id: str, start: date, end: date,
             campaign_ids: frozenset[str] | None = None) -> list[AdDay]:
    """Delivery days of the account's campaigns within start..end, by date then campaign."""
    if account_id != AD_ACCOUNT_ID:
        return []
    found = [row for c in AD_CAMPAIGNS if campaign_ids is None or c.id in campaign_ids
             for row in campaign_days(c.id) if start <= row.day <= end]
    return sorted(found, key=lambda r: (r.day, r.campaign_id))


def ads_daily_rows(account_id: str, start: date, end: date) -> list[dict[str, Any]]:
    """One dict per campaign and delivery day (no row on a day without delivery)."""
    return [row.as_dict() for row in ads_days(account_id, start, end)]


def unique_reach_of(rows: list[AdDay]) -> int:
    """Unique people reached by these delivery days (any campaigns, any days)."""
    by_campaign: dict[str, list[float]] = {}
    for row in rows:
        by_campaign.setdefault(row.campaign_id, []).append(row.q)
    uniques = [CAMPAIGNS_BY_ID[cid].pool * gen.unique_fraction(qs)
               for cid, qs in sorted(by_campaign.items())]
    if not uniques:
        return 0
    return round(gen.combine_uniques(uniques, ADS_POPULATION))


def ads_unique_reach(account_id: str, campaign_ids: list[str] | None, start: date,
                     end: date) -> int:
    """Unique reach of the given campaigns (None: all) over start..end, as the API reports it."""
    wanted = None if campaign_ids is None else frozenset(campaign_ids)
    return unique_reach_of(ads_days(account_id, start, end, wanted))
