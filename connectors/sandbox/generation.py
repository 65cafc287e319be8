"""Deterministic building blocks for the sandbox's sample data.

Everything here is a pure function of its arguments: seeded generators (string seeds,
which `random.Random` hashes with SHA-512, so results do not depend on PYTHONHASHSEED),
exact-total distribution, and the unique-audience model shared by Meta ads reach and
Instagram reach.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta

# Relative activity by weekday (Monday first): nonprofits post on weekdays, people
# scroll a little more on Sunday evening, Saturday is the quietest day.
WEEKLY_RHYTHM: tuple[float, ...] = (1.08, 1.12, 1.10, 1.04, 0.92, 0.78, 0.96)


def days(start: date, end: date) -> Iterator[date]:
    """Every day from start to end, both inclusive."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def rng(*key: object) -> random.Random:
    """A generator seeded by a readable key, identical on every run and machine."""
    return random.Random("|".join(str(part) for part in key))


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` whose sum is exactly `total`.

    The floors are handed out first, then the leftover units go to the largest
    fractional parts (ties broken by position so the result is deterministic).
    """
    if total < 0:
        raise ValueError("total must be >= 0")
    weight_sum = float(sum(weights))
    if not weights or weight_sum <= 0:
        raise ValueError("weights must have a positive sum")
    shares = [total * w / weight_sum for w in weights]
    floors = [math.floor(s) for s in shares]
    leftover = total - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: (floors[i] - shares[i], i))
    for i in order[:leftover]:
        floors[i] += 1
    return floors


def unique_fraction(probabilities: Sequence[float]) -> float:
    """Share of a pool reached at least once by independent daily draws."""
    miss = 1.0
    for q in probabilities:
        miss *= 1.0 - q
    return 1.0 - miss


def combine_uniques(uniques: Sequence[float], population: float) -> float:
    """Unique people over several audiences drawn independently from one population.

    Two campaigns of one account reach overlapping people: treating each audience as
    a random draw from `population` gives M * (1 - prod(1 - u/M)), which is at least
    the largest audience and at most their sum.
    """
    if len(uniques) == 1:
        return float(uniques[0])
    miss = 1.0
    for u in uniques:
        miss *= 1.0 - min(u, population) / population
    return population * (1.0 - miss)


def solve_increasing(func: Callable[[float], float], target: int, low: float,
                     high: float) -> float:
    """Find x in [low, high] with round(func(x)) == target, func increasing (bisection)."""
    for _ in range(200):
        mid = (low + high) / 2
        value = func(mid)
        if round(value) == target:
            return mid
        if value < target:
            low = mid
        else:
            high = mid
    raise ValueError(f"cannot reach {target} between {low} and {high}")


def pool_for_unique(daily: Sequence[int], target: int) -> float:
    """The audience pool P such that round(P * (1 - prod(1 - r_d / P))) == target.

    The result grows with P from max(daily) (everyone reached every day is the same
    people) towards sum(daily) (nobody is reached twice), so any target strictly in
    between has a solution.
    """
    biggest, total = max(daily), sum(daily)
    if not biggest <= target < total:
        raise ValueError(f"unique target {target} outside [{biggest}, {total})")

    def unique(pool: float) -> float:
        return pool * unique_fraction([r / pool for r in daily])

    # unique(P) is increasing in P; search on a log scale for a wide bracket.
    low, high = float(biggest), float(biggest)
    while unique(high) < target:
        high *= 2
    return solve_increasing(unique, target, low, high)


def noisy_weights(key: str, span: Sequence[date], shape: Callable[[int, date], float],
                  spread: float = 0.2) -> list[float]:
    """Seeded positive weights: weekly rhythm x shape(position, day) x (1 +/- spread)."""
    gen = rng(key, span[0].isoformat(), span[-1].isoformat())
    return [WEEKLY_RHYTHM[day.weekday()] * shape(i, day) * (1 + gen.uniform(-spread, spread))
            for i, day in enumerate(span)]


def _nth_sunday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    first_sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + timedelta(weeks=nth - 1)


def pacific_end_time(day: date) -> str:
    """Graph API end_time of a daily value: the end of `day` in Pacific time, in UTC.

    The day ends at midnight starting the next day; US daylight saving time (second
    Sunday of March to first Sunday of November, switching at 2 a.m.) puts that
    midnight at 07:00 UTC in summer and 08:00 UTC in winter.  Computed by rule so
    the sandbox needs no tz database.
    """
    midnight = day + timedelta(days=1)
    dst = _nth_sunday(midnight.year, 3, 2) < midnight <= _nth_sunday(midnight.year, 11, 1)
    hour = 7 if dst else 8
    stamp = datetime(midnight.year, midnight.month, midnight.day, hour, tzinfo=UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S+0000")
