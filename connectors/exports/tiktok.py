"""TikTok exports: Overview, FollowerHistory and Viewers (per day) into raw.tiktok_daily,
one row per day and metric (through `model.read_daily` with DAILY_METRICS); Content
(per video) into raw.tiktok_videos.

Daily files write dates without a year (`October 1`, `23 August`): each takes the
latest year that puts it on or before the end of the export's range, read from the
file name (`Overview_2021-12-15_2022-01-20.csv`) or, failing that, the file's date,
so a range that crosses New Year reads right. FollowerHistory's first difference is
`undefined` (no previous day): a missing value, not an error. Counts may be
abbreviated (`1.2K`) or carry thousands separators (`18,400`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from connectors.exports.formats import ExportFormat
from connectors.exports.model import (
    Context,
    Records,
    Rejection,
    RowReader,
    Seen,
    Tables,
    each_row,
)
from connectors.exports.tables import Row

DAILY_METRICS = {
    "tiktok_overview": ("video_views", "profile_views", "likes", "comments", "shares"),
    "tiktok_follower_history": ("followers", "followers_difference"),
    "tiktok_viewers": ("total_viewers", "new_viewers", "returning_viewers"),
}
VIDEO_COUNTS = ("likes", "comments", "shares", "views")
_VIDEO_ID = re.compile(r"/video/(\d+)")


def read_content(fmt: ExportFormat, ctx: Context, where: dict[str, int],
                 rows: Iterable[Row]) -> tuple[Tables, list[Rejection]]:
    """Content: one row per video, its totals as of the export, on its day of posting."""
    seen = Seen("video")

    def one(row: RowReader) -> Records:
        link = row.text("video_link") or ""
        match = _VIDEO_ID.search(link)
        if match is None:
            row.reject("video_link", f"{link!r} is not a TikTok video link "
                                     "(https://www.tiktok.com/@account/video/NUMBER)")
        stamp = row.stamp("posted")
        counts = {name: row.count(name) for name in VIDEO_COUNTS}
        if match is None or stamp is None or row.rejections \
                or not seen.claim(row, [match.group(1)], "video_link"):
            return []
        posted_at, day = stamp
        return [{"video_id": match.group(1), "video_link": link, "title": row.text("title"),
                 "posted_at": posted_at, "date": day, **counts, **row.provenance(fmt.name)}]

    out, rejections = each_row(ctx, where, rows, one)
    return {"tiktok_videos": out}, rejections
