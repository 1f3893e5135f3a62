"""F04: staff keep the firm's client directory."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.audit import Actor, AuditEntry
from ..domain.clients import Client, ClientInput, ClientUpdate, normalize
from ..domain.common import Language, Page, new_id
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ..domain.matters import MatterListQuery
from ..domain.ports import AccessRepository, ClientRepository, Clock, FeedRepository, MatterRepository
from .devices import DevicesService


@dataclass(frozen=True)
class ClientsService:
    clients: ClientRepository
    accesses: AccessRepository
    matters: MatterRepository
    feeds: FeedRepository  # her home's feed, removed with her (A6)
    clock: Clock
    devices: DevicesService  # the client's phones, removed with the client (F23)

    def create(self, actor: Actor, data: ClientInput) -> Client:
        self._refuse_emails_in_use(actor.firm_id, data.emails, None)
        now = self.clock.now()
        client = Client(id=new_id(), firm_id=actor.firm_id, created_at=now, updated_at=now, **data.model_dump())
        try:
            self.clients.create(
                client, AuditEntry.record(actor, "client.created", f"client:{client.id}", now, name=client.name)
            )
        except Conflict:
            # Another client got one of the e-mails meanwhile: say which one.
            self._refuse_emails_in_use(actor.firm_id, client.emails, None)
            raise
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
        self._refuse_emails_in_use(actor.firm_id, data.emails, current)
        now = self.clock.now()
        changes = data.model_dump(exclude={"version"})
        updated = current.model_copy(update={**changes, "updated_at": now, "version": current.version + 1})
        changed_fields = sorted(k for k, v in changes.items() if getattr(current, k) != v)
        try:
            self.clients.save(
                updated,
                current,
                AuditEntry.record(actor, "client.updated", f"client:{client_id}", now, fields=changed_fields),
            )
        except Conflict:
            self._refuse_emails_in_use(actor.firm_id, data.emails, current)
            raise
        return updated

    def _refuse_emails_in_use(self, firm_id: str, emails: list[str], current: Client | None) -> None:
        """An e-mail belongs to one client of the firm (it is how a client gets access, F04);
        the error names the client who has it, for the admin screen to link to. `current`:
        the client being edited, whose own e-mails are no conflict."""
        for index, email in enumerate(emails):
            if current is not None and email in current.emails:
                continue
            holder = self.clients.by_email(firm_id, email)
            if holder is not None and (current is None or holder.id != current.id):
                message = f"{email} is already the e-mail of {holder.name}."
                raise Conflict(
                    message,
                    [{"path": f"emails.{index}", "message": message, "client_id": holder.id}],
                    code="email_in_use",
                )

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

    def delete(self, actor: Actor, client_id: str, *, admin: bool) -> None:
        """Staff may delete a client with no portal access; deleting one who has an access
        removes it too, and only admins manage access (F01). The repository refuses the
        delete if an access appeared since it was read."""
        client = self.get(actor.firm_id, client_id)
        access = self.accesses.get(actor.firm_id, client_id)
        if access is not None and not admin:
            raise Forbidden(
                "Only an admin can delete a client who has portal access; remove the access first or ask an admin."
            )
        if self.matters.list(actor.firm_id, MatterListQuery(client_id=client_id), None, 1).items:
            raise Conflict(
                "This client is a party to matters; take them off those matters first.", code="client_in_matters"
            )
        audit = AuditEntry.record(actor, "client.deleted", f"client:{client_id}", self.clock.now(), name=client.name)
        self.clients.delete(client, access, audit)
        self.devices.remove_all(actor.firm_id, client_id)
        self.feeds.forget(actor.firm_id, client_id)

    def list(self, firm_id: str, query: str | None, cursor: str | None, limit: int) -> Page[Client]:
        prefix = normalize(query or "")
        if prefix:
            return self.clients.search(firm_id, prefix, cursor, limit)
        return self.clients.list(firm_id, cursor, limit)
