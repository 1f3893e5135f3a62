"""Consultations (F20) in the consultations table (docs/DATA_MODEL.md):

- `FIRM#<f>` / `CONSULTATION#<id>`: the consultation, with its counts beside the document
  (`entries`, `open_tasks`, `documents`), moved by ADD in the transactions of what they count;
- its lists, one copy each (document, counts and what the filters read: `important`,
  `client`, `staff`, `linked`, `matter`, `words`), sort key `<occurred_at>#<id>` newest first, in
  `FIRM#<f>#CONSULTATIONS` and its sub-lists `…#IMPORTANT`, `…#CLIENT#<c>`, `…#STAFF#<s>`,
  `…#MATTER#<m>` and `…#LINKED` or `…#UNLINKED`, and `…#WORD#<first letters>` for each word of
  the subject (search): a list, with any filters, is one Query, never a Scan;
- `FIRM#<f>#CONSULTATION#<id>` / `ENTRY#<entry id>` (ids sort by time: oldest first) and
  `TASK#<0 open|1 done>#<due>#<task id>`: its entries and a copy of each task;
- `FIRM#<f>` / `TASK#<id>`: a task; `FIRM#<f>#STAFF#<s>#OPEN` / `<due>#<id>`: a copy while it is
  open (the timeline writes its tasks' copies there too): "my tasks" is one Query.

The matter's consultation_count is an attribute beside the matter's document (matters.py)."""

from __future__ import annotations

import builtins
from typing import Any

from ...domain.audit import AuditEntry
from ...domain.common import Page
from ...domain.consultations import (
    Consultation,
    ConsultationEntry,
    ConsultationQuery,
    Task,
    lists_of,
    searchable,
    sort_instant,
)
from ...domain.documents import Document
from ...domain.errors import Conflict, InvalidInput, NotFound
from ...domain.ports import ConsultationRepository, ConversionWrite
from .audit import audit_put
from .clients import DynamoClientRepository
from .documents import DynamoDocumentRepository
from .items import (
    MOST_OPERATIONS,
    Filter,
    Item,
    boolean,
    delete,
    delete_if,
    document,
    firm_pk,
    get,
    item_key,
    load,
    load_each,
    number,
    put,
    put_new,
    put_versioned,
    query,
    query_all,
    string,
    transact,
    transact_in_chunks,
    try_transact,
    update_op,
)
from .matters import CONSULTATION_COUNT, DynamoMatterRepository
from .tasks import open_task_key

# The counts beside the document: the model's field -> the attribute.
COUNTS = {"entry_count": "entries", "open_task_count": "open_tasks", "document_count": "documents"}
STALE = "This consultation was changed by someone else. Reload and try again."
_ATTEMPTS = 5


def _lists(firm_id: str) -> str:
    return f"FIRM#{firm_id}#CONSULTATIONS"


def _thread(firm_id: str, consultation_id: str) -> str:
    return f"FIRM#{firm_id}#CONSULTATION#{consultation_id}"


def _open_tasks(firm_id: str, staff_id: str) -> str:
    return f"FIRM#{firm_id}#STAFF#{staff_id}#OPEN"


def _places(c: Consultation) -> list[Item]:
    """The keys of the consultation: its own item and each list it is in."""
    base, sk = _lists(c.firm_id), f"{sort_instant(c.occurred_at)}#{c.id}"
    return [item_key(firm_pk(c.firm_id), f"CONSULTATION#{c.id}")] + [item_key(base + name, sk) for name in lists_of(c)]


def _stored(c: Consultation, key: Item) -> Item:
    item: Item = {
        **key,
        "doc": string(c.model_dump_json(exclude=set(COUNTS))),
        "version": number(c.version),
        **{attribute: number(getattr(c, name)) for name, attribute in COUNTS.items()},
        "important": boolean(c.important),
        "linked": boolean(c.matter_id is not None),
        "staff": {"SS": sorted(c.staff_ids)},
    }
    if c.client_id:
        item["client"] = string(c.client_id)
    if c.matter_id:
        item["matter"] = string(c.matter_id)
    if words := searchable(c.subject):
        item["words"] = string(words)
    return item


def _consultation(item: Item | None) -> Consultation | None:
    c = load(Consultation, item)
    if c is None or item is None:
        return None
    return c.model_copy(update={name: int(item.get(a, {}).get("N", "0")) for name, a in COUNTS.items()})


def _entry_item(entry: ConsultationEntry) -> Item:
    return document(_thread(entry.firm_id, entry.consultation_id), f"ENTRY#{entry.id}", entry)


def _task_list_key(task: Task) -> Item:
    assert task.consultation_id is not None
    return item_key(_thread(task.firm_id, task.consultation_id), f"TASK#{int(task.done)}#{task.due_key()}#{task.id}")


def _task_open_key(task: Task) -> Item | None:
    return None if task.done else open_task_key(task.firm_id, task.assignee.id, task.due_key(), task.id)


def _key_tuple(key: Item) -> tuple[str, str]:
    return key["pk"]["S"], key["sk"]["S"]


class DynamoConsultationRepository:
    def __init__(
        self,
        table: str,
        audit: str,
        matters: DynamoMatterRepository,
        clients: DynamoClientRepository,
        documents: DynamoDocumentRepository,
    ) -> None:
        self.table = table
        self.audit = audit
        self.matters = matters
        self.clients = clients
        self.documents = documents

    # --- the consultation ----------------------------------------------------------------------

    def get(self, firm_id: str, consultation_id: str) -> Consultation | None:
        return _consultation(get(self.table, firm_pk(firm_id), f"CONSULTATION#{consultation_id}"))

    def list(self, firm_id: str, query: ConsultationQuery, cursor: str | None, limit: int) -> Page[Consultation]:
        partition, filters = _plan(firm_id, query)
        items, next_cursor = _query(self.table, partition, cursor, limit, Filter.all_of(filters), query.range())
        return Page(items=[c for c in (_consultation(i) for i in items) if c], next_cursor=next_cursor)

    def create(self, consultation: Consultation, entry: ConsultationEntry | None, audit: AuditEntry) -> None:
        keys = _places(consultation)
        operations = [put_new(self.table, _stored(consultation, keys[0]))]
        operations += [put(self.table, _stored(consultation, key)) for key in keys[1:]]
        if entry:
            operations.append(put_new(self.table, _entry_item(entry)))
        operations.append(audit_put(self.audit, audit))
        operations += self._matter_count(consultation.firm_id, consultation.matter_id, 1)
        transact(operations, conflict="This consultation exists already, or its matter is gone.")

    def save(self, consultation: Consultation, previous: Consultation, audit: AuditEntry) -> None:
        operations = self._save_operations(consultation, previous)
        operations.append(audit_put(self.audit, audit))
        if consultation.matter_id != previous.matter_id:
            operations += self._matter_count(consultation.firm_id, previous.matter_id, -1)
            operations += self._matter_count(consultation.firm_id, consultation.matter_id, 1)
        transact(operations, conflict=STALE)

    def _save_operations(self, consultation: Consultation, previous: Consultation) -> builtins.list[Item]:
        """The consultation over the version and the counts read; the lists it leaves removed."""
        keys = _places(consultation)
        condition, values, names = _as_read(previous)
        operations = [put(self.table, _stored(consultation, keys[0]), condition, values, names)]
        operations += [put(self.table, _stored(consultation, key)) for key in keys[1:]]
        kept = {_key_tuple(k) for k in keys}
        operations += [delete(self.table, key) for key in _places(previous)[1:] if _key_tuple(key) not in kept]
        return operations

    def delete(self, consultation: Consultation, audit: AuditEntry) -> builtins.list[Document]:
        keys = _places(consultation)
        condition, values, names = _as_read(consultation)
        first = delete_if(self.table, keys[0], condition, {"#v": "version", **names}, values)
        operations = [first, *[delete(self.table, key) for key in keys[1:]], audit_put(self.audit, audit)]
        operations += self._matter_count(consultation.firm_id, consultation.matter_id, -1)
        transact(operations, conflict=STALE)
        # Gone from every list: what hangs under it (entries, tasks, its documents) goes after, in
        # as many writes as needed (a failure leaves nothing reachable: the thread is gone).
        hanging: builtins.list[Item] = []
        for item in query_all(self.table, _thread(consultation.firm_id, consultation.id), ""):
            hanging.append(delete(self.table, item_key(item["pk"]["S"], item["sk"]["S"])))
            if item["sk"]["S"].startswith("TASK#"):
                task = Task.model_validate_json(item["doc"]["S"])
                hanging.append(delete(self.table, item_key(firm_pk(task.firm_id), f"TASK#{task.id}")))
                if (open_key := _task_open_key(task)) is not None:
                    hanging.append(delete(self.table, open_key))
        documents = self.documents.of_consultation_all(consultation.firm_id, consultation.id)
        for d, listed in documents:
            hanging += [
                delete(self.documents.table, listed),
                delete(self.documents.table, self.documents.record_key(d)),
            ]
        transact_in_chunks(hanging)
        return [d for d, _ in documents]

    def _matter_count(self, firm_id: str, matter_id: str | None, delta: int) -> builtins.list[Item]:
        if matter_id is None:
            return []
        return [
            update_op(
                self.matters.table,
                item_key(firm_pk(firm_id), f"MATTER#{matter_id}"),
                "ADD #count :delta",
                condition="attribute_exists(pk)",
                names={"#count": CONSULTATION_COUNT},
                values={":delta": number(delta)},
            )
        ]

    def _counted(self, firm_id: str, consultation_id: str, deltas: dict[str, int]) -> builtins.list[Item]:
        """The counts moved on the consultation and on each copy in its lists, over the version
        read (its lists are the ones read); NotFound when it is gone."""
        current = self.get(firm_id, consultation_id)
        if current is None:
            raise NotFound("Consultation not found.")
        expression = "ADD " + ", ".join(f"#{a} :{a}" for a in deltas)
        names = {f"#{a}": a for a in deltas}
        values = {f":{a}": number(d) for a, d in deltas.items()}
        keys = _places(current)
        return [
            update_op(
                self.table,
                keys[0],
                expression,
                condition="#v = :version",
                names=names | {"#v": "version"},
                values=values | {":version": number(current.version)},
            ),
            *[update_op(self.table, key, expression, names=names, values=values) for key in keys[1:]],
        ]

    def _write_counted(
        self,
        firm_id: str,
        consultation_id: str,
        deltas: dict[str, int],
        own: builtins.list[Item],
        conflict: str,
    ) -> None:
        """`own` writes with the consultation's counts moved by `deltas`, in one transaction;
        read again and sent again while only the consultation changed under them (several
        staff at once): a failed condition of `own` is the caller's Conflict."""
        for _ in range(_ATTEMPTS):
            counted = self._counted(firm_id, consultation_id, deltas) if any(deltas.values()) else []
            failed = try_transact(own + counted, _ATTEMPTS)  # sent again while busy, up to that many times
            if not failed:
                return
            if any(position < len(own) for position in failed):
                raise Conflict(conflict, code="conflict")
        raise Conflict("This consultation is changing right now. Try again.", code="conflict")

    # --- entries -------------------------------------------------------------------------------

    def add_entry(self, entry: ConsultationEntry, audit: AuditEntry | None) -> None:
        own = [put_new(self.table, _entry_item(entry))] + ([audit_put(self.audit, audit)] if audit else [])
        self._write_counted(entry.firm_id, entry.consultation_id, {"entries": 1}, own, "This entry exists already.")

    def get_entry(self, firm_id: str, consultation_id: str, entry_id: str) -> ConsultationEntry | None:
        return load(ConsultationEntry, get(self.table, _thread(firm_id, consultation_id), f"ENTRY#{entry_id}"))

    def save_entry(self, entry: ConsultationEntry, previous: ConsultationEntry, audit: AuditEntry | None) -> None:
        operations = [put_versioned(self.table, _entry_item(entry), previous.version)]
        transact(operations + ([audit_put(self.audit, audit)] if audit else []), conflict=STALE)

    def entries(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[ConsultationEntry]:
        items, next_cursor = query(self.table, _thread(firm_id, consultation_id), "ENTRY#", cursor, limit)
        return Page(items=load_each(ConsultationEntry, items), next_cursor=next_cursor)

    # --- documents -----------------------------------------------------------------------------

    def attach_documents(self, documents: builtins.list[Document], audit: AuditEntry | None) -> None:
        if not documents:
            return
        (consultation_id,) = {d.consultation_id for d in documents}
        assert consultation_id is not None
        own = self.documents.create_operations(documents) + ([audit_put(self.audit, audit)] if audit else [])
        self._write_counted(
            documents[0].firm_id, consultation_id, {"documents": len(documents)}, own, "This document exists already."
        )

    # --- tasks ---------------------------------------------------------------------------------

    def create_task(self, task: Task, audit: AuditEntry | None) -> None:
        assert task.consultation_id is not None
        own = [
            put_new(self.table, document(firm_pk(task.firm_id), f"TASK#{task.id}", task)),
            put(self.table, document(**_pk_sk(_task_list_key(task)), model=task)),
        ]
        if (open_key := _task_open_key(task)) is not None:
            own.append(put(self.table, document(**_pk_sk(open_key), model=task)))
        own += [audit_put(self.audit, audit)] if audit else []
        deltas = {"open_tasks": 0 if task.done else 1}
        self._write_counted(task.firm_id, task.consultation_id, deltas, own, "This task exists already.")

    def get_task(self, firm_id: str, task_id: str) -> Task | None:
        return load(Task, get(self.table, firm_pk(firm_id), f"TASK#{task_id}"))

    def save_task(self, task: Task, previous: Task, audit: AuditEntry | None) -> None:
        assert task.consultation_id is not None
        own = [put_versioned(self.table, document(firm_pk(task.firm_id), f"TASK#{task.id}", task), previous.version)]
        new_list, old_list = _task_list_key(task), _task_list_key(previous)
        if _key_tuple(new_list) != _key_tuple(old_list):
            own.append(delete(self.table, old_list))
        own.append(put(self.table, document(**_pk_sk(new_list), model=task)))
        new_open, old_open = _task_open_key(task), _task_open_key(previous)
        if old_open is not None and (new_open is None or _key_tuple(new_open) != _key_tuple(old_open)):
            own.append(delete(self.table, old_open))
        if new_open is not None:
            own.append(put(self.table, document(**_pk_sk(new_open), model=task)))
        own += [audit_put(self.audit, audit)] if audit else []
        deltas = {"open_tasks": int(previous.done) - int(task.done)}
        self._write_counted(task.firm_id, task.consultation_id, deltas, own, STALE)

    def tasks_of(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[Task]:
        items, next_cursor = query(self.table, _thread(firm_id, consultation_id), "TASK#", cursor, limit)
        return Page(items=load_each(Task, items), next_cursor=next_cursor)

    def open_tasks_of(self, firm_id: str, staff_id: str, cursor: str | None, limit: int) -> Page[Task]:
        items, next_cursor = query(self.table, _open_tasks(firm_id, staff_id), "", cursor, limit)
        return Page(items=load_each(Task, items), next_cursor=next_cursor)

    # --- conversion ----------------------------------------------------------------------------

    def convert(self, write: ConversionWrite) -> None:
        operations = self.clients.create_operations(write.client) if write.client else []
        operations += self.matters.create_operations(write.matter)
        # The matter is new with its count at one: no ADD on an item the transaction puts.
        operations += self._save_operations(write.consultation, write.previous)
        operations += [audit_put(self.audit, entry) for entry in write.audit]
        if len(operations) > MOST_OPERATIONS:
            raise InvalidInput.field("subject", "This consultation lists under too many words to convert; shorten it.")
        transact(
            operations,
            conflict="This consultation was changed meanwhile, the matter's number is taken or another client has "
            "one of the prospect's e-mails. Reload and try again.",
        )


def _pk_sk(key: Item) -> dict[str, str]:
    return {"pk": key["pk"]["S"], "sk": key["sk"]["S"]}


def _as_read(c: Consultation) -> tuple[str, Item, dict[str, str]]:
    """The condition that the consultation is as read: its version and its counts."""
    condition = "#v = :v AND " + " AND ".join(f"#{a} = :{a}" for a in COUNTS.values())
    values = {":v": number(c.version), **{f":{a}": number(getattr(c, name)) for name, a in COUNTS.items()}}
    return condition, values, {f"#{a}": a for a in COUNTS.values()}


def _plan(firm_id: str, q: ConsultationQuery) -> tuple[str, builtins.list[Filter]]:
    """The list to read (the most selective the query names) and the filters for the rest."""
    suffix = q.list_to_read()
    filters: builtins.list[Filter] = []
    if q.search is not None:
        filters += [Filter.contains("words", string(f" {w}"), str(n)) for n, w in enumerate(q.search.words)]
    if q.matter_id is not None and not suffix.startswith("#MATTER#"):
        filters.append(Filter.equals("matter", string(q.matter_id)))
    if q.client_id is not None and not suffix.startswith("#CLIENT#"):
        filters.append(Filter.equals("client", string(q.client_id)))
    if q.staff_id is not None and not suffix.startswith("#STAFF#"):
        filters.append(Filter.contains("staff", string(q.staff_id)))
    if q.important is not None and suffix != "#IMPORTANT":
        filters.append(Filter.equals("important", boolean(q.important)))
    if q.matter is not None and suffix not in ("#LINKED", "#UNLINKED"):
        filters.append(Filter.equals("linked", boolean(q.matter == "linked")))
    return _lists(firm_id) + suffix, filters


def _query(
    table: str, partition: str, cursor: str | None, limit: int, where: Filter | None, between: tuple[str, str] | None
) -> tuple[builtins.list[Item], str | None]:
    extra: dict[str, Any] = {"between": between} if between else {}
    return query(table, partition, "", cursor, limit, newest_first=True, where=where, **extra)


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_consultation_repository: type[ConsultationRepository] = DynamoConsultationRepository
