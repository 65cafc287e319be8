"""The export formats we read, recognised from their header whatever the column order.

Headers are compared without regard to case, accents, punctuation or spacing
(`Métrique` = `metrique`, `Tweet id` = `tweet_id`). Each format lists its columns
with the names the platforms use (English, and French where they localise; the
French names of the X and TikTok exports are as seen in localised files, verify
against new ones). A file's header must hold every required column of a format;
other columns (X's promoted columns, TikTok's watch-time columns) are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

TWITTER, TIKTOK = "twitter", "tiktok"


@dataclass(frozen=True)
class Column:
    """One column of a format: our field name and the header names it goes by."""

    field: str
    names: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class ExportFormat:
    """A known export: its name, the channel it belongs to (None: the generic file of
    any channel without an API) and its columns."""

    name: str
    title: str
    channel: str | None
    columns: tuple[Column, ...]

    def required(self) -> list[str]:
        return [c.names[0] for c in self.columns if c.required]


def normalise(name: object) -> str:
    """A header cell compared without case, accents, punctuation or spacing."""
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _c(field: str, *names: str, required: bool = False) -> Column:
    return Column(field, tuple(normalise(n) for n in names), required)


_X_POST_METRICS = (
    _c("impressions", "impressions", required=True),
    _c("engagements", "engagements", "interactions"),
    _c("likes", "likes", "favorites", "j aime"),
    _c("reposts", "retweets", "reposts"),
    _c("replies", "replies", "reponses"),
    _c("bookmarks", "bookmarks", "signets"),
    _c("shares", "shares", "partages"),
    _c("profile_visits", "user profile clicks", "profile visits", "visites du profil"),
    _c("url_clicks", "url clicks"),
    _c("hashtag_clicks", "hashtag clicks"),
    _c("detail_expands", "detail expands"),
    _c("permalink_clicks", "permalink clicks"),
    _c("new_follows", "follows", "new follows", "nouveaux abonnes"),
    _c("media_views", "media views"),
    _c("media_engagements", "media engagements"),
)

FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("x_tweet_activity", "X tweet activity export (legacy, per post)", TWITTER, (
        _c("post_id", "tweet id", required=True),
        _c("time", "time", required=True),
        _c("permalink", "tweet permalink"),
        _c("text", "tweet text"),
        *_X_POST_METRICS,
    )),
    ExportFormat("x_content", "X content export (2024+, per post)", TWITTER, (
        _c("post_id", "post id", "id du post", required=True),
        _c("date", "date", required=True),
        _c("permalink", "post link", "lien du post"),
        _c("text", "post text", "texte du post"),
        *_X_POST_METRICS,
    )),
    ExportFormat("x_account_overview", "X account overview (2024+, per day)", TWITTER, (
        _c("date", "date", required=True),
        _c("impressions", "impressions", required=True),
        _c("new_follows", "new follows", "nouveaux abonnes", required=True),
        _c("likes", "likes", "j aime"),
        _c("engagements", "engagements", "interactions"),
        _c("bookmarks", "bookmarks", "signets"),
        _c("shares", "shares", "partages"),
        _c("unfollows", "unfollows", "desabonnements"),
        _c("replies", "replies", "reponses"),
        _c("reposts", "reposts"),
        _c("profile_visits", "profile visits", "visites du profil"),
        _c("posts_created", "create post", "posts crees"),
        _c("video_views", "video views", "vues de videos"),
        _c("media_views", "media views"),
    )),
    ExportFormat("tiktok_overview", "TikTok Overview (per day)", TIKTOK, (
        _c("date", "date", required=True),
        _c("video_views", "video views", "vues de videos", "vues des videos",
           required=True),
        _c("profile_views", "profile views", "vues du profil", required=True),
        _c("likes", "likes", "j aime"),
        _c("comments", "comments", "commentaires"),
        _c("shares", "shares", "partages"),
    )),
    ExportFormat("tiktok_follower_history", "TikTok FollowerHistory (per day)", TIKTOK, (
        _c("date", "date", required=True),
        _c("followers", "followers", "abonnes", required=True),
        _c("followers_difference", "difference in followers from previous day",
           "difference d abonnes par rapport a la veille", required=True),
    )),
    ExportFormat("tiktok_viewers", "TikTok Viewers (per day)", TIKTOK, (
        _c("date", "date", required=True),
        _c("total_viewers", "total viewers", "spectateurs au total", required=True),
        _c("new_viewers", "new viewers", "nouveaux spectateurs"),
        _c("returning_viewers", "returning viewers", "spectateurs recurrents"),
    )),
    ExportFormat("tiktok_content", "TikTok Content (per video)", TIKTOK, (
        _c("video_link", "video link", "lien de la video", required=True),
        _c("posted", "post time", "heure de publication", "date de publication",
           required=True),
        _c("title", "video title", "titre de la video"),
        _c("likes", "total likes", "total des j aime"),
        _c("comments", "total comments", "total des commentaires"),
        _c("shares", "total shares", "total des partages"),
        _c("views", "total views", "total des vues", required=True),
    )),
    ExportFormat("channel_file", "generic channel file (date, channel, metric, value)", None, (
        _c("date", "date", "jour", required=True),
        _c("metric", "metric", "metrique", "indicateur", required=True),
        _c("value", "value", "valeur", required=True),
        _c("channel", "channel", "canal"),
        _c("campaign_id", "campaign id", "campaign", "campagne", "id campagne"),
        _c("note", "note", "notes", "commentaire"),
    )),
)


class UnknownFormatError(ValueError):
    """A header that matches no known format; the message lists what was tried."""


def recognise(header: Sequence[object]) -> tuple[ExportFormat, dict[str, int]] | None:
    """The format whose required columns the header holds (the one matching most
    columns when several do), with each known field's column index; None if none."""
    names = [normalise(h) for h in header]
    best: tuple[int, ExportFormat, dict[str, int]] | None = None
    for fmt in FORMATS:
        where: dict[str, int] = {}
        for column in fmt.columns:
            index = next((i for i, n in enumerate(names) if n in column.names), None)
            if index is not None:
                where[column.field] = index
        complete = all(c.field in where for c in fmt.columns if c.required)
        if complete and (best is None or len(where) > best[0]):
            best = (len(where), fmt, where)
    return (best[1], best[2]) if best else None


def tried() -> str:
    """The formats and their required columns, for an unknown header's message."""
    return "; ".join(f"{f.title} needs {', '.join(f.required())}" for f in FORMATS)
