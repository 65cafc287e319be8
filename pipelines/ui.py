"""`make ui`: the Dagster webserver and daemon on 127.0.0.1, over the sandbox unless
real credentials (Meta or Mailchimp) are set. Stops everything it started on Ctrl-C or SIGTERM."""

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
from pipelines.sandbox_env import running_sandbox, stop
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
            for p in procs:
                stop(p)  # type: ignore[arg-type]
    return 0


@contextlib.contextmanager
def _sandbox_unless_real() -> Iterator[str]:
    settings = Settings.from_env()
    if settings.meta.enabled or settings.mailchimp.enabled:
        # Real credentials for one channel: never mix in the sandbox's (the others are
        # then skipped and say so).
        yield "using the credentials from the environment"
        return
    with running_sandbox() as env:
        os.environ.update(env)
        yield (f"no credentials set: using the sandbox (Meta at {env['META_GRAPH_URL']}, "
               f"Mailchimp at {env['MAILCHIMP_API_URL']})")


if __name__ == "__main__":
    raise SystemExit(main())
