"""Starting the loopback sandbox for the demo and the UI, and pointing settings at it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

from connectors.sandbox.sample_mailchimp import API_KEY as SANDBOX_MAILCHIMP_KEY
from pipelines.settings import PROJECT_ROOT

SANDBOX_TOKEN = "sandbox-token"  # noqa: S105 - the fake's own token, not a secret


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sandbox_settings(meta_url: str, mailchimp_url: str | None = None) -> dict[str, str]:
    """The settings that point every channel at the sandbox's sample objects (Mailchimp
    too when its fake's base URL is given)."""
    settings = {
        "META_ACCESS_TOKEN": SANDBOX_TOKEN,
        "META_GRAPH_URL": meta_url,
        "META_AD_ACCOUNT_IDS": "1000000001",
        "META_PAGE_IDS": "2000000001",
        "META_INSTAGRAM_ACCOUNT_IDS": "3000000001",
    }
    if mailchimp_url is not None:
        settings["MAILCHIMP_API_KEY"] = SANDBOX_MAILCHIMP_KEY
        settings["MAILCHIMP_API_URL"] = mailchimp_url.rstrip("/") + "/3.0"
    return settings


@contextlib.contextmanager
def running_sandbox(timeout: float = 30.0) -> Iterator[dict[str, str]]:
    """Run the sandbox in a child process; yields its settings; stops it by PID.

    Every fake gets a free port: other checkouts on the machine may run theirs."""
    ports = {"meta": free_port(), "mailchimp": free_port()}
    args = [arg for name, port in ports.items() for arg in (f"--{name}-port", str(port))]
    proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "connectors.sandbox", "serve", *args],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        for port in ports.values():
            _wait_for_port(port, proc, timeout)
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        yield sandbox_settings(urls["meta"], urls["mailchimp"])
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


def stop(proc: subprocess.Popen[str], grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after `grace` seconds (SIGINT may be ignored here)."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
