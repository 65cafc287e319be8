from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pipelines.formatting import (
    NBSP,
    count,
    day,
    figure,
    money,
    number,
    percent,
    text_table,
    times,
)


def test_french_and_english_as_our_users_publish() -> None:
    assert number(137522) == f"137{NBSP}522"
    assert number(137522, "en") == "137,522"
    assert percent(734.68, signed=True) == f"+734,7{NBSP}%"
    assert percent(734.68, "en", signed=True) == "+734.7%"
    assert percent(-12.04, signed=True) == f"-12,0{NBSP}%"
    assert money(Decimal("0.456"), "CAD") == f"0,46{NBSP}$"
    assert money(412, "CAD", "en") == "$412"
    assert money(45000, "CAD") == f"45{NBSP}000{NBSP}$"
    assert money(5.5, "EUR", "en") == "5.50 EUR"
    assert money(0.0088, "CAD") == f"0,009{NBSP}$"  # under a dime: a third decimal
    assert figure(None, "count") == "–"
    assert figure(0.31, "percent") == f"0,31{NBSP}%"


def test_counts_keep_the_decimals_they_have() -> None:
    assert figure(137522.0, "count") == f"137{NBSP}522"  # whole counts stay whole
    assert figure(932.2, "count") == "932,2"  # call minutes
    assert figure(932.2, "count", "en") == "932.2"
    assert figure(2.5, "count") == "2,5"  # conversions
    assert figure(0.3125, "count") == "0,31"  # a monthly average, not "0"
    assert figure(2058.875, "count") == f"2{NBSP}058,88"
    assert count(0.0042) == "0,0042"  # two decimals would print 0
    assert count(5.999) == "6"


@given(st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False))
def test_a_count_is_never_further_than_its_last_digit(value: Decimal) -> None:
    shown = Decimal(count(value, "en").replace(",", ""))
    assert abs(shown - value) <= Decimal("0.005")
    assert (shown == 0) == (value == 0)  # never "0" for something
    if value == value.to_integral_value():
        assert "." not in count(value, "en")  # whole stays whole


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_grouping_round_trips(n: int) -> None:
    assert int(number(n).replace(NBSP, "")) == n
    assert int(number(n, "en").replace(",", "")) == n


def test_dates_as_our_users_write_them() -> None:
    assert day(date(2022, 4, 25)) == "25 avril 2022"
    assert day(date(2022, 5, 1)) == "1er mai 2022"
    assert day(date(2022, 4, 25), "en") == "April 25, 2022"
    assert day(date(2022, 2, 3), short=True) == "3 févr."
    assert day(date(2022, 2, 3), "en", short=True) == "Feb 3"


def test_multiples_and_terminal_tables() -> None:
    assert times(8.4) == f"8,4{NBSP}×"
    assert times(13.56, "en") == "13.6×"
    assert text_table(("a", "b"), [("x", "1"), ("yy", "22")], right=frozenset({1})) == (
        "a    b\n--  --\nx    1\nyy  22")
