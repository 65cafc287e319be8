"""Network failures of the HTTP SDKs (built on ``requests``) as our transient error."""

from __future__ import annotations

import re
from collections.abc import Iterable

import requests

from connectors.errors import TransientError
from connectors.redact import redact

# requests' texts repeat the whole URL (with its query, hence tokens); the innermost
# reason is what helps.
_REASON = re.compile(r"\[Errno -?\d+\][^'\")]*|Read timed out[^'\")]*|timed out")


def network_error(error: BaseException, *, source: str, request: str,
                  secrets: Iterable[str], hint: str) -> TransientError:
    """A timeout or a connection failure: transient, told by its innermost reason
    (``ReadTimeout: Read timed out. (read timeout=60``), redacted."""
    kind = "timed out" if isinstance(error, requests.Timeout) else "could not be reached"
    reason = _REASON.search(str(error))
    detail = reason.group(0) if reason else str(error)
    return TransientError(
        f"{source} {kind}: {redact(f'{type(error).__name__}: {detail}', secrets)}",
        source=source, request=request, hint=hint,
    )
