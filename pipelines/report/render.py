"""The campaign report: one self-contained HTML file (inline CSS and SVG, no network),
and the compact summary the terminal prints."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from pipelines.formatting import day, figure, percent, text_table
from pipelines.report import view
from pipelines.report.data import ReportData, read_report
from pipelines.report.figures import growth_text, small_base_note
from pipelines.report.labels import HEADLINE_METRICS, Labels, metric_order

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Written:
    """A report written to disk, and how long reading and rendering took."""

    path: Path
    seconds: float
    data: ReportData


def environment() -> jinja2.Environment:
    """Templates from pipelines/report/templates, HTML-escaped, strict about names."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_report(data: ReportData, lang: str = "fr") -> str:
    """The report's HTML in `lang` ('fr' or 'en')."""
    labels = Labels(lang)
    o = data.overview
    sections = view.channel_sections(data, labels)
    cost_lines, budget_line, budget_bar = view.costs(data, labels)
    context = {
        "lang": lang, "t": labels.text, "o": o,
        "window": labels.text("window", start=day(o.start, lang), end=day(o.end, lang),
                              days=o.days),
        "previous": labels.text("previous", start=day(o.previous_start, lang),
                                end=day(o.previous_end, lang)),
        "baseline": labels.text("baseline", months=o.baseline_months,
                                start=day(o.baseline_start, lang), end=day(o.baseline_end, lang))
        if o.baseline_months else "",
        "budget": view.budget_text(data, labels),
        "channels": [(labels.channel(c.channel), c.status) for c in data.channels],
        "moments": [(day(m.day, lang), m.name) for m in data.moments],
        "cards": view.cards(data, labels), "bars": view.growth_chart(data, labels),
        "threshold": figure(data.figures[0].small_reference_value, "count", lang)
        if data.figures else "",
        "sections": sections, "has_baseline": o.baseline_months is not None,
        "rates": view.rates(data, labels), "goals": view.goals(data, labels),
        "costs": cost_lines, "budget_line": budget_line, "budget_bar": budget_bar,
        "methods": view.methods_used(data.figures, labels),
        "sources": [(labels.channel(c.channel), labels.source(c.channel))
                    for c in data.channels if c.status == "reported"],
        "dates": {"start": day(o.start, lang), "end": day(o.end, lang),
                  "pstart": day(o.previous_start, lang), "pend": day(o.previous_end, lang),
                  "bstart": day(o.baseline_start, lang), "bend": day(o.baseline_end, lang)},
        "snapshot": data.snapshot.name,
    }
    return environment().get_template("report.html.j2").render(context)


def default_path(snapshot: Path, campaign_id: str, lang: str) -> Path:
    """Where a report goes without --out: beside the snapshot, under reports/."""
    return snapshot.parent / "reports" / f"{campaign_id}-{lang}.html"


def write_report(snapshot: Path, campaign_id: str, lang: str, out: Path) -> Written:
    """Read the campaign from the snapshot and write its report to `out`."""
    started = time.perf_counter()
    data = read_report(snapshot, campaign_id)
    html = render_report(data, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return Written(out, time.perf_counter() - started, data)


def summary(data: ReportData, lang: str = "fr") -> str:
    """The terminal's compact summary: headline figures per channel, spend, goals."""
    labels = Labels(lang)
    o = data.overview
    lines = [f"{o.name} ({o.campaign_id}) — "
             + labels.text("window", start=day(o.start, lang), end=day(o.end, lang), days=o.days)]
    body = []
    for f in sorted(data.figures, key=lambda f: (f.channel == "all", f.channel,
                                                  metric_order(f.metric))):
        if f.metric in HEADLINE_METRICS:
            body.append((labels.channel(f.channel), view.figure_label(f, labels),
                         figure(f.current_value, f.unit, lang), growth_text(f, labels)))
    head = (labels.text("col_channel"), labels.text("col_metric"),
            labels.text("col_campaign"), labels.text("col_growth"))
    lines.append(text_table(head, body, right=frozenset({2, 3})) if body
                 else labels.text("no_figures"))
    note = small_base_note([f for f in data.figures if f.metric in HEADLINE_METRICS], labels)
    if note is not None:
        lines.append(note)
    for c in data.costs:
        if c.channel == "all" and c.spend is not None and c.budget_amount is not None:
            lines.append(labels.text(
                "summary_spend", spend=figure(c.spend, c.currency or "count", lang),
                budget=figure(c.budget_amount, c.budget_currency or "count", lang),
                used=percent(c.budget_used_pct, lang)))
    for g in data.goals:
        attainment = percent(g.attainment_pct, lang, decimals=0)
        if g.counts_people is False:  # on an upper bound, as in the report's table
            attainment = labels.text("at_most", target=attainment)
        lines.append(labels.text(
            "summary_goal", channel=labels.channel(g.channel),
            metric=view.goal_label(g, labels),
            attainment=attainment,
            status=labels.text("goal_no_data" if g.status == "no_data" else g.status)))
    for state in data.channels:
        if state.status == "no_data":
            lines.append(f"{labels.channel(state.channel)}: {labels.text('no_data')}")
    return "\n".join(lines)
