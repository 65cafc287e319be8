"""The Google Ads connector: daily campaign metrics through GoogleAdsService.SearchStream.

Plain functions over the official ``google-ads`` library (gRPC), taking a
``GoogleAdsConfig`` and a ``DateWindow`` and yielding typed Arrow batches whose columns
are the raw table's: ``campaigns.iter_campaign_daily`` (schema
``coerce.CAMPAIGN_DAILY_SCHEMA``). Errors are the shared ``connectors.errors`` classes;
the developer token and the OAuth secrets never appear in any message, log line or
provenance string. See README.md beside this file for the source's quirks.

Only the configuration is imported here: settings validate customer ids with it, and
loading the gRPC library (about a second) is left to the code that calls the API.
"""

from connectors.google_ads.config import GoogleAdsConfig, customer_id, split_endpoint

__all__ = ["GoogleAdsConfig", "customer_id", "split_endpoint"]
