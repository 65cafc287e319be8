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


@pytest.fixture(scope="session")
def meta_sandbox() -> Iterator[SandboxServer]:
    """The fake Graph API on an ephemeral loopback port, for the whole session."""
    with SandboxServer(MetaGraphApp()) as server:
        yield server


def _isolate(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    for name in list(os.environ):
        if name.startswith(_OURS):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PULSE_DOTENV", str(folder / "no.env"))
    monkeypatch.setenv("PULSE_WAREHOUSE", str(folder / "warehouse.duckdb"))
    monkeypatch.setenv("PULSE_ANALYTICS", str(folder / "analytics.duckdb"))
    monkeypatch.setenv("PULSE_INBOX", str(folder / "inbox"))


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No setting from outside; the warehouse, snapshot and inbox in a temporary folder."""
    _isolate(monkeypatch, tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def module_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`isolated_env` for a whole test module (one pipeline run shared by its tests)."""
    folder = tmp_path_factory.mktemp("env")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, folder)
        yield folder


@pytest.fixture
def sandbox_env(isolated_env: Path, meta_sandbox: SandboxServer,
                monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing every Meta channel at the sandbox."""
    meta_sandbox.faults.clear()
    for name, value in sandbox_settings(meta_sandbox.url).items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()
