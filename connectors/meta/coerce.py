"""Meta's answers typed once, at the edge: one function per entity, one Arrow schema each.

Meta sends every ads metric as a JSON string ("185", "14.35"); page and Instagram values
are numbers (or, for some metrics, a dict of counts). Nothing downstream parses a string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pyarrow as pa

from connectors.errors import BadResponseError
from connectors.meta.constants import (
    ENGAGEMENT_ACTION,
    INSIGHTS_TIMEZONE,
    SOURCE,
    VIDEO_VIEW_ACTION,
)

_CENT = Decimal("0.01")

ADS_SCHEMA = pa.schema(
    [
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string(), nullable=False),
        pa.field("campaign_name", pa.string()),
        pa.field("date", pa.date32(), nullable=False),
        pa.field("account_currency", pa.string()),
        pa.field("impressions", pa.int64()),
        pa.field("reach", pa.int64()),
        pa.field("clicks", pa.int64()),
        pa.field("inline_link_clicks", pa.int64()),
        pa.field("spend", pa.decimal128(18, 2)),
        pa.field("engagements", pa.int64()),
        pa.field("video_views", pa.int64()),
        # One request per page: dictionary-encoded, the URL is stored once per page,
        # not once per row (a million rows would otherwise carry ~200 MB of copies).
        pa.field("_source", pa.dictionary(pa.int32(), pa.string()), nullable=False),
        pa.field("_source_row", pa.int32(), nullable=False),
    ]
)
# The count columns of ADS_SCHEMA read from the row's field of the same name.
_ADS_COUNTS = ("impressions", "reach", "clicks", "inline_link_clicks")


def insights_schema(id_column: str) -> pa.Schema:
    """The schema of page (``page_id``) or Instagram (``ig_user_id``) daily insights."""
    return pa.schema(
        [
            pa.field(id_column, pa.string(), nullable=False),
            pa.field("date", pa.date32(), nullable=False),
            pa.field("metric", pa.string(), nullable=False),
            pa.field("value", pa.float64()),
            pa.field("_source", pa.string(), nullable=False),
            pa.field("_source_row", pa.int32(), nullable=False),
        ]
    )


PAGE_SCHEMA = insights_schema("page_id")
INSTAGRAM_SCHEMA = insights_schema("ig_user_id")


def _bad(field: str, value: Any) -> BadResponseError:
    return BadResponseError(
        f"field {field!r} holds {value!r}, which is not a number", source=SOURCE
    )


def to_int(value: Any, field: str) -> int | None:
    """A count as Meta writes it ("185", 185, "185.0") as an int; missing or "" is None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _bad(field, value)
    if isinstance(value, int):
        return value
    number = to_decimal(value, field)
    if number is None or number != number.to_integral_value():
        raise _bad(field, value)
    return int(number)


def to_decimal(value: Any, field: str) -> Decimal | None:
    """An amount as Meta writes it ("14.35") as an exact Decimal; missing or "" is None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _bad(field, value)
    try:
        # str() first: Decimal(0.1) would carry the binary float's error.
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _bad(field, value) from None
    if not number.is_finite():
        raise _bad(field, value)
    return number


def to_money(value: Any, field: str) -> Decimal | None:
    """An amount rounded to the cent, as decimal(18, 2) stores it."""
    number = to_decimal(value, field)
    return None if number is None else number.quantize(_CENT, rounding=ROUND_HALF_UP)


def action_count(actions: Any, action_type: str) -> int | None:
    """The default-attribution ``value`` of one action type in an ``actions`` list.

    Attribution keys ("1d_click", "7d_click", "28d_click", "1d_view") are ignored.
    The API lists only the action types that happened, and drops ``actions`` altogether
    when none did; since we always ask for it, absent means 0, not unknown.
    """
    if actions is None:
        return 0
    if not isinstance(actions, list):
        raise BadResponseError(f"'actions' is not a list: {actions!r}", source=SOURCE)
    total: int | None = 0
    for entry in actions:
        if isinstance(entry, Mapping) and entry.get("action_type") == action_type:
            total = to_int(entry.get("value"), f"actions[{action_type}]")
    return total


def strip_act(account_id: str) -> str:
    """``act_1000000001`` and ``1000000001`` both give ``1000000001``."""
    text = str(account_id).strip()
    return text[4:] if text.startswith("act_") else text


def coerce_ads_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """One ads insights row (level=campaign, one day) as typed values, without provenance."""
    try:
        day = date.fromisoformat(str(row["date_start"]))
    except (KeyError, ValueError):
        raise BadResponseError(
            f"an ads row has no valid date_start: {row.get('date_start')!r}", source=SOURCE
        ) from None
    campaign_id = row.get("campaign_id")
    if not campaign_id:
        raise BadResponseError("an ads row has no campaign_id", source=SOURCE)
    actions = row.get("actions")
    return {
        "account_id": strip_act(str(row.get("account_id") or "")),
        "campaign_id": str(campaign_id),
        "campaign_name": row.get("campaign_name"),
        "date": day,
        "account_currency": row.get("account_currency"),
        "impressions": to_int(row.get("impressions"), "impressions"),
        "reach": to_int(row.get("reach"), "reach"),
        "clicks": to_int(row.get("clicks"), "clicks"),
        "inline_link_clicks": to_int(row.get("inline_link_clicks"), "inline_link_clicks"),
        "spend": to_money(row.get("spend"), "spend"),
        "engagements": action_count(actions, ENGAGEMENT_ACTION),
        "video_views": action_count(actions, VIDEO_VIEW_ACTION),
    }


def ads_batch(rows: Sequence[Mapping[str, Any]], source: str, account_id: str) -> pa.RecordBatch:
    """One page of ads rows as a RecordBatch; ``_source_row`` is the 1-based position.

    Rows lacking ``account_id`` (it is a requested field, but be safe) take the
    account the request was made for.

    A page as Meta normally sends it (every number a plain decimal string) is typed
    column by column by Arrow's casts. Anything else (a number sent as a JSON number,
    an empty string, "185.0", a spend with more than two decimals, a missing date) is
    left to the row-by-row reading, which is the authority on what is accepted and
    names the field when a value is wrong: both give the same values where both apply.
    """
    try:
        return _ads_columns(rows, source, account_id)
    except (pa.ArrowInvalid, pa.ArrowTypeError, _Irregular):
        return ads_batch_by_row(rows, source, account_id)


def ads_batch_by_row(rows: Sequence[Mapping[str, Any]], source: str,
                     account_id: str) -> pa.RecordBatch:
    """ads_batch, one row at a time with ``coerce_ads_row``: the reference reading."""
    typed = [coerce_ads_row(row) for row in rows]
    for position, record in enumerate(typed, start=1):
        record["account_id"] = record["account_id"] or strip_act(account_id)
        record["_source"] = source
        record["_source_row"] = position
    return pa.RecordBatch.from_pylist(typed, schema=ADS_SCHEMA)


class _Irregular(Exception):
    """A page the columnar reading does not take as is (see ads_batch)."""


def _strings(values: list[Any]) -> pa.Array:
    return pa.array(values, pa.string())


def _ads_columns(rows: Sequence[Mapping[str, Any]], source: str,
                 account_id: str) -> pa.RecordBatch:
    import pyarrow.compute as pc

    def column(name: str) -> list[Any]:
        return [row.get(name) for row in rows]

    def counts(values: list[Any]) -> pa.Array:
        return pc.cast(_strings(values), pa.int64())

    days = pc.cast(_strings(column("date_start")), pa.date32())
    campaign_ids = _strings(column("campaign_id"))
    if days.null_count or campaign_ids.null_count or pc.any(
            pc.equal(pc.utf8_length(campaign_ids), 0)).as_py():
        raise _Irregular
    fallback = strip_act(account_id)
    accounts = [strip_act(str(value or "")) or fallback for value in column("account_id")]
    engagements, video_views = _action_columns(column("actions"))
    n = len(rows)
    return pa.RecordBatch.from_arrays(
        [
            _strings(accounts),
            campaign_ids,
            _strings(column("campaign_name")),
            days,
            _strings(column("account_currency")),
            *(counts(column(name)) for name in _ADS_COUNTS),
            pc.cast(_strings(column("spend")), pa.decimal128(18, 2)),
            counts(engagements),
            counts(video_views),
            pa.DictionaryArray.from_arrays(pa.array([0] * n, pa.int32()), _strings([source])),
            pa.array(range(1, n + 1), pa.int32()),
        ],
        schema=ADS_SCHEMA,
    )


def _action_columns(all_actions: list[Any]) -> tuple[list[Any], list[Any]]:
    """The engagement and video-view values of each row's ``actions``, as action_count
    reads them ("0" where the action did not happen; the last entry of a type wins)."""
    engagements: list[Any] = []
    video_views: list[Any] = []
    for actions in all_actions:
        engagement: Any = "0"
        video: Any = "0"
        if actions is not None:
            if type(actions) is not list:
                raise _Irregular
            for entry in actions:
                if type(entry) is not dict:
                    raise _Irregular
                kind = entry.get("action_type")
                if kind == ENGAGEMENT_ACTION:
                    engagement = entry.get("value")
                elif kind == VIDEO_VIEW_ACTION:
                    video = entry.get("value")
        engagements.append(engagement)
        video_views.append(video)
    return engagements, video_views


def end_time_to_date(end_time: str) -> date:
    """The day a daily value belongs to: ``end_time`` (end of the day, Pacific) minus one day.

    ``"2022-05-02T07:00:00+0000"`` is midnight Pacific starting May 2, so the value is
    May 1's.
    """
    try:
        moment = datetime.strptime(end_time, "%Y-%m-%dT%H:%M:%S%z")
    except (TypeError, ValueError):
        raise BadResponseError(f"end_time {end_time!r} is not a timestamp", source=SOURCE) from None
    return moment.astimezone(INSIGHTS_TIMEZONE).date() - timedelta(days=1)


def insights_value(value: Any, metric: str) -> float | None:
    """A page or Instagram value as a float; a dict of counts (a breakdown) is None."""
    if value is None or isinstance(value, Mapping):
        return None
    number = to_decimal(value, metric)
    return None if number is None else float(number)


def insights_rows(
    data: Iterable[Any], window_start: date, window_end: date
) -> tuple[list[tuple[int, date, str, float | None]], set[str]]:
    """The (position, date, metric, value) of every daily value of an insights answer that
    falls in ``window_start..window_end``, and the metrics that gave a breakdown dict.

    Positions count every value of the answer, in order, from 1.
    """
    rows: list[tuple[int, date, str, float | None]] = []
    breakdowns: set[str] = set()
    position = 0
    for item in data:
        if not isinstance(item, Mapping) or not isinstance(item.get("values"), list):
            raise BadResponseError(f"an insights item has no values list: {item!r}", source=SOURCE)
        metric = str(item.get("name"))
        for point in item["values"]:
            position += 1
            if not isinstance(point, Mapping):
                raise BadResponseError(
                    f"an insights value is not an object: {point!r}", source=SOURCE
                )
            day = end_time_to_date(point.get("end_time", ""))
            if isinstance(point.get("value"), Mapping):
                breakdowns.add(metric)
            if window_start <= day <= window_end:
                rows.append((position, day, metric, insights_value(point.get("value"), metric)))
    return rows, breakdowns


def insights_batch(
    id_column: str, object_id: str, rows: Sequence[tuple[int, date, str, float | None]], source: str
) -> pa.RecordBatch:
    """Rows from ``insights_rows`` as a RecordBatch of ``insights_schema(id_column)``."""
    return pa.RecordBatch.from_pydict(
        {
            id_column: [object_id] * len(rows),
            "date": [row[1] for row in rows],
            "metric": [row[2] for row in rows],
            "value": [row[3] for row in rows],
            "_source": [source] * len(rows),
            "_source_row": [row[0] for row in rows],
        },
        schema=insights_schema(id_column),
    )


def total_value(item: Mapping[str, Any]) -> float | None:
    """The ``total_value.value`` of a metric_type=total_value item (None when absent)."""
    total = item.get("total_value")
    if not isinstance(total, Mapping):
        return None
    return insights_value(total.get("value"), str(item.get("name")))
