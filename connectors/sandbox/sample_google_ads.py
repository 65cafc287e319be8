"""Sample Google Ads customers and campaigns of the sandbox, day by day.

Each campaign's totals over its whole run are exact (largest remainder): the help line's
Google Display run is the field report's (169 050 impressions, 901 clicks, 412 $ CAD,
2022-04-07..2022-06-13). Days are weighted by phase: a quiet soft launch before the
nonprofit's campaign window, full delivery inside it (with bumps on its key moments),
a tail after it. Cost is split in micros, so daily amounts have up to six decimals and
still add up to the cent. A day without impressions has no row, as in the API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from connectors.sandbox import generation as gen

DEVELOPER_TOKEN = "sandbox-developer-token"
# On a loopback endpoint the connector sends its refresh token as the bearer token.
REFRESH_TOKEN = "sandbox-refresh-token"
CUSTOMER_ID = "4000000001"  # the help line's account, CAD
FRANCE_CUSTOMER_ID = "4000000002"  # a partner's account in EUR, in no sample campaign
MANAGER_ID = "4000000100"  # the manager account (login-customer-id) of both


@dataclass(frozen=True)
class Customer:
    """A Google Ads account."""

    id: str
    name: str
    currency_code: str
    time_zone: str


CUSTOMERS: dict[str, Customer] = {
    CUSTOMER_ID: Customer(CUSTOMER_ID, "Ligne d'aide (sandbox)", "CAD", "America/Toronto"),
    FRANCE_CUSTOMER_ID: Customer(FRANCE_CUSTOMER_ID, "Antenne France (sandbox)", "EUR",
                                 "Europe/Paris"),
}


@dataclass(frozen=True)
class GoogleCampaign:
    """One campaign with its exact totals over its whole run (start..end)."""

    id: int
    customer_id: str
    name: str
    channel_type: str  # AdvertisingChannelType name
    start: date
    end: date
    impressions: int
    clicks: int
    cost_micros: int
    conversions_halves: int  # conversions in halves: data-driven attribution is fractional
    focus: tuple[date, date] | None = None  # the nonprofit's campaign window, if any
    moments: tuple[date, ...] = ()


HELPLINE_WINDOW = (date(2022, 4, 25), date(2022, 5, 28))
SSM_WINDOW = (date(2023, 5, 1), date(2023, 5, 14))

GOOGLE_CAMPAIGNS: tuple[GoogleCampaign, ...] = (
    GoogleCampaign(15500000011, CUSTOMER_ID, "LIGNE-AIDE-DISPLAY-2022", "DISPLAY",
                   date(2022, 4, 7), date(2022, 6, 13), 169_050, 901, 412_000_000, 95,
                   focus=HELPLINE_WINDOW, moments=(date(2022, 5, 2), date(2022, 5, 16))),
    GoogleCampaign(15500000012, CUSTOMER_ID, "NOTORIETE-RECHERCHE", "SEARCH",
                   date(2022, 3, 1), date(2022, 6, 30), 9_800, 610, 305_500_000, 58),
    GoogleCampaign(15500000031, CUSTOMER_ID, "SSM-2023-RECHERCHE", "SEARCH",
                   date(2023, 4, 24), date(2023, 5, 14), 18_400, 1_150, 690_000_000, 128,
                   focus=SSM_WINDOW, moments=(date(2023, 5, 1), date(2023, 5, 7))),
    GoogleCampaign(15500000021, FRANCE_CUSTOMER_ID, "FR-SENSIBILISATION-2022", "SEARCH",
                   date(2022, 5, 2), date(2022, 5, 15), 6_200, 240, 180_000_000, 30),
)
CAMPAIGNS_BY_ID: dict[int, GoogleCampaign] = {c.id: c for c in GOOGLE_CAMPAIGNS}
HELPLINE_DISPLAY_ID = "15500000011"
SSM_SEARCH_ID = "15500000031"


@dataclass(frozen=True)
class GoogleDay:
    """One campaign's metrics on one day (only days with impressions exist)."""

    day: date
    customer_id: str
    campaign_id: int
    campaign_name: str
    channel_type: str
    impressions: int
    clicks: int
    cost_micros: int
    conversions: float


def _phase(campaign: GoogleCampaign) -> Callable[[int, date], float]:
    def weight(i: int, day: date) -> float:
        if campaign.focus is None:
            return 1.0
        start, end = campaign.focus
        if day < start:
            return 0.2  # soft launch: the campaign's own previous period stays quiet
        if day > end:
            return 0.45
        return 1.6 if day in campaign.moments else 1.0

    return weight


@cache
def campaign_days(campaign_id: int) -> tuple[GoogleDay, ...]:
    """Every day of one campaign with impressions, in date order."""
    c = CAMPAIGNS_BY_ID[campaign_id]
    span = list(gen.days(c.start, c.end))
    weights = gen.noisy_weights(f"google-{c.id}", span, _phase(c), spread=0.15)
    noise = gen.rng("google-mix", c.id)
    impressions = gen.largest_remainder(c.impressions, weights)
    clicks = gen.largest_remainder(c.clicks, [i * noise.uniform(0.8, 1.2) for i in impressions])
    cost = gen.largest_remainder(c.cost_micros,
                                 [i * noise.uniform(0.9, 1.1) for i in impressions])
    halves = gen.largest_remainder(c.conversions_halves,
                                   [k * noise.uniform(0.7, 1.3) for k in clicks])
    return tuple(
        GoogleDay(day, c.customer_id, c.id, c.name, c.channel_type, impressions[n], clicks[n],
                  cost[n], halves[n] / 2)
        for n, day in enumerate(span) if impressions[n] > 0
    )


def customer_days(customer_id: str, start: date, end: date) -> list[GoogleDay]:
    """Every campaign day of one customer within start..end, by date then campaign id."""
    found = [row for c in GOOGLE_CAMPAIGNS if c.customer_id == customer_id
             for row in campaign_days(c.id) if start <= row.day <= end]
    return sorted(found, key=lambda r: (r.day, r.campaign_id))
