"""Google Ads: daily campaign metrics (channel google_ads)."""

# No `from __future__ import annotations`: Dagster reads the context annotation at
# definition time and needs the real class.
from functools import partial

import dagster as dg

from connectors.google_ads import GoogleAdsConfig
from connectors.google_ads.campaigns import iter_campaign_daily
from connectors.google_ads.coerce import CAMPAIGN_DAILY_SCHEMA
from pipelines.defs.landing import (
    channel_off,
    connector_config,
    ingestion_asset,
    land_objects_daily,
)
from pipelines.defs.resources import PulseResource
from pipelines.settings import GoogleAdsSettings


def google_ads_config(s: GoogleAdsSettings) -> GoogleAdsConfig:
    """The connector's configuration from the GOOGLE_ADS_* settings; raises ``AuthError``
    naming the settings when the OAuth credentials a real endpoint needs are missing."""
    return GoogleAdsConfig(
        developer_token=s.developer_token,
        customer_ids=s.customer_ids,
        login_customer_id=s.login_customer_id,
        client_id=s.client_id,
        client_secret=s.client_secret,
        refresh_token=s.refresh_token,
        endpoint=s.endpoint,
    )


def off_reason(s: GoogleAdsSettings) -> str | None:
    """Why the channel is off, or None when its settings are there."""
    if not s.enabled:
        return "GOOGLE_ADS_DEVELOPER_TOKEN is unset"
    if not s.customer_ids:
        return "GOOGLE_ADS_CUSTOMER_IDS is unset"
    return None


def build_google_ads_assets(
        partitions_def: dg.TimeWindowPartitionsDefinition) -> list[dg.AssetsDefinition]:
    """The Google Ads asset, on the shared daily partitions with a single-run backfill."""

    @ingestion_asset("google_ads_campaign_daily", "google_ads", partitions_def,
                     kinds={"googleads"})
    def google_ads_campaign_daily(context: dg.AssetExecutionContext,
                                  pulse: PulseResource) -> dg.MaterializeResult:
        """Google Ads metrics per campaign per day (impressions, clicks, cost in the
        account currency, conversions, channel type) for every GOOGLE_ADS_CUSTOMER_IDS
        customer, read through GoogleAdsService.SearchStream; the run's days are
        replaced exactly. The nightly run re-reads GOOGLE_ADS_LOOKBACK_DAYS (14) days,
        since conversions keep arriving for the conversion window."""
        s = pulse.settings.google_ads
        if skipped := channel_off(context, off_reason(s)):
            return skipped
        config = connector_config(context, pulse, partial(google_ads_config, s))
        return land_objects_daily(
            context, pulse, ids=config.customer_ids, label="customer",
            table="google_ads_campaign_daily", scope="customer_id",
            schema=CAMPAIGN_DAILY_SCHEMA,
            fetch=lambda customer, window, _warn: iter_campaign_daily(config, customer, window))

    return [google_ads_campaign_daily]
