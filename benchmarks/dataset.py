"""Ten million fact rows for the models and the analysts, made with a fixed seed.

520 campaigns in a registry, seven channels, 2021-01-01 to 2023-12-31, all landed by
the pipeline's own landing (`Warehouse.land`, `land_files`), so that the ledger of
landed days and every raw table look as a real warehouse would:

- Meta ads: 4 ad accounts x 300 ad campaigns x 1 095 days in the API's wire shape,
  typed by the connector (about 9.2 million fact rows);
- Google Ads: 2 customers x 150 campaigns x 1 095 days (about 1.3 million);
- Facebook Pages, Instagram accounts and Mailchimp reports: read by the connectors from
  the sandbox fakes, as a night would;
- X and TikTok: one account overview export per year, landed as files.

Two templates are kept in benchmarks/.data/: the full warehouse, and the same raw tables
empty (for dbt's fixed cost).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import yaml

from benchmarks.common import DATA_DIR, dbt, fresh
from benchmarks.wire import Shape, pages

if TYPE_CHECKING:
    from pipelines.warehouse import Warehouse

FIRST, LAST = date(2021, 1, 1), date(2023, 12, 31)
DAYS = (LAST - FIRST).days + 1
META = Shape(accounts=4, campaigns=300, days=DAYS)
GOOGLE_CUSTOMERS, GOOGLE_CAMPAIGNS = ("5000000001", "5000000002"), 150
CAMPAIGNS = 520
SEED = 20221205
ANALYST_CAMPAIGN = "campagne-0260"
DESCRIPTION = (f"The dataset: {CAMPAIGNS} campaigns, 7 channels, {FIRST} to {LAST}, landed by "
               "the pipeline's own landing (benchmarks/dataset.py).")
RUN_ID = "benchmark-dataset"


def templates() -> tuple[Path, Path]:
    """The full and the empty warehouse templates (made once, then kept)."""
    folder = DATA_DIR / "dataset"
    full, empty = folder / "full.duckdb", folder / "empty.duckdb"
    if full.exists() and empty.exists():
        return full, empty
    work = fresh(folder / "build")
    registry = work / "campaigns.yaml"
    registry.write_text(yaml.safe_dump(_registry(), sort_keys=False, allow_unicode=True),
                        encoding="utf-8")
    _land_everything(work / "full.duckdb", registry, work)
    _land_registry(work / "empty.duckdb", registry)
    for template in ("full", "empty"):  # the models read the seeds too
        dbt(["seed"], work / f"{template}.duckdb", work / "target")
    (work / "full.duckdb").rename(full)
    (work / "empty.duckdb").rename(empty)
    return full, empty


def _registry() -> dict[str, Any]:
    """520 campaigns of 2 to 8 weeks over the three years, every channel mapped."""
    rng = random.Random(SEED)
    campaigns = []
    span = DAYS - 120
    for n in range(CAMPAIGNS):
        start = FIRST + timedelta(days=70 + (n * span) // CAMPAIGNS)
        length = rng.randint(14, 56)
        account = META.account_ids()[n % META.accounts]
        ads = sorted({rng.randrange(META.campaigns) for _ in range(3)})
        customer = GOOGLE_CUSTOMERS[n % 2]
        campaign: dict[str, Any] = {
            "id": f"campagne-{n:04d}",
            "name": f"Campagne {n}",
            "start": start,
            "end": start + timedelta(days=length - 1),
            "budget": {"amount": rng.randint(5, 60) * 1000, "currency": "CAD"},
            "channels": {
                "meta_ads": {"campaign_ids": [f"1202{account[-4:]}{a:010d}" for a in ads]},
                "google_ads": {"campaign_ids": [_google_campaign(customer, rng.randrange(
                    GOOGLE_CAMPAIGNS))]},
                "facebook": "account", "instagram": "account", "mailchimp": "account",
                "twitter": "account", "tiktok": "account",
            },
        }
        if n % 3 == 0 and start >= FIRST + timedelta(days=200):
            campaign["baseline_months"] = 6
        campaigns.append(campaign)
    return {"campaigns": campaigns}


def _google_campaign(customer: str, n: int) -> str:
    return f"{customer[-2:]}{n:08d}"


def _land_everything(path: Path, registry_file: Path, work: Path) -> None:
    from connectors.meta.coerce import ADS_SCHEMA, ads_batch
    from pipelines.warehouse import Replacement

    warehouse = _land_registry(path, registry_file)
    window = (FIRST, LAST)
    batches: dict[str, list[pa.RecordBatch]] = {}
    for number, page in enumerate(pages(META, seed=SEED)):
        account = page["data"][0]["account_id"]
        batches.setdefault(account, []).append(
            ads_batch(_dated(page["data"]), f"benchmark page {number}", account))
    warehouse.land([Replacement("meta_ads_insights", {"account_id": a},
                                pa.Table.from_batches(b, schema=ADS_SCHEMA), window)
                    for a, b in batches.items()], RUN_ID)
    del batches
    warehouse.land([Replacement("google_ads_campaign_daily", {"customer_id": c},
                                _google_ads(c), window) for c in GOOGLE_CUSTOMERS], RUN_ID)
    _land_from_the_fakes(warehouse)
    _land_exports(warehouse, work)


def _dated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The wire pages start on the wire module's first day: move them to ours."""
    shift = (FIRST - date(2019, 1, 1)).days
    for row in rows:
        day = (date.fromisoformat(row["date_start"]) + timedelta(days=shift)).isoformat()
        row["date_start"] = row["date_stop"] = day
    return rows


def _google_ads(customer: str) -> pa.Table:
    from connectors.google_ads.coerce import CAMPAIGN_DAILY_SCHEMA

    rng = random.Random(f"{SEED}-{customer}")
    columns: dict[str, list[Any]] = {f.name: [] for f in CAMPAIGN_DAILY_SCHEMA}
    for d in range(DAYS):
        day = FIRST + timedelta(days=d)
        for n in range(GOOGLE_CAMPAIGNS):
            impressions = rng.randint(100, 9000)
            clicks = impressions * rng.randint(1, 40) // 1000
            row = {"customer_id": customer, "campaign_id": _google_campaign(customer, n),
                   "campaign_name": f"RECHERCHE-{n:03d}",
                   "advertising_channel_type": "SEARCH" if n % 4 else "DISPLAY",
                   "date": day, "currency_code": "CAD", "impressions": impressions,
                   "clicks": clicks, "cost": Decimal(clicks * rng.randint(20, 150)) / 100,
                   "conversions": float(clicks // 20), "_source": f"benchmark {customer}",
                   "_source_row": len(columns["date"]) + 1}
            for name, value in row.items():
                columns[name].append(value)
    return pa.Table.from_pydict(columns, schema=CAMPAIGN_DAILY_SCHEMA)


def _land_from_the_fakes(warehouse: Warehouse) -> None:
    """Pages, Instagram accounts and Mailchimp reports, read by the connectors from the
    sandbox fakes over the three years."""
    from datetime import UTC, datetime

    from connectors import mailchimp, meta
    from connectors.meta.coerce import INSTAGRAM_SCHEMA, PAGE_SCHEMA
    from connectors.sandbox.mailchimp_api import MailchimpApp
    from connectors.sandbox.meta_graph import MetaGraphApp
    from connectors.sandbox.sample_data import INSTAGRAM_ID, PAGE_ID, TOKEN
    from connectors.sandbox.sample_mailchimp import API_KEY
    from connectors.sandbox.server import SandboxServer
    from connectors.windows import DateWindow
    from pipelines.warehouse import Replacement

    window = DateWindow(FIRST, LAST)
    mailings = MailchimpApp()
    with SandboxServer(MetaGraphApp()) as graph, SandboxServer(mailings) as chimp:
        config = meta.MetaConfig(access_token=TOKEN, graph_url=graph.url)
        warehouse.land([
            Replacement("meta_page_insights", {"page_id": PAGE_ID}, pa.Table.from_batches(
                list(meta.iter_page_insights(config, PAGE_ID, window)), schema=PAGE_SCHEMA),
                (FIRST, LAST)),
            Replacement("instagram_insights", {"ig_user_id": INSTAGRAM_ID},
                        pa.Table.from_batches(list(meta.iter_instagram_insights(
                            config, INSTAGRAM_ID, window)), schema=INSTAGRAM_SCHEMA),
                        (FIRST, LAST)),
        ], RUN_ID)
        mailings.set_now(datetime(2024, 1, 15, 12, tzinfo=UTC))
        read = mailchimp.read_campaign_reports(
            mailchimp.MailchimpConfig(api_key=API_KEY, api_url=chimp.url + "/3.0"), window)
        warehouse.land([Replacement("mailchimp_campaign_reports",
                                    {"read_date": read.read_date.isoformat()}, read.table,
                                    (FIRST, LAST))], RUN_ID)


def _land_exports(warehouse: Warehouse, work: Path) -> None:
    """One X account overview and one TikTok Overview export per year, as files."""
    from pipelines.exports import land_files

    rng = random.Random(f"{SEED}-exports")
    folder = work / "exports"
    folder.mkdir()
    x_files, tiktok_files = [], []
    for year in (2021, 2022, 2023):
        days = [d for d in (date(year, 1, 1) + timedelta(days=n) for n in range(366))
                if d.year == year]
        x_rows: list[list[object]] = [[
            "Date", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares",
            "New follows", "Unfollows", "Replies", "Reposts", "Profile visits",
            "Create Post", "Video views", "Media views"]]
        for day in reversed(days):  # newest first, as X writes it
            impressions = rng.randint(200, 5000)
            x_rows.append([day.strftime("%a, %b ") + f"{day.day}, {day.year}", impressions,
                           *(rng.randint(0, impressions // 20) for _ in range(12))])
        x_files.append(_write(folder / f"account_overview_{year}.csv", x_rows))
        tiktok_rows: list[list[object]] = [["Date", "Video Views", "Profile Views", "Likes",
                                            "Comments", "Shares"]]
        for day in days:
            tiktok_rows.append([day.strftime("%B ") + str(day.day),
                                *(rng.randint(0, 900) for _ in range(5))])
        tiktok_files.append(_write(folder / f"Overview_{year}-01-01_{year}-12-31.csv",
                                   tiktok_rows))
    for channel, files in (("twitter", x_files), ("tiktok", tiktok_files)):
        outcomes = land_files(warehouse, files, channel, timezone="America/Toronto",
                              run_id=RUN_ID)
        failed = [o for o in outcomes if o.status != "landed"]
        if failed:
            raise RuntimeError(f"the benchmark's {channel} exports did not land: {failed}")


def _write(path: Path, rows: list[list[object]]) -> Path:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def _land_registry(path: Path, registry_file: Path) -> Warehouse:
    """A warehouse at `path` with the raw tables and the registry landed, no platform rows
    yet (alone: the empty dataset that measures dbt's fixed cost)."""
    from pipelines.defs.registry.assets import registry_tables
    from pipelines.registry import load_registry
    from pipelines.warehouse import Replacement, Warehouse

    warehouse = Warehouse(path)
    warehouse.land([Replacement(name, {}, table) for name, table in
                    registry_tables(load_registry(registry_file)).items()], RUN_ID)
    return warehouse
