"""RateLimiter: attempts counted per key in fixed windows; past the limit in a window an
attempt raises RateLimited with when to try again. The DynamoDB limiter reads the wall
clock, the fake its fake clock: `backend.time` moves whichever the backend reads."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import RateLimited
from chalicelib.domain.ports import RateLimiter
from tests.contract.builders import unique
from tests.contract.conftest import Backend

DAY = 24 * 3600  # long enough that no test straddles two windows


@pytest.fixture
def key() -> str:
    return unique("contract:")


def test_attempts_up_to_the_limit_pass(limiter: RateLimiter, key: str) -> None:
    for _ in range(3):
        limiter.hit(key, 3, DAY)


def test_the_attempt_past_the_limit_is_refused_with_when_to_try_again(limiter: RateLimiter, key: str) -> None:
    for _ in range(3):
        limiter.hit(key, 3, DAY)

    with pytest.raises(RateLimited) as refused:
        limiter.hit(key, 3, DAY)

    assert 0 < refused.value.retry_after_seconds <= DAY


def test_refused_attempts_keep_being_refused_in_the_window(limiter: RateLimiter, key: str) -> None:
    limiter.hit(key, 1, DAY)

    for _ in range(3):
        with pytest.raises(RateLimited):
            limiter.hit(key, 1, DAY)


def test_each_key_is_counted_apart(limiter: RateLimiter, key: str) -> None:
    other = unique("contract:")
    limiter.hit(key, 1, DAY)

    limiter.hit(other, 1, DAY)

    with pytest.raises(RateLimited):
        limiter.hit(key, 1, DAY)


def test_a_new_window_counts_from_zero_again(backend: Backend, key: str) -> None:
    backend.time.start_of_window(1)
    backend.limiter.hit(key, 2, 1)
    backend.limiter.hit(key, 2, 1)
    with pytest.raises(RateLimited):
        backend.limiter.hit(key, 2, 1)

    backend.time.next_window(1)

    backend.limiter.hit(key, 2, 1)


def test_a_limit_of_zero_refuses_every_attempt(limiter: RateLimiter, key: str) -> None:
    with pytest.raises(RateLimited):
        limiter.hit(key, 0, DAY)
