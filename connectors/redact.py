"""Scrub secrets from any text before it reaches a log, an exception, a table or a warning."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "***"

# Query-string or form values that are secrets whatever their value:
# access_token=..., appsecret_proof=..., key=... (also apikey / api_key).
# The lookbehind keeps e.g. "monkey=" or "sort_key=" from matching as "key=".
_QUERY_SECRET = re.compile(
    r"(?<![A-Za-z0-9_])(access_token|appsecret_proof|api_?key|key)=([^&\s\"'<>#]+)",
    re.IGNORECASE,
)
# The same names as JSON or Python-dict keys: "access_token": "..." / 'access_token': '...'.
_MAPPING_SECRET = re.compile(
    r"([\"'])(access_token|appsecret_proof|api_?key|key)\1(\s*:\s*)([\"'])(.*?)\4",
    re.IGNORECASE,
)

# Very short "secrets" (empty, "x") would mask innocent text everywhere; real
# tokens are long, and the query patterns above catch short ones in URLs anyway.
_MIN_SECRET_LENGTH = 4


def redact(text: str, secrets: Iterable[str]) -> str:
    """Return ``text`` with every secret value, and every secret query value, as ``***``.

    Each secret is also masked in its URL-encoded forms, because the SDK and
    ``requests`` put tokens into URLs (``paging.next``, connection errors).
    """
    result = str(text)
    variants: set[str] = set()
    for secret in secrets:
        if not secret or len(secret) < _MIN_SECRET_LENGTH:
            continue
        variants.update({secret, quote(secret, safe=""), quote_plus(secret)})
    # Longest first, so that a secret containing another is masked whole.
    for variant in sorted(variants, key=len, reverse=True):
        result = result.replace(variant, MASK)
    result = _QUERY_SECRET.sub(lambda m: f"{m.group(1)}={MASK}", result)
    result = _MAPPING_SECRET.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{m.group(1)}{m.group(3)}{m.group(4)}{MASK}{m.group(4)}",
        result,
    )
    return result


class RedactingFilter(logging.Filter):
    """A logging filter that masks secret query values in every record it sees.

    ``urllib3`` logs each request line at DEBUG, query string (hence the token)
    included; this filter, attached to that logger, rewrites the record before any
    handler formats it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, ())
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


# Loggers of the HTTP stack that print URLs.
HTTP_LOGGERS = ("urllib3.connectionpool", "urllib3", "requests")


def install_log_redaction(logger_names: Iterable[str] = HTTP_LOGGERS) -> None:
    """Attach one ``RedactingFilter`` to each named logger (idempotent)."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
