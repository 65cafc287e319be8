"""The pipeline's DuckDB file: one writer at a time, and exact window landing.

DuckDB lets one process write a file, and a second writer fails at once instead of
waiting. Dagster runs channels in separate processes, and dbt is a process of its own,
so every writer takes an exclusive lock on `<warehouse>.lock` first and holds it only
while it writes: fetching from the sources happens before, in parallel.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.sqlfiles import raw_ddl, sql

log = logging.getLogger(__name__)


class WriterBusyError(RuntimeError):
    """Another process held the warehouse's writer lock for longer than we wait."""


@dataclass(frozen=True)
class RawTable:
    """A landing target: its name (an allow-listed identifier) and what a landing replaces.

    A scoped table (API channels, the registry) replaces everything in its scope (and
    window). A keyed table (export files) replaces row by row: an incoming row replaces
    the rows with the same `keys` that come from a file no newer than its own
    (`_file_time`), and is itself held back where a newer file's row is already landed,
    so overlapping exports keep one row per key, the newest file winning in any order.
    """

    name: str
    scope: tuple[str, ...]  # the columns naming the account / campaign a replacement covers
    windowed: bool  # True: a replacement covers `<window_column> between window_start and
    #                 window_end`
    keys: tuple[str, ...] = ()  # a keyed table's row identity (see above)
    window_column: str = "date"


RAW_TABLES: Mapping[str, RawTable] = {
    t.name: t
    for t in (
        RawTable("meta_ads_insights", ("account_id",), windowed=True),
        RawTable("meta_page_insights", ("page_id",), windowed=True),
        RawTable("instagram_insights", ("ig_user_id",), windowed=True),
        RawTable("google_ads_campaign_daily", ("customer_id",), windowed=True),
        RawTable("meta_ads_period_reach", ("pulse_campaign_id", "account_id"), windowed=False),
        RawTable("instagram_period_totals", ("pulse_campaign_id", "ig_user_id"), windowed=False),
        # One snapshot per mailing per read day: a run replaces that day's reads of the
        # mailings sent in its window, and keeps the earlier days' (see the DDL).
        RawTable("mailchimp_campaign_reports", ("read_date",), windowed=True,
                 window_column="send_date"),
        RawTable("registry_campaigns", (), windowed=False),
        RawTable("registry_channels", (), windowed=False),
        RawTable("registry_moments", (), windowed=False),
        RawTable("registry_goals", (), windowed=False),
        RawTable("twitter_posts", (), windowed=False, keys=("post_id",)),
        RawTable("twitter_daily", (), windowed=False, keys=("date", "metric")),
        RawTable("tiktok_daily", (), windowed=False, keys=("date", "metric")),
        RawTable("tiktok_videos", (), windowed=False, keys=("video_id",)),
        RawTable("file_channel_daily", (), windowed=False,
                 keys=("channel", "metric", "pulse_campaign_id", "date")),
        RawTable("export_files", ("file_sha256",), windowed=False),
        RawTable("export_rejected_rows", ("file_sha256",), windowed=False),
    )
}


@dataclass
class Replacement:
    """One slice to replace: everything of `table` in `scope` (and the window), by `data`.

    A windowed slice is also recorded in the coverage ledger (raw.landed_windows): its
    days are then known, with or without rows. `complete` is False when some of the
    window's objects failed and are missing from `data` (the others still land), so that
    the ledger never presents a partial window as whole.
    """

    table: str
    scope: Mapping[str, str]
    data: pa.Table
    window: tuple[date, date] | None = None
    complete: bool = True


@dataclass
class LandingResult:
    rows_deleted: int = 0
    rows_inserted: int = 0
    rows_outside_window: int = 0
    rows_kept_newer: int = 0  # keyed tables: incoming rows a newer file's rows outrank
    per_table: dict[str, int] = field(default_factory=dict)


class Warehouse:
    """The pipeline's DuckDB file and its writer lock."""

    def __init__(self, path: Path, lock_timeout: float = 1800.0) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self.lock_timeout = lock_timeout

    @contextlib.contextmanager
    def write_lock(self, holder: str = "") -> Iterator[None]:
        """Hold the exclusive writer lock; waits (bounded) while another writer works."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a+") as handle:
            deadline = time.monotonic() + self.lock_timeout
            waited = False
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise WriterBusyError(
                            f"the warehouse {self.path} stayed locked by another writer for "
                            f"{self.lock_timeout:.0f} s; is another run stuck? ({self.lock_path})"
                        ) from None
                    if not waited:
                        log.info("waiting for the warehouse writer lock (%s)", holder or "-")
                        waited = True
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def writer(self, holder: str = "") -> Iterator[duckdb.DuckDBPyConnection]:
        """A write connection, under the lock, with the raw tables created."""
        with self.write_lock(holder):
            conn = duckdb.connect(str(self.path))
            try:
                for statement in raw_ddl():
                    conn.execute(statement)
                yield conn
                conn.execute("checkpoint")
            finally:
                conn.close()

    @contextlib.contextmanager
    def reader(self, holder: str = "") -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection, under the lock: an open connection, even read-only,
        would make another process's writer fail, so readers take their turn too."""
        with self.write_lock(holder):
            conn = duckdb.connect(str(self.path), read_only=True)
            try:
                yield conn
            finally:
                conn.close()

    def query(self, name: str, params: Mapping[str, object],
              holder: str = "") -> list[tuple[Any, ...]]:
        """The rows of the read statement sql/<name>, under the writer lock: DuckDB lets
        no other process open the file while one writes it."""
        with self.writer(holder) as conn:
            return conn.execute(sql(name), dict(params)).fetchall()

    def land(self, replacements: Sequence[Replacement], run_id: str,
             holder: str = "") -> LandingResult:
        """Replace each slice by its new rows, all in one transaction.

        Rows are inserted from Arrow in one statement per slice; rows outside a slice's
        window are dropped (and counted) so that a replacement never reaches past it.
        Each windowed slice is recorded in raw.landed_windows in the same transaction:
        the ledger and the rows it speaks for never disagree, even after a crash.
        """
        result = LandingResult()
        loaded_at = datetime.now(UTC)
        with self.writer(holder) as conn:
            conn.execute("begin transaction")
            try:
                for rep in replacements:
                    deleted, inserted, outside = _replace(conn, rep, run_id, loaded_at)
                    if rep.window is not None:
                        _record_window(conn, rep, inserted, run_id, loaded_at,
                                       holder or "Warehouse.land")
                    result.rows_deleted += deleted
                    result.rows_inserted += inserted
                    result.rows_outside_window += outside
                    if RAW_TABLES[rep.table].keys:
                        result.rows_kept_newer += rep.data.num_rows - inserted
                    result.per_table[rep.table] = result.per_table.get(rep.table, 0) + inserted
                conn.execute("commit")
            except BaseException:
                conn.execute("rollback")
                raise
        return result


def _replace(conn: duckdb.DuckDBPyConnection, rep: Replacement, run_id: str,
             loaded_at: datetime) -> tuple[int, int, int]:
    table = RAW_TABLES.get(rep.table)
    if table is None:
        raise ValueError(f"{rep.table!r} is not a raw table (known: {', '.join(RAW_TABLES)})")
    if set(rep.scope) != set(table.scope):
        raise ValueError(f"raw.{table.name} is replaced by {table.scope}, got {tuple(rep.scope)}")
    if table.windowed != (rep.window is not None):
        need = "required" if table.windowed else "not used"
        raise ValueError(f"raw.{table.name}: a window is {need}")
    params: dict[str, object] = dict(rep.scope)
    data = rep.data
    outside = 0
    if rep.window is not None:
        params["window_start"], params["window_end"] = rep.window
        data, outside = _within(data, *rep.window, table.window_column)
    if table.keys and data.num_rows == 0:
        return 0, 0, outside
    conn.register("landing_batch", data)
    try:
        # A keyed table's delete reads the incoming keys from landing_batch.
        deleted = _affected(conn.execute(sql(f"landing/{table.name}.sql"), params))
        inserted = _insert(conn, table, data, run_id, loaded_at) if data.num_rows else 0
    finally:
        # After a failed statement the transaction is aborted and unregistering fails
        # too; the statement's own error is the one to report.
        with contextlib.suppress(duckdb.Error):
            conn.unregister("landing_batch")
    return deleted, inserted, outside


def _record_window(conn: duckdb.DuckDBPyConnection, rep: Replacement, rows: int, run_id: str,
                   loaded_at: datetime, source: str) -> None:
    # The scope columns come from the allow-list (RAW_TABLES), checked by _replace.
    assert rep.window is not None
    columns = RAW_TABLES[rep.table].scope
    conn.execute(sql("landing/landed_windows.sql"), {
        "table_name": rep.table,
        "scope_column": ",".join(columns),
        "scope_value": ",".join(str(rep.scope[c]) for c in columns),
        "window_start": rep.window[0], "window_end": rep.window[1],
        "rows_landed": rows, "complete": rep.complete,
        "run_id": run_id, "loaded_at": loaded_at, "source": source,
    })


def _insert(conn: duckdb.DuckDBPyConnection, table: RawTable, data: pa.Table, run_id: str,
            loaded_at: datetime) -> int:
    # Table and key names come from the allow-list above; every value is a bound parameter.
    held_back = ""
    if table.keys:
        # What is left with the same key after the delete comes from a newer file.
        same_key = " and ".join(f"kept.{k} is not distinct from incoming.{k}"
                                for k in table.keys)
        held_back = (f"where not exists (select 1 from raw.{table.name} as kept "
                     f"where {same_key})")
    return _affected(conn.execute(
        f"insert into raw.{table.name} by name "
        "select incoming.*, $run_id as _run_id, $loaded_at as _loaded_at "
        f"from landing_batch as incoming {held_back}",
        {"run_id": run_id, "loaded_at": loaded_at},
    ))


def _within(data: pa.Table, start: date, end: date,
            column: str = "date") -> tuple[pa.Table, int]:
    import pyarrow.compute as pc

    if data.num_rows == 0:
        return data, 0
    day = data.column(column)
    mask = pc.and_(pc.greater_equal(day, pa.scalar(start, pa.date32())),
                   pc.less_equal(day, pa.scalar(end, pa.date32())))
    if pc.all(mask, skip_nulls=False).as_py():
        # The usual case: filtering would copy every row for nothing.
        return data, 0
    kept = data.filter(mask)
    return kept, data.num_rows - kept.num_rows


def _affected(cursor: duckdb.DuckDBPyConnection) -> int:
    # DuckDB answers a DELETE or INSERT with one row: the number of rows it changed.
    row = cursor.fetchone()
    return int(row[0]) if row else 0
