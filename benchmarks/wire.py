"""Daily ads insights in Meta's wire shape, generated with a fixed seed.

The pages are what `GET act_{id}/insights?level=campaign&time_increment=1&limit=500`
answers: every metric a JSON string, `actions` a list of `{"action_type", "value"}`
with attribution keys on link clicks, a `paging` block with cursors. They are written
once to a JSON-lines file (one page per line, as the bytes came off the wire), and every
contender of the landing benchmark reads the same file.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SEED = 20221204
PAGE_SIZE = 500
FIRST_DAY = date(2019, 1, 1)


@dataclass(frozen=True)
class Shape:
    """How many rows: accounts x campaigns per account x days."""

    accounts: int
    campaigns: int
    days: int

    @property
    def last_day(self) -> date:
        return FIRST_DAY + timedelta(days=self.days - 1)

    def account_ids(self) -> list[str]:
        return [str(1_000_000_001 + a) for a in range(self.accounts)]

    @classmethod
    def for_rows(cls, rows: int) -> Shape:
        """4 accounts of 250 campaigns over as many days as `rows` needs (1M: 1 000 days)."""
        accounts, campaigns = (4, 250) if rows >= 10_000 else (1, 10)
        days = max(1, rows // (accounts * campaigns))
        return cls(accounts, campaigns, days)


def _row(rng: random.Random, account: str, campaign: int, day: date) -> dict[str, Any]:
    impressions = rng.randint(200, 60_000)
    reach = int(impressions * rng.uniform(0.45, 0.9))
    clicks = int(impressions * rng.uniform(0.002, 0.03))
    link_clicks = int(clicks * rng.uniform(0.5, 0.9))
    engagements = int(impressions * rng.uniform(0.005, 0.04))
    video_views = int(impressions * rng.uniform(0.0, 0.2))
    spend = impressions * rng.uniform(0.002, 0.012)
    day_text = day.isoformat()
    actions: list[dict[str, str]] = [
        {"action_type": "link_click", "value": str(link_clicks),
         "1d_click": str(int(link_clicks * 0.8)), "7d_click": str(link_clicks)},
        {"action_type": "page_engagement", "value": str(engagements + 3)},
        {"action_type": "post_engagement", "value": str(engagements)},
    ]
    if video_views:
        actions.append({"action_type": "video_view", "value": str(video_views)})
    return {
        "account_id": account,
        "account_currency": "CAD",
        "campaign_id": f"1202{account[-4:]}{campaign:010d}",
        "campaign_name": f"CAMPAGNE-{campaign:04d}-{'NOTORIETE' if campaign % 3 else 'DONS'}",
        "impressions": str(impressions),
        "reach": str(reach),
        "clicks": str(clicks),
        "inline_link_clicks": str(link_clicks),
        "spend": f"{spend:.2f}",
        "actions": actions,
        "date_start": day_text,
        "date_stop": day_text,
    }


def pages(shape: Shape, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """Every page of every account's answer, in the API's order (day, then campaign)."""
    rng = random.Random(seed)
    for account in shape.account_ids():
        rows: list[dict[str, Any]] = []
        offset = 0
        total = shape.campaigns * shape.days
        for d in range(shape.days):
            day = FIRST_DAY + timedelta(days=d)
            for campaign in range(shape.campaigns):
                rows.append(_row(rng, account, campaign, day))
                if len(rows) == PAGE_SIZE:
                    offset += len(rows)
                    yield _page(rows, offset, total)
                    rows = []
        if rows:
            offset += len(rows)
            yield _page(rows, offset, total)


def _page(rows: list[dict[str, Any]], offset: int, total: int) -> dict[str, Any]:
    def cursor(n: int) -> str:
        return base64.b64encode(str(n).encode()).decode()

    paging: dict[str, Any] = {"cursors": {"before": cursor(offset - len(rows)),
                                          "after": cursor(offset)}}
    if offset < total:
        paging["next"] = ("https://graph.facebook.com/v23.0/act_x/insights?access_token=REMOVED"
                          f"&limit={PAGE_SIZE}&after={cursor(offset)}")
    return {"data": rows, "paging": paging}


def write_pages(shape: Shape, path: Path) -> Path:
    """The pages as JSON lines at `path` (made once per shape: kept between runs)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out:
        for page in pages(shape):
            out.write(json.dumps(page, separators=(",", ":")))
            out.write("\n")
    partial.rename(path)
    return path


def read_pages(path: Path) -> Iterator[dict[str, Any]]:
    """Each page decoded from its line, one at a time."""
    with open(path, "rb") as source:
        for line in source:
            yield json.loads(line)
