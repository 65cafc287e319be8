"""The generic channel file (design.md): date, channel, metric, value, and optionally
campaign_id and note, for channels without an API (calls, print, radio, website...).

A row gives a day, a range of days or a month. A count over several days is spread
evenly over them (300 calls over 30 days count 10 a day), so that a window cutting
the range gets its share; a metric whose name ends in `_rate` or `_pct` is kept as
given on each day and never summed. A percentage on any other metric is rejected (it
would be summed). Every day keeps the row's given value and range.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from connectors.exports.dates import days_between
from connectors.exports.formats import ExportFormat
from connectors.exports.model import (
    Context,
    Records,
    Rejection,
    RowReader,
    Seen,
    Tables,
    each_row,
)
from connectors.exports.tables import Row

_NAME = re.compile(r"[a-z0-9_]+")
_CAMPAIGN = re.compile(r"[a-z0-9-]+")
RATE_SUFFIXES = ("_rate", "_pct")


def is_rate(metric: str) -> bool:
    """A metric kept as given, never summed: its name ends in _rate or _pct."""
    return metric.endswith(RATE_SUFFIXES)


def snake(text: str) -> str:
    """`Call minutes` or `Appels reçus` as a metric or channel name: call_minutes."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[\s\-./'’]+", "_", plain.strip()).strip("_")


def read_channel_file(fmt: ExportFormat, ctx: Context, where: dict[str, int],
                      rows: Iterable[Row]) -> tuple[Tables, list[Rejection]]:
    """Rows of one channel's file, one per day of each row's date or range."""
    seen = Seen("the value of")

    def one(row: RowReader) -> Records:
        period = row.period("date")
        number = row.number("value")
        if number is None and not row.rejections:
            row.reject("value", "the value is empty")
        metric, campaign = _metric(row), _campaign(row)
        _channel(row)
        if number is not None and number.percent and metric is not None \
                and not is_rate(metric):
            # Spread over days and summed, 36 % a day would add up to nonsense.
            row.reject("value", f"{number} is a percentage but {metric!r} is summed as a "
                                f"count: name the metric {metric}_pct or {metric}_rate to "
                                "keep it as given")
        if period is None or number is None or metric is None or row.rejections:
            return []
        days = days_between(*period)
        if not seen.claim(row, [(metric, campaign, day) for day in days], "date", _label):
            return []
        share = number.value if is_rate(metric) else number.value / len(days)
        return [{"channel": ctx.channel, "metric": metric, "pulse_campaign_id": campaign,
                 "date": day, "value": share, "given_value": number.value,
                 "range_start": period[0], "range_end": period[1], "note": row.text("note"),
                 **row.provenance(fmt.name)} for day in days]

    out, rejections = each_row(ctx, where, rows, one)
    return {"file_channel_daily": out}, rejections


def _label(key: tuple[str, str | None, object]) -> str:
    metric, campaign, day = key
    return f"{metric}{f' for campaign {campaign}' if campaign else ''} on {day}"


def _metric(row: RowReader) -> str | None:
    text = row.text("metric")
    if text is None:
        row.reject("metric", "the metric is empty")
        return None
    name = snake(text)
    if not _NAME.fullmatch(name):
        row.reject("metric", f"{text!r} is not a metric name: use lower-case letters, "
                             "digits and underscores (calls, call_minutes, page_views)")
        return None
    return name


def _campaign(row: RowReader) -> str | None:
    text = row.text("campaign_id")
    if text is None:
        return None
    campaign = text.strip().lower()
    known = row.ctx.known_campaigns
    if not _CAMPAIGN.fullmatch(campaign):
        row.reject("campaign_id", f"{text!r} is not a campaign id ([a-z0-9-]+)")
    elif known is not None and campaign not in known:
        row.reject("campaign_id", f"{text!r} is not a campaign of the registry "
                                  f"(known: {', '.join(sorted(known)) or 'none'})")
    else:
        return campaign
    return None


def _channel(row: RowReader) -> None:
    text = row.text("channel")
    if text is not None and snake(text) != row.ctx.channel:
        row.reject("channel", f"this row is for channel {text!r} but the file is for "
                              f"{row.ctx.channel!r}: put that channel's rows in its own "
                              f"file (PULSE_INBOX/{snake(text)}/ or `pulse import FILE "
                              f"--channel {snake(text)}`)")
