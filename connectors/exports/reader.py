"""Reading one export file: bytes, format from the header, typed rows and rejections."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa

from connectors.exports import generic, tiktok, twitter
from connectors.exports.dates import DateError, anchor_from_name
from connectors.exports.formats import TIKTOK, TWITTER, ExportFormat, recognise, tried
from connectors.exports.model import (
    SCHEMAS,
    Context,
    ExportFile,
    ExportFileError,
    Rejection,
    Tables,
    read_daily,
)
from connectors.exports.numbers import guess_decimal_mark
from connectors.exports.tables import Grid, Row, UnreadableError, grids

# A header may sit under a few title lines; past these, the file is not an export.
HEADER_SEARCH_ROWS = 10
# Fields that are never numbers: left out when guessing a file's decimal mark.
_TEXT_FIELDS = frozenset({"post_id", "time", "date", "permalink", "text", "video_link",
                          "posted", "title", "metric", "channel", "campaign_id", "note"})

FamilyReader = Callable[[ExportFormat, Context, dict[str, int], Iterable[Row]],
                        tuple[Tables, list[Rejection]]]
READERS: dict[str, FamilyReader] = {
    "x_tweet_activity": twitter.read_posts,
    "x_content": twitter.read_posts,
    "x_account_overview": partial(read_daily, table="twitter_daily",
                                  metrics=twitter.DAILY_METRICS),
    **{name: partial(read_daily, table="tiktok_daily", metrics=metrics)
       for name, metrics in tiktok.DAILY_METRICS.items()},
    "tiktok_content": tiktok.read_content,
    "channel_file": generic.read_channel_file,
}
FILE_CHANNELS = (TWITTER, TIKTOK)


def read_export(path: Path, channel: str, *, timezone: str, data: bytes | None = None,
                known_campaigns: frozenset[str] | None = None) -> ExportFile:
    """Read `path` as an export of `channel`: X (`twitter`), TikTok (`tiktok`), or the
    generic channel file of any other channel. Raises ExportFileError when the file
    cannot be read at all; a bad row only becomes a rejection."""
    source = str(path)
    try:
        content = path.read_bytes() if data is None else data
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError as exc:
        raise ExportFileError(f"cannot be read ({exc.strerror})", source=source) from None
    if not content.strip():
        raise ExportFileError("the file is empty", source=source,
                              hint="export it again from the platform")
    try:
        grid, at, fmt, where = _find_header(content, source)
    except UnreadableError as exc:
        raise ExportFileError(str(exc), source=source) from None
    _check_channel(fmt, channel, source)
    header = [str(c or "") for c in grid.rows[at][1]]
    data_rows = grid.rows[at + 1:]
    numeric = [cells[i] for _, cells in data_rows for f, i in where.items()
               if f not in _TEXT_FIELDS and i < len(cells)]
    start, end = anchor_from_name(path.name)
    ctx = Context(source=source, sha256=hashlib.sha256(content).hexdigest(),
                  file_time=modified, channel=channel, timezone=timezone,
                  decimal_mark=guess_decimal_mark(numeric, _delimiter(grid)),
                  header=header, known_campaigns=known_campaigns,
                  anchor=end or modified.astimezone(ZoneInfo(timezone)).date())
    try:
        records, rejections = READERS[fmt.name](fmt, ctx, where, data_rows)
    except DateError as exc:  # a file-wide problem, e.g. no year anywhere
        raise ExportFileError(str(exc), source=source) from None
    if start is not None and "tiktok_daily" in records:
        rejections += _outside(records, start, end, header, where)
    tables = {name: pa.Table.from_pylist(rows, schema=SCHEMAS[name])
              for name, rows in records.items()}
    # Only a platform's own export names its range; a generic file's name is whatever
    # its author typed, so its rows alone say which days it covers.
    named = (start, end) if start is not None and end is not None and fmt.channel else None
    return ExportFile(path=path, sha256=ctx.sha256, file_time=modified, format=fmt,
                      read_as=grid.how, tables=tables,
                      rejections=sorted(rejections, key=lambda r: r.line),
                      rows_read=len(data_rows), named_range=named)


def _find_header(content: bytes, source: str) -> tuple[Grid, int, ExportFormat, dict[str, int]]:
    candidate: Row | None = None
    for grid in grids(content):
        for at, (_, cells) in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
            found = recognise(cells)
            if found:
                return grid, at, found[0], found[1]
        best = _header_candidate(grid.rows[:HEADER_SEARCH_ROWS])
        if best is not None and (candidate is None or _filled(best) > _filled(candidate)):
            candidate = best
    if candidate is None:
        found_text = "no header found"
    else:
        line, cells = candidate
        found_text = f"Header found on line {line}: {[str(c or '') for c in cells]}"
    raise ExportFileError(
        f"the header matches no known export format. {found_text}",
        source=source,
        hint=f"Formats tried: {tried()}. Export the file again from the platform, or "
             "write it as the generic channel file (date, channel, metric, value)")


def _header_candidate(rows: list[Row]) -> Row | None:
    """The row that was most likely meant as the header: the first with the most
    filled cells (title lines above a header have one cell, the header has them all)."""
    return max(rows, key=_filled, default=None)


def _filled(row: Row) -> int:
    return sum(1 for cell in row[1] if cell is not None and str(cell).strip())


def _check_channel(fmt: ExportFormat, channel: str, source: str) -> None:
    if fmt.channel is not None and fmt.channel != channel:
        raise ExportFileError(
            f"this is a {fmt.title}, not a file of channel {channel!r}", source=source,
            hint=f"drop it in PULSE_INBOX/{fmt.channel}/ or run `pulse import FILE "
                 f"--channel {fmt.channel}`")
    if fmt.channel is None and channel in FILE_CHANNELS:
        raise ExportFileError(
            f"this is a {fmt.title}; channel {channel!r} takes the platform's own exports",
            source=source, hint="give the file's channel name instead (calls, print...)")


def _delimiter(grid: Grid) -> str:
    return ";" if "';'" in grid.how else ","


def _outside(records: Tables, start: date, end: date | None, header: list[str],
             where: dict[str, int]) -> list[Rejection]:
    """TikTok's daily rows dated before the range the file name gives: their year was
    inferred, so such a row belongs to another export (or the name is wrong)."""
    rows = records.get("tiktok_daily", [])
    column = header[where["date"]] if "date" in where else "date"
    late = [r for r in rows if r["date"] < start]
    records["tiktok_daily"] = [r for r in rows if r["date"] >= start]
    return list({r["_source_row"]: Rejection(
        r["_source_row"], column, r["date"].isoformat(),
        f"{r['date']:%d %B} falls outside the export's dates in its file name "
        f"({start}..{end})") for r in late}.values())
