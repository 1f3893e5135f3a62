"""The client directory and its listing, in memory."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.accesses import Access
from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.clients import Client
from chalicelib.domain.common import Page
from chalicelib.domain.ports import ClientRepository
from tests.support.fakes.store import Store, Transaction, dump, listing_keys, load, query_page

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class InMemoryClientRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, client_id: str) -> Client | None:
        return load(Client, self.store.clients.get((firm_id, client_id)))

    def by_email(self, firm_id: str, email: str) -> Client | None:
        # As the adapter: the search entries whose term is the e-mail, then e-mails only.
        entries = self.store.listing.get(firm_id, {})
        found = (
            Client.model_validate_json(raw)
            for sort_key, raw in sorted(entries.items())
            if sort_key.startswith(f"TERM#{email.lower()}#")
        )
        return next((c for c in found if email.lower() in c.emails), None)

    def create_into(self, tx: Transaction, client: Client) -> None:
        """Like DynamoClientRepository.create_operations: a new client, its listing and its e-mails."""
        s = self.store
        key = (client.firm_id, client.id)
        tx.require(lambda: key not in s.clients)
        s.email_claims(tx, client, client.emails)

        def apply() -> None:
            s.clients[key] = dump(client)
            for sort_key in listing_keys(client):
                s.listing.setdefault(client.firm_id, {})[sort_key] = dump(client)

        tx.then(apply)

    def create(self, client: Client, audit: AuditEntry) -> None:
        s = self.store
        tx = Transaction("Another client has one of these e-mails.")
        self.create_into(tx, client)
        s.audit_new(tx, audit)
        tx.commit()

    def save(self, client: Client, previous: Client, audit: AuditEntry | None) -> None:
        tx = Transaction(
            "This client was changed by someone else, or another client has one of its e-mails. Reload and try again."
        )
        self.store.client_rewrite(tx, client, previous)
        self.store.audit_new(tx, audit)
        tx.commit()

    def delete(self, client: Client, access: Access | None, audit: AuditEntry) -> None:
        s = self.store

        def apply() -> None:
            s.clients.pop((client.firm_id, client.id), None)
            s.preferences.pop((client.firm_id, client.id), None)
            for sort_key in listing_keys(client):
                s.listing.get(client.firm_id, {}).pop(sort_key, None)
            if access:
                # The access item goes whole, with what is kept beside its document.
                s.accesses.pop((access.firm_id, access.client_id), None)
                s.access_credentials.pop((access.firm_id, access.client_id), None)
                s.sign_ins.pop((access.firm_id, access.client_id), None)
                s.logins.pop((access.firm_id, "client", access.email), None)

        tx = Transaction("This client was given portal access meanwhile. Reload and try again.").then(apply)
        if access is None:
            tx.require(lambda: (client.firm_id, client.id) not in s.accesses)
        s.email_claims(tx, client, client.emails, release=True)
        s.audit_new(tx, audit)
        tx.commit()

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[Client]:
        items, next_cursor = query_page(self.store.listing.get(firm_id, {}), "NAME#", cursor, limit)
        return Page(items=[Client.model_validate_json(raw) for _, raw in items], next_cursor=next_cursor)

    def search(self, firm_id: str, prefix: str, cursor: str | None, limit: int) -> Page[Client]:
        items, next_cursor = query_page(self.store.listing.get(firm_id, {}), f"TERM#{prefix}", cursor, limit)
        found = []
        for sort_key, raw in items:
            client = Client.model_validate_json(raw)
            if sort_key == f"TERM#{client.first_term_matching(prefix)}#{client.id}":
                found.append(client)
        return Page(items=found, next_cursor=next_cursor)


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_: type[ClientRepository] = InMemoryClientRepository
