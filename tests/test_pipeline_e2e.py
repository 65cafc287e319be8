"""The whole spine through real Dagster, real dbt, real DuckDB and the SDK over loopback.

One module-wide run over the help-line campaign's baseline, previous and current
windows; then a re-run, a one-channel sub-range backfill, and an analyst holding the
snapshot open meanwhile. Figures are checked against the sandbox's own sample data.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from connectors.sandbox import sample_ads
from connectors.sandbox import sample_data as sample
from connectors.sandbox import sample_google_ads as sg
from connectors.sandbox.google_ads import GrpcSandboxServer
from connectors.sandbox.server import SandboxServer
from connectors.windows import DateWindow
from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.defs.channels import check_channels
from pipelines.runner import plan_runs
from pipelines.sandbox_env import sandbox_settings
from pipelines.settings import PROJECT_ROOT, Settings
from pipelines.warehouse import RAW_TABLES

pytestmark = pytest.mark.slow

WINDOW = DateWindow(date(2021, 8, 25), date(2022, 5, 28))  # helpline baseline..end
LIGNE = ["120200000000000011", "120200000000000012"]
ACCOUNT = "1000000001"


class Pipeline:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.defs = build_definitions(settings)
        self.instance = dg.DagsterInstance.ephemeral()

    def run(self, window: DateWindow, channels: list[str] | None = None) -> str:
        """The two runs of `pulse run` (ingestion, then models), in process; both must
        succeed. Returns the ingestion run's id."""
        job = self.defs.resolve_job_def(JOB_NAME)
        results = [
            job.execute_in_process(instance=self.instance, tags=planned.tags,
                                   asset_selection=list(planned.selection))
            for planned in plan_runs(self.defs, [window], check_channels(channels or []))
        ]
        assert all(r.success for r in results)
        self.last_results = results
        return results[0].run_id

    def query(self, sql: str, params: list[object] | dict[str, object] | None = None,
              db: str = "warehouse") -> list[tuple]:
        path = self.settings.warehouse if db == "warehouse" else self.settings.analytics
        conn = duckdb.connect(str(path), read_only=True)
        try:
            return conn.execute(sql, params or []).fetchall()
        finally:
            conn.close()

    def growth(self, campaign: str, channel: str, metric: str) -> tuple:
        rows = self.query(
            "select current_value, previous_value, growth_pct, method, unit, baseline_value "
            "from marts.campaign_growth where campaign_id = ? and channel = ? and metric = ?",
            [campaign, channel, metric], db="analytics")
        assert len(rows) == 1, (campaign, channel, metric, rows)
        return rows[0]


@pytest.fixture(scope="module")
def pipeline(module_env: Path, meta_sandbox: SandboxServer,
             google_ads_sandbox: GrpcSandboxServer) -> Iterator[Pipeline]:
    with pytest.MonkeyPatch.context() as mp:
        google_ads_sandbox.faults.clear()
        for name, value in sandbox_settings(meta_sandbox.url, google_ads_sandbox.url).items():
            mp.setenv(name, value)
        p = Pipeline(Settings.from_env())
        p.run(WINDOW)
        yield p


def test_facebook_growth_is_the_field_report_figure(pipeline: Pipeline) -> None:
    current, previous, growth, method, unit, _ = pipeline.growth(
        "helpline-2022", "facebook", "reach")
    assert (current, previous) == (95_630, 11_457)
    assert growth == pytest.approx((95_630 - 11_457) / 11_457 * 100)
    assert round(growth, 1) == 734.7
    assert (method, unit) == ("daily_unique_sum", "count")
    visits = pipeline.growth("helpline-2022", "facebook", "profile_views")
    assert visits[:2] == (3_584, 600) and round(visits[2], 1) == 497.3
    views = pipeline.growth("helpline-2022", "facebook", "views")
    assert views[0] == sample.HELPLINE_FACEBOOK["page_media_view"]


def test_instagram_reach_comes_from_the_period_total(pipeline: Pipeline) -> None:
    current, previous, growth, method, _, _ = pipeline.growth(
        "helpline-2022", "instagram", "reach")
    assert (current, previous, method) == (43_619, 823, "period_unique")
    assert round(growth, 1) == 5200.0
    daily_sum = sample.window_sum("instagram", sample.INSTAGRAM_ID, "reach", *sample.HELPLINE)
    assert daily_sum > current  # the daily values were not summed


def test_meta_ads_reach_is_the_exact_period_reach_not_daily_sums(pipeline: Pipeline) -> None:
    current, previous, growth, method, unit, _ = pipeline.growth(
        "helpline-2022", "meta_ads", "reach")
    expected = sample_ads.ads_unique_reach(ACCOUNT, LIGNE, *sample.HELPLINE)
    assert (current, method, unit) == (expected, "period_unique", "count")
    assert previous == 0 and growth is None  # the ads did not run before: no growth
    (daily_sum,) = pipeline.query(
        "select sum(reach) from raw.meta_ads_insights where campaign_id in (?, ?) "
        "and date between ? and ?", [*LIGNE, *sample.HELPLINE])[0]
    assert daily_sum > current


def test_spend_and_ratios_are_recomputed_from_sums(pipeline: Pipeline) -> None:
    spend = pipeline.growth("helpline-2022", "meta_ads", "spend")
    assert (spend[0], spend[4]) == (1100.0, "CAD")
    clicks = pipeline.growth("helpline-2022", "meta_ads", "clicks")[0]
    assert clicks == 3_017 + 378
    cpc = pipeline.growth("helpline-2022", "meta_ads", "cpc")
    assert cpc[0] == pytest.approx(1100 / clicks) and cpc[3] == "ratio"
    impressions = pipeline.growth("helpline-2022", "meta_ads", "impressions")[0]
    assert impressions == 175_000
    ctr = pipeline.growth("helpline-2022", "meta_ads", "ctr")
    assert ctr[0] == pytest.approx(clicks / impressions * 100) and ctr[4] == "percent"


def test_provenance_and_no_token_anywhere(pipeline: Pipeline) -> None:
    rows = pipeline.query("select count(*), count(distinct _run_id), min(_source) "
                          "from raw.meta_ads_insights")
    count, runs, source = rows[0]
    assert count > 0 and runs == 1 and "/insights" in source
    for table in ("meta_ads_insights", "meta_page_insights", "instagram_insights",
                  "meta_ads_period_reach", "instagram_period_totals",
                  "google_ads_campaign_daily"):
        for secret in (sample.TOKEN, sg.DEVELOPER_TOKEN, sg.REFRESH_TOKEN):
            leaks = pipeline.query(f"select count(*) from raw.{table} where _source like ?",
                                   [f"%{secret}%"])
            assert leaks == [(0,)], (table, secret)


def display_sums(start: date, end: date) -> dict[str, float]:
    """The sandbox's display campaign summed by hand over start..end."""
    days = [d for d in sg.campaign_days(15500000011) if start <= d.day <= end]
    return {"impressions": sum(d.impressions for d in days),
            "clicks": sum(d.clicks for d in days),
            "spend": sum(d.cost_micros for d in days) / 1_000_000,
            "conversions": sum(d.conversions for d in days)}


def test_google_display_figures_are_the_campaign_window_of_its_run(pipeline: Pipeline) -> None:
    """The field report's 169 050 / 901 / 412 $ cover the whole run, 04-07..06-13; the mart
    reports the campaign window 04-25..05-28 and the same length before it."""
    current, previous = display_sums(*sample.HELPLINE), display_sums(*sample.HELPLINE_PREVIOUS)
    assert 0 < previous["impressions"] < current["impressions"] < 169_050
    for metric in ("impressions", "clicks", "spend", "conversions"):
        got = pipeline.growth("helpline-2022", "google_ads", metric)
        assert got[0] == pytest.approx(current[metric]), metric
        assert got[1] == pytest.approx(previous[metric]), metric
        growth = (current[metric] - previous[metric]) / previous[metric] * 100
        assert got[2] == pytest.approx(growth) and got[3] == "sum", metric
        assert got[4] == ("CAD" if metric == "spend" else "count")
    # The baseline: the 8 months before the campaign hold the display's soft launch only.
    baseline = display_sums(date(2021, 8, 25), date(2022, 4, 24))
    impressions = pipeline.growth("helpline-2022", "google_ads", "impressions")
    assert impressions[5] == pytest.approx(baseline["impressions"] / 8)
    ratios = {
        "ctr": (lambda s: s["clicks"] / s["impressions"] * 100, "percent"),
        "cpc": (lambda s: s["spend"] / s["clicks"], "CAD"),
        "cost_per_conversion": (lambda s: s["spend"] / s["conversions"], "CAD"),
    }
    for metric, (formula, unit) in ratios.items():
        got = pipeline.growth("helpline-2022", "google_ads", metric)
        assert got[0] == pytest.approx(formula(current)), metric
        assert got[1] == pytest.approx(formula(previous)), metric
        assert (got[3], got[4]) == ("ratio", unit), metric
    # The campaign totals add Google's clicks and spend to Meta's.
    assert pipeline.growth("helpline-2022", "all", "clicks")[0] == 3_017 + 378 + current["clicks"]
    spend = pipeline.growth("helpline-2022", "all", "spend")
    assert spend[0] == pytest.approx(1100 + current["spend"]) and spend[4] == "CAD"
    # The brand search campaign and the French account belong to no campaign.
    objects = pipeline.query(
        "select distinct object_id from facts.fct_channel_daily where channel = 'google_ads'")
    assert {o for (o,) in objects} == {sg.HELPLINE_DISPLAY_ID, "15500000012", "15500000021"}


def test_data_checks_run_with_each_landing_and_pass(pipeline: Pipeline) -> None:
    pipeline.run(DateWindow(date(2022, 5, 1), date(2022, 5, 7)))
    ingest, models = pipeline.last_results
    landed = {(e.asset_key.to_user_string(), e.check_name): e.passed
              for e in ingest.get_asset_check_evaluations()}
    assert landed[("raw/meta_ads_insights", "reach_within_impressions")] is True
    assert landed[("raw/meta_page_insights", "every_day_landed")] is True
    # Every raw asset the run landed ran all its checks (the file channels' assets,
    # which `pulse run` does not land, run theirs in their own runs).
    ran = {e.asset_key for e in ingest.get_asset_materialization_events()}
    expected = {(k.asset_key.to_user_string(), k.name)
                for k in pipeline.defs.resolve_asset_graph().asset_check_keys
                if k.asset_key in ran and k.asset_key.path[0] == "raw"
                and k.asset_key.path[-1] in RAW_TABLES}
    assert set(landed) == expected
    assert len(landed) >= 24 and all(landed.values()), landed
    # dbt's tests are the models' checks, in the models run.
    modelled = {e.asset_key.to_user_string() for e in models.get_asset_check_evaluations()}
    assert "marts/campaign_growth" in modelled
    assert all(e.passed for e in models.get_asset_check_evaluations())


ANALYST_PARAMS = {"campaign_id": "helpline-2022", "channel": "facebook", "metric": "views"}


def test_every_analyst_query_runs_on_the_snapshot(pipeline: Pipeline) -> None:
    queries = sorted((PROJECT_ROOT / "sql" / "analyst").glob("*.sql"))
    assert len(queries) >= 4
    for path in queries:
        text = path.read_text()
        params = {k: v for k, v in ANALYST_PARAMS.items() if f"${k}" in text}
        rows = pipeline.query(text, params, db="analytics")
        assert rows, path.name
    daily = pipeline.query((PROJECT_ROOT / "sql/analyst/campaign_daily.sql").read_text(),
                           ANALYST_PARAMS, db="analytics")
    assert sum(v for _, period, v, _ in daily if period == "current") == \
        sample.HELPLINE_FACEBOOK["page_media_view"]
    people = pipeline.query((PROJECT_ROOT / "sql/analyst/people_reached.sql").read_text(),
                            db="analytics")
    assert ("helpline-2022", "instagram", 43_619.0) in [r[:3] for r in people if r[6]]


def counts(p: Pipeline) -> dict[str, int]:
    tables = ("meta_ads_insights", "meta_page_insights", "instagram_insights",
              "meta_ads_period_reach", "instagram_period_totals", "google_ads_campaign_daily")
    return {t: p.query(f"select count(*) from raw.{t}")[0][0] for t in tables}


def test_running_the_same_range_again_changes_nothing(pipeline: Pipeline) -> None:
    before = counts(pipeline)
    growth_before = pipeline.query("select * from marts.campaign_growth order by all",
                                   db="analytics")
    pipeline.run(WINDOW)
    assert counts(pipeline) == before
    assert pipeline.query("select * from marts.campaign_growth order by all",
                          db="analytics") == growth_before


MAY_1_7 = DateWindow(date(2022, 5, 1), date(2022, 5, 7))
MAY_9_15 = DateWindow(date(2022, 5, 9), date(2022, 5, 15))


@pytest.mark.parametrize(("channel", "table", "sub", "rows"), [
    ("meta_ads", "meta_ads_insights", MAY_1_7,
     len(sample_ads.ads_days(ACCOUNT, MAY_1_7.start, MAY_1_7.end))),
    ("google_ads", "google_ads_campaign_daily", MAY_9_15,
     sum(len(sg.customer_days(c, MAY_9_15.start, MAY_9_15.end))
         for c in (sg.CUSTOMER_ID, sg.FRANCE_CUSTOMER_ID))),
])
def test_one_channel_sub_range_backfill_replaces_only_that_range(
    pipeline: Pipeline, channel: str, table: str, sub: DateWindow, rows: int
) -> None:
    (old_run,) = pipeline.query("select distinct _run_id from raw.meta_page_insights "
                                "where date = '2022-01-10'")[0]
    before = counts(pipeline)
    growth_before = pipeline.query("select * from marts.campaign_growth order by all",
                                   db="analytics")
    run_id = pipeline.run(sub, [channel])
    assert counts(pipeline) == before
    by_run = dict(pipeline.query(
        f"select date between ? and ?, list_distinct(list(_run_id)) "
        f"from raw.{table} group by 1", [sub.start, sub.end]))
    assert by_run[True] == [run_id]
    assert run_id not in by_run[False]
    assert pipeline.query(f"select count(*) from raw.{table} where _run_id = ?",
                          [run_id]) == [(rows,)]
    # The coverage ledger records the backfilled window, with its landing.
    assert pipeline.query("select distinct table_name, window_start, window_end "
                          "from raw.landed_windows where _run_id = ?",
                          [run_id]) == [(table, sub.start, sub.end)]
    # Another channel was not touched, and the same figures give the same mart.
    assert pipeline.query("select distinct _run_id from raw.meta_page_insights") == [(old_run,)]
    assert pipeline.query("select * from marts.campaign_growth order by all",
                          db="analytics") == growth_before


def test_an_open_analyst_connection_does_not_disturb_a_run(pipeline: Pipeline,
                                                         tmp_path: Path) -> None:
    log = tmp_path / "analyst.log"
    code = (
        "import duckdb, sys, time\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "out = open(sys.argv[2], 'w')\n"
        "while True:\n"
        "    try:\n"
        "        n = con.execute('select count(*) from marts.campaign_growth').fetchone()[0]\n"
        "        out.write(f'ok {n}\\n')\n"
        "    except Exception as e:\n"
        "        out.write(f'error {e}\\n')\n"
        "    out.flush(); time.sleep(0.05)\n"
    )
    analyst = subprocess.Popen([sys.executable, "-c", code, str(pipeline.settings.analytics),
                                str(log)])
    try:
        time.sleep(1.0)
        pipeline.run(DateWindow(date(2022, 5, 20), date(2022, 5, 28)))
    finally:
        analyst.terminate()
        analyst.wait(10)
    lines = log.read_text().splitlines()
    assert len(lines) > 10
    assert all(line.startswith("ok ") for line in lines), [x for x in lines if "error" in x][:3]
    assert len({line for line in lines}) == 1  # the same whole mart throughout
