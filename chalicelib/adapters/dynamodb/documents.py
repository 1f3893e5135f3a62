"""Documents and document requests in the updates table:

- `FIRM#<f>#DOC#<id>` / `DOC`: the document;
- `FIRM#<f>#CLIENT#<c>#DOCS`, `FIRM#<f>#MATTER#<m>#DOCS` and (F20) `FIRM#<f>#CONSULTATION#<c>#DOCS`
  / `<created_at>#<id>`: a copy in its client's, its matter's and its consultation's lists,
  written in the document's transactions, so a list is
  one Query, newest first;
- `FIRM#<f>#REVIEW` / `DOC#<checked_at>#<id>`: a copy of each document that awaits review (the
  firm's review queue), and `~COUNTS` in the same partition, which sorts before every entry
  newest first: how many wait per client and per matter (`client#<id>` and `matter#<id>`, with
  the name to show in `…#name`), kept in the same transactions. The first page of the queue
  and its counts are one Query;
- `FIRM#<f>#REQUEST#<id>` / `REQUEST`: a document request, and beside it, `DOC#<created_at>#<id>`,
  a copy of each document sent for it, written whenever the document is saved with its
  request: the request and its files are one Query. Its copies in
  `FIRM#<f>#CLIENT#<c>#REQUESTS` and `FIRM#<f>#MATTER#<m>#REQUESTS` / `<created_at>#<id>` list it."""

from __future__ import annotations

import builtins
from collections import Counter
from typing import TypeVar

from ...domain.audit import AuditEntry
from ...domain.common import Page
from ...domain.documents import Document, DocumentRequest, DocumentRequestDetail, ReviewCount, ReviewQueue
from ...domain.feed import FeedEntry, document_entry_id, document_shown, request_entry_id
from ...domain.ports import DocumentRepository
from .audit import audit_put
from .feed import FeedChange, FeedWrites, Readers, readers_of
from .items import (
    ConditionFailed,
    Item,
    delete,
    document,
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
    update,
    update_op,
)

Pair = tuple[Document, Document]
COUNTS = "~COUNTS"  # after every "DOC#…" entry: first in a newest-first Query
Listed = TypeVar("Listed", Document, DocumentRequest)


class DynamoDocumentRepository:
    def __init__(self, table: str, audit: str, matters: str) -> None:
        self.table = table
        self.audit = audit
        self.matters = matters
        self.feeds = FeedWrites(table)

    # --- documents ---------------------------------------------------------------------------

    def get(self, firm_id: str, document_id: str) -> Document | None:
        return load(Document, get(self.table, _pk(firm_id, document_id), "DOC"))

    def create_many(self, documents: builtins.list[Document], audit: AuditEntry | None) -> None:
        self._write(None, documents, [], audit, "This document exists already.")

    def save(
        self, document: Document, previous: Document, request: tuple[DocumentRequest, DocumentRequest] | None = None
    ) -> None:
        self._write(request, [], [(document, previous)], None)

    def of_client(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[Document]:
        return self._page(Document, f"FIRM#{firm_id}#CLIENT#{client_id}#DOCS", cursor, limit)

    def of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[Document]:
        return self._page(Document, f"FIRM#{firm_id}#MATTER#{matter_id}#DOCS", cursor, limit)

    def of_consultation(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[Document]:
        return self._page(Document, _consultation_docs(firm_id, consultation_id), cursor, limit)

    def of_consultation_all(self, firm_id: str, consultation_id: str) -> builtins.list[tuple[Document, Item]]:
        """Every document of the consultation, with the key of its copy in the consultation's
        list (F20: they go with the consultation; no other list holds them)."""
        partition = _consultation_docs(firm_id, consultation_id)
        listed = query_all(self.table, partition, "")
        return [
            (d, item_key(partition, i["sk"]["S"])) for d, i in zip(load_each(Document, listed), listed, strict=True)
        ]

    @staticmethod
    def record_key(d: Document) -> Item:
        """The key of the document's own record."""
        return item_key(_pk(d.firm_id, d.id), "DOC")

    def create_operations(self, documents: builtins.list[Document]) -> builtins.list[Item]:
        """New documents of no client and no matter (a consultation's): each, and its copies
        (F20: in its consultation's list), for the consultation's own transaction."""
        assert all(d.client_id is None and d.matter_id is None for d in documents)
        return [op for d in documents for op in (put_new(self.table, _item(d)), *self._copies(d, None))]

    def review_queue(self, firm_id: str, cursor: str | None, limit: int) -> ReviewQueue:
        if cursor:  # a later page: documents only
            items, next_cursor = query(self.table, _queue_pk(firm_id), "DOC#", cursor, limit, newest_first=True)
            return ReviewQueue(clients=[], matters=[], items=load_each(Document, items), next_cursor=next_cursor)
        # The counts sort first, newest first: one more item read than the page holds.
        items, next_cursor = query(
            self.table, _queue_pk(firm_id), "", None, limit + 1, newest_first=True, cursor_prefix="DOC#"
        )
        counts = items.pop(0) if items and items[0]["sk"]["S"] == COUNTS else {}
        clients, matters = _counts(counts)
        return ReviewQueue(clients=clients, matters=matters, items=load_each(Document, items), next_cursor=next_cursor)

    # --- requests ----------------------------------------------------------------------------

    def get_request(self, firm_id: str, request_id: str) -> DocumentRequest | None:
        return load(DocumentRequest, get(self.table, _request_pk(firm_id, request_id), "REQUEST"))

    def request_detail(self, firm_id: str, request_id: str) -> DocumentRequestDetail | None:
        items = query_all(self.table, _request_pk(firm_id, request_id), "")
        request = next((i for i in items if i["sk"]["S"] == "REQUEST"), None)
        if request is None:
            return None
        documents = load_each(Document, reversed([i for i in items if i["sk"]["S"].startswith("DOC#")]))
        return DocumentRequestDetail(request=load(DocumentRequest, request), documents=documents)

    def create_request(self, request: DocumentRequest, audit: AuditEntry) -> None:
        operations = [put_new(self.table, _request_item(request)), *self._request_copies(request)]
        changes = [_request_change(request, FeedEntry.of_request(request))]
        self.feeds.write(
            [*operations, audit_put(self.audit, audit)], request.firm_id, changes, "This request exists already."
        )

    def save_request(
        self,
        request: DocumentRequest,
        previous: DocumentRequest,
        audit: AuditEntry | None,
        documents: builtins.list[Pair] | None = None,
        created: builtins.list[Document] | None = None,
    ) -> None:
        self._write((request, previous), created or [], documents or [], audit)

    def delete_request(self, request: DocumentRequest, audit: AuditEntry) -> None:
        entry = _entry(request.created_at.isoformat(), request.id)
        pk = _request_pk(request.firm_id, request.id)
        # The request and the copies of its files beside it; the documents themselves stay.
        operations = [delete(self.table, item_key(pk, i["sk"]["S"])) for i in query_all(self.table, pk, "")]
        operations += [delete(self.table, item_key(lists, entry)) for lists in _request_lists(request)]
        own = [*operations, audit_put(self.audit, audit)]
        self.feeds.write(own, request.firm_id, [_request_change(request, None)], "This request was deleted already.")

    def requests_of_client(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        return self._page(DocumentRequest, f"FIRM#{firm_id}#CLIENT#{client_id}#REQUESTS", cursor, limit)

    def requests_of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        return self._page(DocumentRequest, f"FIRM#{firm_id}#MATTER#{matter_id}#REQUESTS", cursor, limit)

    # --- the writes ----------------------------------------------------------------------------

    def _write(
        self,
        request: tuple[DocumentRequest, DocumentRequest] | None,
        created: builtins.list[Document],
        saved: builtins.list[Pair],
        audit: AuditEntry | None,
        conflict: str = "This document was changed by someone else. Reload and try again.",
    ) -> None:
        """One transaction: the request over its version (and its list copies), the new
        documents, the saved ones over their versions, their copies (in the request's partition
        only when the request is written with them: a deleted request gets none back), the
        review queue's entries and one update of its counts, and the audit entry."""
        operations: list[Item] = []
        changes: builtins.list[FeedChange] = []
        if request:
            operations += [put_versioned(self.table, _request_item(request[0]), request[1].version)]
            operations += self._request_copies(request[0])
            changes.append(_request_change(request[0], FeedEntry.of_request(request[0])))
        beside = request[0].id if request else None
        writes: builtins.list[tuple[Document, Document | None, Item]] = [
            (d, None, put_new(self.table, _item(d))) for d in created
        ]
        writes += [(d, before, put_versioned(self.table, _item(d), before.version)) for d, before in saved]
        deltas: Counter[str] = Counter()
        names: dict[str, str] = {}
        readers: dict[str, Readers] = {}
        for d, before, write in writes:
            operations += [write, *self._copies(d, beside)]
            changes += self._shown(d, before, readers)
            waited = before is not None and before.awaits_review
            if d.awaits_review:
                operations.append(put(self.table, document(_queue_pk(d.firm_id), _queue_sk(d), d)))
            elif waited:
                operations.append(delete(self.table, item_key(_queue_pk(d.firm_id), _queue_sk(d))))
            if d.awaits_review != waited:
                for counter, name in _counters(d):
                    deltas[counter] += 1 if d.awaits_review else -1
                    names[counter] = name
        firm_id = writes[0][0].firm_id if writes else request[0].firm_id if request else ""
        if any(deltas.values()):
            operations.append(self._count(firm_id, deltas, names))
        if audit:
            operations.append(audit_put(self.audit, audit))
        if changes:
            self.feeds.write(operations, firm_id, changes, conflict)
        else:
            transact(operations, conflict=conflict)
        for counter, delta in deltas.items():
            if delta < 0:
                self._forget_if_zero(firm_id, counter)

    def _shown(self, d: Document, before: Document | None, readers: dict[str, Readers]) -> builtins.list[FeedChange]:
        """What the feeds of the matter's clients hold of the document now: an entry while it
        is published and available; none once hidden or refused (a malware verdict)."""
        shown, was = document_shown(d), before is not None and document_shown(before)
        if not (shown or was) or d.matter_id is None:
            return []
        if d.matter_id not in readers:
            readers[d.matter_id] = readers_of(self.matters, d.firm_id, d.matter_id)
        matter = readers[d.matter_id]
        if not shown:
            assert before is not None
            return [FeedChange(c, document_entry_id(before), d.matter_id, None) for c in matter.clients]
        entry = FeedEntry.of_document(d, matter.matter_title)
        changes = [FeedChange(c, entry.id, d.matter_id, entry) for c in matter.clients]
        if was and before is not None and document_entry_id(before) != entry.id:  # its place moved
            changes = [FeedChange(c, document_entry_id(before), d.matter_id, None) for c in matter.clients] + changes
        return changes

    def _count(self, firm_id: str, deltas: Counter[str], names: dict[str, str]) -> Item:
        """One update of the queue's counts, however many documents move them."""
        sets: list[str] = []
        attribute_names: dict[str, str] = {}
        values: Item = {":zero": number(0)}
        for i, (counter, delta) in enumerate(d for d in deltas.items() if d[1]):
            sets.append(f"#n{i} = if_not_exists(#n{i}, :zero) + :d{i}, #l{i} = :l{i}")
            attribute_names |= {f"#n{i}": counter, f"#l{i}": f"{counter}#name"}
            values |= {f":d{i}": number(delta), f":l{i}": string(names[counter])}
        key = item_key(_queue_pk(firm_id), COUNTS)
        return update_op(self.table, key, "SET " + ", ".join(sets), names=attribute_names, values=values)

    def _forget_if_zero(self, firm_id: str, counter: str) -> None:
        """A count back at zero leaves the counts item (unless a document came in meanwhile)."""
        try:
            update(
                self.table,
                item_key(_queue_pk(firm_id), COUNTS),
                "REMOVE #n, #l",
                condition="#n <= :zero",
                names={"#n": counter, "#l": f"{counter}#name"},
                values={":zero": number(0)},
            )
        except ConditionFailed:
            pass

    def _page(self, model: type[Listed], partition: str, cursor: str | None, limit: int) -> Page[Listed]:
        items, next_cursor = query(self.table, partition, "", cursor, limit, newest_first=True)
        return Page(items=load_each(model, items), next_cursor=next_cursor)

    def _copies(self, d: Document, beside_request: str | None) -> list[Item]:
        entry = _entry(d.created_at.isoformat(), d.id)
        places = []
        if d.client_id:
            places.append((f"FIRM#{d.firm_id}#CLIENT#{d.client_id}#DOCS", entry))
        if d.matter_id:
            places.append((f"FIRM#{d.firm_id}#MATTER#{d.matter_id}#DOCS", entry))
        if d.consultation_id:
            places.append((_consultation_docs(d.firm_id, d.consultation_id), entry))
        if d.request_id and d.request_id == beside_request:
            places.append((_request_pk(d.firm_id, d.request_id), f"DOC#{entry}"))
        return [put(self.table, document(pk, sk, d)) for pk, sk in places]

    def _request_copies(self, r: DocumentRequest) -> list[Item]:
        entry = _entry(r.created_at.isoformat(), r.id)
        return [put(self.table, document(partition, entry, r)) for partition in _request_lists(r)]


def _request_change(r: DocumentRequest, entry: FeedEntry | None) -> FeedChange:
    """Her feed's entry of the request: it, as it is now, or none once deleted."""
    return FeedChange(r.client_id, request_entry_id(r), r.matter_id, entry)


def _entry(at: str, id_: str) -> str:
    return f"{at}#{id_}"


def _pk(firm_id: str, document_id: str) -> str:
    return f"FIRM#{firm_id}#DOC#{document_id}"


def _consultation_docs(firm_id: str, consultation_id: str) -> str:
    return f"FIRM#{firm_id}#CONSULTATION#{consultation_id}#DOCS"


def _item(d: Document) -> Item:
    return document(_pk(d.firm_id, d.id), "DOC", d)


def _queue_pk(firm_id: str) -> str:
    return f"FIRM#{firm_id}#REVIEW"


def _queue_sk(d: Document) -> str:
    return "DOC#" + _entry((d.checked_at or d.created_at).isoformat(), d.id)


def _counters(d: Document) -> list[tuple[str, str]]:
    counters = []
    if d.client_id:
        counters.append((f"client#{d.client_id}", d.client_name or ""))
    if d.matter_id:
        counters.append((f"matter#{d.matter_id}", d.matter_title or ""))
    return counters


def _counts(item: Item) -> tuple[list[ReviewCount], list[ReviewCount]]:
    found: dict[str, list[ReviewCount]] = {"client": [], "matter": []}
    for attribute, value in item.items():
        kind, _, rest = attribute.partition("#")
        if kind in found and "#" not in rest and int(value["N"]) > 0:
            name = item.get(f"{attribute}#name", {}).get("S", "")
            found[kind].append(ReviewCount(id=rest, name=name, count=int(value["N"])))
    most_first = [sorted(c, key=lambda c: (-c.count, c.name, c.id)) for c in found.values()]
    return most_first[0], most_first[1]


def _request_pk(firm_id: str, request_id: str) -> str:
    return f"FIRM#{firm_id}#REQUEST#{request_id}"


def _request_item(r: DocumentRequest) -> Item:
    return document(_request_pk(r.firm_id, r.id), "REQUEST", r)


def _request_lists(r: DocumentRequest) -> list[str]:
    lists = [f"FIRM#{r.firm_id}#CLIENT#{r.client_id}#REQUESTS"]
    if r.matter_id:
        lists.append(f"FIRM#{r.firm_id}#MATTER#{r.matter_id}#REQUESTS")
    return lists


# The ports this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_document_repository: type[DocumentRepository] = DynamoDocumentRepository
