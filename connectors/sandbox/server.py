"""A reusable loopback HTTP server for the sandbox fakes, with a shared fault plan.

A fake is a `FakeApp`: an object with a `name`, the `fault_kinds` it understands and a
`handle(request, server)` method.  `SandboxServer` serves one app on 127.0.0.1 and adds
the control endpoints every fake shares:

- `POST /_sandbox/faults` (a fault object, a list of them, or {"faults": [...]}),
  `GET /_sandbox/faults`, `DELETE /_sandbox/faults`;
- `GET /_sandbox/requests` (what the fake received, secrets masked), `DELETE` to clear;
- `GET /_sandbox/health`.

A fake may also have a `control(request)` method answering endpoints of its own under
/_sandbox/ (None for a path it does not know), and may set its own `Date` header.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

# Parameters never written to the request log as they are.
SECRET_PARAMS = frozenset({"access_token", "appsecret_proof", "apikey", "api_key", "key"})
MASK = "***"


@dataclass
class Request:
    """One HTTP request as a fake sees it."""

    method: str
    path: str  # without the query string
    query: dict[str, str]
    form: dict[str, str]  # form-encoded body fields (empty for other bodies)
    headers: Mapping[str, str]
    body: bytes
    base_url: str  # "http://host:port" as the client addressed us, for paging links

    @property
    def params(self) -> dict[str, str]:
        """Query and form fields together (the Graph API reads both)."""
        return {**self.query, **self.form}


@dataclass
class Response:
    """What a fake answers; `body` is sent as is."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=UTF-8"


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    """A JSON response with compact separators, like the real APIs send."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(status, body, dict(headers or {}))


def mask(params: Mapping[str, str]) -> dict[str, str]:
    """A copy of the parameters with secrets replaced by "***"."""
    return {k: (MASK if k in SECRET_PARAMS else v) for k, v in params.items()}


class FaultPlan:
    """Faults waiting to be served, consumed in the order they were added (thread-safe).

    A fault is a dict: {"kind": ..., "match": substring of the path (optional),
    "method": "GET"/"POST" (optional), "times": N (default 1), ...kind-specific fields}.
    """

    def __init__(self, kinds: frozenset[str]) -> None:
        self.kinds = kinds
        self._faults: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def validate(self, fault: Mapping[str, Any]) -> dict[str, Any]:
        """The fault as it would be stored; ValueError if it is malformed."""
        stored = dict(fault)
        if stored.get("kind") not in self.kinds:
            raise ValueError(f"unknown fault kind {stored.get('kind')!r}; "
                             f"known: {', '.join(sorted(self.kinds))}")
        stored["times"] = int(stored.get("times", 1))
        if stored["times"] < 1:
            raise ValueError("times must be >= 1")
        if not isinstance(stored.get("match", ""), str):
            raise ValueError("match must be a string")
        return stored

    def add(self, fault: Mapping[str, Any]) -> dict[str, Any]:
        """Validate and register a fault; returns the stored copy."""
        stored = self.validate(fault)
        with self._lock:
            self._faults.append(stored)
        return dict(stored)

    def clear(self) -> None:
        """Forget every pending fault."""
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[dict[str, Any]]:
        """The faults not yet used up."""
        with self._lock:
            return [dict(f) for f in self._faults]

    def take(self, method: str, path: str,
             accept: Callable[[dict[str, Any]], bool] = lambda f: True) -> dict[str, Any] | None:
        """Use one turn of the first fault matching this request, if any."""
        with self._lock:
            for fault in self._faults:
                if fault.get("match", "") not in path:
                    continue
                if fault.get("method", method).upper() != method or not accept(fault):
                    continue
                fault["times"] -= 1
                if fault["times"] == 0:
                    self._faults.remove(fault)
                return dict(fault)
        return None


class RequestLog:
    """Requests a fake received, secrets masked (thread-safe)."""

    def __init__(self) -> None:
        self._entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def record(self, request: Request) -> None:
        """Append one request."""
        entry = {"method": request.method, "path": request.path,
                 "query": mask(request.query), "form": mask(request.form)}
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        """Every request so far, oldest first."""
        with self._lock:
            return [dict(e) for e in self._entries]

    def clear(self) -> None:
        """Forget the log."""
        with self._lock:
            self._entries.clear()


class FakeApp(Protocol):
    """What a fake provides to `SandboxServer`."""

    name: str
    fault_kinds: frozenset[str]

    def handle(self, request: Request, server: SandboxServer) -> Response:
        """Answer one request (control endpoints never reach the app)."""
        ...


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines carry access tokens: never print them.
        return

    def _dispatch(self) -> None:
        sandbox = self.server.sandbox
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        form: dict[str, str] = {}
        if "application/x-www-form-urlencoded" in self.headers.get("Content-Type", ""):
            form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        host = self.headers.get("Host") or f"127.0.0.1:{sandbox.port}"
        request = Request(self.command, split.path, dict(parse_qsl(split.query, True)), form,
                          dict(self.headers.items()), body, f"http://{host}")
        if request.path.startswith("/_sandbox/"):
            response = sandbox.control(request)
        else:
            if sandbox.latency:
                time.sleep(sandbox.latency)
            sandbox.requests.record(request)
            try:
                response = sandbox.app.handle(request, sandbox)
            except Exception as exc:  # a bug in a fake must still answer, visibly
                response = json_response(500, {"sandbox_error": repr(exc)})
        self.send_response_only(response.status)
        self.send_header("Server", self.version_string())
        # A fake with a clock of its own sends its own Date (when its figures were read).
        if not any(key.lower() == "date" for key in response.headers):
            self.send_header("Date", self.date_time_string())
        if response.content_type:  # "" sends none, as a bare edge refusal does
            self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = _dispatch


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    sandbox: SandboxServer


class SandboxServer:
    """Serves one fake on 127.0.0.1 in a background thread; port 0 picks a free port."""

    def __init__(self, app: FakeApp, port: int = 0, host: str = "127.0.0.1",
                 latency: float = 0.0) -> None:
        self.app = app
        # Seconds every API request waits before it is answered (a distant server).
        self.latency = latency
        self.faults = FaultPlan(app.fault_kinds)
        self.requests = RequestLog()
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.sandbox = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port (the real one when 0 was asked)."""
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. "http://127.0.0.1:8710"."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> SandboxServer:
        """Start serving in a daemon thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever,
                                            name=f"sandbox-{self.app.name}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def control(self, request: Request) -> Response:
        """The /_sandbox/* endpoints shared by every fake."""
        route = (request.method, request.path.rstrip("/"))
        if route == ("GET", "/_sandbox/health"):
            return json_response(200, {"app": self.app.name, "ok": True})
        if route == ("GET", "/_sandbox/requests"):
            return json_response(200, {"requests": self.requests.entries()})
        if route == ("DELETE", "/_sandbox/requests"):
            self.requests.clear()
            return json_response(200, {"requests": []})
        if route == ("GET", "/_sandbox/faults"):
            return json_response(200, {"faults": self.faults.pending()})
        if route == ("DELETE", "/_sandbox/faults"):
            self.faults.clear()
            return json_response(200, {"faults": []})
        if route == ("POST", "/_sandbox/faults"):
            try:
                payload = json.loads(request.body or b"null")
                if isinstance(payload, dict) and "faults" in payload:
                    payload = payload["faults"]
                faults = payload if isinstance(payload, list) else [payload]
                if not all(isinstance(f, dict) for f in faults):
                    raise ValueError("a fault is a JSON object")
                for fault in faults:  # all or nothing: check every fault first
                    self.faults.validate(fault)
                added = [self.faults.add(f) for f in faults]
            except ValueError as exc:  # json.JSONDecodeError is a ValueError too
                return json_response(400, {"error": str(exc)})
            return json_response(201, {"added": added, "faults": self.faults.pending()})
        # A fake may add endpoints of its own (e.g. the Mailchimp fake's clock).
        extra = getattr(self.app, "control", None)
        if callable(extra) and (answer := extra(request)) is not None:
            return answer
        return json_response(404, {"error": f"no sandbox endpoint {route[0]} {route[1]}"})
