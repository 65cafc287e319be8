"""Numbers the way our users publish them: French by default (137 522; 734,7 %), or English."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u202f"  # narrow no-break space: the French thousands separator


def number(value: float | Decimal | None, lang: str = "fr", decimals: int = 0) -> str:
    """A figure with thousands separators, e.g. 137 522 (fr) or 137,522 (en)."""
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def percent(value: float | Decimal | None, lang: str = "fr", signed: bool = False,
            decimals: int = 1) -> str:
    """A percentage, e.g. +734,7 % (fr) or +734.7% (en)."""
    if value is None:
        return "–"
    sign = "+" if signed and value > 0 else ""
    body = number(value, lang, decimals)
    return f"{sign}{body}{NBSP}%" if lang == "fr" else f"{sign}{body}%"


def money(value: float | Decimal | None, currency: str, lang: str = "fr") -> str:
    """An amount, e.g. 0,46 $ (fr) or $0.46 (en) for CAD/USD; other codes spelled out."""
    if value is None:
        return "–"
    body = number(value, lang, 2)
    symbol = "$" if currency in ("CAD", "USD") else currency
    if lang == "fr":
        return f"{body}{NBSP}{symbol}"
    return f"{symbol}{body}" if symbol == "$" else f"{body} {symbol}"


def figure(value: float | Decimal | None, unit: str, lang: str = "fr") -> str:
    """A mart value in its unit: count, percent, or a currency code."""
    if unit == "count":
        return number(value, lang)
    if unit == "percent":
        return percent(value, lang, decimals=2)
    return money(value, unit, lang)
