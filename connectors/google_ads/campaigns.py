"""Daily campaign metrics of one customer over a window, through SearchStream."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pyarrow as pa

from connectors.google_ads.client import request_id_of, run_stream
from connectors.google_ads.coerce import campaign_batches
from connectors.google_ads.config import GoogleAdsConfig, customer_id
from connectors.google_ads.constants import FIELDS, QUERY
from connectors.windows import DateWindow


def campaign_daily_query(window: DateWindow) -> str:
    """The GAQL of ``iter_campaign_daily``: every campaign of the customer, one row per day."""
    return QUERY.format(fields=", ".join(FIELDS), start=window.start.isoformat(),
                        end=window.end.isoformat())


def iter_campaign_daily(
    config: GoogleAdsConfig,
    customer: str,
    window: DateWindow,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[pa.RecordBatch]:
    """Daily metrics per campaign of ``customer`` over ``window`` (both ends included).

    Yields one RecordBatch per streamed response (the API sends up to 10 000 rows in
    each), with the columns of ``raw.google_ads_campaign_daily`` but ``_run_id`` and
    ``_loaded_at``: impressions, clicks, cost in the account currency (from micros,
    exact), conversions, and the customer's currency code. The stream is read whole
    before anything is yielded and retried whole if it fails midway, so a caller never
    lands half a window. A day on which a campaign had no impressions has no row.
    """
    cid = customer_id(customer)
    responses, request = run_stream(config, cid, campaign_daily_query(window),
                                    f"segments.date {window}", sleep)
    source = f"{request} request_id {request_id_of(responses) or 'unknown'}"
    yield from campaign_batches(responses, cid, source)
