"""No secret anywhere a run leaves a trace (design, Settings).

Two `pulse run`s through the real command, Dagster (multiprocess, with its compute
logs), dbt and DuckDB over the session's fakes, with distinctive credentials for every
API channel: one where every channel lands, one where every source refuses them (Meta's
refusal carries the request it answered). Then every secret, in every form it travels
in, is searched for in the warehouse and the snapshot (every column of every table), the
Dagster instance (every event of every run, failures' messages and stack traces
included; runs' tags and config; the compute logs and the storage files themselves),
dbt's files for those runs, and what the command printed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

import dagster as dg
import duckdb
import pytest
from dagster_stack import pulse_run

from connectors.sandbox.google_ads import GrpcSandboxServer
from connectors.sandbox.server import SandboxServer
from pipelines.defs.dbt.assets import BUILDS_DIR
from pipelines.sandbox_env import sandbox_settings

pytestmark = pytest.mark.slow

SECRETS = {
    "META_ACCESS_TOKEN": "EAAt0ken0of0the0secrets0test",
    "META_APP_SECRET": "app0secret0of0the0secrets0test",
    "GOOGLE_ADS_DEVELOPER_TOKEN": "developer0token0of0the0secrets0test",
    "GOOGLE_ADS_REFRESH_TOKEN": "1//refresh0token0of0the0secrets0test",
    "GOOGLE_ADS_CLIENT_SECRET": "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0test",
    "MAILCHIMP_API_KEY": "5ec7e75ec7e75ec7e75ec7e75ec7e7ab-us1",
}
API_STEPS = {"raw__meta_ads_insights", "raw__meta_ads_period_reach", "raw__meta_page_insights",
             "raw__instagram_insights", "raw__instagram_period_totals",
             "raw__google_ads_campaign_daily", "raw__mailchimp_campaign_reports"}


def forms(secrets: dict[str, str]) -> dict[str, str]:
    """Each secret as it may travel (URL-encoded, in a proof, in basic credentials),
    named for the assertion messages."""
    found = {}
    for name, value in secrets.items():
        found.update({name: value, f"{name} url-encoded": quote(value, safe=""),
                      f"{name} form-encoded": quote_plus(value)})
    proof = hmac.new(secrets["META_APP_SECRET"].encode(),
                     secrets["META_ACCESS_TOKEN"].encode(), hashlib.sha256).hexdigest()
    found["appsecret_proof"] = proof
    # What the Mailchimp SDK sends: HTTP basic credentials ("user", key).
    basic = f"user:{secrets['MAILCHIMP_API_KEY']}".encode()
    found["Mailchimp basic credentials"] = base64.b64encode(basic).decode()
    return found


@dataclass
class Traces:
    """What the two runs left: the command's output, the settings they ran with."""

    outputs: dict[str, subprocess.CompletedProcess[str]]
    env: dict[str, str]

    @property
    def home(self) -> Path:
        return Path(self.env["DAGSTER_HOME"])

    def instance(self) -> dg.DagsterInstance:
        return dg.DagsterInstance.from_config(str(self.home))


def run_two_days(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`pulse run` over two May days, all channels, as a user types it."""
    return pulse_run(env, "--from", "2022-05-02", "--to", "2022-05-03")


@pytest.fixture(scope="module")
def traces(module_env: Path, meta_sandbox: SandboxServer, google_ads_sandbox: GrpcSandboxServer,
           mailchimp_sandbox: SandboxServer) -> Iterator[Traces]:
    meta, google, mailchimp = meta_sandbox.app, google_ads_sandbox.app, mailchimp_sandbox.app
    saved = (meta.token, google.developer_token, google.access_token, mailchimp.api_key)
    env = {**os.environ,
           **sandbox_settings(meta_sandbox.url, google_ads_sandbox.url, mailchimp_sandbox.url),
           **SECRETS, "GOOGLE_ADS_CLIENT_ID": "client-id.apps.googleusercontent.com",
           "DAGSTER_HOME": str(module_env / "dagster_home")}
    for fake in (meta_sandbox, google_ads_sandbox, mailchimp_sandbox):
        fake.faults.clear()
        fake.requests.clear()
    try:
        # The fakes accept exactly these credentials: the first run lands every channel.
        meta.token = SECRETS["META_ACCESS_TOKEN"]
        google.developer_token = SECRETS["GOOGLE_ADS_DEVELOPER_TOKEN"]
        google.access_token = SECRETS["GOOGLE_ADS_REFRESH_TOKEN"]
        mailchimp.api_key = SECRETS["MAILCHIMP_API_KEY"]
        landed = run_two_days(env)
        proofs = [e["query"].get("appsecret_proof") for e in meta_sandbox.requests.entries()]
        assert proofs and set(proofs) == {"***"}  # the app secret was in use
        # Then every source refuses them, as after a revoked token.
        meta.token, google.developer_token = "another-token", "another-developer-token"
        mailchimp.api_key = "0another0key000000000000000000ab-us1"
        refused = run_two_days(env)
    finally:
        meta.token, google.developer_token, google.access_token, mailchimp.api_key = saved
    yield Traces({"landed": landed, "refused": refused}, env)


def test_the_runs_landed_then_failed_on_every_api_channel(traces: Traces) -> None:
    landed, refused = traces.outputs["landed"], traces.outputs["refused"]
    assert landed.returncode == 0, landed.stderr[-3000:]
    for table in ("meta_ads_insights", "meta_page_insights", "instagram_insights",
                  "google_ads_campaign_daily", "mailchimp_campaign_reports"):
        assert f"raw/{table}: " in landed.stdout and f"raw/{table}: 0 rows" not in landed.stdout
    assert refused.returncode == 1
    failed = [line for line in refused.stderr.splitlines() if line.startswith("  FAILED ")]
    assert {line.split()[3].rstrip(":") for line in failed} == API_STEPS
    # Meta's refusal names the request it answered (its URL held the token and proof).
    page = next(line for line in failed if "raw__meta_page_insights" in line)
    assert "Meta: the token is invalid or expired" in refused.stderr, page
    assert "(request: GET /v" in refused.stderr and "/2000000001/insights?" in refused.stderr


def test_no_secret_in_any_table(traces: Traces) -> None:
    settings = {k: v for k, v in traces.env.items() if k.startswith("PULSE_")}
    for db in (settings["PULSE_WAREHOUSE"], settings["PULSE_ANALYTICS"]):
        with duckdb.connect(db, read_only=True) as conn:
            tables = conn.execute("select table_schema, table_name from "
                                  "information_schema.tables").fetchall()
            assert len(tables) > 10
            text = {f"{s}.{t}": str(conn.execute(f'select * from "{s}"."{t}"').fetchall())
                    for s, t in tables}
        assert "raw.meta_ads_insights" in text and "/insights" in text["raw.meta_ads_insights"]
        for name, secret in forms(SECRETS).items():
            assert not [t for t, rows in text.items() if secret in rows], (db, name)


def test_no_secret_in_any_event_run_or_tag(traces: Traces) -> None:
    instance = traces.instance()
    runs = instance.get_runs()
    assert len(runs) == 4  # two `pulse run`s: ingestion, then models, each
    events: list[str] = []
    failures: list[str] = []
    for run in runs:
        events.append(dg.serialize_value(run))  # tags, run config, status
        for entry in instance.all_logs(run.run_id):
            events.append(dg.serialize_value(entry))
            if entry.dagster_event_type == dg.DagsterEventType.STEP_FAILURE:
                failures.append(events[-1])
    assert len(failures) == len(API_STEPS)
    # The failures' stack traces and the refused request are in what is searched.
    assert all("Traceback" in e or '"stack"' in e for e in failures)
    assert any("(request: GET /v" in e for e in failures)
    for name, secret in forms(SECRETS).items():
        leaks = [e[:300] for e in events if secret in e]
        assert leaks == [], name


def files_below(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_no_secret_in_compute_logs_storage_dbt_files_or_the_terminal(traces: Traces) -> None:
    stored = files_below(traces.home)
    compute_logs = [p for p in stored if p.suffix in (".err", ".out")]
    # Each step's output is captured: Dagster's own lines, the failure's included.
    captured = "".join(p.read_text(errors="replace") for p in compute_logs)
    assert "STEP_FAILURE" in captured and "Meta: the token is invalid or expired" in captured
    models_runs = [r.run_id for r in traces.instance().get_runs()
                   if r.tags.get("pulse/stage") == "models"]
    dbt_files = [p for run_id in models_runs
                 for folder in BUILDS_DIR.glob(f"{run_id[:8]}-*") for p in files_below(folder)]
    assert dbt_files
    searched = {str(p): p.read_bytes() for p in [*stored, *dbt_files]}
    for which, output in traces.outputs.items():
        searched[f"pulse run ({which}) stdout"] = output.stdout.encode()
        searched[f"pulse run ({which}) stderr"] = output.stderr.encode()
    for name, secret in forms(SECRETS).items():
        assert [where for where, data in searched.items() if secret.encode() in data] == [], name
