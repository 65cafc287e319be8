"""The Mailchimp sandbox: a fake Marketing API 3.0 (campaign reports) over loopback.

Serves `GET /3.0/reports` (count/offset paging, since_send_time, before_send_time,
type, fields/exclude_fields) and `GET /3.0/reports/{campaign_id}` for the mailings of
`sample_mailchimp`, as they stand at the fake's clock (its Date header says when).
Errors are application/problem+json; the key is checked from HTTP basic auth (any
user name); more than 10 simultaneous connections answer 429, as Mailchimp does.
Run it with `SandboxServer(MailchimpApp())` or `python -m connectors.sandbox serve`.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from connectors.sandbox import sample_mailchimp as sample
from connectors.sandbox.server import Request, Response, SandboxServer, json_response

PROBLEM_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/"
PROBLEM_JSON = "application/problem+json; charset=utf-8"
MAX_CONNECTIONS = 10
BAD_GATEWAY_PAGE = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


class Problem(Exception):
    """A problem+json answer."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(title)
        self.status, self.title, self.detail = status, title, detail


def problem_response(status: int, title: str, detail: str) -> Response:
    """A Mailchimp error document, with a fresh instance id."""
    response = json_response(status, {"type": PROBLEM_TYPE, "title": title, "status": status,
                                       "detail": detail, "instance": str(uuid.uuid4())})
    response.content_type = PROBLEM_JSON
    return response


class MailchimpApp:
    """The fake Marketing API (see the module docstring); `api_key` is the only valid key."""

    name = "mailchimp"
    fault_kinds = frozenset({"rate_limit", "throttle_403", "forbidden", "server_error",
                             "bad_gateway", "malformed_json", "slow", "bad_field"})

    def __init__(self, api_key: str = sample.API_KEY, now: datetime | None = None) -> None:
        self.api_key = api_key
        self._now = now
        self._lock = threading.Lock()
        self._in_flight = 0

    # -- the clock ----------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """The fake's current time (sample_mailchimp.DEFAULT_NOW unless moved)."""
        return self._now or sample.DEFAULT_NOW

    def set_now(self, moment: datetime | None) -> None:
        """Move the clock (None: back to the default). Reports are read as of it."""
        if moment is not None and moment.tzinfo is None:
            raise ValueError("the sandbox clock needs an aware time (with its offset)")
        self._now = moment

    def control(self, request: Request) -> Response | None:
        """`GET /_sandbox/clock`, and `POST /_sandbox/clock` {"now": ISO time or null}."""
        if request.path.rstrip("/") != "/_sandbox/clock":
            return None
        if request.method == "POST":
            try:
                payload = json.loads(request.body or b"{}")
                moment = payload.get("now") if isinstance(payload, dict) else None
                self.set_now(datetime.fromisoformat(moment) if moment else None)
            except (ValueError, TypeError) as exc:
                return json_response(400, {"error": f"expected {{\"now\": ISO time}}: {exc}"})
        return json_response(200, {"now": self.now.isoformat()})

    # -- entry point --------------------------------------------------------------
    def handle(self, request: Request, server: SandboxServer) -> Response:
        """Answer one API request: connection limit, key, fault plan, then the route."""
        with self._lock:
            self._in_flight += 1
            crowded = self._in_flight > MAX_CONNECTIONS
        try:
            if crowded:
                response = problem_response(
                    429, "Too Many Requests",
                    f"You have exceeded the limit of {MAX_CONNECTIONS} simultaneous connections.")
            else:
                response = self._answer(request, server)
        finally:
            with self._lock:
                self._in_flight -= 1
        response.headers["Date"] = format_datetime(self.now, usegmt=True)
        return response

    def _answer(self, request: Request, server: SandboxServer) -> Response:
        if (refused := self._check_key(request)) is not None:
            return refused
        fault = server.faults.take(request.method, request.path)
        kind = fault["kind"] if fault else None
        if fault and kind not in ("malformed_json", "slow", "bad_field"):
            return self._fault(fault)
        if fault and kind == "slow":
            time.sleep(float(fault.get("seconds", 2)))
        try:
            payload = self._route(request)
            if fault and kind == "bad_field":
                payload = replaced(payload, str(fault.get("path", "")), fault.get("value"))
        except Problem as p:
            return problem_response(p.status, p.title, p.detail)
        response = json_response(200, payload)
        if kind == "malformed_json":  # cut mid-document, as a dropped connection would
            response.body = response.body[: max(1, len(response.body) // 2)]
        return response

    def _check_key(self, request: Request) -> Response | None:
        header = request.headers.get("Authorization") or request.headers.get("authorization")
        if not header:
            return problem_response(401, "API Key Missing",
                                    "Your request did not include an API key.")
        scheme, _, encoded = header.partition(" ")
        try:
            _, _, key = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            key = ""
        if scheme.lower() != "basic" or key != self.api_key:
            return problem_response(401, "API Key Invalid", "Your API key may be invalid, or "
                                    "you've attempted to access the wrong datacenter.")
        return None

    @staticmethod
    def _fault(fault: dict[str, Any]) -> Response:
        kind = fault["kind"]
        if kind == "rate_limit":
            return problem_response(429, "Too Many Requests", fault.get(
                "detail", "You have exceeded the limit of 10 simultaneous connections."))
        if kind == "throttle_403":  # the edge's bare refusal: no body, no content type
            return Response(403, b"", content_type="")
        if kind == "forbidden":
            return problem_response(403, "Forbidden", fault.get(
                "detail", "You don't have permission to access this resource."))
        if kind == "bad_gateway":
            return Response(502, BAD_GATEWAY_PAGE, content_type="text/html")
        status = int(fault.get("status", 500))
        return problem_response(status, "Internal Server Error", fault.get(
            "detail", "An unexpected internal error has occurred. Please contact Support "
                      "for more information."))

    # -- routes -------------------------------------------------------------------
    def _route(self, request: Request) -> dict[str, Any]:
        parts = [p for p in request.path.split("/") if p]
        # Any prefix before /3.0 (a proxy's path) is accepted.
        if "3.0" not in parts or request.method != "GET":
            raise Problem(404, "Resource Not Found", "The requested resource could not be found.")
        rest = parts[parts.index("3.0") + 1:]
        if rest == ["reports"]:
            return select(self._list(request.query), request.query)
        if len(rest) == 2 and rest[0] == "reports":
            mailing = next((m for m in sample.mailings()
                            if m.id == rest[1] and m.send_time <= self.now), None)
            if mailing is None:
                raise Problem(404, "Resource Not Found",
                              "The requested resource could not be found.")
            return select(sample.report(mailing, self.now), request.query)
        raise Problem(404, "Resource Not Found", "The requested resource could not be found.")

    def _list(self, query: dict[str, str]) -> dict[str, Any]:
        count, offset = _int(query, "count", 10), _int(query, "offset", 0)
        if not 1 <= count <= 1000:
            raise Problem(400, "Invalid Resource", "count must be between 1 and 1000.")
        since, before = _time(query, "since_send_time"), _time(query, "before_send_time")
        chosen = [m for m in sample.mailings()
                  if m.send_time <= self.now
                  and (since is None or m.send_time >= since)
                  and (before is None or m.send_time < before)
                  and query.get("type", "regular") == "regular"]
        return {"reports": [sample.report(m, self.now) for m in chosen[offset: offset + count]],
                "total_items": len(chosen), "_links": []}


def _int(query: dict[str, str], name: str, default: int) -> int:
    try:
        return int(query.get(name, default))
    except ValueError:
        raise Problem(400, "Invalid Resource", f"{name} must be a whole number.") from None


def _time(query: dict[str, str], name: str) -> datetime | None:
    if not query.get(name):
        return None
    try:
        moment = datetime.fromisoformat(query[name])
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise Problem(400, "Invalid Resource",
                      f"The value for {name} must be an ISO 8601 time with its offset.")
    return moment


def replaced(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """The document with the value at a dotted path (list items by index) replaced:
    `reports.0.opens.unique_opens`. A path that is not there answers 500 (a test's typo)."""
    keys = path.split(".")
    node: Any = document
    try:
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(keys[-1])] = value
        else:
            node[keys[-1]] = value
    except (KeyError, IndexError, ValueError, TypeError):
        raise Problem(500, "Sandbox Fault", f"bad_field: no {path!r} in the answer") from None
    return document


def select(document: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
    """Apply `fields` (keep only these dotted paths) and `exclude_fields` (drop them)."""
    if query.get("fields"):
        document = _keep(document, _tree(query["fields"]))
    if query.get("exclude_fields"):
        document = _drop(document, _tree(query["exclude_fields"]))
    return document


def _tree(paths: str) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path in paths.split(","):
        node = tree
        for key in path.strip().split("."):
            node = node.setdefault(key, {})
    return tree


def _keep(value: Any, tree: dict[str, Any]) -> Any:
    if not tree:
        return value
    if isinstance(value, list):
        return [_keep(item, tree) for item in value]
    if isinstance(value, dict):
        return {k: _keep(v, tree[k]) for k, v in value.items() if k in tree}
    return value


def _drop(value: Any, tree: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [_drop(item, tree) for item in value]
    if isinstance(value, dict):
        return {k: (_drop(v, tree[k]) if tree.get(k) else v) for k, v in value.items()
                if k not in tree or tree[k]}
    return value
