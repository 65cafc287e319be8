"""The data checks of the file channels' raw tables (sql/checks/twitter_posts, ...): each
catches what it says on bad rows and passes good ones; they are the asset checks of X's,
TikTok's and every generic channel's assets, and a landing run evaluates them."""

from __future__ import annotations

import os
import time
from datetime import date

import dagster as dg
import duckdb
import pytest

from pipelines import checks
from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.settings import Settings

MAY1, MAY3 = date(2022, 5, 1), date(2022, 5, 3)
PROVENANCE = "'f', 'sha', now(), 'run', now(), 'Overview.csv', 2"


@pytest.fixture
def conn(raw_tables: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    return raw_tables


def offending(conn: duckdb.DuckDBPyConnection, table: str,
              channel: str = "calls") -> dict[str, int]:
    """Each check of raw.`table` and its number of offending rows over May 1..3."""
    return {r.check_name: r.metadata["offending_rows"].value  # type: ignore[misc]
            for r in checks.evaluate(conn, table, MAY1, MAY3, scope={"channel": channel})}


def daily(conn: duckdb.DuckDBPyConnection, table: str, day: str, metric: str,
          value: float) -> None:
    conn.execute(f"insert into raw.{table} values (?, ?, ?, {PROVENANCE})",
                 [day, metric, value])


def post(conn: duckdb.DuckDBPyConnection, post_id: str, day: str, impressions: int = 100,
         engagements: int = 10, likes: int = 4) -> None:
    conn.execute(f"insert into raw.twitter_posts values (?, null, ?, 't', 'l', ?, ?, ?, 1, 1, "
                 f"0, 0, 1, 1, 0, 0, 0, 0, 0, 0, {PROVENANCE})",
                 [post_id, day, impressions, engagements, likes])


def video(conn: duckdb.DuckDBPyConnection, video_id: str, day: str, views: int = 100) -> None:
    conn.execute(f"insert into raw.tiktok_videos values (?, 'l', 't', null, ?, 5, 1, 0, ?, "
                 f"{PROVENANCE})", [video_id, day, views])


def line(conn: duckdb.DuckDBPyConnection, channel: str, day: str, metric: str,
         value: float, campaign: str | None = None) -> None:
    conn.execute(f"insert into raw.file_channel_daily values (?, ?, ?, ?, ?, ?, ?, ?, null, "
                 f"{PROVENANCE})", [channel, metric, campaign, day, value, value, day, day])


def test_every_file_channel_table_has_its_checks() -> None:
    names = {t: {c.name for c in checks.raw_checks(t)} for t in (
        "twitter_posts", "twitter_daily", "tiktok_daily", "tiktok_videos",
        "file_channel_daily")}
    assert all({"no_duplicate_keys", "no_negative_counts"} <= n for n in names.values())
    assert "viewers_within_views" in names["tiktok_daily"]
    # TikTok's Overview does carry negative values: a warning, not an error.
    assert {c.name: c.severity for c in checks.raw_checks("tiktok_daily")}[
        "no_negative_counts"] == dg.AssetCheckSeverity.WARN


def test_good_rows_pass_every_check(conn: duckdb.DuckDBPyConnection) -> None:
    for n, day in enumerate(("2022-05-01", "2022-05-02", "2022-05-03")):
        post(conn, f"p{n}", day)
        video(conn, f"v{n}", day)
        daily(conn, "twitter_daily", day, "impressions", 900)
        for metric, value in (("video_views", 50), ("total_viewers", 30), ("new_viewers", 20),
                              ("returning_viewers", 10), ("followers", 40 + n),
                              ("followers_difference", 1)):
            daily(conn, "tiktok_daily", day, metric, value)
        line(conn, "calls", day, "calls", 12)
        line(conn, "calls", day, "calls", 3, campaign="helpline-2022")
        line(conn, "calls", day, "growth_pct", -4)  # a rate may be negative
    for table in ("twitter_posts", "twitter_daily", "tiktok_daily", "tiktok_videos",
                  "file_channel_daily"):
        assert set(offending(conn, table).values()) == {0}, table


def test_each_check_of_the_x_tables_catches_what_it_says(
        conn: duckdb.DuckDBPyConnection) -> None:
    post(conn, "1", "2022-05-01")
    post(conn, "1", "2022-05-01")                      # the same post twice
    post(conn, "2", "2022-05-02", impressions=-5)       # a negative count
    post(conn, "3", "2022-05-03", engagements=3, likes=9)  # more likes than engagements
    post(conn, "4", "2022-05-09", impressions=-1)       # outside the window
    daily(conn, "twitter_daily", "2022-05-01", "impressions", 9)
    daily(conn, "twitter_daily", "2022-05-01", "impressions", 9)
    daily(conn, "twitter_daily", "2022-05-02", "unfollows", -1)
    assert offending(conn, "twitter_posts") == {
        "interactions_within_engagements": 1, "no_duplicate_keys": 1, "no_negative_counts": 1}
    assert offending(conn, "twitter_daily") == {"no_duplicate_keys": 1,
                                                "no_negative_counts": 1}


def test_each_check_of_the_tiktok_tables_catches_what_it_says(
        conn: duckdb.DuckDBPyConnection) -> None:
    daily(conn, "tiktok_daily", "2022-05-01", "video_views", 10)
    daily(conn, "tiktok_daily", "2022-05-01", "video_views", 10)   # twice the same day
    daily(conn, "tiktok_daily", "2022-05-01", "total_viewers", 25)  # more people than views
    daily(conn, "tiktok_daily", "2022-05-02", "profile_views", -1)  # TikTok's negatives
    daily(conn, "tiktok_daily", "2022-05-02", "followers", 40)
    daily(conn, "tiktok_daily", "2022-05-03", "followers", 38)
    daily(conn, "tiktok_daily", "2022-05-03", "followers_difference", -1)  # it is -2
    daily(conn, "tiktok_daily", "2022-05-02", "total_viewers", 5)
    daily(conn, "tiktok_daily", "2022-05-02", "new_viewers", 7)    # more new than all
    video(conn, "7", "2022-05-01")
    video(conn, "7", "2022-05-01")
    video(conn, "8", "2022-05-02", views=-3)
    results = {r.check_name: r for r in checks.evaluate(conn, "tiktok_daily", MAY1, MAY3)}
    assert {n: r.passed for n, r in results.items()} == {
        "follower_difference_matches_levels": False, "no_duplicate_keys": False,
        "no_negative_counts": False, "viewers_within_views": False}
    assert {n: r.metadata["offending_rows"].value for n, r in results.items()} == {
        "follower_difference_matches_levels": 1, "no_duplicate_keys": 1,
        "no_negative_counts": 1, "viewers_within_views": 2}
    assert "followers_day_before=40.0" in str(
        results["follower_difference_matches_levels"].metadata["sample"].value)
    assert offending(conn, "tiktok_videos") == {"no_duplicate_keys": 1,
                                                "no_negative_counts": 1}


def test_a_generic_channel_checks_its_own_rows_only(conn: duckdb.DuckDBPyConnection) -> None:
    line(conn, "calls", "2022-05-01", "calls", 12, campaign="helpline-2022")
    line(conn, "calls", "2022-05-01", "calls", 12, campaign="helpline-2022")
    line(conn, "calls", "2022-05-02", "call_minutes", -3.5)
    line(conn, "radio", "2022-05-02", "airings", -1)
    assert offending(conn, "file_channel_daily", "calls") == {"no_duplicate_keys": 1,
                                                              "no_negative_counts": 1}
    assert offending(conn, "file_channel_daily", "radio") == {"no_duplicate_keys": 0,
                                                              "no_negative_counts": 1}
    assert offending(conn, "file_channel_daily", "print") == {"no_duplicate_keys": 0,
                                                              "no_negative_counts": 0}


def test_the_file_channels_assets_show_their_checks(calls_settings: Settings) -> None:
    graph = build_definitions(calls_settings).resolve_asset_graph()
    by_asset: dict[str, set[str]] = {}
    for key in graph.asset_check_keys:
        by_asset.setdefault(key.asset_key.to_user_string(), set()).add(key.name)
    assert by_asset["raw/twitter_posts"] == {"no_duplicate_keys", "no_negative_counts",
                                             "interactions_within_engagements"}
    assert by_asset["raw/twitter_daily"] == {"no_duplicate_keys", "no_negative_counts"}
    assert by_asset["raw/tiktok_daily"] == {
        "no_duplicate_keys", "no_negative_counts", "viewers_within_views",
        "follower_difference_matches_levels"}
    assert by_asset["raw/tiktok_videos"] == {"no_duplicate_keys", "no_negative_counts"}
    assert by_asset["raw/files/calls"] == {"no_duplicate_keys", "no_negative_counts"}


def test_a_landing_run_evaluates_the_checks_over_the_days_it_landed(
        calls_settings: Settings) -> None:
    settings = calls_settings
    defs = build_definitions(settings)
    job = defs.resolve_job_def(JOB_NAME)
    folder = settings.inbox / "calls"
    folder.mkdir(parents=True)
    path = folder / "appels.csv"
    path.write_text("Date;Indicateur;Valeur\n02/05/2022;calls;12\n03/05/2022;calls;-2\n",
                    encoding="utf-8")
    old = time.time() - 60
    os.utime(path, (old, old))
    overview = settings.inbox / "tiktok" / "Overview_2022-05-01_2022-05-02.csv"
    overview.parent.mkdir(parents=True)
    overview.write_text("Date,Video Views,Profile Views\nMay 1,30,2\nMay 2,12,-1\n",
                        encoding="utf-8")
    with dg.instance_for_test() as instance:
        calls = job.execute_in_process(instance=instance,
                                       asset_selection=[dg.AssetKey(["raw", "files", "calls"])])
        tiktok = job.execute_in_process(instance=instance, asset_selection=[
            dg.AssetKey(["raw", "tiktok_daily"]), dg.AssetKey(["raw", "tiktok_videos"])])
        # Nothing new: the checks say so rather than judge days nobody landed.
        again = job.execute_in_process(instance=instance,
                                       asset_selection=[dg.AssetKey(["raw", "files", "calls"])])
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e
                   for result in (calls, tiktok)
                   for e in result.get_asset_check_evaluations()}
    negative = evaluations[("raw/files/calls", "no_negative_counts")]
    assert not negative.passed and negative.severity == dg.AssetCheckSeverity.ERROR
    assert negative.metadata["window"].value == "2022-05-02..2022-05-03"
    assert "value=-2.0" in str(negative.metadata["sample"].value)
    assert f"_source={path}" in str(negative.metadata["sample"].value)
    assert evaluations[("raw/files/calls", "no_duplicate_keys")].passed
    tiktok_negative = evaluations[("raw/tiktok_daily", "no_negative_counts")]
    assert not tiktok_negative.passed
    assert tiktok_negative.severity == dg.AssetCheckSeverity.WARN
    assert evaluations[("raw/tiktok_videos", "no_negative_counts")].passed
    (nothing, _) = sorted(again.get_asset_check_evaluations(), key=lambda e: e.check_name)
    assert nothing.passed and nothing.metadata["note"].value == "no row landed in this run"
