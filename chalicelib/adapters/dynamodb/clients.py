"""Clients in the directory table, with their listing entries (one by name, one per
search term) in the firm's client listing partition."""

from __future__ import annotations

from ...domain.accesses import Access
from ...domain.audit import AuditEntry
from ...domain.clients import Client
from ...domain.common import Page
from ...domain.ports import ClientRepository
from .audit import audit_put
from .items import (
    Item,
    delete,
    document,
    firm_pk,
    get,
    item_key,
    load,
    load_each,
    put,
    put_new,
    put_versioned,
    query,
    transact,
)
from .principals import access_deletes


def _listing_pk(firm_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENTS"


def _listing_keys(client: Client) -> list[str]:
    """The client's entries in the directory listing: one by name, one per search term."""
    from ...domain.clients import normalize

    return [f"NAME#{normalize(client.name)}#{client.id}"] + [
        f"TERM#{term}#{client.id}" for term in client.search_terms()
    ]


def _listing_items(client: Client) -> list[Item]:
    return [document(_listing_pk(client.firm_id), key, client) for key in _listing_keys(client)]


class DynamoClientRepository:
    def __init__(self, directory: str, audit: str) -> None:
        self.directory = directory
        self.audit = audit

    def get(self, firm_id: str, client_id: str) -> Client | None:
        return load(Client, get(self.directory, firm_pk(firm_id), f"CLIENT#{client_id}"))

    def create(self, client: Client, audit: AuditEntry) -> None:
        transact(
            [put_new(self.directory, document(firm_pk(client.firm_id), f"CLIENT#{client.id}", client))]
            + [put(self.directory, item) for item in _listing_items(client)]
            + [audit_put(self.audit, audit)]
        )

    def save(self, client: Client, previous: Client, audit: AuditEntry | None) -> None:
        transact(self.save_operations(client, previous) + ([audit_put(self.audit, audit)] if audit else []))

    def save_operations(self, client: Client, previous: Client) -> list[Item]:
        """Rewrite the client and its listing entries; entries it no longer has are removed."""
        stale = set(_listing_keys(previous)) - set(_listing_keys(client))
        return (
            [
                put_versioned(
                    self.directory, document(firm_pk(client.firm_id), f"CLIENT#{client.id}", client), previous.version
                )
            ]
            + [put(self.directory, item) for item in _listing_items(client)]
            + [delete(self.directory, item_key(_listing_pk(client.firm_id), key)) for key in sorted(stale)]
        )

    def delete(self, client: Client, access: Access | None, audit: AuditEntry) -> None:
        operations = [delete(self.directory, item_key(firm_pk(client.firm_id), f"CLIENT#{client.id}"))]
        operations += [
            delete(self.directory, item_key(_listing_pk(client.firm_id), key)) for key in _listing_keys(client)
        ]
        if access:
            operations += access_deletes(self.directory, access)
        transact(operations + [audit_put(self.audit, audit)])

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[Client]:
        items, next_cursor = query(self.directory, _listing_pk(firm_id), "NAME#", cursor, limit)
        return Page(items=load_each(Client, items), next_cursor=next_cursor)

    def search(self, firm_id: str, prefix: str, cursor: str | None, limit: int) -> Page[Client]:
        items, next_cursor = query(self.directory, _listing_pk(firm_id), f"TERM#{prefix}", cursor, limit)
        found = []
        for item in items:
            client = Client.model_validate_json(item["doc"]["S"])
            # A client has several terms; list it only at the first that matches.
            if item["sk"]["S"] == f"TERM#{client.first_term_matching(prefix)}#{client.id}":
                found.append(client)
        return Page(items=found, next_cursor=next_cursor)


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_client_repository: type[ClientRepository] = DynamoClientRepository
