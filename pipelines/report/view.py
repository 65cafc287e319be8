"""The report's content in one language, built from the marts' records: every figure a
Fig read from a mart, every word from the labels catalogue, the charts as SVG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from pipelines.formatting import count, day, figure, money, times
from pipelines.report import charts
from pipelines.report.data import Benchmark, Cost, Figure, Goal, ReportData
from pipelines.report.figures import FIGURES, Fig, Growth, fig, growth, pct, sentence
from pipelines.report.labels import HEADLINE_METRICS, Labels, chart_metric, metric_order


@dataclass(frozen=True)
class Row:
    """One metric of a channel: the campaign, the previous period, the baseline."""

    label: str
    method: str
    current: Fig
    previous: Fig
    growth: Growth
    baseline: Fig | None
    vs_baseline: Growth | None


@dataclass(frozen=True)
class ChannelView:
    """A channel's section: its figures and its daily chart, or why it has none."""

    channel: str
    title: str
    active: str
    missing: bool
    rows: list[Row]
    chart: Markup = field(default_factory=Markup)
    chart_title: str = ""
    chart_note: str = ""
    marks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Card:
    """A headline figure of the whole campaign."""

    label: str
    value: Fig
    growth: Growth


@dataclass(frozen=True)
class Line:
    """A row of the rates, goals or costs tables: cells already as markup or figures."""

    channel: str  # the channel's display name
    label: str
    cells: list[Fig | Markup | str]
    css: str = ""


def channel_sections(data: ReportData, labels: Labels) -> list[ChannelView]:
    """A section per registry channel (a missing one says so), the campaign totals last."""
    has_baseline = data.overview.baseline_months is not None
    views = []
    names = [c.channel for c in data.channels] + ["all"]
    status = {c.channel: c for c in data.channels}
    for name in names:
        rows = sorted((f for f in data.figures if f.channel == name and f.method != "ratio"),
                      key=lambda f: metric_order(f.metric))
        if name == "all" and not rows:
            continue
        state = status.get(name)
        active = ""
        if state and state.first_active_day and state.active_days < data.overview.days:
            active = labels.text("active", start=day(state.first_active_day, labels.lang),
                                 end=day(state.last_active_day, labels.lang))
        view = ChannelView(name, labels.channel(name), active, not rows,
                           [_row(f, labels, has_baseline) for f in rows])
        views.append(_with_chart(view, data, labels) if rows and name != "all" else view)
    return views


def _row(f: Figure, labels: Labels, has_baseline: bool) -> Row:
    key, lang = f"{f.channel}/{f.metric}", labels.lang
    return Row(
        label=figure_label(f, labels), method=labels.method(f.method),
        current=fig(f.current_value, f.unit, lang, FIGURES, key, "current_value"),
        previous=fig(f.previous_value, f.unit, lang, FIGURES, key, "previous_value"),
        growth=growth(f, labels),
        baseline=fig(f.baseline_value, f.unit, lang, FIGURES, key, "baseline_value")
        if has_baseline else None,
        vs_baseline=growth(f, labels, "baseline") if has_baseline else None)


def _with_chart(view: ChannelView, data: ReportData, labels: Labels) -> ChannelView:
    points = [p for p in data.series if p.channel == view.channel]
    metric = chart_metric({p.metric for p in points})
    points = [p for p in points if p.metric == metric]
    if metric is None or not points:
        return view
    lang = labels.lang
    moments = charts.charted_moments(data.moments, points)
    marks = [labels.text("named", name=day(m.day, lang), text=m.name) for m in moments]
    svg = charts.daily_chart(
        points, data.overview.start, [(m.day, text) for m, text in zip(moments, marks,
                                                                      strict=True)],
        labels.text("chart", metric=labels.metric(metric)),
        peak_text=lambda p: f"{figure(p.value, p.unit, lang)} ({day(p.day, lang, short=True)})",
        day_text=lambda d: day(d, lang, short=True))
    note = labels.text("daily_unique_chart") if points[0].aggregation == "daily_unique" else ""
    return ChannelView(view.channel, view.title, view.active, view.missing, view.rows,
                       svg, labels.text("chart", metric=labels.metric(metric)), note,
                       marks)


def cards(data: ReportData, labels: Labels) -> list[Card]:
    """The campaign totals (channel 'all') of the headline metrics, spend aside."""
    totals = {f.metric: f for f in data.figures if f.channel == "all"}
    out = []
    for metric in HEADLINE_METRICS:
        f = totals.get(metric)
        if f is None or metric == "spend":
            continue
        key = f"all/{metric}"
        out.append(Card(figure_label(f, labels),
                        fig(f.current_value, f.unit, labels.lang, FIGURES, key, "current_value"),
                        growth(f, labels)))
    return out


def growth_chart(data: ReportData, labels: Labels) -> Markup:
    """The growth bar chart: per channel, its counted metrics against the previous period."""
    groups = []
    for channel in [c.channel for c in data.channels if c.status == "reported"]:
        rows = sorted((f for f in data.figures if f.channel == channel and f.method != "ratio"),
                      key=lambda f: metric_order(f.metric))
        bars = [charts.Bar(figure_label(f, labels), f.growth_pct,
                           growth(f, labels).fig.text, f.growth_status == "small_reference")
                for f in rows if f.growth_status != "no_reference"]
        groups.append(charts.BarGroup(labels.channel(channel), bars,
                                      "" if bars else labels.text("zero_base")))
    return charts.growth_bars(groups, labels.text("growth_chart"))


BENCHMARKS = "campaign_benchmarks"


def figure_label(f: Figure, labels: Labels) -> str:
    """A figure's name as the mart qualifies it: people, an upper bound, or neither."""
    return labels.metric(f.metric, f.counts_people, f.method)


def goal_label(g: Goal, labels: Labels) -> str:
    """A goal's metric named as its figure is (the goal row carries the figure's method
    and whether it counts people)."""
    return labels.metric(g.metric, g.counts_people, g.method or "")


def metric_label(data: ReportData, labels: Labels, channel: str, metric: str) -> str:
    """A channel metric's name as its figure is named in the channel's table, wherever
    else it is printed (the rates): an upper bound stays one."""
    for f in data.figures:
        if (f.channel, f.metric) == (channel, metric):
            return figure_label(f, labels)
    return labels.metric(metric)


def rates(data: ReportData, labels: Labels) -> list[Line]:
    """Each rate beside its benchmark, the benchmark's source and year, and the reading."""
    return [_rate(b, labels, metric_label(data, labels, b.channel, b.metric))
            for b in data.benchmarks]


def _rate(b: Benchmark, labels: Labels, name: str) -> Line:
    lang, key = labels.lang, f"{b.channel}/{b.metric}/{b.benchmark or ''}"
    value = fig(b.current_value, b.unit, lang, BENCHMARKS, key, "current_value")
    if b.benchmark is None:
        return Line(labels.channel(b.channel), name, [value, labels.text("no_benchmark")], "none")
    if b.value is not None:
        reference: Fig | Markup = fig(b.value, b.unit, lang, BENCHMARKS, key, "benchmark_value")
    else:
        reference = sentence(labels, "range",
                             low=fig(b.low, b.unit, lang, BENCHMARKS, key, "benchmark_low"),
                             high=fig(b.high, b.unit, lang, BENCHMARKS, key, "benchmark_high"))
    source = labels.text("source_year", source=b.source, year=b.year)
    reading: Markup | str = labels.text(b.comparison) if b.comparison else ""
    if b.times_benchmark is not None:
        multiple = Fig(times(b.times_benchmark, lang), b.times_benchmark, BENCHMARKS, key,
                       "times_benchmark")
        reading = Markup("{} ({})").format(reading, sentence(labels, "times", times=multiple))
    return Line(labels.channel(b.channel), name, [value, reference, source, reading],
                b.comparison or "")


GOALS = "campaign_goals"


def goals(data: ReportData, labels: Labels) -> list[Line]:
    """Each registry goal: its target (a ceiling for costs), the result, the attainment."""
    return [_goal(g, labels, goal_label(g, labels)) for g in data.goals]


def _goal(g: Goal, labels: Labels, name: str) -> Line:
    lang, key = labels.lang, f"{g.channel}/{g.metric}"
    unit = g.unit or "count"
    # without an actual the goal's unit is unknown: the target is shown as written
    shown = figure(g.target, g.unit, lang) if g.unit else count(g.target, lang)
    target: Fig | Markup = Fig(shown, g.target, GOALS, key, "target")
    if g.lower_is_better:
        target = sentence(labels, "at_most", target=target)
    status = labels.text("goal_no_data" if g.status == "no_data" else g.status)
    attainment: Fig | Markup = pct(g.attainment_pct, lang, GOALS, key, "attainment_pct",
                                   decimals=0)
    if g.counts_people is False:
        # of an upper bound of people, the attainment is a ceiling too
        attainment = sentence(labels, "at_most", target=attainment)
    return Line(labels.channel(g.channel), name,
                [target, fig(g.actual, unit, lang, GOALS, key, "actual"), attainment, status],
                g.status)


COSTS = "campaign_costs"


def costs(data: ReportData, labels: Labels) -> tuple[list[Line], Markup, str]:
    """Spend per channel, the budget sentence, and the width of the budget's bar (its
    used share as a CSS length; empty: no bar)."""
    lang = labels.lang
    lines = []
    total: Cost | None = None
    for c in data.costs:
        if c.channel == "all":
            total = c
            continue
        spend = fig(c.spend, c.currency or "count", lang, COSTS, c.channel, "spend")
        note = "" if c.in_budget_currency is not False else labels.text(
            "other_currency", currency=c.currency)
        lines.append(Line(labels.channel(c.channel), labels.channel(c.channel), [
            spend, pct(c.share_of_spend_pct, lang, COSTS, c.channel, "share_of_spend_pct"),
            pct(c.budget_used_pct, lang, COSTS, c.channel, "budget_used_pct"), note]))
    if total is None or total.spend is None:
        return lines, escape(labels.text("no_spend")), ""
    currency = total.currency or "count"
    spend = fig(total.spend, currency, lang, COSTS, "all", "spend")
    if total.budget_amount is None:
        return lines, sentence(labels, "spend_only", spend=spend), ""
    line = sentence(
        labels, "budget_line", spend=spend,
        budget=fig(total.budget_amount, currency, lang, COSTS, "all", "budget_amount"),
        used=pct(total.budget_used_pct, lang, COSTS, "all", "budget_used_pct"),
        remaining=fig(total.budget_remaining, currency, lang, COSTS, "all", "budget_remaining"))
    return lines, line, _bar_width(total.budget_used_pct)


def _bar_width(used_pct: float | None) -> str:
    # an overspent budget fills the bar, no more
    return f"{min(100.0, used_pct):.1f}%" if used_pct else ""


def budget_text(data: ReportData, labels: Labels) -> Fig | str:
    """The budget as the heading states it."""
    o = data.overview
    if o.budget_amount is None or o.budget_currency is None:
        return labels.text("no_budget")
    return Fig(money(o.budget_amount, o.budget_currency, labels.lang), o.budget_amount,
               "campaign_overview", o.campaign_id, "budget_amount")


def methods_used(figures: Sequence[Figure], labels: Labels) -> list[tuple[str, str]]:
    """The methods the campaign's figures were obtained by, each explained."""
    seen = sorted({f.method for f in figures})
    return [(name, labels.method(name)) for name in seen]
