"""The Meta sandbox: a fake Graph API speaking the real wire format over loopback.

Serves ads insights (sync and async report runs), Page insights and Instagram insights
for the sample objects of `sample_data`, the usage headers of every answer, the real
API's permanent refusals (deprecated metrics, more than 90 days) and the faults of the
shared fault plan.  Run it with `SandboxServer(MetaGraphApp())` or
`python -m connectors.sandbox serve`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from connectors.sandbox import meta_ads, meta_organic
from connectors.sandbox import sample_data as data
from connectors.sandbox.meta_ads import GraphError, bad_param
from connectors.sandbox.server import Request, Response, SandboxServer, json_response

VERSION = re.compile(r"^v\d+\.\d+$")
RATE_LIMIT_MESSAGES = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    32: "(#32) Page request limit reached",
    613: "(#613) Calls to this api have exceeded the rate limit.",
}
BUSINESS_USE_CASE = {"act": "ads_insights", "page": "pages", "instagram": "instagram"}
OBJECTS: dict[str, dict[str, str]] = {
    f"act_{data.AD_ACCOUNT_ID}": {"id": f"act_{data.AD_ACCOUNT_ID}",
                                  "account_id": data.AD_ACCOUNT_ID,
                                  "name": meta_ads.ACCOUNT_NAME, "currency": data.CURRENCY,
                                  "timezone_name": "America/Toronto"},
    data.PAGE_ID: {"id": data.PAGE_ID, "name": "Ligne d'aide (sandbox)"},
    data.INSTAGRAM_ID: {"id": data.INSTAGRAM_ID, "username": "lignedaide.sandbox"},
}


@dataclass
class ReportRun:
    """An async insights job: completes on its third status poll (or fails)."""

    id: str
    account_id: str
    params: dict[str, str]
    query: meta_ads.AdsQuery
    fails: bool
    polls: int = 0

    def status(self) -> tuple[str, int]:
        """(async_status, async_percent_completion) after the polls seen so far."""
        if self.polls <= 1:
            return "Job Not Started", 0
        if self.polls == 2:
            return "Job Running", 50
        return ("Job Failed", 0) if self.fails else ("Job Completed", 100)


class MetaGraphApp:
    """The fake Graph API (see the module docstring); `token` is the only valid token."""

    name = "meta"
    fault_kinds = frozenset({"rate_limit", "server_error", "expired_token", "malformed_json",
                             "slow", "reduce_data", "invalid_metric", "async_failed", "busy"})

    def __init__(self, token: str = data.TOKEN) -> None:
        self.token = token
        self._lock = threading.Lock()
        self._calls = 0
        self.report_runs: dict[str, ReportRun] = {}

    # -- plumbing -------------------------------------------------------------------
    def _next_call(self) -> int:
        with self._lock:
            self._calls += 1
            return self._calls

    @staticmethod
    def _trace_id(call: int) -> str:
        digest = hashlib.sha256(f"sandbox-{call}".encode()).digest()
        return base64.b64encode(digest).decode()[:11].replace("+", "A").replace("/", "B")

    def _usage_headers(self, call: int, owner: tuple[str, str] | None,
                       throttled: int | None = None,
                       usage: float | None = None) -> dict[str, str]:
        # Low, call-dependent figures; 100 % with a regain time while rate-limited;
        # `usage` % on a normal answer when the account is busy (the "busy" fault).
        pct: float = 100 if throttled is not None else usage or 1 + call % 7
        headers = {
            "x-app-usage": json.dumps({"call_count": pct, "total_time": min(pct, 1 + call % 5),
                                       "total_cputime": min(pct, 1 + call % 3)}),
            "x-ad-account-usage": json.dumps({"acc_id_util_pct": float(pct),
                                              "reset_time_duration": 60 * (throttled or 0),
                                              "ads_api_access_tier": "standard_access"}),
            "x-fb-trace-id": self._trace_id(call),
        }
        kind, object_id = owner or ("act", data.AD_ACCOUNT_ID)
        headers["x-business-use-case-usage"] = json.dumps({object_id: [{
            "type": BUSINESS_USE_CASE[kind], "call_count": pct, "total_cputime": pct,
            "total_time": pct, "estimated_time_to_regain_access": throttled or 0,
            "ads_api_access_tier": "standard_access"}]})
        if kind == "act":
            headers["x-fb-ads-insights-throttle"] = json.dumps(
                {"app_id_util_pct": float(pct), "acc_id_util_pct": float(pct),
                 "ads_api_access_tier": "standard_access"})
        return headers

    def _error(self, call: int, owner: tuple[str, str] | None, err: GraphError,
               throttled: int | None = None) -> Response:
        body = {"message": err.message, "code": err.code, **err.extra,
                "fbtrace_id": self._trace_id(call)}
        body.setdefault("type", "OAuthException")
        return json_response(err.status, {"error": body},
                             self._usage_headers(call, owner, throttled))

    def _owner(self, object_id: str) -> tuple[str, str] | None:
        if object_id.startswith("act_"):
            return "act", object_id[4:]
        if object_id in self.report_runs:
            return "act", self.report_runs[object_id].account_id
        if object_id == data.PAGE_ID:
            return "page", object_id
        if object_id == data.INSTAGRAM_ID:
            return "instagram", object_id
        return None

    # -- entry point ----------------------------------------------------------------
    def handle(self, request: Request, server: SandboxServer) -> Response:
        """Answer one Graph API request, applying the fault plan first."""
        call = self._next_call()
        parts = [p for p in request.path.split("/") if p]
        owner = self._owner(parts[1]) if len(parts) > 1 else None
        token = request.params.get("access_token")
        if token != self.token:
            message = ("Invalid OAuth access token - Cannot parse access token" if token
                       else "An active access token must be used to query information "
                            "about the current user.")
            return self._error(call, owner, GraphError(400, 190, message))
        fault = server.faults.take(request.method, request.path,
                                   lambda f: self._applies(f, request, parts))
        kind = fault["kind"] if fault else None
        if fault and kind not in ("malformed_json", "slow", "async_failed", "busy"):
            err, throttled = self._fault_error(fault)
            return self._error(call, owner, err, throttled)
        if kind == "slow":
            time.sleep(float(fault["seconds"] if fault and "seconds" in fault else 2))
        try:
            status, payload = self._route(request, parts, fails=kind == "async_failed")
        except GraphError as err:
            return self._error(call, owner, err)
        usage = float(fault.get("pct", 95)) if fault and kind == "busy" else None
        response = json_response(status, payload, self._usage_headers(call, owner,
                                                                      usage=usage))
        if kind == "malformed_json":  # cut mid-document, as a dropped connection would
            response.body = response.body[: max(1, len(response.body) // 2)]
        return response

    @staticmethod
    def _applies(fault: dict[str, Any], request: Request, parts: list[str]) -> bool:
        if fault["kind"] == "invalid_metric":
            return (parts[-1:] == ["insights"]
                    and fault.get("metric") in meta_organic.requested_metrics(request.params))
        if fault["kind"] == "async_failed":
            return request.method == "POST" and parts[-1:] == ["insights"]
        return True

    @staticmethod
    def _fault_error(fault: dict[str, Any]) -> tuple[GraphError, int | None]:
        kind = fault["kind"]
        if kind == "rate_limit":
            code = int(fault.get("code", 17))
            message = RATE_LIMIT_MESSAGES.get(code, f"(#{code}) There have been too many calls. "
                                              "Wait a bit and try again.")
            err = GraphError(int(fault.get("status", 400)), code, message, is_transient=True,
                             error_subcode=2446079)
            return err, int(fault.get("regain_minutes", 0))
        if kind == "server_error":
            return GraphError(500, 2, "An unknown error occurred", is_transient=True,
                              error_subcode=99), None
        if kind == "expired_token":
            return GraphError(400, 190, "Error validating access token: Session has expired on "
                              "Friday, 01-Apr-22 10:00:00 PDT. The current time is Saturday, "
                              "02-Apr-22 10:00:00 PDT.", error_subcode=463), None
        if kind == "reduce_data":
            return GraphError(500, 1, "Please reduce the amount of data you're asking for, "
                              "then retry your request"), None
        return GraphError(400, 100, meta_organic.INVALID_METRIC), None

    # -- routes ---------------------------------------------------------------------
    def _route(self, request: Request, parts: list[str], fails: bool) -> tuple[int, Any]:
        if not parts or not VERSION.match(parts[0]):
            raise GraphError(400, 2500, f"Unknown path components: {request.path}")
        node, edge = parts[1] if len(parts) > 1 else "", parts[2:]
        if edge not in ([], ["insights"]) or (node not in OBJECTS
                                              and node not in self.report_runs):
            raise GraphError(400, 100, f"Unsupported {request.method.lower()} request. Object "
                             f"with ID '{node}' does not exist, cannot be loaded due to "
                             "missing permissions, or does not support this operation.",
                             error_subcode=33)
        if node in self.report_runs:
            run = self.report_runs[node]
            return 200, (self._report_rows(request, run) if edge else self._poll(run))
        if not edge:
            wanted = request.params.get("fields", "")
            obj = OBJECTS[node]
            return 200, {k: v for k, v in obj.items() if k == "id" or not wanted
                         or k in wanted.split(",")}
        if node.startswith("act_"):
            query = meta_ads.parse_query(request.params)
            if request.method == "POST":
                return 200, {"report_run_id": self._new_run(node[4:], request, query, fails)}
            rows = meta_ads.run_query(node[4:], query)
            return 200, self._page(request, rows, request.params)
        kind = "page" if node == data.PAGE_ID else "instagram"
        return 200, meta_organic.insights(request, node, kind)

    def _new_run(self, account_id: str, request: Request, query: meta_ads.AdsQuery,
                 fails: bool) -> str:
        with self._lock:
            run_id = str(6_000_000_000_000_000 + len(self.report_runs) + 1)
            self.report_runs[run_id] = ReportRun(run_id, account_id, dict(request.params),
                                                 query, fails)
        return run_id

    @staticmethod
    def _poll(run: ReportRun) -> dict[str, Any]:
        run.polls += 1
        status, percent = run.status()
        return {"id": run.id, "account_id": run.account_id, "time_ref": 1_700_000_000,
                "async_status": status, "async_percent_completion": percent,
                "date_start": run.query.since.isoformat(),
                "date_stop": run.query.until.isoformat(),
                "is_running": status in ("Job Not Started", "Job Running")}

    def _report_rows(self, request: Request, run: ReportRun) -> dict[str, Any]:
        if run.status()[0] != "Job Completed":
            raise bad_param(f"Report run {run.id} is not completed "
                            f"(async_status: {run.status()[0]})")
        return self._page(request, meta_ads.run_query(run.account_id, run.query),
                          request.params)

    @staticmethod
    def _page(request: Request, rows: list[dict[str, Any]],
              params: dict[str, str]) -> dict[str, Any]:
        """One page of rows with Graph API cursors (opaque: base64 of an offset)."""
        try:
            limit = max(1, int(params.get("limit", 25)))
            offset = (int(base64.b64decode(params["after"]).decode()) + 1
                      if params.get("after") else 0)
        except ValueError:
            raise bad_param("Invalid limit or after cursor") from None
        chunk = rows[offset: offset + limit]
        if not chunk:
            return {"data": []}

        def cursor(position: int) -> str:
            return base64.b64encode(str(position).encode()).decode()

        last = offset + len(chunk) - 1
        paging: dict[str, Any] = {"cursors": {"before": cursor(offset), "after": cursor(last)}}
        if last + 1 < len(rows):
            query = {**{k: v for k, v in params.items() if k != "after"},
                     "after": cursor(last)}
            paging["next"] = f"{request.base_url}{request.path}?{urlencode(query)}"
        return {"data": chunk, "paging": paging}
