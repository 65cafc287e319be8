"""Data checks on the raw tables, shown in the UI as the ingestion assets' asset checks.

Each check is a SQL file, `sql/checks/<raw table>/<check name>.sql`, that selects the
offending rows of the days just landed (`$window_start`, `$window_end`, inclusive). No
row means the check passes. The file's first comment line is the check's description;
a line `-- severity: warn` makes a failure a warning rather than an error.

The checks run inside the asset, right after its landing, on the same warehouse
connection: no extra Dagster step (each would cost a process start per run), and the
checks see exactly what the landing left.
"""

from __future__ import annotations

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

    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(self.name, asset=dg.AssetKey(["raw", self.table]),
                                 description=self.description)


@cache
def raw_checks(table: str) -> tuple[RawCheck, ...]:
    """The checks of raw.`table`, in file name order."""
    return tuple(_read(table, path) for path in sorted((CHECKS_DIR / table).glob("*.sql")))


def check_specs(table: str) -> list[dg.AssetCheckSpec]:
    """The asset check specs of raw.`table`, for its asset's `check_specs`."""
    return [check.spec() for check in raw_checks(table)]


def evaluate(conn: duckdb.DuckDBPyConnection, table: str, window_start: date,
             window_end: date) -> list[dg.AssetCheckResult]:
    """Run every check of raw.`table` over the landed days; one result per check."""
    results = []
    for check in raw_checks(table):
        cursor = conn.execute(check.sql, {"window_start": window_start,
                                          "window_end": window_end})
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
            asset_key=dg.AssetKey(["raw", table]), check_name=check.name,
            passed=not rows, severity=check.severity, metadata=metadata,
            description=check.description))
    return results


def nothing_landed(table: str, window_start: date,
                   window_end: date) -> list[dg.AssetCheckResult]:
    """The results of raw.`table`'s checks where the warehouse holds nothing at all."""
    return [dg.AssetCheckResult(
        asset_key=dg.AssetKey(["raw", table]), check_name=check.name, passed=True,
        severity=check.severity, description=check.description,
        metadata={"offending_rows": 0, "window": f"{window_start}..{window_end}",
                  "note": "the warehouse holds no data yet"})
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
