"""Reading the growth mart from the published snapshot, for the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.formatting import figure, percent, text_table
from pipelines.report.labels import Labels
from pipelines.sqlfiles import sql


@dataclass(frozen=True)
class GrowthRow:
    """A row of marts.campaign_report_figures: the growth mart's figure and how far its
    growth can be read (a small or missing reference)."""
    channel: str
    metric: str
    current_value: float | None
    previous_value: float | None
    growth_pct: float | None
    growth_status: str
    baseline_value: float | None
    baseline_growth_pct: float | None
    baseline_status: str
    method: str
    unit: str
    counts_people: bool | None
    small_reference_value: float


class SnapshotMissingError(RuntimeError):
    """No published snapshot yet."""


def open_snapshot(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot; a clear error when there is none."""
    if not snapshot.exists():
        raise SnapshotMissingError(
            f"no published snapshot at {snapshot} (PULSE_ANALYTICS): run `pulse run "
            "--from DATE --to DATE` first")
    return duckdb.connect(str(snapshot), read_only=True)


def read_growth(snapshot: Path, campaign_id: str) -> list[GrowthRow]:
    """One campaign's figures and growth, read-only from the snapshot."""
    with open_snapshot(snapshot) as conn:
        rows = conn.execute(sql("report/figures.sql"), {"campaign_id": campaign_id}).fetchall()
    return [GrowthRow(*r) for r in rows]


def growth_table(rows: list[GrowthRow], lang: str = "fr") -> str:
    """A plain aligned table: channel, metric, current, previous, growth, against the
    baseline, method. A growth from a small base is marked (!) and explained below."""
    labels = Labels(lang)

    def growth(pct: float | None, status: str) -> str:
        return percent(pct, lang, signed=True) + (" (!)" if status == "small_reference" else "")

    head = [labels.text(f"col_{name}") for name in ("channel", "metric", "campaign",
                                                      "previous", "growth", "vs_baseline",
                                                      "method")]
    body = [(r.channel, r.metric, figure(r.current_value, r.unit, lang),
             figure(r.previous_value, r.unit, lang), growth(r.growth_pct, r.growth_status),
             growth(r.baseline_growth_pct, r.baseline_status), r.method) for r in rows]
    table = text_table(head, body, right=frozenset({2, 3, 4, 5}))
    flagged = [r for r in rows if "small_reference" in (r.growth_status, r.baseline_status)]
    if flagged:
        table += "\n" + labels.text("summary_flag", threshold=figure(
            flagged[0].small_reference_value, "count", lang))
    return table
