"""The errors every connector raises, whatever the source.

A connector translates its SDK's exceptions into these, once, at the edge; callers
(retry loop, Dagster assets, the CLI) only ever see these classes. ``str(error)`` is the
whole message a user needs: which source, what happened, on which request, and what to
do. Connectors redact secrets *before* building an error, so no message carries one.
"""

from __future__ import annotations

from typing import Any


class SourceError(Exception):
    """A source failed. ``retryable`` says whether trying again later may succeed."""

    default_retryable = False

    def __init__(
        self,
        message: str,
        *,
        source: str,
        hint: str = "",
        request: str | None = None,
        retryable: bool | None = None,
    ) -> None:
        self.source = source
        self.message = message
        self.hint = hint
        self.request = request
        self.retryable = self.default_retryable if retryable is None else retryable
        super().__init__(self._render())

    def _render(self) -> str:
        text = f"{self.source}: {self.message}"
        if self.request:
            text += f" (request: {self.request})"
        if self.hint:
            text += f". {self.hint}"
        return text

    def __str__(self) -> str:
        return self._render()

    def _state(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "hint": self.hint,
            "request": self.request,
            "retryable": self.retryable,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors break default exception pickling (used when
        # errors cross process boundaries, e.g. Dagster's multiprocess executor).
        return (_rebuild, (type(self), self.message, self._state()))


def _rebuild(cls: type[SourceError], message: str, state: dict[str, Any]) -> SourceError:
    return cls(message, **state)


class AuthError(SourceError):
    """The credentials are missing, invalid, expired or lack a permission: the user must act."""


class RateLimitError(SourceError):
    """The source throttles us; ``retry_after`` is how long it asks us to wait, if it says."""

    default_retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)

    def _state(self) -> dict[str, Any]:
        return {**super()._state(), "retry_after": self.retry_after}


class TransientError(SourceError):
    """A failure that usually passes: HTTP 5xx, timeouts, connection resets."""

    default_retryable = True


class BadResponseError(SourceError):
    """The answer could not be read: malformed JSON or an unexpected shape."""


class TooMuchDataError(SourceError):
    """The source refuses the request's size: the caller splits the range and asks again."""


class MetricUnavailableError(SourceError):
    """A metric the configuration names is invalid or was removed by the platform."""

    def __init__(self, message: str, *, metric: str | None = None, **kwargs: Any) -> None:
        self.metric = metric
        super().__init__(message, **kwargs)

    def _state(self) -> dict[str, Any]:
        return {**super()._state(), "metric": self.metric}


class GaveUpError(SourceError):
    """The bounded retry budget ran out; the message says how long, how often, and why."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        waited: float = 0.0,
        last_error: SourceError | None = None,
        **kwargs: Any,
    ) -> None:
        self.attempts = attempts
        self.waited = waited
        self.last_error = last_error
        super().__init__(message, **kwargs)

    def _state(self) -> dict[str, Any]:
        return {
            **super()._state(),
            "attempts": self.attempts,
            "waited": self.waited,
            "last_error": self.last_error,
        }


__all__ = [
    "AuthError",
    "BadResponseError",
    "GaveUpError",
    "MetricUnavailableError",
    "RateLimitError",
    "SourceError",
    "TooMuchDataError",
    "TransientError",
]
