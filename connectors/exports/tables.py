"""An export file's bytes as rows of cells: CSV in any everyday encoding and separator,
or an XLSX workbook. Every row keeps the line (CSV) or spreadsheet row (XLSX) it
starts on, so a rejected row can be found in the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from connectors.exports.numbers import Number

Row = tuple[int, list[object]]

DELIMITERS = (",", ";", "\t")
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0"  # the legacy binary .xls


class UnreadableError(ValueError):
    """The bytes are not a CSV or XLSX file we can read; the message says what to do."""


@dataclass(frozen=True)
class Grid:
    """One way of reading the file: a CSV separator, or one sheet of a workbook."""

    rows: list[Row]
    how: str  # "CSV, utf-8, ';'" or "XLSX sheet 'Overview'": for messages


def grids(data: bytes) -> Iterator[Grid]:
    """Every plausible reading of the file, the likeliest first."""
    if data.startswith(_OLE2):
        raise UnreadableError("this is a legacy Excel .xls workbook: save it as .xlsx or "
                              ".csv and drop it again")
    if data.startswith(_ZIP):
        yield from _xlsx(data)
        return
    text, encoding = decode(data)
    if "\x00" in text:
        raise UnreadableError("the file holds binary data, not text: export it as CSV "
                              "or XLSX")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first.lower().startswith("sep=") and len(first.strip()) == 5:
        # Excel's hint line: "sep=;" names the separator and is not the header.
        delimiter = first.strip()[4]
        yield Grid(_csv(text.split("\n", 1)[1] if "\n" in text else "", delimiter, 1),
                   f"CSV, {encoding}, {delimiter!r}")
        return
    ordered = sorted(DELIMITERS, key=lambda d: -_count_outside_quotes(first, d))
    for delimiter in ordered:
        yield Grid(_csv(text, delimiter), f"CSV, {encoding}, {delimiter!r}")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: a byte-order mark decides (UTF-8,
    UTF-16); UTF-16 without one shows as NUL bytes; else UTF-8, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "UTF-16"
    head = data[:400]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return _strict(data, "utf-16-le"), "UTF-16"
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4:
        return _strict(data, "utf-16-be"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise UnreadableError("the file is not UTF-8, UTF-16 or Windows-1252 text: save "
                              "it again as CSV UTF-8") from None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableError(f"the file looks like {encoding.upper()} but byte "
                              f"{exc.start} cannot be read: save it again as CSV UTF-8"
                              ) from None


def _csv(text: str, delimiter: str, offset: int = 0) -> list[Row]:
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start + offset, list(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableError(f"line {start + offset} cannot be read as CSV ({exc})") from None
    return rows


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _xlsx(data: bytes) -> Iterator[Grid]:
    from openpyxl import load_workbook  # imported here: only XLSX files need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableError(f"the workbook cannot be opened ({exc}): save it again as "
                              ".xlsx or .csv") from None
    try:
        for sheet in book.worksheets:
            rows: list[Row] = []
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values = [_cell(c) for c in cells]
                if any(v is not None and str(v).strip() for v in values):
                    rows.append((number, values))
            yield Grid(rows, f"XLSX sheet {sheet.title!r}")
    finally:
        book.close()


def _cell(cell: object) -> object:
    value = getattr(cell, "value", None)
    fmt = str(getattr(cell, "number_format", "") or "")
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
        # A percent-formatted cell holds 0.042 and shows 4.2 %: keep what people see,
        # and that it is a percentage, as the text "4,2 %" would say.
        return Number(round(value * 100, 10), percent=True)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value
