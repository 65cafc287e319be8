"""The real Dagster webserver and daemon on 127.0.0.1, for tests, and a GraphQL client.

Started in their own process groups with a temporary DAGSTER_HOME holding the
project's dagster.yaml; `stop()` ends every process they started (the webserver's and
the daemon's code servers, the runs they launched) by process group.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pipelines.runner import DAGSTER_ENVIRONMENT
from pipelines.settings import PROJECT_ROOT

T = TypeVar("T")
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dagster_home(path: Path) -> Path:
    """A DAGSTER_HOME with the project's dagster.yaml."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "dagster.yaml", path / "dagster.yaml")
    return path


def wait_for(what: str, probe: Callable[[], T | None], timeout: float,
             every: float = 1.0) -> T:
    """Call `probe` until it returns something other than None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = probe()
        if got is not None:
            return got
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class DagsterStack:
    """dagster-webserver and dagster-daemon over workspace.yaml, with `env`."""

    def __init__(self, env: Mapping[str, str], logs: Path) -> None:
        self.env = {**env, **DAGSTER_ENVIRONMENT}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logs = logs
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> DagsterStack:
        self.logs.mkdir(parents=True, exist_ok=True)
        for name, args in (
            ("webserver", [str(BIN / "dagster-webserver"), "-h", "127.0.0.1",
                           "-p", str(self.port), "-w", "workspace.yaml"]),
            ("daemon", [str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"]),
        ):
            with open(self.logs / f"{name}.log", "wb") as out:
                self.procs.append(subprocess.Popen(
                    args, cwd=PROJECT_ROOT, env=dict(self.env), stdout=out,
                    stderr=subprocess.STDOUT, start_new_session=True))
        wait_for("the webserver to load the code location", self._location_loaded, 180)
        return self

    def _location_loaded(self) -> bool | None:
        try:
            data = self.graphql("{ workspaceOrError { ... on Workspace { locationEntries {"
                                " name loadStatus } } } }")
        except OSError:
            return None
        entries = data["workspaceOrError"]["locationEntries"]
        return True if entries and entries[0]["loadStatus"] == "LOADED" else None

    def graphql(self, query: str, variables: Mapping[str, Any] | None = None) -> Any:
        body = json.dumps({"query": query, "variables": dict(variables or {})}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            payload = json.loads(answer.read())
        if payload.get("errors"):
            raise AssertionError(f"GraphQL errors: {payload['errors']}")
        return payload["data"]

    def stop(self, grace: float = 20.0) -> None:
        """SIGTERM to each process group, then SIGKILL to what is left."""
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(max(0.1, deadline - time.monotonic()))
            # The group: the code servers and the runs they launched too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
