"""Publish the analysts' snapshot: a copy of the built warehouse, swapped in atomically.

Analysts open PULSE_ANALYTICS read-only. The new snapshot is written beside it under a
temporary name, checked, then renamed over it: a connection already open keeps reading
the old file (its inode lives on), a new one sees the new file whole, and nobody ever
holds a lock on the pipeline's own warehouse.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.warehouse import Warehouse

REQUIRED_TABLE = "marts.campaign_growth"


class PublishError(RuntimeError):
    """The snapshot could not be published; the previous one is still in place."""


@dataclass(frozen=True)
class Published:
    path: Path
    bytes: int
    growth_rows: int
    seconds: float


def publish_snapshot(warehouse: Warehouse, target: Path) -> Published:
    """Copy the warehouse to `target` atomically, once it is checkpointed and whole."""
    started = time.monotonic()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with warehouse.write_lock("publish"):
            # Fold the write-ahead log into the file so that the copy is complete.
            conn = duckdb.connect(str(warehouse.path))
            try:
                conn.execute("checkpoint")
            finally:
                conn.close()
            shutil.copyfile(warehouse.path, tmp)
        growth_rows = _check(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return Published(target, target.stat().st_size, growth_rows, time.monotonic() - started)


def _check(snapshot: Path) -> int:
    conn = duckdb.connect(str(snapshot), read_only=True)
    try:
        row = conn.execute(f"select count(*) from {REQUIRED_TABLE}").fetchone()
    except duckdb.Error as exc:
        raise PublishError(
            f"the built warehouse has no readable {REQUIRED_TABLE} ({exc}); "
            "the previous snapshot stays in place"
        ) from exc
    finally:
        conn.close()
    return int(row[0]) if row else 0
