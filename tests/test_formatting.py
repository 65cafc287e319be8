from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pipelines.formatting import NBSP, day, figure, money, number, percent, text_table, times


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
