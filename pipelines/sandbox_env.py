"""Starting the loopback sandbox for the demo and the UI, and pointing settings at it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

from pipelines.settings import PROJECT_ROOT

SANDBOX_TOKEN = "sandbox-token"  # noqa: S105 - the fake's own token, not a secret


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sandbox_settings(meta_url: str) -> dict[str, str]:
    """The settings that point every channel at the sandbox's sample objects."""
    return {
        "META_ACCESS_TOKEN": SANDBOX_TOKEN,
        "META_GRAPH_URL": meta_url,
        "META_AD_ACCOUNT_IDS": "1000000001",
        "META_PAGE_IDS": "2000000001",
        "META_INSTAGRAM_ACCOUNT_IDS": "3000000001",
    }


@contextlib.contextmanager
def running_sandbox(timeout: float = 30.0) -> Iterator[dict[str, str]]:
    """Run the sandbox in a child process; yields its settings; stops it by PID."""
    port = free_port()
    proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "connectors.sandbox", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        _wait_for_port(port, proc, timeout)
        yield sandbox_settings(f"http://127.0.0.1:{port}")
    finally:
        stop(proc)


def _wait_for_port(port: int, proc: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the sandbox exited at start (code {proc.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"the sandbox did not listen on 127.0.0.1:{port} within {timeout:.0f} s")


def stop(proc: subprocess.Popen[Any], grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after `grace` seconds (SIGINT may be ignored here)."""
    stop_all([proc], grace)


def stop_all(procs: Sequence[subprocess.Popen[Any]], grace: float = 10.0) -> None:
    """SIGTERM to every process at once, then SIGKILL to those still running after
    `grace` seconds: they shut down side by side, not one after the other."""
    for proc in procs:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
