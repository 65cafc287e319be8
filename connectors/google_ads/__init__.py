"""The Google Ads connector: daily campaign metrics through GoogleAdsService.SearchStream.

Plain functions over the official ``google-ads`` library (gRPC), taking a
``GoogleAdsConfig`` and a ``DateWindow`` and yielding typed Arrow batches whose columns
are the raw table's. Errors are the shared ``connectors.errors`` classes; the developer
token and the OAuth secrets never appear in any message, log line or provenance string.
See README.md beside this file for the source's quirks.
"""

from connectors.google_ads.campaigns import campaign_daily_query, iter_campaign_daily
from connectors.google_ads.coerce import CAMPAIGN_DAILY_SCHEMA, micros_to_amount
from connectors.google_ads.config import GoogleAdsConfig, customer_id

__all__ = [
    "CAMPAIGN_DAILY_SCHEMA",
    "GoogleAdsConfig",
    "campaign_daily_query",
    "customer_id",
    "iter_campaign_daily",
    "micros_to_amount",
]
