"""Inclusive date windows, the unit every connector reads and every landing replaces."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DateWindow:
    """An inclusive range of calendar days, ``start..end``."""

    start: date
    end: date

    def __post_init__(self) -> None:
        # datetime is a subclass of date: a datetime here would silently carry a time.
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, date) or hasattr(value, "hour"):
                raise TypeError(f"DateWindow.{name} must be a date, got {value!r}")
        if self.start > self.end:
            raise ValueError(f"DateWindow start {self.start} is after its end {self.end}")

    @classmethod
    def parse(cls, text: str) -> DateWindow:
        """Read ``"2022-04-25..2022-05-28"`` (the form ``str()`` gives)."""
        start, sep, end = text.partition("..")
        if not sep:
            raise ValueError(f"not a date window (expected START..END): {text!r}")
        return cls(date.fromisoformat(start.strip()), date.fromisoformat(end.strip()))

    @property
    def days(self) -> int:
        """Number of days in the window, both ends included."""
        return (self.end - self.start).days + 1

    def dates(self) -> Iterator[date]:
        """Every day of the window, in order."""
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def split(self, max_days: int) -> list[DateWindow]:
        """Consecutive windows of at most ``max_days`` days covering this one, in order."""
        if max_days < 1:
            raise ValueError(f"max_days must be at least 1, got {max_days}")
        chunks: list[DateWindow] = []
        chunk_start = self.start
        while chunk_start <= self.end:
            chunk_end = min(self.end, chunk_start + timedelta(days=max_days - 1))
            chunks.append(DateWindow(chunk_start, chunk_end))
            chunk_start = chunk_end + timedelta(days=1)
        return chunks

    def halves(self) -> tuple[DateWindow, DateWindow]:
        """The window cut in two (the first half gets the odd day); needs two days or more."""
        if self.days < 2:
            raise ValueError(f"a one-day window cannot be halved: {self}")
        first_end = self.start + timedelta(days=(self.days + 1) // 2 - 1)
        return DateWindow(self.start, first_end), DateWindow(
            first_end + timedelta(days=1), self.end
        )

    def previous(self) -> DateWindow:
        """The window of the same length that ends the day before this one starts."""
        return DateWindow(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"
