"""The data checks of raw.google_ads_campaign_daily (sql/checks/google_ads_campaign_daily):
each selects the offending rows of the landed days, and good rows pass them all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.sqlfiles import SQL_DIR, raw_ddl

CHECKS = SQL_DIR / "checks" / "google_ads_campaign_daily"
MAY1, MAY3 = date(2022, 5, 1), date(2022, 5, 3)
PROVENANCE = "'run', now(), 'GoogleAdsService.SearchStream', 1"


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        for statement in raw_ddl():
            c.execute(statement)
        c.execute("insert into raw.registry_campaigns values ('helpline-2022', 'Ligne', "
                  "'2022-04-25', '2022-05-28', 45000, 'CAD', null, 'run', now(), 'c.yaml')")
        c.execute("insert into raw.registry_channels values ('helpline-2022', 'google_ads', "
                  "'campaign_ids', '111', 'run', now(), 'c.yaml')")
        yield c


def day(conn: duckdb.DuckDBPyConnection, when: str, impressions: int = 100, clicks: int = 3,
        cost: str = "1.234567", currency: str | None = "CAD", campaign: str = "111") -> None:
    conn.execute("insert into raw.google_ads_campaign_daily values ('4000000001', ?, 'LIGNE', "
                 f"'DISPLAY', ?, ?, ?, ?, ?, 1.5, {PROVENANCE})",
                 [campaign, when, currency, impressions, clicks, cost])


def offending(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Each check's number of offending rows over May 1..3."""
    out = {}
    for path in sorted(CHECKS.glob("*.sql")):
        rows = conn.execute(path.read_text(encoding="utf-8"),
                            {"window_start": MAY1, "window_end": MAY3}).fetchall()
        out[path.stem] = len(rows)
    return out


def test_every_check_describes_itself() -> None:
    names = {p.stem for p in CHECKS.glob("*.sql")}
    assert names == {"no_duplicate_keys", "no_negative_counts", "one_currency_per_customer",
                     "registered_campaigns_delivered"}
    for path in CHECKS.glob("*.sql"):
        assert path.read_text(encoding="utf-8").startswith("-- "), path


def test_good_rows_pass_every_check(conn: duckdb.DuckDBPyConnection) -> None:
    for when in ("2022-05-01", "2022-05-02", "2022-05-03"):
        day(conn, when)
    assert set(offending(conn).values()) == {0}


def test_each_check_catches_what_it_says(conn: duckdb.DuckDBPyConnection) -> None:
    day(conn, "2022-05-01", campaign="222")  # the registered campaign 111 did not deliver
    day(conn, "2022-05-02", campaign="222")  # twice the same day
    day(conn, "2022-05-02", campaign="222", cost="-1")  # and a negative cost
    day(conn, "2022-05-03", campaign="222", currency="EUR")  # another currency
    day(conn, "2022-05-09", campaign="222", cost="-5")  # outside the window: not checked
    assert offending(conn) == {"no_duplicate_keys": 1, "no_negative_counts": 1,
                               "one_currency_per_customer": 1,
                               "registered_campaigns_delivered": 1}
