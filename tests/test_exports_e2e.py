"""From a file dropped in the inbox to the growth mart: real sensor evaluations, real
Dagster materializations, real dbt, the published snapshot; then `pulse import`.

The sample campaigns' exports (connectors/sandbox/exports) are dropped in a temporary
inbox, with the repository's campaigns.yaml; Meta is off (no token), so every figure
below comes from the files. Expected values are worked out by hand from the sample
files' documented totals (connectors/sandbox/sample_exports.py).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.demo import drop_sample_exports
from pipelines.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.slow


class Inbox:
    """The inbox, the code location and a Dagster instance, driven like the daemon does."""

    def __init__(self, settings: Settings, instance: dg.DagsterInstance) -> None:
        self.settings, self.instance = settings, instance
        self.defs = build_definitions(settings)
        self.cursors: dict[str, str | None] = {}
        self.results: list[dg.ExecuteInProcessResult] = []

    def tick(self, name: str = "inbox_files") -> dg.SensorExecutionData:
        sensor = self.defs.resolve_sensor_def(name)
        context = dg.build_sensor_context(instance=self.instance,
                                          cursor=self.cursors.get(name), definitions=self.defs)
        data = sensor.evaluate_tick(context)
        self.cursors[name] = data.cursor
        return data

    def run(self, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
        job = self.defs.resolve_job_def(JOB_NAME)
        return job.execute_in_process(
            instance=self.instance, run_config=request.run_config, tags=request.tags,
            asset_selection=list(request.asset_selection or []), raise_on_error=False)

    def land_then_model(self) -> list[dg.ExecuteInProcessResult]:
        """Each inbox run the sensor asks for, then the models run the models sensor asks for."""
        results = [self.run(r) for r in self.tick().run_requests]
        (models,) = self.tick("models_after_landing").run_requests
        assert self.run(models).success
        return results

    def query(self, sql: str, params: list[object] | None = None,
              db: str = "analytics") -> list[tuple]:
        path = self.settings.analytics if db == "analytics" else self.settings.warehouse
        with duckdb.connect(str(path), read_only=True) as conn:
            return conn.execute(sql, params or []).fetchall()

    def growth(self, campaign: str, channel: str, metric: str) -> tuple:
        rows = self.query(
            "select current_value, previous_value, growth_pct, baseline_value, "
            "baseline_growth_pct, method from marts.campaign_growth "
            "where campaign_id = ? and channel = ? and metric = ?", [campaign, channel, metric])
        assert len(rows) == 1, (campaign, channel, metric, rows)
        return rows[0]


def materializations(results: list[dg.ExecuteInProcessResult]
                     ) -> list[dg.AssetMaterialization]:
    return [e.step_materialization_data.materialization for result in results
            for e in result.get_asset_materialization_events()]


def settle(paths: list[Path]) -> None:
    """Files copied a minute ago: no longer being written."""
    past = time.time() - 60
    for path in paths:
        os.utime(path, (past, past))


@pytest.fixture(scope="module")
def inbox(module_env: Path) -> Iterator[Inbox]:
    with pytest.MonkeyPatch.context() as mp, dg.instance_for_test() as instance:
        mp.setenv("PULSE_CAMPAIGNS", str(PROJECT_ROOT / "campaigns.yaml"))
        settings = Settings.from_env()
        # A channel the registry does not name: its folder makes it a channel.
        (settings.inbox / "print").mkdir(parents=True)
        box = Inbox(settings, instance)
        dropped = drop_sample_exports(settings.inbox)
        # Just copied: the sensor waits until they are no longer being written.
        first = box.tick()
        assert first.run_requests == []
        assert first.skip_message == "6 file(s) still being written"
        settle(dropped)
        box.results = box.land_then_model()
        yield box


def test_the_sensor_asks_one_run_per_channel_and_every_file_lands(inbox: Inbox) -> None:
    results = inbox.results
    assert [r.success for r in results] == [True, True, True]
    landed = {m.asset_key.to_user_string(): m.metadata
              for m in materializations(results)}
    assert set(landed) == {"raw/files/calls", "raw/tiktok_daily", "raw/tiktok_videos",
                           "raw/twitter_daily", "raw/twitter_posts"}
    # 2 metrics x 304 days of calls; 13 + 6 X posts; 68 days x 5 Overview metrics plus
    # 68 follower levels and 67 differences; 7 videos.
    assert landed["raw/files/calls"]["rows_landed"].value == 608
    assert landed["raw/twitter_posts"]["rows_landed"].value == 19
    assert landed["raw/tiktok_daily"]["rows_landed"].value == 340 + 68 + 67
    assert landed["raw/tiktok_videos"]["rows_landed"].value == 7
    assert landed["raw/twitter_posts"]["files_landed"].value == 2
    assert landed["raw/files/calls"]["rows_rejected"].value == 0


def test_help_line_calls_against_the_eight_months_before(inbox: Inbox) -> None:
    current, previous, growth, baseline, baseline_growth, method = inbox.growth(
        "helpline-2022", "calls", "calls")
    # 294 calls in 2022-04-25..05-28; 700 over 2021-08-25..2022-04-24: 700 / 8 = 87.5 a
    # month; (294 - 87.5) / 87.5 * 100 = 236.0. Before: 98 calls, (294 - 98) / 98 = +200 %.
    assert (current, previous, baseline, method) == (294, 98, 87.5, "sum")
    assert growth == pytest.approx(200.0)
    assert baseline_growth == pytest.approx(236.0)
    minutes = inbox.growth("helpline-2022", "calls", "call_minutes")
    assert minutes[0] == pytest.approx(932.2)
    # The field report's 300 calls and 950,6 minutes are 2022-04-25..05-31: 3,17 a call.
    (calls, mins), = inbox.query(
        "select sum(value) filter (where metric = 'calls'), "
        "sum(value) filter (where metric = 'call_minutes') from facts.fct_channel_daily "
        "where channel = 'calls' and date between '2022-04-25' and '2022-05-31'")
    assert (calls, round(mins, 1), round(mins / calls, 2)) == (300, 950.6, 3.17)


def test_x_growth_and_engagement_rate_recomputed(inbox: Inbox) -> None:
    current, previous, growth, baseline, *_ = inbox.growth(
        "helpline-2022", "twitter", "impressions")
    assert (current, previous) == (4_700, 2_986)
    assert round(growth, 1) == 57.4  # (4 700 - 2 986) / 2 986
    # The export covers 2022-03-22..05-28 (its name; its first post is on 03-24): the
    # previous window whole, but not the baseline from 2021-08-25, which stays unknown
    # rather than a month of posts divided by 8.
    assert baseline is None
    assert inbox.query("select days_landed, is_covered from marts.campaign_coverage "
                       "where campaign_id = 'helpline-2022' and channel = 'twitter' "
                       "order by period") == [(34, False), (34, True), (34, True)]
    rate = inbox.growth("helpline-2022", "twitter", "engagement_rate")
    # 197 / 4 700 and 15 / 2 986, from the sums, not an average of the posts' rates.
    assert rate[0] == pytest.approx(197 / 4_700 * 100) and rate[5] == "ratio"
    assert rate[1] == pytest.approx(15 / 2_986 * 100)
    assert inbox.growth("helpline-2022", "twitter", "posts")[:2] == (8, 5)
    ssm = inbox.growth("sante-mentale-2023", "twitter", "impressions")
    assert ssm[:2] == (2_340, 805)


def test_tiktok_growth_from_the_daily_exports(inbox: Inbox) -> None:
    views = inbox.growth("helpline-2022", "tiktok", "views")
    assert views[:2] == (1_594, 1_012)
    followers = inbox.growth("helpline-2022", "tiktok", "followers_gained")
    assert followers[:2] == (34, 25) and round(followers[2], 2) == 36.0
    likes = inbox.growth("helpline-2022", "tiktok", "likes")
    assert likes[:2] == (154, 49) and round(likes[2], 2) == 214.29
    visits = inbox.growth("helpline-2022", "tiktok", "profile_views")
    assert visits[:2] == (16, 15) and round(visits[2], 2) == 6.67
    assert inbox.growth("helpline-2022", "tiktok", "posts")[0] == 7


def test_every_row_keeps_its_file_and_line(inbox: Inbox) -> None:
    rows = inbox.query("select _source, _source_row, value from raw.file_channel_daily "
                       "where date = '2022-04-25' and metric = 'calls'", db="warehouse")
    ((source, line, value),) = rows
    assert source.endswith("inbox/calls/journal-appels_2021-08-01_2022-05-31.csv")
    # Line 1 is the header, then two lines a day from 2021-08-01: 267 days before.
    assert line == 2 + 2 * 267
    text = Path(source).read_text(encoding="cp1252").splitlines()[line - 1]
    assert text == f"25/04/2022;calls;calls;{value:.0f};Début de la campagne"


def test_a_file_dropped_again_and_a_bad_row_and_a_file_for_one_campaign(
        inbox: Inbox) -> None:
    before = inbox.query("select count(*) from raw.file_channel_daily", db="warehouse")
    assert inbox.tick().run_requests == []  # nothing new
    calls = inbox.settings.inbox / "calls"
    again = calls / "copie du journal.csv"
    again.write_bytes(next(calls.glob("journal-*.csv")).read_bytes())
    fixes = calls / "corrections.csv"
    fixes.write_text("date,metric,value\n2022-06-01,calls,3\n2022-06-02,calls,trois\n",
                     encoding="utf-8")
    # Print: a whole campaign's readers given as one range for one campaign, a count with
    # no campaign (the registry gives print to none), and a rate (never summed).
    (inbox.settings.inbox / "print" / "retombees.csv").write_text(
        "Date;Canal;Indicateur;Valeur;Campagne\n"
        "du 25 avril au 28 mai 2022;print;readers;2 490 000;helpline-2022\n"
        "02/05/2022;print;ads;6;\n"
        "02/05/2022;print;reply_rate;0,31 %;helpline-2022\n", encoding="cp1252")
    settle([again, fixes, inbox.settings.inbox / "print" / "retombees.csv"])
    results = inbox.land_then_model()
    assert all(r.success for r in results)
    files = {Path(f["file"]).name: f for m in materializations(results)
             for f in m.metadata["files"].value}  # type: ignore[union-attr]
    assert files["copie du journal.csv"]["status"] == "already landed"
    assert files["corrections.csv"]["rows_rejected"] == 1
    assert files["corrections.csv"]["rejections"] == [
        "line 3, column 'value': 'trois' is not a number"]
    # The copy added nothing; the corrections' good row did; the print file its 36 days.
    assert inbox.query("select channel, count(*) from raw.file_channel_daily group by 1 "
                       "order by 1", db="warehouse") == [("calls", before[0][0] + 1),
                                                         ("print", 34 + 1 + 1)]
    assert inbox.query("select line, column_name, reason from raw.export_rejected_rows",
                       db="warehouse") == [(3, "value", "'trois' is not a number")]
    readers = inbox.growth("helpline-2022", "print", "readers")
    # No print file covers the days before the campaign: unknown, not 0.
    assert readers[0] == pytest.approx(2_490_000) and readers[1] is None
    assert inbox.query("select count(*) from marts.campaign_growth where channel = 'print' "
                       "and metric in ('ads', 'reply_rate')") == [(0,)]


OVERVIEW = ("Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,"
            "Replies,Reposts,Profile visits,Create Post,Video views,Media views\n"
            '"Tue, May 2, 2023",900,10,30,0,0,2,0,1,1,2,0,50,60\n'
            '"Mon, May 1, 2023","1,000",40,120,3,2,7,1,5,6,9,1,300,410\n')


def test_pulse_import_lands_through_dagster_and_publishes(
        inbox: Inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from pipelines.cli import main

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    path = tmp_path / "account_overview_analytics.csv"
    path.write_text(OVERVIEW, encoding="utf-8")
    assert main(["import", str(path), "--channel", "twitter"]) == 0
    out = capsys.readouterr().out
    assert f"file {path} (x_account_overview): 26 rows landed, 0 rejected" in out
    assert "snapshot published" in out
    # The overview's days win over the posts' totals on those days: 1 May is the
    # account's 1 000 (not the post's 1 020), 2 May adds 900: 1 000 + 900 + 510 + 460
    # + 350 = 3 220; posts stay 4 (the overview's Create Post: 1 on 1 May, 0 on 2 May).
    assert inbox.growth("sante-mentale-2023", "twitter", "impressions")[0] == 3_220
    assert inbox.growth("sante-mentale-2023", "twitter", "posts")[0] == 4
    # The same file again: nothing lands, no models run.
    assert main(["import", str(path), "--channel", "twitter"]) == 0
    out = capsys.readouterr().out
    assert "already landed" in out and "nothing new landed" in out


def test_pulse_import_refuses_what_is_not_a_file_channel(
        inbox: Inbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipelines.cli import main

    path = tmp_path / "x.csv"
    path.write_text("date,metric,value\n2022-05-02,calls,1\n", encoding="utf-8")
    assert main(["import", str(path), "--channel", "all"]) == 2
    assert "names the campaign totals" in capsys.readouterr().err
    assert main(["import", str(path), "--channel", "facebook"]) == 2
    assert "is an API channel" in capsys.readouterr().err
