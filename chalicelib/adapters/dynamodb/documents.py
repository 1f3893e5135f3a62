"""Documents in the updates table:

- `FIRM#<f>#DOC#<id>` / `DOC`: the document;
- `FIRM#<f>#CLIENT#<c>#DOCS` and `FIRM#<f>#MATTER#<m>#DOCS` / `<created_at>#<id>`: a copy in
  its client's and its matter's lists, written in the document's transactions, so a list is
  one Query, newest first."""

from __future__ import annotations

import builtins

from ...domain.audit import AuditEntry
from ...domain.common import Page
from ...domain.documents import Document
from ...domain.ports import DocumentRepository
from .audit import audit_put
from .items import Item, document, get, load, load_each, put, put_new, put_versioned, query, transact


class DynamoDocumentRepository:
    def __init__(self, table: str, audit: str) -> None:
        self.table = table
        self.audit = audit

    def get(self, firm_id: str, document_id: str) -> Document | None:
        return load(Document, get(self.table, _pk(firm_id, document_id), "DOC"))

    def create_many(self, documents: builtins.list[Document], audit: AuditEntry | None) -> None:
        operations = [op for d in documents for op in [put_new(self.table, _item(d)), *self._copies(d)]]
        if audit:
            operations.append(audit_put(self.audit, audit))
        transact(operations, conflict="This document exists already.")

    def save(self, document: Document, previous: Document) -> None:
        transact([put_versioned(self.table, _item(document), previous.version), *self._copies(document)])

    def of_client(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[Document]:
        return self._page(f"FIRM#{firm_id}#CLIENT#{client_id}#DOCS", cursor, limit)

    def of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[Document]:
        return self._page(f"FIRM#{firm_id}#MATTER#{matter_id}#DOCS", cursor, limit)

    def _page(self, partition: str, cursor: str | None, limit: int) -> Page[Document]:
        items, next_cursor = query(self.table, partition, "", cursor, limit, newest_first=True)
        return Page(items=load_each(Document, items), next_cursor=next_cursor)

    def _copies(self, d: Document) -> list[Item]:
        entry = f"{d.created_at.isoformat()}#{d.id}"
        lists = []
        if d.client_id:
            lists.append(f"FIRM#{d.firm_id}#CLIENT#{d.client_id}#DOCS")
        if d.matter_id:
            lists.append(f"FIRM#{d.firm_id}#MATTER#{d.matter_id}#DOCS")
        return [put(self.table, document(partition, entry, d)) for partition in lists]


def _pk(firm_id: str, document_id: str) -> str:
    return f"FIRM#{firm_id}#DOC#{document_id}"


def _item(d: Document) -> Item:
    return document(_pk(d.firm_id, d.id), "DOC", d)


# The ports this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_document_repository: type[DocumentRepository] = DynamoDocumentRepository
