"""X (Twitter) exports: per post (the legacy tweet activity export and the 2024+ content
export) into raw.twitter_posts; the 2024+ account overview (per day, newest first) goes
to raw.twitter_daily through `model.read_daily` with DAILY_METRICS.

A post belongs to the day it was published, in the organisation's timezone (the
legacy export's `time` is UTC). Its figures are the post's totals as of the export, so
the newest export of a post is the one that counts. The engagement rate is not read:
it is recomputed from engagements and impressions downstream, never averaged.
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

POST_COUNTS = ("impressions", "engagements", "likes", "reposts", "replies", "bookmarks",
               "shares", "profile_visits", "url_clicks", "hashtag_clicks", "detail_expands",
               "permalink_clicks", "new_follows", "media_views", "media_engagements")
DAILY_METRICS = ("impressions", "likes", "engagements", "bookmarks", "shares",
                 "new_follows", "unfollows", "replies", "reposts", "profile_visits",
                 "posts_created", "video_views", "media_views")
_ID = re.compile(r"\d{1,25}")
_MANGLED_ID = re.compile(r"\d(?:[.,]\d+)?e\+?\d+", re.IGNORECASE)


def read_posts(fmt: ExportFormat, ctx: Context, where: dict[str, int],
               rows: Iterable[Row]) -> tuple[Tables, list[Rejection]]:
    """Per-post rows of either X post export."""
    seen = Seen("post")

    def one(row: RowReader) -> Records:
        post_id = _post_id(row)
        if fmt.name == "x_tweet_activity":
            posted_at, day = row.stamp("time") or (None, None)
        else:
            posted_at, day = None, row.day("date")
        counts = {name: row.count(name) for name in POST_COUNTS}
        if post_id is None or day is None or row.rejections \
                or not seen.claim(row, [post_id], "post_id"):
            return []
        return [{"post_id": post_id, "posted_at": posted_at, "date": day,
                 "text": row.text("text"), "permalink": row.text("permalink"),
                 **counts, **row.provenance(fmt.name)}]

    out, rejections = each_row(ctx, where, rows, one)
    return {"twitter_posts": out}, rejections


def _post_id(row: RowReader) -> str | None:
    value = row.cell("post_id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = row.text("post_id")
    if text is None:
        row.reject("post_id", "the post id is empty")
        return None
    if _MANGLED_ID.fullmatch(text) or isinstance(value, float):
        row.reject("post_id", f"{text!r}: a spreadsheet turned the post id into a rounded "
                              "number; export the file again and do not save it from a "
                              "spreadsheet (or format the column as text)")
        return None
    if not _ID.fullmatch(text):
        row.reject("post_id", f"{text!r} is not a post id (digits)")
        return None
    return text
