"""Every export format and everyday variant, written as real files and read back.

X: the legacy tweet activity export (likes or favorites, "-" in promoted columns, BOM),
the 2024+ content export and account overview (newest first, "Tue, Mar 10, 2026").
TikTok: Overview (no year, ranges across New Year), FollowerHistory ("undefined"),
Viewers, Content ("1.2K", "18,400"); CSV and XLSX. The generic channel file in English
and French, any column order. UTF-8 with or without BOM, UTF-16, Windows-1252; `,`,
`;` or tab; decimal commas, `%`, thousands separators.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from connectors.exports import ExportFile, ExportFileError, read_export

TZ = "America/Toronto"
NBSP, NNBSP = "\u00a0", "\u202f"

LEGACY_HEADER = ('"Tweet id","Tweet permalink","Tweet text","time","impressions",'
                 '"engagements","engagement rate","retweets","replies","{likes}",'
                 '"user profile clicks","url clicks","promoted impressions",'
                 '"promoted engagements"')


def write(folder: Path, name: str, text: str, encoding: str = "utf-8",
          mtime: datetime | None = None) -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    if mtime is not None:
        os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


def xlsx(folder: Path, name: str, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = folder / name
    book.save(path)
    return path


def rows(export: ExportFile, table: str) -> list[dict[str, object]]:
    return [{k: v for k, v in r.items() if not k.startswith("_") and v is not None}
            for r in export.tables[table].to_pylist()]


@pytest.mark.parametrize("likes", ["likes", "favorites"])
def test_x_legacy_tweet_activity_export(tmp_path: Path, likes: str) -> None:
    text = LEGACY_HEADER.format(likes=likes) + "\r\n" + (
        '"1520000000000000001","https://twitter.com/a/status/1","Bonjour","2022-05-03 01:30 +0000",'
        '"1,234","52","0.0421","3","1","10","2","5","-","-"\r\n'
        '"1520000000000000002","https://twitter.com/a/status/2","Salut","2022-05-04 14:05 +0000",'
        '"800","20","0.025","1","0","9","1","2","-","-"\r\n')
    path = write(tmp_path, "tweet_activity_metrics_a_20220501_20220531_en.csv",
                 "\ufeff" + text)
    export = read_export(path, "twitter", timezone=TZ)
    assert export.format.name == "x_tweet_activity"
    assert export.read_as == "CSV, UTF-8 with BOM, ','"
    first, second = rows(export, "twitter_posts")
    # 01:30 UTC on 3 May is still 2 May in Toronto; "1,234" is a thousands separator.
    assert first["date"] == date(2022, 5, 2)
    assert (first["impressions"], first["engagements"], first["likes"]) == (1234, 52, 10)
    assert (first["reposts"], first["profile_visits"], first["url_clicks"]) == (3, 2, 5)
    assert second["post_id"] == "1520000000000000002" and second["likes"] == 9
    assert export.tables["twitter_posts"].column("_source_row").to_pylist() == [2, 3]
    assert export.rejections == []


def test_x_content_export_2024(tmp_path: Path) -> None:
    text = ("Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,"
            "New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks,"
            "Hashtag Clicks,Permalink Clicks\n"
            '1899,"Tue, Mar 10, 2026",Hello,https://x.com/a/status/1899,"1,520",30,61,2,1,3,'
            "4,5,6,7,8,0,1\n"
            '1898,"Mon, Mar 9, 2026",Hi,https://x.com/a/status/1898,480,5,9,0,0,0,1,1,1,1,1,0,0\n')
    export = read_export(write(tmp_path, "content.csv", text), "twitter", timezone=TZ)
    assert export.format.name == "x_content"
    newest, older = rows(export, "twitter_posts")
    assert newest == {"post_id": "1899", "date": date(2026, 3, 10), "text": "Hello",
                      "permalink": "https://x.com/a/status/1899", "impressions": 1520,
                      "engagements": 61, "likes": 30, "reposts": 5, "replies": 4,
                      "bookmarks": 2, "shares": 1, "profile_visits": 6, "url_clicks": 8,
                      "hashtag_clicks": 0, "detail_expands": 7, "permalink_clicks": 1,
                      "new_follows": 3, "export_format": "x_content"}
    assert older["date"] == date(2026, 3, 9)


def test_x_account_overview_newest_first(tmp_path: Path) -> None:
    text = ("Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,"
            "Replies,Reposts,Profile visits,Create Post,Video views,Media views\n"
            '"Tue, Mar 10, 2026","2,400",40,120,3,2,7,1,5,6,9,2,300,410\n'
            '"Mon, Mar 9, 2026",900,10,30,0,0,1,0,1,1,2,0,50,60\n')
    export = read_export(write(tmp_path, "account_overview.csv", text), "twitter",
                         timezone=TZ)
    assert export.format.name == "x_account_overview"
    by_day = {(r["date"], r["metric"]): r["value"] for r in rows(export, "twitter_daily")}
    assert by_day[(date(2026, 3, 10), "impressions")] == 2400
    assert by_day[(date(2026, 3, 10), "posts_created")] == 2
    assert by_day[(date(2026, 3, 9), "new_follows")] == 1
    assert len(by_day) == 26


def test_tiktok_overview_across_new_year_from_the_file_name(tmp_path: Path) -> None:
    text = ("Date,Video Views,Profile Views,Likes,Comments,Shares\n"
            "December 30,1.2K,3,4,0,1\nDecember 31,\"18,400\",2,1,0,0\n"
            "January 1,10,-1,1,1,1\n")
    export = read_export(write(tmp_path, "Overview_2021-12-30_2022-01-01.csv", text),
                         "tiktok", timezone=TZ)
    views = {r["date"]: r["value"] for r in rows(export, "tiktok_daily")
             if r["metric"] == "video_views"}
    assert views == {date(2021, 12, 30): 1200, date(2021, 12, 31): 18400,
                     date(2022, 1, 1): 10}
    negative = [r for r in rows(export, "tiktok_daily") if r["value"] < 0]
    assert negative == [{"date": date(2022, 1, 1), "metric": "profile_views", "value": -1.0,
                         "export_format": "tiktok_overview"}]


def test_tiktok_dates_take_their_year_from_the_file_date_without_a_name(
        tmp_path: Path) -> None:
    text = "Date,Video Views,Profile Views\n23 August,5,1\n1 September,6,0\n"
    path = write(tmp_path, "Overview.csv", text, mtime=datetime(2023, 9, 2, 12, 0))
    export = read_export(path, "tiktok", timezone=TZ)
    assert sorted({r["date"] for r in rows(export, "tiktok_daily")}) == [
        date(2023, 8, 23), date(2023, 9, 1)]


def test_tiktok_follower_history_first_difference_undefined(tmp_path: Path) -> None:
    text = ("Date,Followers,Difference in followers from previous day\n"
            "May 1,40,undefined\nMay 2,42,2\nMay 3,41,-1\n")
    export = read_export(write(tmp_path, "FollowerHistory_2022-05-01_2022-05-03.csv", text),
                         "tiktok", timezone=TZ)
    diffs = {r["date"]: r["value"] for r in rows(export, "tiktok_daily")
             if r["metric"] == "followers_difference"}
    assert diffs == {date(2022, 5, 2): 2, date(2022, 5, 3): -1}
    assert export.rejections == []


def test_tiktok_viewers_utf16_tab_separated(tmp_path: Path) -> None:
    text = ("Date\tTotal Viewers\tNew Viewers\tReturning Viewers\r\n"
            "May 1\t120\t100\t20\r\nMay 2\t1,1K\t900\t200\r\n")
    path = write(tmp_path, "Viewers_2022-05-01_2022-05-02.csv", "\ufeff" + text, "utf-16-le")
    export = read_export(path, "tiktok", timezone=TZ)
    assert export.read_as == "CSV, UTF-16, '\\t'"
    total = {r["date"]: r["value"] for r in rows(export, "tiktok_daily")
             if r["metric"] == "total_viewers"}
    assert total == {date(2022, 5, 1): 120, date(2022, 5, 2): 1100}


def test_tiktok_content_csv_and_xlsx_read_the_same(tmp_path: Path) -> None:
    header = ["Video title", "Video link", "Post time", "Total likes", "Total comments",
              "Total shares", "Total views", "Average watch time"]
    link = "https://www.tiktok.com/@ligne/video/7090000000000000001"
    csv_text = ",".join(header) + f'\nÉté,{link},2022-05-02 18:30:00,1.2K,3,"1,001",18400,4.5\n'
    from_csv = read_export(write(tmp_path, "Content.csv", csv_text), "tiktok", timezone=TZ)
    from_xlsx = read_export(xlsx(tmp_path, "Content.xlsx", [
        header, ["Été", link, datetime(2022, 5, 2, 18, 30), "1.2K", 3, 1001, 18400, 4.5]]),
        "tiktok", timezone=TZ)
    assert from_xlsx.read_as == "XLSX sheet 'Sheet'"
    for export in (from_csv, from_xlsx):
        (video,) = rows(export, "tiktok_videos")
        assert video["video_id"] == "7090000000000000001" and video["title"] == "Été"
        assert (video["likes"], video["shares"], video["views"]) == (1200, 1001, 18400)
        assert video["date"] == date(2022, 5, 2)


def test_semicolon_file_counts_with_english_thousands_keep_their_thousands(
        tmp_path: Path) -> None:
    # Content re-saved by a French spreadsheet: ';' separators, counts still "18,400".
    link = "https://www.tiktok.com/@ligne/video/{}"
    text = ("Video title;Video link;Post time;Total likes;Total comments;Total shares;"
            "Total views\n"
            f"Été;{link.format(1)};2022-05-02 18:30:00;1,2K;3;1;18,400\n"
            f"Hiver;{link.format(2)};2022-05-03 09:00:00;7;0;0;4,5\n")
    export = read_export(write(tmp_path, "Content.csv", text, "cp1252"), "tiktok",
                         timezone=TZ)
    assert [(v["video_id"], v["views"], v["likes"]) for v in rows(export, "tiktok_videos")
            ] == [("1", 18_400, 1_200)]
    # A decimal comma in a count is still no count.
    assert [(r.line, r.column, r.reason) for r in export.rejections] == [
        (3, "Total views", "4.5 is not a whole count")]
    # The decimal columns of a file of the same kind keep the decimal comma.
    generic = write(tmp_path, "appels.csv", "Date;Indicateur;Valeur\n"
                    "02/05/2022;call_minutes;1,250\n03/05/2022;call_minutes;4,20\n")
    minutes = rows(read_export(generic, "calls", timezone=TZ), "file_channel_daily")
    assert [r["value"] for r in minutes] == [1.25, 4.2]


def test_a_count_too_large_is_a_rejected_row_and_the_others_are_read(tmp_path: Path) -> None:
    text = (LEGACY_HEADER.format(likes="likes") + "\n"
            '1,u,t,2022-05-03 14:05 +0000,99999999999999999999,1,0.1,0,0,1,0,0,-,-\n'
            '2,u,t,2022-05-04 14:05 +0000,800,20,0.025,1,0,9,1,2,-,-\n')
    export = read_export(write(tmp_path, "tweets.csv", text), "twitter", timezone=TZ)
    assert [(p["post_id"], p["impressions"]) for p in rows(export, "twitter_posts")] == [
        ("2", 800)]
    (rejection,) = export.rejections
    assert (rejection.line, rejection.column, rejection.value) == (
        2, "impressions", "99999999999999999999")
    assert rejection.reason.startswith("'99999999999999999999' is too large for a count")


def test_x_exports_with_french_headers(tmp_path: Path) -> None:
    content = ("ID du post,Date,Texte du post,Lien du post,Impressions,J'aime,Interactions,"
               "Signets,Partages,Nouveaux abonnés,Réponses,Reposts,Visites du profil\n"
               f'1899,"mar. 10 mars 2026",Bonjour,https://x.com/a/status/1899,"1{NBSP}520",'
               "30,61,2,1,3,4,5,6\n")
    export = read_export(write(tmp_path, "contenu.csv", content), "twitter", timezone=TZ)
    assert export.format.name == "x_content"
    assert rows(export, "twitter_posts") == [{
        "post_id": "1899", "date": date(2026, 3, 10), "text": "Bonjour",
        "permalink": "https://x.com/a/status/1899", "impressions": 1520, "likes": 30,
        "engagements": 61, "bookmarks": 2, "shares": 1, "new_follows": 3, "replies": 4,
        "reposts": 5, "profile_visits": 6, "export_format": "x_content"}]
    overview = ("Date;Impressions;J'aime;Interactions;Signets;Partages;Nouveaux abonnés;"
                "Désabonnements;Réponses;Reposts;Visites du profil;Posts créés;"
                "Vues de vidéos\n"
                "mar. 10 mars 2026;2 400;40;120;3;2;7;1;5;6;9;2;300\n")
    export = read_export(write(tmp_path, "apercu.csv", overview, "cp1252"), "twitter",
                         timezone=TZ)
    assert export.format.name == "x_account_overview"
    assert {r["metric"]: r["value"] for r in rows(export, "twitter_daily")} == {
        "impressions": 2400, "likes": 40, "engagements": 120, "bookmarks": 3, "shares": 2,
        "new_follows": 7, "unfollows": 1, "replies": 5, "reposts": 6, "profile_visits": 9,
        "posts_created": 2, "video_views": 300}


@pytest.mark.parametrize("views", ["Vues de vidéos", "Vues des vidéos"])
def test_tiktok_daily_exports_with_french_headers(tmp_path: Path, views: str) -> None:
    overview = (f"Date,{views},Vues du profil,J'aime,Commentaires,Partages\n"
                "31 août,\"1,2K\",3,40,5,6\n1 septembre,18,2,1,0,0\n")
    export = read_export(write(tmp_path, "Overview_2022-08-31_2022-09-01.csv", overview),
                         "tiktok", timezone=TZ)
    assert export.format.name == "tiktok_overview"
    assert {(r["date"], r["metric"]): r["value"] for r in rows(export, "tiktok_daily")
            if r["date"] == date(2022, 8, 31)} == {
        (date(2022, 8, 31), "video_views"): 1200, (date(2022, 8, 31), "profile_views"): 3,
        (date(2022, 8, 31), "likes"): 40, (date(2022, 8, 31), "comments"): 5,
        (date(2022, 8, 31), "shares"): 6}
    followers = ("Date;Abonnés;Différence d'abonnés par rapport à la veille\n"
                 "31 août;40;undefined\n1 septembre;42;2\n")
    export = read_export(write(tmp_path, "FollowerHistory_2022-08-31_2022-09-01.csv",
                               followers, "cp1252"), "tiktok", timezone=TZ)
    assert export.format.name == "tiktok_follower_history"
    assert sorted((r["date"], r["metric"], r["value"]) for r in rows(export, "tiktok_daily")
                  ) == [(date(2022, 8, 31), "followers", 40), (date(2022, 9, 1), "followers", 42),
                        (date(2022, 9, 1), "followers_difference", 2)]
    viewers = ("Date;Spectateurs au total;Nouveaux spectateurs;Spectateurs récurrents\n"
               "1 septembre;120;100;20\n")
    export = read_export(write(tmp_path, "Viewers_2022-09-01.csv", viewers), "tiktok",
                         timezone=TZ)
    assert export.format.name == "tiktok_viewers"
    assert {r["metric"]: r["value"] for r in rows(export, "tiktok_daily")} == {
        "total_viewers": 120, "new_viewers": 100, "returning_viewers": 20}


@pytest.mark.parametrize("posted", ["Heure de publication", "Date de publication"])
def test_tiktok_content_with_french_headers(tmp_path: Path, posted: str) -> None:
    link = "https://www.tiktok.com/@ligne/video/7090000000000000001"
    text = (f"Titre de la vidéo;Lien de la vidéo;{posted};Total des J'aime;"
            "Total des commentaires;Total des partages;Total des vues\n"
            f"Été;{link};2022-05-02 18:30:00;1,2 k;3;1 001;18 400\n")
    export = read_export(write(tmp_path, "Contenu.csv", text), "tiktok", timezone=TZ)
    assert export.format.name == "tiktok_content"
    (video,) = rows(export, "tiktok_videos")
    assert (video["video_id"], video["title"], video["date"]) == (
        "7090000000000000001", "Été", date(2022, 5, 2))
    assert (video["likes"], video["comments"], video["shares"], video["views"]) == (
        1200, 3, 1001, 18400)


def test_tiktok_overview_and_follower_history_as_xlsx(tmp_path: Path) -> None:
    overview = xlsx(tmp_path, "Overview_2021-12-31_2022-01-01.xlsx", [
        ["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"],
        ["December 31", 1200, 3, 4, 0, 1], ["January 1", "18,400", 2, 1, 0, 0]])
    export = read_export(overview, "tiktok", timezone=TZ)
    assert (export.format.name, export.read_as) == ("tiktok_overview", "XLSX sheet 'Sheet'")
    assert {(r["date"], r["metric"]): r["value"] for r in rows(export, "tiktok_daily")
            if r["metric"] == "video_views"} == {
        (date(2021, 12, 31), "video_views"): 1200, (date(2022, 1, 1), "video_views"): 18400}
    history = xlsx(tmp_path, "FollowerHistory_2022-05-01_2022-05-02.xlsx", [
        ["Date", "Followers", "Difference in followers from previous day"],
        ["May 1", 40, "undefined"], ["May 2", 42, 2]])
    export = read_export(history, "tiktok", timezone=TZ)
    assert export.format.name == "tiktok_follower_history"
    assert sorted((r["date"], r["metric"], r["value"]) for r in rows(export, "tiktok_daily")
                  ) == [(date(2022, 5, 1), "followers", 40), (date(2022, 5, 2), "followers", 42),
                        (date(2022, 5, 2), "followers_difference", 2)]
    assert export.tables["tiktok_daily"].column("_source_row").to_pylist() == [2, 3, 3]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    text = "Date;Indicateur;Valeur;Note\n02/05/2022;calls;1 234,5;réparti\n"
    path = write(tmp_path, "appels.csv", text, encoding)
    assert not path.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    export = read_export(path, "calls", timezone=TZ)
    assert export.read_as == "CSV, UTF-16, ';'"
    assert [(r["value"], r["note"]) for r in rows(export, "file_channel_daily")] == [
        (1234.5, "réparti")]


GENERIC_FR = ("Valeur;Métrique;DATE;canal;Campagne;Note\n"
              "12;calls;02/05/2022;calls;;\n"
              "950,6;call_minutes;2 mai 2022;calls;helpline-2022;réparti\n"
              "1 234,5;readers;du 2 au 3 mai 2022;calls;;\n"
              "36 %;answer_rate;03/05/2022;calls;;taux\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_generic_french_file_any_column_order_any_encoding(tmp_path: Path,
                                                            encoding: str) -> None:
    path = write(tmp_path, "appels.csv", GENERIC_FR, encoding)
    export = read_export(path, "calls", timezone=TZ,
                         known_campaigns=frozenset({"helpline-2022"}))
    got = rows(export, "file_channel_daily")
    assert [(r["metric"], r["date"], r["value"]) for r in got] == [
        ("calls", date(2022, 5, 2), 12.0),
        ("call_minutes", date(2022, 5, 2), 950.6),
        ("readers", date(2022, 5, 2), 617.25),  # 1 234,5 over two days
        ("readers", date(2022, 5, 3), 617.25),
        ("answer_rate", date(2022, 5, 3), 36.0),  # a rate is kept as given
    ]
    assert got[1]["pulse_campaign_id"] == "helpline-2022" and got[1]["note"] == "réparti"
    assert got[2]["given_value"] == 1234.5 and got[2]["range_end"] == date(2022, 5, 3)


def test_generic_english_xlsx_with_percent_and_date_cells(tmp_path: Path) -> None:
    path = xlsx(tmp_path, "website.xlsx", [
        ["Date", "Channel", "Metric", "Value"],
        [datetime(2022, 5, 2), "website", "page_views", 1520],
        [datetime(2022, 5, 2), "website", "bounce_pct", 0.42],
    ])
    from openpyxl import load_workbook
    book = load_workbook(path)
    book.active["D3"].number_format = "0.00%"  # type: ignore[index]
    book.save(path)
    export = read_export(path, "website", timezone=TZ)
    got = {r["metric"]: r["value"] for r in rows(export, "file_channel_daily")}
    assert got == {"page_views": 1520, "bounce_pct": pytest.approx(42.0)}


def test_a_percentage_on_a_summed_metric_is_rejected_naming_the_fix(tmp_path: Path) -> None:
    text = ("Date;Indicateur;Valeur\n02/05/2022;answered;36 %\n"
            "02/05/2022;answered_pct;36 %\n02/05/2022;calls;12\n")
    export = read_export(write(tmp_path, "appels.csv", text), "calls", timezone=TZ)
    assert [(r["metric"], r["value"]) for r in rows(export, "file_channel_daily")] == [
        ("answered_pct", 36.0), ("calls", 12.0)]
    assert [(r.line, r.column, r.value, r.reason) for r in export.rejections] == [
        (2, "Valeur", "36 %", "36 % is a percentage but 'answered' is summed as a count: "
                              "name the metric answered_pct or answered_rate to keep it as "
                              "given")]
    # A percent-formatted spreadsheet cell is a percentage too.
    path = xlsx(tmp_path, "website.xlsx", [["Date", "Metric", "Value"],
                                          [datetime(2022, 5, 2), "bounces", 0.42]])
    from openpyxl import load_workbook
    book = load_workbook(path)
    book.active["C2"].number_format = "0%"  # type: ignore[index]
    book.save(path)
    export = read_export(path, "website", timezone=TZ)
    assert export.tables["file_channel_daily"].num_rows == 0
    assert [(r.line, r.column, r.value) for r in export.rejections] == [(2, "Value", "42 %")]
    assert "name the metric bounces_pct or bounces_rate" in export.rejections[0].reason


def test_bad_rows_are_rejected_with_line_column_and_reason(tmp_path: Path) -> None:
    text = ("date,channel,metric,value,campaign_id\n"
            "2022-05-02,calls,calls,12,\n"
            "2022-05-03,calls,calls,douze,\n"
            "2022-05-32,calls,calls,3,\n"
            "2022-05-04,print,readers,3,\n"
            "2022-05-05,calls,calls,4,nope-2022\n"
            "2022-05-02,calls,calls,7,\n"
            "2022-05-06,calls,Appels reçus!,1,\n")
    export = read_export(write(tmp_path, "calls.csv", text), "calls", timezone=TZ,
                         known_campaigns=frozenset({"helpline-2022"}))
    assert [(r["date"], r["value"]) for r in rows(export, "file_channel_daily")] == [
        (date(2022, 5, 2), 12.0)]
    reasons = {(r.line, r.column): r.reason for r in export.rejections}
    assert reasons[(3, "value")] == "'douze' is not a number"
    assert reasons[(4, "date")].startswith("'2022-05-32' is not a date")
    assert "put that channel's rows in its own file (PULSE_INBOX/print/" in reasons[(5, "channel")]
    assert "not a campaign of the registry (known: helpline-2022)" in reasons[(6, "campaign_id")]
    assert reasons[(7, "date")] == ("the value of calls on 2022-05-02 is already on line 2 "
                                    "of this file; keep one row for it")
    assert "is not a metric name" in reasons[(8, "metric")]
    assert export.rows_read == 7 and export.rows_rejected == 6


def test_a_spreadsheet_mangled_post_id_is_rejected(tmp_path: Path) -> None:
    text = LEGACY_HEADER.format(likes="likes") + "\n" + (
        '1.52E+18,u,t,2022-05-03 14:05 +0000,10,1,0.1,0,0,1,0,0,-,-\n')
    export = read_export(write(tmp_path, "tweets.csv", text), "twitter", timezone=TZ)
    (rejection,) = export.rejections
    assert (rejection.line, rejection.column) == (2, "Tweet id")
    assert "a spreadsheet turned the post id into a rounded number" in rejection.reason


def test_an_unknown_header_lists_the_formats_tried_and_the_header_found(
        tmp_path: Path) -> None:
    path = write(tmp_path, "mystery.csv", "Jour;Appels entrants;Durée\n02/05/2022;3;9\n")
    with pytest.raises(ExportFileError) as err:
        read_export(path, "calls", timezone=TZ)
    text = str(err.value)
    assert text.startswith(f"{path}: the header matches no known export format")
    assert "Header found on line 1: ['Jour', 'Appels entrants', 'Durée']" in text
    for title in ("X tweet activity export (legacy, per post)", "TikTok Overview (per day)",
                  "generic channel file (date, channel, metric, value) needs date, metric, "
                  "value"):
        assert title in text


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_an_unknown_header_under_title_lines_names_the_header_line(tmp_path: Path,
                                                                   separator: str) -> None:
    header = separator.join(["Jour", "Appels entrants", "Durée"])
    path = write(tmp_path, "journal.csv", f"Journal des appels\nMai 2022\n\n{header}\n"
                 f"{separator.join(['02/05/2022', '3', '9'])}\n", "cp1252")
    with pytest.raises(ExportFileError) as err:
        read_export(path, "calls", timezone=TZ)
    assert "Header found on line 4: ['Jour', 'Appels entrants', 'Durée']" in str(err.value)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "legacy Excel .xls workbook"),
    (b"PK\x03\x04 not really a zip", "the workbook cannot be opened"),
    (b"%PDF-1.4\x00\x00\x00\x01binary", "not text"),
])
def test_a_file_that_cannot_be_read_fails_clearly(tmp_path: Path, content: bytes,
                                                 message: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(ExportFileError, match=message) as err:
        read_export(path, "calls", timezone=TZ)
    assert str(path) in str(err.value)


def test_a_file_of_another_channel_says_where_it_belongs(tmp_path: Path) -> None:
    path = write(tmp_path, "Overview_2022-05-01_2022-05-02.csv",
                 "Date,Video Views,Profile Views\nMay 1,3,1\n")
    with pytest.raises(ExportFileError, match="drop it in PULSE_INBOX/tiktok/"):
        read_export(path, "twitter", timezone=TZ)
    generic = write(tmp_path, "g.csv", "date,metric,value\n2022-05-01,calls,3\n")
    with pytest.raises(ExportFileError, match="takes the platform's own exports"):
        read_export(generic, "tiktok", timezone=TZ)


def test_excel_separator_hint_and_title_lines_above_the_header(tmp_path: Path) -> None:
    text = "sep=;\nJournal des appels\n\nDate;Indicateur;Valeur\n02/05/2022;calls;1 200\n"
    export = read_export(write(tmp_path, "j.csv", text, "cp1252"), "calls", timezone=TZ)
    ((line, value),) = [(r["_source_row"], r["value"])
                        for r in export.tables["file_channel_daily"].to_pylist()]
    assert (line, value) == (5, 1200.0)
