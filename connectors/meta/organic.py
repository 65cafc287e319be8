"""Facebook Page and Instagram insights: daily values per metric, and Instagram window totals."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pyarrow as pa

from connectors.errors import (
    AuthError,
    BadResponseError,
    GaveUpError,
    MetricUnavailableError,
    SourceError,
)
from connectors.meta.client import GraphClient, GraphResponse, Warn, warner
from connectors.meta.coerce import insights_batch, insights_rows, total_value
from connectors.meta.config import MetaConfig
from connectors.meta.constants import (
    INSTAGRAM_MAX_DAYS,
    INSTAGRAM_METRICS_SETTING,
    PAGE_MAX_DAYS,
    PAGE_METRICS_SETTING,
    SOURCE,
)
from connectors.windows import DateWindow

log = logging.getLogger("connectors.meta")


@dataclass(frozen=True)
class _Entity:
    label: str  # "Facebook page", "Instagram account"
    id_column: str
    setting: str
    max_days: int


_PAGE = _Entity("Facebook page", "page_id", PAGE_METRICS_SETTING, PAGE_MAX_DAYS)
_INSTAGRAM = _Entity(
    "Instagram account", "ig_user_id", INSTAGRAM_METRICS_SETTING, INSTAGRAM_MAX_DAYS
)


def iter_page_insights(
    config: MetaConfig,
    page_id: str,
    window: DateWindow,
    *,
    on_warning: Warn | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[pa.RecordBatch]:
    """Daily values of ``config.page_metrics`` for one Facebook Page over ``window``.

    Columns: page_id, date, metric, value (float64), _source, _source_row; one batch per
    request. The window is read in chunks of at most 90 days. A metric Meta rejects as
    invalid is reported through ``on_warning`` (naming META_PAGE_METRICS) and skipped;
    the other metrics still land.
    """
    yield from _iter_daily(config, _PAGE, page_id, config.page_metrics, window, on_warning, sleep)


def iter_instagram_insights(
    config: MetaConfig,
    ig_user_id: str,
    window: DateWindow,
    *,
    on_warning: Warn | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[pa.RecordBatch]:
    """Daily values of ``config.instagram_metrics`` for one Instagram account over ``window``.

    Columns: ig_user_id, date, metric, value, _source, _source_row. Same rules as
    ``iter_page_insights`` (setting META_INSTAGRAM_METRICS), in chunks of 30 days.
    """
    yield from _iter_daily(
        config, _INSTAGRAM, ig_user_id, config.instagram_metrics, window, on_warning, sleep
    )


def fetch_instagram_totals(
    config: MetaConfig,
    ig_user_id: str,
    window: DateWindow,
    *,
    on_warning: Warn | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, Any]]:
    """Deduplicated totals (metric_type=total_value) of the Instagram metrics over ``window``.

    Returns ``[{"metric", "value", "_source"}]``. Invalid metrics are skipped with a
    warning. If Meta refuses the request itself (e.g. a window too long), the refusal is
    reported through ``on_warning`` and ``[]`` is returned, so that the caller falls back
    to daily sums; credentials and exhausted retries still raise.
    """
    warn = warner(on_warning)
    params = {
        "period": "day",
        "metric_type": "total_value",
        # since..until both inclusive for totals (as the daily values are dated).
        "since": window.start.isoformat(),
        "until": window.end.isoformat(),
    }
    with GraphClient(config, sleep=sleep) as client:
        try:
            pages = _query_metrics(
                client, _INSTAGRAM, ig_user_id, list(config.instagram_metrics), params, set(), warn
            )
        except (AuthError, GaveUpError):
            raise
        except SourceError as error:
            if error.retryable:
                raise
            warn(
                f"Meta refused the window totals of Instagram account {ig_user_id} over "
                f"{window}; daily values will be summed instead: {error.message}"
            )
            return []
    totals: list[dict[str, Any]] = []
    for page in pages:
        for item in _data(page):
            value = total_value(item)
            if value is None:
                raise BadResponseError(
                    f"metric {item.get('name')!r} has no total_value",
                    source=SOURCE,
                    request=page.source,
                )
            totals.append({"metric": str(item.get("name")), "value": value, "_source": page.source})
    return totals


def _iter_daily(
    config: MetaConfig,
    entity: _Entity,
    object_id: str,
    metrics: Sequence[str],
    window: DateWindow,
    on_warning: Warn | None,
    sleep: Callable[[float], None],
) -> Iterator[pa.RecordBatch]:
    warn = warner(on_warning)
    bad: set[str] = set()
    warned_breakdowns: set[str] = set()
    with GraphClient(config, sleep=sleep) as client:
        for chunk in window.split(entity.max_days):
            wanted = [m for m in metrics if m not in bad]
            if not wanted:
                return
            params = {
                "period": "day",
                "since": chunk.start.isoformat(),
                # One day past the end: the API dates a value by the end of its day, and
                # the answer is filtered to the chunk anyway, so either reading of
                # `until` (inclusive or exclusive) yields every day of the chunk.
                "until": (chunk.end + timedelta(days=1)).isoformat(),
            }
            for page in _query_metrics(client, entity, object_id, wanted, params, bad, warn):
                rows, breakdowns = insights_rows(_data(page), chunk.start, chunk.end)
                for metric in sorted(breakdowns - warned_breakdowns):
                    warned_breakdowns.add(metric)
                    warn(
                        f"metric {metric!r} of {entity.label} {object_id} gives a breakdown, "
                        f"not a number: its values are stored empty; remove it from "
                        f"{entity.setting}"
                    )
                if rows:
                    yield insights_batch(entity.id_column, object_id, rows, page.source)


def _query_metrics(
    client: GraphClient,
    entity: _Entity,
    object_id: str,
    metrics: list[str],
    params: dict[str, Any],
    bad: set[str],
    warn: Warn,
) -> list[GraphResponse]:
    """The answers for ``metrics``; metrics Meta rejects are added to ``bad``, warned
    about once, and left out.

    Meta's "(#100) The value must be a valid insights metric" does not say which one, so
    when several were asked, each is asked alone to find the culprits; the good ones'
    answers are kept (no request is wasted).
    """
    try:
        return [client.get((object_id, "insights"), {**params, "metric": ",".join(metrics)})]
    except MetricUnavailableError as error:
        if len(metrics) > 1 and error.metric in metrics:
            # The message named the culprit: drop it and ask again for the others.
            alone = _query_metrics(client, entity, object_id, [error.metric], params, bad, warn)
            rest = [m for m in metrics if m != error.metric]
            return alone + _query_metrics(client, entity, object_id, rest, params, bad, warn)
        if len(metrics) > 1:
            answers: list[GraphResponse] = []
            for metric in metrics:
                answers.extend(
                    _query_metrics(client, entity, object_id, [metric], params, bad, warn)
                )
            return answers
        bad.add(metrics[0])
        warn(
            f"metric {metrics[0]!r} is not available for {entity.label} {object_id} "
            f"(Meta: {error.message}); it was skipped and the other metrics were loaded. "
            f"Remove or replace it in {entity.setting}"
        )
        return []


def _data(page: GraphResponse) -> list[dict[str, Any]]:
    data = page.body.get("data")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise BadResponseError(
            "the answer has no 'data' list of metrics", source=SOURCE, request=page.source
        )
    return data
