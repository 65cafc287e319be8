"""Async report runs (AdReportRun): submit, wait with a bounded backoff, then page the rows."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from connectors.errors import BadResponseError, GaveUpError, TooMuchDataError
from connectors.meta.client import GraphClient, GraphResponse
from connectors.meta.constants import ASYNC_DONE, ASYNC_FAILED, ASYNC_SUBMISSIONS, SOURCE

log = logging.getLogger("connectors.meta")

# A second bound besides async_max_wait, in case the delays are configured to zero.
_MAX_POLLS = 500


class _ReportRunFailed(Exception):
    def __init__(self, run_id: str, status: str, source: str) -> None:
        super().__init__(f"report run {run_id} ended with {status!r}")
        self.source = source


def run_report(
    client: GraphClient, node: Sequence[str], params: Mapping[str, Any], label: str
) -> Iterator[GraphResponse]:
    """Every page of an async insights report on ``node`` (e.g. ``("act_1",)``).

    ``POST {node}/insights`` answers a ``report_run_id``; ``GET {run}`` is polled until
    "Job Completed" (and 100 %, as Meta may report completion early); then
    ``GET {run}/insights`` is paged. A run that fails or is skipped is submitted again,
    up to ``ASYNC_SUBMISSIONS`` times; after that it counts as too much data, so the
    caller halves the range (halves at or under the async threshold are read directly).
    """
    last_source = ""
    for submission in range(1, ASYNC_SUBMISSIONS + 1):
        created = client.request("POST", (*node, "insights"), params)
        run_id = created.body.get("report_run_id") or created.body.get("id")
        if not isinstance(run_id, str | int) or not str(run_id):
            raise BadResponseError(
                "the report run answer has no report_run_id",
                source=SOURCE,
                request=created.source,
            )
        try:
            _wait(client, str(run_id), label)
        except _ReportRunFailed as failed:
            last_source = failed.source
            log.warning("Meta %s (submission %d of %d)", failed, submission, ASYNC_SUBMISSIONS)
            continue
        # The run id expires within days: keep the request that defined the report.
        for page in client.pages((str(run_id), "insights"), {"limit": client.config.page_size}):
            yield replace(page, source=f"{page.source} (report run of {created.source})")
        return
    raise TooMuchDataError(
        f"the async report for {label} failed {ASYNC_SUBMISSIONS} times",
        source=SOURCE,
        request=last_source,
        hint="Read a shorter date range",
    )


def _wait(client: GraphClient, run_id: str, label: str) -> None:
    policy = client.config.retry
    limit = client.config.async_max_wait
    waited = 0.0
    polls = 0
    while True:
        polls += 1
        status_page = client.get(
            (run_id,), {"fields": ["async_status", "async_percent_completion"]}
        )
        status = str(status_page.body.get("async_status", ""))
        percent = status_page.body.get("async_percent_completion")
        if status == ASYNC_DONE and (not isinstance(percent, int | float) or percent >= 100):
            return
        if status in ASYNC_FAILED:
            raise _ReportRunFailed(run_id, status, status_page.source)
        if waited >= limit or polls >= _MAX_POLLS:
            raise GaveUpError(
                f"the async report run {run_id} for {label} did not finish within "
                f"{waited:.0f} s ({polls} polls; last status {status!r}, {percent} %)",
                source=SOURCE,
                request=status_page.source,
                hint="Meta is slow right now: run again later, or read a shorter range",
                attempts=polls,
                waited=waited,
            )
        # Poll quickly at first (small reports finish in seconds), then back off.
        delay = min(policy.max_delay, policy.base_delay * 2 ** min(polls - 1, 30), limit - waited)
        client.pause(delay)
        waited += delay
