"""The report's SVG charts and HTML, from hand-made records (no snapshot needed)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from pipelines.report.charts import Bar, BarGroup, daily_chart, growth_bars
from pipelines.report.data import (
    ChannelStatus,
    Figure,
    Moment,
    Overview,
    Point,
    ReportData,
    ReportError,
    read_report,
)
from pipelines.report.render import render_report

START = date(2024, 3, 4)


def points() -> list[Point]:
    days = [START + timedelta(days=i) for i in range(-3, 3)]
    return [Point("facebook", "views", d, "current" if d >= START else "previous",
                  value, "sum", "count") for d, value in zip(days, [5, 6, 4, 30, 80, 20],
                                                             strict=True)]


def test_daily_chart_marks_the_window_the_moments_and_the_peak() -> None:
    svg = daily_chart(points(), START, [(date(2024, 3, 5), "5 mars : Lancement")],
                      "Vues par jour", peak_text=lambda p: f"{p.value:g} le {p.day.day}",
                      day_text=lambda d: d.isoformat())
    assert svg.count("<polyline") == 2  # the previous period, then the campaign
    assert 'class="band"' in svg and 'class="start"' in svg
    assert "<title>5 mars : Lancement</title>" in svg and ">1</text>" in svg
    assert ">80 le 5</text>" in svg  # the peak day, labelled
    assert ">2024-03-01<" in svg and ">2024-03-04<" in svg and ">2024-03-06<" in svg


def test_growth_bars_cut_the_long_ones_and_hatch_small_bases() -> None:
    svg = growth_bars([BarGroup("Instagram", [
        Bar("Personnes atteintes", 5200.0, "+5 200,0 %"),
        Bar("Vues", 80.0, "+80,0 %", flagged=True),
        Bar("Interactions", -20.0, "-20,0 %")]),
        BarGroup("Publicités Meta", [], "rien à la période précédente")], "Croissance")
    assert "» +5 200,0 %" in svg  # past the scale: cut, exact figure written
    assert "» +80,0 %" not in svg
    assert svg.count('class="bar flagged"') == 1 and 'id="hatch"' in svg
    assert "rien à la période précédente" in svg
    assert growth_bars([BarGroup("Meta", [], "rien")], "Croissance") == ""


def test_names_from_the_registry_are_escaped(tmp_path: Path) -> None:
    overview = Overview("x", "Campagne <b>& co</b>", START, START + timedelta(days=2), 3,
                        START - timedelta(days=3), START - timedelta(days=1), None, None, None,
                        None, None)
    figure = Figure("facebook", "views", 140.0, 15.0, 833.3, "small_reference", None, None,
                    "no_baseline", "sum", "count", None, 100.0)
    data = ReportData(tmp_path / "analytics.duckdb", overview,
                      [ChannelStatus("facebook", "reported", START, START, 1)],
                      [Moment(START, "Lancement <script>", "current")], [figure], [], [], [],
                      points())
    html = render_report(data)
    assert "Campagne &lt;b&gt;&amp; co&lt;/b&gt;" in html
    assert "<script" not in html and "Lancement &lt;script&gt;" in html
    assert "sur une base de" in html and 'class="growth flag"' in html
    assert "aucun budget inscrit au registre" in html


def test_a_snapshot_without_the_report_marts_says_to_rebuild(tmp_path: Path) -> None:
    old = tmp_path / "analytics.duckdb"
    with duckdb.connect(str(old)) as conn:
        conn.execute("create schema marts")
        conn.execute("create table marts.campaign_growth (campaign_id varchar)")
    with pytest.raises(ReportError, match=r"lacks the report's marts .*run `pulse run"):
        read_report(old, "helpline-2022")
