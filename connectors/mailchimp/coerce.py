"""Mailchimp's reports typed once, at the edge: one function, one Arrow schema.

Mailchimp sends counts as JSON integers and rates as fractions (0.36 means 36 %);
times as ISO 8601 with an offset, and an empty string for "never" (``last_open`` of a
mailing nobody opened). Nothing downstream parses a string.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from connectors.errors import BadResponseError
from connectors.mailchimp.constants import SOURCE

_TIME = pa.timestamp("us", tz="UTC")

# Column name -> (path in the report, kind). Kinds: count, rate, time, text.
REPORT_COLUMNS: dict[str, tuple[tuple[str, ...], str]] = {
    "campaign_title": (("campaign_title",), "text"),
    "campaign_type": (("type",), "text"),
    "list_id": (("list_id",), "text"),
    "list_name": (("list_name",), "text"),
    "subject_line": (("subject_line",), "text"),
    "emails_sent": (("emails_sent",), "count"),
    "hard_bounces": (("bounces", "hard_bounces"), "count"),
    "soft_bounces": (("bounces", "soft_bounces"), "count"),
    "syntax_errors": (("bounces", "syntax_errors"), "count"),
    "unsubscribed": (("unsubscribed",), "count"),
    "abuse_reports": (("abuse_reports",), "count"),
    "opens_total": (("opens", "opens_total"), "count"),
    "unique_opens": (("opens", "unique_opens"), "count"),
    "open_rate": (("opens", "open_rate"), "rate"),
    "last_open": (("opens", "last_open"), "time"),
    "clicks_total": (("clicks", "clicks_total"), "count"),
    "unique_clicks": (("clicks", "unique_clicks"), "count"),
    "unique_subscriber_clicks": (("clicks", "unique_subscriber_clicks"), "count"),
    "click_rate": (("clicks", "click_rate"), "rate"),
    "last_click": (("clicks", "last_click"), "time"),
    "forwards_count": (("forwards", "forwards_count"), "count"),
    "forwards_opens": (("forwards", "forwards_opens"), "count"),
    "industry_type": (("industry_stats", "type"), "text"),
    "industry_open_rate": (("industry_stats", "open_rate"), "rate"),
    "industry_click_rate": (("industry_stats", "click_rate"), "rate"),
    "industry_bounce_rate": (("industry_stats", "bounce_rate"), "rate"),
    "industry_unopen_rate": (("industry_stats", "unopen_rate"), "rate"),
    "industry_unsub_rate": (("industry_stats", "unsub_rate"), "rate"),
    "industry_abuse_rate": (("industry_stats", "abuse_rate"), "rate"),
}
_ARROW = {"count": pa.int64(), "rate": pa.float64(), "time": _TIME, "text": pa.string()}

REPORTS_SCHEMA = pa.schema(
    [
        pa.field("campaign_id", pa.string(), nullable=False),
        pa.field("read_date", pa.date32(), nullable=False),
        pa.field("read_at", _TIME, nullable=False),
        pa.field("send_date", pa.date32(), nullable=False),
        pa.field("send_time", _TIME, nullable=False),
        *(pa.field(name, _ARROW[kind]) for name, (_, kind) in REPORT_COLUMNS.items()),
        pa.field("_source", pa.string(), nullable=False),
        pa.field("_source_row", pa.int32(), nullable=False),
    ]
)


def _bad(campaign: str, path: Sequence[str], value: Any, what: str) -> BadResponseError:
    return BadResponseError(
        f"report {campaign}: field {'.'.join(path)!r} holds {value!r}, which is not {what}",
        source=SOURCE,
    )


def parse_time(value: Any, campaign: str, path: Sequence[str]) -> datetime | None:
    """An ISO 8601 time with an offset as an aware UTC datetime; "" or missing is None."""
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise _bad(campaign, path, value, "a time") from None
    if moment.tzinfo is None:
        raise _bad(campaign, path, value, "a time with its offset")
    return moment


def _typed(value: Any, kind: str, campaign: str, path: Sequence[str]) -> Any:
    if kind == "time":
        return parse_time(value, campaign, path)
    if value is None:
        return None
    if kind == "text":
        return str(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(campaign, path, value, "a number")
    if not math.isfinite(value):
        raise _bad(campaign, path, value, "a number")
    if kind == "rate":
        return float(value)
    if value != int(value) or value < 0:
        raise _bad(campaign, path, value, "a count")
    return int(value)


def _lookup(report: Mapping[str, Any], path: Sequence[str], campaign: str) -> Any:
    node: Any = report
    for depth, key in enumerate(path):
        if node is None:
            return None
        if not isinstance(node, Mapping):
            raise _bad(campaign, path[:depth], node, "an object")
        node = node.get(key)
    return node


def coerce_report(report: Mapping[str, Any], timezone: ZoneInfo) -> dict[str, Any]:
    """One campaign report as typed values, without the read stamp or provenance.

    ``send_date`` is the send time's day in ``timezone`` (the organisation's), the day
    the mailing is attributed to. A missing sub-object gives nulls, not zeros.
    """
    if not isinstance(report, Mapping):
        raise BadResponseError(f"a report is not an object: {report!r}"[:200], source=SOURCE)
    campaign = report.get("id")
    if not isinstance(campaign, str) or not campaign:
        raise BadResponseError("a report has no campaign id", source=SOURCE)
    send_time = parse_time(report.get("send_time"), campaign, ("send_time",))
    if send_time is None:
        raise BadResponseError(f"report {campaign} has no send_time", source=SOURCE)
    row: dict[str, Any] = {"campaign_id": campaign, "send_time": send_time,
                           "send_date": send_time.astimezone(timezone).date()}
    for name, (path, kind) in REPORT_COLUMNS.items():
        row[name] = _typed(_lookup(report, path, campaign), kind, campaign, path)
    return row


def reports_table(rows: Sequence[Mapping[str, Any]], read_at: datetime,
                  read_date: date) -> pa.Table:
    """Typed rows (with ``_source`` and ``_source_row``) stamped with the read, as a table
    of ``REPORTS_SCHEMA``."""
    stamped = [{**row, "read_at": read_at, "read_date": read_date} for row in rows]
    return pa.Table.from_pylist(stamped, schema=REPORTS_SCHEMA)
