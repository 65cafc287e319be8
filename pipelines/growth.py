"""The growth table the terminal prints for a campaign (`make demo`)."""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.formatting import figure, text_table
from pipelines.report.data import Figure
from pipelines.report.figures import growth_text, small_base_note
from pipelines.report.labels import Labels


def growth_table(rows: Sequence[Figure], lang: str = "fr") -> str:
    """A plain aligned table: channel, metric, current, previous, growth, against the
    baseline, method. A growth from a small base is marked (!) and explained below."""
    labels = Labels(lang)
    head = [labels.text(f"col_{name}") for name in ("channel", "metric", "campaign",
                                                      "previous", "growth", "vs_baseline",
                                                      "method")]
    body = [(r.channel, r.metric, figure(r.current_value, r.unit, lang),
             figure(r.previous_value, r.unit, lang), growth_text(r, labels),
             growth_text(r, labels, "baseline"), r.method) for r in rows]
    table = text_table(head, body, right=frozenset({2, 3, 4, 5}))
    note = small_base_note(rows, labels, ("previous", "baseline"))
    return table if note is None else f"{table}\n{note}"
