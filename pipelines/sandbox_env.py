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

from connectors.sandbox import sample_google_ads as google_ads
from connectors.sandbox.sample_mailchimp import API_KEY as SANDBOX_MAILCHIMP_KEY
from pipelines.settings import PROJECT_ROOT

SANDBOX_TOKEN = "sandbox-token"  # noqa: S105 - the fake's own token, not a secret


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sandbox_settings(meta_url: str, google_ads_endpoint: str | None = None,
                     mailchimp_url: str | None = None) -> dict[str, str]:
    """The settings that point every channel at the sandbox's sample objects (Google Ads
    and Mailchimp only when their fake's address is given)."""
    settings = {
        "META_ACCESS_TOKEN": SANDBOX_TOKEN,
        "META_GRAPH_URL": meta_url,
        "META_AD_ACCOUNT_IDS": "1000000001",
        "META_PAGE_IDS": "2000000001",
        "META_INSTAGRAM_ACCOUNT_IDS": "3000000001",
    }
    if google_ads_endpoint:
        # A loopback endpoint: plaintext gRPC, the refresh token sent as the bearer token.
        settings.update({
            "GOOGLE_ADS_ENDPOINT": google_ads_endpoint,
            "GOOGLE_ADS_DEVELOPER_TOKEN": google_ads.DEVELOPER_TOKEN,
            "GOOGLE_ADS_REFRESH_TOKEN": google_ads.REFRESH_TOKEN,
            "GOOGLE_ADS_CUSTOMER_IDS": f"{google_ads.CUSTOMER_ID},{google_ads.FRANCE_CUSTOMER_ID}",
            "GOOGLE_ADS_LOGIN_CUSTOMER_ID": google_ads.MANAGER_ID,
        })
    if mailchimp_url is not None:
        settings["MAILCHIMP_API_KEY"] = SANDBOX_MAILCHIMP_KEY
        settings["MAILCHIMP_API_URL"] = mailchimp_url.rstrip("/") + "/3.0"
    return settings


@contextlib.contextmanager
def running_sandbox(timeout: float = 30.0, latency_ms: float = 0.0) -> Iterator[dict[str, str]]:
    """Run the sandbox (every fake) in a child process; yields its settings; stops it by
    PID. Every fake gets a free port: other checkouts on the machine may run theirs.
    `latency_ms` delays every API answer, as a distant server would."""
    ports: dict[str, int] = {}
    for name in ("meta", "google-ads", "mailchimp"):
        port = free_port()
        while port in ports.values():
            port = free_port()
        ports[name] = port
    args = [arg for name, port in ports.items() for arg in (f"--{name}-port", str(port))]
    args += ["--latency-ms", str(latency_ms)]
    proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "connectors.sandbox", "serve", *args],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        for port in ports.values():
            _wait_for_port(port, proc, timeout)
        yield sandbox_settings(f"http://127.0.0.1:{ports['meta']}",
                               f"127.0.0.1:{ports['google-ads']}",
                               f"http://127.0.0.1:{ports['mailchimp']}")
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
