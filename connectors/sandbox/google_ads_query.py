"""GAQL as the Google Ads sandbox understands it: parse a query, pick the rows, fill them.

Enough of the language for daily campaign reports:
``SELECT f, ... FROM campaign WHERE segments.date BETWEEN 'a' AND 'b' [AND ...]
[ORDER BY f [ASC|DESC], ...] [LIMIT n]``, with conditions on segments.date (BETWEEN,
=, <, <=, >, >=), campaign.id (=, IN) and campaign.advertising_channel_type (=, IN).
What it does not understand is refused with a ``GaqlError`` carrying the QueryError
code the API would use (or QUERY_ERROR for what only the sandbox lacks), never
silently ignored.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from connectors.sandbox.sample_google_ads import CUSTOMERS, GoogleDay, customer_days


class GaqlError(Exception):
    """A query the API would refuse: ``code`` is the QueryError name."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom else 0.0


# Every selectable field and how a day's row fills it.
FIELDS: dict[str, Callable[[GoogleDay], Any]] = {
    "customer.id": lambda d: int(d.customer_id),
    "customer.currency_code": lambda d: CUSTOMERS[d.customer_id].currency_code,
    "customer.descriptive_name": lambda d: CUSTOMERS[d.customer_id].name,
    "customer.time_zone": lambda d: CUSTOMERS[d.customer_id].time_zone,
    "campaign.id": lambda d: d.campaign_id,
    "campaign.name": lambda d: d.campaign_name,
    "campaign.status": lambda d: "ENABLED",
    "campaign.advertising_channel_type": lambda d: d.channel_type,
    "segments.date": lambda d: d.day.isoformat(),
    "metrics.impressions": lambda d: d.impressions,
    "metrics.clicks": lambda d: d.clicks,
    "metrics.cost_micros": lambda d: d.cost_micros,
    "metrics.conversions": lambda d: d.conversions,
    "metrics.ctr": lambda d: _ratio(d.clicks, d.impressions),
    "metrics.average_cpc": lambda d: _ratio(d.cost_micros, d.clicks),
}
_COMPARE = {"=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt,
            ">=": operator.ge}
_FILTERABLE = {"campaign.id": int, "campaign.advertising_channel_type": str}
_TOKEN = re.compile(r"\s*(?:(?P<str>'[^']*'|\"[^\"]*\")|(?P<num>-?\d+)|"
                    r"(?P<op><=|>=|!=|=|<|>|\(|\)|,)|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))")


@dataclass
class Gaql:
    """A parsed query."""

    fields: list[str]
    since: date | None = None
    until: date | None = None
    filters: list[tuple[str, frozenset[Any]]] = field(default_factory=list)
    order_by: list[tuple[str, bool]] = field(default_factory=list)  # (field, descending)
    limit: int | None = None


class _Tokens:
    def __init__(self, text: str) -> None:
        self.items: list[tuple[str, str]] = []
        position = 0
        text = text.rstrip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if not match or match.end() == position:
                raise GaqlError("BAD_SYMBOL", f"Error in query: unexpected input "
                                f"{text[position:position + 20].strip()!r}.")
            kind = match.lastgroup or ""
            self.items.append((kind, match.group(kind)))
            position = match.end()
        self.at = 0

    def peek(self) -> str:
        return self.items[self.at][1] if self.at < len(self.items) else ""

    def next(self, what: str) -> tuple[str, str]:
        if self.at >= len(self.items):
            raise GaqlError("UNEXPECTED_END_OF_QUERY", f"Error in query: expected {what}.")
        self.at += 1
        return self.items[self.at - 1]

    def keyword(self, *words: str) -> bool:
        if self.peek().upper() == words[0]:
            for word in words:
                if self.next(word)[1].upper() != word:
                    raise GaqlError("UNEXPECTED_INPUT", f"Error in query: expected {word}.")
            return True
        return False

    def field(self) -> str:
        kind, value = self.next("a field name")
        if kind != "word" or "." not in value:
            raise GaqlError("UNEXPECTED_INPUT", f"Error in query: unexpected input {value}.")
        return value

    def value(self) -> str:
        kind, value = self.next("a value")
        if kind not in ("str", "num", "word"):
            raise GaqlError("UNEXPECTED_INPUT", f"Error in query: unexpected input {value}.")
        return value.strip("'\"")


def parse(text: str) -> Gaql:
    """Parse and check a query; ``GaqlError`` names what is wrong."""
    tokens = _Tokens(text)
    if not tokens.keyword("SELECT"):
        raise GaqlError("EXPECTED_SELECT", "Error in query: expected SELECT.")
    query = Gaql([tokens.field()])
    while tokens.peek() == ",":
        tokens.next(",")
        query.fields.append(tokens.field())
    for name in query.fields:
        if name not in FIELDS:
            raise GaqlError("UNRECOGNIZED_FIELD", f"Unrecognized field in the query: '{name}'.")
    if not tokens.keyword("FROM"):
        raise GaqlError("EXPECTED_FROM", "Error in query: expected FROM.")
    resource = tokens.next("a resource")[1]
    if resource != "campaign":
        raise GaqlError("QUERY_ERROR", f"The sandbox serves only FROM campaign, not {resource}.")
    if tokens.keyword("WHERE"):
        _condition(tokens, query)
        while tokens.keyword("AND"):
            _condition(tokens, query)
    if tokens.keyword("ORDER", "BY"):
        _order(tokens, query)
        while tokens.peek() == ",":
            tokens.next(",")
            _order(tokens, query)
    if tokens.keyword("LIMIT"):
        kind, value = tokens.next("a limit")
        if kind != "num" or int(value) < 1:
            raise GaqlError("BAD_LIMIT_VALUE", f"Invalid LIMIT value: {value}.")
        query.limit = int(value)
    if tokens.peek():
        raise GaqlError("UNEXPECTED_INPUT", f"Error in query: unexpected input {tokens.peek()}.")
    if "segments.date" not in query.fields:
        raise GaqlError("QUERY_ERROR", "The sandbox serves only daily rows: select segments.date.")
    if query.since is None or query.until is None:
        raise GaqlError("EXPECTED_FILTERS_ON_DATE_RANGE", "Filtering conditions on date range "
                        "are required when segments.date is selected: use a finite range.")
    return query


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise GaqlError("INVALID_DATE_FORMAT", f"Invalid date: '{text}' (use 'YYYY-MM-DD').")\
            from None


def _condition(tokens: _Tokens, query: Gaql) -> None:
    name = tokens.field()
    op = tokens.next("an operator")[1].upper()
    if name == "segments.date":
        if op == "BETWEEN":
            start = _day(tokens.value())
            if not tokens.keyword("AND"):
                raise GaqlError("EXPECTED_AND", "Error in query: expected AND in BETWEEN.")
            _narrow(query, start, _day(tokens.value()))
        elif op in _COMPARE:
            day = _day(tokens.value())
            low = {"=": day, ">=": day, ">": date.fromordinal(day.toordinal() + 1)}.get(op)
            high = {"=": day, "<=": day, "<": date.fromordinal(day.toordinal() - 1)}.get(op)
            _narrow(query, low, high)
        else:
            raise GaqlError("QUERY_ERROR", f"The sandbox does not support {op} on segments.date; "
                            "use BETWEEN.")
        return
    if name not in _FILTERABLE:
        raise GaqlError("QUERY_ERROR", f"The sandbox cannot filter on {name}.")
    cast = _FILTERABLE[name]
    if op == "=":
        values = [tokens.value()]
    elif op == "IN":
        tokens.next("(")
        values = [tokens.value()]
        while tokens.next(") or ,")[1] == ",":
            values.append(tokens.value())
    else:
        raise GaqlError("BAD_OPERATOR", f"Invalid operator {op} for {name}.")
    try:
        query.filters.append((name, frozenset(cast(v) for v in values)))
    except ValueError:
        raise GaqlError("BAD_NUMBER", f"Invalid number in the condition on {name}.") from None


def _narrow(query: Gaql, low: date | None, high: date | None) -> None:
    if low is not None:
        query.since = max(low, query.since) if query.since else low
    if high is not None:
        query.until = min(high, query.until) if query.until else high


def _order(tokens: _Tokens, query: Gaql) -> None:
    name = tokens.field()
    if name not in FIELDS:
        raise GaqlError("UNRECOGNIZED_FIELD", f"Unrecognized field in the query: '{name}'.")
    descending = tokens.keyword("DESC")
    if not descending:
        tokens.keyword("ASC")
    query.order_by.append((name, descending))


def select_days(query: Gaql, customer_id: str) -> list[GoogleDay]:
    """The customer's days the query asks for, in its order (date, campaign by default)."""
    assert query.since is not None and query.until is not None
    days = [d for d in customer_days(customer_id, query.since, query.until)
            if all(FIELDS[name](d) in wanted for name, wanted in query.filters)]
    for name, descending in reversed(query.order_by):
        days.sort(key=FIELDS[name], reverse=descending)
    return days[:query.limit] if query.limit else days


def fill_row(row: Any, day: GoogleDay, fields: list[str]) -> Any:
    """Set the selected fields of a proto-plus ``GoogleAdsRow`` from one day."""
    for name in fields:
        resource, attribute = name.split(".", 1)
        setattr(getattr(row, resource), attribute, FIELDS[name](day))
    return row
