"""The audit log, in memory."""

from __future__ import annotations

import builtins
from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.common import Page
from chalicelib.domain.ports import AuditRepository
from tests.support.fakes.store import Store, Transaction, query_page

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class InMemoryAuditRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def append(self, entry: AuditEntry) -> None:
        tx = Transaction()
        self.store.audit_new(tx, entry)
        tx.commit()

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[AuditEntry]:
        items, next_cursor = query_page(self.store.audit.get(firm_id, {}), "", cursor, limit, newest_first=True)
        return Page(items=[AuditEntry.model_validate_json(raw) for _, raw in items], next_cursor=next_cursor)

    def entries(self, firm_id: str) -> builtins.list[AuditEntry]:
        """Every entry of the firm, the last written first (the fake clock stands still, so
        entries of one test often share their time, and `list` orders those by chance)."""
        return [AuditEntry.model_validate_json(raw) for raw in reversed(self.store.audit.get(firm_id, {}).values())]

    def actions(self, firm_id: str) -> builtins.list[str]:
        return [entry.action for entry in self.entries(firm_id)]


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_: type[AuditRepository] = InMemoryAuditRepository
