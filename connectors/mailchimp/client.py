"""One Mailchimp client per read: the SDK's own client, retries, error translation, paging.

Every request goes through the SDK (``ReportsApi`` on an ``ApiClient``), so HTTP basic
auth, parameters and answers are exactly the SDK's. It is built from the config each
time: no module-level client, no shared state between runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from mailchimp_marketing.api.reports_api import ReportsApi
from mailchimp_marketing.api_client import ApiClient, ApiClientError

from connectors.errors import BadResponseError, SourceError
from connectors.mailchimp.config import MailchimpConfig
from connectors.mailchimp.constants import LIST_FIELDS, SOURCE
from connectors.mailchimp.translate import translate_api_error, translate_response, unreadable
from connectors.redact import install_log_redaction, redact
from connectors.retry import call_with_retry

log = logging.getLogger("connectors.mailchimp")


class _RecordingApiClient(ApiClient):
    """The SDK's client, keeping the last HTTP response: the SDK returns only the parsed
    body, and the response's Date header is when Mailchimp read the figures."""

    last_response: requests.Response | None = None

    def request(self, method: str, url: str, query_params: Any = None,
                headers: Any = None, body: Any = None) -> requests.Response:
        response: requests.Response = super().request(method, url, query_params,
                                                      headers=headers, body=body)
        self.last_response = response
        return response


@dataclass(frozen=True)
class Answer:
    """A successful answer: its JSON object, when the server answered, and the request."""

    body: dict[str, Any]
    served_at: datetime | None
    source: str


class MailchimpClient:
    """A short-lived client bound to one ``MailchimpConfig``."""

    def __init__(self, config: MailchimpConfig, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.sleep = sleep
        self.secrets = config.secrets
        # urllib3 logs request lines at DEBUG: mask any key-like query value at the source.
        install_log_redaction()
        api = _RecordingApiClient()
        api.set_config({"api_key": config.api_key.strip(), "timeout": config.timeout})
        # The SDK builds `url = host + path`, then replaces the substring "server" with the
        # data center anywhere in that URL. We give it the whole base URL ourselves and no
        # data center, so nothing is replaced (a host or path holding "server" stays whole).
        api.host = config.base_url
        api.server = ""
        self._api = api
        self._reports = ReportsApi(api)
        self._path = urlsplit(config.base_url).path.rstrip("/")

    def describe(self, path: str, params: Mapping[str, Any]) -> str:
        """The request as provenance: ``GET /3.0/reports?count=500&offset=0&...``.

        ``fields`` is left out: it is the connector's constant and would only make every
        row's provenance long.
        """
        query = "&".join(f"{k}={quote(str(v), safe=':+')}" for k, v in params.items()
                         if k not in ("fields", "exclude_fields"))
        return redact(f"GET {self._path}{path}" + (f"?{query}" if query else ""), self.secrets)

    def get_reports(self, **params: Any) -> Answer:
        """One page of ``GET /reports`` (SDK ``get_all_campaign_reports``), retried."""
        source = self.describe("/reports", params)
        return call_with_retry(
            lambda: self._once(lambda: self._reports.get_all_campaign_reports(**params), source),
            self.config.retry, describe=source, sleep=self.sleep, log=log,
        )

    def report_pages(self, since: datetime, before: datetime) -> Iterator[Answer]:
        """Every page of the reports of campaigns sent between ``since`` and ``before``,
        following ``count``/``offset`` until ``total_items`` are read."""
        offset = 0
        while True:
            page = self.get_reports(
                fields=list(LIST_FIELDS), count=self.config.page_size, offset=offset,
                since_send_time=since.isoformat(), before_send_time=before.isoformat())
            reports = page.body.get("reports")
            total = page.body.get("total_items")
            if not isinstance(reports, list) or not isinstance(total, int) or isinstance(
                    total, bool):
                raise BadResponseError("the answer has no 'reports' list and 'total_items' "
                                       "count", source=SOURCE, request=page.source)
            yield page
            offset += len(reports)
            if not reports or offset >= total:
                if offset < total:
                    log.warning("Mailchimp announced %d reports but sent %d (%s)", total,
                                offset, page.source)
                return

    def _once(self, call: Callable[[], Any], source: str) -> Answer:
        self._api.last_response = None
        failure: SourceError | None = None
        result: Any = None
        try:
            result = call()
        except ApiClientError as error:
            failure = translate_api_error(error, request=source, secrets=self.secrets)
        if failure is not None:
            # Raised outside the except block, so the SDK's exception (whose text may
            # hold the URL) is not even kept as __context__.
            raise failure
        response = self._api.last_response
        if isinstance(result, requests.Response):
            raise translate_response(result, request=source, secrets=self.secrets)
        if not isinstance(result, dict):
            status = response.status_code if response is not None else 200
            raise unreadable(status, str(result), request=source, secrets=self.secrets)
        return Answer(result, served_at(response), source)


def served_at(response: requests.Response | None) -> datetime | None:
    """When the server answered, from its Date header (None when absent or unreadable)."""
    header = response.headers.get("Date") if response is not None else None
    if not header:
        return None
    try:
        moment = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
