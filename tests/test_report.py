"""The campaign report from a real snapshot: the sandbox through real Dagster, dbt and
DuckDB, then `pulse report`. Figures in the HTML are checked against the marts, in
French and English; the page is opened in headless Chromium; a missing channel, a zero
or tiny previous period and bad input read clearly.

The snapshot holds every channel of the sample, as `make demo` lands them: Meta, Google
Ads and Mailchimp from their sandboxes, X, TikTok and the help line's call log from the
sample export files dropped in the inbox. The registry is the sample one plus
`essai-sans-radio`: three days in May 2022, no budget, Facebook and a radio channel whose
export was never imported.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import isolate
from png import read_png

from connectors.sandbox.google_ads import GrpcSandboxServer
from connectors.sandbox.server import SandboxServer
from connectors.windows import DateWindow
from pipelines.cli import main
from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.defs.channels import check_channels
from pipelines.demo import drop_sample_exports
from pipelines.formatting import NBSP
from pipelines.growth import growth_table
from pipelines.inbox import file_channels
from pipelines.report.data import read_figures, read_report
from pipelines.report.labels import METRICS, Labels
from pipelines.report.render import render_report
from pipelines.runner import plan_runs
from pipelines.sandbox_env import sandbox_settings
from pipelines.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.slow

# The help line's previous period and campaign (essai-sans-radio lies inside). Its eight
# baseline months are left out to halve the run: its baseline figures are partial here,
# and checked only against the mart, like every figure of the report. (The export files
# land whole whatever the window: they are small.)
WINDOW = DateWindow(date(2022, 3, 22), date(2022, 5, 28))
EXTRA_CAMPAIGN = """
  - id: essai-sans-radio
    name: "Essai : canal manquant"
    start: 2022-05-02
    end: 2022-05-04
    channels:
      facebook: account
      radio: account
    goals:
      - {channel: radio, metric: airings, target: 60}
"""
# Which columns identify a row of each mart a figure's data-key names.
MART_KEYS = {
    "campaign_report_figures": ("channel", "metric"),
    "campaign_benchmarks": ("channel", "metric", "benchmark"),
    "campaign_goals": ("channel", "metric"),
    "campaign_costs": ("channel",),
    "campaign_overview": ("campaign_id",),
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, meta_sandbox: SandboxServer,
             google_ads_sandbox: GrpcSandboxServer,
             mailchimp_sandbox: SandboxServer) -> Iterator[Settings]:
    """A published snapshot of the sample campaigns (and essai-sans-radio), every channel."""
    tmp = tmp_path_factory.mktemp("report")
    registry = tmp / "campaigns.yaml"
    registry.write_text((PROJECT_ROOT / "campaigns.yaml").read_text(encoding="utf-8")
                        + EXTRA_CAMPAIGN, encoding="utf-8")
    fakes = (meta_sandbox, google_ads_sandbox, mailchimp_sandbox)
    for fake in fakes:
        fake.faults.clear()  # the sandboxes serve the whole session
    with pytest.MonkeyPatch.context() as mp:
        isolate(mp, tmp)
        mp.setenv("PULSE_CAMPAIGNS", str(registry))
        for name, value in sandbox_settings(*(fake.url for fake in fakes)).items():
            mp.setenv(name, value)
        current = Settings.from_env()
        drop_sample_exports(current.inbox)
        defs = build_definitions(current)
        job, instance = defs.resolve_job_def(JOB_NAME), dg.DagsterInstance.ephemeral()
        channels = check_channels([], file_channels(current))
        for planned in plan_runs(defs, [WINDOW], channels):
            result = job.execute_in_process(instance=instance, tags=planned.tags,
                                            asset_selection=list(planned.selection))
            assert result.success, planned.name
        yield current


INLINE = {"data", "span", "time", "code", "strong", "em"}


class Page(HTMLParser):
    """The report's visible text and its figures (<data> elements and their text)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.figures: list[dict[str, str]] = []
        self.chunks: list[str] = []
        self._open: dict[str, str] | None = None
        self._skip = 0
        self.feed(html)
        # ASCII whitespace only: the narrow no-break space is part of a figure
        self.text = re.sub(r"[ \t\r\n]+", " ", "".join(self.chunks)).strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in INLINE:
            self.chunks.append(" ")  # a cell, a paragraph: words do not run together
        if tag in ("style", "title"):
            self._skip += 1
        if tag == "data":
            self._open = {k: v or "" for k, v in attrs} | {"text": ""}

    def handle_endtag(self, tag: str) -> None:
        if tag not in INLINE:
            self.chunks.append(" ")
        if tag in ("style", "title"):
            self._skip -= 1
        if tag == "data" and self._open is not None:
            self.figures.append(self._open)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data
        if not self._skip:
            self.chunks.append(data)

    def figure(self, mart: str, key: str, field: str) -> str:
        """The printed text of one figure."""
        found = [f["text"] for f in self.figures
                 if (f["data-mart"], f["data-key"], f["data-field"]) == (mart, key, field)]
        assert len(found) >= 1, (mart, key, field)
        return found[0]


def report(settings: Settings, campaign: str, lang: str = "fr") -> Page:
    return Page(render_report(read_report(settings.analytics, campaign), lang))


def mart_value(conn: duckdb.DuckDBPyConnection, campaign: str, figure: dict[str, str]) -> object:
    mart, field = figure["data-mart"], figure["data-field"]
    columns = MART_KEYS[mart]
    values = figure["data-key"].split("/") if mart != "campaign_overview" else [campaign]
    where = " and ".join(f"{c} is not distinct from ?" for c in columns)
    rows = conn.execute(
        f"select {field} from marts.{mart} where campaign_id = ? and {where}",
        [campaign, *[v or None for v in values]]).fetchall()
    assert len(rows) == 1, figure
    return rows[0][0]


def test_every_figure_in_the_html_is_the_marts_value(settings: Settings) -> None:
    page = report(settings, "helpline-2022")
    assert len(page.figures) > 80
    with duckdb.connect(str(settings.analytics), read_only=True) as conn:
        for figure in page.figures:
            assert float(figure["value"]) == mart_value(conn, "helpline-2022", figure), figure
    # the field report's figures, as it prints them
    f = "campaign_report_figures"
    assert page.figure(f, "facebook/views", "current_value") == f"137{NBSP}522"
    assert page.figure(f, "facebook/reach", "growth_pct") == f"+734,7{NBSP}%"
    assert page.figure(f, "instagram/reach", "growth_pct") == f"+5{NBSP}200,0{NBSP}%"
    assert page.figure(f, "facebook/profile_views", "growth_pct") == f"+497,3{NBSP}%"
    assert page.figure("campaign_overview", "helpline-2022", "budget_amount") == \
        f"45{NBSP}000{NBSP}$"
    assert page.figure("campaign_costs", "meta_ads", "spend") == f"1{NBSP}100{NBSP}$"
    assert page.figure("campaign_costs", "all", "spend") == f"1{NBSP}414,63{NBSP}$"
    assert page.figure("campaign_benchmarks", "meta_ads/cpc/", "current_value") == f"0,32{NBSP}$"
    assert "Du 25 avril 2022 au 28 mai 2022 (34 jours)" in page.text
    assert "du 22 mars 2022 au 24 avril 2022" in page.text
    assert "2 mai 2022 Semaine de la santé mentale" in page.text


def test_every_channel_of_the_sample_as_the_field_report_prints_it(settings: Settings) -> None:
    page = report(settings, "helpline-2022")
    f, b = "campaign_report_figures", "campaign_benchmarks"
    with duckdb.connect(str(settings.analytics), read_only=True) as conn:
        channels = {row[0] for row in conn.execute(
            "select distinct channel from marts.campaign_report_figures "
            "where campaign_id = 'helpline-2022'").fetchall()}
    assert channels == {"meta_ads", "facebook", "instagram", "google_ads", "mailchimp",
                        "twitter", "tiktok", "calls", "all"}
    # each has its figures printed (and test_every_figure... holds them to the marts)
    assert {fig["data-key"].split("/")[0] for fig in page.figures
            if fig["data-mart"] == f} == channels
    # Google Display over the campaign's days of its run
    assert page.figure(b, "google_ads/cpc/", "current_value") == f"0,46{NBSP}$"
    assert page.figure(f, "google_ads/impressions", "current_value") == f"129{NBSP}730"
    # the mass mailing: 2 697 sent, 977 opened (36 %), 129 clicked (13 % of openers)
    assert page.figure(f, "mailchimp/emails_sent", "current_value") == f"2{NBSP}697"
    assert page.figure(f, "mailchimp/opens_unique", "current_value") == "977"
    assert page.figure(f, "mailchimp/clicks_unique", "current_value") == "129"
    assert page.figure(b, "mailchimp/open_rate/nonprofit_email_open_rate",
                       "current_value") == f"36,43{NBSP}%"
    assert page.figure(b, "mailchimp/click_to_open_rate/nonprofit_email_clicks",
                       "current_value") == f"13,20{NBSP}%"
    # the four benchmarks the field reports cite, each beside its rate with its source
    cited = "cited in the help line's impact report, 2022 meilleur que le repère"
    assert f"Google Ads Taux de clics 0,53{NBSP}% 0,08{NBSP}% Canadian display benchmark " \
           f"{cited} (6,6{NBSP}× le repère)" in page.text
    assert f"Infolettre Mailchimp Taux d'ouverture 36,43{NBSP}% 25,00{NBSP}% Nonprofit email " \
           f"benchmark {cited} (1,5{NBSP}× le repère)" in page.text
    assert f"Infolettre Mailchimp Taux de clics des ouvreurs 13,20{NBSP}% 2,00{NBSP}% à " \
           f"3,00{NBSP}% Nonprofit email benchmark {cited}" in page.text
    assert f"X (Twitter) Taux d'interaction 4,19{NBSP}% 0,50{NBSP}% Usual X (Twitter) " \
           f"engagement rate {cited} (8,4{NBSP}× le repère)" in page.text
    # and Mailchimp's industry figure, read with the mailing's report
    assert f"Infolettre Mailchimp Taux d'ouverture 36,43{NBSP}% 25,46{NBSP}% Mailchimp " \
           f"industry stats: Non-Profit, 2024 meilleur que le repère (1,4{NBSP}× le repère)" \
           in page.text
    # X, TikTok and the help line from their export files
    assert page.figure(f, "twitter/impressions", "current_value") == f"4{NBSP}700"
    assert page.figure(f, "twitter/impressions", "growth_pct") == f"+57,4{NBSP}%"
    assert page.figure(f, "tiktok/views", "current_value") == f"1{NBSP}594"
    assert page.figure(f, "tiktok/followers_gained", "growth_pct") == f"+36,0{NBSP}%"
    assert page.figure(f, "tiktok/likes", "growth_pct") == f"+214,3{NBSP}%"
    assert page.figure(f, "calls/calls", "current_value") == "294"
    # counts that are not whole keep their decimals, so the words beside them hold
    assert page.figure(f, "calls/call_minutes", "current_value") == "932,2"
    assert page.figure(f, "google_ads/conversions", "previous_value") == "2,5"
    assert f"37 2,5 +1{NBSP}380,0{NBSP}% sur une base de 2,5 seulement (moins de 100)" \
        in page.text


def test_every_metric_has_its_words_in_both_languages(settings: Settings) -> None:
    fr, en = report(settings, "helpline-2022"), report(settings, "helpline-2022", "en")
    with duckdb.connect(str(settings.analytics), read_only=True) as conn:
        metrics = {row[0] for row in conn.execute(
            "select distinct metric from marts.campaign_growth").fetchall()}
    assert {"call_minutes", "opens_with_forwards", "abuse_reports", "bookmarks"} <= metrics
    assert metrics <= METRICS.keys()  # none falls back to its name
    for metric in metrics:
        # what a missing label would print: never in the French report
        fallback = metric.replace("_", " ").capitalize()
        if fallback != Labels("fr").metric(metric):
            assert fallback not in fr.text, metric
    # opens_total leaves the forwarded copies out; opens_with_forwards is the field
    # report's "5 381 opens counting forwards"
    assert f"Ouvertures (transferts compris) somme des valeurs quotidiennes 5{NBSP}381" \
        in fr.text
    assert f"Ouvertures (sans les transferts) somme des valeurs quotidiennes 5{NBSP}342" \
        in fr.text
    assert "Opens (forwards included) sum of the daily values 5,381" in en.text
    assert "Opens (forwards excluded) sum of the daily values 5,342" in en.text
    assert "Minutes d'appel somme des valeurs quotidiennes 932,2 294,4" in fr.text


def test_people_only_from_period_unique_counts_and_upper_bounds_say_so(
        settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = report(settings, "helpline-2022")
    unique = "personnes uniques comptées par la plateforme sur toute la période"
    bound = "somme des comptes uniques quotidiens : une borne haute, pas des personnes"
    # Instagram's reach and the mailing's opens and clicks are the platform's counts over
    # the window: people
    assert f"Personnes atteintes {unique} 43{NBSP}619 823" in page.text
    assert f"Personnes qui ont ouvert {unique} 977" in page.text
    assert f"Personnes qui ont cliqué {unique} 129" in page.text
    assert "Publicités Meta Coût par personne atteinte 0,009" in page.text  # exact reach
    # Facebook's reach adds up daily counts, the campaign's opens and clicks add up each
    # mailing's: upper bounds, in the tables, the cards, the growth chart and the goals
    upper = "(borne haute, pas des personnes)"
    assert f"Portée {upper} {bound} 95{NBSP}630 11{NBSP}457" in page.text
    assert f"Ouvertures uniques {upper} {bound} 977" in page.text
    assert f"Clics uniques {upper} {bound} 129" in page.text
    assert f"Ouvertures uniques {upper} 977 rien à la période précédente" in page.text
    assert f"Page Facebook Portée {upper} +734,7{NBSP}%" in page.text
    assert f"Page Facebook Portée {upper} 50{NBSP}000 95{NBSP}630" in page.text
    assert "Ensemble de la campagne Coût par unité de portée (sur une borne haute, pas par " \
           "personne) 0,005" in page.text
    # and in the terminal's summary, whose campaign totals come last
    assert main(["report", "--campaign", "helpline-2022", "--out",
                 str(tmp_path / "rapport.html")]) == 0
    printed = capsys.readouterr().out
    assert re.search("^Ensemble de la campagne +" + re.escape(f"Ouvertures uniques {upper}")
                     + " +977 ", printed, re.MULTILINE)
    totals = printed[printed.index("Ensemble de la campagne"):]
    assert "Personnes" not in totals


def test_a_goal_on_an_upper_bound_is_not_called_met(
        settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The registry's goal of 50 000 people reached on Facebook, whose reach is a sum of
    daily counts: 95 630 past the target does not say 50 000 people were reached."""
    page, en = report(settings, "helpline-2022"), report(settings, "helpline-2022", "en")
    judged = "impossible à juger en personnes : le résultat repose sur une borne haute"
    assert f"Page Facebook Portée (borne haute, pas des personnes) 50{NBSP}000 95{NBSP}630 " \
           f"au plus 191{NBSP}% {judged}" in page.text
    assert "Reach (upper bound, not people) 50,000 95,630 at most 191% cannot be judged on " \
           "people: the result rests on an upper bound" in en.text
    # a goal on an exact figure is still met
    assert f"Publicités Meta Coût par clic au plus 0,50{NBSP}$ 0,32{NBSP}$ 154{NBSP}% atteint" \
        in page.text
    assert main(["report", "--campaign", "helpline-2022", "--lang", "en", "--out",
                 str(tmp_path / "report.html")]) == 0
    assert "goal Facebook page, Reach (upper bound, not people): at most 191% (cannot be " \
           "judged on people: the result rests on an upper bound)" in capsys.readouterr().out


def test_english_report(settings: Settings) -> None:
    fr, en = report(settings, "helpline-2022"), report(settings, "helpline-2022", "en")
    assert en.figure("campaign_report_figures", "facebook/views", "current_value") == "137,522"
    assert en.figure("campaign_report_figures", "facebook/reach", "growth_pct") == "+734.7%"
    assert en.figure("campaign_costs", "all", "spend") == "$1,414.63"
    assert "April 25, 2022 to May 28, 2022 (34 days)" in en.text
    assert "Unique opens (upper bound, not people) sum of daily unique counts: an upper " \
           "bound, not people 977" in en.text
    assert "People who opened unique people counted by the platform over the whole window " \
           "977" in en.text
    assert "How these numbers were computed" in en.text
    for french in ("En bref", "Personnes atteintes", "période précédente"):
        assert french not in en.text
    # the same figures, only written differently
    as_set = [{(f["data-mart"], f["data-key"], f["data-field"], f["value"]) for f in p.figures}
              for p in (fr, en)]
    assert as_set[0] == as_set[1]


def test_zero_previous_period_reads_clearly(settings: Settings) -> None:
    page = report(settings, "helpline-2022")
    # the ads did not run before the campaign: no growth, and words instead of a dash
    assert f"Impressions somme des valeurs quotidiennes 175{NBSP}000 0 rien à la période " \
           "précédente" in page.text
    assert "Publicités Meta rien à la période précédente" in page.text  # the growth chart
    assert "aucun repère" in page.text  # Meta rates: the seed has no Meta benchmark


def test_missing_channel_tiny_previous_and_no_budget(settings: Settings) -> None:
    page = report(settings, "essai-sans-radio")
    assert "Radio (aucune donnée)" in page.text
    assert "Radio Ce canal est inscrit au registre de la campagne, mais l'instantané " \
           "publié ne contient aucune de ses données" in page.text
    assert "pas encore mesuré" in page.text  # the goal on the radio
    with duckdb.connect(str(settings.analytics), read_only=True) as conn:
        (previous,) = conn.execute(
            "select previous_value from marts.campaign_report_figures where "
            "campaign_id = 'essai-sans-radio' and channel = 'facebook' and metric = 'engagements' "
            "and growth_status = 'small_reference'").fetchone()
    assert previous < 100
    assert f"sur une base de {int(previous)} seulement (moins de 100)" in page.text
    assert "aucun budget inscrit au registre" in page.text
    assert "Aucun canal de la campagne ne déclare de dépenses." in page.text
    assert "moyenne mensuelle de référence" not in page.text  # no baseline_months


def test_the_terminal_growth_table_flags_growth_on_a_small_base(settings: Settings) -> None:
    """The table `make demo` prints: one line per figure of the mart, and a growth whose
    reference is under the threshold marked (!) with the reason below, as in the report."""
    rows = read_figures(settings.analytics, "helpline-2022")
    lines = growth_table(rows).splitlines()
    assert len(lines) == 2 + len(rows) + 1  # heading, rule, figures, the flag's reason
    assert lines[-1] == "(!) croissance sur une base de moins de 100 : à lire avec prudence"
    flagged = {(r.channel, r.metric) for r in rows
               if "small_reference" in (r.growth_status, r.baseline_status)}
    assert ("all", "calls") in flagged  # 294 calls against 98 before
    for row, line in zip(rows, lines[2:-1], strict=True):
        assert line.split()[:2] == [row.channel, row.metric]
        assert ("(!)" in line) == ((row.channel, row.metric) in flagged)
    assert re.search(f"^facebook +reach +95{NBSP}630 +11{NBSP}457 +\\+734,7{NBSP}% +– "
                     "+daily_unique_sum$", "\n".join(lines), re.MULTILINE)
    assert re.search(f"^all +calls +294 +98 +\\+200,0{NBSP}% \\(!\\) +\\+236,0{NBSP}% \\(!\\) "
                     "+sum$", "\n".join(lines), re.MULTILINE)


def test_cli_writes_the_report_and_prints_a_summary(
        settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rapport.html"
    assert main(["report", "--campaign", "helpline-2022", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert re.search(f"^Instagram +Personnes atteintes +43{NBSP}619 +\\+5{NBSP}200,0{NBSP}%$",
                     printed, re.MULTILINE)
    assert f"dépenses : 1{NBSP}414,63{NBSP}$ sur 45{NBSP}000{NBSP}$ (3,1{NBSP}%)" in printed
    assert "rapport (fr) écrit en" in printed and str(out) in printed
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert '<div class="meter" aria-hidden="true"><span style="width: 3.1%">' in html
    for remote in ("http://", "https://", "<script", "<link"):
        # one self-contained file: nothing fetched (the SVG namespace is an identifier)
        assert html.replace('xmlns="http://www.w3.org/2000/svg"', "").count(remote) == 0


def test_unknown_campaign_lists_the_known_ones(
        settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--campaign", "helpline-2023"]) == 2
    err = capsys.readouterr().err
    assert "unknown campaign 'helpline-2023'" in err
    assert "essai-sans-radio, helpline-2022, sante-mentale-2023" in err


def test_missing_snapshot_says_what_to_run(
        settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PULSE_ANALYTICS", str(tmp_path / "none.duckdb"))
    assert main(["report", "--campaign", "helpline-2022"]) == 2
    err = capsys.readouterr().err
    assert f"no published snapshot at {tmp_path / 'none.duckdb'}" in err
    assert "pulse run --from DATE --to DATE" in err


CHROMIUM = Path("/usr/bin/chromium")


def chromium(page: Path, tmp: Path, *args: str) -> None:
    """Headless Chromium on a local file, offline, with a fresh profile."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package "
                    "(apt-get install -y chromium, as root); install it, then run the tests again")
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    proc = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--hide-scrollbars", *args,
         page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


@pytest.mark.parametrize(("width", "min_bytes"), [(1280, 60_000), (390, 30_000)])
def test_screenshot_in_headless_chromium_is_a_page(settings: Settings, tmp_path: Path,
                                                 width: int, min_bytes: int) -> None:
    """On a desktop and a phone width: a real page, not a blank or broken one."""
    page = tmp_path / "rapport.html"
    assert main(["report", "--campaign", "helpline-2022", "--out", str(page)]) == 0
    shot = tmp_path / "shot.png"
    chromium(page, tmp_path, f"--window-size={width},1400", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert len(data) > min_bytes
    image = read_png(data)
    assert (image.width, image.height) == (width, 1400)
    colours = image.pixels()
    assert len(colours) > 200  # text, charts and tints, not a flat page
    background = max(colours, key=lambda c: sum(row.count(c) for row in image.rows[:50]))
    inked = sum(1 for row in image.rows for i in range(0, len(row), image.channels)
                if row[i:i + image.channels] != background)
    assert inked > image.width * image.height * 0.3


def test_prints_to_pdf(settings: Settings, tmp_path: Path) -> None:
    page = tmp_path / "rapport.html"
    assert main(["report", "--campaign", "helpline-2022", "--lang", "en", "--out",
                 str(page)]) == 0
    pdf = tmp_path / "rapport.pdf"
    chromium(page, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 30_000
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 3  # A4/Letter pages


def test_a_benchmark_the_user_adds_sits_beside_the_rate(settings: Settings,
                                                        tmp_path: Path) -> None:
    """The user edits the seed and rebuilds: the rate is read against it, with its source
    and year."""
    project = tmp_path / "dbt_project"
    shutil.copytree(PROJECT_ROOT / "dbt_project", project,
                    ignore=shutil.ignore_patterns("target", "logs"))
    with (project / "seeds" / "benchmarks.csv").open("a", encoding="utf-8") as seed:
        seed.write("meta_ads_ctr_test,meta_ads,ctr,0.9,,,percent,Our 2021 ads,2021,\n")
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(settings.analytics, warehouse)
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "build", "--select", "benchmarks+",
         "--project-dir", str(project), "--profiles-dir", str(project)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PULSE_WAREHOUSE": str(warehouse),
             "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
    assert proc.returncode == 0, proc.stdout[-3000:]
    page = Page(render_report(read_report(warehouse, "helpline-2022"), "fr"))
    key = "meta_ads/ctr/meta_ads_ctr_test"
    assert page.figure("campaign_benchmarks", key, "current_value") == f"1,94{NBSP}%"
    assert page.figure("campaign_benchmarks", key, "benchmark_value") == f"0,90{NBSP}%"
    assert page.figure("campaign_benchmarks", key, "times_benchmark") == f"2,2{NBSP}×"
    assert f"1,94{NBSP}% 0,90{NBSP}% Our 2021 ads, 2021 meilleur que le repère " \
           f"(2,2{NBSP}× le repère)" in page.text
