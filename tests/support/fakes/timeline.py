"""Timelines, the clients' copies and read receipts, in memory; each published copy's
entries in the feeds of the matter's clients are written with it (fakes/feed.py)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.common import Page
from chalicelib.domain.consultations import Task
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.feed import FeedEntry
from chalicelib.domain.ports import TimelineRepository
from chalicelib.domain.timeline import ClientTimelineItem, ReadReceipt, StaffTimelineItem, TimelineItem, UpdateKind
from tests.support.fakes.consultations import open_tasks_partition
from tests.support.fakes.feed import readers, write_entries
from tests.support.fakes.store import MARKER, Store, Transaction, dump, load, query_page

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class InMemoryTimelineRepository:
    """Like DynamoTimelineRepository: items keyed by id (date first) under the matter, the
    matter's marker after them, a copy of each published item for the clients, and read
    receipts beside each item."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, matter_id: str, item_id: str) -> TimelineItem | None:
        return load(TimelineItem, self.store.timelines.get((firm_id, matter_id), {}).get(f"T#{item_id}"))

    def page(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[StaffTimelineItem]:
        key = (firm_id, matter_id)
        entries = self.store.timelines.get(key, {})
        # The first page reads the marker too, which comes first in a newest-first query.
        read, next_cursor = query_page(
            entries, "", cursor, limit if cursor else limit + 1, newest_first=True, cursor_prefix="T#"
        )
        if not cursor:
            if not read or read[0][0] != MARKER:
                raise NotFound("Matter not found.")
            read = read[1:]
        items = []
        for sort_key, raw in read:
            receipts = self.store.receipts.get((firm_id, matter_id, sort_key), {})
            read_by = [
                ReadReceipt(client_id=c, read_at=datetime.fromisoformat(at)) for c, at in sorted(receipts.items())
            ]
            items.append(StaffTimelineItem.model_validate({**json.loads(raw), "read_by": read_by}))
        return Page(items=items, next_cursor=next_cursor)

    def client_page(
        self, firm_id: str, matter_id: str, kinds: set[UpdateKind], cursor: str | None, limit: int
    ) -> Page[ClientTimelineItem]:
        read, next_cursor = query_page(
            self.store.published.get((firm_id, matter_id), {}), "T#", cursor, limit, newest_first=True
        )
        items = [ClientTimelineItem.model_validate_json(raw) for _, raw in read]
        # A FilterExpression on the kind: applied to what the page read.
        return Page(items=[i for i in items if i.kind in kinds], next_cursor=next_cursor)

    def client_item(self, firm_id: str, matter_id: str, item_id: str) -> ClientTimelineItem | None:
        return load(ClientTimelineItem, self.store.published.get((firm_id, matter_id), {}).get(f"T#{item_id}"))

    def add(self, item: TimelineItem, audit: AuditEntry | None) -> None:
        tx = Transaction("This update exists already.")
        self._write_new(tx, item)
        self.store.audit_new(tx, audit)
        tx.then(lambda: self._open_task(item, None))
        tx.commit()

    def add_court_movements(self, items: list[TimelineItem]) -> list[bool]:
        """A conditional put per movement: only the first writing of an id stores it; a
        movement already there (sent before, or earlier in the same list) is not new."""
        stored = []
        for item in items:
            tx = Transaction()
            self._write_new(tx, item)
            try:
                tx.commit()
                stored.append(True)
            except Conflict:
                stored.append(False)
        return stored

    def save(self, item: TimelineItem, previous: TimelineItem, audit: AuditEntry | None) -> None:
        s = self.store
        key = (item.firm_id, item.matter_id)
        old = f"T#{previous.id}"
        tx = Transaction()
        tx.require(lambda: s.version_of(s.timelines.get(key, {}), old) == previous.version)
        if item.id == previous.id:
            # The document changes; the receipts beside it stay.
            tx.then(lambda: s.timelines[key].__setitem__(old, dump(item)))
            tx.then(lambda: self._write_copy(item))
        else:  # the date changed, and the id with it; who has read it stays known
            receipts = dict(s.receipts.get((*key, old), {}))
            tx.then(lambda: self._remove(item.firm_id, item.matter_id, previous.id))
            self._write_new(tx, item)
            tx.then(lambda: s.receipts.__setitem__((*key, f"T#{item.id}"), receipts))
        s.audit_new(tx, audit)
        tx.then(lambda: self._open_task(item, previous))
        tx.commit()

    def delete(self, item: TimelineItem, audit: AuditEntry) -> None:
        tx = Transaction().then(lambda: self._remove(item.firm_id, item.matter_id, item.id))
        self.store.audit_new(tx, audit)
        tx.then(lambda: self._open_task(None, item))
        tx.commit()

    def _open_task(self, item: TimelineItem | None, previous: TimelineItem | None) -> None:
        """F20: like the adapter, the task's copy in its assignee's open tasks (consultations table)."""
        old = Task.of_timeline(previous, None) if previous else None
        if old is not None:
            partition = open_tasks_partition(old.firm_id, old.assignee.id)
            self.store.consultations.get(partition, {}).pop(f"{old.due_key()}#{old.id}", None)
        new = Task.of_timeline(item, self._readers(item.firm_id, item.matter_id)[1]) if item else None
        if new is not None:
            partition = open_tasks_partition(new.firm_id, new.assignee.id)
            self.store.consultations.setdefault(partition, {})[f"{new.due_key()}#{new.id}"] = {
                "doc": new.model_dump_json(),
                "version": new.version,
            }

    def record_receipt(self, firm_id: str, matter_id: str, item_id: str, client_id: str, at: datetime) -> None:
        if f"T#{item_id}" not in self.store.timelines.get((firm_id, matter_id), {}):
            raise NotFound("Update not found.")
        self.store.receipts.setdefault((firm_id, matter_id, f"T#{item_id}"), {}).setdefault(client_id, at.isoformat())

    def _write_new(self, tx: Transaction, item: TimelineItem) -> None:
        s = self.store
        key, sort_key = (item.firm_id, item.matter_id), f"T#{item.id}"
        tx.require(lambda: sort_key not in s.timelines.get(key, {}))
        tx.then(lambda: s.timelines.setdefault(key, {}).__setitem__(sort_key, dump(item)))
        tx.then(lambda: s.receipts.__setitem__((*key, sort_key), {}))
        tx.then(lambda: self._write_copy(item))

    def _write_copy(self, item: TimelineItem) -> None:
        copies = self.store.published.setdefault((item.firm_id, item.matter_id), {})
        was_published = f"T#{item.id}" in copies
        if item.published:
            copies[f"T#{item.id}"] = dump(item.for_client())
        else:
            copies.pop(f"T#{item.id}", None)
        if item.published or was_published:
            readers, title = self._readers(item.firm_id, item.matter_id)
            entry = FeedEntry.of_update(item.for_client(), title) if item.published else None
            write_entries(self.store, item.firm_id, [(c, item.id, entry) for c in readers])

    def _remove(self, firm_id: str, matter_id: str, item_id: str) -> None:
        sort_key = f"T#{item_id}"
        self.store.timelines.get((firm_id, matter_id), {}).pop(sort_key, None)
        self.store.receipts.pop((firm_id, matter_id, sort_key), None)
        if self.store.published.get((firm_id, matter_id), {}).pop(sort_key, None) is not None:
            readers, _ = self._readers(firm_id, matter_id)
            write_entries(self.store, firm_id, [(c, item_id, None) for c in readers])

    def _readers(self, firm_id: str, matter_id: str) -> tuple[list[str], str | None]:
        """The clients the matter is published to, and its title."""
        return readers(self.store, firm_id, matter_id)


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_: type[TimelineRepository] = InMemoryTimelineRepository
