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
    campaign_id: str
    channel: str
    metric: str
    current_value: float | None
    previous_value: float | None
    growth_pct: float | None
    baseline_value: float | None
    baseline_growth_pct: float | None
    method: str
    unit: str


class SnapshotMissingError(RuntimeError):
    """No published snapshot yet."""


def open_snapshot(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot; a clear error when there is none."""
    if not snapshot.exists():
        raise SnapshotMissingError(
            f"no published snapshot at {snapshot} (PULSE_ANALYTICS): run `pulse run "
            "--from DATE --to DATE` first")
    return duckdb.connect(str(snapshot), read_only=True)


def read_growth(snapshot: Path, campaign_id: str | None = None) -> list[GrowthRow]:
    """The mart's rows (one campaign, or all), read-only from the snapshot."""
    with open_snapshot(snapshot) as conn:
        rows = conn.execute(sql("analyst/campaign_growth.sql"),
                            {"campaign_id": campaign_id}).fetchall()
    return [GrowthRow(*r) for r in rows]


def growth_table(rows: list[GrowthRow], lang: str = "fr") -> str:
    """A plain aligned table: channel, metric, current, previous, growth, method."""
    labels = Labels(lang)
    head = [labels.text(f"col_{name}") for name in ("channel", "metric", "campaign",
                                                      "previous", "growth", "vs_baseline",
                                                      "method")]
    body = [(r.channel, r.metric, figure(r.current_value, r.unit, lang),
             figure(r.previous_value, r.unit, lang), percent(r.growth_pct, lang, signed=True),
             percent(r.baseline_growth_pct, lang, signed=True), r.method) for r in rows]
    return text_table(head, body, right=frozenset({2, 3, 4, 5}))
