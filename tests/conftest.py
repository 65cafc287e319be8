"""Shared fixtures: an isolated environment per test and the loopback sandboxes (Meta's
Graph API over HTTP, Google Ads over gRPC)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from connectors.sandbox.google_ads import GoogleAdsApp, GrpcSandboxServer
from connectors.sandbox.mailchimp_api import MailchimpApp
from connectors.sandbox.meta_graph import MetaGraphApp
from connectors.sandbox.server import SandboxServer
from pipelines.sandbox_env import sandbox_settings
from pipelines.settings import Settings
from pipelines.sqlfiles import raw_ddl

# Variables a developer's shell or .env may carry: no test may see them.
_OURS = ("PULSE_", "META_", "GOOGLE_ADS_", "MAILCHIMP_", "DAGSTER_HOME")


class Sleeper:
    """Records every wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeper() -> Sleeper:
    """A sleep that waits for nothing and remembers how long it was asked to wait."""
    return Sleeper()


@pytest.fixture(scope="session")
def meta_sandbox() -> Iterator[SandboxServer]:
    """The fake Graph API on an ephemeral loopback port, for the whole session."""
    with SandboxServer(MetaGraphApp()) as server:
        yield server


@pytest.fixture(scope="session")
def google_ads_sandbox() -> Iterator[GrpcSandboxServer]:
    """The fake GoogleAdsService on an ephemeral loopback port, for the whole session."""
    with GrpcSandboxServer(GoogleAdsApp()) as server:
        yield server


@pytest.fixture(scope="session")
def mailchimp_sandbox() -> Iterator[SandboxServer]:
    """The fake Mailchimp Marketing API on an ephemeral loopback port, for the session."""
    with SandboxServer(MailchimpApp()) as server:
        yield server


def isolate(mp: pytest.MonkeyPatch, folder: Path) -> None:
    """No setting from outside; the warehouse, the snapshot and the inbox in `folder` (for module
    fixtures too, which cannot use the function-scoped `monkeypatch`)."""
    for name in list(os.environ):
        if name.startswith(_OURS):
            mp.delenv(name)
    mp.setenv("PULSE_DOTENV", str(folder / "no.env"))
    mp.setenv("PULSE_WAREHOUSE", str(folder / "warehouse.duckdb"))
    mp.setenv("PULSE_ANALYTICS", str(folder / "analytics.duckdb"))
    mp.setenv("PULSE_INBOX", str(folder / "inbox"))


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No setting from outside; the warehouse, snapshot and inbox in a temporary folder."""
    isolate(monkeypatch, tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def module_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`isolated_env` for a whole test module (one pipeline run shared by its tests)."""
    folder = tmp_path_factory.mktemp("env")
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate(monkeypatch, folder)
        yield folder


@pytest.fixture
def sandbox_env(isolated_env: Path, meta_sandbox: SandboxServer,
                google_ads_sandbox: GrpcSandboxServer, mailchimp_sandbox: SandboxServer,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings pointing every channel at the sandboxes; the faults a test plans are
    cleared before and after it (the sandboxes serve the whole session)."""
    fakes = (meta_sandbox, google_ads_sandbox, mailchimp_sandbox)
    for fake in fakes:
        fake.faults.clear()
    for name, value in sandbox_settings(meta_sandbox.url, google_ads_sandbox.url,
                                        mailchimp_sandbox.url).items():
        monkeypatch.setenv(name, value)
    yield Settings.from_env()
    for fake in fakes:
        fake.faults.clear()


@pytest.fixture
def raw_tables(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a new DuckDB file holding the empty raw tables."""
    with duckdb.connect(str(tmp_path / "raw_tables.duckdb")) as conn:
        for statement in raw_ddl():
            conn.execute(statement)
        yield conn


@pytest.fixture
def calls_settings(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Isolated settings whose registry has one campaign taking the `calls` file
    channel (`calls: account`), so the code location offers raw/files/calls."""
    registry = {"campaigns": [{"id": "c", "name": "C", "start": "2022-04-25",
                               "end": "2022-05-28", "channels": {"calls": "account"}}]}
    (isolated_env / "campaigns.yaml").write_text(yaml.safe_dump(registry))
    monkeypatch.setenv("PULSE_CAMPAIGNS", str(isolated_env / "campaigns.yaml"))
    return Settings.from_env()
