"""`make ui`: the Dagster webserver and daemon on 127.0.0.1, over the sandbox for every
source whose real credentials are unset. Stops everything it started on Ctrl-C or
SIGTERM."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from pipelines.runner import prepare_dagster
from pipelines.sandbox_env import running_sandbox, stop_all
from pipelines.settings import PROJECT_ROOT, Settings

HOST = "127.0.0.1"  # the UI has no login: never on every interface


def main() -> int:
    port = os.environ.get("PULSE_UI_PORT", "3000")
    prepare_dagster()
    bin_dir = Path(sys.executable).parent
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    with _sandbox_unless_real() as note:
        print(note, flush=True)
        procs = [
            subprocess.Popen([str(bin_dir / "dagster-webserver"), "-h", HOST, "-p", port,  # noqa: S603
                              "-w", "workspace.yaml"], cwd=PROJECT_ROOT),
            subprocess.Popen([str(bin_dir / "dagster-daemon"), "run",  # noqa: S603
                              "-w", "workspace.yaml"], cwd=PROJECT_ROOT),
        ]
        print(f"Dagster UI on http://{HOST}:{port} (Ctrl-C stops it)", flush=True)
        try:
            while not stopping.wait(1.0):
                if any(p.poll() is not None for p in procs):
                    print("a Dagster process exited; stopping", file=sys.stderr)
                    break
        finally:
            stop_all(procs)
    return 0


# Each source's settings prefix, its name, and the sandbox setting that says where it is.
_SOURCES = (("META_", "Meta", "META_GRAPH_URL"),
            ("GOOGLE_ADS_", "Google Ads", "GOOGLE_ADS_ENDPOINT"),
            ("MAILCHIMP_", "Mailchimp", "MAILCHIMP_API_URL"))


@contextlib.contextmanager
def _sandbox_unless_real() -> Iterator[str]:
    """The sandbox's settings for every source whose real credentials are unset; a
    source with real credentials keeps them."""
    settings = Settings.from_env()
    real = {"META_": settings.meta.enabled, "GOOGLE_ADS_": settings.google_ads.enabled,
            "MAILCHIMP_": settings.mailchimp.enabled}
    if all(real.values()):
        yield "using the real credentials from the environment for every source"
        return
    with running_sandbox() as env:
        os.environ.update({k: v for k, v in env.items()
                           if not any(k.startswith(p) and on for p, on in real.items())})
        yield "; ".join(
            f"using the {name} credentials from the environment" if real[prefix]
            else f"no {name} credentials set: using the sandbox at {env[where]}"
            for prefix, name, where in _SOURCES)


if __name__ == "__main__":
    raise SystemExit(main())
