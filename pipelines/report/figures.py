"""Figures as the report prints them: formatted in the reader's language, each keeping
the mart, row and column it was read from (as data attributes: a reader can check a
figure against the snapshot, and so do the tests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from pipelines.formatting import figure, percent
from pipelines.report.data import Figure
from pipelines.report.labels import Labels


@dataclass(frozen=True)
class Fig:
    """One printed figure and where in the marts it comes from."""

    text: str
    value: float | None
    mart: str
    key: str
    field: str

    def __html__(self) -> Markup:
        # Markup, not str: markupsafe escapes a plain str that __html__ returns
        if self.value is None:
            return Markup('<span class="na">{}</span>').format(self.text)
        return Markup('<data value="{}" data-mart="{}" data-key="{}" data-field="{}">{}'
                      "</data>").format(repr(float(self.value)), self.mart, self.key,
                                        self.field, self.text)


@dataclass(frozen=True)
class Growth:
    """A growth as printed: the figure, a note when it is flagged or absent, a style."""

    fig: Fig
    note: str  # plain text, or Markup holding figures
    css: str  # 'up', 'down', 'flag' or 'none'

    def __html__(self) -> Markup:
        if not self.note:
            return Markup('<span class="growth {}">{}</span>').format(self.css, self.fig)
        # where there is no growth, the words say why: no bare dash before them
        shown = self.fig if self.fig.value is not None else ""
        # the figure in a span of its own: a flag's tint marks the figure, not the note
        return Markup('<span class="growth {}"><span class="figure">{}</span> '
                      '<small class="note">{}</small></span>').format(self.css, shown, self.note)


def fig(value: float | None, unit: str, lang: str, mart: str, key: str, field: str) -> Fig:
    """A mart value in its unit (count, percent or currency)."""
    return Fig(figure(value, unit, lang), value, mart, key, field)


def pct(value: float | None, lang: str, mart: str, key: str, field: str,
        decimals: int = 1, signed: bool = False) -> Fig:
    """A mart percentage (a growth, a share, an attainment)."""
    return Fig(percent(value, lang, signed=signed, decimals=decimals), value, mart, key, field)


def sentence(labels: Labels, key: str, **values: object) -> Markup:
    """A catalogue sentence whose placeholders may hold figures (kept as markup)."""
    template = escape(labels.text(key, **{k: "{" + k + "}" for k in values}))
    return template.format(**values)


FIGURES = "campaign_report_figures"


def growth(row: Figure, labels: Labels, against: str = "previous") -> Growth:
    """The growth of a figure against the previous period or the baseline, flagged on a
    small base and replaced by words where there is none."""
    lang, key = labels.lang, f"{row.channel}/{row.metric}"
    if against == "previous":
        value, status, reference = row.growth_pct, row.growth_status, row.previous_value
        field, ref_field = "growth_pct", "previous_value"
    else:
        value, status, reference = row.baseline_growth_pct, row.baseline_status, row.baseline_value
        field, ref_field = "baseline_growth_pct", "baseline_value"
    shown = pct(value, lang, FIGURES, key, field, signed=True)
    if status == "compared" and value is not None:
        return Growth(shown, "", "up" if value >= 0 else "down")
    if status == "small_reference":
        base = fig(reference, row.unit, lang, FIGURES, key, ref_field)
        threshold = figure(row.small_reference_value, row.unit, lang)
        return Growth(shown, sentence(labels, "small_base", previous=base, threshold=threshold),
                      "flag")
    if status == "not_comparable":
        return Growth(shown, labels.text("not_comparable"), "none")
    if status == "no_reference" and against == "previous":
        return Growth(shown, labels.text("zero_base" if reference == 0 else "no_base"), "none")
    return Growth(shown, "", "none")


def growth_text(row: Figure, labels: Labels, against: str = "previous") -> str:
    """A growth as the terminal prints it: the percentage, (!) on a small base."""
    shown = growth(row, labels, against)
    return shown.fig.text + (" (!)" if shown.css == "flag" else "")


def small_base_note(rows: Sequence[Figure], labels: Labels,
                    against: Sequence[str] = ("previous",)) -> str | None:
    """The terminal's line under a table whose growths (against the previous period,
    the baseline or both) include one from a small base: what (!) means."""
    statuses = {"previous": "growth_status", "baseline": "baseline_status"}
    if not any(getattr(r, statuses[a]) == "small_reference" for r in rows for a in against):
        return None
    return labels.text("summary_flag", threshold=figure(rows[0].small_reference_value, "count",
                                                        labels.lang))
