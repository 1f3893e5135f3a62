"""Sessions, password hashing and rate limits, in memory."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.errors import RateLimited
from chalicelib.domain.identity import RefreshSession
from tests.support.fakes.clock import FakeClock
from tests.support.fakes.store import Store, Transaction, dump, load

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class FakeHasher:
    """Salted SHA-256 in the shape of a real hash: fast, and a wrong password still fails."""

    PREFIX = "fake-sha256"

    def __init__(self) -> None:
        self.hashed = 0
        self.verified = 0

    def hash(self, password: str) -> str:
        self.hashed += 1
        salt = secrets.token_hex(8)
        return f"{self.PREFIX}${salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        prefix, _, rest = password_hash.partition("$")
        salt, _, digest = rest.partition("$")
        if prefix != self.PREFIX or not salt or not digest:
            return False
        return hmac.compare_digest(digest, hashlib.sha256((salt + password).encode()).hexdigest())


class FakeRateLimiter:
    """Fixed windows on the fake clock, counted like DynamoRateLimiter counts them."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.counts: dict[tuple[str, int], int] = {}

    def hit(self, key: str, limit: int, window_seconds: int) -> None:
        now = int(self.clock.now().timestamp())
        window_start = now - now % window_seconds
        slot = (key, window_start)
        if self.counts.get(slot, 0) >= limit:
            raise RateLimited(
                "Too many attempts. Please wait and try again.", retry_after_seconds=window_start + window_seconds - now
            )
        self.counts[slot] = self.counts.get(slot, 0) + 1


class InMemorySessionRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, session: RefreshSession) -> None:
        key = (session.firm_id, session.session_id)
        Transaction().require(lambda: key not in self.store.sessions).then(
            lambda: self.store.sessions.__setitem__(key, dump(session))
        ).commit()

    def get(self, firm_id: str, session_id: str) -> RefreshSession | None:
        return load(RefreshSession, self.store.sessions.get((firm_id, session_id)))

    def rotate(self, session: RefreshSession, previous_secret_hash: str) -> None:
        key = (session.firm_id, session.session_id)

        def unchanged() -> bool:
            stored = self.get(*key)
            return stored is not None and stored.secret_hash == previous_secret_hash

        Transaction().require(unchanged).then(lambda: self.store.sessions.__setitem__(key, dump(session))).commit()

    def delete(self, firm_id: str, session_id: str) -> None:
        self.store.sessions.pop((firm_id, session_id), None)
