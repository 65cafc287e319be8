"""The Mailchimp channel's pieces in the spine: settings, snapshot landing, sandbox
wiring, and the raw table's data checks (sql/checks/mailchimp_campaign_reports)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from connectors.mailchimp import REPORTS_SCHEMA
from connectors.sandbox import sample_mailchimp
from pipelines.sandbox_env import sandbox_settings
from pipelines.settings import Settings
from pipelines.warehouse import Replacement, Warehouse

KEY = "0123456789abcdef0123456789abcdef-us6"


def test_settings_read_the_key_and_the_address() -> None:
    s = Settings.from_env({"MAILCHIMP_API_KEY": f" {KEY} ",
                           "MAILCHIMP_API_URL": "https://us6.api.mailchimp.com/3.0/",
                           "MAILCHIMP_LOOKBACK_DAYS": "45"})
    assert s.mailchimp.enabled and s.mailchimp.api_key == KEY
    assert s.mailchimp.api_url == "https://us6.api.mailchimp.com/3.0"
    assert s.lookback_days["mailchimp"] == 45
    assert KEY in s.secrets() and KEY not in repr(s) and KEY not in repr(s.mailchimp)
    default = Settings.from_env({"MAILCHIMP_API_KEY": KEY})
    assert default.mailchimp.api_url is None  # derived from the key by the connector
    wrong = Settings.from_env({"MAILCHIMP_API_KEY": KEY, "MAILCHIMP_LOOKBACK_DAYS": "a month"})
    assert wrong.misconfigured("mailchimp") == (
        "MAILCHIMP_LOOKBACK_DAYS='a month' must be a whole number of days")


def test_sandbox_settings_point_mailchimp_at_the_fake() -> None:
    env = sandbox_settings("http://127.0.0.1:1", mailchimp_url="http://127.0.0.1:2")
    assert env["MAILCHIMP_API_URL"] == "http://127.0.0.1:2/3.0"
    assert env["MAILCHIMP_API_KEY"] == sample_mailchimp.API_KEY
    assert "MAILCHIMP_API_KEY" not in sandbox_settings("http://127.0.0.1:1")


def reads(read_day: date, opens: dict[date, int]) -> pa.Table:
    """One read (on `read_day`) of mailings sent on the days of `opens`."""
    read_at = datetime(read_day.year, read_day.month, read_day.day, 7, tzinfo=UTC)
    rows = [{"campaign_id": f"c{sent:%m%d}", "read_date": read_day, "read_at": read_at,
             "send_date": sent, "send_time": datetime(sent.year, sent.month, sent.day, 13,
                                                       tzinfo=UTC),
             "unique_opens": n, "_source": "GET /3.0/reports", "_source_row": i}
            for i, (sent, n) in enumerate(opens.items(), start=1)]
    return pa.Table.from_pylist(rows, schema=REPORTS_SCHEMA)


def land(wh: Warehouse, read_day: date, window: tuple[date, date], data: pa.Table,
         run: str) -> None:
    wh.land([Replacement("mailchimp_campaign_reports", {"read_date": read_day.isoformat()},
                         data, window)], run)


def test_a_read_day_replaces_its_own_snapshots_in_its_window_only(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    may1, may3, may5 = date(2022, 5, 1), date(2022, 5, 3), date(2022, 5, 5)
    may4, may6 = date(2022, 5, 4), date(2022, 5, 6)
    land(wh, may4, (may1, may5), reads(may4, {may1: 10, may3: 20}), "run-1")
    land(wh, may6, (may1, may5), reads(may6, {may1: 15, may3: 30, may5: 5}), "run-2")
    # May 6 again, over May 3 only: its read of May 3 is replaced; the rest stays.
    # A row sent outside the window (May 5) is dropped, never landed.
    land(wh, may6, (may3, may3), reads(may6, {may3: 33, may5: 99}), "run-3")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        rows = conn.execute("select send_date, read_date, unique_opens, _run_id "
                            "from raw.mailchimp_campaign_reports order by 1, 2").fetchall()
    assert rows == [
        (may1, may4, 10, "run-1"), (may1, may6, 15, "run-2"),
        (may3, may4, 20, "run-1"), (may3, may6, 33, "run-3"),
        (may5, may6, 5, "run-2"),
    ]


CHECKS = Path(__file__).resolve().parents[1] / "sql" / "checks" / "mailchimp_campaign_reports"


def test_the_data_checks_flag_what_they_say(tmp_path: Path) -> None:
    """Each check selects the offending rows of the send days just landed."""
    may3 = date(2022, 5, 3)
    good = reads(date(2022, 5, 4), {may3: 10}).to_pylist()[0]
    good.update(emails_sent=100, hard_bounces=2, opens_total=30, unique_subscriber_clicks=3,
                clicks_total=4)
    bad = [
        {**good, "campaign_id": "twice"}, {**good, "campaign_id": "twice"},
        {**good, "campaign_id": "negative", "abuse_reports": -1},
        {**good, "campaign_id": "clickers", "unique_subscriber_clicks": 5},
        {**good, "campaign_id": "too-many", "unique_opens": 99, "opens_total": 120},
        {**good, "campaign_id": "early", "read_at": datetime(2022, 5, 3, 9, tzinfo=UTC)},
        {**good, "campaign_id": "other-day", "send_date": date(2022, 5, 9), "unique_opens": -5},
    ]
    wh = Warehouse(tmp_path / "w.duckdb")
    land(wh, date(2022, 5, 4), (may3, date(2022, 5, 9)),
         pa.Table.from_pylist([good, *bad], schema=REPORTS_SCHEMA), "run-1")
    flagged = {}
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        for check in sorted(CHECKS.glob("*.sql")):
            text = check.read_text(encoding="utf-8")
            assert text.startswith("-- "), check  # the first comment line describes it
            rows = conn.execute(text, {"window_start": may3, "window_end": may3}).fetchall()
            flagged[check.stem] = sorted({row[0] for row in rows})
    assert flagged == {"no_duplicate_keys": ["twice"], "no_negative_counts": ["negative"],
                       "people_within_totals": ["clickers", "too-many"],
                       "read_after_send": ["early"]}
