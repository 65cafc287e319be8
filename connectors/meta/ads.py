"""Ads insights: daily rows per campaign, and the exact unique reach of a window."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypedDict

import pyarrow as pa

from connectors.errors import BadResponseError, SourceError, TooMuchDataError
from connectors.meta.client import GraphClient, GraphResponse, Warn, warner
from connectors.meta.coerce import ads_batch, strip_act, to_int
from connectors.meta.config import MetaConfig
from connectors.meta.constants import ADS_FIELDS, PERIOD_REACH_FIELDS, SOURCE
from connectors.meta.reports import run_report
from connectors.windows import DateWindow

log = logging.getLogger("connectors.meta")


class PeriodReach(TypedDict):
    """The unique reach and impressions of an account's (filtered) campaigns over a window."""

    account_id: str
    reach: int
    impressions: int
    _source: str


def iter_ads_insights(
    config: MetaConfig,
    account_id: str,
    window: DateWindow,
    *,
    on_warning: Warn | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[pa.RecordBatch]:
    """Daily ads insights per campaign (level=campaign, time_increment=1) over ``window``.

    Yields one RecordBatch per page of the API's answer, with the columns of
    ``raw.meta_ads_insights`` but ``_run_id`` and ``_loaded_at``. Ranges up to
    ``config.async_threshold_days`` are read directly; longer ones through an async
    report run. When Meta answers "reduce the amount of data", the range is halved
    and each half read on its own, down to single days. A window's pages are gathered
    before they are yielded (each page typed as it arrives), so a split after a partial
    read never duplicates rows.
    """
    warn = warner(on_warning)
    with GraphClient(config, sleep=sleep) as client:
        yield from _read_window(client, strip_act(account_id), window, warn)


def _read_window(
    client: GraphClient, account: str, window: DateWindow, warn: Warn
) -> Iterator[pa.RecordBatch]:
    params = _ads_params(window)
    if window.days > client.config.async_threshold_days:
        pages = run_report(client, ("act_" + account,), params, str(window))
    else:
        pages = client.pages(
            ("act_" + account, "insights"), {**params, "limit": client.config.page_size}
        )
    try:
        # Each page is typed as it arrives: a long window holds compact Arrow batches,
        # not the decoded JSON of every page (several times their size).
        batches = [ads_batch(_rows(page), page.source, account) for page in pages]
    except TooMuchDataError as error:
        if window.days == 1:
            raise TooMuchDataError(
                f"even a single day ({window}) is too much data for account {account}: "
                f"{error.message}",
                source=SOURCE,
                request=error.request,
                hint="Report this account to Meta support; nothing smaller can be asked",
            ) from None
        first, second = window.halves()
        log.info("Meta asks for less data on %s: reading %s and %s apart", window, first, second)
        yield from _read_window(client, account, first, warn)
        yield from _read_window(client, account, second, warn)
        return
    missing_reach = sum(batch.column("reach").null_count for batch in batches)
    if missing_reach:
        warn(
            f"Meta sent no reach for {missing_reach} daily rows of account {account} in "
            f"{window} (Meta omits reach for some queries starting more than 13 months back); "
            "the other metrics are loaded"
        )
    for batch in batches:
        if batch.num_rows:
            yield batch


def _ads_params(window: DateWindow) -> dict[str, Any]:
    return {
        "level": "campaign",
        "time_increment": 1,
        "time_range": _time_range(window),
        "fields": list(ADS_FIELDS),
    }


def _time_range(window: DateWindow) -> dict[str, str]:
    return {"since": window.start.isoformat(), "until": window.end.isoformat()}


def _rows(page: GraphResponse) -> list[dict[str, Any]]:
    data = page.body.get("data")
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise BadResponseError(
            "the answer has no 'data' list of rows", source=SOURCE, request=page.source
        )
    return data


def fetch_ads_period_reach(
    config: MetaConfig,
    account_id: str,
    window: DateWindow,
    *,
    campaign_ids: Sequence[str] = (),
    name_contains: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PeriodReach:
    """The exact unique reach (and impressions) over ``window``, asked of the API.

    One request: level=account, time_increment=all_days, filtered on ``campaign.id IN
    campaign_ids`` and/or ``campaign.name CONTAIN name_contains`` (both: both must hold;
    neither: the whole account). No delivery in the window gives reach 0. Unique reach
    cannot be added up, so a "too much data" refusal is raised, not split.
    """
    account = strip_act(account_id)
    filtering: list[dict[str, Any]] = []
    if campaign_ids:
        filtering.append({"field": "campaign.id", "operator": "IN", "value": list(campaign_ids)})
    if name_contains:
        filtering.append({"field": "campaign.name", "operator": "CONTAIN", "value": name_contains})
    params: dict[str, Any] = {
        "level": "account",
        "time_increment": "all_days",
        "time_range": _time_range(window),
        "fields": list(PERIOD_REACH_FIELDS),
    }
    if filtering:
        params["filtering"] = filtering
    with GraphClient(config, sleep=sleep) as client:
        page = client.get(("act_" + account, "insights"), params)
    rows = _rows(page)
    if not rows:
        return PeriodReach(account_id=account, reach=0, impressions=0, _source=page.source)
    if len(rows) > 1:
        raise BadResponseError(
            f"expected one account row for {window}, got {len(rows)}",
            source=SOURCE,
            request=page.source,
        )
    reach = to_int(rows[0].get("reach"), "reach")
    if reach is None:
        raise SourceError(
            f"Meta sent no reach for account {account} over {window}",
            source=SOURCE,
            request=page.source,
            hint="Meta omits reach for some queries starting more than 13 months back",
        )
    return PeriodReach(
        account_id=account,
        reach=reach,
        impressions=to_int(rows[0].get("impressions"), "impressions") or 0,
        _source=page.source,
    )
