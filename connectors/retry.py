"""The bounded retry loop shared by every connector.

Only errors that say they are retryable are retried (throttling, 5xx, timeouts, an
unreadable body); an expired token or a refused request fails at once, because
waiting cannot fix it. Every wait is bounded twice: by the number of attempts and by
the total time spent sleeping, so a run never hangs on a source that is down.
"""

from __future__ import annotations

import logging
import random as _random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from connectors.errors import BadResponseError, GaveUpError, RateLimitError, SourceError

T = TypeVar("T")

_log = logging.getLogger("connectors.retry")


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to retry a call.

    ``max_attempts`` counts every try, the first included. Backoff waits
    ``base_delay * 2**(n-1)`` seconds after the n-th failure, capped at ``max_delay``
    and shortened at random by up to ``jitter`` of itself, so that parallel workers
    do not retry in lockstep. A rate limit that says how long to wait
    (``retry_after``) is waited that long instead, plus up to ``jitter * base_delay``.
    The sum of all waits never exceeds ``max_total_wait``. An unreadable answer
    (``BadResponseError`` marked retryable) is tried at most ``max_bad_response_attempts``
    times: a proxy's truncated page passes, a source that always answers garbage does not.
    """

    max_attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 60.0
    max_total_wait: float = 300.0
    jitter: float = 0.5
    max_bad_response_attempts: int = 3

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("RetryPolicy.max_attempts must be at least 1")
        if self.max_bad_response_attempts < 1:
            raise ValueError("RetryPolicy.max_bad_response_attempts must be at least 1")
        if min(self.base_delay, self.max_delay, self.max_total_wait) < 0:
            raise ValueError("RetryPolicy delays must not be negative")
        if not 0 <= self.jitter <= 1:
            raise ValueError("RetryPolicy.jitter must be between 0 and 1")

    def backoff(self, failures: int, draw: float) -> float:
        """The wait after the ``failures``-th failure, for a random ``draw`` in [0, 1)."""
        # Cap the exponent: 2**1000 would overflow a float long before max_delay matters.
        delay = min(self.max_delay, self.base_delay * 2 ** min(failures - 1, 62))
        return delay * (1 - self.jitter * draw)

    def wait_for(self, error: SourceError, failures: int, draw: float) -> float:
        """How long to wait before the next try after ``error``."""
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            return max(0.0, error.retry_after) + self.jitter * self.base_delay * draw
        return self.backoff(failures, draw)


def call_with_retry(
    fn: Callable[[], T],
    policy: RetryPolicy,
    *,
    describe: str,
    sleep: Callable[[float], None] = time.sleep,
    log: logging.Logger | None = None,
    random: Callable[[], float] = _random.random,
) -> T:
    """Call ``fn`` until it succeeds, retrying the retryable ``SourceError``s it raises.

    ``describe`` names the call in logs and in the final error (it must already be free
    of secrets). ``sleep`` and ``random`` are injectable so that tests neither wait nor
    depend on chance. Raises the first non-retryable error unchanged, or ``GaveUpError``
    when the attempts or the total wait run out.
    """
    logger = log or _log
    attempts = 0
    bad_responses = 0
    waited = 0.0
    while True:
        attempts += 1
        try:
            return fn()
        except SourceError as error:
            if not error.retryable or isinstance(error, GaveUpError):
                raise
            if isinstance(error, BadResponseError):
                bad_responses += 1
            if attempts >= policy.max_attempts or bad_responses >= policy.max_bad_response_attempts:
                raise _gave_up(describe, attempts, waited, error, "no tries left") from None
            remaining = policy.max_total_wait - waited
            delay = policy.wait_for(error, attempts, random())
            if (
                isinstance(error, RateLimitError)
                and error.retry_after is not None
                and error.retry_after > remaining
            ):
                # Waiting less than the source asked would only fail again.
                reason = (
                    f"the source asks to wait {error.retry_after:.0f} s, more than the "
                    f"{remaining:.0f} s left of the retry budget"
                )
                raise _gave_up(describe, attempts, waited, error, reason) from None
            if remaining <= 0:
                raise _gave_up(
                    describe, attempts, waited, error, "the wait budget is spent"
                ) from None
            delay = min(delay, remaining)
            logger.warning(
                "%s failed (try %d of %d): %s; trying again in %.1f s",
                describe,
                attempts,
                policy.max_attempts,
                error,
                delay,
            )
            sleep(delay)
            waited += delay


def _gave_up(
    describe: str, attempts: int, waited: float, last: SourceError, reason: str
) -> GaveUpError:
    tries = "1 try" if attempts == 1 else f"{attempts} tries"
    if isinstance(last, RateLimitError):
        hint = (
            "The source's usage limit is spent: run again later (the limit resets within "
            "the hour), or read a shorter range"
        )
    else:
        hint = "The source kept failing: check that it is reachable and run again later"
    return GaveUpError(
        f"gave up on {describe} after {tries} and {waited:.1f} s of waiting ({reason}); "
        f"last error: {last.message}",
        source=last.source,
        hint=hint,
        attempts=attempts,
        waited=waited,
        last_error=last,
    )


__all__ = ["RetryPolicy", "call_with_retry"]
