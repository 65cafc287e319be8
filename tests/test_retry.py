"""The layer every connector shares: retry loop, error classes, redaction, date windows."""

from __future__ import annotations

import itertools
import logging
import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.errors import (
    AuthError,
    BadResponseError,
    GaveUpError,
    MetricUnavailableError,
    RateLimitError,
    SourceError,
    TransientError,
)
from connectors.redact import RedactingFilter, redact
from connectors.retry import RetryPolicy, call_with_retry
from connectors.windows import DateWindow

SOURCE = "Example"


class Flaky:
    """A callable that raises the given errors in turn, then returns "ok"."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def transient(n: int = 1) -> list[Exception]:
    return [TransientError(f"HTTP 502 number {i}", source=SOURCE) for i in range(n)]


def run(fn: Flaky, policy: RetryPolicy | None = None, draw: float = 0.0) -> tuple[str, list[float]]:
    waits: list[float] = []
    result = call_with_retry(
        fn, policy or RetryPolicy(), describe="GET /thing", sleep=waits.append, random=lambda: draw
    )
    return result, waits


# -- call_with_retry ---------------------------------------------------------------


def test_success_at_first_try_never_sleeps() -> None:
    fn = Flaky()
    assert run(fn) == ("ok", [])
    assert fn.calls == 1


def test_transient_errors_back_off_exponentially_then_succeed() -> None:
    fn = Flaky(*transient(4))
    result, waits = run(fn, RetryPolicy(base_delay=1.0, max_delay=60.0), draw=0.0)
    assert result == "ok" and fn.calls == 5
    assert waits == [1.0, 2.0, 4.0, 8.0]


def test_backoff_is_capped_by_max_delay() -> None:
    fn = Flaky(*transient(5))
    _, waits = run(fn, RetryPolicy(base_delay=10.0, max_delay=25.0, max_total_wait=1000))
    assert waits == [10.0, 20.0, 25.0, 25.0, 25.0]


def test_jitter_shortens_each_wait_by_at_most_its_share() -> None:
    policy = RetryPolicy(base_delay=2.0, jitter=0.5)
    _, waits = run(Flaky(*transient(3)), policy, draw=0.999)
    for wait, full in zip(waits, [2.0, 4.0, 8.0], strict=True):
        assert full * 0.5 <= wait <= full
        assert wait < full  # the draw did shorten it


@given(
    draws=st.lists(st.floats(0, 0.999999), min_size=5, max_size=5),
    jitter=st.floats(0, 1),
    base=st.floats(0.01, 10),
)
def test_every_wait_stays_within_the_jitter_range(
    draws: list[float], jitter: float, base: float
) -> None:
    policy = RetryPolicy(base_delay=base, max_delay=1e6, max_total_wait=1e9, jitter=jitter)
    waits: list[float] = []
    source = iter(draws)
    call_with_retry(
        Flaky(*transient(5)),
        policy,
        describe="x",
        sleep=waits.append,
        random=lambda: next(source),
    )
    for n, wait in enumerate(waits, start=1):
        full = base * 2 ** (n - 1)
        assert full * (1 - jitter) - 1e-9 <= wait <= full + 1e-9


@given(
    max_attempts=st.integers(1, 12),
    base=st.floats(0, 50),
    max_delay=st.floats(0, 100),
    budget=st.floats(0, 200),
    failures=st.integers(0, 15),
)
def test_total_wait_never_exceeds_the_budget(
    max_attempts: int, base: float, max_delay: float, budget: float, failures: int
) -> None:
    policy = RetryPolicy(
        max_attempts=max_attempts, base_delay=base, max_delay=max_delay, max_total_wait=budget
    )
    waits: list[float] = []
    fn = Flaky(*transient(failures))
    try:
        call_with_retry(fn, policy, describe="x", sleep=waits.append)
    except GaveUpError as error:
        assert error.attempts == fn.calls <= max_attempts
    assert sum(waits) <= budget + 1e-6
    assert fn.calls <= max_attempts


def test_rate_limit_waits_what_the_source_asks() -> None:
    fn = Flaky(RateLimitError("throttled", source=SOURCE, retry_after=120.0))
    _, waits = run(fn, RetryPolicy(base_delay=1.0, jitter=0.5), draw=0.5)
    # 120 s asked, plus a spread of at most jitter * base_delay so workers do not align.
    assert waits == [120.25]


def test_rate_limit_without_a_time_backs_off_like_a_transient_error() -> None:
    fn = Flaky(RateLimitError("throttled", source=SOURCE), RateLimitError("again", source=SOURCE))
    _, waits = run(fn, RetryPolicy(base_delay=3.0))
    assert waits == [3.0, 6.0]


def test_rate_limit_longer_than_the_budget_gives_up_without_waiting() -> None:
    fn = Flaky(RateLimitError("throttled", source=SOURCE, retry_after=3600.0))
    waits: list[float] = []
    with pytest.raises(GaveUpError) as caught:
        call_with_retry(fn, RetryPolicy(max_total_wait=300), describe="GET /x", sleep=waits.append)
    assert waits == [] and fn.calls == 1
    text = str(caught.value)
    assert "asks to wait 3600 s" in text and "300 s left" in text
    assert "usage limit" in caught.value.hint


def test_gives_up_after_max_attempts_with_a_clear_message() -> None:
    fn = Flaky(*transient(10))
    waits: list[float] = []
    with pytest.raises(GaveUpError) as caught:
        call_with_retry(
            fn, RetryPolicy(max_attempts=4), describe="GET /v1/thing", sleep=waits.append
        )
    error = caught.value
    assert fn.calls == 4 and len(waits) == 3
    assert error.attempts == 4 and error.waited == pytest.approx(sum(waits))
    assert isinstance(error.last_error, TransientError)
    text = str(error)
    assert text.startswith("Example: gave up on GET /v1/thing after 4 tries")
    assert f"{sum(waits):.1f} s of waiting" in text
    assert "HTTP 502 number 3" in text  # the last error, named
    assert not error.retryable


def test_gives_up_when_the_wait_budget_is_spent() -> None:
    fn = Flaky(*transient(10))
    waits: list[float] = []
    with pytest.raises(GaveUpError, match="wait budget is spent"):
        call_with_retry(
            fn,
            RetryPolicy(max_attempts=50, base_delay=10, max_delay=10, max_total_wait=25, jitter=0),
            describe="x",
            sleep=waits.append,
        )
    assert waits == [10, 10, 5]  # the last wait is cut to what is left


@pytest.mark.parametrize(
    "error",
    [
        AuthError("token expired", source=SOURCE, hint="set EXAMPLE_TOKEN"),
        MetricUnavailableError("gone", source=SOURCE, metric="m"),
        BadResponseError("bad shape", source=SOURCE),
        SourceError("refused", source=SOURCE),
    ],
)
def test_errors_that_waiting_cannot_fix_are_raised_at_once(error: SourceError) -> None:
    fn = Flaky(error)
    waits: list[float] = []
    with pytest.raises(type(error)) as caught:
        call_with_retry(fn, RetryPolicy(), describe="x", sleep=waits.append)
    assert caught.value is error and fn.calls == 1 and waits == []


def test_other_exceptions_are_not_caught() -> None:
    fn = Flaky(KeyError("bug"))
    with pytest.raises(KeyError):
        call_with_retry(fn, RetryPolicy(), describe="x", sleep=lambda s: None)
    assert fn.calls == 1


def test_unreadable_answers_are_retried_a_few_times_only() -> None:
    garbled = [BadResponseError("cut", source=SOURCE, retryable=True) for _ in range(10)]
    fn = Flaky(*garbled)
    with pytest.raises(GaveUpError, match="after 3 tries"):
        call_with_retry(
            fn, RetryPolicy(max_bad_response_attempts=3), describe="x", sleep=lambda s: None
        )
    assert fn.calls == 3
    # ... and one garbled answer among transient errors still succeeds.
    fn = Flaky(garbled[0], *transient(2))
    assert run(fn)[0] == "ok"


def test_each_retry_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    run(Flaky(*transient(2)))
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert "GET /thing failed (try 1 of 6)" in messages[0] and "trying again in" in messages[0]


@pytest.mark.parametrize(
    "kwargs",
    [{"max_attempts": 0}, {"base_delay": -1}, {"jitter": 1.5}, {"max_bad_response_attempts": 0}],
)
def test_policy_rejects_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


# -- error classes -----------------------------------------------------------------


def test_error_message_names_source_request_and_fix() -> None:
    error = AuthError(
        "the token is invalid or expired",
        source="Meta",
        request="GET /v23.0/act_1/insights",
        hint="Create a new one and set META_ACCESS_TOKEN",
    )
    assert str(error) == (
        "Meta: the token is invalid or expired (request: GET /v23.0/act_1/insights). "
        "Create a new one and set META_ACCESS_TOKEN"
    )
    assert not error.retryable
    assert RateLimitError("x", source="Meta").retryable
    assert TransientError("x", source="Meta").retryable


@pytest.mark.parametrize(
    "error",
    [
        RateLimitError("slow down", source="Meta", retry_after=60.0, request="GET /x"),
        MetricUnavailableError("gone", source="Meta", metric="page_fans", hint="h"),
        GaveUpError(
            "gave up",
            source="Meta",
            attempts=3,
            waited=7.5,
            last_error=TransientError("502", source="Meta"),
        ),
    ],
)
def test_errors_survive_pickling(error: SourceError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert copy.__dict__.keys() == error.__dict__.keys()
    assert copy.retryable == error.retryable


# -- redaction ---------------------------------------------------------------------


def test_redact_masks_secret_values_in_every_form() -> None:
    token = "EAAB/sec+ret=="
    text = f"token {token}; url-encoded EAAB%2Fsec%2Bret%3D%3D; form EAAB%2Fsec%2Bret%3D%3D"
    cleaned = redact(text, [token])
    assert "sec" not in cleaned.replace("secret", "") and cleaned.count("***") == 3


def test_redact_masks_secret_query_and_mapping_values_without_knowing_them() -> None:
    text = (
        "https://h/v1/x?limit=5&access_token=abc123&after=Q== "
        "appsecret_proof=deadbeef&key=k-us6 {'access_token': 'zzz', \"apikey\": \"yyy\"}"
    )
    cleaned = redact(text, [])
    for secret in ("abc123", "deadbeef", "k-us6", "zzz", "yyy"):
        assert secret not in cleaned
    assert "limit=5" in cleaned and "after=Q==" in cleaned
    assert "access_token=***" in cleaned


def test_redact_leaves_innocent_text_alone() -> None:
    text = "monkey=banana sort_key=name value 185"
    assert redact(text, ["", "ab"]) == text  # too-short "secrets" are not masked


def test_logging_filter_masks_request_urls() -> None:
    record = logging.LogRecord(
        "urllib3.connectionpool",
        logging.DEBUG,
        __file__,
        1,
        '%s "%s %s HTTP/1.1" %s',
        ("http://127.0.0.1:1", "GET", "/v23.0/me?access_token=EAAsecret&x=1", 200),
        None,
    )
    assert RedactingFilter().filter(record)
    assert "EAAsecret" not in record.getMessage() and "x=1" in record.getMessage()


# -- date windows ------------------------------------------------------------------


def test_window_basics() -> None:
    window = DateWindow(date(2022, 4, 25), date(2022, 5, 28))
    assert window.days == 34
    assert str(window) == "2022-04-25..2022-05-28"
    assert DateWindow.parse(str(window)) == window
    assert window.previous() == DateWindow(date(2022, 3, 22), date(2022, 4, 24))
    assert date(2022, 5, 1) in window and date(2022, 5, 29) not in window
    assert len(list(window.dates())) == 34


def test_window_validates() -> None:
    with pytest.raises(ValueError, match="after its end"):
        DateWindow(date(2022, 5, 2), date(2022, 5, 1))
    with pytest.raises(TypeError):
        DateWindow("2022-05-01", date(2022, 5, 2))  # type: ignore[arg-type]


@given(
    start=st.dates(date(2000, 1, 1), date(2030, 1, 1)),
    length=st.integers(1, 800),
    max_days=st.integers(1, 120),
)
def test_split_covers_the_window_exactly(start: date, length: int, max_days: int) -> None:
    window = DateWindow(start, date.fromordinal(start.toordinal() + length - 1))
    chunks = window.split(max_days)
    assert chunks[0].start == window.start and chunks[-1].end == window.end
    assert all(c.days <= max_days for c in chunks)
    assert sum(c.days for c in chunks) == window.days
    for before, after in itertools.pairwise(chunks):
        assert after.start.toordinal() == before.end.toordinal() + 1
    if length >= 2:
        first, second = window.halves()
        assert first.days + second.days == window.days and first.days - second.days in (0, 1)
