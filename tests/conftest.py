"""Shared fixtures: an isolated environment per test and the loopback Meta sandbox."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.sandbox.meta_graph import MetaGraphApp
from connectors.sandbox.server import SandboxServer
from pipelines.sandbox_env import sandbox_settings
from pipelines.settings import Settings

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


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No setting from outside; the warehouse and snapshot in a temporary folder."""
    for name in list(os.environ):
        if name.startswith(_OURS):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PULSE_DOTENV", str(tmp_path / "no.env"))
    monkeypatch.setenv("PULSE_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("PULSE_ANALYTICS", str(tmp_path / "analytics.duckdb"))
    return tmp_path


@pytest.fixture
def sandbox_env(isolated_env: Path, meta_sandbox: SandboxServer,
                monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing every Meta channel at the sandbox."""
    meta_sandbox.faults.clear()
    for name, value in sandbox_settings(meta_sandbox.url).items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()
