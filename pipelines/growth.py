"""Reading the growth mart from the published snapshot, for the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.formatting import figure, percent
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


def read_growth(snapshot: Path, campaign_id: str | None = None) -> list[GrowthRow]:
    """The mart's rows (one campaign, or all), read-only from the snapshot."""
    if not snapshot.exists():
        raise SnapshotMissingError(
            f"no published snapshot at {snapshot} (PULSE_ANALYTICS): run `pulse run "
            "--from DATE --to DATE` first")
    conn = duckdb.connect(str(snapshot), read_only=True)
    try:
        rows = conn.execute(sql("analyst/campaign_growth.sql"),
                            {"campaign_id": campaign_id}).fetchall()
    finally:
        conn.close()
    return [GrowthRow(*r) for r in rows]


def growth_table(rows: list[GrowthRow], lang: str = "fr") -> str:
    """A plain aligned table: channel, metric, current, previous, growth, method."""
    head = (("canal", "indicateur", "campagne", "période précédente", "croissance",
             "vs référence", "méthode") if lang == "fr" else
            ("channel", "metric", "campaign", "previous period", "growth",
             "vs baseline", "method"))
    body = [(r.channel, r.metric, figure(r.current_value, r.unit, lang),
             figure(r.previous_value, r.unit, lang), percent(r.growth_pct, lang, signed=True),
             percent(r.baseline_growth_pct, lang, signed=True), r.method) for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=False)]
    right = {2, 3, 4, 5}
    lines = []
    for row in (head, *body):
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
