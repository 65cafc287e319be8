"""Command line of the sandbox: `python -m connectors.sandbox serve`.

`serve` starts every registered fake (meta, google_ads, mailchimp) on 127.0.0.1, prints one line
per fake ("meta sandbox on http://127.0.0.1:8710", "google_ads sandbox on
127.0.0.1:8711"), and runs until SIGTERM (or SIGINT when it is not ignored).  A new fake
registers itself in FAKES with its default port and gets its own `--NAME-port` option
(underscores written as dashes: `--google-ads-port`).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from connectors.sandbox import sample_mailchimp
from connectors.sandbox.google_ads import GoogleAdsApp, GrpcSandboxServer
from connectors.sandbox.mailchimp_api import MailchimpApp
from connectors.sandbox.meta_graph import MetaGraphApp
from connectors.sandbox.sample_data import TOKEN
from connectors.sandbox.server import SandboxServer


class ServedFake(Protocol):
    """A fake being served: HTTP (`SandboxServer`) or gRPC (`GrpcSandboxServer`)."""

    @property
    def url(self) -> str: ...

    def start(self) -> Any: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class FakeSpec:
    """A fake the `serve` command can start."""

    default_port: int
    build: Callable[[argparse.Namespace], Any]
    help: str
    # How the app is served on a port (and with what latency, in seconds): HTTP by
    # default, gRPC for Google Ads.
    server: Callable[[Any, int, str, float], ServedFake] = SandboxServer


FAKES: dict[str, FakeSpec] = {
    "meta": FakeSpec(8710, lambda args: MetaGraphApp(token=args.token),
                     "Meta Graph API (ads, Page and Instagram insights)"),
    "google_ads": FakeSpec(8711, lambda args: GoogleAdsApp(), "Google Ads API (gRPC SearchStream)",
                           server=GrpcSandboxServer),
    "mailchimp": FakeSpec(8712, lambda args: MailchimpApp(api_key=args.mailchimp_key),
                          "Mailchimp Marketing API (campaign reports)"),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (one --NAME-port option per registered fake)."""
    parser = argparse.ArgumentParser(prog="python -m connectors.sandbox")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the fakes in the foreground")
    serve.add_argument("--port", type=int, default=None,
                       help=f"port of the meta fake (default {FAKES['meta'].default_port}; "
                            "0 picks a free one)")
    for name, spec in FAKES.items():
        serve.add_argument(f"--{name.replace('_', '-')}-port", type=int, default=None,
                           help=f"port of the {spec.help} fake (default {spec.default_port})")
    serve.add_argument("--only", action="append", choices=sorted(FAKES),
                       help="start only this fake (repeatable; default: all)")
    serve.add_argument("--token", default=TOKEN, help="the access token the Meta fake accepts")
    serve.add_argument("--mailchimp-key", default=sample_mailchimp.API_KEY,
                       help="the API key the Mailchimp fake accepts")
    serve.add_argument("--latency-ms", type=float, default=0.0,
                       help="milliseconds every API request waits before its answer "
                            "(a distant server; default 0)")
    serve.add_argument("--pidfile", type=Path, default=None, help="write our PID here")
    return parser


def serve(args: argparse.Namespace) -> int:
    """Start the fakes, block until a stop signal, stop them cleanly."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    # Some launchers start us with SIGINT ignored: keep it that way if so.
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, on_signal)

    servers: list[ServedFake] = []
    try:
        for name in args.only or list(FAKES):
            spec = FAKES[name]
            port = getattr(args, f"{name}_port")
            if name == "meta" and port is None:
                port = args.port
            server = spec.server(spec.build(args),
                                 spec.default_port if port is None else port,
                                 "127.0.0.1", args.latency_ms / 1000)
            servers.append(server.start())
            print(f"{name} sandbox on {server.url}", flush=True)
        if args.pidfile:
            args.pidfile.write_text(f"{os.getpid()}\n")
        while not stop.wait(0.5):
            pass
    finally:
        for server in servers:
            server.stop()
        if args.pidfile and args.pidfile.exists():
            args.pidfile.unlink()
    print("sandbox stopped", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m connectors.sandbox`."""
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
