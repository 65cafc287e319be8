"""What we ask of Meta and how its answers are read: the source's constants in one place."""

from __future__ import annotations

from zoneinfo import ZoneInfo

SOURCE = "Meta"

# Ads insights, level=campaign, one row per campaign and day.  `actions` carries the
# engagement and video counts; reach is the day's unique count, never summed.
ADS_FIELDS: tuple[str, ...] = (
    "account_id",
    "account_currency",
    "campaign_id",
    "campaign_name",
    "date_start",
    "date_stop",
    "impressions",
    "reach",
    "clicks",
    "inline_link_clicks",
    "spend",
    "actions",
)
PERIOD_REACH_FIELDS: tuple[str, ...] = ("account_id", "reach", "impressions")
ENGAGEMENT_ACTION = "post_engagement"
VIDEO_VIEW_ACTION = "video_view"

# Async report run statuses (AdReportRun.async_status).
ASYNC_DONE = "Job Completed"
ASYNC_FAILED = frozenset({"Job Failed", "Job Skipped"})
# A failed report run is submitted again this many times before the range is halved.
ASYNC_SUBMISSIONS = 2

# Error codes (body error.code), from the Graph API error reference.
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
TOKEN_CODES = frozenset({102, 190})
TOKEN_SUBCODES = frozenset({458, 459, 460, 463, 464, 467})
PERMISSION_CODES = frozenset({10, *range(200, 300)})
# 1 (unknown) and 2 (service) are temporary by the reference; code 1 is also how
# "Please reduce the amount of data you're asking for" comes, which is not temporary.
TRANSIENT_CODES = frozenset({1, 2})
INVALID_PARAMETER_CODE = 100
TOO_MUCH_DATA_TEXT = "reduce the amount of data"

# Usage headers (percent of the limit); above this share we pause before the next call.
USAGE_HEADERS = ("x-business-use-case-usage", "x-app-usage", "x-ad-account-usage",
                 "x-fb-ads-insights-throttle")
USAGE_SLOWDOWN_PCT = 90.0

# Page and Instagram insights: a query spans at most this many days (since..until).
PAGE_MAX_DAYS = 90
INSTAGRAM_MAX_DAYS = 30
# `end_time` of a daily value is the end of the day, in Pacific time.
INSIGHTS_TIMEZONE = ZoneInfo("America/Los_Angeles")

PAGE_METRICS_SETTING = "META_PAGE_METRICS"
INSTAGRAM_METRICS_SETTING = "META_INSTAGRAM_METRICS"
TOKEN_SETTING = "META_ACCESS_TOKEN"  # noqa: S105 (the setting's name, not a secret)
