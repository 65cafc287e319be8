"""The Meta connector: ads insights, Facebook Page insights and Instagram insights.

Plain functions over the official ``facebook_business`` SDK, each taking a
``MetaConfig`` and a ``DateWindow`` and yielding typed Arrow batches (or small dicts)
whose columns are the raw tables'. Errors are the shared ``connectors.errors`` classes;
the access token never appears in any message, log line or provenance string.
See README.md beside this file for the source's quirks.
"""

from connectors.meta.ads import PeriodReach, fetch_ads_period_reach, iter_ads_insights
from connectors.meta.coerce import ADS_SCHEMA, INSTAGRAM_SCHEMA, PAGE_SCHEMA
from connectors.meta.config import MetaConfig
from connectors.meta.organic import (
    fetch_instagram_totals,
    iter_instagram_insights,
    iter_page_insights,
)

__all__ = [
    "ADS_SCHEMA",
    "INSTAGRAM_SCHEMA",
    "PAGE_SCHEMA",
    "MetaConfig",
    "PeriodReach",
    "fetch_ads_period_reach",
    "fetch_instagram_totals",
    "iter_ads_insights",
    "iter_instagram_insights",
    "iter_page_insights",
]
