"""Page insights and Instagram user insights of the Meta sandbox.

`GET /{v}/{page_id}/insights` and `GET /{v}/{ig_user_id}/insights` with metric, period=day,
since and until (dates, inclusive, or unix timestamps read as UTC dates).  Values are
integers; each carries the end of its day in Pacific time as end_time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from connectors.sandbox import generation as gen
from connectors.sandbox import sample_data as data
from connectors.sandbox.meta_ads import GraphError, bad_param
from connectors.sandbox.server import Request

INVALID_METRIC = "(#100) The value must be a valid insights metric"
MAX_SPAN_SECONDS = 90 * 86_400
TITLES = {
    "page_total_media_view_unique": ("Daily Total Media Viewers",
                                     "Daily: The number of people who saw any of your content"),
    "page_media_view": ("Daily Media Views",
                        "Daily: The number of times your content was played or displayed"),
    "page_post_engagements": ("Daily Post Engagements",
                              "Daily: The number of times people engaged with your posts"),
    "page_views_total": ("Daily Total views count per Page",
                         "Daily: Total views count per Page"),
    "page_follows": ("Daily Page Follows", "Daily: The number of people who follow your Page"),
    "page_daily_follows_unique": ("Daily New Follows", "Daily: The number of new followers"),
    "page_daily_unfollows_unique": ("Daily Unfollows", "Daily: The number of unfollows"),
    "reach": ("Accounts reached", "The number of unique accounts that have seen your content"),
    "views": ("Views", "The number of times your content was played or displayed"),
    "profile_views": ("Profile views", "The number of times your profile was visited"),
    "total_interactions": ("Content interactions", "The total number of interactions"),
    "likes": ("Likes", "The number of likes on your content"),
    "comments": ("Comments", "The number of comments on your content"),
    "shares": ("Shares", "The number of shares of your content"),
    "saves": ("Saves", "The number of saves of your content"),
}


def _when(value: str, name: str) -> date:
    if value.isdigit():
        return datetime.fromtimestamp(int(value), tz=UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise bad_param(f"{name} must be a date (YYYY-MM-DD) or a unix timestamp") from None


def _stamp(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def parse_window(params: dict[str, str]) -> tuple[date, date]:
    """since..until (inclusive days); at most 90 days between them, like the real API."""
    if "since" in params and "until" in params:
        since, until = _when(params["since"], "since"), _when(params["until"], "until")
    else:  # the real API defaults to the last two days; ours end with the sample data
        since, until = data.DATA_END - timedelta(days=1), data.DATA_END
    if since > until:
        raise bad_param("The since parameter must be before the until parameter")
    if (until - since).total_seconds() > MAX_SPAN_SECONDS:
        raise bad_param("There cannot be more than 90 days (7776000 s) between since and until")
    return since, until


def requested_metrics(params: dict[str, str]) -> list[str]:
    """The comma-joined metric parameter as a list."""
    return [m.strip() for m in params.get("metric", "").split(",") if m.strip()]


def _paging(request: Request, since: date, until: date) -> dict[str, str]:
    # Like the real API: links to the windows of the same length just before and after,
    # carrying the access token (so clients must never log them).
    length = (until - since).days + 1
    base = {k: v for k, v in request.params.items() if k not in ("since", "until")}

    def link(start: date) -> str:
        end = start + timedelta(days=length - 1)
        query = urlencode({**base, "since": _stamp(start), "until": _stamp(end)})
        return f"{request.base_url}{request.path}?{query}"

    return {"previous": link(since - timedelta(days=length)),
            "next": link(until + timedelta(days=1))}


def insights(request: Request, object_id: str, kind: str) -> dict[str, Any]:
    """The answer to a page ("page") or Instagram ("instagram") insights request."""
    params = request.params
    metrics = requested_metrics(params)
    known = data.PAGE_METRICS if kind == "page" else data.INSTAGRAM_METRICS
    if not metrics or any(m not in known for m in metrics):
        raise GraphError(400, 100, INVALID_METRIC, type="OAuthException")
    if params.get("period", "day") != "day":
        raise bad_param("period must be one of the following values: day")
    since, until = parse_window(params)
    daily: Callable[[str, str, date], int] = (data.page_daily if kind == "page"
                                              else data.instagram_daily)
    total_value = kind == "instagram" and params.get("metric_type") == "total_value"
    items = []
    for metric in metrics:
        title, description = TITLES[metric]
        item: dict[str, Any] = {"name": metric, "period": "day"}
        if total_value:
            value = data.instagram_total_value(object_id, metric, since, until)
            item["title"], item["description"] = title, description
            item["total_value"] = {"value": value}
        else:
            item["values"] = [{"value": daily(object_id, metric, d),
                               "end_time": gen.pacific_end_time(d)}
                              for d in gen.days(since, until)]
            item["title"], item["description"] = title, description
        item["id"] = f"{object_id}/insights/{metric}/day"
        items.append(item)
    return {"data": items, "paging": _paging(request, since, until)}
