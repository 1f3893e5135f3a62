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
    absent,
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
    string,
    transact,
)
from .preferences import preferences_sk
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


def _email_claims(table: str, client: Client, emails: list[str], *, release: bool = False) -> list[Item]:
    """One item per e-mail a client has, written in the client's transaction, so that two
    clients never get one e-mail even when added at the same moment. Claimed only if no
    other client holds it; released only by its holder."""
    condition = "attribute_not_exists(pk) OR client_id = :client"
    values = {":client": string(client.id)}
    operations = []
    for email in emails:
        key = item_key(firm_pk(client.firm_id), f"EMAIL#client#{email}")
        if release:
            operations.append(
                {
                    "Delete": {
                        "TableName": table,
                        "Key": key,
                        "ConditionExpression": condition,
                        "ExpressionAttributeValues": values,
                    }
                }
            )
        else:
            operations.append(put(table, {**key, "client_id": string(client.id)}, condition, values))
    return operations


class DynamoClientRepository:
    def __init__(self, directory: str, audit: str) -> None:
        self.directory = directory
        self.audit = audit

    def get(self, firm_id: str, client_id: str) -> Client | None:
        return load(Client, get(self.directory, firm_pk(firm_id), f"CLIENT#{client_id}"))

    def by_email(self, firm_id: str, email: str) -> Client | None:
        # The search entry of each of a client's e-mails is its exact term: one Query on the
        # key, which finds clients written before e-mails were claimed too.
        items, _ = query(self.directory, _listing_pk(firm_id), f"TERM#{email.lower()}#", None, 100, consistent=True)
        # A name term may look like the e-mail (a client named "ana@x.com"): only e-mails count.
        return next((c for c in load_each(Client, items) if email.lower() in c.emails), None)

    def create(self, client: Client, audit: AuditEntry) -> None:
        transact(
            self.create_operations(client) + [audit_put(self.audit, audit)],
            conflict="Another client has one of these e-mails.",
        )

    def create_operations(self, client: Client) -> list[Item]:
        """A new client, its listing entries and its e-mails' claims (conditions: new id, free e-mails)."""
        return (
            [put_new(self.directory, document(firm_pk(client.firm_id), f"CLIENT#{client.id}", client))]
            + [put(self.directory, item) for item in _listing_items(client)]
            + _email_claims(self.directory, client, client.emails)
        )

    def save(self, client: Client, previous: Client, audit: AuditEntry | None) -> None:
        operations = self.save_operations(client, previous) + ([audit_put(self.audit, audit)] if audit else [])
        transact(
            operations,
            conflict=(
                "This client was changed by someone else, or another client has one of its e-mails. "
                "Reload and try again."
            ),
        )

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
            + _email_claims(self.directory, client, [e for e in client.emails if e not in previous.emails])
            + _email_claims(
                self.directory, client, [e for e in previous.emails if e not in client.emails], release=True
            )
        )

    def delete(self, client: Client, access: Access | None, audit: AuditEntry) -> None:
        operations = [delete(self.directory, item_key(firm_pk(client.firm_id), f"CLIENT#{client.id}"))]
        operations += [
            delete(self.directory, item_key(_listing_pk(client.firm_id), key)) for key in _listing_keys(client)
        ]
        operations += _email_claims(self.directory, client, client.emails, release=True)
        # Her notification preferences and verified mobile go with her.
        operations.append(delete(self.directory, item_key(firm_pk(client.firm_id), preferences_sk(client.id))))
        if access:
            operations += access_deletes(self.directory, access)
        else:
            # Read without an access: one granted meanwhile must not be left behind (or removed by staff).
            operations.append(absent(self.directory, item_key(firm_pk(client.firm_id), f"ACCESS#{client.id}")))
        transact(
            operations + [audit_put(self.audit, audit)],
            conflict="This client was given portal access meanwhile. Reload and try again.",
        )

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
