"""F04: staff keep the firm's client directory."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.audit import Actor, AuditEntry
from ..domain.clients import Client, ClientInput, ClientUpdate, normalize
from ..domain.common import Language, Page, new_id
from ..domain.errors import Conflict, InvalidInput, NotFound
from ..domain.matters import MatterListQuery
from ..domain.ports import AccessRepository, ClientRepository, Clock, MatterRepository


@dataclass(frozen=True)
class ClientsService:
    clients: ClientRepository
    accesses: AccessRepository
    matters: MatterRepository
    clock: Clock

    def create(self, actor: Actor, data: ClientInput) -> Client:
        now = self.clock.now()
        client = Client(id=new_id(), firm_id=actor.firm_id, created_at=now, updated_at=now, **data.model_dump())
        self.clients.create(
            client, AuditEntry.record(actor, "client.created", f"client:{client.id}", now, name=client.name)
        )
        return client

    def get(self, firm_id: str, client_id: str) -> Client:
        client = self.clients.get(firm_id, client_id)
        if client is None:
            raise NotFound("Client not found.")
        return client

    def update(self, actor: Actor, client_id: str, data: ClientUpdate) -> Client:
        current = self.get(actor.firm_id, client_id)
        if current.version != data.version:
            raise Conflict("This client was changed by someone else. Reload and try again.", code="stale_version")
        access = self.accesses.get(actor.firm_id, client_id)
        if access is not None and access.email not in data.emails:
            raise InvalidInput.field(
                "emails", f"{access.email} signs in to the portal; keep it, or remove the access first."
            )
        now = self.clock.now()
        changes = data.model_dump(exclude={"version"})
        updated = current.model_copy(update={**changes, "updated_at": now, "version": current.version + 1})
        changed_fields = sorted(k for k, v in changes.items() if getattr(current, k) != v)
        self.clients.save(
            updated,
            current,
            AuditEntry.record(actor, "client.updated", f"client:{client_id}", now, fields=changed_fields),
        )
        return updated

    def set_language(self, actor: Actor, client_id: str, language: Language) -> Client:
        """A client's own choice (the portal's language switch): e-mails follow it too."""
        current = self.get(actor.firm_id, client_id)
        if current.language == language:
            return current
        updated = current.model_copy(
            update={"language": language, "updated_at": self.clock.now(), "version": current.version + 1}
        )
        # A preference of the client's own, not a change staff need to trace: no audit entry.
        self.clients.save(updated, current, None)
        return updated

    def delete(self, actor: Actor, client_id: str) -> None:
        client = self.get(actor.firm_id, client_id)
        if self.matters.list(actor.firm_id, MatterListQuery(client_id=client_id), None, 1).items:
            raise Conflict(
                "This client is a party to matters; take them off those matters first.", code="client_in_matters"
            )
        access = self.accesses.get(actor.firm_id, client_id)
        audit = AuditEntry.record(actor, "client.deleted", f"client:{client_id}", self.clock.now(), name=client.name)
        self.clients.delete(client, access, audit)

    def list(self, firm_id: str, query: str | None, cursor: str | None, limit: int) -> Page[Client]:
        prefix = normalize(query or "")
        if prefix:
            return self.clients.search(firm_id, prefix, cursor, limit)
        return self.clients.list(firm_id, cursor, limit)
