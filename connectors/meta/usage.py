"""Meta's usage headers: how close we are to throttling, and when access comes back.

Each header is a JSON string of percentages of the limit. They come on successes and on
errors alike; a malformed header is ignored (it must never fail a read).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from connectors.meta.constants import USAGE_HEADERS

_PCT_KEYS = ("call_count", "total_time", "total_cputime", "acc_id_util_pct",
             "app_id_util_pct")


@dataclass(frozen=True)
class Usage:
    """The highest usage percentage seen and the longest announced wait, in seconds."""

    max_pct: float = 0.0
    regain_seconds: float | None = None


def read_usage(headers: Mapping[str, Any] | None) -> Usage:
    """Read every usage header of a response (success or error) into one ``Usage``."""
    if not headers:
        return Usage()
    max_pct = 0.0
    regain: float | None = None
    for name in USAGE_HEADERS:
        raw = _header(headers, name)
        if not raw:
            continue
        try:
            parsed = json.loads(raw)
        except (TypeError, ValueError):
            continue
        for entry in _entries(parsed):
            for key in _PCT_KEYS:
                max_pct = max(max_pct, _number(entry.get(key)))
            # estimated_time_to_regain_access is in minutes; 0 means "not throttled".
            minutes = _number(entry.get("estimated_time_to_regain_access"))
            if minutes > 0:
                regain = max(regain or 0.0, minutes * 60.0)
            # x-ad-account-usage: once the account is at its limit, reset_time_duration
            # (seconds) says when it is usable again.
            reset = _number(entry.get("reset_time_duration"))
            if reset > 0 and _number(entry.get("acc_id_util_pct")) >= 100:
                regain = max(regain or 0.0, reset)
    return Usage(max_pct=max_pct, regain_seconds=regain)


def _header(headers: Mapping[str, Any], name: str) -> Any:
    # requests gives a case-insensitive mapping, but a plain dict may come from elsewhere.
    value = headers.get(name)
    if value is None:
        lowered = {str(k).lower(): v for k, v in headers.items()}
        value = lowered.get(name)
    return value


def _entries(parsed: Any) -> Iterator[Mapping[str, Any]]:
    """The flat dicts of a header: x-app-usage is one dict, x-business-use-case-usage
    maps object ids to lists of dicts."""
    if isinstance(parsed, Mapping):
        if any(key in parsed for key in (*_PCT_KEYS, "estimated_time_to_regain_access")):
            yield parsed
            return
        for value in parsed.values():
            yield from _entries(value)
    elif isinstance(parsed, list):
        for item in parsed:
            yield from _entries(item)


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return 0.0
    return 0.0
