import multiprocessing
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipelines.warehouse import Replacement, Warehouse, WriterBusyError

SCHEMA = pa.schema([
    ("account_id", pa.string()), ("campaign_id", pa.string()), ("campaign_name", pa.string()),
    ("date", pa.date32()), ("account_currency", pa.string()), ("impressions", pa.int64()),
    ("reach", pa.int64()), ("clicks", pa.int64()), ("inline_link_clicks", pa.int64()),
    ("spend", pa.decimal128(18, 2)), ("engagements", pa.int64()), ("video_views", pa.int64()),
    ("_source", pa.string()), ("_source_row", pa.int32()),
])


def ads_rows(account: str, start: date, days: int, impressions: int) -> pa.Table:
    rows = [{
        "account_id": account, "campaign_id": "c1", "campaign_name": "LIGNE",
        "date": start + timedelta(days=i), "account_currency": "CAD",
        "impressions": impressions, "reach": impressions // 2, "clicks": 3,
        "inline_link_clicks": 2, "spend": Decimal("1.25"), "engagements": 4, "video_views": 1,
        "_source": "GET /v23.0/act_x/insights", "_source_row": i + 1,
    } for i in range(days)]
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def land(wh: Warehouse, account: str, start: date, end: date, data: pa.Table, run: str) -> None:
    wh.land([Replacement("meta_ads_insights", {"account_id": account}, data, (start, end))], run)


def by_day(path: Path) -> dict[tuple[str, date], tuple[int, str]]:
    with duckdb.connect(str(path), read_only=True) as conn:
        rows = conn.execute("select account_id, date, impressions, _run_id "
                            "from raw.meta_ads_insights").fetchall()
    return {(a, d): (i, r) for a, d, i, r in rows}


def test_landing_a_window_replaces_exactly_that_window(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    jan1 = date(2022, 1, 1)
    land(wh, "A", jan1, date(2022, 1, 10), ads_rows("A", jan1, 10, 100), "run-1")
    land(wh, "B", jan1, date(2022, 1, 10), ads_rows("B", jan1, 10, 7), "run-1")
    # Re-read days 4..6 of account A: new figures, and day 6 no longer has delivery.
    land(wh, "A", date(2022, 1, 4), date(2022, 1, 6), ads_rows("A", date(2022, 1, 4), 2, 555),
         "run-2")
    rows = by_day(tmp_path / "w.duckdb")
    assert len(rows) == 19
    assert rows[("A", date(2022, 1, 3))] == (100, "run-1")
    assert rows[("A", date(2022, 1, 4))] == (555, "run-2")
    assert rows[("A", date(2022, 1, 5))] == (555, "run-2")
    assert ("A", date(2022, 1, 6)) not in rows
    assert rows[("A", date(2022, 1, 7))] == (100, "run-1")
    assert all(v == (7, "run-1") for (a, _), v in rows.items() if a == "B")


def test_rerun_does_not_duplicate_and_rows_outside_the_window_are_dropped(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    jan1 = date(2022, 1, 1)
    for run in ("r1", "r2"):
        land(wh, "A", jan1, date(2022, 1, 5), ads_rows("A", jan1, 5, 10), run)
    result = wh.land([Replacement("meta_ads_insights", {"account_id": "A"},
                                  ads_rows("A", jan1, 8, 11), (jan1, date(2022, 1, 5)))], "r3")
    assert (result.rows_deleted, result.rows_inserted, result.rows_outside_window) == (5, 5, 3)
    assert len(by_day(tmp_path / "w.duckdb")) == 5
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        prov = conn.execute("select distinct _run_id, _source, _loaded_at is not null "
                            "from raw.meta_ads_insights").fetchall()
    assert prov == [("r3", "GET /v23.0/act_x/insights", True)]


def test_a_failure_mid_landing_leaves_the_previous_state_whole(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    jan1 = date(2022, 1, 1)
    land(wh, "A", jan1, date(2022, 1, 5), ads_rows("A", jan1, 5, 10), "r1")
    land(wh, "B", jan1, date(2022, 1, 5), ads_rows("B", jan1, 5, 20), "r1")
    before = by_day(tmp_path / "w.duckdb")
    broken = ads_rows("B", jan1, 5, 99).drop_columns(["_source"])  # a NOT NULL column missing
    with pytest.raises(duckdb.Error):
        wh.land([
            Replacement("meta_ads_insights", {"account_id": "A"}, ads_rows("A", jan1, 5, 77),
                        (jan1, date(2022, 1, 5))),
            Replacement("meta_ads_insights", {"account_id": "B"}, broken,
                        (jan1, date(2022, 1, 5))),
        ], "r2")
    assert by_day(tmp_path / "w.duckdb") == before


def ledger(path: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(
            "select table_name, scope_column, scope_value, window_start, window_end, "
            "rows_landed, complete, _run_id, _source from raw.landed_windows "
            "order by _loaded_at, scope_value").fetchall()


def test_every_landed_window_is_in_the_ledger_even_without_rows(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    jan1, jan5 = date(2022, 1, 1), date(2022, 1, 5)
    wh.land([Replacement("meta_ads_insights", {"account_id": "A"}, ads_rows("A", jan1, 3, 10),
                         (jan1, jan5)),
             # nothing delivered: still a landed window, whose days are a real 0
             Replacement("meta_ads_insights", {"account_id": "B"}, SCHEMA.empty_table(),
                         (jan1, jan5))], "r1", holder="raw__meta_ads_insights")
    # a Mailchimp read that lost a report: recorded, but as incomplete
    wh.land([Replacement("mailchimp_campaign_reports", {"read_date": "2022-01-06"},
                         pa.table({"send_date": pa.array([], pa.date32())}), (jan1, jan5),
                         complete=False)], "r2")
    assert ledger(tmp_path / "w.duckdb") == [
        ("meta_ads_insights", "account_id", "A", jan1, jan5, 3, True, "r1",
         "raw__meta_ads_insights"),
        ("meta_ads_insights", "account_id", "B", jan1, jan5, 0, True, "r1",
         "raw__meta_ads_insights"),
        ("mailchimp_campaign_reports", "read_date", "2022-01-06", jan1, jan5, 0, False, "r2",
         "Warehouse.land"),
    ]


def test_a_failed_landing_records_no_window(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    jan1, jan5 = date(2022, 1, 1), date(2022, 1, 5)
    broken = ads_rows("B", jan1, 5, 99).drop_columns(["_source"])  # a NOT NULL column missing
    with pytest.raises(duckdb.Error):
        wh.land([Replacement("meta_ads_insights", {"account_id": "A"},
                             ads_rows("A", jan1, 5, 77), (jan1, jan5)),
                 Replacement("meta_ads_insights", {"account_id": "B"}, broken, (jan1, jan5))],
                "r1")
    assert ledger(tmp_path / "w.duckdb") == []  # A's window rolled back with its rows


def test_only_allow_listed_tables_and_their_scope(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    empty = SCHEMA.empty_table()
    with pytest.raises(ValueError, match="not a raw table"):
        wh.land([Replacement("meta_ads_insights; drop table x", {}, empty)], "r")
    with pytest.raises(ValueError, match="replaced by"):
        wh.land([Replacement("meta_ads_insights", {"page_id": "1"}, empty,
                             (date(2022, 1, 1), date(2022, 1, 1)))], "r")


def _hold_lock(path: str, seconds: float, ready: "multiprocessing.synchronize.Event") -> None:
    with Warehouse(Path(path)).writer("holder"):
        ready.set()
        time.sleep(seconds)


def test_a_second_writer_waits_for_the_lock_then_writes(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    ready = multiprocessing.get_context("spawn").Event()
    holder = multiprocessing.get_context("spawn").Process(
        target=_hold_lock, args=(str(path), 1.5, ready))
    holder.start()
    try:
        assert ready.wait(30)
        started = time.monotonic()
        land(Warehouse(path), "A", date(2022, 1, 1), date(2022, 1, 1),
             ads_rows("A", date(2022, 1, 1), 1, 5), "r")
        assert time.monotonic() - started > 0.5  # it waited instead of failing
        with pytest.raises(WriterBusyError, match="stayed locked"):
            ready.clear()
            holder2 = multiprocessing.get_context("spawn").Process(
                target=_hold_lock, args=(str(path), 3, ready))
            holder2.start()
            assert ready.wait(30)
            try:
                with Warehouse(path, lock_timeout=0.3).writer():
                    pass
            finally:
                holder2.join()
    finally:
        holder.join()
    assert len(by_day(path)) == 1
