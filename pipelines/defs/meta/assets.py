"""Meta: ads insights (channel meta_ads), Page insights (facebook), Instagram insights."""

# No `from __future__ import annotations`: Dagster reads the context annotation at
# definition time and needs the real class.
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import dagster as dg
import pyarrow as pa

from connectors import meta
from connectors.windows import DateWindow
from pipelines.defs.landing import (
    Fetched,
    channel_off,
    connector_config,
    ingestion_asset,
    land_fetched,
    land_objects_daily,
)
from pipelines.defs.partitions import partition_window
from pipelines.defs.resources import PulseResource
from pipelines.registry import Campaign
from pipelines.settings import MetaSettings
from pipelines.warehouse import Replacement

REGISTRY = dg.AssetKey(["raw", "registry_channels"])

_PERIOD_REACH = pa.schema([
    ("pulse_campaign_id", pa.string()), ("period", pa.string()), ("window_start", pa.date32()),
    ("window_end", pa.date32()), ("account_id", pa.string()), ("reach", pa.int64()),
    ("impressions", pa.int64()), ("_source", pa.string()), ("_source_row", pa.int32()),
])
_PERIOD_TOTALS = pa.schema([
    ("pulse_campaign_id", pa.string()), ("period", pa.string()), ("window_start", pa.date32()),
    ("window_end", pa.date32()), ("ig_user_id", pa.string()), ("metric", pa.string()),
    ("value", pa.float64()), ("_source", pa.string()), ("_source_row", pa.int32()),
])


def meta_config(s: MetaSettings) -> meta.MetaConfig:
    """The connector's configuration from the META_* settings; raises ``ValueError``
    naming META_API_VERSION when it is not a Graph API version."""
    return meta.MetaConfig(
        access_token=s.access_token,
        app_secret=s.app_secret,
        ad_account_ids=s.ad_account_ids,
        page_ids=s.page_ids,
        instagram_account_ids=s.instagram_account_ids,
        graph_url=s.graph_url,
        api_version=s.api_version,
        page_metrics=s.page_metrics,
        instagram_metrics=s.instagram_metrics,
    )


def off_reason(s: MetaSettings, ids: tuple[str, ...], ids_setting: str) -> str | None:
    """Why a Meta channel is off, or None when its settings are complete."""
    if not s.enabled:
        return "META_ACCESS_TOKEN is unset"
    if not ids:
        return f"{ids_setting} is unset"
    return None


def campaigns_touching(campaigns: list[Campaign], window: DateWindow) -> list[Campaign]:
    """Campaigns one of whose compared periods overlaps the run's window."""
    return [c for c in campaigns
            if any(w.start <= window.end and window.start <= w.end for _, w in c.periods())]


def period_reach_slice(config: meta.MetaConfig, campaign: Campaign,
                       account: str) -> Replacement:
    """A campaign's exact reach over each compared window, for one ad account."""
    selector = campaign.selector("meta_ads")
    assert selector is not None
    ids = selector.values if selector.kind == "campaign_ids" else ()
    contains = selector.values[0] if selector.kind == "campaign_name_contains" else None
    rows = []
    for period, w in campaign.periods():
        got = meta.fetch_ads_period_reach(config, account, w, campaign_ids=ids,
                                          name_contains=contains)
        rows.append({"pulse_campaign_id": campaign.id, "period": period,
                     "window_start": w.start, "window_end": w.end, "account_id": account,
                     "reach": got["reach"], "impressions": got["impressions"],
                     "_source": got["_source"], "_source_row": 1})
    return Replacement("meta_ads_period_reach",
                       {"pulse_campaign_id": campaign.id, "account_id": account},
                       pa.Table.from_pylist(rows, schema=_PERIOD_REACH))


def period_totals_slice(config: meta.MetaConfig, campaign: Campaign, ig_user_id: str,
                        on_warning: Callable[[str], None]) -> Replacement:
    """A campaign's deduplicated Instagram totals over each compared window."""
    rows = [
        {"pulse_campaign_id": campaign.id, "period": period, "window_start": w.start,
         "window_end": w.end, "ig_user_id": ig_user_id, "metric": t["metric"],
         "value": t["value"], "_source": t["_source"], "_source_row": n}
        for period, w in campaign.periods()
        for n, t in enumerate(meta.fetch_instagram_totals(config, ig_user_id, w,
                                                          on_warning=on_warning), start=1)
    ]
    return Replacement("instagram_period_totals",
                       {"pulse_campaign_id": campaign.id, "ig_user_id": ig_user_id},
                       pa.Table.from_pylist(rows, schema=_PERIOD_TOTALS))


DailyFetch = Callable[..., Iterator[pa.RecordBatch]]


def land_daily(context: dg.AssetExecutionContext, pulse: PulseResource, *, ids: tuple[str, ...],
               ids_setting: str, label: str, table: str, scope: str, fetch: DailyFetch,
               schema: pa.Schema) -> dg.MaterializeResult:
    """Fetch the run's days for each object (account, page...), then land them all."""
    s = pulse.settings.meta
    if skipped := channel_off(context, off_reason(s, ids, ids_setting)):
        return skipped
    config = connector_config(context, pulse, partial(meta_config, s))
    return land_objects_daily(
        context, pulse, ids=ids, label=label, table=table, scope=scope, schema=schema,
        fetch=lambda object_id, window, warn: fetch(config, object_id, window, on_warning=warn))


def build_meta_assets(
        partitions_def: dg.TimeWindowPartitionsDefinition) -> list[dg.AssetsDefinition]:
    """The five Meta assets, all on the shared daily partitions so that a channel's
    backfill is one run. The per-window totals are partitioned by the days they cover:
    a run re-reads the windows of the campaigns that touch its days."""
    def raw_asset(table: str, group: str, **extra: Any) -> Callable[..., dg.AssetsDefinition]:
        return ingestion_asset(table, group, partitions_def, kinds={"meta"}, **extra)

    @raw_asset("meta_ads_insights", "meta_ads")
    def meta_ads_insights(context: dg.AssetExecutionContext,
                          pulse: PulseResource) -> dg.MaterializeResult:
        """Meta ads insights per ad campaign per day (impressions, daily reach, clicks,
        link clicks, spend, engagements, video views) for every META_AD_ACCOUNT_IDS
        account; the run's days are replaced exactly."""
        return land_daily(context, pulse, ids=pulse.settings.meta.ad_account_ids,
                          ids_setting="META_AD_ACCOUNT_IDS", label="ad account",
                          table="meta_ads_insights", scope="account_id",
                          fetch=meta.iter_ads_insights, schema=meta.ADS_SCHEMA)

    @raw_asset("meta_ads_period_reach", "meta_ads", deps=[REGISTRY])
    def meta_ads_period_reach(context: dg.AssetExecutionContext,
                              pulse: PulseResource) -> dg.MaterializeResult:
        """The exact unique reach of each registered campaign's Meta ads over its window
        and its previous window, asked of the API for exactly that window (reach is
        people: a period's reach is never the sum of daily reach). A run over some days
        re-reads the campaigns whose compared windows touch those days."""
        s = pulse.settings.meta
        if skipped := channel_off(context, off_reason(s, s.ad_account_ids, "META_AD_ACCOUNT_IDS")):
            return skipped
        config = connector_config(context, pulse, partial(meta_config, s))
        window, fetched = partition_window(context), Fetched()
        for campaign in campaigns_touching(pulse.registry().with_channel("meta_ads"), window):
            for account in s.ad_account_ids:
                fetched.attempt(f"campaign {campaign.id}, ad account {account}",
                                partial(period_reach_slice, config, campaign, account))
        return land_fetched(context, pulse, fetched)

    @raw_asset("meta_page_insights", "facebook")
    def meta_page_insights(context: dg.AssetExecutionContext,
                           pulse: PulseResource) -> dg.MaterializeResult:
        """Facebook Page insights per day (the META_PAGE_METRICS: views, daily reach,
        engagements, page visits) for every META_PAGE_IDS page. A metric Meta has
        removed is reported and skipped; the others land."""
        return land_daily(context, pulse, ids=pulse.settings.meta.page_ids,
                          ids_setting="META_PAGE_IDS", label="page",
                          table="meta_page_insights", scope="page_id",
                          fetch=meta.iter_page_insights, schema=meta.PAGE_SCHEMA)

    @raw_asset("instagram_insights", "instagram")
    def instagram_insights(context: dg.AssetExecutionContext,
                           pulse: PulseResource) -> dg.MaterializeResult:
        """Instagram account insights per day (the META_INSTAGRAM_METRICS: daily reach,
        views, profile views) for every META_INSTAGRAM_ACCOUNT_IDS account."""
        return land_daily(context, pulse, ids=pulse.settings.meta.instagram_account_ids,
                          ids_setting="META_INSTAGRAM_ACCOUNT_IDS", label="instagram account",
                          table="instagram_insights", scope="ig_user_id",
                          fetch=meta.iter_instagram_insights, schema=meta.INSTAGRAM_SCHEMA)

    @raw_asset("instagram_period_totals", "instagram", deps=[REGISTRY])
    def instagram_period_totals(context: dg.AssetExecutionContext,
                                pulse: PulseResource) -> dg.MaterializeResult:
        """Deduplicated Instagram totals (metric_type=total_value) over each registered
        campaign's window and previous window: the exact reach of those windows, where
        the API gives it. A run over some days re-reads the campaigns whose compared
        windows touch those days."""
        s = pulse.settings.meta
        if skipped := channel_off(context, off_reason(s, s.instagram_account_ids,
                                                      "META_INSTAGRAM_ACCOUNT_IDS")):
            return skipped
        config = connector_config(context, pulse, partial(meta_config, s))
        window, fetched = partition_window(context), Fetched()
        for campaign in campaigns_touching(pulse.registry().with_channel("instagram"), window):
            for ig in s.instagram_account_ids:
                fetched.attempt(f"campaign {campaign.id}, instagram account {ig}",
                                partial(period_totals_slice, config, campaign, ig,
                                        fetched.warnings.append))
        return land_fetched(context, pulse, fetched)

    return [meta_ads_insights, meta_ads_period_reach, meta_page_insights,
            instagram_insights, instagram_period_totals]
