"""The firm's audit log, for admins (every change writes its entry in its own transaction)."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.audit import AuditEntry
from ..domain.common import Page
from ..domain.ports import AuditRepository


@dataclass(frozen=True)
class AuditService:
    audit: AuditRepository

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[AuditEntry]:
        return self.audit.list(firm_id, cursor, limit)
