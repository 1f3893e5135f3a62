"""The audit log: who changed what, and when. Entries are written in the same
transaction as the change they describe, so the log never misses nor invents one."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from .common import DomainModel, Id


class AuditEntry(DomainModel):
    firm_id: Id
    id: str
    at: datetime
    actor_id: str
    actor_kind: str
    actor_email: str | None = None
    action: str
    target: str
    details: dict[str, Any] = {}

    @classmethod
    def record(cls, actor: Actor, action: str, target: str, at: datetime, **details: Any) -> AuditEntry:
        # Time first, so the log sorts by time; the suffix keeps two entries of one instant apart.
        entry_id = f"{at.strftime('%Y%m%dT%H%M%S%fZ')}-{secrets.token_hex(4)}"
        return cls(
            firm_id=actor.firm_id,
            id=entry_id,
            at=at,
            actor_id=actor.principal_id,
            actor_kind=actor.kind,
            actor_email=actor.email,
            action=action,
            target=target,
            details=details,
        )


class Actor(DomainModel):
    """The verified caller of a domain operation, as recorded in the audit log."""

    firm_id: Id
    principal_id: str
    kind: str  # "staff", "client", "system", "integration"
    email: str | None = None
