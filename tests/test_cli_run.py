"""`pulse run --channel NAME` through the installed command, over the sandboxes: a
channel alone lands that channel's rows only (and the snapshot follows); a misconfigured
channel is named before the run, fails alone, and the others still land.

The tests share one warehouse and run in order, each building on the last.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from dagster_stack import pulse_run

from connectors.sandbox import sample_google_ads as sg
from connectors.sandbox import sample_mailchimp as sm
from connectors.sandbox.google_ads import GrpcSandboxServer
from connectors.sandbox.server import SandboxServer
from pipelines.sandbox_env import sandbox_settings
from pipelines.settings import Settings
from pipelines.warehouse import RAW_TABLES

pytestmark = pytest.mark.slow

# The tables the channels (API and files) land in; the registry's are the models run's.
CHANNEL_TABLES = [t for t in RAW_TABLES if not t.startswith("registry_")]
WEEK = ("2022-05-09", "2022-05-15")
GOOGLE_WEEK_ROWS = sum(len(sg.customer_days(c, date(2022, 5, 9), date(2022, 5, 15)))
                       for c in (sg.CUSTOMER_ID, sg.FRANCE_CUSTOMER_ID))


@dataclass
class Pulse:
    """The `pulse` command with the sandbox's settings, and what it left behind."""

    env: dict[str, str]
    settings: Settings

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """`pulse run ARGS` as a user types it, with `env` over the sandbox's settings."""
        return pulse_run({**self.env, **env}, *args)

    def counts(self) -> dict[str, int]:
        """Rows per channel table that holds any."""
        with duckdb.connect(str(self.settings.warehouse), read_only=True) as conn:
            found = {t: conn.execute(f"select count(*) from raw.{t}").fetchone()
                     for t in CHANNEL_TABLES}
        return {t: row[0] for t, row in found.items() if row and row[0]}

    def query(self, sql: str, db: str = "warehouse") -> list[tuple[object, ...]]:
        path = self.settings.warehouse if db == "warehouse" else self.settings.analytics
        with duckdb.connect(str(path), read_only=True) as conn:
            return conn.execute(sql).fetchall()


def landed_lines(stdout: str) -> list[str]:
    return [line.strip() for line in stdout.splitlines() if line.endswith(" rows landed")]


@pytest.fixture(scope="module")
def pulse(module_env: Path, meta_sandbox: SandboxServer, google_ads_sandbox: GrpcSandboxServer,
          mailchimp_sandbox: SandboxServer) -> Iterator[Pulse]:
    for fake in (meta_sandbox, google_ads_sandbox, mailchimp_sandbox):
        fake.faults.clear()
    sandbox = sandbox_settings(meta_sandbox.url, google_ads_sandbox.url, mailchimp_sandbox.url)
    env = {**os.environ, **sandbox, "DAGSTER_HOME": str(module_env / "dagster_home")}
    yield Pulse(env, Settings.from_env(env))


def test_google_ads_alone_lands_its_rows_only(pulse: Pulse) -> None:
    out = pulse.run("--from", WEEK[0], "--to", WEEK[1], "--channel", "google_ads")
    assert out.returncode == 0, out.stderr[-3000:]
    assert landed_lines(out.stdout) == [
        f"raw/google_ads_campaign_daily: {GOOGLE_WEEK_ROWS} rows landed"]
    assert "succeeded; snapshot published" in out.stdout
    assert pulse.counts() == {"google_ads_campaign_daily": GOOGLE_WEEK_ROWS}
    assert pulse.query("select min(date), max(date), count(distinct customer_id) "
                       "from raw.google_ads_campaign_daily") == [
        (date(2022, 5, 9), date(2022, 5, 15), 2)]
    # The snapshot was built from them: Google Ads is the only channel it has figures of.
    assert pulse.query("select distinct channel from facts.fct_channel_daily",
                       db="analytics") == [("google_ads",)]


def test_mailchimp_alone_lands_its_rows_only(pulse: Pulse) -> None:
    google_before = pulse.query("select _run_id, count(*) from raw.google_ads_campaign_daily "
                                "group by 1")
    out = pulse.run("--from", "2022-05-03", "--to", "2022-05-03", "--channel", "mailchimp")
    assert out.returncode == 0, out.stderr[-3000:]
    assert landed_lines(out.stdout) == ["raw/mailchimp_campaign_reports: 1 rows landed"]
    assert pulse.counts() == {"google_ads_campaign_daily": GOOGLE_WEEK_ROWS,
                              "mailchimp_campaign_reports": 1}
    # The help line's mass mailing, the one sent that day; Google Ads was not touched.
    assert pulse.query("select campaign_id, send_date from raw.mailchimp_campaign_reports") == [
        (sm.HELPLINE_MAILING.id, date(2022, 5, 3))]
    assert pulse.query("select _run_id, count(*) from raw.google_ads_campaign_daily "
                       "group by 1") == google_before
    assert pulse.query("select distinct channel from facts.fct_channel_daily order by 1",
                       db="analytics") == [("google_ads",), ("mailchimp",)]


def test_a_misconfigured_channel_is_named_and_the_others_run(pulse: Pulse) -> None:
    google_before = pulse.query("select _run_id, count(*) from raw.google_ads_campaign_daily "
                                "group by 1")
    out = pulse.run("--from", WEEK[0], "--to", WEEK[1], GOOGLE_ADS_CUSTOMER_IDS="123-45")
    assert out.returncode == 1
    wrong = ("GOOGLE_ADS_CUSTOMER_IDS: '123-45' is not a Google Ads customer id (ten digits, "
             "such as 123-456-7890)")
    assert out.stderr.startswith(
        f"pulse: google_ads is misconfigured, so it will fail (other channels are not "
        f"affected): {wrong}\n")
    failed = [line for line in out.stderr.splitlines() if line.startswith("  FAILED")]
    assert failed == [
        f"  FAILED ingest 2022-05-09..2022-05-15 raw__google_ads_campaign_daily: the "
        f"google_ads channel's settings are wrong, so nothing was fetched: {wrong}. Correct "
        "them in the environment (or .env), then run the channel again; the other channels "
        "are not affected."]
    # Every other channel landed, and the models and the snapshot followed.
    landed = {line.split(":")[0] for line in landed_lines(out.stdout)
              if not line.endswith(": 0 rows landed")}
    assert landed == {"raw/meta_ads_insights", "raw/meta_ads_period_reach",
                      "raw/meta_page_insights", "raw/instagram_insights",
                      "raw/instagram_period_totals"}
    assert "failed; snapshot published" in out.stdout
    assert pulse.query("select _run_id, count(*) from raw.google_ads_campaign_daily "
                       "group by 1") == google_before
    assert pulse.query("select distinct channel from facts.fct_channel_daily where date "
                       "between '2022-05-09' and '2022-05-15' order by 1", db="analytics") == [
        ("facebook",), ("google_ads",), ("instagram",), ("meta_ads",)]
