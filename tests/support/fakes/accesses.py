"""Accesses with their credentials beside the document, in memory."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.accesses import Access
from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.clients import Client
from chalicelib.domain.identity import Credentials
from chalicelib.domain.matters import ClientMatterView
from tests.support.fakes.store import Store, Transaction, dump, load, load_principal

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class InMemoryAccessRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, client_id: str) -> Access | None:
        key = (firm_id, client_id)
        access = load_principal(Access, self.store.accesses.get(key), self.store.access_credentials.get(key))
        if access is None:
            return None
        return access.model_copy(update={"last_sign_in_at": self.store.sign_ins.get(key)})

    def get_with_matter(
        self, firm_id: str, client_id: str, matter_id: str
    ) -> tuple[Access | None, ClientMatterView | None]:
        view = load(ClientMatterView, self.store.portal_views.get((firm_id, client_id), {}).get(f"MATTER#{matter_id}"))
        return self.get(firm_id, client_id), view

    def record_sign_in(self, firm_id: str, client_id: str, at: datetime) -> None:
        if (firm_id, client_id) in self.store.accesses:
            self.store.sign_ins[(firm_id, client_id)] = at

    def by_email(self, firm_id: str, email: str) -> Access | None:
        client_id = self.store.logins.get((firm_id, "client", email.lower()))
        return self.get(firm_id, client_id) if client_id else None

    def create(self, access: Access, client: Client, audit: AuditEntry) -> None:
        s = self.store
        key, login = (access.firm_id, access.client_id), (access.firm_id, "client", access.email)
        tx = Transaction("This client already has portal access, or another client signs in with this e-mail.")
        tx.require(lambda: key not in s.accesses and login not in s.logins)
        tx.then(lambda: s.accesses.__setitem__(key, dump(access)))
        tx.then(lambda: s.access_credentials.__setitem__(key, dump(access.credentials)))
        tx.then(lambda: s.logins.__setitem__(login, access.client_id))
        # The directory's access summary changes; the client's version does not.
        s.client_rewrite(tx, client, client)
        s.audit_new(tx, audit)
        tx.commit()

    def save(self, access: Access, client: Client | None, audit: AuditEntry | None) -> None:
        self._write(access, client, audit, document_over=access.version - 1)

    def save_credentials(self, access: Access, previous: Access, audit: AuditEntry | None) -> None:
        self._write(access, None, audit, credentials_over=previous.credentials)

    def save_with_credentials(
        self, access: Access, previous: Access, client: Client | None, audit: AuditEntry | None
    ) -> None:
        self._write(access, client, audit, document_over=previous.version, credentials_over=previous.credentials)

    def _write(
        self,
        access: Access,
        client: Client | None,
        audit: AuditEntry | None,
        document_over: int | None = None,
        credentials_over: Credentials | None = None,
    ) -> None:
        s = self.store
        tx = Transaction()
        s.principal_write(
            tx,
            s.accesses,
            s.access_credentials,
            (access.firm_id, access.client_id),
            access,
            document_over,
            credentials_over,
        )
        if client:
            s.client_rewrite(tx, client, client)
        s.audit_new(tx, audit)
        tx.commit()

    def delete(self, access: Access, client: Client, audit: AuditEntry) -> None:
        s = self.store
        tx = Transaction()
        tx.then(lambda: s.accesses.pop((access.firm_id, access.client_id), None))
        tx.then(lambda: s.access_credentials.pop((access.firm_id, access.client_id), None))
        tx.then(lambda: s.sign_ins.pop((access.firm_id, access.client_id), None))
        tx.then(lambda: s.logins.pop((access.firm_id, "client", access.email), None))
        s.client_rewrite(tx, client, client)
        s.audit_new(tx, audit)
        tx.commit()
