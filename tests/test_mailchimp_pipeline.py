"""The Mailchimp channel through real Dagster, real dbt, real DuckDB and the SDK over
loopback: dated snapshots of a report as its opens grow, the latest read in the marts,
the field report's 36 % and 13 %, and the failures a user would meet.

The tests of this module run in order, as one story: the help line's mailing (sent
2022-05-03 13:30 UTC) read the next day and a week later (twice); then every mailing of
both sample campaigns read long after (2024-01-01), May's newsletter revised down the
day after; one models run; then re-runs and failures.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import dagster as dg
import pytest
from conftest import _OURS
from test_pipeline_e2e import Pipeline

from connectors.sandbox import sample_mailchimp as sample
from connectors.sandbox.mailchimp_api import MailchimpApp
from connectors.sandbox.server import SandboxServer
from connectors.windows import DateWindow
from pipelines.definitions import JOB_NAME
from pipelines.defs.channels import ingestion_selection, modelling_selection
from pipelines.defs.partitions import model_tags, range_tags
from pipelines.settings import Settings

pytestmark = pytest.mark.slow

KEY = "feed0000SECRET00mailchimp00e2e42-us1"
HELPLINE = sample.HELPLINE_MAILING
SEND_DAY = DateWindow(date(2022, 5, 3), date(2022, 5, 3))
# Both sample campaigns with their previous periods: 2022-03-22 .. 2023-05-14.
BOTH = DateWindow(date(2022, 3, 22), date(2023, 5, 14))
MAY_NEWSLETTER_DAY = DateWindow(date(2022, 5, 18), date(2022, 5, 18))
ASSET = dg.AssetKey(["raw", "mailchimp_campaign_reports"])


class MailchimpPipeline(Pipeline):
    """The spine's end-to-end pipeline (query, growth) running `pulse run --channel
    mailchimp`'s two runs apart: the ingestion alone, the fake's clock set for it."""

    def __init__(self, server: SandboxServer, app: MailchimpApp, mp: pytest.MonkeyPatch,
                 settings: Settings) -> None:
        super().__init__(settings)
        self.server, self.app, self.mp = server, app, mp
        self.graph = self.defs.resolve_asset_graph()

    def execute(self, selection: Iterable[dg.AssetKey],
                tags: dict[str, str]) -> dg.ExecuteInProcessResult:
        job = self.defs.resolve_job_def(JOB_NAME)
        return job.execute_in_process(instance=self.instance, tags=tags,
                                      asset_selection=list(selection), raise_on_error=False)

    def ingest(self, window: DateWindow, at: datetime | None = None) -> dg.ExecuteInProcessResult:
        """The ingestion run over `window`, the fake's clock at `at` (its default when None)."""
        self.app.set_now(at)
        return self.execute(ingestion_selection(["mailchimp"]).resolve(self.graph),
                            range_tags(window))

    def models(self, window: DateWindow) -> None:
        """The models run (registry, dbt, snapshot) after landings over `window`."""
        assert self.execute(modelling_selection().resolve(self.graph), model_tags(window)).success

    def snapshots(self, campaign: str = HELPLINE.id) -> list[tuple[Any, ...]]:
        return self.query("select read_date, unique_opens, _run_id from "
                          "raw.mailchimp_campaign_reports where campaign_id = ? order by read_at",
                          [campaign])


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailchimpPipeline]:
    tmp = tmp_path_factory.mktemp("mailchimp-e2e")
    app = MailchimpApp(api_key=KEY)
    with SandboxServer(app) as server, pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(_OURS):
                mp.delenv(name)
        mp.setenv("PULSE_DOTENV", str(tmp / "no.env"))
        mp.setenv("PULSE_WAREHOUSE", str(tmp / "warehouse.duckdb"))
        mp.setenv("PULSE_ANALYTICS", str(tmp / "analytics.duckdb"))
        mp.setenv("MAILCHIMP_API_KEY", KEY)
        mp.setenv("MAILCHIMP_API_URL", f"{server.url}/3.0")
        yield MailchimpPipeline(server, app, mp, Settings.from_env())


def test_each_read_day_adds_a_snapshot_and_the_same_day_replaces_it(
        pipeline: MailchimpPipeline) -> None:
    day_after = datetime(2022, 5, 4, 12, 0, tzinfo=UTC)
    week_after = datetime(2022, 5, 10, 12, 0, tzinfo=UTC)
    assert pipeline.ingest(SEND_DAY, day_after).success
    assert pipeline.ingest(SEND_DAY, week_after).success
    first = pipeline.snapshots()
    assert [(d, o) for d, o, _ in first] == [(date(2022, 5, 4), 454), (date(2022, 5, 10), 967)]
    # Read again the same day, later: that day's snapshot is replaced, not duplicated.
    evening = datetime(2022, 5, 10, 22, 0, tzinfo=UTC)
    result = pipeline.ingest(SEND_DAY, evening)
    assert result.success
    again = pipeline.snapshots()
    assert [(d, o) for d, o, _ in again] == [
        (date(2022, 5, 4), 454), (date(2022, 5, 10), sample.accrued(977, HELPLINE, evening))]
    assert again[0][2] == first[0][2] and again[1][2] == result.run_id != first[1][2]
    (mat,) = result.asset_materializations_for_node("raw__mailchimp_campaign_reports")
    assert (mat.metadata["rows_landed"].value, mat.metadata["rows_replaced"].value) == (1, 1)


def test_the_field_report_figures(pipeline: MailchimpPipeline) -> None:
    assert pipeline.ingest(BOTH).success  # read long after: the reports are final
    # Mailchimp may revise a report down (machine opens filtered out): a later read of
    # May's newsletter says fewer opens than the day before.
    pipeline.server.faults.add({"kind": "bad_field", "path": "reports.0.opens.unique_opens",
                                "value": 500})
    assert pipeline.ingest(MAY_NEWSLETTER_DAY, datetime(2024, 1, 2, 9, 0, tzinfo=UTC)).success
    pipeline.models(BOTH)
    g = pipeline.growth
    assert g("helpline-2022", "mailchimp", "emails_sent")[:2] == (2_697, 0)
    # Exact people (one mailing); no baseline for an exact count.
    assert g("helpline-2022", "mailchimp", "opens_unique") == (977, 0, None, "period_unique",
                                                               "count", None)
    assert g("helpline-2022", "mailchimp", "clicks_unique")[:2] == (129, 0)
    assert g("helpline-2022", "mailchimp", "opens_with_forwards")[:2] == (5_381, 0)
    assert g("helpline-2022", "mailchimp", "opens_total")[0] == 5_342
    assert g("helpline-2022", "mailchimp", "bounces")[0] == 15
    # 977 opened of 2 697 - 15 bounced = 36 %; 129 of the 977 openers clicked = 13 %.
    open_rate = g("helpline-2022", "mailchimp", "open_rate")
    assert open_rate[0] == pytest.approx(977 / 2_682 * 100) and round(open_rate[0]) == 36
    assert open_rate[3:] == ("ratio", "percent", None)
    cto = g("helpline-2022", "mailchimp", "click_to_open_rate")
    assert cto[0] == pytest.approx(129 / 977 * 100) and round(cto[0]) == 13
    # Only the mass mailing is the campaign's (campaign_ids), not May's newsletter.
    assert pipeline.query("select count(distinct campaign_id) from raw.mailchimp_campaign_reports"
                          " where send_date between '2022-04-25' and '2022-05-28'") == [(2,)]


def test_the_marts_use_the_latest_read_even_when_it_is_lower(pipeline: MailchimpPipeline) -> None:
    history = pipeline.query(
        "select read_date, opens_unique, round(days_after_send, 2), is_latest_read "
        "from staging.stg_mailchimp__report_snapshots where campaign_id = ? order by read_date",
        [HELPLINE.id], db="analytics")
    assert history == [(date(2022, 5, 4), 454, 0.94, False), (date(2022, 5, 10), 970, 7.35, False),
                       (date(2024, 1, 1), 977, 607.94, True)]
    newsletter = pipeline.query(
        "select read_date, opens_unique, is_latest_read from "
        "staging.stg_mailchimp__report_snapshots where send_date = '2022-05-18' "
        "order by read_date", db="analytics")
    (first, latest) = newsletter
    assert first[0] == date(2024, 1, 1) and first[1] > 500 and not first[2]
    assert latest == (date(2024, 1, 2), 500, True)
    fact = pipeline.query("select value from facts.fct_channel_daily where channel = 'mailchimp'"
                          " and date = '2022-05-18' and metric = 'opens_unique'", db="analytics")
    assert fact == [(500,)]


def test_growth_of_the_2023_campaign_against_its_quieter_previous_period(
        pipeline: MailchimpPipeline) -> None:
    ssm, april = sample.SSM_MAILING, sample.SSM_PREVIOUS_NEWSLETTER
    g = pipeline.growth
    sent = g("sante-mentale-2023", "mailchimp", "emails_sent")
    assert sent[:2] == (3_120, 2_980) and sent[2] == pytest.approx((3_120 - 2_980) / 2_980 * 100)
    opens = g("sante-mentale-2023", "mailchimp", "opens_unique")
    assert opens[:2] == (1_254, 760) and opens[3] == "period_unique"
    assert round(opens[2], 1) == 65.0
    rate = g("sante-mentale-2023", "mailchimp", "open_rate")
    assert rate[0] == pytest.approx(1_254 / 3_101 * 100) and rate[1] == pytest.approx(
        760 / 2_967 * 100)
    assert rate[2] == pytest.approx((1_254 / 3_101 - 760 / 2_967) / (760 / 2_967) * 100)
    cto = g("sante-mentale-2023", "mailchimp", "click_to_open_rate")
    assert cto[:2] == (pytest.approx(188 / 1_254 * 100), pytest.approx(61 / 760 * 100))
    # Campaign totals: a mailing's unique openers are summed as an upper bound.
    assert g("sante-mentale-2023", "all", "opens_unique")[:4] == (1_254, 760, pytest.approx(
        (1_254 - 760) / 760 * 100), "daily_unique_sum")
    assert (ssm.delivered, april.delivered) == (3_101, 2_967)


def test_industry_benchmarks_beside_each_mailing(pipeline: MailchimpPipeline) -> None:
    rows = pipeline.query(
        "select campaign_id, mailchimp_campaign_id, round(open_rate, 2), "
        "round(click_to_open_rate, 2), round(click_rate, 2), industry_type, "
        "industry_open_rate, industry_click_rate, benchmark_source, benchmark_read_date "
        "from marts.mailchimp_industry_benchmarks order by campaign_id", db="analytics")
    assert rows == [
        ("helpline-2022", HELPLINE.id, 36.43, 13.2, 4.81, "Non-Profit", 25.46, 2.79,
         "Mailchimp industry_stats", date(2024, 1, 1)),
        ("sante-mentale-2023", sample.SSM_MAILING.id, 40.44, 14.99, 6.06, "Non-Profit", 25.46,
         2.79, "Mailchimp industry_stats", date(2024, 1, 1)),
    ]


def test_running_the_same_days_again_changes_nothing(pipeline: MailchimpPipeline) -> None:
    count = "select count(*), count(distinct campaign_id) from raw.mailchimp_campaign_reports"
    before = pipeline.query(count)
    figures = ("select campaign_id, read_date, unique_opens, clicks_total "
               "from raw.mailchimp_campaign_reports order by all")
    values = pipeline.query(figures)
    assert pipeline.ingest(BOTH).success
    assert pipeline.query(count) == before
    assert pipeline.query(figures) == values
    # 15 mailings sent in those days (13 newsletters, 2 campaign mailings) read on
    # 2024-01-01, the two earlier read days of the help line's mailing, and May's
    # newsletter read again on 2024-01-02.
    assert before == [(15 + 2 + 1, 15)]


def test_a_bad_key_fails_the_channel_naming_the_setting(pipeline: MailchimpPipeline) -> None:
    before = pipeline.query("select count(*) from raw.mailchimp_campaign_reports")
    pipeline.mp.setenv("MAILCHIMP_API_KEY", "0000000000000000bad0key000000000-us1")
    try:
        result = pipeline.ingest(SEND_DAY)
    finally:
        pipeline.mp.setenv("MAILCHIMP_API_KEY", KEY)
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    data = failure.step_failure_data
    assert data is not None and data.user_failure_data is not None
    text = data.user_failure_data.description or ""
    assert "Mailchimp campaign reports: Mailchimp: the API key was refused (HTTP 401 " in text
    assert "Check MAILCHIMP_API_KEY" in text and "bad0key" not in text
    assert pipeline.query("select count(*) from raw.mailchimp_campaign_reports") == before


def test_a_broken_report_fails_the_run_and_the_others_land(pipeline: MailchimpPipeline) -> None:
    spring = DateWindow(date(2022, 3, 22), date(2022, 5, 28))
    pipeline.server.faults.add({"kind": "bad_field", "path": "reports.1.emails_sent",
                                "value": "2 697"})
    result = pipeline.ingest(spring, datetime(2024, 1, 3, 12, 0, tzinfo=UTC))
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    text = (failure.step_failure_data.user_failure_data.description  # type: ignore[union-attr]
            or "")
    assert "1 source(s) failed; the others landed (2 rows)" in text
    assert "report a1b2c3d4e5: field 'emails_sent' holds '2 697', which is not a number" in text
    landed = pipeline.query("select campaign_id from raw.mailchimp_campaign_reports "
                            "where read_date = '2024-01-03' order by send_date")
    assert len(landed) == 2 and (HELPLINE.id,) not in landed
    # The window is in the coverage ledger as incomplete: it covers no send day.
    assert pipeline.query("select window_start, window_end, rows_landed, complete "
                          "from raw.landed_windows where scope_value = '2024-01-03'") == [
        (spring.start, spring.end, 2, False)]


def test_an_unset_key_skips_the_channel_and_says_so(pipeline: MailchimpPipeline) -> None:
    pipeline.mp.delenv("MAILCHIMP_API_KEY")
    try:
        result = pipeline.ingest(SEND_DAY)
    finally:
        pipeline.mp.setenv("MAILCHIMP_API_KEY", KEY)
    assert result.success
    (mat,) = result.asset_materializations_for_node("raw__mailchimp_campaign_reports")
    assert mat.metadata["skipped"].value == "MAILCHIMP_API_KEY is unset"
    assert mat.asset_key == ASSET


def test_the_key_is_nowhere(pipeline: MailchimpPipeline) -> None:
    """Last: every table column and every event of every run of this module (failures
    included) is searched for the key."""
    for (column,) in pipeline.query(
            "select column_name from information_schema.columns where table_schema = 'raw' "
            "and table_name = 'mailchimp_campaign_reports' and data_type = 'VARCHAR'"):
        leaks = pipeline.query(f"select count(*) from raw.mailchimp_campaign_reports "
                               f"where {column} like ?", [f"%{KEY}%"])
        assert leaks == [(0,)], column
    runs = pipeline.instance.get_runs()
    assert len(runs) >= 10
    for run in runs:
        for entry in pipeline.instance.all_logs(run.run_id):
            assert KEY not in str(entry), entry
