"""The Mailchimp sandbox's sample mailings and how their reports grow after the send.

Pure and deterministic (seeded, no wall clock). One audience receives a monthly
newsletter (the 18th, 2021-01..2023-12) and two campaign mailings whose final figures
are pinned: the help line's mass mailing of the field reports (2 697 sent, 977 opened,
129 clicked, 5 381 opens counting forwards) and the 2023 mental-health week's. A
report's opens, clicks, forwards and unsubscribes accrue after the send and are final
after `FINAL_AFTER`; what a report shows depends on the moment it is read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from connectors.sandbox import generation as gen

# The sandbox's own "now" unless a test moves its clock: after all the sample data,
# like the Meta fake's relative date presets.
DEFAULT_NOW = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
# The fake's key. Any user name goes with it in HTTP basic auth, as with Mailchimp.
API_KEY = "0sandbox0mailchimp0key0000000000-us1"
DATA_CENTER = "us1"
LIST_ID = "57afe96172"
LIST_NAME = "Partenaires et abonnés (sandbox)"
# Opens and clicks accrue as 1 - exp(-hours / TIME_CONSTANT_HOURS) of their final value.
TIME_CONSTANT_HOURS = 36.0
FINAL_AFTER = timedelta(days=14)
# Mailchimp's industry averages for the account's industry (fractions).
INDUSTRY_STATS: dict[str, Any] = {
    "type": "Non-Profit", "open_rate": 0.2546, "click_rate": 0.0279, "bounce_rate": 0.0086,
    "unopen_rate": 0.7454, "unsub_rate": 0.0018, "abuse_rate": 0.0002,
}


@dataclass(frozen=True)
class Mailing:
    """A sent campaign and its final figures (reached FINAL_AFTER the send)."""

    id: str
    title: str
    subject: str
    send_time: datetime
    emails_sent: int
    hard_bounces: int
    soft_bounces: int
    syntax_errors: int
    unique_opens: int
    opens_total: int
    unique_subscriber_clicks: int  # people who clicked
    unique_clicks: int  # unique per link: one person clicking two links counts twice
    clicks_total: int
    forwards: int
    forward_opens: int
    unsubscribed: int
    abuse_reports: int

    @property
    def bounces(self) -> int:
        return self.hard_bounces + self.soft_bounces + self.syntax_errors

    @property
    def delivered(self) -> int:
        """Mailchimp's denominator of its open and click rates."""
        return self.emails_sent - self.bounces


# The help line's mass mailing to its partners (field report, spring 2022):
# 977 / (2 697 - 15) = 36.4 % opened; 129 / 977 = 13.2 % of openers clicked;
# 5 342 opens + 39 opens of forwarded copies = 5 381 "opens counting forwards".
HELPLINE_MAILING = Mailing(
    id="a1b2c3d4e5", title="Ligne d'aide – envoi aux partenaires",
    subject="Une ligne d'aide gratuite, 24 heures sur 24",
    send_time=datetime(2022, 5, 3, 13, 30, tzinfo=UTC), emails_sent=2_697,
    hard_bounces=9, soft_bounces=6, syntax_errors=0, unique_opens=977, opens_total=5_342,
    unique_subscriber_clicks=129, unique_clicks=141, clicks_total=187, forwards=23,
    forward_opens=39, unsubscribed=4, abuse_reports=0)
# The 2023 mental-health week's mailing to its ambassadors.
SSM_MAILING = Mailing(
    id="f6e5d4c3b2", title="Semaine de la santé mentale 2023 – ambassadeurs",
    subject="C'est parti : la Semaine nationale de la santé mentale",
    send_time=datetime(2023, 5, 1, 12, 0, tzinfo=UTC), emails_sent=3_120,
    hard_bounces=11, soft_bounces=7, syntax_errors=1, unique_opens=1_254, opens_total=4_410,
    unique_subscriber_clicks=188, unique_clicks=203, clicks_total=296, forwards=31,
    forward_opens=52, unsubscribed=6, abuse_reports=1)
# The quieter newsletter of the two weeks before it (the 2023 campaign's previous period).
SSM_PREVIOUS_NEWSLETTER = Mailing(
    id="7c3e9a1f20", title="Infolettre – avril 2023", subject="Nouvelles du réseau, avril 2023",
    send_time=datetime(2023, 4, 18, 13, 0, tzinfo=UTC), emails_sent=2_980,
    hard_bounces=8, soft_bounces=5, syntax_errors=0, unique_opens=760, opens_total=2_215,
    unique_subscriber_clicks=61, unique_clicks=66, clicks_total=84, forwards=5,
    forward_opens=7, unsubscribed=5, abuse_reports=0)
PINNED = {m.send_time.date(): m for m in (HELPLINE_MAILING, SSM_MAILING,
                                          SSM_PREVIOUS_NEWSLETTER)}
MONTHS = [(year, month) for year in (2021, 2022, 2023) for month in range(1, 13)]
_FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                  "septembre", "octobre", "novembre", "décembre")


def _newsletter(year: int, month: int) -> Mailing:
    day = date(year, month, 18)
    if day in PINNED:
        return PINNED[day]
    noise = gen.rng("mailchimp-newsletter", year, month)
    sent = 2_400 + 12 * MONTHS.index((year, month)) + noise.randint(0, 60)
    bounces = [noise.randint(3, 9), noise.randint(2, 7), noise.randint(0, 1)]
    opens = round((sent - sum(bounces)) * noise.uniform(0.22, 0.28))
    clickers = round(opens * noise.uniform(0.06, 0.09))
    forward_opens = noise.randint(2, 9)
    return Mailing(
        id=gen.rng("mailchimp-id", year, month).randbytes(5).hex(),
        title=f"Infolettre – {_FRENCH_MONTHS[month - 1]} {year}",
        subject=f"Nouvelles du réseau, {_FRENCH_MONTHS[month - 1]} {year}",
        send_time=datetime(year, month, 18, 13, 0, tzinfo=UTC), emails_sent=sent,
        hard_bounces=bounces[0], soft_bounces=bounces[1], syntax_errors=bounces[2],
        unique_opens=opens, opens_total=round(opens * noise.uniform(2.6, 3.2)),
        unique_subscriber_clicks=clickers, unique_clicks=clickers + noise.randint(2, 8),
        clicks_total=round(clickers * noise.uniform(1.3, 1.5)),
        forwards=max(1, forward_opens // 2), forward_opens=forward_opens,
        unsubscribed=noise.randint(2, 8), abuse_reports=noise.randint(0, 1))


@cache
def mailings() -> tuple[Mailing, ...]:
    """Every sample mailing, newest first (the order the fake lists reports in)."""
    everything = [_newsletter(y, m) for y, m in MONTHS]
    everything += [m for m in PINNED.values() if m not in everything]
    return tuple(sorted(everything, key=lambda m: m.send_time, reverse=True))


def accrued(final: int, mailing: Mailing, now: datetime) -> int:
    """What a growing count of `mailing` shows at `now`: 0 before the send, then
    final * (1 - exp(-hours / TIME_CONSTANT_HOURS)), and `final` after FINAL_AFTER."""
    elapsed = now - mailing.send_time
    if elapsed >= FINAL_AFTER:
        return final
    hours = max(0.0, elapsed.total_seconds() / 3600)
    return round(final * (1 - math.exp(-hours / TIME_CONSTANT_HOURS)))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def report(mailing: Mailing, now: datetime) -> dict[str, Any]:
    """The campaign report Mailchimp would answer at `now` (the wire's shape)."""
    def grow(final: int) -> int:
        return accrued(final, mailing, now)

    opens, clickers = grow(mailing.unique_opens), grow(mailing.unique_subscriber_clicks)
    delivered = mailing.delivered
    last = _stamp(min(now, mailing.send_time + FINAL_AFTER))
    return {
        "id": mailing.id, "campaign_title": mailing.title, "type": "regular",
        "list_id": LIST_ID, "list_is_active": True, "list_name": LIST_NAME,
        "subject_line": mailing.subject, "preview_text": "",
        "emails_sent": mailing.emails_sent, "abuse_reports": grow(mailing.abuse_reports),
        "unsubscribed": grow(mailing.unsubscribed), "send_time": _stamp(mailing.send_time),
        "bounces": {"hard_bounces": mailing.hard_bounces, "soft_bounces": mailing.soft_bounces,
                    "syntax_errors": mailing.syntax_errors},
        "forwards": {"forwards_count": grow(mailing.forwards),
                     "forwards_opens": grow(mailing.forward_opens)},
        "opens": {"opens_total": grow(mailing.opens_total), "proxy_excluded_opens": 0,
                  "unique_opens": opens, "proxy_excluded_unique_opens": 0,
                  "open_rate": opens / delivered, "proxy_excluded_open_rate": 0,
                  "last_open": last if opens else ""},
        "clicks": {"clicks_total": grow(mailing.clicks_total),
                   "unique_clicks": grow(mailing.unique_clicks),
                   "unique_subscriber_clicks": clickers, "click_rate": clickers / delivered,
                   "last_click": last if clickers else ""},
        "facebook_likes": {"recipient_likes": 0, "unique_likes": 0, "facebook_likes": 0},
        "industry_stats": dict(INDUSTRY_STATS),
        "list_stats": {"sub_rate": 1.4, "unsub_rate": 0.3, "open_rate": 26.1,
                       "click_rate": 2.2},
        "delivery_status": {"enabled": False},
        "_links": [],
    }
