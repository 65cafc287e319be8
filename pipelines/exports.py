"""Landing export files: each file read whole, then landed in one transaction of its own.

A file whose content (SHA-256) has landed before is recognised and lands nothing. A
file that cannot be read fails alone (even on a reader's defect): the other files still
land. A file's bad rows go
to raw.export_rejected_rows with its good rows, in the same transaction as its ledger
row in raw.export_files, so a file is never half landed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from connectors.exports import ExportFile, ExportFileError, read_export
from pipelines.warehouse import Replacement, Warehouse

# A run's result lists this many rejected rows per file; the table holds them all.
REJECTIONS_SHOWN = 20

_LEDGER = pa.schema([
    ("file_sha256", pa.string()), ("file_name", pa.string()), ("channel", pa.string()),
    ("export_format", pa.string()), ("read_as", pa.string()),
    ("file_time", pa.timestamp("us", tz="UTC")), ("rows_read", pa.int32()),
    ("rows_rejected", pa.int32()), ("records", pa.int32()), ("first_date", pa.date32()),
    ("last_date", pa.date32()), ("span_start", pa.date32()), ("span_end", pa.date32()),
    ("_source", pa.string()),
])
_REJECTED = pa.schema([
    ("file_sha256", pa.string()), ("channel", pa.string()), ("line", pa.int32()),
    ("column_name", pa.string()), ("value", pa.string()), ("reason", pa.string()),
    ("_source", pa.string()), ("_source_row", pa.int32()),
])


@dataclass
class FileOutcome:
    """What happened to one file: landed, already landed, or failed (and why)."""

    file: str
    channel: str
    status: str  # "landed", "already landed", "failed"
    message: str = ""
    export_format: str = ""
    rows_read: int = 0
    rows_rejected: int = 0
    rows_landed: dict[str, int] = field(default_factory=dict)  # raw table -> rows inserted
    rows_kept_newer: int = 0
    rejections: list[str] = field(default_factory=list)
    dates: tuple[date, date] | None = None

    def summary(self) -> str:
        """One line for a person: what landed, what was rejected, or why not."""
        return describe(self.as_metadata())

    def as_metadata(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: v for k, v in vars(self).items() if k != "dates"}
        if self.dates:
            data["first_date"], data["last_date"] = (d.isoformat() for d in self.dates)
        return data


def describe(file: Mapping[str, Any]) -> str:
    """A file's outcome (`FileOutcome.as_metadata()`, as a run's metadata carries it) in
    one line: what landed, how many rows were rejected, or why nothing landed."""
    if file["status"] != "landed":
        return f"{file['file']}: {file['status']}: {file['message']}"
    text = (f"{file['file']} ({file['export_format']}): "
            f"{sum(file['rows_landed'].values())} rows landed, "
            f"{file['rows_rejected']} rejected")
    if file["rows_kept_newer"]:
        text += f", {file['rows_kept_newer']} kept from a newer export"
    return text


def land_files(warehouse: Warehouse, paths: Sequence[Path], channel: str, *, timezone: str,
               run_id: str, known_campaigns: frozenset[str] | None = None,
               holder: str = "") -> list[FileOutcome]:
    """Land each file of `channel` in its own transaction, in the order given."""
    contents: dict[Path, bytes] = {}
    outcomes: dict[Path, FileOutcome] = {}
    for path in paths:
        try:
            contents[path] = path.read_bytes()
        except OSError as exc:
            outcomes[path] = FileOutcome(str(path), channel, "failed",
                                         f"cannot be read ({exc.strerror})")
    hashes = {p: hashlib.sha256(c).hexdigest() for p, c in contents.items()}
    landed = {row[0]: row for row in warehouse.query(
        "exports/landed_files.sql", {"hashes": sorted(set(hashes.values()))}, holder)}
    for path, content in contents.items():
        earlier = landed.get(hashes[path])
        if earlier is not None:
            _, name, when, run = earlier
            at = f"on {when:%Y-%m-%d %H:%M} UTC" if when else "earlier in this run"
            outcomes[path] = FileOutcome(
                str(path), channel, "already landed",
                f"the same content landed {at} as {name} (run {run}); nothing changed")
            continue
        try:
            export = read_export(path, channel, timezone=timezone, data=content,
                                 known_campaigns=known_campaigns)
        except ExportFileError as exc:
            outcomes[path] = FileOutcome(str(path), channel, "failed", str(exc))
            continue
        except Exception as exc:
            # A reader's defect on an odd file: that file fails, the next ones still land.
            outcomes[path] = FileOutcome(
                str(path), channel, "failed",
                f"{path}: could not be read ({type(exc).__name__}: {exc}); this is a "
                "defect of campaign-pulse: please report it with the file")
            continue
        outcomes[path] = _land_one(warehouse, export, channel, run_id, holder)
        landed[export.sha256] = (export.sha256, str(path), None, run_id)
    return [outcomes[p] for p in paths]


def _land_one(warehouse: Warehouse, export: ExportFile, channel: str, run_id: str,
              holder: str) -> FileOutcome:
    replacements = [
        Replacement("export_files", {"file_sha256": export.sha256}, _ledger(export, channel)),
        Replacement("export_rejected_rows", {"file_sha256": export.sha256},
                    _rejected(export, channel)),
        *(Replacement(table, {}, rows) for table, rows in export.tables.items()),
    ]
    result = warehouse.land(replacements, run_id=run_id, holder=holder)
    return FileOutcome(
        str(export.path), channel, "landed", export_format=export.format.name,
        rows_read=export.rows_read, rows_rejected=export.rows_rejected,
        rows_landed={t: result.per_table.get(t, 0) for t in export.tables},
        rows_kept_newer=result.rows_kept_newer,
        rejections=[str(r) for r in export.rejections[:REJECTIONS_SHOWN]],
        dates=export.dates())


def _ledger(export: ExportFile, channel: str) -> pa.Table:
    first, last = export.dates() or (None, None)
    span_start, span_end = export.span() or (None, None)
    return pa.Table.from_pylist([{
        "file_sha256": export.sha256, "file_name": export.path.name, "channel": channel,
        "export_format": export.format.name, "read_as": export.read_as,
        "file_time": export.file_time, "rows_read": export.rows_read,
        "rows_rejected": export.rows_rejected,
        "records": sum(t.num_rows for t in export.tables.values()),
        "first_date": first, "last_date": last, "span_start": span_start,
        "span_end": span_end, "_source": str(export.path),
    }], schema=_LEDGER)


def _rejected(export: ExportFile, channel: str) -> pa.Table:
    return pa.Table.from_pylist([{
        "file_sha256": export.sha256, "channel": channel, "line": r.line,
        "column_name": r.column, "value": r.value, "reason": r.reason,
        "_source": str(export.path), "_source_row": r.line,
    } for r in export.rejections], schema=_REJECTED)
