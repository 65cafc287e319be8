"""Numbers as people and platforms write them in export files, read once at the edge.

`1 234,5` (French, with a space, a non-breaking or a narrow no-break space), `1,234.5`
(English), `4,20 %`, `18,400`, `1.2K` (TikTok's abbreviated counts), `-5` or `−5`.
"-", "undefined" and empty cells are missing values, not errors.

One separator with exactly three digits after it (`1,234`, `1.234`) is ambiguous: it
is a thousands separator unless the file writes decimals with that mark, which
`decimal_mark` decides from all of a file's cells (see `guess_decimal_mark`). A count
has no decimals, so there (`parse_count`) it always groups thousands: `18,400` in a
`;`-separated file is 18 400 views, while its `4,20` minutes stay 4.2.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Cells that mean "no value": X's promoted columns hold "-", TikTok's first
# FollowerHistory difference is "undefined".
MISSING = frozenset({"", "-", "–", "—", "undefined", "n/a", "na", "null", "none", "nan"})
# Spaces written between thousands: space, no-break, narrow no-break, thin, figure space;
# and the apostrophes some locales use.
_GROUPING = re.compile(r"[ \u00a0\u202f\u2009\u2007'’]")
# TikTok abbreviates counts (1.2K, 3.4M); a lower-case "m" is left alone (minutes?).
_SUFFIX = {"k": Decimal(1_000), "K": Decimal(1_000), "M": Decimal(1_000_000),
           "B": Decimal(1_000_000_000)}
_PLAIN = re.compile(r"\d+(\.\d+)?|\.\d+")
_ONE_GROUP = re.compile(r"\d{1,3}([.,])\d{3}")
_GROUPS_COMMA = re.compile(r"\d{1,3}(,\d{3})+")
_GROUPS_DOT = re.compile(r"\d{1,3}(\.\d{3})+")
# The largest count a raw table holds (BIGINT); a bigger one is a typing slip.
MAX_COUNT = 2**63 - 1


class NumberError(ValueError):
    """A cell that should hold a number does not; the message quotes it."""


@dataclass(frozen=True)
class Number:
    """A number read from a cell: its value, and whether it carried a percent sign."""

    value: float
    percent: bool = False

    def __str__(self) -> str:
        return f"{self.value:g} %" if self.percent else f"{self.value:g}"


def parse_number(cell: object, decimal_mark: str = ".", *, count: bool = False
                 ) -> Number | None:
    """Read one cell as a number; None for a missing value; NumberError otherwise.

    `decimal_mark` ("." or ",") only settles the ambiguous `1,234` / `1.234`, unless
    the cell is a `count` (no decimals), where the separator groups thousands."""
    if isinstance(cell, bool):
        raise NumberError(f"{cell!r} is not a number")
    if isinstance(cell, Number):  # a percent-formatted spreadsheet cell (tables.py)
        return cell
    if isinstance(cell, int | float):
        if not math.isfinite(cell):
            raise NumberError(f"{cell!r} is not a number")
        return Number(float(cell))
    if cell is None:
        return None
    text = str(cell).strip()
    if text.lower() in MISSING:
        return None
    percent = text.endswith("%")
    body = text.removesuffix("%").strip()
    sign = Decimal(1)
    if body[:1] in ("-", "−", "+"):
        sign = Decimal(-1) if body[0] != "+" else sign
        body = body[1:].strip()
    factor = Decimal(1)
    if body[-1:] in _SUFFIX and not percent:
        factor = _SUFFIX[body[-1]]
        body = body[:-1].strip()
    digits = _normalise(_GROUPING.sub("", body), decimal_mark, grouping_only=count)
    if digits is None or not _PLAIN.fullmatch(digits):
        raise NumberError(f"{text!r} is not a number")
    try:
        value = sign * Decimal(digits) * factor
    except InvalidOperation:  # pragma: no cover - the pattern above rules it out
        raise NumberError(f"{text!r} is not a number") from None
    if not math.isfinite(float(value)):
        # Hundreds of digits: no figure of an export, and no column could hold it.
        raise NumberError(f"{text!r} is too large to be a figure")
    return Number(float(value), percent)


def parse_count(cell: object, decimal_mark: str = ".") -> int | None:
    """Read one cell of a count column (views, likes, followers): None for a missing
    value; NumberError for what is not a whole count or is too large to store.

    A lone separator followed by three digits groups thousands here, whatever the
    file's decimal mark: `18,400` views in a French spreadsheet's CSV are 18 400."""
    number = whole(parse_number(cell, decimal_mark, count=True))
    if number is not None and abs(number) > MAX_COUNT:
        raise NumberError(f"{str(cell).strip()!r} is too large for a count "
                          f"(at most {MAX_COUNT:,})")
    return number


def _normalise(body: str, decimal_mark: str, *, grouping_only: bool = False) -> str | None:
    """The number with '.' as its only separator (the decimal one), or None."""
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        # Both marks: the last one is the decimal separator, the other groups thousands.
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        if body.count(decimal) > 1:
            return None
        return body.replace(grouping, "").replace(decimal, ".")
    if commas > 1:
        return body.replace(",", "") if _GROUPS_COMMA.fullmatch(body) else None
    if dots > 1:
        return body.replace(".", "") if _GROUPS_DOT.fullmatch(body) else None
    if _ONE_GROUP.fullmatch(body):
        mark = body[-4]
        groups = grouping_only or mark != decimal_mark
        return body.replace(mark, "") if groups else body.replace(mark, ".")
    return body.replace(",", ".")


def guess_decimal_mark(cells: Iterable[object], delimiter: str = ",") -> str:
    """The decimal mark a file writes: "," or ".".

    Evidence, cell by cell: a separator followed by other than three digits is a
    decimal mark (`4,20`, `0.5`); both marks in one number, the last is the decimal
    one; digits grouped by spaces or a space before `%` are the French way. Without
    evidence, a `;`-separated file (a French spreadsheet's CSV) uses ",", others "."."""
    votes = {",": 0, ".": 0}
    for cell in cells:
        if not isinstance(cell, str):
            continue
        text = cell.strip().removesuffix("%")
        if re.search(r"\d[ \u00a0\u202f]\d{3}", text) or re.search(r"\d\s+%$", cell.strip()):
            votes[","] += 1
        match = re.fullmatch(r"[-−+]?[\d \u00a0\u202f.,]*?\d([.,])(\d+)\s*", text)
        if match is None:
            continue
        mark, tail = match.group(1), match.group(2)
        other = "." if mark == "," else ","
        if other in text[: match.start(1)] or len(tail) != 3:
            votes[mark] += 1
    if votes[","] == votes["."]:
        return "," if delimiter == ";" else "."
    return "," if votes[","] > votes["."] else "."


def whole(number: Number | None) -> int | None:
    """A count: the number when it is whole (1.2K gives 1200); NumberError otherwise."""
    if number is None:
        return None
    rounded = round(number.value)
    if abs(number.value - rounded) > 1e-6:
        raise NumberError(f"{number.value:g} is not a whole count")
    return int(rounded)
