"""Dates as export files write them, read once at the edge.

ISO (`2022-05-02`, with or without a time), day-first numbers (`02/05/2022`, as in
Quebec and France), month names in English or French with or without a weekday
(`Tue, Mar 10, 2026`, `2 mai 2022`, `1er mai 2022`), and TikTok's dates without a year
(`October 1`, `23 August`), which take the latest year that puts them on or before an
anchor: the end of the export's range (from the file name) or the file's date.
Generic channel files may also give a range (`2022-05-02..2022-05-08`, `du 2 au 8 mai
2022`) or a month (`2022-05`, `mai 2022`).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "fevrier": 2, "fevr": 2, "fev": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12,
}
# "mar" is March or mardi: it is a weekday only when another month name follows.
_WEEKDAYS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "lun", "mer", "jeu", "ven", "sam", "dim",
})
_FILLERS = frozenset({"le", "the", "of", "de", "du", "er", "st", "nd", "rd", "th"})
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_TIME = re.compile(r"\d{1,2}:\d{2}(:\d{2})?|\b[ap]\.?m\.?\b")
# A time of day after a date: 18:30, 18:30:05, 18 h 30, 18h, 6:30 PM, 6:30 p.m.
_CLOCK = re.compile(r"(?:^|\s)(?P<hour>\d{1,2})\s*(?::|h)\s*(?P<minute>\d{2})?"
                    r"(?::(?P<second>\d{2}))?\s*(?P<meridiem>[ap]\.?m\.?)?\s*$",
                    re.IGNORECASE)
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
                    r"\s*(Z|[+-]\d{2}:?\d{2})?")
_RANGE = re.compile(r"^\s*(?:du|from|between)?\s*(.+?)\s*"
                    r"(?:\.\.|→|\bau\b|\bto\b|\bà\b|\bthrough\b|\s[-–—]\s)\s*(.+?)\s*$",
                    re.IGNORECASE)
_MONTH_NUMERIC = re.compile(r"(\d{4})[-/](\d{1,2})|(\d{1,2})[-/](\d{4})")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_NAME_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")

FORMS = "2022-05-02, 02/05/2022 (day first) or 2 mai 2022"


class DateError(ValueError):
    """A cell that should hold a date does not; the message quotes it and the forms read."""


def parse_date(cell: object, anchor: date | None = None) -> date:
    """One day. A date without a year needs `anchor` (see `latest_on_or_before`)."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell or "").strip()
    if not text:
        raise DateError("the date is empty")
    found = _read(text, anchor)
    if found is None:
        raise DateError(f"{text!r} is not a date (write {FORMS})")
    return found


def parse_period(cell: object, anchor: date | None = None) -> tuple[date, date]:
    """A day, a range of days or a month, as (first day, last day)."""
    if isinstance(cell, date):
        day = parse_date(cell)
        return day, day
    text = str(cell or "").strip()
    month = _month_period(text)
    if month:
        return month
    match = _RANGE.match(text)
    if match and not _read(text, anchor):
        end = parse_date(match.group(2), anchor)
        start = _read(match.group(1), end) or _read(_borrow(match.group(1), match.group(2)), end)
        if start is None:
            raise DateError(f"{match.group(1)!r} (in {text!r}) is not a date (write {FORMS})")
        if start > end:
            raise DateError(f"the range {text!r} ends before it starts")
        return start, end
    day = parse_date(text, anchor)
    return day, day


def parse_timestamp(cell: object, timezone: str,
                    anchor: date | None = None) -> tuple[datetime | None, date]:
    """A post's time (`2022-05-03 14:05 +0000`) and its day in `timezone`; a bare date
    gives (None, that day). A time without an offset is already local."""
    zone = ZoneInfo(timezone)
    if isinstance(cell, datetime):
        stamp = cell if cell.tzinfo else cell.replace(tzinfo=zone)
        return stamp, stamp.astimezone(zone).date()
    text = str(cell or "").strip()
    match = _STAMP.fullmatch(text)
    if not match:
        return _local_stamp(text, zone, anchor)
    day, hour, minute, second, offset = match.groups()
    stamp = datetime.fromisoformat(f"{day}T{int(hour):02d}:{minute}:{second or '00'}")
    if offset:
        stamp = datetime.fromisoformat(f"{stamp.isoformat()}{_iso_offset(offset)}")
    else:
        stamp = stamp.replace(tzinfo=zone)
    return stamp, stamp.astimezone(zone).date()


def _local_stamp(text: str, zone: ZoneInfo,
                 anchor: date | None) -> tuple[datetime | None, date]:
    """A date in any form read by parse_date, with or without a local time after it
    (`02/05/2022 18:30`, `2 mai 2022 18 h 30`, `May 2, 2022 6:30 PM`)."""
    clock = _CLOCK.search(text)
    if clock is None:
        return None, parse_date(text, anchor)
    day = parse_date(text[:clock.start()].strip().rstrip(",à@").strip(), anchor)
    hour, minute = int(clock.group("hour")), int(clock.group("minute") or 0)
    second = int(clock.group("second") or 0)
    meridiem = (clock.group("meridiem") or "").replace(".", "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise DateError(f"{text!r}: {hour} is not an hour of a 12-hour time")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateError(f"{text!r} holds no valid time of day")
    stamp = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)
    return stamp, day


def latest_on_or_before(month: int, day: int, anchor: date) -> date:
    """The latest date with this month and day that is not after `anchor` (29 February
    goes back to the last leap year)."""
    for year in range(anchor.year, anchor.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= anchor:
            return candidate
    raise DateError(f"{month:02d}-{day:02d} is not a day of any year")


def anchor_from_name(name: str) -> tuple[date | None, date | None]:
    """The export's range from its file name: (first, last) day when it names two
    dates, (None, day) for one, (None, 31 December) for a bare year, else (None, None)."""
    found = []
    for y, m, d in _NAME_DATE.findall(name):
        try:
            found.append(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    if len(found) >= 2:
        return min(found), max(found)
    if found:
        return None, found[0]
    years = _NAME_YEAR.findall(name)
    if years:
        return None, date(int(max(years)), 12, 31)
    return None, None


def _read(text: str, anchor: date | None) -> date | None:
    iso = _ISO.fullmatch(text)
    if iso:
        return _safe(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    numeric = _DAY_FIRST.fullmatch(text)
    if numeric:
        day, month, year = (int(g) for g in numeric.groups())
        return _safe(year + 2000 if year < 100 else year, month, day)
    return _read_words(text, anchor)


def _read_words(text: str, anchor: date | None) -> date | None:
    tokens = _tokens(text)
    months = [t for t in tokens if t in MONTHS]
    if len(months) == 2 and tokens[0] == "mar":
        tokens, months = tokens[1:], months[1:]
    numbers = [int(t) for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    if len(months) != 1 or len(words) != 1 or not 1 <= len(numbers) <= 2:
        return None
    month = MONTHS[months[0]]
    days = [n for n in numbers if n <= 31]
    years = [n for n in numbers if n >= 1000]
    if len(numbers) == 2 and len(days) == 1 and len(years) == 1:
        return _safe(years[0], month, days[0])
    if len(numbers) == 1 and days:
        if anchor is None:
            raise DateError(f"{text!r} has no year, and neither the file's name nor its "
                            "date gives one: put the export's dates in the file name "
                            "(e.g. Overview_2022-03-22_2022-05-28.csv)")
        if _safe(2000, month, days[0]) is None:  # 2000 is a leap year
            return None
        return latest_on_or_before(month, days[0], anchor)
    return None


def _tokens(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = _TIME.sub(" ", plain)
    plain = re.sub(r"(\d+)(er|st|nd|rd|th)\b", r"\1", plain)
    words = re.findall(r"[a-z]+|\d+", plain)
    return [w for w in words if w not in _FILLERS and w not in _WEEKDAYS]


def _month_period(text: str) -> tuple[date, date] | None:
    numeric = _MONTH_NUMERIC.fullmatch(text)
    if numeric:
        year = int(numeric.group(1) or numeric.group(4))
        month = int(numeric.group(2) or numeric.group(3))
    else:
        tokens = _tokens(text)
        if len(tokens) != 2 or tokens[0] not in MONTHS or not tokens[1].isdigit():
            return None
        year, month = int(tokens[1]), MONTHS[tokens[0]]
    if not (1 <= month <= 12 and 1000 <= year <= 9999):
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _borrow(start: str, end: str) -> str:
    """`du 2 au 8 mai 2022`: the start takes the month and year the end names."""
    missing = [t for t in _tokens(end) if t in MONTHS or (t.isdigit() and len(t) == 4)]
    have = _tokens(start)
    if any(t in MONTHS for t in have):
        missing = [t for t in missing if t not in MONTHS]
    return " ".join([*have, *missing])


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _iso_offset(offset: str) -> str:
    if offset == "Z":
        return "+00:00"
    return offset if ":" in offset else f"{offset[:3]}:{offset[3:]}"


def days_between(start: date, end: date) -> list[date]:
    """Every day from start to end, both included."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
