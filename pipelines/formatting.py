"""Numbers and dates the way our users publish them: French by default (137 522;
734,7 %; 0,46 $; 25 avril 2022), or English."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u202f"  # narrow no-break space: the French thousands separator

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
_SHORT_MONTHS = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
           "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec"),
}


def number(value: float | Decimal | None, lang: str = "fr", decimals: int = 0) -> str:
    """A figure with thousands separators, e.g. 137 522 (fr) or 137,522 (en)."""
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def count(value: float | Decimal | None, lang: str = "fr") -> str:
    """A counted figure: whole values whole (137 522), others with the decimals they need
    (932,2 call minutes; a monthly average of 0,31), at most two unless the value is
    so small that two would print 0 (0,004): a figure never contradicts the words beside
    it ("on a base of only 0" for 0,31)."""
    if value is None:
        return "–"
    exact = Decimal(str(value))
    if exact == exact.to_integral_value():
        return number(exact, lang)
    # two significant digits for a value under a hundredth (its first digit's exponent)
    decimals = max(2, 1 - exact.adjusted())
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    # trailing zeros dropped: 932,20 is 932,2 (a finite Decimal's exponent is an int)
    exponent = int(rounded.normalize().as_tuple().exponent)
    return number(rounded, lang, max(0, -exponent))


def percent(value: float | Decimal | None, lang: str = "fr", signed: bool = False,
            decimals: int = 1) -> str:
    """A percentage, e.g. +734,7 % (fr) or +734.7% (en)."""
    if value is None:
        return "–"
    sign = "+" if signed and value > 0 else ""
    body = number(value, lang, decimals)
    return f"{sign}{body}{NBSP}%" if lang == "fr" else f"{sign}{body}%"


def money(value: float | Decimal | None, currency: str, lang: str = "fr") -> str:
    """An amount, e.g. 0,46 $ (fr) or $0.46 (en) for CAD/USD; other codes spelled out.

    Whole amounts are written without cents, as our users write budgets and spend
    (45 000 $, 412 $), and amounts under a dime get a third decimal (0,009 $ per person
    reached is not 0,01 $)."""
    if value is None:
        return "–"
    body = number(value, lang, _money_decimals(Decimal(str(value))))
    symbol = "$" if currency in ("CAD", "USD") else currency
    if lang == "fr":
        return f"{body}{NBSP}{symbol}"
    return f"{symbol}{body}" if symbol == "$" else f"{body} {symbol}"


def _money_decimals(amount: Decimal) -> int:
    size = abs(amount)
    if size == size.to_integral_value():
        return 0
    if 0 < size < Decimal("0.1"):
        return 3
    return 2


def figure(value: float | Decimal | None, unit: str, lang: str = "fr") -> str:
    """A mart value in its unit: count, percent, or a currency code."""
    if unit == "count":
        return count(value, lang)
    if unit == "percent":
        return percent(value, lang, decimals=2)
    return money(value, unit, lang)


def times(value: float | Decimal | None, lang: str = "fr") -> str:
    """A multiple, e.g. 8,4 × (fr) or 8.4× (en)."""
    if value is None:
        return "–"
    body = number(value, lang, 1)
    return f"{body}{NBSP}×" if lang == "fr" else f"{body}×"


def day(value: date | None, lang: str = "fr", short: bool = False) -> str:
    """A date as our users write it: 25 avril 2022, 1er mai 2022 / April 25, 2022;
    short (for chart axes): 25 avr. / Apr 25."""
    if value is None:
        return "–"
    month = (_SHORT_MONTHS if short else _MONTHS)[lang][value.month - 1]
    if lang == "fr":
        first = "1er" if value.day == 1 else str(value.day)
        return f"{first} {month}" if short else f"{first} {month} {value.year}"
    return f"{month} {value.day}" if short else f"{month} {value.day}, {value.year}"


def text_table(head: Sequence[str], body: Sequence[Sequence[str]],
               right: frozenset[int] = frozenset()) -> str:
    """A plain aligned table for the terminal; columns in `right` are right-aligned."""
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=False)]
    lines = []
    for row in (head, *body):
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
