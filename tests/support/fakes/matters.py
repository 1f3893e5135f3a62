"""Matters, their lists and the clients' views of them, in memory."""

from __future__ import annotations

import builtins
from datetime import datetime
from functools import partial
from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.common import Page
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.matters import (
    MAX_ITEMS_PER_WRITE,
    TOO_MANY_RELATION_CHANGES,
    ClientMatterView,
    Matter,
    MatterListQuery,
    MatterSummary,
    PendingNotification,
)
from chalicelib.domain.ports import MatterRepository, PortalChanges, RelatedSave
from chalicelib.domain.stages import CourtStage
from tests.support.fakes.feed import write_views
from tests.support.fakes.store import (
    MARKER,
    Store,
    Transaction,
    client_list,
    dump,
    firm_list,
    items_written,
    load,
    query_page,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class InMemoryMatterRepository:
    """Like DynamoMatterRepository: a matter is written with its number (unique per firm),
    its lists, its timeline marker and the clients' views, all in one transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, matter_id: str) -> Matter | None:
        matter = load(Matter, self.store.matters.get((firm_id, matter_id)))
        if matter is None:
            return None
        at = self.store.notify_pending_at.get((firm_id, matter_id))
        court = self.store.court_stages.get((firm_id, matter_id))
        return matter.model_copy(
            update={
                "notification_pending": self.store.notify_pending.get((firm_id, matter_id), False),
                "notification_pending_at": datetime.fromisoformat(at) if at else None,
                "court_stage": CourtStage.model_validate_json(court) if court else None,
                "consultation_count": self.store.matter_consultations.get((firm_id, matter_id), 0),
            }
        )

    def get_many(self, firm_id: str, matter_ids: list[str]) -> list[Matter]:
        return [m for m in (self.get(firm_id, matter_id) for matter_id in sorted(set(matter_ids))) if m]

    def by_number(self, firm_id: str, number_key: str) -> Matter | None:
        matter_id = self.store.numbers.get((firm_id, number_key))
        return self.get(firm_id, matter_id) if matter_id else None

    def list(self, firm_id: str, query: MatterListQuery, cursor: str | None, limit: int) -> Page[MatterSummary]:
        partition = client_list(firm_id, query.client_id) if query.client_id else firm_list(firm_id)
        read, next_cursor = query_page(self.store.matter_lists.get(partition, {}), "", cursor, limit, newest_first=True)
        summaries = [MatterSummary.model_validate_json(raw) for _, raw in read]
        # A FilterExpression: applied to what the page read.
        kept = [
            m
            for m in summaries
            if (query.status is None or m.status is query.status) and (query.public is None or m.public is query.public)
        ]
        return Page(items=kept, next_cursor=next_cursor)

    def create(
        self, matter: Matter, audit: AuditEntry | None, others: builtins.list[RelatedSave] | None = None
    ) -> None:
        s = self.store
        tx = Transaction("The firm already has a matter with this number.")
        self.create_into(tx, matter)
        s.audit_new(tx, audit)
        if others:
            tx.conflict = (
                "The firm already has a matter with this number, or a related matter was changed by someone else. "
                "Reload and try again."
            )
        self._commit(tx, matter.firm_id, items_written(matter, None, None, audit), others)

    def create_into(self, tx: Transaction, matter: Matter) -> None:
        """Like DynamoMatterRepository.create_operations: a new matter, its number, marker and lists."""
        s = self.store
        key = (matter.firm_id, matter.id)
        tx.require(lambda: key not in s.matters)
        if matter.number_key:
            number = (matter.firm_id, matter.number_key)
            tx.require(lambda: number not in s.numbers)
            tx.then(lambda: s.numbers.__setitem__(number, matter.id))
        tx.then(lambda: self._write_matter(matter))
        if matter.consultation_count:
            tx.then(lambda: s.matter_consultations.__setitem__(key, matter.consultation_count))
        tx.then(lambda: s.timelines.setdefault(key, {}).__setitem__(MARKER, ""))
        self._listing(tx, matter, None)

    def save(
        self,
        matter: Matter,
        previous: Matter,
        portal: PortalChanges,
        audit: AuditEntry | None,
        others: builtins.list[RelatedSave] | None = None,
    ) -> None:
        which = "This matter or a related one" if others else "This matter"
        tx = Transaction(f"{which} was changed by someone else, or its number is taken. Reload and try again.")
        self._save_into(tx, matter, previous, portal, audit)
        saved = [RelatedSave(matter=matter, previous=previous, portal=portal)]
        self._commit(tx, matter.firm_id, items_written(matter, previous, portal, audit), others, saved)

    def _commit(
        self,
        tx: Transaction,
        firm_id: str,
        items: int,
        others: builtins.list[RelatedSave] | None,
        saved: builtins.list[RelatedSave] | None = None,
    ) -> None:
        """With the other sides of the relations the matter changed, in the same
        transaction, which holds as many items as DynamoDB's."""
        for other in others or []:
            self._save_into(tx, other.matter, other.previous, other.portal, other.audit)
            items += items_written(other.matter, other.previous, other.portal, other.audit)
        # Each touched client's feed summary: one more item per client (FeedWrites.views).
        views: dict[str, dict[str, tuple[ClientMatterView | None, bool]]] = {}
        for change in (saved or []) + (others or []):
            for client_id, view in change.portal.views.items():
                published_now = view is not None and client_id not in change.previous.published_to
                views.setdefault(client_id, {})[change.matter.id] = (view, published_now)
        items += len(views)
        if views:
            tx.then(partial(write_views, self.store, firm_id, views))
        if items > MAX_ITEMS_PER_WRITE:
            raise InvalidInput.field("related", TOO_MANY_RELATION_CHANGES)
        tx.commit()

    def _save_into(
        self, tx: Transaction, matter: Matter, previous: Matter, portal: PortalChanges, audit: AuditEntry | None
    ) -> None:
        s = self.store
        key = (matter.firm_id, matter.id)
        tx.require(lambda: s.version_of(s.matters, key) == previous.version)
        # Like the adapter: a flag set meanwhile (a court movement arrived) makes the save stale.
        read = previous.pending_notification()
        read_at = read.changed_at.isoformat() if read else None
        tx.require(lambda: s.notify_pending_at.get(key) == read_at)
        # And a stage a court movement brought meanwhile (B7): the service reads again.
        read_court = _court(previous)
        tx.require(lambda: s.court_stages.get(key) == read_court)
        kept = matter.model_copy(update={"court_stage": previous.court_stage})
        tx.then(lambda: self._write_matter(kept))
        if matter.number_key != previous.number_key:
            if matter.number_key:
                number = (matter.firm_id, matter.number_key)
                tx.require(lambda: number not in s.numbers)
                tx.then(lambda: s.numbers.__setitem__(number, matter.id))
            if previous.number_key:
                old_number = (matter.firm_id, previous.number_key)
                tx.then(lambda: s.numbers.pop(old_number, None))
        self._listing(tx, matter, previous)
        for client_id, view in portal.views.items():
            tx.then(partial(self._write_view, matter.firm_id, client_id, matter.id, view))
        s.audit_new(tx, audit)

    def set_notification_pending(self, firm_id: str, matter_id: str, pending: bool, at: datetime) -> None:
        matter = self.get(firm_id, matter_id)
        if matter is None:
            raise NotFound("Matter not found.")
        self._write_matter(
            matter.model_copy(
                update={"notification_pending": pending, "notification_pending_at": at if pending else None}
            )
        )

    def save_court_stage(self, matter: Matter, previous: Matter) -> None:
        s = self.store
        key = (matter.firm_id, matter.id)
        tx = Transaction("This matter was changed meanwhile. Read it again.")
        tx.require(lambda: s.version_of(s.matters, key) == previous.version)
        read = _court(previous)
        tx.require(lambda: s.court_stages.get(key) == read)

        def write() -> None:
            written = _court(matter)
            if written is None:
                s.court_stages.pop(key, None)
            else:
                s.court_stages[key] = written

        tx.then(write)
        self._listing(tx, matter, previous)
        for client_id in matter.published_to:
            tx.then(partial(self._write_view, matter.firm_id, client_id, matter.id, matter.view_for(client_id)))
        tx.commit()

    def pending_notifications(self, firm_id: str, cursor: str | None, limit: int) -> Page[PendingNotification]:
        read, next_cursor = query_page(self.store.pending_lists.get(firm_id, {}), "", cursor, limit, newest_first=True)
        return Page(items=[PendingNotification.model_validate_json(raw) for _, raw in read], next_cursor=next_cursor)

    def client_views(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[ClientMatterView]:
        read, next_cursor = query_page(
            self.store.portal_views.get((firm_id, client_id), {}), "MATTER#", cursor, limit, newest_first=False
        )
        return Page(items=[ClientMatterView.model_validate_json(raw) for _, raw in read], next_cursor=next_cursor)

    def client_view(self, firm_id: str, client_id: str, matter_id: str) -> ClientMatterView | None:
        return load(ClientMatterView, self.store.portal_views.get((firm_id, client_id), {}).get(f"MATTER#{matter_id}"))

    def client_views_of(
        self, firm_id: str, client_id: str, matter_ids: builtins.list[str]
    ) -> builtins.list[ClientMatterView]:
        return [v for v in (self.client_view(firm_id, client_id, m) for m in sorted(set(matter_ids))) if v]

    def _write_matter(self, matter: Matter) -> None:
        s = self.store
        key = (matter.firm_id, matter.id)
        s.matters[key] = matter.model_dump_json(
            exclude={"notification_pending", "notification_pending_at", "court_stage", "stage", "consultation_count"}
        )
        court = _court(matter)
        if court is None:
            s.court_stages.pop(key, None)
        else:
            s.court_stages[key] = court
        s.notify_pending[key] = matter.notification_pending
        # The pending list: the entry moves with the time of the latest change, and goes when cleared.
        pending = s.pending_lists.setdefault(matter.firm_id, {})
        old_at = s.notify_pending_at.pop(key, None)
        if old_at:
            pending.pop(f"{old_at}#{matter.id}", None)
        entry = matter.pending_notification()
        if entry:
            s.notify_pending_at[key] = entry.changed_at.isoformat()
            pending[f"{entry.changed_at.isoformat()}#{matter.id}"] = dump(entry)

    def _write_view(self, firm_id: str, client_id: str, matter_id: str, view: ClientMatterView | None) -> None:
        views = self.store.portal_views.setdefault((firm_id, client_id), {})
        if view is None:
            views.pop(f"MATTER#{matter_id}", None)
        else:
            views[f"MATTER#{matter_id}"] = dump(view)

    def _listing(self, tx: Transaction, matter: Matter, previous: Matter | None) -> None:
        """The summary in the firm's list and in each involved client's list."""
        s = self.store
        sort_key = f"{matter.created_at.isoformat()}#{matter.id}"
        summary = dump(matter.summary())
        gone = set(previous.involved_client_ids if previous else []) - set(matter.involved_client_ids)

        def apply() -> None:
            for partition in [firm_list(matter.firm_id)] + [
                client_list(matter.firm_id, c) for c in matter.involved_client_ids
            ]:
                s.matter_lists.setdefault(partition, {})[sort_key] = summary
            for client_id in gone:
                s.matter_lists.get(client_list(matter.firm_id, client_id), {}).pop(sort_key, None)

        tx.then(apply)


def _court(matter: Matter) -> str | None:
    return matter.court_stage.model_dump_json() if matter.court_stage else None


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_: type[MatterRepository] = InMemoryMatterRepository
