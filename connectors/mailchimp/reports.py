"""Campaign reports: every mailing sent on a window's days, as one dated read (a snapshot)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pyarrow as pa

from connectors.errors import BadResponseError
from connectors.mailchimp.client import MailchimpClient
from connectors.mailchimp.coerce import coerce_report, reports_table
from connectors.mailchimp.config import MailchimpConfig
from connectors.windows import DateWindow

log = logging.getLogger("connectors.mailchimp")

Warn = Callable[[str], None]


@dataclass(frozen=True)
class ReportsRead:
    """One read of the reports of a window's mailings.

    ``read_at`` is when Mailchimp answered (its Date header; our clock if it sent none),
    ``read_date`` that moment's day in the organisation's timezone: the snapshot's key.
    ``table`` has the columns of ``raw.mailchimp_campaign_reports`` but ``_run_id`` and
    ``_loaded_at``, one row per mailing. ``rejected`` holds one message per report that
    could not be read (a field of the wrong type): the others are in ``table``.
    """

    read_at: datetime
    read_date: date
    table: pa.Table
    requests: int
    rejected: tuple[str, ...] = ()


def send_time_bounds(window: DateWindow, timezone: ZoneInfo) -> tuple[datetime, datetime]:
    """The ``since_send_time`` and ``before_send_time`` that cover the window's days.

    Whether Mailchimp's bounds are inclusive is not documented: we ask one second more
    on each side and keep the window's days ourselves, so a mailing sent exactly at
    midnight is neither lost nor counted twice.
    """
    start = datetime.combine(window.start, datetime.min.time(), timezone)
    end = datetime.combine(window.end + timedelta(days=1), datetime.min.time(), timezone)
    second = timedelta(seconds=1)
    return (start - second).astimezone(UTC), (end + second).astimezone(UTC)


def read_campaign_reports(
    config: MailchimpConfig,
    window: DateWindow,
    *,
    on_warning: Warn | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> ReportsRead:
    """The reports of every campaign sent on ``window``'s days (in ``config.timezone``),
    as they stand now.

    Pages through ``GET /3.0/reports`` (``count``/``offset``, ``since_send_time`` and
    ``before_send_time``). The pages are gathered before anything is returned, so a
    failure midway yields nothing rather than half a snapshot. A report that cannot be
    read is left out and described in ``rejected``; the others are kept. A report listed
    twice (paging while a campaign is sent) is kept once, with a warning.
    """
    timezone = ZoneInfo(config.timezone)
    since, before = send_time_bounds(window, timezone)
    client = MailchimpClient(config, sleep=sleep)
    pages = list(client.report_pages(since, before))
    read_at = pages[0].served_at or clock()
    rows: list[dict[str, object]] = []
    rejected: list[str] = []
    seen: set[str] = set()
    for page in pages:
        for position, report in enumerate(page.body["reports"], start=1):
            try:
                row = coerce_report(report, timezone)
            except BadResponseError as error:
                rejected.append(f"{error.message} (request: {page.source}, report "
                                f"#{position}); the other reports are kept")
                continue
            if row["send_date"] not in window:
                continue  # outside the window's days (see send_time_bounds)
            if row["campaign_id"] in seen:
                _warn(on_warning, f"Mailchimp listed the report of campaign "
                                  f"{row['campaign_id']} twice while paging; kept once")
                continue
            seen.add(str(row["campaign_id"]))
            rows.append({**row, "_source": page.source, "_source_row": position})
    read_date = read_at.astimezone(timezone).date()
    table = reports_table(rows, read_at, read_date)
    return ReportsRead(read_at, read_date, table, len(pages), tuple(rejected))


def _warn(on_warning: Warn | None, message: str) -> None:
    log.warning("%s", message)
    if on_warning is not None:
        on_warning(message)
