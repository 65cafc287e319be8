"""Landing export files in the real warehouse: exactly once, newest file winning, every row
with its file and line, bad rows kept aside, each file in one transaction."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.exports import land_files
from pipelines.warehouse import Warehouse

TZ = "America/Toronto"
CONTENT_HEADER = ("Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,"
                  "Shares,New follows,Replies,Reposts,Profile visits,Detail Expands,"
                  "URL Clicks,Hashtag Clicks,Permalink Clicks\n")


def export(folder: Path, name: str, posts: dict[str, tuple[str, int]], when: datetime) -> Path:
    """An X content export of `posts` (id: (date, impressions)) modified at `when`."""
    lines = [f'{pid},"{day}",t,l,{imp},1,2,0,0,0,0,0,0,0,0,0,0\n'
             for pid, (day, imp) in posts.items()]
    path = folder / name
    path.write_text(CONTENT_HEADER + "".join(lines), encoding="utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def query(wh: Warehouse, sql: str) -> list[tuple]:
    with duckdb.connect(str(wh.path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def posts(wh: Warehouse) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in query(
        wh, "select post_id, impressions, _source, _source_row, _run_id "
            "from raw.twitter_posts order by post_id")}


LAST_MONTH = {"1": ("Sun, May 1, 2022", 100), "2": ("Mon, May 2, 2022", 200),
              "3": ("Tue, May 3, 2022", 300)}
THIS_WEEK = {"3": ("Tue, May 3, 2022", 350), "4": ("Wed, May 4, 2022", 40)}


@pytest.mark.parametrize("order", ["older first", "newer first"])
def test_overlapping_exports_keep_one_row_per_post_the_newest_file_winning(
        tmp_path: Path, order: str) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    old = export(tmp_path, "last_month.csv", LAST_MONTH, datetime(2022, 5, 31, 9))
    new = export(tmp_path, "this_week.csv", THIS_WEEK, datetime(2022, 6, 6, 9))
    files = [old, new] if order == "older first" else [new, old]
    outcomes = [land_files(wh, [f], "twitter", timezone=TZ, run_id=f"run-{i}")[0]
                for i, f in enumerate(files, start=1)]
    got = posts(wh)
    assert {pid: row[0] for pid, row in got.items()} == {"1": 100, "2": 200, "3": 350,
                                                         "4": 40}
    # Post 3 is this week's row, line 2 of that file, whatever the order.
    assert got["3"][1:3] == (str(new), 2)
    by_file = {Path(o.file).name: o for o in outcomes}
    if order == "newer first":
        assert by_file["last_month.csv"].rows_kept_newer == 1
        assert by_file["last_month.csv"].summary().endswith(
            "2 rows landed, 0 rejected, 1 kept from a newer export")
    else:
        assert by_file["last_month.csv"].rows_kept_newer == 0


X_OVERVIEW = "Date,Impressions,New follows\n"
# Per channel: the older and the newer export (name, text), overlapping on one day.
DAILY_EXPORTS = {
    "twitter": (("overview_may.csv", X_OVERVIEW + '"Mon, May 2, 2022",200,2\n'
                                                  '"Sun, May 1, 2022",100,1\n'),
                ("overview_week.csv", X_OVERVIEW + '"Tue, May 3, 2022",300,3\n'
                                                   '"Mon, May 2, 2022",250,5\n')),
    "tiktok": (("Overview_2022-05-01_2022-05-02.csv",
                "Date,Video Views,Profile Views\nMay 1,10,1\nMay 2,20,2\n"),
               ("Overview_2022-05-02_2022-05-03.csv",
                "Date,Video Views,Profile Views\nMay 2,25,5\nMay 3,30,3\n")),
    "calls": (("journal.csv", "Date;Indicateur;Valeur;Campagne\n02/05/2022;calls;12;\n"
                              "03/05/2022;calls;7;\n03/05/2022;calls;2;helpline-2022\n"),
              ("corrections.csv", "Date;Indicateur;Valeur;Campagne\n03/05/2022;calls;9;\n"
                                  "04/05/2022;calls;4;\n")),
}
DAILY_LANDED = {
    "twitter": "select date::varchar, metric, null, value, _source from raw.twitter_daily",
    "tiktok": "select date::varchar, metric, null, value, _source from raw.tiktok_daily",
    "calls": "select date::varchar, metric, pulse_campaign_id, value, _source "
             "from raw.file_channel_daily",
}
# (day, metric, campaign) -> (value, from the newer file?)
DAILY_EXPECTED = {
    "twitter": {("2022-05-01", "impressions", None): (100, False),
                ("2022-05-01", "new_follows", None): (1, False),
                ("2022-05-02", "impressions", None): (250, True),
                ("2022-05-02", "new_follows", None): (5, True),
                ("2022-05-03", "impressions", None): (300, True),
                ("2022-05-03", "new_follows", None): (3, True)},
    "tiktok": {("2022-05-01", "video_views", None): (10, False),
               ("2022-05-01", "profile_views", None): (1, False),
               ("2022-05-02", "video_views", None): (25, True),
               ("2022-05-02", "profile_views", None): (5, True),
               ("2022-05-03", "video_views", None): (30, True),
               ("2022-05-03", "profile_views", None): (3, True)},
    # The campaign's own row of 3 May is another key: the newer file leaves it.
    "calls": {("2022-05-02", "calls", None): (12, False),
              ("2022-05-03", "calls", None): (9, True),
              ("2022-05-03", "calls", "helpline-2022"): (2, False),
              ("2022-05-04", "calls", None): (4, True)},
}


@pytest.mark.parametrize("order", ["older first", "newer first"])
@pytest.mark.parametrize("channel", ["twitter", "tiktok", "calls"])
def test_overlapping_daily_exports_keep_the_newest_files_day(tmp_path: Path, channel: str,
                                                            order: str) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    (old_name, old_text), (new_name, new_text) = DAILY_EXPORTS[channel]
    old, new = tmp_path / old_name, tmp_path / new_name
    for path, text, when in ((old, old_text, datetime(2022, 5, 31, 9)),
                             (new, new_text, datetime(2022, 6, 6, 9))):
        path.write_text(text, encoding="utf-8")
        os.utime(path, (when.timestamp(), when.timestamp()))
    files = [old, new] if order == "older first" else [new, old]
    outcomes = [land_files(wh, [f], channel, timezone=TZ, run_id=f"run-{i}")[0]
                for i, f in enumerate(files, start=1)]
    landed = {(day, metric, campaign): (value, source == str(new))
              for day, metric, campaign, value, source in query(wh, DAILY_LANDED[channel])}
    assert landed == DAILY_EXPECTED[channel]
    overlap = 1 if channel == "calls" else 2  # the day's metrics the newer file has
    kept = {Path(o.file).name: o.rows_kept_newer for o in outcomes}
    assert kept == {old_name: overlap if order == "newer first" else 0, new_name: 0}


def test_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    path = export(tmp_path, "a.csv", LAST_MONTH, datetime(2022, 5, 31, 9))
    (first,) = land_files(wh, [path], "twitter", timezone=TZ, run_id="run-1")
    before = posts(wh)
    copy = tmp_path / "copy of a.csv"
    copy.write_bytes(path.read_bytes())
    again = land_files(wh, [path, copy], "twitter", timezone=TZ, run_id="run-2")
    assert first.status == "landed" and first.rows_landed == {"twitter_posts": 3}
    assert [o.status for o in again] == ["already landed", "already landed"]
    assert f"as {path} (run run-1); nothing changed" in again[1].message
    assert posts(wh) == before
    assert query(wh, "select count(*), min(_run_id) from raw.export_files") == [(1, "run-1")]


def test_bad_rows_go_aside_and_the_good_rows_land_with_their_line(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    path = tmp_path / "appels.csv"
    path.write_text("Date;Indicateur;Valeur\n02/05/2022;calls;12\n03/05/2022;calls;??\n"
                    "04/05/2022;calls;7\n", encoding="cp1252")
    (outcome,) = land_files(wh, [path], "calls", timezone=TZ, run_id="run-1")
    assert outcome.summary() == f"{path} (channel_file): 2 rows landed, 1 rejected"
    assert outcome.rejections == ["line 3, column 'Valeur': '??' is not a number"]
    assert query(wh, "select date, value, _source, _source_row from raw.file_channel_daily "
                     "order by date") == [(date(2022, 5, 2), 12.0, str(path), 2),
                                          (date(2022, 5, 4), 7.0, str(path), 4)]
    assert query(wh, "select line, column_name, value, reason, _source "
                     "from raw.export_rejected_rows") == [
        (3, "Valeur", "??", "'??' is not a number", str(path))]
    assert query(wh, "select file_name, channel, export_format, read_as, rows_read, "
                     "rows_rejected, records, first_date, last_date from raw.export_files") == [
        ("appels.csv", "calls", "channel_file", "CSV, UTF-8, ';'", 3, 1, 2,
         date(2022, 5, 2), date(2022, 5, 4))]


def test_each_file_records_the_days_it_covers(tmp_path: Path) -> None:
    """A per-post export named for 2022-04-25..2022-05-08 covers those days, though its
    posts start on 05-01 (days without a post had none); a generic file's name is its
    author's, so its rows alone say which days it covers."""
    wh = Warehouse(tmp_path / "w.duckdb")
    x = export(tmp_path, "account_analytics_content_2022-04-25_2022-05-08.csv", LAST_MONTH,
               datetime(2022, 5, 9))
    calls = tmp_path / "appels_2022-01-01_2022-12-31.csv"
    calls.write_text("date,metric,value\n2022-05-02,calls,3\n2022-05-04,calls,1\n",
                     encoding="utf-8")
    land_files(wh, [x], "twitter", timezone=TZ, run_id="run-1")
    land_files(wh, [calls], "calls", timezone=TZ, run_id="run-1")
    assert query(wh, "select channel, first_date, last_date, span_start, span_end "
                     "from raw.export_files order by channel") == [
        ("calls", date(2022, 5, 2), date(2022, 5, 4), date(2022, 5, 2), date(2022, 5, 4)),
        ("twitter", date(2022, 5, 1), date(2022, 5, 3), date(2022, 4, 25), date(2022, 5, 8))]


def test_an_unreadable_file_fails_alone_and_lands_nothing(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    bad = tmp_path / "notes.csv"
    bad.write_text("Jour,Remarque\n02/05/2022,rien\n", encoding="utf-8")
    good = export(tmp_path, "good.csv", THIS_WEEK, datetime(2022, 6, 6))
    outcomes = land_files(wh, [bad, good], "twitter", timezone=TZ, run_id="run-1")
    assert [o.status for o in outcomes] == ["failed", "landed"]
    assert "the header matches no known export format" in outcomes[0].message
    assert query(wh, "select _source from raw.export_files") == [(str(good),)]
    assert set(posts(wh)) == {"3", "4"}


def test_a_file_is_never_half_landed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    first = export(tmp_path, "first.csv", LAST_MONTH, datetime(2022, 5, 31))
    land_files(wh, [first], "twitter", timezone=TZ, run_id="run-1")
    before = (posts(wh), query(wh, "select count(*) from raw.export_files"))

    import pipelines.warehouse as warehouse

    real = warehouse._insert

    def crash_on_posts(conn, table, data, run_id, loaded_at):  # type: ignore[no-untyped-def]
        if table.name == "twitter_posts":
            raise duckdb.IOException("disk full")
        return real(conn, table, data, run_id, loaded_at)

    monkeypatch.setattr(warehouse, "_insert", crash_on_posts)
    second = export(tmp_path, "second.csv", THIS_WEEK, datetime(2022, 6, 6))
    with pytest.raises(duckdb.IOException):
        land_files(wh, [second], "twitter", timezone=TZ, run_id="run-2")
    # Neither its ledger row, nor its rejected rows, nor the deletion of post 3 stayed.
    assert (posts(wh), query(wh, "select count(*) from raw.export_files")) == before


def test_an_oversized_count_is_a_rejected_row_and_the_next_files_land(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    huge = export(tmp_path, "huge.csv", {"1": ("Sun, May 1, 2022", 10**20),
                                         "2": ("Mon, May 2, 2022", 200)},
                  datetime(2022, 5, 31))
    after = export(tmp_path, "after.csv", THIS_WEEK, datetime(2022, 6, 6))
    outcomes = land_files(wh, [huge, after], "twitter", timezone=TZ, run_id="run-1")
    assert [o.summary() for o in outcomes] == [
        f"{huge} (x_content): 1 rows landed, 1 rejected",
        f"{after} (x_content): 2 rows landed, 0 rejected"]
    assert {pid: row[0] for pid, row in posts(wh).items()} == {"2": 200, "3": 350, "4": 40}
    assert query(wh, "select line, column_name, value, _source "
                     "from raw.export_rejected_rows") == [
        (2, "Impressions", "100000000000000000000", str(huge))]


def test_a_reader_defect_on_one_file_fails_that_file_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipelines.exports as exports

    real = exports.read_export

    def defect_on_first(path: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if path.name == "first.csv":
            raise OverflowError("Python int too large to convert to C long")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exports, "read_export", defect_on_first)
    wh = Warehouse(tmp_path / "w.duckdb")
    first = export(tmp_path, "first.csv", LAST_MONTH, datetime(2022, 5, 31))
    second = export(tmp_path, "second.csv", THIS_WEEK, datetime(2022, 6, 6))
    failed, landed = land_files(wh, [first, second], "twitter", timezone=TZ, run_id="run-1")
    assert failed.status == "failed" and landed.status == "landed"
    assert failed.message == (f"{first}: could not be read (OverflowError: Python int too "
                              "large to convert to C long); this is a defect of "
                              "campaign-pulse: please report it with the file")
    assert set(posts(wh)) == {"3", "4"}
