"""The report's figures, read from the published snapshot's marts into plain records.

Only the snapshot (PULSE_ANALYTICS) is read, read-only: the report states what the
marts hold and computes nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from pipelines.sqlfiles import sql


class SnapshotMissingError(RuntimeError):
    """No published snapshot yet."""


def open_snapshot(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot; a clear error when there is none."""
    if not snapshot.exists():
        raise SnapshotMissingError(
            f"no published snapshot at {snapshot} (PULSE_ANALYTICS): run `pulse run "
            "--from DATE --to DATE` first")
    return duckdb.connect(str(snapshot), read_only=True)


class ReportError(RuntimeError):
    """The report cannot be made; the message says what is wrong and what to do."""


class UnknownCampaignError(ReportError):
    """The campaign id is not in the snapshot; the message lists the known ones."""


@dataclass(frozen=True)
class Overview:
    """marts.campaign_overview: the campaign's name, windows and budget."""

    campaign_id: str
    name: str
    start: date
    end: date
    days: int
    previous_start: date
    previous_end: date
    baseline_start: date | None
    baseline_end: date | None
    baseline_months: int | None
    budget_amount: float | None
    budget_currency: str | None


@dataclass(frozen=True)
class ChannelStatus:
    """marts.campaign_channels: a registry channel and whether it has figures."""

    channel: str
    status: str  # 'reported' or 'no_data'
    first_active_day: date | None
    last_active_day: date | None
    active_days: int


@dataclass(frozen=True)
class Moment:
    """marts.campaign_moments: a dated key moment and the window it falls in."""

    day: date
    name: str
    period: str  # 'current', 'previous' or 'outside'


@dataclass(frozen=True)
class Figure:
    """marts.campaign_report_figures: one channel metric with its growths."""

    channel: str
    metric: str
    current_value: float | None
    previous_value: float | None
    growth_pct: float | None
    growth_status: str  # 'compared', 'small_reference' or 'no_reference'
    baseline_value: float | None
    baseline_growth_pct: float | None
    baseline_status: str
    method: str
    unit: str
    counts_people: bool | None
    small_reference_value: float


@dataclass(frozen=True)
class Cost:
    """marts.campaign_costs: spend of a channel (or 'all') against the budget."""

    channel: str
    spend: float | None
    currency: str | None
    in_budget_currency: bool | None
    share_of_spend_pct: float | None
    budget_used_pct: float | None
    budget_amount: float | None
    budget_currency: str | None
    budget_remaining: float | None


@dataclass(frozen=True)
class Goal:
    """marts.campaign_goals: a registry goal and its attainment."""

    channel: str
    metric: str
    target: float
    actual: float | None
    unit: str | None
    method: str | None
    counts_people: bool | None  # false: an upper bound, or a rate or cost on one
    attainment_pct: float | None
    lower_is_better: bool
    status: str  # 'met', 'not_met', 'not_judged' (on an upper bound) or 'no_data'


@dataclass(frozen=True)
class Benchmark:
    """marts.campaign_benchmarks: a rate beside one benchmark (or none)."""

    channel: str
    metric: str
    current_value: float | None
    unit: str
    benchmark: str | None
    value: float | None
    low: float | None
    high: float | None
    source: str | None
    year: int | None
    position: str | None
    comparison: str | None
    times_benchmark: float | None


@dataclass(frozen=True)
class Point:
    """marts.campaign_report_series: one day of a channel metric."""

    channel: str
    metric: str
    day: date
    period: str
    value: float
    aggregation: str
    unit: str


@dataclass(frozen=True)
class ReportData:
    """Everything one campaign's report shows, as the marts hold it."""

    snapshot: Path
    overview: Overview
    channels: list[ChannelStatus]
    moments: list[Moment]
    figures: list[Figure]
    costs: list[Cost]
    goals: list[Goal]
    benchmarks: list[Benchmark]
    series: list[Point]


T = TypeVar("T")


def known_campaigns(snapshot: Path) -> list[str]:
    """The campaign ids the snapshot holds."""
    with open_snapshot(snapshot) as conn:
        return [row[0] for row in _fetch(conn, snapshot, "report/campaigns.sql", {})]


def read_figures(snapshot: Path, campaign_id: str) -> list[Figure]:
    """One campaign's figures and their growths (what the terminal's growth table shows)."""
    with open_snapshot(snapshot) as conn:
        return [Figure(*row) for row in _fetch(conn, snapshot, "report/figures.sql",
                                               {"campaign_id": campaign_id})]


def read_report(snapshot: Path, campaign_id: str) -> ReportData:
    """One campaign's figures from the snapshot's marts; unknown ids list the known ones."""
    with open_snapshot(snapshot) as conn:
        params = {"campaign_id": campaign_id}

        def rows(name: str, record: type[T]) -> list[T]:
            return [record(*row) for row in _fetch(conn, snapshot, f"report/{name}.sql", params)]

        overview = rows("overview", Overview)
        if not overview:
            known = [r[0] for r in _fetch(conn, snapshot, "report/campaigns.sql", {})]
            raise UnknownCampaignError(
                f"unknown campaign {campaign_id!r}: the snapshot {snapshot} holds "
                f"{', '.join(known) or 'no campaign'}. A campaign just added to the "
                "registry appears after the next `pulse run`.")
        return ReportData(
            snapshot=snapshot, overview=overview[0],
            channels=rows("channels", ChannelStatus), moments=rows("moments", Moment),
            figures=rows("figures", Figure), costs=rows("costs", Cost),
            goals=rows("goals", Goal), benchmarks=rows("benchmarks", Benchmark),
            series=rows("series", Point))


def _fetch(conn: duckdb.DuckDBPyConnection, snapshot: Path, name: str,
           params: dict[str, Any]) -> list[tuple[Any, ...]]:
    try:
        return conn.execute(sql(name), params).fetchall()
    except duckdb.CatalogException as exc:
        # a snapshot published before the report's marts existed
        raise ReportError(
            f"the snapshot {snapshot} lacks the report's marts ({exc.args[0].splitlines()[0]}): "
            "run `pulse run --from DATE --to DATE` to rebuild and publish it") from None
