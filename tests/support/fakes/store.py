"""What the in-memory repositories keep, as JSON in the shape of the DynamoDB items, and
the transaction they all write through: conditions first, then changes, or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel

from chalicelib.domain.accesses import Access
from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.clients import Client, normalize
from chalicelib.domain.common import decode_cursor, encode_cursor
from chalicelib.domain.errors import Conflict
from chalicelib.domain.identity import Credentials, check_next_revision
from chalicelib.domain.matters import Matter
from chalicelib.domain.ports import PortalChanges
from chalicelib.domain.staff import StaffMember

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

STALE = "This record was changed by someone else. Reload and try again."


def dump(model: BaseModel) -> str:
    return model.model_dump_json()


def load(model: type[M], raw: str | None) -> M | None:
    return None if raw is None else model.model_validate_json(raw)


class Transaction:
    """Conditions first, then changes: a failed condition leaves everything as it was."""

    def __init__(self, conflict: str = STALE) -> None:
        self.conflict = conflict
        self.checks: list[Callable[[], bool]] = []
        self.changes: list[Callable[[], object]] = []

    def require(self, condition: Callable[[], bool]) -> Transaction:
        self.checks.append(condition)
        return self

    def then(self, change: Callable[[], object]) -> Transaction:
        """`change` runs at commit; what it returns (dict.pop's value, say) is dropped."""
        self.changes.append(change)
        return self

    def commit(self) -> None:
        if not all(check() for check in self.checks):
            raise Conflict(self.conflict, code="conflict")
        for change in self.changes:
            change()


class Store:
    """Everything the repositories keep, as JSON, in the shape of the DynamoDB items."""

    def __init__(self) -> None:
        self.firms: dict[str, str] = {}
        self.slugs: dict[str, str] = {}  # slug -> firm json (a copy, as the SLUG item is)
        self.staff: dict[tuple[str, str], str] = {}  # the document, without credentials
        self.staff_credentials: dict[tuple[str, str], str] = {}  # beside it, with their revision
        self.logins: dict[tuple[str, str, str], str] = {}  # (firm, kind, email) -> principal id
        self.clients: dict[tuple[str, str], str] = {}
        self.client_emails: dict[tuple[str, str], str] = {}  # (firm, e-mail) -> the client who claimed it
        self.listing: dict[str, dict[str, str]] = {}  # firm -> sort key -> client json
        self.accesses: dict[tuple[str, str], str] = {}  # the document, without credentials
        self.access_credentials: dict[tuple[str, str], str] = {}  # beside it, with their revision
        self.sign_ins: dict[tuple[str, str], datetime] = {}  # beside the access, as in DynamoDB
        self.audit: dict[str, dict[str, str]] = {}
        self.sessions: dict[tuple[str, str], str] = {}
        self.api_keys: dict[tuple[str, str], str] = {}
        # The matters table.
        self.matters: dict[tuple[str, str], str] = {}  # the matter, without notification_pending
        self.notify_pending: dict[tuple[str, str], bool] = {}  # beside the matter document
        self.notify_pending_at: dict[tuple[str, str], str] = {}  # beside it too, while pending
        self.court_stages: dict[tuple[str, str], str] = {}  # beside it too (B7): the court's stage marks
        self.matter_consultations: dict[tuple[str, str], int] = {}  # beside it too (F20): consultations linked
        self.pending_lists: dict[str, dict[str, str]] = {}  # firm -> "<at>#<matter>" -> entry
        self.numbers: dict[tuple[str, str], str] = {}  # (firm, number key) -> matter id
        self.matter_lists: dict[str, dict[str, str]] = {}  # list partition -> "<created_at>#<id>" -> summary
        self.portal_views: dict[tuple[str, str], dict[str, str]] = {}  # (firm, client) -> "MATTER#<id>" -> view
        # The updates table.
        self.timelines: dict[tuple[str, str], dict[str, str]] = {}  # (firm, matter) -> "T#<id>" -> item; "~" the marker
        self.receipts: dict[tuple[str, str, str], dict[str, str]] = {}  # beside each item: client -> first read
        self.published: dict[tuple[str, str], dict[str, str]] = {}  # (firm, matter) -> "T#<id>" -> client's copy
        # Each client's feed: (firm, client) -> "F#<entry id>" -> the entry with its round and read_at; her summary.
        self.feeds: dict[tuple[str, str], dict[str, str]] = {}
        self.feed_summaries: dict[tuple[str, str], str] = {}
        self.batches: dict[tuple[str, str], str] = {}
        self.batch_results: dict[tuple[str, str], dict[str, str]] = {}  # beside the batch: chunk -> result
        self.plain_cache: dict[str, str] = {}  # cache key -> plain text
        # The documents table: each document, and its place in its client's and matter's lists.
        self.documents: dict[tuple[str, str], str] = {}
        self.document_lists: dict[str, dict[str, str]] = {}  # list partition -> "<created_at>#<id>" -> id
        self.document_requests: dict[tuple[str, str], str] = {}
        self.request_lists: dict[str, dict[str, str]] = {}  # list partition -> "<created_at>#<id>" -> id
        # Beside each request: its files as last saved with it, "<created_at>#<id>" -> the document.
        self.request_files: dict[tuple[str, str], dict[str, str]] = {}
        # The directory table: a firm's credits, its use per month and each charge taken.
        self.credit_balances: dict[str, str] = {}  # firm -> balance
        self.credit_usage: dict[tuple[str, str], str] = {}  # (firm, month) -> usage
        self.credit_charges: dict[tuple[str, str], str] = {}  # (firm, charge id) -> month: taken or counted once
        # The suppression list: each address's entry, and the firm's list newest first.
        self.suppressions: dict[tuple[str, str], str] = {}  # (firm, address) -> suppression
        self.suppression_lists: dict[str, dict[str, str]] = {}  # firm -> "<at>#<address>" -> suppression
        self.held: dict[tuple[str, str], str] = {}  # (firm, client) -> held notifications
        # The firms' own e-mail templates: firm -> "<name>#<language>" -> template.
        self.email_templates: dict[str, dict[str, str]] = {}
        # Notification preferences (directory table): each client's, and each firm's texts per month.
        self.preferences: dict[tuple[str, str], str] = {}  # (firm, client) -> preferences
        self.sms_counts: dict[tuple[str, str], int] = {}  # (firm, yyyy-mm) -> texts counted
        # The client's phones (directory table, F23): (firm, client) -> device id -> device.
        self.devices: dict[tuple[str, str], dict[str, str]] = {}
        # The consultations table (F20): each partition as DynamoDB holds it, sort key -> item
        # (the consultation and its tasks under "FIRM#<f>", its lists, its entries and task
        # copies, each staff member's open tasks), with the counts beside the documents.
        self.consultations: dict[str, dict[str, dict[str, Any]]] = {}

    def everything(self) -> str:
        """All stored state as one string, to look for what must never be stored."""
        return json.dumps(
            {name: {str(k): v for k, v in table.items()} for name, table in vars(self).items()}, default=str
        )

    # Conditions and changes shared by the repositories.

    def version_of(self, table: dict[Any, str], key: Any) -> int | None:
        raw = table.get(key)
        return None if raw is None else json.loads(raw).get("version")

    def principal_write(
        self,
        tx: Transaction,
        documents: dict[Any, str],
        credentials: dict[Any, str],
        key: Any,
        principal: StaffMember | Access,
        document_over: int | None = None,
        credentials_over: Credentials | None = None,
    ) -> None:
        """Like the adapters' update_principal: the document over the version read, the
        credentials over the revision read, or both; what is not written stays as it is,
        and nothing is written to a principal that is gone."""
        tx.require(lambda: key in documents)
        if document_over is not None:
            tx.require(lambda: self.version_of(documents, key) == document_over)
            tx.then(lambda: documents.__setitem__(key, dump(principal)))
        if credentials_over is not None:
            check_next_revision(principal.credentials, credentials_over)
            tx.require(
                lambda: key in credentials and json.loads(credentials[key])["revision"] == credentials_over.revision
            )
            tx.then(lambda: credentials.__setitem__(key, dump(principal.credentials)))

    def audit_new(self, tx: Transaction, entry: AuditEntry | None) -> None:
        if entry is None:
            return
        tx.require(lambda: entry.id not in self.audit.get(entry.firm_id, {}))
        tx.then(lambda: self.audit.setdefault(entry.firm_id, {}).__setitem__(entry.id, dump(entry)))

    def client_rewrite(self, tx: Transaction, client: Client, previous: Client) -> None:
        """Like DynamoClientRepository.save_operations: the record over `previous.version`,
        its listing entries rewritten and the ones it no longer has removed."""
        key = (client.firm_id, client.id)
        tx.require(lambda: self.version_of(self.clients, key) == previous.version)
        stale = set(listing_keys(previous)) - set(listing_keys(client))

        def apply() -> None:
            self.clients[key] = dump(client)
            entries = self.listing.setdefault(client.firm_id, {})
            for sort_key in stale:
                entries.pop(sort_key, None)
            for sort_key in listing_keys(client):
                entries[sort_key] = dump(client)

        tx.then(apply)
        self.email_claims(tx, client, [e for e in client.emails if e not in previous.emails])
        self.email_claims(tx, client, [e for e in previous.emails if e not in client.emails], release=True)

    def email_claims(self, tx: Transaction, client: Client, emails: list[str], release: bool = False) -> None:
        """Like the adapter's e-mail items: claimed only if no other client holds the
        e-mail, released only by its holder."""
        for email in emails:
            claim = (client.firm_id, email)
            tx.require(partial(self._held_by, claim, client.id))
            if release:
                tx.then(partial(self.client_emails.pop, claim, None))
            else:
                tx.then(partial(self.client_emails.__setitem__, claim, client.id))

    def _held_by(self, claim: tuple[str, str], client_id: str) -> bool:
        """Nobody else holds the e-mail (free, or already this client's)."""
        return self.client_emails.get(claim, client_id) == client_id


P = TypeVar("P", StaffMember, Access)


def load_principal(model: type[P], raw: str | None, credentials: str | None) -> P | None:
    principal = load(model, raw)
    if principal is None:
        return None
    assert credentials is not None, "a principal without its credentials"
    return principal.model_copy(update={"credentials": Credentials.model_validate_json(credentials)})


def listing_keys(client: Client) -> list[str]:
    return [f"NAME#{normalize(client.name)}#{client.id}"] + [
        f"TERM#{term}#{client.id}" for term in client.search_terms()
    ]


MARKER = "~"  # a matter's marker in its timeline: sorts after every "T#..." key, as in DynamoDB


def firm_list(firm_id: str) -> str:
    return f"FIRM#{firm_id}#MATTERS"


def client_list(firm_id: str, client_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENT#{client_id}#MATTERS"


def query_page(
    entries: dict[str, str],
    prefix: str,
    cursor: str | None,
    limit: int,
    newest_first: bool = False,
    cursor_prefix: str | None = None,
) -> tuple[list[tuple[str, str]], str | None]:
    """A DynamoDB Query with Limit: `limit` keys are read (a filter applied afterwards may
    keep fewer), and the cursor is the last key read when more are left."""
    keys = sorted((k for k in entries if k.startswith(prefix)), reverse=newest_first)
    if cursor:
        start = decode_cursor(cursor, prefix if cursor_prefix is None else cursor_prefix)
        keys = [k for k in keys if (k < start if newest_first else k > start)]
    chosen = keys[:limit]
    return [(k, entries[k]) for k in chosen], encode_cursor(chosen[-1]) if len(keys) > limit else None


def items_written(
    matter: Matter, previous: Matter | None, portal: PortalChanges | None, audit: AuditEntry | None
) -> int:
    """The items DynamoMatterRepository writes for a matter created (no `previous`) or saved."""
    gone = set(previous.involved_client_ids) - set(matter.involved_client_ids) if previous else set()
    lists = 1 + len(matter.involved_client_ids) + len(gone)
    if previous is None:
        own = 2 + bool(matter.number_key)  # the matter, its timeline marker, its number
    else:
        own = 1 + (
            (bool(matter.number_key) + bool(previous.number_key)) if matter.number_key != previous.number_key else 0
        )
    old = previous.pending_notification() if previous else None
    new = matter.pending_notification()
    pending = bool(old and (new is None or new.changed_at != old.changed_at)) + bool(new)
    return own + lists + pending + len(portal.views if portal else {}) + bool(audit)
