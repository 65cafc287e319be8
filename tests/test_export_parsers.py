"""The number and date parsers of export files: examples as files write them, and
properties over any value (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from connectors.exports.dates import (
    DateError,
    anchor_from_name,
    latest_on_or_before,
    parse_date,
    parse_period,
    parse_timestamp,
)
from connectors.exports.numbers import (
    NumberError,
    guess_decimal_mark,
    parse_count,
    parse_number,
    whole,
)

NBSP, NNBSP = "\u00a0", "\u202f"
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


@pytest.mark.parametrize(("cell", "mark", "value", "percent"), [
    ("1 234,5", ",", 1234.5, False),
    (f"137{NBSP}522", ",", 137522, False),
    (f"137{NNBSP}522", ",", 137522, False),
    ("1,234.5", ".", 1234.5, False),
    ("18,400", ".", 18400, False),
    ("1,234", ",", 1.234, False),  # a French file: the comma is decimal
    ("1.234", ",", 1234, False),
    ("4,20 %", ",", 4.2, True),
    ("36 %", ".", 36, True),
    ("0.0419", ".", 0.0419, False),
    ("1.2K", ".", 1200, False),
    ("1,2 k", ",", 1200, False),
    ("3.4M", ".", 3_400_000, False),
    ("-5", ".", -5, False),
    ("−12", ".", -12, False),
    ("1.234.567,89", ",", 1234567.89, False),
    ("950,6", ",", 950.6, False),
    (42, ".", 42, False),
    (0.25, ".", 0.25, False),
])
def test_numbers_as_files_write_them(cell: object, mark: str, value: float,
                                     percent: bool) -> None:
    number = parse_number(cell, mark)
    assert number is not None
    assert number.value == pytest.approx(value)
    assert number.percent is percent


@pytest.mark.parametrize("cell", ["", "-", "undefined", "N/A", None, "  "])
def test_missing_values_are_not_errors(cell: object) -> None:
    assert parse_number(cell) is None


@pytest.mark.parametrize("cell", ["abc", "12,34,5", "1e5", "1.2.3,4,5", "4 x", True])
def test_what_is_not_a_number_says_so(cell: object) -> None:
    with pytest.raises(NumberError, match="is not a number"):
        parse_number(cell)


def test_a_count_must_be_whole() -> None:
    assert whole(parse_number("1.2K")) == 1200
    with pytest.raises(NumberError, match=r"12\.5 is not a whole count"):
        whole(parse_number("12.5"))


def test_a_count_column_reads_a_lone_separator_as_thousands() -> None:
    # A French spreadsheet's CSV (decimal comma) with English-grouped counts.
    assert parse_count("18,400", ",") == 18_400
    assert parse_count("1.234", ".") == 1_234
    assert parse_count("1,2K", ",") == 1_200
    assert parse_count("-1", ",") == -1
    # Where the mark cannot group thousands, a count with decimals is still refused.
    with pytest.raises(NumberError, match=r"4\.5 is not a whole count"):
        parse_count("4,5", ",")
    with pytest.raises(NumberError, match=r"1234\.5 is not a whole count"):
        parse_count("1,234.5", ".")


def test_a_count_too_large_to_store_is_refused_by_name() -> None:
    with pytest.raises(NumberError, match=r"'99999999999999999999' is too large for a count"):
        parse_count("99999999999999999999")
    assert parse_count("9 000 000 000 000 000 000") == 9 * 10**18
    with pytest.raises(NumberError, match="too large to be a figure"):
        parse_number("9" * 400)
    with pytest.raises(NumberError, match="is not a number"):
        parse_number(float("inf"))


def test_the_decimal_mark_is_guessed_from_the_whole_file() -> None:
    assert guess_decimal_mark(["1,234", "4,20", "12"]) == ","
    assert guess_decimal_mark(["1,234", "0.5", "12"]) == "."
    assert guess_decimal_mark([f"137{NBSP}522", "18"]) == ","
    assert guess_decimal_mark(["1,234", "18,400"]) == "."
    assert guess_decimal_mark(["1,234", "18,400"], delimiter=";") == ","
    assert guess_decimal_mark(["1,234,567.5"]) == "."


def _english(value: Decimal) -> str:
    return f"{value:,f}"


def _french(value: Decimal, space: str) -> str:
    return f"{value:,f}".replace(",", space).replace(".", ",")


@st.composite
def figures(draw: st.DrawFn) -> Decimal:
    """A non-negative figure with 0 to 4 decimals, as exact as the file writes it."""
    places = draw(st.integers(min_value=0, max_value=4))
    units = draw(st.integers(min_value=0, max_value=10**12))
    return Decimal(units).scaleb(-places)


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return -exponent


def _shows_french_mark(value: Decimal) -> bool:
    """The cell alone tells a French number: digits grouped by spaces, or a comma
    followed by other than three digits."""
    return value >= 1000 or _places(value) in (1, 2, 4)


def _shows_english_mark(value: Decimal) -> bool:
    """The cell alone tells an English number: both marks, or a point followed by
    other than three digits."""
    return _places(value) in (1, 2, 4) or (_places(value) > 0 and value >= 1000)


@given(st.lists(st.tuples(figures(), st.booleans()), min_size=1, max_size=6),
       st.sampled_from([" ", NBSP, NNBSP]))
@example([(Decimal("1.234"), False)], " ")  # one comma, three digits: 1,234 is 1.234
@example([(Decimal("1234.50"), True)], NBSP)
def test_any_french_column_in_a_semicolon_file_reads_back(
        column: list[tuple[Decimal, bool]], space: str) -> None:
    cells = [("-" if negative else "") + _french(value, space) for value, negative in column]
    mark = guess_decimal_mark(cells, ";")
    assert mark == ","
    for cell, (value, negative) in zip(cells, column, strict=True):
        number = parse_number(cell, mark)
        assert number is not None, cell
        assert number.value == pytest.approx(float(-value if negative else value)), cell


@given(st.lists(figures(), min_size=1, max_size=6), st.sampled_from([",", "\t", ";"]))
def test_a_french_cell_with_evidence_sets_the_mark_whatever_the_separator(
        column: list[Decimal], delimiter: str) -> None:
    assume(any(_shows_french_mark(v) for v in column))
    cells = [_french(v, NBSP) for v in column]
    assert guess_decimal_mark(cells, delimiter) == ","


@given(st.lists(figures(), min_size=1, max_size=6), st.sampled_from([",", "\t", ";"]))
@example([Decimal("1234")], ";")  # 1,234 alone: no evidence; a ';' file says comma
def test_any_english_column_reads_back_when_its_mark_shows(column: list[Decimal],
                                                           delimiter: str) -> None:
    cells = [_english(v) for v in column]
    mark = guess_decimal_mark(cells, delimiter)
    if delimiter == ";" and not any(_shows_english_mark(v) for v in column):
        # Without evidence a French spreadsheet's CSV is the likelier reading: the
        # ambiguous 1,234 is then 1.234, which is why counts are read apart.
        assert mark == ","
        return
    assert mark == "."
    for cell, value in zip(cells, column, strict=True):
        number = parse_number(cell, mark)
        assert number is not None and number.value == pytest.approx(float(value)), cell


@given(st.integers(min_value=1_000, max_value=999_999), st.sampled_from([",", "."]))
def test_the_ambiguous_single_group_follows_the_decimal_mark(value: int, sep: str) -> None:
    text = f"{value:,}".replace(",", sep)  # 1,234 or 1.234
    grouping = parse_number(text, "," if sep == "." else ".")
    decimal = parse_number(text, sep)
    assert grouping is not None and grouping.value == value
    assert decimal is not None and decimal.value == pytest.approx(value / 1000)


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([",", ".", " ", NBSP, ""]),
       st.sampled_from([",", "."]))
def test_any_count_reads_back_whatever_the_decimal_mark(value: int, sep: str,
                                                       mark: str) -> None:
    text = f"{value:,}".replace(",", sep)
    assert parse_count(text, mark) == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", " ", NBSP, ""]))
def test_any_count_with_any_thousands_separator_reads_back(value: int, sep: str) -> None:
    text = f"{value:,}".replace(",", sep)
    assert whole(parse_number(text, ".")) == value


@given(st.decimals(min_value=0, max_value=1000, places=2), st.sampled_from(["%", " %"]))
def test_any_percentage_keeps_its_value_and_sign(value: Decimal, suffix: str) -> None:
    number = parse_number(_french(value, " ") + suffix, ",")
    assert number is not None and number.percent
    assert number.value == pytest.approx(float(value))


@pytest.mark.parametrize(("cell", "day"), [
    ("2022-05-02", date(2022, 5, 2)),
    ("02/05/2022", date(2022, 5, 2)),  # day first, as in Quebec and France
    ("2/5/22", date(2022, 5, 2)),
    ("02.05.2022", date(2022, 5, 2)),
    ("2 mai 2022", date(2022, 5, 2)),
    ("1er mai 2022", date(2022, 5, 1)),
    ("lundi 2 mai 2022", date(2022, 5, 2)),
    ("Tue, Mar 10, 2026", date(2026, 3, 10)),
    ("mar. 10 mars 2026", date(2026, 3, 10)),
    ("May 2, 2022", date(2022, 5, 2)),
    ("2 August 2022", date(2022, 8, 2)),
    ("2022-05-03 14:05 +0000", date(2022, 5, 3)),
    (datetime(2022, 5, 3, 9, 30), date(2022, 5, 3)),
    (date(2022, 5, 3), date(2022, 5, 3)),
])
def test_dates_as_files_write_them(cell: object, day: date) -> None:
    assert parse_date(cell) == day


@pytest.mark.parametrize("cell", ["31/02/2022", "Total", "2022-13-01", "mai", ""])
def test_what_is_not_a_date_says_so(cell: str) -> None:
    with pytest.raises(DateError):
        parse_date(cell)


def test_a_date_without_a_year_needs_an_anchor() -> None:
    with pytest.raises(DateError, match="has no year"):
        parse_date("October 1")
    # A range across New Year: each day takes the latest year on or before the anchor.
    anchor = date(2022, 1, 20)
    assert parse_date("December 30", anchor) == date(2021, 12, 30)
    assert parse_date("January 2", anchor) == date(2022, 1, 2)
    assert parse_date("23 August", date(2022, 9, 1)) == date(2022, 8, 23)
    assert parse_date("23 août", date(2022, 9, 1)) == date(2022, 8, 23)
    assert parse_date("February 29", date(2023, 6, 1)) == date(2020, 2, 29)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
       st.integers(min_value=0, max_value=364))
def test_any_yearless_day_within_a_year_of_the_anchor_gets_its_year(day: date,
                                                                   back: int) -> None:
    anchor = day + timedelta(days=back)
    assert latest_on_or_before(day.month, day.day, anchor) == day
    assert parse_date(f"{EN_MONTHS[day.month - 1]} {day.day}", anchor) == day
    assert parse_date(f"{day.day} {FR_MONTHS[day.month - 1]}", anchor) == day


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)))
def test_any_date_in_any_everyday_form_reads_back(day: date) -> None:
    forms = [day.isoformat(), day.strftime("%d/%m/%Y"),
             f"{day.day} {FR_MONTHS[day.month - 1]} {day.year}",
             f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}",
             day.strftime("%a, %b ") + f"{day.day}, {day.year}"]
    assert {parse_date(form) for form in forms} == {day}


@pytest.mark.parametrize(("cell", "period"), [
    ("2022-05-02", (date(2022, 5, 2), date(2022, 5, 2))),
    ("2022-05-02..2022-05-08", (date(2022, 5, 2), date(2022, 5, 8))),
    ("02/05/2022 - 08/05/2022", (date(2022, 5, 2), date(2022, 5, 8))),
    ("du 2 au 8 mai 2022", (date(2022, 5, 2), date(2022, 5, 8))),
    ("28 décembre au 3 janvier 2023", (date(2022, 12, 28), date(2023, 1, 3))),
    ("May 2, 2022 to May 8, 2022", (date(2022, 5, 2), date(2022, 5, 8))),
    ("mai 2022", (date(2022, 5, 1), date(2022, 5, 31))),
    ("2022-02", (date(2022, 2, 1), date(2022, 2, 28))),
    ("09/2021", (date(2021, 9, 1), date(2021, 9, 30))),
])
def test_periods_of_the_generic_file(cell: str, period: tuple[date, date]) -> None:
    assert parse_period(cell) == period


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(DateError, match="ends before it starts"):
        parse_period("2022-05-08..2022-05-02")


def test_a_post_time_is_dated_in_the_organisation_timezone() -> None:
    stamp, day = parse_timestamp("2022-05-03 01:30 +0000", "America/Toronto")
    assert stamp is not None and stamp.isoformat() == "2022-05-03T01:30:00+00:00"
    assert day == date(2022, 5, 2)
    assert parse_timestamp("2022-05-03 01:30 +0000", "Europe/Paris")[1] == date(2022, 5, 3)
    assert parse_timestamp("Tue, Mar 10, 2026", "America/Toronto") == (None, date(2026, 3, 10))


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)))
def test_any_post_time_in_any_everyday_form_keeps_its_local_time(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    day, hour, minute = moment.date(), moment.hour, moment.minute
    twelve = f"{(hour % 12) or 12}:{minute:02d} {'PM' if hour >= 12 else 'AM'}"
    forms = [f"{day:%d/%m/%Y} {hour:02d}:{minute:02d}",
             f"{day.day} {FR_MONTHS[day.month - 1]} {day.year} {hour} h {minute:02d}",
             f"{day.day} {FR_MONTHS[day.month - 1]} {day.year} à {hour:02d}:{minute:02d}",
             f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year} {twelve}"]
    for form in forms:
        stamp, dated = parse_timestamp(form, "America/Toronto")
        assert stamp is not None, form
        assert (stamp.replace(tzinfo=None), dated) == (moment, day), form


@pytest.mark.parametrize("cell", ["02/05/2022 25:10", "2 mai 2022 18:75", "May 2, 2022 13:30 PM"])
def test_a_time_that_is_no_time_of_day_says_so(cell: str) -> None:
    with pytest.raises(DateError, match="time"):
        parse_timestamp(cell, "America/Toronto")


def test_the_export_range_comes_from_the_file_name() -> None:
    assert anchor_from_name("Overview_2021-12-15_2022-01-20.csv") == (
        date(2021, 12, 15), date(2022, 1, 20))
    assert anchor_from_name("tweet_activity_metrics_x_20220322_20220528_en.csv") == (
        date(2022, 3, 22), date(2022, 5, 28))
    assert anchor_from_name("Overview 2022-05-28.xlsx") == (None, date(2022, 5, 28))
    assert anchor_from_name("Overview_2021.csv") == (None, date(2021, 12, 31))
    assert anchor_from_name("Overview.csv") == (None, None)
