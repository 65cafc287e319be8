"""Shared fixtures: an isolated environment per test and the loopback Meta sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support import isolate

from connectors.sandbox.meta_graph import MetaGraphApp
from connectors.sandbox.server import SandboxServer
from pipelines.sandbox_env import sandbox_settings
from pipelines.settings import Settings


@pytest.fixture(scope="session")
def meta_sandbox() -> Iterator[SandboxServer]:
    """The fake Graph API on an ephemeral loopback port, for the whole session."""
    with SandboxServer(MetaGraphApp()) as server:
        yield server


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No setting from outside; the warehouse and snapshot in a temporary folder."""
    isolate(monkeypatch, tmp_path)
    return tmp_path


@pytest.fixture
def sandbox_env(isolated_env: Path, meta_sandbox: SandboxServer,
                monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing every Meta channel at the sandbox."""
    meta_sandbox.faults.clear()
    for name, value in sandbox_settings(meta_sandbox.url).items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()
