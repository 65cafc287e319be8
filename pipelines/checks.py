"""Data checks on the raw tables, shown in the UI as the ingestion assets' asset checks.

Each check is a SQL file, `sql/checks/<raw table>/<check name>.sql`, that selects the
offending rows of the days just landed (`$window_start`, `$window_end`, inclusive). No
row means the check passes. The file's first comment line is the check's description;
a line `-- severity: warn` makes a failure a warning rather than an error.

A raw table's checks belong to its asset (raw/<table>), except where several assets
land one table: each generic file channel's asset (raw/files/<channel>) checks its own
rows of raw.file_channel_daily, the SQL reading the channel from `$channel`.

The checks run inside the asset, right after its landing, on the same warehouse
connection: no extra Dagster step (each would cost a process start per run), and the
checks see exactly what the landing left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.sqlfiles import SQL_DIR

CHECKS_DIR = SQL_DIR / "checks"
SAMPLE_ROWS = 5


@dataclass(frozen=True)
class RawCheck:
    """One check of a raw table, read from its SQL file."""

    table: str
    name: str
    description: str
    severity: dg.AssetCheckSeverity
    sql: str

    def spec(self, asset: dg.AssetKey | None = None) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(self.name, asset=asset or dg.AssetKey(["raw", self.table]),
                                 description=self.description)

    def parameters(self, values: Mapping[str, object]) -> dict[str, object]:
        """The `values` this check's SQL binds: DuckDB refuses a parameter it does not use."""
        return {name: value for name, value in values.items() if f"${name}" in self.sql}


@cache
def raw_checks(table: str) -> tuple[RawCheck, ...]:
    """The checks of raw.`table`, in file name order."""
    return tuple(_read(table, path) for path in sorted((CHECKS_DIR / table).glob("*.sql")))


def check_specs(table: str, asset: dg.AssetKey | None = None) -> list[dg.AssetCheckSpec]:
    """The asset check specs of raw.`table`, for the `check_specs` of its asset (or of
    `asset`, which lands part of it)."""
    return [check.spec(asset) for check in raw_checks(table)]


def evaluate(conn: duckdb.DuckDBPyConnection, table: str, window_start: date,
             window_end: date, *, asset: dg.AssetKey | None = None,
             scope: Mapping[str, object] | None = None) -> list[dg.AssetCheckResult]:
    """Run every check of raw.`table` over the landed days; one result per check, for
    its asset (or `asset`, whose part of the table `scope` names: {"channel": "calls"})."""
    key = asset or dg.AssetKey(["raw", table])
    values = {"window_start": window_start, "window_end": window_end, **(scope or {})}
    results = []
    for check in raw_checks(table):
        cursor = conn.execute(check.sql, check.parameters(values))
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
        metadata: dict[str, dg.RawMetadataValue] = {
            "offending_rows": len(rows),
            "window": f"{window_start}..{window_end}",
        }
        if rows:
            sample = [", ".join(f"{c}={v}" for c, v in zip(columns, row, strict=True))
                      for row in rows[:SAMPLE_ROWS]]
            metadata["sample"] = "\n".join(sample)
        results.append(dg.AssetCheckResult(
            asset_key=key, check_name=check.name,
            passed=not rows, severity=check.severity, metadata=metadata,
            description=check.description))
    return results


def nothing_landed(table: str, window_start: date | None = None,
                   window_end: date | None = None, *, asset: dg.AssetKey | None = None,
                   note: str = "the warehouse holds no data yet"
                   ) -> list[dg.AssetCheckResult]:
    """The results of raw.`table`'s checks where there is nothing to check: the
    warehouse holds nothing at all, or (`note`) the run landed no row."""
    window = f"{window_start}..{window_end}" if window_start and window_end else "none"
    return [dg.AssetCheckResult(
        asset_key=asset or dg.AssetKey(["raw", table]), check_name=check.name, passed=True,
        severity=check.severity, description=check.description,
        metadata={"offending_rows": 0, "window": window, "note": note})
        for check in raw_checks(table)]


def _read(table: str, path: Path) -> RawCheck:
    text = path.read_text(encoding="utf-8")
    comments = [line[2:].strip() for line in text.splitlines() if line.startswith("--")]
    severity = dg.AssetCheckSeverity.ERROR
    described = []
    for comment in comments:
        if comment.lower().startswith("severity:"):
            level = comment.split(":", 1)[1].strip().upper()
            severity = dg.AssetCheckSeverity(level)
        else:
            described.append(comment)
    if not described:
        raise ValueError(f"{path}: a check starts with a comment line that describes it")
    return RawCheck(table, path.stem, described[0], severity, text)
