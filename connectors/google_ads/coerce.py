"""Google Ads answers typed once, at the edge: one Arrow schema, one function per batch.

The API sends ids as int64, money as int64 micros of the account currency, conversions
as a double (fractional under data-driven attribution), the date as an ISO string and
the channel type as an enum. Nothing downstream parses any of them again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pyarrow as pa

from connectors.errors import BadResponseError
from connectors.google_ads.constants import FIELDS, MICROS_PER_UNIT, SOURCE

CAMPAIGN_DAILY_SCHEMA = pa.schema(
    [
        pa.field("customer_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string(), nullable=False),
        pa.field("campaign_name", pa.string()),
        pa.field("advertising_channel_type", pa.string()),
        pa.field("date", pa.date32(), nullable=False),
        pa.field("currency_code", pa.string()),
        pa.field("impressions", pa.int64()),
        pa.field("clicks", pa.int64()),
        pa.field("cost", pa.decimal128(18, 6)),
        pa.field("conversions", pa.float64()),
        pa.field("_source", pa.string(), nullable=False),
        pa.field("_source_row", pa.int32(), nullable=False),
    ]
)


def micros_to_amount(micros: int) -> Decimal:
    """``cost_micros`` as an exact amount of the account currency: 1_234_567 is 1.234567."""
    if isinstance(micros, bool) or not isinstance(micros, int):
        raise BadResponseError(f"cost_micros holds {micros!r}, not a whole number",
                               source=SOURCE)
    # Exact: an int64 over 10**6 fits the default 28-digit Decimal context.
    return Decimal(micros) / MICROS_PER_UNIT


def check_field_mask(paths: Sequence[str], source: str) -> None:
    """Every field we asked for must be in the answer's field mask.

    Proto3 answers 0 or "" for a field it did not send: without this check a field the
    API dropped would land as zeros instead of failing.
    """
    missing = [f for f in FIELDS if f not in set(paths)]
    if missing:
        raise BadResponseError(
            f"the answer lacks the fields {', '.join(missing)} (its field mask: "
            f"{', '.join(paths) or 'empty'})", source=SOURCE, request=source)


def coerce_row(row: Any, customer_id: str) -> dict[str, Any]:
    """One ``GoogleAdsRow`` (campaign, one day) as typed values, without provenance."""
    campaign_id = row.campaign.id
    if not campaign_id:
        raise BadResponseError("a row has no campaign.id", source=SOURCE)
    try:
        day = date.fromisoformat(row.segments.date)
    except ValueError:
        raise BadResponseError(f"a row has no valid segments.date: {row.segments.date!r}",
                               source=SOURCE) from None
    return {
        "customer_id": str(row.customer.id or customer_id),
        "campaign_id": str(campaign_id),
        "campaign_name": row.campaign.name or None,
        "advertising_channel_type": row.campaign.advertising_channel_type.name,
        "date": day,
        "currency_code": row.customer.currency_code or None,
        "impressions": int(row.metrics.impressions),
        "clicks": int(row.metrics.clicks),
        "cost": micros_to_amount(row.metrics.cost_micros),
        "conversions": float(row.metrics.conversions),
    }


def campaign_batches(responses: Iterable[Any], customer_id: str,
                     source: str) -> list[pa.RecordBatch]:
    """One RecordBatch per streamed response; ``_source_row`` numbers the rows of the
    whole stream from 1, in the order they came."""
    batches = []
    position = 0
    for response in responses:
        if not response.results:
            continue
        check_field_mask(list(response.field_mask.paths), source)
        typed = []
        for row in response.results:
            position += 1
            typed.append({**coerce_row(row, customer_id), "_source": source,
                          "_source_row": position})
        batches.append(pa.RecordBatch.from_pylist(typed, schema=CAMPAIGN_DAILY_SCHEMA))
    return batches
