"""The sample campaigns' export files: X and TikTok exports and the help line's call log.

Deterministic: `python -m connectors.sandbox.sample_exports` writes them under
connectors/sandbox/exports/<channel>/ (committed; a test checks they match), and the
demo drops them in the inbox. Each file is written the way the platform (or a French
spreadsheet) writes it, and the figures over the sample windows are exact:

- X, help line (tweet activity export, UTF-8 with BOM): 8 posts in the campaign, 4 700
  impressions and 197 engagements; 5 posts before it, 2 986 impressions, 15 engagements
  (+57,4 % impressions; engagement rate 4,19 % against 0,50 %).
- X, mental-health week 2023 (content export, 2024+ format, newest first): 4 posts and
  2 340 impressions in the campaign, 2 posts and 805 impressions before it.
- TikTok, help line: Overview (dates without a year) with 1 594 video views, 16 profile
  views and 154 likes in the campaign against 1 012, 15 and 49 before it;
  FollowerHistory with 34 followers gained against 25 (71 at the end); Content (XLSX)
  with the 7 videos of the campaign.
- Calls (generic channel file, `;`, Windows-1252, day-first dates, decimal commas):
  294 calls in the campaign window and 300 from 2022-04-25 to 2022-05-31 (950,6
  minutes); 700 calls over the 8 months before the campaign (87,5 a month: +236 %).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from connectors.sandbox import generation as gen
from connectors.sandbox.sample_data import HELPLINE, HELPLINE_PREVIOUS

EXPORTS_DIR = Path(__file__).resolve().parent / "exports"

# X posts: (day, UTC hour, impressions, engagements).  One help-line post goes out at
# 01:30 UTC on 2022-05-03, which is still 2 May in Toronto.
HELPLINE_POSTS = [
    (date(2022, 3, 24), 15, 720, 4), (date(2022, 3, 31), 15, 610, 3),
    (date(2022, 4, 7), 15, 580, 3), (date(2022, 4, 14), 15, 560, 3),
    (date(2022, 4, 21), 15, 516, 2),
    (date(2022, 4, 25), 13, 820, 41), (date(2022, 4, 28), 16, 640, 30),
    (date(2022, 5, 3), 1, 590, 24), (date(2022, 5, 6), 14, 610, 25),
    (date(2022, 5, 10), 14, 480, 18), (date(2022, 5, 16), 13, 530, 22),
    (date(2022, 5, 20), 15, 560, 20), (date(2022, 5, 26), 15, 470, 17),
]
SSM_POSTS = [(date(2023, 4, 20), 0, 410, 5), (date(2023, 4, 27), 0, 395, 4),
             (date(2023, 5, 1), 0, 1_020, 36), (date(2023, 5, 4), 0, 510, 21),
             (date(2023, 5, 8), 0, 460, 17), (date(2023, 5, 12), 0, 350, 12)]
# TikTok sums over (campaign, previous) windows; followers at the end of the campaign.
TIKTOK = {"views": (1_594, 1_012), "profile_views": (16, 15), "likes": (154, 49),
          "comments": (12, 5), "shares": (21, 8), "followers_gained": (34, 25)}
TIKTOK_FOLLOWERS_END = 71
TIKTOK_VIDEOS = [(date(2022, 4, 26), 402), (date(2022, 4, 29), 251), (date(2022, 5, 2), 318),
                 (date(2022, 5, 9), 187), (date(2022, 5, 13), 164), (date(2022, 5, 19), 143),
                 (date(2022, 5, 25), 129)]  # (day, views): 1 594 views, 7 videos
# Calls: (first day, last day, calls, minutes in tenths).
CALL_SPANS = [
    (date(2021, 8, 1), date(2021, 8, 24), 60, 1_800),
    (date(2021, 8, 25), date(2022, 4, 24), 700, 21_140),  # the 8-month baseline
    (HELPLINE[0], HELPLINE[1], 294, 9_322),
    (date(2022, 5, 29), date(2022, 5, 31), 6, 184),
]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]


def files() -> dict[str, bytes]:
    """Every sample file's relative path (<channel>/<name>) and bytes (the XLSX aside)."""
    return {
        "twitter/tweet_activity_metrics_ligneaide_20220322_20220528_en.csv":
            b"\xef\xbb\xbf" + _legacy_x(HELPLINE_POSTS).encode("utf-8"),
        "twitter/account_analytics_content_2023-04-17_2023-05-14.csv":
            _content_x(SSM_POSTS).encode("utf-8"),
        "tiktok/Overview_2022-03-22_2022-05-28.csv": _overview().encode("utf-8"),
        "tiktok/FollowerHistory_2022-03-22_2022-05-28.csv": _followers().encode("utf-8"),
        "calls/journal-appels_2021-08-01_2022-05-31.csv": _calls().encode("cp1252"),
    }


def content_rows() -> list[list[object]]:
    """TikTok Content (the XLSX sample): header, then one row per video."""
    rows: list[list[object]] = [["Video title", "Video link", "Post time", "Total likes",
                                 "Total comments", "Total shares", "Total views"]]
    for i, (day, views) in enumerate(TIKTOK_VIDEOS, start=1):
        rows.append([f"Ligne d'aide #{i}",
                     f"https://www.tiktok.com/@ligneaide/video/70900000000000000{i:02d}",
                     datetime(day.year, day.month, day.day, 18, 30), views // 10, 1, 2, views])
    return rows


CONTENT_XLSX = "tiktok/Content_2022-03-22_2022-05-28.xlsx"


def write(folder: Path = EXPORTS_DIR) -> list[Path]:
    """Write every sample file under `folder`; returns their paths."""
    written = []
    for relative, content in {**files(), CONTENT_XLSX: content_xlsx()}.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


def content_xlsx() -> bytes:
    """The TikTok Content sample as an XLSX workbook, byte for byte the same each time
    (the workbook's dates and the archive's timestamps are fixed)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Content"
    for row in content_rows():
        sheet.append(row)
    book.properties.created = datetime(2022, 5, 29)
    raw = io.BytesIO()
    book.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w",
                                                         zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*",
                              rb"\g<1>2022-05-29T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(info.filename, (2022, 5, 29, 0, 0, 0)),
                            data, zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def _csv(rows: list[list[object]], delimiter: str = ",", quote_all: bool = False) -> str:
    out = io.StringIO()
    writer = (csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
              if quote_all else csv.writer(out, delimiter=delimiter, lineterminator="\r\n"))
    writer.writerows(rows)
    return out.getvalue()


def _parts(engagements: int) -> list[int]:
    # likes, retweets, replies, profile clicks, url clicks, detail expands
    return gen.largest_remainder(engagements, [0.45, 0.15, 0.05, 0.1, 0.15, 0.1])


def _legacy_x(posts: list[tuple[date, int, int, int]]) -> str:
    header: list[object] = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions",
              "engagements", "engagement rate", "retweets", "replies", "likes",
              "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
              "permalink clicks", "app opens", "app installs", "follows", "email tweet",
              "dial phone", "media views", "media engagements", "promoted impressions",
              "promoted engagements"]
    rows: list[list[object]] = [header]
    for i, (day, hour, imp, eng) in enumerate(posts, start=1):
        likes, rts, replies, profile, url, expands = _parts(eng)
        post_id = f"15100000000000{i:05d}"
        rows.append([post_id, f"https://twitter.com/ligneaide/status/{post_id}",
                     f"Besoin d'en parler? Appelez-nous. #{i}",
                     f"{day.isoformat()} {hour:02d}:{30 if hour == 1 else 5:02d} +0000",
                     imp, eng, f"{eng / imp:.4f}", rts, replies, likes, profile, url, 0,
                     expands, 0, 0, 0, 0, 0, 0, 0, 0, "-", "-"])
    return _csv(rows, quote_all=True)


def _content_x(posts: list[tuple[date, int, int, int]]) -> str:
    header: list[object] = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes",
              "Engagements", "Bookmarks", "Shares", "New follows", "Replies", "Reposts",
              "Profile visits", "Detail Expands", "URL Clicks", "Hashtag Clicks",
              "Permalink Clicks"]
    rows: list[list[object]] = [header]
    # The 2024+ export lists the newest post first and writes "Tue, Mar 10, 2026".
    for i, (day, _, imp, eng) in reversed(list(enumerate(posts, start=1))):
        likes, rts, replies, profile, url, expands = _parts(eng)
        post_id = f"16500000000000{i:05d}"
        rows.append([post_id, day.strftime("%a, %b ") + f"{day.day}, {day.year}",
                     f"Semaine de la santé mentale #{i}", f"https://x.com/ssm/status/{post_id}",
                     f"{imp:,}", likes, eng, 0, 0, 0, replies, rts, profile, expands, url,
                     0, 0])
    return _csv(rows)


def _window_days(window: tuple[date, date]) -> list[date]:
    return list(gen.days(*window))


def _spread(key: str, window: tuple[date, date], total: int) -> list[int]:
    span = _window_days(window)
    return gen.largest_remainder(total, gen.noisy_weights(key, span, lambda i, d: 1.0))


def _tiktok_series(metric: str) -> dict[date, int]:
    current, previous = TIKTOK[metric]
    out: dict[date, int] = {}
    for window, total in ((HELPLINE_PREVIOUS, previous), (HELPLINE, current)):
        out.update(zip(_window_days(window), _spread(f"tiktok-{metric}", window, total),
                       strict=True))
    return out


def _yearless(day: date) -> str:
    return f"{_MONTHS_EN[day.month - 1]} {day.day}"


def _overview() -> str:
    series = {m: _tiktok_series(m) for m in ("views", "profile_views", "likes", "comments",
                                             "shares")}
    rows: list[list[object]] = [["Date", "Video Views", "Profile Views", "Likes", "Comments",
                                 "Shares"]]
    for day in gen.days(HELPLINE_PREVIOUS[0], HELPLINE[1]):
        rows.append([_yearless(day), *(series[m][day] for m in series)])
    return _csv(rows)


def _followers() -> str:
    gained = _tiktok_series("followers_gained")
    first = HELPLINE_PREVIOUS[0]
    # The first day's difference is "undefined" (no day before it in the export), so
    # the previous window's 25 come from the days after it.
    gained[first + timedelta(days=1)] += gained.pop(first)
    level = TIKTOK_FOLLOWERS_END - sum(gained.values())
    rows: list[list[object]] = [["Date", "Followers", "Difference in followers from previous day"]]
    rows.append([_yearless(first), level, "undefined"])
    for day in gen.days(first + timedelta(days=1), HELPLINE[1]):
        level += gained[day]
        rows.append([_yearless(day), level, gained[day]])
    return _csv(rows)


def _calls() -> str:
    rows: list[list[object]] = [["Date", "Canal", "Indicateur", "Valeur", "Note"]]
    for start, end, calls, tenths in CALL_SPANS:
        per_day = _spread(f"calls-{start}", (start, end), calls)
        minutes = gen.largest_remainder(tenths, [c + 0.01 for c in per_day])
        for day, n, m in zip(gen.days(start, end), per_day, minutes, strict=True):
            note = "Début de la campagne" if day == HELPLINE[0] else ""
            rows.append([day.strftime("%d/%m/%Y"), "calls", "calls", n, note])
            rows.append([day.strftime("%d/%m/%Y"), "calls", "call_minutes",
                         f"{m // 10},{m % 10}", ""])
    return _csv(rows, delimiter=";")


if __name__ == "__main__":
    for written in write():
        print(written)
