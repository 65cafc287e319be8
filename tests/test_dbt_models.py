"""The dbt project against a real DuckDB file: hand-made raw rows, a real `dbt build`,
and the growth mart's figures checked against values worked out by hand.

The campaigns (all dates 2024):
- alpha: 03-04..03-06 (previous 03-01..03-03), meta_ads campaign_ids [111], facebook
  and instagram accounts. Meta ads have an exact period reach for both windows (350
  and 120, below the daily sums 430 and 150); Instagram has one only for the current
  window, so its reach stays the sum of daily reach.
- beta: 03-05..03-06 (previous 03-03..03-04), baseline_months 2 (baseline
  01-05..03-04), meta_ads campaign_name_contains "SPRING" (matches "Alpha spring" and
  "Spring promo", not "Other").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).parent / "dbt"

pytestmark = pytest.mark.slow

D = date.fromisoformat
LOADED = datetime(2024, 4, 1, tzinfo=UTC)

# Meta ads campaign 111 "Alpha spring", account acc1, CAD, day by day:
# (date, impressions, reach, clicks, link clicks, spend, engagements, video views)
ADS_111 = [
    ("2024-03-01", 50, 40, 2, 1, "5.00", 2, 0),
    ("2024-03-02", 50, 40, 3, 1, "5.00", 2, 0),
    ("2024-03-03", 100, 70, 5, 2, "10.00", 2, 0),
    ("2024-03-04", 100, 80, 5, 2, "10.00", 7, 1),
    ("2024-03-05", 200, 150, 10, 4, "20.00", 8, 2),
    ("2024-03-06", 300, 200, 15, 6, "30.00", 9, 3),
]
# "Spring promo" (333) delivered only in beta's baseline; "Other" (222) is no one's.
ADS_OTHERS = [
    ("333", "Spring promo", "2024-01-10", 400, 300, 8, 3, "16.00", 0, 0),
    ("333", "Spring promo", "2024-02-10", 200, 100, 2, 1, "4.00", 0, 0),
    ("222", "Other", "2024-03-05", 999, 999, 99, 9, "99.00", 9, 9),
]
# Facebook page1: views and daily reach every day; engagements only in alpha's window.
# An unmapped metric and page_fans (a stock) never reach the facts; the legacy
# page_impressions_unique loses to page_total_media_view_unique on 03-04.
PAGE = (
    [(d, "page_media_view", v) for d, v in [("2024-03-01", 50), ("2024-03-02", 50),
                                            ("2024-03-03", 50), ("2024-03-04", 100),
                                            ("2024-03-05", 100), ("2024-03-06", 100)]]
    + [(d, "page_total_media_view_unique", v)
       for d, v in [("2024-03-01", 30), ("2024-03-02", 30), ("2024-03-03", 30),
                    ("2024-03-04", 50), ("2024-03-05", 60), ("2024-03-06", 70)]]
    + [(d, "page_post_engagements", 3) for d in ("2024-03-04", "2024-03-05", "2024-03-06")]
    + [("2024-03-04", "page_impressions_unique", 55), ("2024-03-04", "page_mystery", 5),
       ("2024-03-04", "page_fans", 7000)]
)
INSTAGRAM = (
    [(d, "reach", 20) for d in ("2024-03-01", "2024-03-02", "2024-03-03")]
    + [(d, "reach", 40) for d in ("2024-03-04", "2024-03-05", "2024-03-06")]
    + [(d, "views", 100) for d in ("2024-03-01", "2024-03-02", "2024-03-03")]
    + [(d, "views", 200) for d in ("2024-03-04", "2024-03-05", "2024-03-06")]
    + [(f"2024-03-0{n}", "profile_views", 5) for n in range(1, 7)]
)


def _seed_raw(path: Path) -> None:
    """Create the raw tables from sql/raw and land the hand-made rows."""
    prov = ("run-test", LOADED, "test", 1)
    with duckdb.connect(str(path)) as con:
        for ddl in sorted((REPO / "sql" / "raw").glob("*.sql")):
            con.execute(ddl.read_text(encoding="utf-8"))
        con.executemany(
            "insert into raw.meta_ads_insights values "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [("acc1", "111", "Alpha spring", D(d), "CAD", *m, *prov) for d, *m in ADS_111]
            + [("acc1", cid, name, D(d), "CAD", *m, *prov) for cid, name, d, *m in ADS_OTHERS],
        )
        con.executemany(
            "insert into raw.meta_ads_period_reach values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [("alpha", "current", D("2024-03-04"), D("2024-03-06"), "acc1", 350, 600, *prov),
             ("alpha", "previous", D("2024-03-01"), D("2024-03-03"), "acc1", 120, 200, *prov),
             # computed for other dates than beta's windows: must be ignored
             ("beta", "current", D("2024-03-01"), D("2024-03-02"), "acc1", 1, 1, *prov),
             ("beta", "previous", D("2024-02-28"), D("2024-02-29"), "acc1", 1, 1, *prov)],
        )
        con.executemany(
            "insert into raw.meta_page_insights values (?, ?, ?, ?, ?, ?, ?, ?)",
            [("page1", D(d), metric, value, *prov) for d, metric, value in PAGE],
        )
        con.executemany(
            "insert into raw.instagram_insights values (?, ?, ?, ?, ?, ?, ?, ?)",
            [("ig1", D(d), metric, value, *prov) for d, metric, value in INSTAGRAM],
        )
        con.executemany(
            "insert into raw.instagram_period_totals values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [("alpha", "current", D("2024-03-04"), D("2024-03-06"), "ig1", "reach", 100, *prov)],
        )
        reg = ("run-test", LOADED, "campaigns.yaml")
        con.executemany(
            "insert into raw.registry_campaigns values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [("alpha", "Alpha", D("2024-03-04"), D("2024-03-06"), "1000", "CAD", None, *reg),
             ("beta", "Beta", D("2024-03-05"), D("2024-03-06"), None, None, 2, *reg)],
        )
        con.executemany(
            "insert into raw.registry_channels values (?, ?, ?, ?, ?, ?, ?)",
            [("alpha", "meta_ads", "campaign_ids", "111", *reg),
             ("alpha", "facebook", "account", None, *reg),
             ("alpha", "instagram", "account", None, *reg),
             ("beta", "meta_ads", "campaign_name_contains", "SPRING", *reg)],
        )
        con.executemany(
            "insert into raw.registry_moments values (?, ?, ?, ?, ?, ?)",
            [("alpha", D("2024-03-05"), "Launch", *reg)],
        )
        con.executemany(
            "insert into raw.registry_goals values (?, ?, ?, ?, ?, ?, ?)",
            [("alpha", "meta_ads", "cpc", 2.5, *reg),
             ("alpha", "facebook", "reach", 360, *reg),
             ("alpha", "instagram", "reach", 100, *reg),
             ("alpha", "all", "funds_raised", 1000, *reg)],
        )


def dbt_build(warehouse: Path, work: Path, *args: str) -> str:
    """Run `dbt build` as the pipeline does (cwd = repo root); return its output."""
    env = {**os.environ, "PULSE_WAREHOUSE": str(warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    proc = subprocess.run(
        [str(DBT), "build", "--project-dir", "dbt_project", "--profiles-dir", "dbt_project",
         "--target-path", str(work / "target"), "--log-path", str(work / "logs"), *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A warehouse with the hand-made raw rows, built once by dbt (no window vars)."""
    work = tmp_path_factory.mktemp("dbt")
    warehouse = work / "warehouse.duckdb"
    _seed_raw(warehouse)
    yield warehouse, dbt_build(warehouse, work)


@pytest.fixture(scope="module")
def con(built: tuple[Path, str]) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(built[0]), read_only=True) as c:
        yield c


def growth(con: duckdb.DuckDBPyConnection, campaign: str, channel: str,
           metric: str) -> dict[str, Any]:
    rel = con.execute(
        "select * from marts.campaign_growth where campaign_id = ? and channel = ? and metric = ?",
        [campaign, channel, metric],
    )
    rows = rel.fetchall()
    assert len(rows) == 1, (campaign, channel, metric, rows)
    return dict(zip([c[0] for c in rel.description], rows[0], strict=True))


def test_growth_mart_has_the_design_columns(con: duckdb.DuckDBPyConnection) -> None:
    cols = [r[0] for r in con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = 'marts' and table_name = 'campaign_growth' order by ordinal_position"
    ).fetchall()]
    assert cols == [
        "campaign_id", "channel", "metric", "current_start", "current_end", "previous_start",
        "previous_end", "current_value", "previous_value", "growth_pct", "baseline_value",
        "baseline_growth_pct", "method", "unit",
    ]


def test_windows(con: duckdb.DuckDBPyConnection) -> None:
    row = growth(con, "alpha", "meta_ads", "impressions")
    assert (row["current_start"], row["current_end"]) == (D("2024-03-04"), D("2024-03-06"))
    assert (row["previous_start"], row["previous_end"]) == (D("2024-03-01"), D("2024-03-03"))
    row = growth(con, "beta", "meta_ads", "impressions")
    assert (row["previous_start"], row["previous_end"]) == (D("2024-03-03"), D("2024-03-04"))


def test_sums_and_growth(con: duckdb.DuckDBPyConnection) -> None:
    row = growth(con, "alpha", "meta_ads", "impressions")
    assert (row["current_value"], row["previous_value"]) == (600, 200)
    assert row["growth_pct"] == pytest.approx(200.0)
    assert (row["method"], row["unit"]) == ("sum", "count")
    assert row["baseline_value"] is None and row["baseline_growth_pct"] is None

    spend = growth(con, "alpha", "meta_ads", "spend")
    assert (spend["current_value"], spend["previous_value"], spend["unit"]) == (60, 20, "CAD")
    links = growth(con, "alpha", "meta_ads", "link_clicks")
    assert (links["current_value"], links["previous_value"]) == (12, 4)


def test_zero_or_missing_previous_gives_null_growth(con: duckdb.DuckDBPyConnection) -> None:
    videos = growth(con, "alpha", "meta_ads", "video_views")  # previous days all 0
    assert (videos["current_value"], videos["previous_value"], videos["growth_pct"]) == (6, 0, None)
    # no facebook engagement rows at all before the campaign: 0, not a missing row
    eng = growth(con, "alpha", "facebook", "engagements")
    assert (eng["current_value"], eng["previous_value"], eng["growth_pct"]) == (9, 0, None)


def test_reach_takes_the_period_value_when_both_windows_have_one(
    con: duckdb.DuckDBPyConnection,
) -> None:
    reach = growth(con, "alpha", "meta_ads", "reach")
    assert (reach["current_value"], reach["previous_value"]) == (350, 120)  # not 430 / 150
    assert reach["method"] == "period_unique"
    assert reach["growth_pct"] == pytest.approx((350 - 120) / 120 * 100)


def test_reach_falls_back_to_daily_sums(con: duckdb.DuckDBPyConnection) -> None:
    # Instagram has an exact value for the current window only: daily sums for both
    ig = growth(con, "alpha", "instagram", "reach")
    assert (ig["current_value"], ig["previous_value"]) == (120, 60)
    assert ig["method"] == "daily_unique_sum"
    assert ig["growth_pct"] == pytest.approx(100.0)
    # Facebook: the current metric wins over the legacy one on 03-04 (50, not 55)
    fb = growth(con, "alpha", "facebook", "reach")
    assert (fb["current_value"], fb["previous_value"]) == (180, 90)
    assert fb["method"] == "daily_unique_sum"
    # beta's period values were computed for other dates: ignored
    beta = growth(con, "beta", "meta_ads", "reach")
    assert (beta["current_value"], beta["previous_value"], beta["method"]) == (
        350, 150, "daily_unique_sum")


def test_ratios_are_recomputed_from_window_sums(con: duckdb.DuckDBPyConnection) -> None:
    ctr = growth(con, "alpha", "meta_ads", "ctr")
    assert (ctr["current_value"], ctr["previous_value"]) == (pytest.approx(5), pytest.approx(5))
    assert (ctr["method"], ctr["unit"], ctr["growth_pct"]) == ("ratio", "percent", 0)
    cpc = growth(con, "alpha", "meta_ads", "cpc")
    assert (cpc["current_value"], cpc["previous_value"], cpc["unit"]) == (2, 2, "CAD")
    cpr = growth(con, "alpha", "meta_ads", "cost_per_reach")  # spend / period reach
    assert cpr["current_value"] == pytest.approx(60 / 350)
    assert cpr["previous_value"] == pytest.approx(20 / 120)
    # Facebook has no impressions: engagements / views
    er = growth(con, "alpha", "facebook", "engagement_rate")
    assert (er["current_value"], er["previous_value"]) == (pytest.approx(3), 0)
    assert (er["unit"], er["growth_pct"]) == ("percent", None)
    rows = con.execute(
        "select metric from marts.campaign_growth where campaign_id = 'alpha' "
        "and channel = 'instagram' and method = 'ratio'"
    ).fetchall()
    assert rows == []  # no engagements on Instagram: no ratio invented


def test_campaign_totals(con: duckdb.DuckDBPyConnection) -> None:
    views = growth(con, "alpha", "all", "views")
    assert (views["current_value"], views["previous_value"], views["method"]) == (900, 450, "sum")
    reach = growth(con, "alpha", "all", "reach")  # daily sums of every channel
    assert (reach["current_value"], reach["previous_value"]) == (430 + 180 + 120, 150 + 90 + 60)
    assert reach["method"] == "daily_unique_sum"
    eng = growth(con, "alpha", "all", "engagements")
    assert (eng["current_value"], eng["previous_value"]) == (24 + 9, 6)
    spend = growth(con, "alpha", "all", "spend")
    assert (spend["current_value"], spend["unit"]) == (60, "CAD")
    cpr = growth(con, "alpha", "all", "cost_per_reach")
    assert cpr["current_value"] == pytest.approx(60 / 730)
    assert growth(con, "alpha", "all", "ctr")["current_value"] == pytest.approx(5)


def test_name_contains_selector_and_baseline(con: duckdb.DuckDBPyConnection) -> None:
    imp = growth(con, "beta", "meta_ads", "impressions")
    assert (imp["current_value"], imp["previous_value"]) == (500, 200)  # "Other" left out
    # baseline 01-05..03-04: 400 + 200 (Spring promo) + 50 + 50 + 100 + 100, over 2 months
    assert imp["baseline_value"] == pytest.approx(450)
    assert imp["baseline_growth_pct"] == pytest.approx((500 - 450) / 450 * 100)
    reach = growth(con, "beta", "meta_ads", "reach")
    assert reach["baseline_value"] == pytest.approx((300 + 100 + 40 + 40 + 70 + 80) / 2)
    ctr = growth(con, "beta", "meta_ads", "ctr")  # ratio of the baseline's sums
    assert ctr["baseline_value"] == pytest.approx(25 / 900 * 100)
    assert ctr["baseline_growth_pct"] == pytest.approx(80)
    assert growth(con, "beta", "meta_ads", "cpc")["baseline_value"] == pytest.approx(2)


def test_unmapped_and_stock_metrics_stay_out_and_warn(
    built: tuple[Path, str], con: duckdb.DuckDBPyConnection
) -> None:
    metrics = {r[0] for r in con.execute(
        "select distinct metric from facts.fct_channel_daily where channel = 'facebook'"
    ).fetchall()}
    assert metrics == {"views", "reach", "engagements"}
    warned = [line for line in built[1].splitlines() if "unmapped_source_metric" in line]
    assert any("WARN" in line and "stg_meta__page_insights" in line for line in warned), warned


def test_campaign_daily_and_goals(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select date, value, period from marts.campaign_daily where campaign_id = 'beta' "
        "and channel = 'meta_ads' and metric = 'impressions' and date >= ? order by date, period",
        [D("2024-03-03")],
    ).fetchall()
    assert rows == [
        (D("2024-03-03"), 100, "baseline"), (D("2024-03-03"), 100, "previous"),
        (D("2024-03-04"), 100, "baseline"), (D("2024-03-04"), 100, "previous"),
        (D("2024-03-05"), 200, "current"), (D("2024-03-06"), 300, "current"),
    ]
    goals = {(r[0], r[1]): (r[2], r[3]) for r in con.execute(
        "select channel, metric, actual, attainment_pct from marts.campaign_goals "
        "where campaign_id = 'alpha'"
    ).fetchall()}
    assert goals[("meta_ads", "cpc")] == (2, pytest.approx(125))  # a cost: lower is better
    assert goals[("facebook", "reach")] == (180, pytest.approx(50))
    assert goals[("all", "funds_raised")] == (None, None)


def test_window_build_replaces_only_its_days(
    built: tuple[Path, str], tmp_path: Path
) -> None:
    """Re-landed 03-06 (changed figures, a vanished Instagram day) built with the window
    vars: 03-06 is replaced, 03-01 keeps its old value though its raw row changed too."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built[0], warehouse)
    with duckdb.connect(str(warehouse)) as c:
        c.execute("update raw.meta_ads_insights set impressions = ? where date = ? "
                  "and campaign_id = '111'", [310, D("2024-03-06")])
        c.execute("update raw.meta_ads_insights set impressions = ? where date = ? "
                  "and campaign_id = '111'", [999, D("2024-03-01")])
        c.execute("delete from raw.instagram_insights where date = ?", [D("2024-03-06")])
        before = c.execute("select count(*) from facts.fct_channel_daily where date != ?",
                           [D("2024-03-06")]).fetchone()
    dbt_build(warehouse, tmp_path, "--vars", '{"min_date": "2024-03-06", "max_date": "2024-03-06"}')
    with duckdb.connect(str(warehouse), read_only=True) as c:
        def fact(day: str, channel: str, metric: str) -> list[tuple[Any, ...]]:
            return c.execute(
                "select value from facts.fct_channel_daily where date = ? and channel = ? "
                "and metric = ? and object_id in ('111', 'ig1')",
                [D(day), channel, metric]).fetchall()

        assert fact("2024-03-06", "meta_ads", "impressions") == [(310,)]
        assert fact("2024-03-01", "meta_ads", "impressions") == [(50,)]
        assert fact("2024-03-06", "instagram", "reach") == []
        after = c.execute("select count(*) from facts.fct_channel_daily where date != ?",
                          [D("2024-03-06")]).fetchone()
        assert after == before
        row = c.execute(
            "select current_value from marts.campaign_growth where campaign_id = 'alpha' "
            "and channel = 'meta_ads' and metric = 'impressions'").fetchone()
        assert row == (100 + 200 + 310,)


def rows_of(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[tuple[Any, ...]]:
    return con.execute(sql, list(params)).fetchall()


def test_report_overview_moments_and_channels(con: duckdb.DuckDBPyConnection) -> None:
    assert rows_of(con, "select campaign_id, campaign_days, previous_start, previous_end, "
                        "baseline_start, baseline_end, budget_amount, channel_count "
                        "from marts.campaign_overview order by campaign_id") == [
        ("alpha", 3, D("2024-03-01"), D("2024-03-03"), None, None, 1000, 3),
        ("beta", 2, D("2024-03-03"), D("2024-03-04"), D("2024-01-05"), D("2024-03-04"), None,
         1),
    ]
    assert rows_of(con, "select moment_name, period from marts.campaign_moments") == [
        ("Launch", "current")]
    assert rows_of(con, "select channel, status, metric_count > 0, first_active_day, "
                        "active_days from marts.campaign_channels where campaign_id = 'alpha' "
                        "order by channel") == [
        ("facebook", "reported", True, D("2024-03-04"), 3),
        ("instagram", "reported", True, D("2024-03-04"), 3),
        ("meta_ads", "reported", True, D("2024-03-04"), 3),
    ]


def test_report_figures_flag_small_and_missing_previous_values(
        con: duckdb.DuckDBPyConnection) -> None:
    status = dict(((r[0], r[1]), r[2:]) for r in rows_of(
        con, "select channel, metric, growth_status, baseline_status, counts_people, "
             "small_reference_value from marts.campaign_report_figures "
             "where campaign_id = 'alpha'"))
    assert status[("meta_ads", "impressions")] == ("compared", "no_baseline", None, 100)
    assert status[("facebook", "reach")][:3] == ("small_reference", "no_baseline", False)
    assert status[("meta_ads", "video_views")][0] == "no_reference"  # previous 0
    assert status[("meta_ads", "ctr")][0] == "compared"  # a 5 % rate is not "small"
    assert status[("meta_ads", "reach")][2] is True  # period_unique: people
    assert status[("meta_ads", "cost_per_reach")][2] is True
    assert status[("all", "cost_per_reach")][2] is False  # on a sum of daily reach
    # by method, not by name: Instagram's reach has no exact previous value
    assert status[("instagram", "reach")][2] is False
    assert status[("meta_ads", "ctr")][2] is None  # a ratio of sums: no people in it
    beta = dict(rows_of(con, "select metric, baseline_status from "
                             "marts.campaign_report_figures where campaign_id = 'beta' "
                             "and channel = 'meta_ads'"))
    assert beta["impressions"] == "compared"  # baseline 450 a month


def test_report_costs_goals_and_benchmarks(con: duckdb.DuckDBPyConnection) -> None:
    costs = rows_of(con, "select campaign_id, channel, spend, currency, share_of_spend_pct, "
                         "budget_used_pct, budget_remaining from marts.campaign_costs "
                         "order by campaign_id, channel")
    assert costs == [
        ("alpha", "all", 60, "CAD", 100, 6, 940),
        ("alpha", "meta_ads", 60, "CAD", 100, 6, None),
        ("beta", "all", 50, "CAD", 100, None, None),  # no budget
        ("beta", "meta_ads", 50, "CAD", 100, None, None),
    ]
    goals = {(r[0], r[1]): r[2:] for r in rows_of(
        con, "select channel, metric, lower_is_better, status from marts.campaign_goals "
             "where campaign_id = 'alpha'")}
    assert goals == {("meta_ads", "cpc"): (True, "met"),
                     # sums of daily reach (upper bounds): 180 short of 360 says the people
                     # are short too; 120 past 100 says nothing of them
                     ("facebook", "reach"): (False, "not_met"),
                     ("instagram", "reach"): (False, "not_judged"),
                     ("all", "funds_raised"): (False, "no_data")}
    # every rate of the campaign, none with a benchmark (the seed has no Meta line)
    rates = rows_of(con, "select channel, metric, benchmark, lower_is_better from "
                         "marts.campaign_benchmarks where campaign_id = 'alpha' "
                         "order by channel, metric")
    ratios = rows_of(con, "select channel, metric from marts.campaign_growth where "
                          "campaign_id = 'alpha' and method = 'ratio' order by channel, metric")
    assert [r[:2] for r in rates] == ratios
    assert {r[2] for r in rates} == {None}
    assert ("meta_ads", "cpc", None, True) in rates
    seeded = rows_of(con, "select benchmark, channel, metric, value, low, high, year, origin "
                          "from intermediate.int_benchmarks order by benchmark")
    assert ("display_ctr_canada", "google_ads", "ctr", 0.08, None, None, 2022, "seed") in seeded
    assert ("nonprofit_email_clicks", "mailchimp", "click_to_open_rate", None, 2, 3, 2022,
            "seed") in seeded


def test_report_series_fill_days_without_data(con: duckdb.DuckDBPyConnection) -> None:
    assert rows_of(con, "select date, period, value from marts.campaign_report_series "
                        "where campaign_id = 'alpha' and channel = 'facebook' "
                        "and metric = 'engagements' order by date") == [
        (D("2024-03-01"), "previous", 0), (D("2024-03-02"), "previous", 0),
        (D("2024-03-03"), "previous", 0), (D("2024-03-04"), "current", 3),
        (D("2024-03-05"), "current", 3), (D("2024-03-06"), "current", 3),
    ]
    assert rows_of(con, "select count(*) from marts.campaign_report_series "
                        "where period not in ('previous', 'current') or metric = 'ctr'") == [(0,)]
