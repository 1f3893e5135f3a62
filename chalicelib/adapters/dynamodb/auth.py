"""The security table: refresh sessions and rate-limit counters (TTL `expires_at`)."""

from __future__ import annotations

import time

from ...domain.errors import RateLimited
from ...domain.identity import RefreshSession
from ...domain.ports import RateLimiter, SessionRepository
from .items import (
    ConditionFailed,
    Item,
    delete,
    document,
    get,
    item_key,
    load,
    number,
    put,
    put_new,
    string,
    transact,
    update,
)


class DynamoSessionRepository:
    def __init__(self, table: str) -> None:
        self.table = table

    def _item(self, session: RefreshSession) -> Item:
        return document(
            f"FIRM#{session.firm_id}#SESSION#{session.session_id}",
            "SESSION",
            session,
            secret_hash=string(session.secret_hash),
            expires_at=number(int(session.expires_at.timestamp())),
        )

    def create(self, session: RefreshSession) -> None:
        transact([put_new(self.table, self._item(session))])

    def get(self, firm_id: str, session_id: str) -> RefreshSession | None:
        return load(RefreshSession, get(self.table, f"FIRM#{firm_id}#SESSION#{session_id}", "SESSION"))

    def rotate(self, session: RefreshSession, previous_secret_hash: str) -> None:
        # Two refreshes racing with the same token: only the first one rotates.
        transact(
            [
                put(
                    self.table,
                    self._item(session),
                    "secret_hash = :previous",
                    {":previous": string(previous_secret_hash)},
                )
            ]
        )

    def delete(self, firm_id: str, session_id: str) -> None:
        transact([delete(self.table, item_key(f"FIRM#{firm_id}#SESSION#{session_id}", "SESSION"))])


class DynamoRateLimiter:
    """Fixed windows counted with one conditional UpdateItem; DynamoDB's TTL clears them."""

    def __init__(self, table: str) -> None:
        self.table = table

    def hit(self, key: str, limit: int, window_seconds: int) -> None:
        now = int(time.time())
        window_start = now - now % window_seconds
        try:
            update(
                self.table,
                item_key(f"RATE#{key}#{window_start}", "RATE"),
                "ADD attempts :one SET expires_at = :expires",
                # A limit of 0 refuses the first attempt too.
                condition="(attribute_not_exists(attempts) AND :zero < :limit) OR attempts < :limit",
                values={
                    ":one": number(1),
                    ":zero": number(0),
                    ":limit": number(limit),
                    ":expires": number(window_start + window_seconds),
                },
            )
        except ConditionFailed:
            raise RateLimited(
                "Too many attempts. Please wait and try again.", retry_after_seconds=window_start + window_seconds - now
            ) from None

    def forgive(self, key: str, window_seconds: int) -> None:
        now = int(time.time())
        window_start = now - now % window_seconds
        try:
            update(
                self.table,
                item_key(f"RATE#{key}#{window_start}", "RATE"),
                "ADD attempts :minus_one",
                condition="attempts > :zero",
                values={":minus_one": number(-1), ":zero": number(0)},
            )
        except ConditionFailed:
            # Nothing counted in this window (it began after the attempt): nothing to take back.
            pass


# The ports these adapters implement (chalicelib.domain.ports): mypy reports any drift here.
_session_repository: type[SessionRepository] = DynamoSessionRepository
_rate_limiter: type[RateLimiter] = DynamoRateLimiter
