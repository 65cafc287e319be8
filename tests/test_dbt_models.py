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
- delta and epsilon: alpha's dates, meta_ads by name ("DELTA": one ad campaign in each of
  two ad accounts, both reaching people; "EPS": one in acc1, acc4's count is 0).
- gamma: 06-10..06-12 (previous 06-07..06-09), baseline_months 2 (baseline
  04-10..06-09), budget CAD. Meta ads (acc2) landed for the campaign window only;
  Google Ads in a CAD and a EUR customer, landed from the baseline on but without
  delivery before the campaign; calls from a file covering 05-15..06-12 only.

Every API window the rows come from is in the coverage ledger (raw.landed_windows), as
the landing writes it; a day no window (or file) covers was never landed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
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
# delta ("Delta A" in acc1, "Delta B" in acc4) and epsilon ("Eps", acc1), every day
# 03-01..03-06: (campaign, name, account, impressions, reach, clicks, spend)
ADS_DELTA_EPS = [("441", "Delta A", "acc1", 20, 10, 1, "1.00"),
                 ("442", "Delta B", "acc4", 10, 5, 1, "1.00"),
                 ("551", "Eps", "acc1", 16, 8, 1, "1.00")]
MARCH = [f"2024-03-0{n}" for n in range(1, 7)]
# gamma: Meta ads 661 in acc2 on its three days only, Google Ads 9001 (CAD customer) and
# 9002 (EUR customer) on the same days; calls 2 a day over the file's days.
GAMMA_DAYS = ["2024-06-10", "2024-06-11", "2024-06-12"]
# (customer, campaign, currency, impressions, clicks, cost, conversions) per day
GOOGLE = [("c1", "9001", "CAD", 1000, 10, "20.00", 1.0),
          ("c2", "9002", "EUR", 500, 20, "15.00", 2.0)]
CALL_DAYS = [D("2024-05-15") + timedelta(days=n) for n in range(29)]  # 05-15..06-12
# The coverage ledger: (table, scope column, account, first day, last day)
LEDGER = [
    ("meta_ads_insights", "account_id", "acc1", "2024-01-01", "2024-03-06"),
    ("meta_ads_insights", "account_id", "acc4", "2024-03-01", "2024-03-06"),
    ("meta_ads_insights", "account_id", "acc2", "2024-06-10", "2024-06-12"),
    ("meta_page_insights", "page_id", "page1", "2024-03-01", "2024-03-06"),
    ("instagram_insights", "ig_user_id", "ig1", "2024-03-01", "2024-03-06"),
    ("google_ads_campaign_daily", "customer_id", "c1", "2024-04-10", "2024-06-12"),
    ("google_ads_campaign_daily", "customer_id", "c2", "2024-04-10", "2024-06-12"),
]
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
            + [("acc1", cid, name, D(d), "CAD", *m, *prov) for cid, name, d, *m in ADS_OTHERS]
            + [(acc, cid, name, D(d), "CAD", imp, reach, clicks, clicks, spend, 0, 0, *prov)
               for cid, name, acc, imp, reach, clicks, spend in ADS_DELTA_EPS for d in MARCH]
            + [("acc2", "661", "Gamma social", D(d), "CAD", 100, 80, 2, 1, "5.00", 3, 0, *prov)
               for d in GAMMA_DAYS],
        )
        con.executemany(
            "insert into raw.google_ads_campaign_daily values "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(cust, cid, f"Gamma {cur}", "SEARCH", D(d), cur, imp, clicks, cost, conv, *prov)
             for cust, cid, cur, imp, clicks, cost, conv in GOOGLE for d in GAMMA_DAYS],
        )
        con.executemany(
            "insert into raw.landed_windows values (?, ?, ?, ?, ?, ?, true, ?, ?, ?)",
            [(table, column, account, D(start), D(end), 1, "run-test", LOADED, "test")
             for table, column, account, start, end in LEDGER],
        )
        con.executemany(
            "insert into raw.file_channel_daily values "
            "(?, ?, null, ?, 2, 2, ?, ?, null, 'channel_file', 'f1', ?, ?, ?, ?, ?)",
            [("calls", "calls", day, day, day, LOADED, "run-test", LOADED, "calls.csv", n + 2)
             for n, day in enumerate(CALL_DAYS)],
        )
        con.execute(
            "insert into raw.export_files values ('f1', 'calls.csv', 'calls', 'channel_file', "
            "'CSV', ?, 29, 0, 29, ?, ?, 'run-test', ?, 'calls.csv', ?, ?)",
            [LOADED, CALL_DAYS[0], CALL_DAYS[-1], LOADED, CALL_DAYS[0], CALL_DAYS[-1]],
        )
        con.executemany(
            "insert into raw.meta_ads_period_reach values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [("alpha", "current", D("2024-03-04"), D("2024-03-06"), "acc1", 350, 600, *prov),
             ("alpha", "previous", D("2024-03-01"), D("2024-03-03"), "acc1", 120, 200, *prov),
             # computed for other dates than beta's windows: must be ignored
             ("beta", "current", D("2024-03-01"), D("2024-03-02"), "acc1", 1, 1, *prov),
             ("beta", "previous", D("2024-02-28"), D("2024-02-29"), "acc1", 1, 1, *prov)]
            # per account: delta's two accounts both reached people; epsilon's acc4 none
            + [(c, period, D(start), D(end), acc, reach, 1, *prov)
               for c, acc, reach_now, reach_before in [
                   ("delta", "acc1", 25, 22), ("delta", "acc4", 12, 11),
                   ("epsilon", "acc1", 20, 15), ("epsilon", "acc4", 0, 0)]
               for period, start, end, reach in [
                   ("current", "2024-03-04", "2024-03-06", reach_now),
                   ("previous", "2024-03-01", "2024-03-03", reach_before)]],
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
             ("beta", "Beta", D("2024-03-05"), D("2024-03-06"), None, None, 2, *reg),
             ("delta", "Delta", D("2024-03-04"), D("2024-03-06"), None, None, None, *reg),
             ("epsilon", "Eps", D("2024-03-04"), D("2024-03-06"), None, None, None, *reg),
             ("gamma", "Gamma", D("2024-06-10"), D("2024-06-12"), "500", "CAD", 2, *reg)],
        )
        con.executemany(
            "insert into raw.registry_channels values (?, ?, ?, ?, ?, ?, ?)",
            [("alpha", "meta_ads", "campaign_ids", "111", *reg),
             ("alpha", "facebook", "account", None, *reg),
             ("alpha", "instagram", "account", None, *reg),
             ("beta", "meta_ads", "campaign_name_contains", "SPRING", *reg),
             ("delta", "meta_ads", "campaign_name_contains", "DELTA", *reg),
             ("epsilon", "meta_ads", "campaign_name_contains", "EPS", *reg),
             ("gamma", "meta_ads", "campaign_ids", "661", *reg),
             ("gamma", "google_ads", "campaign_ids", "9001", *reg),
             ("gamma", "google_ads", "campaign_ids", "9002", *reg),
             ("gamma", "calls", "account", None, *reg)],
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
        # added after the design's columns (the contract only grows)
        "current_covered", "previous_covered", "baseline_covered",
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
                        "from marts.campaign_overview where campaign_id in ('alpha', 'beta') "
                        "order by campaign_id") == [
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
                         "where campaign_id in ('alpha', 'beta') order by campaign_id, channel")
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


def coverage(con: duckdb.DuckDBPyConnection, campaign: str, channel: str,
             period: str) -> tuple[Any, ...]:
    rows = rows_of(con, "select period_days, days_landed, days_missing, is_covered "
                        "from marts.campaign_coverage where campaign_id = ? and channel = ? "
                        "and period = ?", campaign, channel, period)
    assert len(rows) == 1, (campaign, channel, period, rows)
    return rows[0]


def test_a_previous_window_never_landed_is_null_not_0(con: duckdb.DuckDBPyConnection) -> None:
    # gamma's Meta ads were landed for 06-10..06-12 only: before, nothing is known
    imp = growth(con, "gamma", "meta_ads", "impressions")
    assert (imp["current_value"], imp["previous_value"], imp["growth_pct"]) == (300, None, None)
    assert (imp["current_covered"], imp["previous_covered"], imp["baseline_covered"]) == (
        True, False, False)
    assert imp["baseline_value"] is None and imp["baseline_growth_pct"] is None
    assert growth(con, "gamma", "meta_ads", "spend")["previous_value"] is None
    assert growth(con, "gamma", "meta_ads", "cpc")["previous_value"] is None
    # a total missing one channel's window is unknown too, not Google's alone
    total = growth(con, "gamma", "all", "impressions")
    assert (total["current_value"], total["previous_value"], total["previous_covered"]) == (
        4_800, None, False)
    # conversions come from Google only, which landed the window: a real 0
    conversions = growth(con, "gamma", "all", "conversions")
    assert (conversions["previous_value"], conversions["previous_covered"]) == (0, True)
    assert coverage(con, "gamma", "meta_ads", "previous") == (3, 0, 3, False)
    assert coverage(con, "gamma", "meta_ads", "current") == (3, 3, 0, True)


def test_a_baseline_landed_in_part_is_null(con: duckdb.DuckDBPyConnection) -> None:
    # The call log covers 05-15..06-12: 26 of the baseline's 61 days. Its 52 calls
    # divided by 2 months would print a baseline of 26 a month and -76.9 %.
    calls = growth(con, "gamma", "calls", "calls")
    assert (calls["current_value"], calls["previous_value"], calls["growth_pct"]) == (6, 6, 0)
    assert (calls["baseline_value"], calls["baseline_growth_pct"]) == (None, None)
    assert (calls["previous_covered"], calls["baseline_covered"]) == (True, False)
    assert coverage(con, "gamma", "calls", "baseline") == (61, 26, 35, False)
    assert growth(con, "gamma", "all", "calls")["baseline_value"] is None


def test_a_landed_window_without_rows_is_a_real_0(con: duckdb.DuckDBPyConnection) -> None:
    # Google Ads was landed from the baseline on and delivered only in the campaign
    imp = growth(con, "gamma", "google_ads", "impressions")
    assert (imp["current_value"], imp["previous_value"], imp["growth_pct"]) == (4_500, 0, None)
    assert (imp["baseline_value"], imp["baseline_growth_pct"]) == (0, None)
    assert (imp["previous_covered"], imp["baseline_covered"]) == (True, True)
    assert coverage(con, "gamma", "google_ads", "baseline") == (61, 61, 0, True)
    # a day of the call log without calls is landed: the series says which days were
    series = dict(rows_of(con, "select date, is_landed from marts.campaign_report_series "
                               "where campaign_id = 'gamma' and channel = 'meta_ads' "
                               "and metric = 'impressions'"))
    assert (series[D("2024-06-09")], series[D("2024-06-10")]) == (False, True)


def test_two_currencies_are_never_added(built: tuple[Path, str],
                                        con: duckdb.DuckDBPyConnection) -> None:
    # 9001 (CAD customer): 3 days of 20.00 CAD, 10 clicks, 1 conversion; 9002 (EUR
    # customer): 3 days of 15.00 EUR, 20 clicks, 2 conversions. The budget is in CAD.
    spend = growth(con, "gamma", "google_ads", "spend")
    assert (spend["current_value"], spend["unit"]) == (60, "CAD")  # not 105 "CAD"
    assert growth(con, "gamma", "google_ads", "clicks")["current_value"] == 90
    # the CAD spend over the clicks and conversions it bought, not over all of them
    assert growth(con, "gamma", "google_ads", "cpc")["current_value"] == pytest.approx(60 / 30)
    cpa = growth(con, "gamma", "google_ads", "cost_per_conversion")
    assert (cpa["current_value"], cpa["unit"]) == (pytest.approx(60 / 3), "CAD")
    assert growth(con, "gamma", "google_ads", "ctr")["current_value"] == pytest.approx(2)
    # the totals: Meta's 15 CAD and Google's 60 CAD, over Meta's 6 and the CAD 30 clicks
    total = growth(con, "gamma", "all", "spend")
    assert (total["current_value"], total["unit"]) == (75, "CAD")
    assert growth(con, "gamma", "all", "cpc")["current_value"] == pytest.approx(75 / 36)
    daily = rows_of(con, "select distinct value, unit from marts.campaign_daily where "
                         "campaign_id = 'gamma' and channel = 'google_ads' and metric = 'spend'")
    assert daily == [(20, "CAD")]
    # what is left out is said: per currency, in the costs mart, and by a dbt warning
    assert rows_of(con, "select currency, spend, is_counted from marts.campaign_spend_currencies "
                        "where campaign_id = 'gamma' and channel = 'google_ads' "
                        "order by currency") == [("CAD", 60, True), ("EUR", 45, False)]
    assert rows_of(con, "select channel, spend, currency, currencies_left_out "
                        "from marts.campaign_costs where campaign_id = 'gamma' "
                        "order by channel") == [("all", 75, "CAD", "EUR"),
                                                ("google_ads", 60, "CAD", "EUR"),
                                                ("meta_ads", 15, "CAD", None)]
    warned = [line for line in built[1].splitlines() if "assert_no_spend_left_out" in line]
    assert any("WARN 1" in line for line in warned), warned


def test_reach_of_two_accounts_is_a_daily_sum_not_period_unique(
        con: duckdb.DuckDBPyConnection) -> None:
    # delta: acc1 reached 25 then 22, acc4 12 then 11; one person may be in both counts,
    # so 37 / 33 are upper bounds: the daily sums (10 + 5 a day) say so honestly
    delta = growth(con, "delta", "meta_ads", "reach")
    assert (delta["current_value"], delta["previous_value"], delta["method"]) == (
        45, 45, "daily_unique_sum")
    # epsilon: acc4 reached no one, so acc1's count is exact people
    eps = growth(con, "epsilon", "meta_ads", "reach")
    assert (eps["current_value"], eps["previous_value"], eps["method"]) == (
        20, 15, "period_unique")
    assert rows_of(con, "select period, accounts, accounts_counted from "
                        "intermediate.int_campaign_period_uniques where campaign_id = 'delta' "
                        "order by period") == [("current", 2, 2), ("previous", 2, 2)]


def test_an_account_that_failed_a_night_leaves_its_days_unlanded(
        built: tuple[Path, str], tmp_path: Path) -> None:
    """Ledger rows added to a copy (the coverage models are views): a third Google
    customer landed all but 06-07..06-09, a fourth was added on 06-11, and a Mailchimp
    window lost a report (incomplete)."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built[0], warehouse)
    with duckdb.connect(str(warehouse)) as c:
        c.executemany(
            "insert into raw.landed_windows values (?, ?, ?, ?, ?, 0, ?, 'run-2', ?, 'test')",
            [("google_ads_campaign_daily", "customer_id", "c3", D("2024-04-10"),
              D("2024-06-06"), True, LOADED),
             ("google_ads_campaign_daily", "customer_id", "c3", D("2024-06-10"),
              D("2024-06-12"), True, LOADED),
             ("google_ads_campaign_daily", "customer_id", "c4", D("2024-06-11"),
              D("2024-06-12"), True, LOADED),
             ("mailchimp_campaign_reports", "read_date", "2024-06-13", D("2024-06-01"),
              D("2024-06-12"), False, LOADED)])
        days = {d: r for d, *r in c.execute(
            "select date, accounts_landed, accounts_expected, is_landed "
            "from intermediate.int_channel_landed_days where channel = 'google_ads'"
        ).fetchall()}
        assert days[D("2024-06-08")] == [2, 3, False]  # c4 is not expected before 06-11
        assert days[D("2024-06-10")] == [3, 3, True]
        assert days[D("2024-06-12")] == [4, 4, True]
        assert c.execute("select is_covered, days_landed from "
                         "intermediate.int_campaign_channel_coverage where campaign_id = 'gamma' "
                         "and channel = 'google_ads' and period = 'previous'").fetchall() == [
            (False, 0)]
        assert c.execute("select count(*) from intermediate.int_channel_landed_days "
                         "where channel = 'mailchimp'").fetchall() == [(0,)]
