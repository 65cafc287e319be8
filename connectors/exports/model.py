"""What reading an export file gives: typed rows per raw table, and the rows rejected.

The Arrow schemas are the raw tables' columns (sql/raw/), minus `_run_id` and
`_loaded_at`, which the landing step adds. Every row carries its file (`_source`,
`_file_sha256`), its line in that file (`_source_row`) and the file's time
(`_file_time`: its modification time, which decides which of two overlapping exports
is the newer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from connectors.errors import SourceError
from connectors.exports.dates import DateError, parse_date, parse_period, parse_timestamp
from connectors.exports.formats import ExportFormat
from connectors.exports.numbers import Number, NumberError, parse_count, parse_number
from connectors.exports.tables import Row

_PROVENANCE = [
    pa.field("export_format", pa.string(), nullable=False),
    pa.field("_file_sha256", pa.string(), nullable=False),
    pa.field("_file_time", pa.timestamp("us", tz="UTC"), nullable=False),
    pa.field("_source", pa.string(), nullable=False),
    pa.field("_source_row", pa.int32(), nullable=False),
]
_POST_COUNTS = ("impressions", "engagements", "likes", "reposts", "replies", "bookmarks",
                "shares", "profile_visits", "url_clicks", "hashtag_clicks", "detail_expands",
                "permalink_clicks", "new_follows", "media_views", "media_engagements")
_VIDEO_COUNTS = ("likes", "comments", "shares", "views")


def _schema(*fields: pa.Field) -> pa.Schema:
    return pa.schema([*fields, *_PROVENANCE])


def _daily_schema() -> pa.Schema:
    return _schema(pa.field("date", pa.date32(), nullable=False),
                   pa.field("metric", pa.string(), nullable=False),
                   pa.field("value", pa.float64(), nullable=False))


SCHEMAS: dict[str, pa.Schema] = {
    "twitter_posts": _schema(
        pa.field("post_id", pa.string(), nullable=False),
        pa.field("posted_at", pa.timestamp("us", tz="UTC")),
        pa.field("date", pa.date32(), nullable=False),
        pa.field("text", pa.string()), pa.field("permalink", pa.string()),
        *(pa.field(name, pa.int64()) for name in _POST_COUNTS)),
    "twitter_daily": _daily_schema(),
    "tiktok_daily": _daily_schema(),
    "tiktok_videos": _schema(
        pa.field("video_id", pa.string(), nullable=False),
        pa.field("video_link", pa.string()), pa.field("title", pa.string()),
        pa.field("posted_at", pa.timestamp("us", tz="UTC")),
        pa.field("date", pa.date32(), nullable=False),
        *(pa.field(name, pa.int64()) for name in _VIDEO_COUNTS)),
    "file_channel_daily": _schema(
        pa.field("channel", pa.string(), nullable=False),
        pa.field("metric", pa.string(), nullable=False),
        pa.field("pulse_campaign_id", pa.string()),
        pa.field("date", pa.date32(), nullable=False),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("given_value", pa.float64(), nullable=False),
        pa.field("range_start", pa.date32(), nullable=False),
        pa.field("range_end", pa.date32(), nullable=False),
        pa.field("note", pa.string())),
}


class ExportFileError(SourceError):
    """A file that cannot be read at all: nothing of it lands; the message names the
    file, what is wrong and what to do."""


@dataclass(frozen=True)
class Rejection:
    """A row left out: its line, the column at fault, the cell and why."""

    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column!r}: {self.reason}"


@dataclass
class ExportFile:
    """A file read whole: its rows per raw table, its rejected rows, and where it is."""

    path: Path
    sha256: str
    file_time: datetime
    format: ExportFormat
    read_as: str
    tables: dict[str, pa.Table]
    rejections: list[Rejection]
    rows_read: int
    # The range a platform's export names in its file name (X and TikTok name their
    # exports by the days they cover); None for other files.
    named_range: tuple[date, date] | None = None

    def dates(self) -> tuple[date, date] | None:
        """The first and last day the file's rows are about."""
        bounds = [pc.min_max(t.column("date")) for t in self.tables.values() if t.num_rows]
        days = [b[end].as_py() for b in bounds for end in ("min", "max")]
        return (min(days), max(days)) if days else None

    def span(self) -> tuple[date, date] | None:
        """The days the export covers: a day inside it without rows had nothing (no post
        that day). The range its file name gives, widened to its rows' days; else its
        rows' first and last day. A per-post export's rows start at its first post, so
        its rows alone would understate the days the platform exported."""
        bounds = [r for r in (self.named_range, self.dates()) if r is not None]
        if not bounds:
            return None
        return min(r[0] for r in bounds), max(r[1] for r in bounds)

    @property
    def rows_rejected(self) -> int:
        return len({r.line for r in self.rejections})


@dataclass
class Context:
    """What reading one file needs besides its cells."""

    source: str  # the file's path, as rows record it
    sha256: str
    file_time: datetime
    channel: str
    timezone: str
    decimal_mark: str
    header: list[str]
    anchor: date | None = None  # for dates without a year
    known_campaigns: frozenset[str] | None = None


@dataclass
class RowReader:
    """One data row's cells by field; every unreadable cell becomes a rejection."""

    ctx: Context
    where: dict[str, int]
    line: int
    cells: list[object]
    rejections: list[Rejection] = field(default_factory=list)

    def cell(self, name: str) -> object:
        index = self.where.get(name)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        return value.strip() if isinstance(value, str) else value

    def text(self, name: str) -> str | None:
        value = self.cell(name)
        return None if value is None or value == "" else str(value)

    def reject(self, name: str, reason: str) -> None:
        index = self.where.get(name)
        column = self.ctx.header[index] if index is not None else name
        value = self.cell(name)
        self.rejections.append(Rejection(self.line, column, "" if value is None
                                         else str(value), reason))

    def read(self, name: str, parse: Callable[[object], Any]) -> Any:
        try:
            return parse(self.cell(name))
        except (NumberError, DateError) as exc:
            self.reject(name, str(exc))
            return None

    def number(self, name: str) -> Number | None:
        return self.read(name, lambda c: parse_number(c, self.ctx.decimal_mark))

    def count(self, name: str) -> int | None:
        return self.read(name, lambda c: parse_count(c, self.ctx.decimal_mark))

    def day(self, name: str) -> date | None:
        return self.read(name, lambda c: parse_date(c, self.ctx.anchor))

    def period(self, name: str) -> tuple[date, date] | None:
        return self.read(name, lambda c: parse_period(c, self.ctx.anchor))

    def stamp(self, name: str) -> tuple[datetime | None, date] | None:
        return self.read(name, lambda c: parse_timestamp(c, self.ctx.timezone, self.ctx.anchor))

    def provenance(self, export_format: str) -> dict[str, Any]:
        return {"export_format": export_format, "_file_sha256": self.ctx.sha256,
                "_file_time": self.ctx.file_time, "_source": self.ctx.source,
                "_source_row": self.line}


class Seen:
    """Keys met so far in a file: a later row with a key already met is rejected,
    naming the line that has it."""

    def __init__(self, what: str) -> None:
        self.what, self.lines = what, dict[object, int]()

    def claim(self, row: RowReader, keys: Sequence[object], column: str,
              label: Callable[[Any], str] = str) -> bool:
        for key in keys:
            earlier = self.lines.get(key)
            if earlier is not None:
                row.reject(column, f"{self.what} {label(key)} is already on line {earlier} "
                                   "of this file; keep one row for it")
                return False
        self.lines.update((key, row.line) for key in keys)
        return True


Records = list[dict[str, Any]]
Tables = dict[str, Records]


def each_row(ctx: Context, where: dict[str, int], rows: Iterable[Row],
             read: Callable[[RowReader], Records]) -> tuple[Records, list[Rejection]]:
    """Run `read` on every data row. A row any of whose cells was rejected is left out
    whole (a post or a day is never landed in part) and its rejections returned."""
    out: Records = []
    rejections: list[Rejection] = []
    for line, cells in rows:
        row = RowReader(ctx, where, line, cells)
        records = read(row)
        if row.rejections:
            rejections += row.rejections
        else:
            out += records
    return out, rejections


def read_daily(fmt: ExportFormat, ctx: Context, where: dict[str, int], rows: Iterable[Row],
               *, table: str, metrics: Sequence[str]) -> tuple[Tables, list[Rejection]]:
    """An account's figures per day (X account overview, TikTok's daily exports): a row
    per day and metric into `table`; a missing value is left out, not rejected. Every
    one of these figures is a count (views, likes, followers and their difference)."""
    seen = Seen("day")

    def one(row: RowReader) -> Records:
        day = row.day("date")
        values = {m: row.count(m) for m in metrics if m in where}
        if day is None or row.rejections or not seen.claim(row, [day], "date"):
            return []
        return [{"date": day, "metric": metric, "value": float(value),
                 **row.provenance(fmt.name)}
                for metric, value in values.items() if value is not None]

    out, rejections = each_row(ctx, where, rows, one)
    return {table: out}, rejections
