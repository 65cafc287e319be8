"""Ads insights queries of the Meta sandbox: parameters in, Graph API rows out.

Parses the parameters the facebook-business SDK sends (fields comma-joined or as a JSON
list, time_range/filtering as JSON), groups delivery days into the asked time buckets
and levels, and renders rows the way the Marketing API does: every metric a string,
actions as lists of {"action_type", "value"}, no row where nothing was delivered.
"""

from __future__ import annotations

import json
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from connectors.sandbox import sample_data as data
from connectors.sandbox.sample_ads import AdDay, unique_reach_of

# Fields the sandbox computes; any other name answers the API's "not valid" error.
OBJECT_FIELDS = frozenset({"account_id", "account_name", "account_currency", "campaign_id",
                           "campaign_name", "objective", "date_start", "date_stop"})
METRIC_FIELDS = frozenset({"impressions", "reach", "frequency", "clicks", "inline_link_clicks",
                           "spend", "cpc", "cpm", "ctr", "cpp", "inline_link_click_ctr",
                           "cost_per_inline_link_click", "actions"})
# Video metrics: share of 3-second video views that reached each milestone.
VIDEO_FIELDS = {"video_play_actions": 1.0, "video_p25_watched_actions": 0.55,
                "video_p50_watched_actions": 0.35, "video_p75_watched_actions": 0.22,
                "video_p100_watched_actions": 0.14, "video_thruplay_watched_actions": 0.2,
                "video_30_sec_watched_actions": 0.12}
SUPPORTED_FIELDS = OBJECT_FIELDS | METRIC_FIELDS | frozenset(VIDEO_FIELDS)
ACCOUNT_NAME = "Réseau d'entraide (sandbox)"
# "Now" for relative date presets, so answers never depend on the wall clock.
SANDBOX_TODAY = date(2024, 1, 1)


class GraphError(Exception):
    """A Graph API error answer: HTTP status plus the body's "error" object."""

    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def bad_param(message: str) -> GraphError:
    """The usual (#100) invalid-parameter error."""
    return GraphError(400, 100, f"(#100) {message}", type="OAuthException")


@dataclass(frozen=True)
class AdsQuery:
    """A parsed insights query."""

    fields: tuple[str, ...]
    level: str
    since: date
    until: date
    increment: str  # "all_days", "monthly" or a number of days
    campaign_filter: tuple[tuple[str, str, Any], ...]
    attribution_windows: tuple[str, ...]


def _json_param(params: dict[str, str], name: str, default: Any) -> Any:
    if name not in params or params[name] == "":
        return default
    try:
        return json.loads(params[name])
    except json.JSONDecodeError:
        raise bad_param(f"param {name} must be a JSON value") from None


def _day(value: Any, name: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise bad_param(f"{name} must be a date formatted as YYYY-MM-DD") from None


def _preset(name: str) -> tuple[date, date]:
    yesterday = SANDBOX_TODAY - timedelta(days=1)
    if name == "maximum":
        return data.DATA_START, yesterday
    if name.startswith("last_") and name.endswith("d") and name[5:-1].isdigit():
        return SANDBOX_TODAY - timedelta(days=int(name[5:-1])), yesterday
    raise bad_param(f"date_preset {name} is not supported by the sandbox")


def parse_query(params: dict[str, str]) -> AdsQuery:
    """Read and validate the SDK's insights parameters."""
    raw_fields = params.get("fields", "")
    # GET sends fields comma-joined; the SDK's async POST sends a JSON list.
    fields = (_json_param(params, "fields", []) if raw_fields.startswith("[")
              else [f for f in raw_fields.split(",") if f]) or ["impressions", "spend"]
    for name in fields:
        if name not in SUPPORTED_FIELDS:
            raise bad_param(f"{name} is not valid for fields param. please check "
                            "https://developers.facebook.com/docs/marketing-api/reference/"
                            "ads-insights/ for all valid values")
    level = params.get("level", "account")
    if level not in ("account", "campaign"):
        raise bad_param(f"level {level} is not supported by the sandbox (account, campaign)")
    if _json_param(params, "breakdowns", []):
        raise bad_param("breakdowns are not supported by the sandbox")
    time_range = _json_param(params, "time_range", None)
    if time_range is not None:
        if not isinstance(time_range, dict) or not {"since", "until"} <= time_range.keys():
            raise bad_param("param time_range must be an object with since and until")
        since, until = _day(time_range["since"], "since"), _day(time_range["until"], "until")
    else:
        since, until = _preset(params.get("date_preset", "last_30d"))
    if since > until:
        raise bad_param("Time range since must be before until")
    increment = str(params.get("time_increment", "all_days"))
    if increment not in ("all_days", "monthly") and not (
            increment.isdigit() and 1 <= int(increment) <= 90):
        raise bad_param("time_increment must be all_days, monthly or an integer 1-90")
    filters = []
    for item in _json_param(params, "filtering", []):
        key, op = item.get("field"), str(item.get("operator", "")).upper()
        ok = ((key == "campaign.id" and op in ("IN", "NOT_IN", "EQUAL", "NOT_EQUAL"))
              or (key == "campaign.name" and op in ("CONTAIN", "NOT_CONTAIN", "EQUAL",
                                                    "NOT_EQUAL", "IN", "NOT_IN")))
        if not ok:
            raise bad_param(f"Filtering field {key} with operation {op} is not supported")
        filters.append((key, op, item.get("value")))
    windows = _json_param(params, "action_attribution_windows", [])
    return AdsQuery(tuple(fields), level, since, until, increment, tuple(filters),
                    tuple(str(w) for w in windows))


def _kept(campaign: data.AdCampaign, filters: tuple[tuple[str, str, Any], ...]) -> bool:
    for key, op, value in filters:
        subject = campaign.id if key == "campaign.id" else campaign.name
        values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        if op in ("IN", "EQUAL"):
            hit = subject in values
        elif op in ("NOT_IN", "NOT_EQUAL"):
            hit = subject not in values
        else:  # CONTAIN / NOT_CONTAIN ignore case, like Ads Manager's search
            found = any(v.lower() in subject.lower() for v in values)
            hit = found if op == "CONTAIN" else not found
        if not hit:
            return False
    return True


def _buckets(query: AdsQuery) -> list[tuple[date, date]]:
    if query.increment == "all_days":
        return [(query.since, query.until)]
    out, start = [], query.since
    while start <= query.until:
        if query.increment == "monthly":
            end = start.replace(day=monthrange(start.year, start.month)[1])
        else:
            end = start + timedelta(days=int(query.increment) - 1)
        out.append((start, min(end, query.until)))
        start = out[-1][1] + timedelta(days=1)
    return out


def _ratio(numerator: float, denominator: float, scale: float = 1.0) -> str | None:
    return None if denominator == 0 else f"{numerator * scale / denominator:.6f}"


def _actions(rows: list[AdDay], windows: tuple[str, ...]) -> list[dict[str, str]]:
    counts = {"link_click": sum(r.inline_link_clicks for r in rows),
              "page_engagement": sum(r.page_engagement for r in rows),
              "post_engagement": sum(r.post_engagement for r in rows),
              "video_view": sum(r.video_view for r in rows)}
    out = []
    for action_type, value in sorted(counts.items()):
        if value == 0:
            continue
        item = {"action_type": action_type, "value": str(value)}
        # Link clicks always show their click attribution split; other actions only
        # when windows are asked, so parsers must read "value", not the first number.
        keys = windows or (("1d_click", "7d_click") if action_type == "link_click" else ())
        for key in keys:
            share = 0.05 if key.endswith("view") else (0.9 if key == "1d_click" else 1.0)
            item[key] = str(int(value * share))
        out.append(item)
    return out


def render_row(query: AdsQuery, bucket: tuple[date, date], rows: list[AdDay]) -> dict[str, Any]:
    """One insights row for these delivery days over one time bucket."""
    impressions = sum(r.impressions for r in rows)
    clicks = sum(r.clicks for r in rows)
    link = sum(r.inline_link_clicks for r in rows)
    spend = sum(r.spend_cents for r in rows) / 100
    reach = unique_reach_of(rows)
    campaign = data.CAMPAIGNS_BY_ID[rows[0].campaign_id]
    video = sum(r.video_view for r in rows)
    values: dict[str, Any] = {
        "account_id": data.AD_ACCOUNT_ID, "account_name": ACCOUNT_NAME,
        "account_currency": data.CURRENCY, "impressions": str(impressions),
        "reach": str(reach), "frequency": _ratio(impressions, reach), "clicks": str(clicks),
        "inline_link_clicks": str(link), "spend": f"{spend:.2f}",
        "cpc": _ratio(spend, clicks), "cpm": _ratio(spend, impressions, 1000),
        "ctr": _ratio(clicks, impressions, 100), "cpp": _ratio(spend, reach, 1000),
        "inline_link_click_ctr": _ratio(link, impressions, 100),
        "cost_per_inline_link_click": _ratio(spend, link),
        "actions": _actions(rows, query.attribution_windows),
    }
    if query.level == "campaign":
        values.update(campaign_id=campaign.id, campaign_name=campaign.name,
                      objective=campaign.objective)
    for name, share in VIDEO_FIELDS.items():
        if int(video * share):
            values[name] = [{"action_type": "video_view", "value": str(int(video * share))}]
    row = {f: values[f] for f in query.fields if values.get(f) not in (None, [])}
    row["date_start"], row["date_stop"] = bucket[0].isoformat(), bucket[1].isoformat()
    return row


def run_query(account_id: str, query: AdsQuery) -> list[dict[str, Any]]:
    """Every row of the query, in the API's order (time bucket, then campaign id)."""
    kept = frozenset(c.id for c in data.AD_CAMPAIGNS if _kept(c, query.campaign_filter))
    out = []
    for bucket in _buckets(query):
        days = data.ads_days(account_id, bucket[0], bucket[1], kept)
        if not days:
            continue
        if query.level == "account":
            out.append(render_row(query, bucket, days))
            continue
        for campaign_id in sorted({d.campaign_id for d in days}):
            out.append(render_row(query, bucket,
                                  [d for d in days if d.campaign_id == campaign_id]))
    return out
