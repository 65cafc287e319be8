"""The raw tables' data checks catch what they say, and pass on good data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import checks
from pipelines.checks import raw_checks
from pipelines.sqlfiles import raw_ddl

MAY1, MAY3 = date(2022, 5, 1), date(2022, 5, 3)
PROVENANCE = "'run', now(), 'GET /insights', 1"


@pytest.fixture
def conn(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(tmp_path / "w.duckdb"))
    for statement in raw_ddl():
        c.execute(statement)
    return c


def ads(conn: duckdb.DuckDBPyConnection, day: str, impressions: int, reach: int,
        clicks: int = 3) -> None:
    conn.execute(f"insert into raw.meta_ads_insights values ('1', 'c1', 'LIGNE', '{day}', "
                 f"'CAD', {impressions}, {reach}, {clicks}, 1, 2.5, 4, 1, {PROVENANCE})")


def page(conn: duckdb.DuckDBPyConnection, day: str, metric: str, value: float) -> None:
    conn.execute(f"insert into raw.meta_page_insights values ('p1', '{day}', '{metric}', "
                 f"{value}, {PROVENANCE})")


def outcome(conn: duckdb.DuckDBPyConnection, table: str) -> dict[str, dg.AssetCheckResult]:
    return {r.check_name: r for r in checks.evaluate(conn, table, MAY1, MAY3)}


def test_every_raw_table_of_the_meta_channels_has_its_checks() -> None:
    names = {t: {c.name for c in raw_checks(t)} for t in (
        "meta_ads_insights", "meta_page_insights", "instagram_insights",
        "meta_ads_period_reach", "instagram_period_totals")}
    assert all("no_duplicate_keys" in n for n in names.values())
    assert "reach_within_impressions" in names["meta_ads_insights"]
    assert "reach_within_views" in names["meta_page_insights"]
    assert {c.severity for c in raw_checks("meta_page_insights")
            if c.name == "every_day_landed"} == {dg.AssetCheckSeverity.WARN}


def test_good_rows_pass_every_check(conn: duckdb.DuckDBPyConnection) -> None:
    for day in ("2022-05-01", "2022-05-02", "2022-05-03"):
        ads(conn, day, 100, 60)
        page(conn, day, "page_media_view", 50)
        page(conn, day, "page_total_media_view_unique", 40)
    for table in ("meta_ads_insights", "meta_page_insights"):
        results = outcome(conn, table)
        assert results and all(r.passed for r in results.values()), table


def test_duplicates_negatives_and_reach_above_impressions_fail(
        conn: duckdb.DuckDBPyConnection) -> None:
    ads(conn, "2022-05-01", 100, 60)
    ads(conn, "2022-05-01", 100, 60)      # the same key twice
    ads(conn, "2022-05-02", 100, 60, clicks=-3)
    ads(conn, "2022-05-03", 100, 160)     # more people than impressions
    ads(conn, "2022-06-01", 100, 500)     # outside the window: not this run's concern
    results = outcome(conn, "meta_ads_insights")
    assert not results["no_duplicate_keys"].passed
    assert results["no_duplicate_keys"].metadata["offending_rows"].value == 1
    assert "copies=2" in str(results["no_duplicate_keys"].metadata["sample"].value)
    assert not results["no_negative_counts"].passed
    reach = results["reach_within_impressions"]
    assert not reach.passed and reach.metadata["offending_rows"].value == 1
    assert "reach=160" in str(reach.metadata["sample"].value)
    assert reach.severity == dg.AssetCheckSeverity.ERROR


def test_a_day_without_figures_is_a_warning(conn: duckdb.DuckDBPyConnection) -> None:
    page(conn, "2022-05-01", "page_media_view", 50)
    page(conn, "2022-05-03", "page_media_view", 50)
    result = outcome(conn, "meta_page_insights")["every_day_landed"]
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert "2022-05-02" in str(result.metadata["sample"].value)
    assert outcome(conn, "meta_page_insights")["no_duplicate_keys"].passed


def test_registered_ads_campaign_without_delivery_is_a_warning(
        conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("insert into raw.registry_campaigns values ('helpline-2022', 'Ligne', "
                 "'2022-05-02', '2022-05-20', 45000, 'CAD', null, 'run', now(), 'campaigns.yaml')")
    conn.execute("insert into raw.registry_channels values ('helpline-2022', 'meta_ads', "
                 "'campaign_name_contains', 'LIGNE', 'run', now(), 'campaigns.yaml')")
    ads(conn, "2022-04-01", 100, 60)  # the account is known, but silent in the window
    result = outcome(conn, "meta_ads_insights")["delivery_in_registered_windows"]
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    ads(conn, "2022-05-02", 100, 60)
    assert outcome(conn, "meta_ads_insights")["delivery_in_registered_windows"].passed
