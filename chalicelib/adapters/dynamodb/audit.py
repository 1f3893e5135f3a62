"""The audit table: entries newest first. A change writes its entry in its own
transaction (every repository puts `audit_put` beside its writes)."""

from __future__ import annotations

from ...domain.audit import AuditEntry
from ...domain.common import Page
from ...domain.ports import AuditRepository
from .items import Item, document, firm_pk, load_each, put_new, query, transact


def audit_put(table: str, entry: AuditEntry) -> Item:
    return put_new(table, document(firm_pk(entry.firm_id), entry.id, entry))


class DynamoAuditRepository:
    def __init__(self, table: str) -> None:
        self.table = table

    def append(self, entry: AuditEntry) -> None:
        transact([audit_put(self.table, entry)])

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[AuditEntry]:
        items, next_cursor = query(self.table, firm_pk(firm_id), "", cursor, limit, newest_first=True)
        return Page(items=load_each(AuditEntry, items), next_cursor=next_cursor)


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_audit_repository: type[AuditRepository] = DynamoAuditRepository
