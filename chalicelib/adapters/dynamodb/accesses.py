"""Clients' portal accesses in the directory table, with their logins (see principals.py).
An access change also refreshes the access summary in the client's listing entries."""

from __future__ import annotations

from datetime import datetime

from ...domain.accesses import Access
from ...domain.audit import AuditEntry
from ...domain.clients import Client
from ...domain.matters import ClientMatterView
from ...domain.ports import AccessRepository
from .audit import audit_put
from .clients import DynamoClientRepository
from .items import ConditionFailed, Item, batch_get, firm_pk, get, item_key, load, put_new, string, transact, update
from .matters import portal_view_key
from .principals import access_deletes, load_principal, login_item, principal_item, update_principal


def _access(item: Item | None) -> Access | None:
    access = load_principal(Access, item)
    if access is None or item is None:
        return None
    signed_in = item.get("last_sign_in_at", {}).get("S")
    return access.model_copy(update={"last_sign_in_at": datetime.fromisoformat(signed_in) if signed_in else None})


class DynamoAccessRepository:
    def __init__(self, directory: str, audit: str, matters: str, clients: DynamoClientRepository) -> None:
        self.directory = directory
        self.audit = audit
        self.matters = matters
        self.clients = clients

    def get(self, firm_id: str, client_id: str) -> Access | None:
        return _access(get(self.directory, firm_pk(firm_id), f"ACCESS#{client_id}"))

    def get_with_matter(
        self, firm_id: str, client_id: str, matter_id: str
    ) -> tuple[Access | None, ClientMatterView | None]:
        found = batch_get(
            {
                self.directory: [item_key(firm_pk(firm_id), f"ACCESS#{client_id}")],
                self.matters: [portal_view_key(firm_id, client_id, matter_id)],
            }
        )
        access = _access(found[self.directory][0]) if found[self.directory] else None
        view = load(ClientMatterView, found[self.matters][0]) if found[self.matters] else None
        return access, view

    def by_email(self, firm_id: str, email: str) -> Access | None:
        login = get(self.directory, firm_pk(firm_id), f"LOGIN#client#{email.lower()}")
        return self.get(firm_id, login["principal_id"]["S"]) if login else None

    def create(self, access: Access, client: Client, audit: AuditEntry) -> None:
        transact(
            [
                put_new(self.directory, principal_item(firm_pk(access.firm_id), f"ACCESS#{access.client_id}", access)),
                put_new(self.directory, login_item(access.firm_id, "client", access.email, access.client_id)),
                *self._listing(client),
                audit_put(self.audit, audit),
            ],
            conflict="This client already has portal access, or another client signs in with this e-mail.",
        )

    def save(self, access: Access, client: Client | None, audit: AuditEntry | None) -> None:
        self._write(
            update_principal(self.directory, self._key(access), access, document_over=access.version - 1), client, audit
        )

    def save_credentials(self, access: Access, previous: Access, audit: AuditEntry | None) -> None:
        self._write(
            update_principal(self.directory, self._key(access), access, credentials_over=previous.credentials),
            None,
            audit,
        )

    def save_with_credentials(
        self, access: Access, previous: Access, client: Client | None, audit: AuditEntry | None
    ) -> None:
        update = update_principal(
            self.directory,
            self._key(access),
            access,
            document_over=previous.version,
            credentials_over=previous.credentials,
        )
        self._write(update, client, audit)

    def _key(self, access: Access) -> Item:
        return item_key(firm_pk(access.firm_id), f"ACCESS#{access.client_id}")

    def _write(self, update: Item, client: Client | None, audit: AuditEntry | None) -> None:
        operations = [update]
        if client:
            operations += self._listing(client)
        if audit:
            operations.append(audit_put(self.audit, audit))
        transact(operations)

    def delete(self, access: Access, client: Client, audit: AuditEntry) -> None:
        transact([*access_deletes(self.directory, access), *self._listing(client), audit_put(self.audit, audit)])

    def record_sign_in(self, firm_id: str, client_id: str, at: datetime) -> None:
        key = item_key(firm_pk(firm_id), f"ACCESS#{client_id}")
        try:
            update(
                self.directory,
                key,
                "SET last_sign_in_at = :at",
                condition="attribute_exists(pk)",
                values={":at": string(at.isoformat())},
            )
        except ConditionFailed:
            pass  # an access removed meanwhile has nothing to record

    def _listing(self, client: Client) -> list[Item]:
        # The access summary shown in the directory changes; the client record itself does
        # not, so its version stays and a concurrent edit of the client still fails cleanly.
        return self.clients.save_operations(client, client)


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_access_repository: type[AccessRepository] = DynamoAccessRepository
