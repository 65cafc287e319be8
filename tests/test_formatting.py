from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pipelines.formatting import NBSP, figure, money, number, percent


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
