"""A channel's settings in real Dagster runs over the sandboxes: a wrong one fails that
channel's assets alone, naming the setting, and the run is tagged not to be retried,
while the other channels land; META_APP_SECRET reaches Meta as appsecret_proof."""

from __future__ import annotations

from datetime import date
from typing import Any

import dagster as dg
import duckdb
import pytest
from dagster_stack import CHANNEL_TABLES

from connectors.sandbox.google_ads import GrpcSandboxServer
from connectors.sandbox.server import SandboxServer
from connectors.windows import DateWindow
from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.defs.channels import CHANNELS
from pipelines.defs.landing import NO_RUN_RETRY_TAG
from pipelines.runner import plan_runs
from pipelines.settings import Settings

pytestmark = pytest.mark.slow

# The help line's mass mailing went out on 3 May: every API channel has rows then.
DAYS = DateWindow(date(2022, 5, 2), date(2022, 5, 3))
ADVICE = ("Correct them in the environment (or .env), then run the channel again; the other "
          "channels are not affected.")


def ingest(channels: tuple[str, ...] = CHANNELS) -> tuple[dg.ExecuteInProcessResult,
                                                         dg.DagsterInstance]:
    """`pulse run`'s ingestion run over DAYS for `channels`, with the settings as they
    are in the environment now."""
    defs = build_definitions(Settings.from_env())
    planned, _models = plan_runs(defs, [DAYS], channels)
    instance = dg.DagsterInstance.ephemeral()
    result = defs.resolve_job_def(JOB_NAME).execute_in_process(
        instance=instance, tags=planned.tags, asset_selection=list(planned.selection),
        raise_on_error=False)
    return result, instance


def failures(result: dg.ExecuteInProcessResult) -> dict[str, str]:
    """Each failed step's message, as the UI and `pulse run` show it."""
    found = {}
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            user = event.step_failure_data.user_failure_data
            found[str(event.step_key)] = user.description if user else ""
    return found


def rows(settings: Settings) -> dict[str, int]:
    """Rows per channel's daily table (0 for a table nothing ever landed in)."""
    with duckdb.connect(str(settings.warehouse), read_only=True) as conn:
        present = {t for (t,) in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()}
        return {ch: conn.execute(f"select count(*) from raw.{t}").fetchone()[0]  # type: ignore[index]
                if t in present else 0 for ch, t in CHANNEL_TABLES.items()}


def retried(instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult) -> Any:
    run = instance.get_run_by_id(result.run_id)
    assert run is not None
    return run.tags.get(NO_RUN_RETRY_TAG)


def test_wrong_channel_settings_fail_their_channels_alone(
        sandbox_env: Settings, monkeypatch: pytest.MonkeyPatch,
        google_ads_sandbox: GrpcSandboxServer, meta_sandbox: SandboxServer) -> None:
    monkeypatch.setenv("GOOGLE_ADS_CUSTOMER_IDS", "123-45")
    monkeypatch.setenv("META_INSTAGRAM_LOOKBACK_DAYS", "three")
    google_ads_sandbox.requests.clear()
    meta_sandbox.requests.clear()
    result, instance = ingest()
    assert not result.success
    assert failures(result) == {
        "raw__google_ads_campaign_daily":
            "the google_ads channel's settings are wrong, so nothing was fetched: "
            "GOOGLE_ADS_CUSTOMER_IDS: '123-45' is not a Google Ads customer id (ten digits, "
            f"such as 123-456-7890). {ADVICE}",
        **dict.fromkeys(
            ("raw__instagram_insights", "raw__instagram_period_totals"),
            "the instagram channel's settings are wrong, so nothing was fetched: "
            f"META_INSTAGRAM_LOOKBACK_DAYS='three' must be a whole number of days. {ADVICE}"),
    }
    # Nothing was asked of Google Ads nor of the Instagram account; the others landed.
    assert google_ads_sandbox.requests.entries() == []
    assert not [e for e in meta_sandbox.requests.entries() if "3000000001" in e["path"]]
    landed = rows(sandbox_env)
    assert landed["google_ads"] == landed["instagram"] == 0
    assert landed["meta_ads"] > 0 and landed["facebook"] == 2 * 4 and landed["mailchimp"] == 1
    # Retrying cannot fix a setting: the run says so to Dagster's run retries.
    assert retried(instance, result) == "false"


def test_settings_the_connectors_refuse_fail_their_channels_alone(
        sandbox_env: Settings, monkeypatch: pytest.MonkeyPatch,
        mailchimp_sandbox: SandboxServer, meta_sandbox: SandboxServer) -> None:
    """What only the connector checks (the Graph API version, a Mailchimp key without its
    data center) fails the same way, before any request."""
    monkeypatch.setenv("META_API_VERSION", "23.0")
    monkeypatch.setenv("MAILCHIMP_API_KEY", "0123456789abcdef0123456789abcdef")
    monkeypatch.delenv("MAILCHIMP_API_URL")
    meta_sandbox.requests.clear()
    mailchimp_sandbox.requests.clear()
    result, instance = ingest()
    failed = failures(result)
    assert sorted(failed) == ["raw__instagram_insights", "raw__instagram_period_totals",
                              "raw__mailchimp_campaign_reports", "raw__meta_ads_insights",
                              "raw__meta_ads_period_reach", "raw__meta_page_insights"]
    assert failed["raw__meta_page_insights"] == (
        "the facebook channel's settings are wrong, so nothing was fetched: "
        f"META_API_VERSION='23.0' is not a Graph API version such as v23.0. {ADVICE}")
    mailchimp = failed["raw__mailchimp_campaign_reports"]
    assert mailchimp.startswith("the mailchimp channel's settings are wrong, so nothing was "
                                "fetched: Mailchimp: MAILCHIMP_API_KEY does not end with its "
                                "data center (such as -us6)")
    assert "0123456789abcdef" not in mailchimp
    assert meta_sandbox.requests.entries() == mailchimp_sandbox.requests.entries() == []
    assert rows(sandbox_env)["google_ads"] > 0
    assert retried(instance, result) == "false"


@pytest.mark.parametrize("app_secret", ["5ecret-of-the-meta-app", None])
def test_the_app_secret_reaches_meta_as_appsecret_proof(
        sandbox_env: Settings, monkeypatch: pytest.MonkeyPatch, meta_sandbox: SandboxServer,
        app_secret: str | None) -> None:
    if app_secret:
        monkeypatch.setenv("META_APP_SECRET", app_secret)
    meta_sandbox.requests.clear()
    result, instance = ingest(("facebook",))
    assert result.success and retried(instance, result) is None
    assert rows(sandbox_env)["facebook"] == 2 * 4
    sent = [e["query"].get("appsecret_proof") for e in meta_sandbox.requests.entries()]
    # The fake's log masks it (it is worth the token to whoever holds it).
    assert sent and sent == (["***"] * len(sent) if app_secret else [None] * len(sent))
    if app_secret:
        for entry in instance.all_logs(result.run_id):
            assert app_secret not in str(entry)
