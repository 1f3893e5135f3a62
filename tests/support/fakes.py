"""In-memory implementations of every port the domain uses, for unit tests.

They keep the promises the DynamoDB adapters keep, so a rule that leans on the storage
(a version check, a unique e-mail, all-or-nothing writes) is tested for real:
- entities are stored as JSON, as in DynamoDB, so nothing is shared by reference;
- every write is a transaction: all conditions are checked first, then all changes are
  applied, or none is;
- version checks and uniqueness (slugs, logins, audit ids) raise Conflict like the
  adapters do; cursors are opaque and a foreign or garbled one is InvalidInput;
- staff members' and accesses' credentials are kept beside their documents with their own
  revision, written only over the revision read, as the DynamoDB items keep them.

Nothing here imports boto3 or moto: unit tests run without AWS.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel

from chalicelib.domain.accesses import Access
from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.clients import Client, normalize
from chalicelib.domain.common import Language, Page
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound, RateLimited
from chalicelib.domain.firms import Firm, StaffMember
from chalicelib.domain.identity import Credentials, RefreshSession, check_next_revision
from chalicelib.domain.integration import ApiKey, ChunkResult, IngestionBatch
from chalicelib.domain.matters import ClientMatterView, Matter, MatterListQuery, MatterSummary
from chalicelib.domain.notifications import Notification
from chalicelib.domain.matters import MAX_ITEMS_PER_WRITE, TOO_MANY_RELATION_CHANGES
from chalicelib.domain.ports import OutgoingEmail, PortalChanges, RelatedSave, RenderedEmail
from chalicelib.domain.timeline import ClientTimelineItem, ReadReceipt, StaffTimelineItem, TimelineItem, UpdateKind

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

STALE = "This record was changed by someone else. Reload and try again."
SIGNING_KEY = "unit-tests-only-signing-key-0123456789abcdef0123456789abcdef"


# --- time, hashing, limits ----------------------------------------------------------------


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        # Whole seconds: JWT times are whole seconds, so claims compare equal to the clock.
        self.current = (start or datetime.now(UTC)).replace(microsecond=0)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self.current += delta or timedelta(**kwargs)
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment


class FakeHasher:
    """Salted SHA-256 in the shape of a real hash: fast, and a wrong password still fails."""

    PREFIX = "fake-sha256"

    def __init__(self) -> None:
        self.hashed = 0
        self.verified = 0

    def hash(self, password: str) -> str:
        self.hashed += 1
        salt = secrets.token_hex(8)
        return f"{self.PREFIX}${salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        prefix, _, rest = password_hash.partition("$")
        salt, _, digest = rest.partition("$")
        if prefix != self.PREFIX or not salt or not digest:
            return False
        return hmac.compare_digest(digest, hashlib.sha256((salt + password).encode()).hexdigest())


class FakeRateLimiter:
    """Fixed windows on the fake clock, counted like DynamoRateLimiter counts them."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.counts: dict[tuple[str, int], int] = {}

    def hit(self, key: str, limit: int, window_seconds: int) -> None:
        now = int(self.clock.now().timestamp())
        window_start = now - now % window_seconds
        slot = (key, window_start)
        if self.counts.get(slot, 0) >= limit:
            raise RateLimited("Too many attempts. Please wait and try again.", retry_after_seconds=window_start + window_seconds - now)
        self.counts[slot] = self.counts.get(slot, 0) + 1


# --- queues and mail ----------------------------------------------------------------------


class FakeOutbox:
    def __init__(self) -> None:
        self.sent: list[Notification] = []

    def send(self, notification: Notification) -> None:
        # Through JSON, as SQS carries it.
        self.sent.append(Notification.model_validate_json(notification.model_dump_json()))

    def take(self) -> list[Notification]:
        taken, self.sent = self.sent, []
        return taken


class FakeQueue:
    """A work queue (the ingestion queue): messages kept as the JSON bodies SQS would carry."""

    def __init__(self) -> None:
        self.bodies: list[str] = []

    def send(self, message: BaseModel) -> None:
        self.bodies.append(message.model_dump_json())

    def take(self, model: type[M]) -> list[M]:
        taken, self.bodies = self.bodies, []
        return [model.model_validate_json(body) for body in taken]


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[OutgoingEmail] = []

    def send(self, email: OutgoingEmail) -> str:
        self.sent.append(email)
        return f"message-{len(self.sent)}"

    def to(self, address: str) -> list[OutgoingEmail]:
        return [m for m in self.sent if address in m.to]


class RecordingRenderer:
    """Renders a minimal e-mail with the link, and remembers which template and language it used."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Language, dict[str, Any]]] = []

    def render(self, template: str, language: Language, context: dict[str, Any]) -> RenderedEmail:
        self.calls.append((template, language, context))
        return RenderedEmail(
            subject=f"[{template}/{language.value}] {context['firm_name']}",
            html=f'<p>{context["recipient_name"]}</p><a href="{context["link"]}">open</a>',
            text=f"{context['recipient_name']}\n{context['link']}\n",
        )


LINK = re.compile(r'href="([^"]+)"')


def link_in(email: OutgoingEmail) -> str:
    found = LINK.findall(email.html)
    assert found, "no link in the e-mail"
    return found[0]


def token_in(email: OutgoingEmail) -> str:
    return link_in(email).rsplit("/", 1)[-1]


# --- storage --------------------------------------------------------------------------------


def _dump(model: BaseModel) -> str:
    return model.model_dump_json()


def _load(model: type[M], raw: str | None) -> M | None:
    return None if raw is None else model.model_validate_json(raw)


def encode_cursor(sort_key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"k": sort_key}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, prefix: str) -> str:
    try:
        sort_key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))["k"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidInput.field("cursor", "The cursor is not valid; start from the first page.") from None
    if not isinstance(sort_key, str) or not sort_key.startswith(prefix):
        raise InvalidInput.field("cursor", "The cursor is not valid; start from the first page.")
    return sort_key


class Transaction:
    """Conditions first, then changes: a failed condition leaves everything as it was."""

    def __init__(self, conflict: str = STALE) -> None:
        self.conflict = conflict
        self.checks: list[Callable[[], bool]] = []
        self.changes: list[Callable[[], None]] = []

    def require(self, condition: Callable[[], bool]) -> Transaction:
        self.checks.append(condition)
        return self

    def then(self, change: Callable[[], None]) -> Transaction:
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
        self.numbers: dict[tuple[str, str], str] = {}  # (firm, number key) -> matter id
        self.matter_lists: dict[str, dict[str, str]] = {}  # list partition -> "<created_at>#<id>" -> summary
        self.portal_views: dict[tuple[str, str], dict[str, str]] = {}  # (firm, client) -> "MATTER#<id>" -> view
        # The updates table.
        self.timelines: dict[tuple[str, str], dict[str, str]] = {}  # (firm, matter) -> "T#<id>" -> item; "~" the marker
        self.receipts: dict[tuple[str, str, str], dict[str, str]] = {}  # beside each item: client -> first read
        self.published: dict[tuple[str, str], dict[str, str]] = {}  # (firm, matter) -> "T#<id>" -> client's copy
        self.batches: dict[tuple[str, str], str] = {}
        self.batch_results: dict[tuple[str, str], dict[str, str]] = {}  # beside the batch: chunk -> result

    def everything(self) -> str:
        """All stored state as one string, to look for what must never be stored."""
        return json.dumps({name: {str(k): v for k, v in table.items()} for name, table in vars(self).items()}, default=str)

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
            tx.then(lambda: documents.__setitem__(key, _dump(principal)))
        if credentials_over is not None:
            check_next_revision(principal.credentials, credentials_over)
            tx.require(lambda: key in credentials and json.loads(credentials[key])["revision"] == credentials_over.revision)
            tx.then(lambda: credentials.__setitem__(key, _dump(principal.credentials)))

    def audit_new(self, tx: Transaction, entry: AuditEntry | None) -> None:
        if entry is None:
            return
        tx.require(lambda: entry.id not in self.audit.get(entry.firm_id, {}))
        tx.then(lambda: self.audit.setdefault(entry.firm_id, {}).__setitem__(entry.id, _dump(entry)))

    def client_rewrite(self, tx: Transaction, client: Client, previous: Client) -> None:
        """Like DynamoClientRepository.save_operations: the record over `previous.version`,
        its listing entries rewritten and the ones it no longer has removed."""
        key = (client.firm_id, client.id)
        tx.require(lambda: self.version_of(self.clients, key) == previous.version)
        stale = set(listing_keys(previous)) - set(listing_keys(client))

        def apply() -> None:
            self.clients[key] = _dump(client)
            entries = self.listing.setdefault(client.firm_id, {})
            for sort_key in stale:
                entries.pop(sort_key, None)
            for sort_key in listing_keys(client):
                entries[sort_key] = _dump(client)

        tx.then(apply)
        self.email_claims(tx, client, [e for e in client.emails if e not in previous.emails])
        self.email_claims(tx, client, [e for e in previous.emails if e not in client.emails], release=True)

    def email_claims(self, tx: Transaction, client: Client, emails: list[str], release: bool = False) -> None:
        """Like the adapter's e-mail items: claimed only if no other client holds the
        e-mail, released only by its holder."""
        for email in emails:
            claim = (client.firm_id, email)
            tx.require(lambda c=claim: self.client_emails.get(c, client.id) == client.id)
            if release:
                tx.then(lambda c=claim: self.client_emails.pop(c, None))
            else:
                tx.then(lambda c=claim: self.client_emails.__setitem__(c, client.id))


P = TypeVar("P", StaffMember, Access)


def _load_principal(model: type[P], raw: str | None, credentials: str | None) -> P | None:
    principal = _load(model, raw)
    if principal is None:
        return None
    assert credentials is not None, "a principal without its credentials"
    return principal.model_copy(update={"credentials": Credentials.model_validate_json(credentials)})


def listing_keys(client: Client) -> list[str]:
    return [f"NAME#{normalize(client.name)}#{client.id}"] + [f"TERM#{term}#{client.id}" for term in client.search_terms()]


def _page(entries: dict[str, str], prefix: str, cursor: str | None, limit: int, newest_first: bool = False) -> tuple[list[tuple[str, str]], str | None]:
    """A Query: sort keys with the prefix, in order, after the cursor, `limit` at most."""
    keys = sorted((k for k in entries if k.startswith(prefix)), reverse=newest_first)
    if cursor:
        start = decode_cursor(cursor, prefix)
        keys = [k for k in keys if (k < start if newest_first else k > start)]
    chosen = keys[:limit]
    more = len(keys) > limit
    return [(k, entries[k]) for k in chosen], encode_cursor(chosen[-1]) if more else None


class InMemoryFirmRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str) -> Firm | None:
        return _load(Firm, self.store.firms.get(firm_id))

    def by_slug(self, slug: str) -> Firm | None:
        return _load(Firm, self.store.slugs.get(slug))

    def create(self, firm: Firm, admin: StaffMember) -> None:
        s = self.store
        login = (admin.firm_id, "staff", admin.email)
        tx = Transaction("This portal address is taken.")
        tx.require(lambda: firm.id not in s.firms and firm.portal.slug not in s.slugs)
        tx.require(lambda: (admin.firm_id, admin.id) not in s.staff and login not in s.logins)
        tx.then(lambda: s.firms.__setitem__(firm.id, _dump(firm)))
        tx.then(lambda: s.slugs.__setitem__(firm.portal.slug, _dump(firm)))
        tx.then(lambda: s.staff.__setitem__((admin.firm_id, admin.id), _dump(admin)))
        tx.then(lambda: s.staff_credentials.__setitem__((admin.firm_id, admin.id), _dump(admin.credentials)))
        tx.then(lambda: s.logins.__setitem__(login, admin.id))
        tx.commit()

    def save(self, firm: Firm, previous: Firm, audit: AuditEntry) -> None:
        s = self.store
        old_slug, new_slug = previous.portal.slug, firm.portal.slug
        tx = Transaction("This portal address is taken, or the settings were changed by someone else.")
        tx.require(lambda: s.version_of(s.firms, firm.id) == previous.version)
        if new_slug == old_slug:
            tx.require(lambda: new_slug in s.slugs)
        else:
            tx.require(lambda: new_slug not in s.slugs)
            tx.then(lambda: s.slugs.pop(old_slug, None))
        tx.then(lambda: s.firms.__setitem__(firm.id, _dump(firm)))
        tx.then(lambda: s.slugs.__setitem__(new_slug, _dump(firm)))
        s.audit_new(tx, audit)
        tx.commit()


class InMemoryStaffRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, staff_id: str) -> StaffMember | None:
        key = (firm_id, staff_id)
        return _load_principal(StaffMember, self.store.staff.get(key), self.store.staff_credentials.get(key))

    def by_email(self, firm_id: str, email: str) -> StaffMember | None:
        staff_id = self.store.logins.get((firm_id, "staff", email.lower()))
        return self.get(firm_id, staff_id) if staff_id else None

    def list(self, firm_id: str) -> list[StaffMember]:
        return [self._member(key) for key in sorted(self.store.staff) if key[0] == firm_id]

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[StaffMember]:
        entries = {f"STAFF#{staff_id}": staff_id for (firm, staff_id) in self.store.staff if firm == firm_id}
        chosen, next_cursor = _page(entries, "STAFF#", cursor, limit)
        return Page(items=[self._member((firm_id, staff_id)) for _, staff_id in chosen], next_cursor=next_cursor)

    def _member(self, key: tuple[str, str]) -> StaffMember:
        member = self.get(*key)
        assert member is not None
        return member

    def create(self, staff: StaffMember, audit: AuditEntry | None) -> None:
        s = self.store
        key, login = (staff.firm_id, staff.id), (staff.firm_id, "staff", staff.email)
        tx = Transaction("Someone on the staff already signs in with this e-mail.")
        tx.require(lambda: key not in s.staff and login not in s.logins)
        tx.then(lambda: s.staff.__setitem__(key, _dump(staff)))
        tx.then(lambda: s.staff_credentials.__setitem__(key, _dump(staff.credentials)))
        tx.then(lambda: s.logins.__setitem__(login, staff.id))
        s.audit_new(tx, audit)
        tx.commit()

    def save(self, staff: StaffMember, audit: AuditEntry | None) -> None:
        self._write(staff, audit, document_over=staff.version - 1)

    def save_credentials(self, staff: StaffMember, previous: StaffMember, audit: AuditEntry | None) -> None:
        self._write(staff, audit, credentials_over=previous.credentials)

    def save_with_credentials(self, staff: StaffMember, previous: StaffMember, audit: AuditEntry | None) -> None:
        self._write(staff, audit, document_over=previous.version, credentials_over=previous.credentials)

    def _write(self, staff: StaffMember, audit: AuditEntry | None, document_over: int | None = None, credentials_over: Credentials | None = None) -> None:
        s = self.store
        tx = Transaction()
        s.principal_write(tx, s.staff, s.staff_credentials, (staff.firm_id, staff.id), staff, document_over, credentials_over)
        s.audit_new(tx, audit)
        tx.commit()

    def delete(self, staff: StaffMember, audit: AuditEntry) -> None:
        s = self.store
        tx = Transaction()
        tx.then(lambda: s.staff.pop((staff.firm_id, staff.id), None))
        tx.then(lambda: s.staff_credentials.pop((staff.firm_id, staff.id), None))
        tx.then(lambda: s.logins.pop((staff.firm_id, "staff", staff.email), None))
        s.audit_new(tx, audit)
        tx.commit()


class InMemoryClientRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, client_id: str) -> Client | None:
        return _load(Client, self.store.clients.get((firm_id, client_id)))

    def by_email(self, firm_id: str, email: str) -> Client | None:
        # As the adapter: the search entries whose term is the e-mail, then e-mails only.
        entries = self.store.listing.get(firm_id, {})
        found = (Client.model_validate_json(raw) for sort_key, raw in sorted(entries.items()) if sort_key.startswith(f"TERM#{email.lower()}#"))
        return next((c for c in found if email.lower() in c.emails), None)

    def create(self, client: Client, audit: AuditEntry) -> None:
        s = self.store
        key = (client.firm_id, client.id)
        tx = Transaction("Another client has one of these e-mails.").require(lambda: key not in s.clients)
        s.email_claims(tx, client, client.emails)

        def apply() -> None:
            s.clients[key] = _dump(client)
            for sort_key in listing_keys(client):
                s.listing.setdefault(client.firm_id, {})[sort_key] = _dump(client)

        tx.then(apply)
        s.audit_new(tx, audit)
        tx.commit()

    def save(self, client: Client, previous: Client, audit: AuditEntry | None) -> None:
        tx = Transaction("This client was changed by someone else, or another client has one of its e-mails. Reload and try again.")
        self.store.client_rewrite(tx, client, previous)
        self.store.audit_new(tx, audit)
        tx.commit()

    def delete(self, client: Client, access: Access | None, audit: AuditEntry) -> None:
        s = self.store

        def apply() -> None:
            s.clients.pop((client.firm_id, client.id), None)
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
        items, next_cursor = _page(self.store.listing.get(firm_id, {}), "NAME#", cursor, limit)
        return Page(items=[Client.model_validate_json(raw) for _, raw in items], next_cursor=next_cursor)

    def search(self, firm_id: str, prefix: str, cursor: str | None, limit: int) -> Page[Client]:
        items, next_cursor = _page(self.store.listing.get(firm_id, {}), f"TERM#{prefix}", cursor, limit)
        found = []
        for sort_key, raw in items:
            client = Client.model_validate_json(raw)
            if sort_key == f"TERM#{client.first_term_matching(prefix)}#{client.id}":
                found.append(client)
        return Page(items=found, next_cursor=next_cursor)


class InMemoryAccessRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, client_id: str) -> Access | None:
        key = (firm_id, client_id)
        access = _load_principal(Access, self.store.accesses.get(key), self.store.access_credentials.get(key))
        if access is None:
            return None
        return access.model_copy(update={"last_sign_in_at": self.store.sign_ins.get(key)})

    def get_with_matter(self, firm_id: str, client_id: str, matter_id: str) -> tuple[Access | None, ClientMatterView | None]:
        view = _load(ClientMatterView, self.store.portal_views.get((firm_id, client_id), {}).get(f"MATTER#{matter_id}"))
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
        tx.then(lambda: s.accesses.__setitem__(key, _dump(access)))
        tx.then(lambda: s.access_credentials.__setitem__(key, _dump(access.credentials)))
        tx.then(lambda: s.logins.__setitem__(login, access.client_id))
        # The directory's access summary changes; the client's version does not.
        s.client_rewrite(tx, client, client)
        s.audit_new(tx, audit)
        tx.commit()

    def save(self, access: Access, client: Client | None, audit: AuditEntry | None) -> None:
        self._write(access, client, audit, document_over=access.version - 1)

    def save_credentials(self, access: Access, previous: Access, audit: AuditEntry | None) -> None:
        self._write(access, None, audit, credentials_over=previous.credentials)

    def save_with_credentials(self, access: Access, previous: Access, client: Client | None, audit: AuditEntry | None) -> None:
        self._write(access, client, audit, document_over=previous.version, credentials_over=previous.credentials)

    def _write(
        self, access: Access, client: Client | None, audit: AuditEntry | None, document_over: int | None = None, credentials_over: Credentials | None = None
    ) -> None:
        s = self.store
        tx = Transaction()
        s.principal_write(tx, s.accesses, s.access_credentials, (access.firm_id, access.client_id), access, document_over, credentials_over)
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


class InMemorySessionRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, session: RefreshSession) -> None:
        key = (session.firm_id, session.session_id)
        Transaction().require(lambda: key not in self.store.sessions).then(lambda: self.store.sessions.__setitem__(key, _dump(session))).commit()

    def get(self, firm_id: str, session_id: str) -> RefreshSession | None:
        return _load(RefreshSession, self.store.sessions.get((firm_id, session_id)))

    def rotate(self, session: RefreshSession, previous_secret_hash: str) -> None:
        key = (session.firm_id, session.session_id)

        def unchanged() -> bool:
            stored = self.get(*key)
            return stored is not None and stored.secret_hash == previous_secret_hash

        Transaction().require(unchanged).then(lambda: self.store.sessions.__setitem__(key, _dump(session))).commit()

    def delete(self, firm_id: str, session_id: str) -> None:
        self.store.sessions.pop((firm_id, session_id), None)


class InMemoryAuditRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def append(self, entry: AuditEntry) -> None:
        tx = Transaction()
        self.store.audit_new(tx, entry)
        tx.commit()

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[AuditEntry]:
        items, next_cursor = _page(self.store.audit.get(firm_id, {}), "", cursor, limit, newest_first=True)
        return Page(items=[AuditEntry.model_validate_json(raw) for _, raw in items], next_cursor=next_cursor)

    def entries(self, firm_id: str) -> list[AuditEntry]:
        """Every entry of the firm, the last written first (the fake clock stands still, so
        entries of one test often share their time, and `list` orders those by chance)."""
        return [AuditEntry.model_validate_json(raw) for raw in reversed(self.store.audit.get(firm_id, {}).values())]

    def actions(self, firm_id: str) -> list[str]:
        return [entry.action for entry in self.entries(firm_id)]


# --- matters, the timeline, API keys and ingestion batches ------------------------------------

MARKER = "~"  # a matter's marker in its timeline: sorts after every "T#..." key, as in DynamoDB


def _firm_list(firm_id: str) -> str:
    return f"FIRM#{firm_id}#MATTERS"


def _client_list(firm_id: str, client_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENT#{client_id}#MATTERS"


def _query(
    entries: dict[str, str], prefix: str, cursor: str | None, limit: int, newest_first: bool, cursor_prefix: str | None = None
) -> tuple[list[tuple[str, str]], str | None]:
    """A DynamoDB Query with Limit: `limit` keys are read (a filter applied afterwards may
    keep fewer), and the cursor is the last key read when more are left."""
    keys = sorted((k for k in entries if k.startswith(prefix)), reverse=newest_first)
    if cursor:
        start = decode_cursor(cursor, prefix if cursor_prefix is None else cursor_prefix)
        keys = [k for k in keys if (k < start if newest_first else k > start)]
    chosen = keys[:limit]
    return [(k, entries[k]) for k in chosen], encode_cursor(chosen[-1]) if len(keys) > limit else None


def _items_written(matter: Matter, previous: Matter | None, portal: PortalChanges | None, audit: AuditEntry | None) -> int:
    """The items DynamoMatterRepository writes for a matter created (no `previous`) or saved."""
    gone = set(previous.involved_client_ids) - set(matter.involved_client_ids) if previous else set()
    lists = 1 + len(matter.involved_client_ids) + len(gone)
    if previous is None:
        own = 2 + bool(matter.number_key)  # the matter, its timeline marker, its number
    else:
        own = 1 + ((bool(matter.number_key) + bool(previous.number_key)) if matter.number_key != previous.number_key else 0)
    return own + lists + len(portal.views if portal else {}) + bool(audit)


class InMemoryMatterRepository:
    """Like DynamoMatterRepository: a matter is written with its number (unique per firm),
    its lists, its timeline marker and the clients' views, all in one transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, matter_id: str) -> Matter | None:
        matter = _load(Matter, self.store.matters.get((firm_id, matter_id)))
        if matter is None:
            return None
        return matter.model_copy(update={"notification_pending": self.store.notify_pending.get((firm_id, matter_id), False)})

    def get_many(self, firm_id: str, matter_ids: list[str]) -> list[Matter]:
        return [m for m in (self.get(firm_id, matter_id) for matter_id in sorted(set(matter_ids))) if m]

    def by_number(self, firm_id: str, number_key: str) -> Matter | None:
        matter_id = self.store.numbers.get((firm_id, number_key))
        return self.get(firm_id, matter_id) if matter_id else None

    def list(self, firm_id: str, query: MatterListQuery, cursor: str | None, limit: int) -> Page[MatterSummary]:
        partition = _client_list(firm_id, query.client_id) if query.client_id else _firm_list(firm_id)
        read, next_cursor = _query(self.store.matter_lists.get(partition, {}), "", cursor, limit, newest_first=True)
        summaries = [MatterSummary.model_validate_json(raw) for _, raw in read]
        # A FilterExpression: applied to what the page read.
        kept = [m for m in summaries if (query.status is None or m.status is query.status) and (query.public is None or m.public is query.public)]
        return Page(items=kept, next_cursor=next_cursor)

    def create(self, matter: Matter, audit: AuditEntry | None, others: list[RelatedSave] | None = None) -> None:
        s = self.store
        key = (matter.firm_id, matter.id)
        tx = Transaction("The firm already has a matter with this number.")
        tx.require(lambda: key not in s.matters)
        if matter.number_key:
            number = (matter.firm_id, matter.number_key)
            tx.require(lambda: number not in s.numbers)
            tx.then(lambda: s.numbers.__setitem__(number, matter.id))
        tx.then(lambda: self._write_matter(matter))
        tx.then(lambda: s.timelines.setdefault(key, {}).__setitem__(MARKER, ""))
        self._listing(tx, matter, None)
        s.audit_new(tx, audit)
        if others:
            tx.conflict = "The firm already has a matter with this number, or a related matter was changed by someone else. Reload and try again."
        self._commit(tx, _items_written(matter, None, None, audit), others)

    def save(self, matter: Matter, previous: Matter, portal: PortalChanges, audit: AuditEntry | None, others: list[RelatedSave] | None = None) -> None:
        which = "This matter or a related one" if others else "This matter"
        tx = Transaction(f"{which} was changed by someone else, or its number is taken. Reload and try again.")
        self._save_into(tx, matter, previous, portal, audit)
        self._commit(tx, _items_written(matter, previous, portal, audit), others)

    def _commit(self, tx: Transaction, items: int, others: list[RelatedSave] | None) -> None:
        """With the other sides of the relations the matter changed, in the same
        transaction, which holds as many items as DynamoDB's."""
        for other in others or []:
            self._save_into(tx, other.matter, other.previous, other.portal, other.audit)
            items += _items_written(other.matter, other.previous, other.portal, other.audit)
        if items > MAX_ITEMS_PER_WRITE:
            raise InvalidInput.field("related", TOO_MANY_RELATION_CHANGES)
        tx.commit()

    def _save_into(self, tx: Transaction, matter: Matter, previous: Matter, portal: PortalChanges, audit: AuditEntry | None) -> None:
        s = self.store
        key = (matter.firm_id, matter.id)
        tx.require(lambda: s.version_of(s.matters, key) == previous.version)
        tx.then(lambda: self._write_matter(matter))
        if matter.number_key != previous.number_key:
            if matter.number_key:
                number = (matter.firm_id, matter.number_key)
                tx.require(lambda: number not in s.numbers)
                tx.then(lambda: s.numbers.__setitem__(number, matter.id))
            if previous.number_key:
                tx.then(lambda: s.numbers.pop((matter.firm_id, previous.number_key), None))
        self._listing(tx, matter, previous)
        for client_id, view in portal.views.items():
            tx.then(lambda c=client_id, v=view: self._write_view(matter.firm_id, c, matter.id, v))
        s.audit_new(tx, audit)

    def set_notification_pending(self, firm_id: str, matter_id: str, pending: bool) -> None:
        key = (firm_id, matter_id)
        Transaction().require(lambda: key in self.store.matters).then(lambda: self.store.notify_pending.__setitem__(key, pending)).commit()

    def client_views(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[ClientMatterView]:
        read, next_cursor = _query(self.store.portal_views.get((firm_id, client_id), {}), "MATTER#", cursor, limit, newest_first=False)
        return Page(items=[ClientMatterView.model_validate_json(raw) for _, raw in read], next_cursor=next_cursor)

    def client_view(self, firm_id: str, client_id: str, matter_id: str) -> ClientMatterView | None:
        return _load(ClientMatterView, self.store.portal_views.get((firm_id, client_id), {}).get(f"MATTER#{matter_id}"))

    def client_views_of(self, firm_id: str, client_id: str, matter_ids: list[str]) -> list[ClientMatterView]:
        return [v for v in (self.client_view(firm_id, client_id, m) for m in sorted(set(matter_ids))) if v]

    def _write_matter(self, matter: Matter) -> None:
        key = (matter.firm_id, matter.id)
        self.store.matters[key] = matter.model_dump_json(exclude={"notification_pending"})
        self.store.notify_pending[key] = matter.notification_pending

    def _write_view(self, firm_id: str, client_id: str, matter_id: str, view: ClientMatterView | None) -> None:
        views = self.store.portal_views.setdefault((firm_id, client_id), {})
        if view is None:
            views.pop(f"MATTER#{matter_id}", None)
        else:
            views[f"MATTER#{matter_id}"] = _dump(view)

    def _listing(self, tx: Transaction, matter: Matter, previous: Matter | None) -> None:
        """The summary in the firm's list and in each involved client's list."""
        s = self.store
        sort_key = f"{matter.created_at.isoformat()}#{matter.id}"
        summary = _dump(matter.summary())
        gone = set(previous.involved_client_ids if previous else []) - set(matter.involved_client_ids)

        def apply() -> None:
            for partition in [_firm_list(matter.firm_id)] + [_client_list(matter.firm_id, c) for c in matter.involved_client_ids]:
                s.matter_lists.setdefault(partition, {})[sort_key] = summary
            for client_id in gone:
                s.matter_lists.get(_client_list(matter.firm_id, client_id), {}).pop(sort_key, None)

        tx.then(apply)


class InMemoryTimelineRepository:
    """Like DynamoTimelineRepository: items keyed by id (date first) under the matter, the
    matter's marker after them, a copy of each published item for the clients, and read
    receipts beside each item."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, matter_id: str, item_id: str) -> TimelineItem | None:
        return _load(TimelineItem, self.store.timelines.get((firm_id, matter_id), {}).get(f"T#{item_id}"))

    def page(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[StaffTimelineItem]:
        key = (firm_id, matter_id)
        entries = self.store.timelines.get(key, {})
        # The first page reads the marker too, which comes first in a newest-first query.
        read, next_cursor = _query(entries, "", cursor, limit if cursor else limit + 1, newest_first=True, cursor_prefix="T#")
        if not cursor:
            if not read or read[0][0] != MARKER:
                raise NotFound("Matter not found.")
            read = read[1:]
        items = []
        for sort_key, raw in read:
            receipts = self.store.receipts.get((firm_id, matter_id, sort_key), {})
            read_by = [ReadReceipt(client_id=c, read_at=datetime.fromisoformat(at)) for c, at in sorted(receipts.items())]
            items.append(StaffTimelineItem.model_validate({**json.loads(raw), "read_by": read_by}))
        return Page(items=items, next_cursor=next_cursor)

    def client_page(self, firm_id: str, matter_id: str, kinds: set[UpdateKind], cursor: str | None, limit: int) -> Page[ClientTimelineItem]:
        read, next_cursor = _query(self.store.published.get((firm_id, matter_id), {}), "T#", cursor, limit, newest_first=True)
        items = [ClientTimelineItem.model_validate_json(raw) for _, raw in read]
        # A FilterExpression on the kind: applied to what the page read.
        return Page(items=[i for i in items if i.kind in kinds], next_cursor=next_cursor)

    def client_item(self, firm_id: str, matter_id: str, item_id: str) -> ClientTimelineItem | None:
        return _load(ClientTimelineItem, self.store.published.get((firm_id, matter_id), {}).get(f"T#{item_id}"))

    def add(self, item: TimelineItem, audit: AuditEntry | None) -> None:
        tx = Transaction("This update exists already.")
        self._write_new(tx, item)
        self.store.audit_new(tx, audit)
        tx.commit()

    def add_court_movements(self, items: list[TimelineItem]) -> list[bool]:
        """A conditional put per movement: only the first writing of an id stores it; a
        movement already there (sent before, or earlier in the same list) is not new."""
        stored = []
        for item in items:
            tx = Transaction()
            self._write_new(tx, item)
            try:
                tx.commit()
                stored.append(True)
            except Conflict:
                stored.append(False)
        return stored

    def save(self, item: TimelineItem, previous: TimelineItem, audit: AuditEntry | None) -> None:
        s = self.store
        key = (item.firm_id, item.matter_id)
        old = f"T#{previous.id}"
        tx = Transaction()
        tx.require(lambda: s.version_of(s.timelines.get(key, {}), old) == previous.version)
        if item.id == previous.id:
            # The document changes; the receipts beside it stay.
            tx.then(lambda: s.timelines[key].__setitem__(old, _dump(item)))
            tx.then(lambda: self._write_copy(item))
        else:  # the date changed, and the id with it; who has read it stays known
            receipts = dict(s.receipts.get((*key, old), {}))
            tx.then(lambda: self._remove(item.firm_id, item.matter_id, previous.id))
            self._write_new(tx, item)
            tx.then(lambda: s.receipts.__setitem__((*key, f"T#{item.id}"), receipts))
        s.audit_new(tx, audit)
        tx.commit()

    def delete(self, item: TimelineItem, audit: AuditEntry) -> None:
        tx = Transaction().then(lambda: self._remove(item.firm_id, item.matter_id, item.id))
        self.store.audit_new(tx, audit)
        tx.commit()

    def record_receipt(self, firm_id: str, matter_id: str, item_id: str, client_id: str, at: datetime) -> None:
        if f"T#{item_id}" not in self.store.timelines.get((firm_id, matter_id), {}):
            raise NotFound("Update not found.")
        self.store.receipts.setdefault((firm_id, matter_id, f"T#{item_id}"), {}).setdefault(client_id, at.isoformat())

    def _write_new(self, tx: Transaction, item: TimelineItem) -> None:
        s = self.store
        key, sort_key = (item.firm_id, item.matter_id), f"T#{item.id}"
        tx.require(lambda: sort_key not in s.timelines.get(key, {}))
        tx.then(lambda: s.timelines.setdefault(key, {}).__setitem__(sort_key, _dump(item)))
        tx.then(lambda: s.receipts.__setitem__((*key, sort_key), {}))
        tx.then(lambda: self._write_copy(item))

    def _write_copy(self, item: TimelineItem) -> None:
        copies = self.store.published.setdefault((item.firm_id, item.matter_id), {})
        if item.published:
            copies[f"T#{item.id}"] = _dump(item.for_client())
        else:
            copies.pop(f"T#{item.id}", None)

    def _remove(self, firm_id: str, matter_id: str, item_id: str) -> None:
        sort_key = f"T#{item_id}"
        self.store.timelines.get((firm_id, matter_id), {}).pop(sort_key, None)
        self.store.receipts.pop((firm_id, matter_id, sort_key), None)
        self.store.published.get((firm_id, matter_id), {}).pop(sort_key, None)


class InMemoryApiKeyRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, key_id: str) -> ApiKey | None:
        return _load(ApiKey, self.store.api_keys.get((firm_id, key_id)))

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[ApiKey]:
        entries = {f"APIKEY#{key_id}": raw for (firm, key_id), raw in self.store.api_keys.items() if firm == firm_id}
        chosen, next_cursor = _page(entries, "APIKEY#", cursor, limit)
        return Page(items=[ApiKey.model_validate_json(raw) for _, raw in chosen], next_cursor=next_cursor)

    def create(self, key: ApiKey, audit: AuditEntry) -> None:
        s = self.store
        tx = Transaction().require(lambda: (key.firm_id, key.id) not in s.api_keys).then(lambda: s.api_keys.__setitem__((key.firm_id, key.id), _dump(key)))
        s.audit_new(tx, audit)
        tx.commit()

    def save(self, key: ApiKey, audit: AuditEntry) -> None:
        s = self.store
        tx = Transaction().then(lambda: s.api_keys.__setitem__((key.firm_id, key.id), _dump(key)))
        s.audit_new(tx, audit)
        tx.commit()


class InMemoryIngestionRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, batch: IngestionBatch) -> None:
        s = self.store
        key = (batch.firm_id, batch.id)
        tx = Transaction().require(lambda: key not in s.batches)
        tx.then(lambda: s.batches.__setitem__(key, _dump(batch)))
        tx.then(lambda: s.batch_results.__setitem__(key, {}))
        tx.commit()

    def get(self, firm_id: str, batch_id: str) -> IngestionBatch | None:
        batch = _load(IngestionBatch, self.store.batches.get((firm_id, batch_id)))
        if batch is None:
            return None
        results = {chunk: ChunkResult.model_validate_json(raw) for chunk, raw in self.store.batch_results.get((firm_id, batch_id), {}).items()}
        return batch.model_copy(update={"results": results})

    def record_chunk(self, firm_id: str, batch_id: str, chunk: int, result: ChunkResult) -> None:
        key = (firm_id, batch_id)
        tx = Transaction().require(lambda: key in self.store.batches)
        # if_not_exists: the first result recorded for a chunk stays.
        tx.then(lambda: self.store.batch_results[key].setdefault(str(chunk), _dump(result)))
        tx.commit()


class PortalRequests:
    """ClientPortal as the HTTP layer calls it: a client's request about a matter reads the
    client's view of it together with the access (Authenticator.authenticate(token,
    matter_id)), so each call here reads the view as stored now."""

    def __init__(self, portal: Any, accesses: InMemoryAccessRepository) -> None:
        self.portal = portal
        self.accesses = accesses

    def matters_page(self, caller: Any, cursor: str | None, limit: int) -> Any:
        return self.portal.matters_page(caller, cursor, limit)

    def matter(self, caller: Any, matter_id: str) -> Any:
        return self.portal.matter(self._about(caller, matter_id), matter_id)

    def timeline_page(self, caller: Any, matter_id: str, cursor: str | None, limit: int) -> Any:
        return self.portal.timeline_page(self._about(caller, matter_id), matter_id, cursor, limit)

    def mark_read(self, caller: Any, matter_id: str, item_id: str) -> None:
        self.portal.mark_read(self._about(caller, matter_id), matter_id, item_id)

    def _about(self, caller: Any, matter_id: str) -> Any:
        if caller.access is None:
            return caller
        _, view = self.accesses.get_with_matter(caller.firm_id, caller.access.client_id, matter_id)
        return caller.model_copy(update={"matter_view": view})


# --- the whole domain, wired with fakes ------------------------------------------------------


class FakeSystem:
    """The domain services wired to in-memory adapters, the way bootstrap.py wires AWS."""

    ADMIN_PASSWORD = "admin password 123"
    ADDRESS = "203.0.113.7"

    def __init__(self, clock: FakeClock | None = None, policy: Any = None) -> None:
        from chalicelib.adapters.tokens import JwtSigner
        from chalicelib.domain.access_lifecycle import AccessLifecycle
        from chalicelib.domain.authentication import Authenticator, IdentityPolicy
        from chalicelib.domain.client_directory import ClientDirectory
        from chalicelib.domain.client_portal import ClientPortal
        from chalicelib.domain.firm_administration import FirmAdministration
        from chalicelib.domain.ingestion import ApiKeys, MovementIngestion
        from chalicelib.domain.matter_desk import MatterDesk
        from chalicelib.domain.notification_delivery import NotificationDelivery, PortalUrls
        from chalicelib.domain.timeline_desk import TimelineDesk

        self.clock = clock or FakeClock()
        self.policy = policy or IdentityPolicy()
        self.store = Store()
        self.firms = InMemoryFirmRepository(self.store)
        self.staff = InMemoryStaffRepository(self.store)
        self.clients = InMemoryClientRepository(self.store)
        self.accesses = InMemoryAccessRepository(self.store)
        self.sessions = InMemorySessionRepository(self.store)
        self.audit = InMemoryAuditRepository(self.store)
        self.matters = InMemoryMatterRepository(self.store)
        self.timeline = InMemoryTimelineRepository(self.store)
        self.keys = InMemoryApiKeyRepository(self.store)
        self.batches = InMemoryIngestionRepository(self.store)
        self.outbox = FakeOutbox()
        self.queue = FakeQueue()  # the ingestion queue
        self.mailer = FakeMailer()
        self.renderer = RecordingRenderer()
        self.hasher = FakeHasher()
        self.limiter = FakeRateLimiter(self.clock)
        self.signer = JwtSigner(lambda: SIGNING_KEY)
        self.urls = PortalUrls(portal_template="https://{slug}.portal.test", admin="https://admin.portal.test")
        self.authenticator = Authenticator(
            firms=self.firms,
            staff=self.staff,
            clients=self.clients,
            accesses=self.accesses,
            sessions=self.sessions,
            audit=self.audit,
            outbox=self.outbox,
            hasher=self.hasher,
            signer=self.signer,
            limiter=self.limiter,
            clock=self.clock,
            policy=self.policy,
        )
        self.directory = ClientDirectory(clients=self.clients, accesses=self.accesses, matters=self.matters, clock=self.clock)
        self.lifecycle = AccessLifecycle(clients=self.clients, accesses=self.accesses, audit=self.audit, outbox=self.outbox, clock=self.clock)
        self.administration = FirmAdministration(firms=self.firms, staff=self.staff, outbox=self.outbox, clock=self.clock)
        self.desk = MatterDesk(matters=self.matters, clients=self.clients, staff=self.staff, accesses=self.accesses, outbox=self.outbox, clock=self.clock)
        self.timeline_desk = TimelineDesk(matters=self.matters, timeline=self.timeline, outbox=self.outbox, clock=self.clock)
        self.portal = PortalRequests(ClientPortal(matters=self.matters, timeline=self.timeline, clock=self.clock), self.accesses)
        self.api_keys = ApiKeys(keys=self.keys, clock=self.clock)
        self.ingestion = MovementIngestion(matters=self.matters, desk=self.desk, timeline=self.timeline, batches=self.batches, queue=self.queue, clock=self.clock)
        self.delivery = NotificationDelivery(
            firms=self.firms,
            staff=self.staff,
            clients=self.clients,
            accesses=self.accesses,
            matters=self.matters,
            timeline=self.timeline,
            renderer=self.renderer,
            mailer=self.mailer,
            clock=self.clock,
            policy=self.policy,
            urls=self.urls,
        )

    def process_queue(self) -> list[Any]:
        """What the ingestion worker does with every chunk queued so far."""
        from chalicelib.domain.ingestion import IngestionChunk

        return [self.ingestion.process(chunk) for chunk in self.queue.take(IngestionChunk)]

    def deliver_all(self) -> list[str | None]:
        """What the notifications worker does with everything queued so far."""
        return [self.delivery.deliver(n) for n in self.outbox.take()]

    def last_token_to(self, address: str) -> str:
        self.deliver_all()
        mails = self.mailer.to(address)
        assert mails, f"no e-mail to {address}"
        return token_in(mails[-1])
