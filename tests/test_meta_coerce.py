"""The columnar reading of an ads page gives exactly what the row-by-row reading gives.

`ads_batch` types a regular page with Arrow casts and leaves anything unusual to
`ads_batch_by_row`, the reference; these properties feed both every shape of value
Meta sends or might send and compare the batches, or the errors, they produce.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.errors import BadResponseError
from connectors.meta.coerce import ADS_SCHEMA, ads_batch, ads_batch_by_row

COUNT_FIELDS = ("impressions", "reach", "clicks", "inline_link_clicks")

plain_counts = st.integers(min_value=0, max_value=10**12).map(str)
odd_counts = st.one_of(
    st.none(), st.just(""), st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=999).map(lambda n: f"{n}.0"),
    st.integers(min_value=0, max_value=999).map(lambda n: f"+{n}"),
    st.sampled_from(["12.5", "abc", " 7", "1e3", "-4"]),
)
plain_spend = st.decimals(min_value=0, max_value=10**6, places=2).map(str)
odd_spend = st.one_of(
    st.none(), st.just(""), st.sampled_from(["0.125", "3", "14.355", "1e2", "NaN", "x"]),
    st.floats(min_value=0, max_value=1000, allow_nan=False),
)
days = st.dates().map(lambda d: d.isoformat())
odd_days = st.one_of(st.none(), st.sampled_from(["", "2022-5-2", "20220502", "mai"]))


def actions(counts: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    entry = st.fixed_dictionaries(
        {"action_type": st.sampled_from(["post_engagement", "video_view", "link_click",
                                         "page_engagement"]), "value": counts},
        optional={"1d_click": plain_counts, "7d_click": plain_counts})
    return st.one_of(st.none(), st.lists(entry, max_size=5))


def rows(regular: bool) -> st.SearchStrategy[dict[str, Any]]:
    counts = plain_counts if regular else st.one_of(plain_counts, odd_counts)
    return st.fixed_dictionaries({
        "account_id": st.sampled_from(["1000000001", "act_1000000001", ""]) if not regular
        else st.just("1000000001"),
        "campaign_id": st.sampled_from(["120200000000000011", "7"]) if regular
        else st.sampled_from(["120200000000000011", "", None]),
        "campaign_name": st.one_of(st.none(), st.text(max_size=12)),
        "account_currency": st.sampled_from(["CAD", "EUR"]),
        "date_start": days if regular else st.one_of(days, odd_days),
        **{name: counts for name in COUNT_FIELDS},
        "spend": plain_spend if regular else st.one_of(plain_spend, odd_spend),
        "actions": actions(counts),
    })


def read(reader: Any, page: list[dict[str, Any]]) -> pa.RecordBatch | str:
    try:
        batch: pa.RecordBatch = reader(page, "GET act_1000000001/insights", "act_1000000001")
    except (BadResponseError, pa.ArrowInvalid, pa.ArrowTypeError) as error:
        return f"{type(error).__name__}: {error}"
    return batch


@settings(max_examples=300, deadline=None)
@given(st.lists(rows(regular=True), max_size=30))
def test_a_regular_page_reads_the_same_both_ways(page: list[dict[str, Any]]) -> None:
    columnar, by_row = read(ads_batch, page), read(ads_batch_by_row, page)
    assert isinstance(columnar, pa.RecordBatch)
    assert columnar.schema.equals(ADS_SCHEMA)
    assert columnar.to_pylist() == by_row.to_pylist()  # type: ignore[union-attr]


@settings(max_examples=500, deadline=None)
@given(st.lists(rows(regular=False), min_size=1, max_size=12))
def test_any_page_reads_the_same_both_ways(page: list[dict[str, Any]]) -> None:
    columnar, by_row = read(ads_batch, page), read(ads_batch_by_row, page)
    if isinstance(by_row, str):
        assert columnar == by_row
    else:
        assert isinstance(columnar, pa.RecordBatch)
        assert columnar.to_pylist() == by_row.to_pylist()


def test_meta_strings_become_typed_values() -> None:
    page = [{"account_id": "1000000001", "campaign_id": "11", "campaign_name": "LIGNE",
             "account_currency": "CAD", "date_start": "2022-05-02", "impressions": "185",
             "reach": "150", "clicks": "7", "inline_link_clicks": "5", "spend": "14.35",
             "actions": [{"action_type": "post_engagement", "value": "12"},
                         {"action_type": "link_click", "value": "5", "7d_click": "5"}]},
            {"account_id": "1000000001", "campaign_id": "12", "campaign_name": "LIGNE-IG",
             "account_currency": "CAD", "date_start": "2022-05-02", "impressions": "40",
             "reach": "40", "clicks": "0", "inline_link_clicks": "0", "spend": "0.50"}]
    batch = ads_batch(page, "GET act_1000000001/insights", "1000000001")
    first, second = batch.to_pylist()
    assert (first["impressions"], first["engagements"], first["video_views"]) == (185, 12, 0)
    assert str(first["spend"]) == "14.35"
    # No `actions` at all: nothing happened, so 0 and not unknown.
    assert (second["engagements"], second["video_views"]) == (0, 0)
    assert [r["_source_row"] for r in (first, second)] == [1, 2]
    assert first["_source"] == "GET act_1000000001/insights"


def test_a_wrong_value_is_named_whichever_way_it_is_read() -> None:
    page = [{"campaign_id": "11", "date_start": "2022-05-02", "impressions": "12 000"}]
    with pytest.raises(BadResponseError, match="impressions"):
        ads_batch(page, "GET act_1/insights", "1")
