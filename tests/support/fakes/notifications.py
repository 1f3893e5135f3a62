"""The queues and the mail, in memory: what was sent is kept for the tests to read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.common import Page
from chalicelib.domain.errors import Conflict
from chalicelib.domain.notifications import HeldNotifications, HeldRelease, Notification, Suppression
from chalicelib.domain.ports import (
    HeldNotificationsRepository,
    Mailer,
    Outbox,
    OutgoingEmail,
    Queue,
    ReleaseScheduler,
    SuppressionList,
)
from tests.support.fakes.store import Store, Transaction, dump, query_page

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class FakeOutbox:
    def __init__(self) -> None:
        self.sent: list[Notification] = []

    def send(self, notification: Notification) -> None:
        # Through JSON, as SQS carries it.
        self.sent.append(Notification.model_validate_json(notification.model_dump_json()))

    def take(self) -> list[Notification]:
        taken, self.sent = self.sent, []
        return taken


class FakeQueue:
    """A work queue (the ingestion queue): messages kept as the JSON bodies SQS would carry."""

    def __init__(self) -> None:
        self.bodies: list[str] = []

    def send_many(self, messages: Sequence[BaseModel]) -> None:
        for message in messages:
            self.send(message)

    def send(self, message: BaseModel) -> None:
        self.bodies.append(message.model_dump_json())

    def take(self, model: type[M]) -> list[M]:
        taken, self.bodies = self.bodies, []
        return [model.model_validate_json(body) for body in taken]


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[OutgoingEmail] = []

    def send(self, email: OutgoingEmail) -> str:
        self.sent.append(email)
        return f"message-{len(self.sent)}"

    def to(self, address: str) -> list[OutgoingEmail]:
        return [m for m in self.sent if address in m.to]


def listing_key(suppression: Suppression) -> str:
    return f"{suppression.at.isoformat()}#{suppression.address}"


class InMemorySuppressionList:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.reads = 0  # calls of find: one per e-mail, whatever its number of addresses

    def add(self, suppression: Suppression) -> bool:
        key = (suppression.firm_id, suppression.address)
        tx = Transaction()
        tx.require(lambda: key not in self.store.suppressions)
        tx.then(lambda: self.store.suppressions.__setitem__(key, dump(suppression)))
        tx.then(
            lambda: self.store.suppression_lists.setdefault(suppression.firm_id, {}).__setitem__(
                listing_key(suppression), dump(suppression)
            )
        )
        try:
            tx.commit()
        except Conflict:
            return False
        return True

    def find(self, firm_id: str, addresses: Sequence[str]) -> dict[str, Suppression]:
        self.reads += 1
        found = {}
        for address in dict.fromkeys(addresses):
            raw = self.store.suppressions.get((firm_id, address))
            if raw is not None:
                found[address] = Suppression.model_validate_json(raw)
        return found

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[Suppression]:
        items, next_cursor = query_page(
            self.store.suppression_lists.get(firm_id, {}), "", cursor, limit, newest_first=True
        )
        return Page(items=[Suppression.model_validate_json(raw) for _, raw in items], next_cursor=next_cursor)

    def lift(self, suppression: Suppression, audit: AuditEntry) -> None:
        key = (suppression.firm_id, suppression.address)
        tx = Transaction()
        tx.require(lambda: self.store.suppressions.get(key) == dump(suppression))
        tx.then(lambda: self.store.suppressions.pop(key, None))
        tx.then(lambda: self.store.suppression_lists.get(suppression.firm_id, {}).pop(listing_key(suppression), None))
        self.store.audit_new(tx, audit)
        tx.commit()


class InMemoryHeldNotifications:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, client_id: str) -> HeldNotifications | None:
        raw = self.store.held.get((firm_id, client_id))
        return HeldNotifications.model_validate_json(raw) if raw else None

    def save(self, held: HeldNotifications, previous: HeldNotifications | None) -> None:
        key = (held.firm_id, held.client_id)
        tx = Transaction()
        if previous is None:
            tx.require(lambda: key not in self.store.held)
        else:
            tx.require(lambda: self.store.held.get(key) == dump(previous))
        tx.then(lambda: self.store.held.__setitem__(key, dump(held)))
        tx.commit()

    def remove(self, held: HeldNotifications) -> None:
        key = (held.firm_id, held.client_id)
        tx = Transaction()
        tx.require(lambda: self.store.held.get(key) == dump(held))
        tx.then(lambda: self.store.held.pop(key, None))
        tx.commit()


class FakeScheduler:
    """Keeps what was scheduled; `due(now)` hands back the releases due by then, once each."""

    def __init__(self) -> None:
        self.scheduled: dict[str, tuple[datetime, HeldRelease]] = {}

    def schedule(self, release: HeldRelease, at: datetime) -> None:
        self.scheduled.setdefault(release.id, (at, release))

    def due(self, now: datetime) -> list[HeldRelease]:
        due = [(at, release) for at, release in self.scheduled.values() if at <= now]
        for _, release in due:
            del self.scheduled[release.id]
        return [release for _, release in sorted(due, key=lambda pair: pair[0])]


LINK = re.compile(r'href="([^"]+)"')


def link_in(email: OutgoingEmail) -> str:
    found: list[str] = LINK.findall(email.html)
    assert found, "no link in the e-mail"
    return found[0]


def token_in(email: OutgoingEmail) -> str:
    return link_in(email).rsplit("/", 1)[-1]


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_outbox: type[Outbox] = FakeOutbox
_queue: type[Queue] = FakeQueue
_mailer: type[Mailer] = FakeMailer
_suppressions: type[SuppressionList] = InMemorySuppressionList
_held: type[HeldNotificationsRepository] = InMemoryHeldNotifications
_scheduler: type[ReleaseScheduler] = FakeScheduler
