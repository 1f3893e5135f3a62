"""Consultations, their entries and tasks, in memory: the items of DynamoConsultationRepository
(the consultation, a copy in each of its lists, entries, tasks and their copies, the staff's
open tasks) as partitions of `Store.consultations`, written through one Transaction each."""

from __future__ import annotations

import builtins
from functools import partial
from typing import Any

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.common import Page
from chalicelib.domain.consultations import (
    Consultation,
    ConsultationEntry,
    ConsultationQuery,
    Task,
    lists_of,
    searchable,
    sort_instant,
)
from chalicelib.domain.documents import Document
from chalicelib.domain.errors import NotFound
from chalicelib.domain.ports import ConsultationRepository, ConversionWrite
from tests.support.fakes.clients import InMemoryClientRepository
from tests.support.fakes.documents import InMemoryDocumentRepository
from tests.support.fakes.matters import InMemoryMatterRepository
from tests.support.fakes.store import Store, Transaction, load, query_page

COUNTS = {"entry_count": "entries", "open_task_count": "open_tasks", "document_count": "documents"}
STALE = "This consultation was changed by someone else. Reload and try again."
Key = tuple[str, str]


def _lists(firm_id: str) -> str:
    return f"FIRM#{firm_id}#CONSULTATIONS"


def _thread(firm_id: str, consultation_id: str) -> str:
    return f"FIRM#{firm_id}#CONSULTATION#{consultation_id}"


def open_tasks_partition(firm_id: str, staff_id: str) -> str:
    return f"FIRM#{firm_id}#STAFF#{staff_id}#OPEN"


def _places(c: Consultation) -> list[Key]:
    base, sk = _lists(c.firm_id), f"{sort_instant(c.occurred_at)}#{c.id}"
    return [(f"FIRM#{c.firm_id}", f"CONSULTATION#{c.id}")] + [(base + name, sk) for name in lists_of(c)]


def _stored(c: Consultation) -> dict[str, Any]:
    return {
        "doc": c.model_dump_json(exclude=set(COUNTS)),
        "version": c.version,
        **{attribute: getattr(c, name) for name, attribute in COUNTS.items()},
        "important": c.important,
        "linked": c.matter_id is not None,
        "staff": set(c.staff_ids),
        "client": c.client_id,
        "matter": c.matter_id,
        "words": searchable(c.subject),
    }


def _consultation(item: dict[str, Any] | None) -> Consultation | None:
    if item is None:
        return None
    c = Consultation.model_validate_json(item["doc"])
    return c.model_copy(update={name: item[a] for name, a in COUNTS.items()})


def _task_list_key(task: Task) -> Key:
    assert task.consultation_id is not None
    return _thread(task.firm_id, task.consultation_id), f"TASK#{int(task.done)}#{task.due_key()}#{task.id}"


def _task_open_key(task: Task) -> Key | None:
    return None if task.done else (open_tasks_partition(task.firm_id, task.assignee.id), f"{task.due_key()}#{task.id}")


class InMemoryConsultationRepository:
    def __init__(
        self,
        store: Store,
        matters: InMemoryMatterRepository,
        clients: InMemoryClientRepository,
        documents: InMemoryDocumentRepository,
    ) -> None:
        self.store = store
        self.matters = matters
        self.clients = clients
        self.documents = documents

    # --- the items -----------------------------------------------------------------------------

    def _item(self, key: Key) -> dict[str, Any] | None:
        return self.store.consultations.get(key[0], {}).get(key[1])

    def _put(self, key: Key, item: dict[str, Any]) -> None:
        self.store.consultations.setdefault(key[0], {})[key[1]] = dict(item)

    def _delete(self, key: Key) -> None:
        self.store.consultations.get(key[0], {}).pop(key[1], None)

    def _as_read(self, c: Consultation) -> bool:
        item = self._item(_places(c)[0])
        return (
            item is not None
            and item["version"] == c.version
            and all(item[a] == getattr(c, name) for name, a in COUNTS.items())
        )

    def _matter_count(self, tx: Transaction, firm_id: str, matter_id: str | None, delta: int) -> None:
        if matter_id is None:
            return
        s, key = self.store, (firm_id, matter_id)
        tx.require(lambda: key in s.matters)
        tx.then(lambda: s.matter_consultations.__setitem__(key, s.matter_consultations.get(key, 0) + delta))

    # --- the consultation ----------------------------------------------------------------------

    def get(self, firm_id: str, consultation_id: str) -> Consultation | None:
        return _consultation(self._item((f"FIRM#{firm_id}", f"CONSULTATION#{consultation_id}")))

    def list(self, firm_id: str, query: ConsultationQuery, cursor: str | None, limit: int) -> Page[Consultation]:
        partition = _lists(firm_id) + query.list_to_read()
        entries = self.store.consultations.get(partition, {})
        between = query.range()
        if between:
            entries = {k: v for k, v in entries.items() if between[0] <= k <= between[1]}
        keyed = {k: k for k in entries}
        read, next_cursor = query_page(keyed, "", cursor, limit, newest_first=True)
        # A FilterExpression: applied to what the page read.
        items = [entries[k] for k, _ in read if _passes(entries[k], query)]
        return Page(items=[c for c in (_consultation(i) for i in items) if c], next_cursor=next_cursor)

    def create(self, consultation: Consultation, entry: ConsultationEntry | None, audit: AuditEntry) -> None:
        tx = Transaction("This consultation exists already, or its matter is gone.")
        keys = _places(consultation)
        tx.require(lambda: self._item(keys[0]) is None)
        for key in keys:
            tx.then(partial(self._put, key, _stored(consultation)))
        if entry:
            self._new_entry(tx, entry)
        self.store.audit_new(tx, audit)
        self._matter_count(tx, consultation.firm_id, consultation.matter_id, 1)
        tx.commit()

    def save(self, consultation: Consultation, previous: Consultation, audit: AuditEntry) -> None:
        tx = Transaction(STALE)
        self._save_into(tx, consultation, previous)
        self.store.audit_new(tx, audit)
        if consultation.matter_id != previous.matter_id:
            self._matter_count(tx, consultation.firm_id, previous.matter_id, -1)
            self._matter_count(tx, consultation.firm_id, consultation.matter_id, 1)
        tx.commit()

    def _save_into(self, tx: Transaction, consultation: Consultation, previous: Consultation) -> None:
        tx.require(lambda: self._as_read(previous))
        keys = _places(consultation)
        for key in set(_places(previous)) - set(keys):
            tx.then(partial(self._delete, key))
        for key in keys:
            tx.then(partial(self._put, key, _stored(consultation)))

    def delete(self, consultation: Consultation, audit: AuditEntry) -> builtins.list[Document]:
        tx = Transaction(STALE)
        tx.require(lambda: self._as_read(consultation))
        for key in _places(consultation):
            tx.then(partial(self._delete, key))
        self.store.audit_new(tx, audit)
        self._matter_count(tx, consultation.firm_id, consultation.matter_id, -1)
        tx.commit()
        thread = _thread(consultation.firm_id, consultation.id)
        for sk, item in sorted(self.store.consultations.get(thread, {}).items()):
            if sk.startswith("TASK#"):
                task = Task.model_validate_json(item["doc"])
                self._delete((f"FIRM#{task.firm_id}", f"TASK#{task.id}"))
                if (open_key := _task_open_key(task)) is not None:
                    self._delete(open_key)
        self.store.consultations.pop(thread, None)
        listed = self.store.document_lists.pop(f"{consultation.firm_id}#CONSULTATION#{consultation.id}", {})
        gone = [self.store.documents.pop((consultation.firm_id, document_id), None) for document_id in listed.values()]
        return [d for d in (load(Document, raw) for raw in gone) if d is not None]

    def _counted(self, tx: Transaction, firm_id: str, consultation_id: str, deltas: dict[str, int]) -> None:
        current = self.get(firm_id, consultation_id)
        if current is None:
            raise NotFound("Consultation not found.")
        if not any(deltas.values()):
            return
        keys = _places(current)
        tx.require(lambda: (item := self._item(keys[0])) is not None and item["version"] == current.version)

        def count() -> None:
            for key in keys:
                item = self._item(key)
                assert item is not None
                for attribute, delta in deltas.items():
                    item[attribute] += delta

        tx.then(count)

    # --- entries -------------------------------------------------------------------------------

    def _new_entry(self, tx: Transaction, entry: ConsultationEntry) -> None:
        key = (_thread(entry.firm_id, entry.consultation_id), f"ENTRY#{entry.id}")
        tx.require(lambda: self._item(key) is None)
        tx.then(partial(self._put, key, {"doc": entry.model_dump_json(), "version": entry.version}))

    def add_entry(self, entry: ConsultationEntry, audit: AuditEntry | None) -> None:
        tx = Transaction("This entry exists already.")
        self._counted(tx, entry.firm_id, entry.consultation_id, {"entries": 1})
        self._new_entry(tx, entry)
        self.store.audit_new(tx, audit)
        tx.commit()

    def get_entry(self, firm_id: str, consultation_id: str, entry_id: str) -> ConsultationEntry | None:
        item = self._item((_thread(firm_id, consultation_id), f"ENTRY#{entry_id}"))
        return None if item is None else ConsultationEntry.model_validate_json(item["doc"])

    def save_entry(self, entry: ConsultationEntry, previous: ConsultationEntry, audit: AuditEntry | None) -> None:
        key = (_thread(entry.firm_id, entry.consultation_id), f"ENTRY#{entry.id}")
        tx = Transaction(STALE)
        tx.require(lambda: (item := self._item(key)) is not None and item["version"] == previous.version)
        tx.then(partial(self._put, key, {"doc": entry.model_dump_json(), "version": entry.version}))
        self.store.audit_new(tx, audit)
        tx.commit()

    def entries(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[ConsultationEntry]:
        partition = self.store.consultations.get(_thread(firm_id, consultation_id), {})
        read, next_cursor = query_page({k: v["doc"] for k, v in partition.items()}, "ENTRY#", cursor, limit)
        return Page(items=[ConsultationEntry.model_validate_json(raw) for _, raw in read], next_cursor=next_cursor)

    # --- documents -----------------------------------------------------------------------------

    def attach_documents(self, documents: builtins.list[Document], audit: AuditEntry | None) -> None:
        if not documents:
            return
        (consultation_id,) = {d.consultation_id for d in documents}
        assert consultation_id is not None
        tx = Transaction("This document exists already.")
        self._counted(tx, documents[0].firm_id, consultation_id, {"documents": len(documents)})
        self.documents.create_into(tx, documents)
        self.store.audit_new(tx, audit)
        tx.commit()

    # --- tasks ---------------------------------------------------------------------------------

    def create_task(self, task: Task, audit: AuditEntry | None) -> None:
        assert task.consultation_id is not None
        tx = Transaction("This task exists already.")
        self._counted(tx, task.firm_id, task.consultation_id, {"open_tasks": 0 if task.done else 1})
        main = (f"FIRM#{task.firm_id}", f"TASK#{task.id}")
        tx.require(lambda: self._item(main) is None)
        item = {"doc": task.model_dump_json(), "version": task.version}
        for key in [main, _task_list_key(task), _task_open_key(task)]:
            if key is not None:
                tx.then(partial(self._put, key, item))
        self.store.audit_new(tx, audit)
        tx.commit()

    def get_task(self, firm_id: str, task_id: str) -> Task | None:
        item = self._item((f"FIRM#{firm_id}", f"TASK#{task_id}"))
        return None if item is None else Task.model_validate_json(item["doc"])

    def save_task(self, task: Task, previous: Task, audit: AuditEntry | None) -> None:
        assert task.consultation_id is not None
        tx = Transaction(STALE)
        self._counted(tx, task.firm_id, task.consultation_id, {"open_tasks": int(previous.done) - int(task.done)})
        main = (f"FIRM#{task.firm_id}", f"TASK#{task.id}")
        tx.require(lambda: (item := self._item(main)) is not None and item["version"] == previous.version)
        for key in [_task_list_key(previous), _task_open_key(previous)]:
            if key is not None:
                tx.then(partial(self._delete, key))
        item = {"doc": task.model_dump_json(), "version": task.version}
        for key in [main, _task_list_key(task), _task_open_key(task)]:
            if key is not None:
                tx.then(partial(self._put, key, item))
        self.store.audit_new(tx, audit)
        tx.commit()

    def tasks_of(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[Task]:
        partition = self.store.consultations.get(_thread(firm_id, consultation_id), {})
        read, next_cursor = query_page({k: v["doc"] for k, v in partition.items()}, "TASK#", cursor, limit)
        return Page(items=[Task.model_validate_json(raw) for _, raw in read], next_cursor=next_cursor)

    def open_tasks_of(self, firm_id: str, staff_id: str, cursor: str | None, limit: int) -> Page[Task]:
        partition = self.store.consultations.get(open_tasks_partition(firm_id, staff_id), {})
        read, next_cursor = query_page({k: v["doc"] for k, v in partition.items()}, "", cursor, limit)
        return Page(items=[Task.model_validate_json(raw) for _, raw in read], next_cursor=next_cursor)

    # --- conversion ----------------------------------------------------------------------------

    def convert(self, write: ConversionWrite) -> None:
        tx = Transaction(
            "This consultation was changed meanwhile, the matter's number is taken or another client has "
            "one of the prospect's e-mails. Reload and try again."
        )
        if write.client:
            self.clients.create_into(tx, write.client)
        self.matters.create_into(tx, write.matter)
        self._save_into(tx, write.consultation, write.previous)
        for entry in write.audit:
            self.store.audit_new(tx, entry)
        tx.commit()


def _passes(item: dict[str, Any], q: ConsultationQuery) -> bool:
    return (
        (q.search is None or all(f" {w}" in item["words"] for w in q.search.words))
        and (q.matter_id is None or item["matter"] == q.matter_id)
        and (q.client_id is None or item["client"] == q.client_id)
        and (q.staff_id is None or q.staff_id in item["staff"])
        and (q.important is None or item["important"] is q.important)
        and (q.matter is None or item["linked"] is (q.matter == "linked"))
    )


# The port this fake implements (chalicelib.domain.ports): mypy reports any drift here.
_consultation_repository: type[ConsultationRepository] = InMemoryConsultationRepository
