"""What the domain needs from the outside world. Adapters implement these with AWS;
tests implement them in memory."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import BinaryIO, Protocol

from .accesses import Access
from .audit import AuditEntry
from .clients import Client
from .common import DomainModel, Language, Page
from .consultations import Consultation, ConsultationEntry, ConsultationQuery, Task
from .devices import Device, Push, PushPlatform
from .documents import (
    Document,
    DocumentRequest,
    DocumentRequestDetail,
    DocumentType,
    Inspection,
    InspectionLimits,
    ReviewQueue,
    StoredObject,
    UploadForm,
)
from .feed import FeedRead, FeedSummary, StoredFeedEntry
from .firm import Firm
from .identity import RefreshSession, SessionClaims
from .integration import ApiKey, ChunkResult, IngestionBatch
from .matters import ClientMatterView, Matter, MatterListQuery, MatterSummary, PendingNotification
from .notifications import HeldNotifications, HeldRelease, Notification, Suppression
from .preferences import NotificationPreferences, Unsubscription
from .staff import StaffMember
from .templates import DigestItem, EmailSource, EmailTemplate, TemplateFailure, TemplateName
from .timeline import ClientTimelineItem, StaffTimelineItem, TimelineItem, UpdateKind
from .translations import CreditAccount, MovementText, PlainText


class Clock(Protocol):
    def now(self) -> datetime: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class TokenSigner(Protocol):
    def sign(self, claims: SessionClaims) -> str: ...

    def verify(self, token: str) -> SessionClaims:
        """Check signature, algorithm, expiry, audience and token use; raise Unauthenticated."""
        ...

    def sign_unsubscribe(self, unsubscription: Unsubscription) -> str:
        """A token for an e-mail's one-click unsubscribe link, signed with the same key as the
        sessions but for another audience, so neither can stand for the other."""
        ...

    def verify_unsubscribe(self, token: str) -> Unsubscription:
        """What a token from `sign_unsubscribe` names; raise NotFound (`invalid_link`) for
        anything else: tampered, another key, a session token."""
        ...


class FirmRepository(Protocol):
    def get(self, firm_id: str) -> Firm | None: ...

    def by_slug(self, slug: str) -> Firm | None: ...

    def create(self, firm: Firm, admin: StaffMember) -> None:
        """Raise Conflict when the slug is taken."""

    def save(self, firm: Firm, previous: Firm, audit: AuditEntry) -> None:
        """Write `firm` if the stored one is still `previous` (version); move the slug if it changed."""


class StaffRepository(Protocol):
    def get(self, firm_id: str, staff_id: str) -> StaffMember | None: ...

    def get_with_client(self, firm_id: str, staff_id: str, client_id: str) -> tuple[StaffMember | None, Client | None]:
        """The staff member and one of the firm's clients, in one read: what a staff request
        about a client needs to authenticate and to answer (None for either not there)."""

    def by_email(self, firm_id: str, email: str) -> StaffMember | None: ...

    def list(self, firm_id: str) -> list[StaffMember]:
        """Every staff member (for rules such as "keep an admin"; writes only)."""

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[StaffMember]: ...

    def create(self, staff: StaffMember, audit: AuditEntry | None) -> None:
        """Raise Conflict when the e-mail already signs in to this firm."""

    def save(self, staff: StaffMember, audit: AuditEntry | None) -> None:
        """Write the document if the stored version is `staff.version - 1`, else raise
        Conflict. The credentials stored beside it are left as they are."""

    def save_credentials(self, staff: StaffMember, previous: StaffMember, audit: AuditEntry | None) -> None:
        """Write `staff.credentials` (the next revision of `previous.credentials`) if the
        stored ones are still `previous`'s, else raise Conflict. The document and its
        version are left as they are."""

    def save_with_credentials(self, staff: StaffMember, previous: StaffMember, audit: AuditEntry | None) -> None:
        """Both in one write: the document over `previous.version` and the credentials over
        `previous.credentials`; if either changed meanwhile, nothing is written (Conflict)."""

    def delete(self, staff: StaffMember, audit: AuditEntry) -> None: ...


class ClientRepository(Protocol):
    def get(self, firm_id: str, client_id: str) -> Client | None: ...

    def by_email(self, firm_id: str, email: str) -> Client | None:
        """The client who has exactly this e-mail (e-mails are stored lower-case), if any."""

    def create(self, client: Client, audit: AuditEntry) -> None:
        """Raise Conflict if another client has one of the client's e-mails."""

    def save(self, client: Client, previous: Client, audit: AuditEntry | None) -> None:
        """Write if the stored version is still `previous.version`, else raise Conflict;
        also when another client has an e-mail the client did not have before."""

    def delete(self, client: Client, access: Access | None, audit: AuditEntry) -> None:
        """Delete the client, and `access` with it; with no `access`, raise Conflict if the
        client has one now (granted since it was read)."""

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[Client]:
        """Clients sorted by name."""

    def search(self, firm_id: str, prefix: str, cursor: str | None, limit: int) -> Page[Client]:
        """Clients with a name word or an e-mail starting with the (normalized) prefix."""


class AccessRepository(Protocol):
    def get(self, firm_id: str, client_id: str) -> Access | None: ...

    def by_email(self, firm_id: str, email: str) -> Access | None: ...

    def create(self, access: Access, client: Client, audit: AuditEntry) -> None:
        """Raise Conflict if the client has an access or the e-mail signs in to this firm already.
        `client` carries the new access summary for the directory listing."""

    def save(self, access: Access, client: Client | None, audit: AuditEntry | None) -> None:
        """Write the document if the stored version is `access.version - 1`, else raise
        Conflict; the credentials stored beside it are left as they are. When `client` is
        given, its listing summary is refreshed in the same transaction."""

    def save_credentials(self, access: Access, previous: Access, audit: AuditEntry | None) -> None:
        """Write `access.credentials` (the next revision of `previous.credentials`) if the
        stored ones are still `previous`'s, else raise Conflict. The document and its
        version are left as they are."""

    def save_with_credentials(
        self, access: Access, previous: Access, client: Client | None, audit: AuditEntry | None
    ) -> None:
        """Both in one transaction: the document over `previous.version` and the credentials
        over `previous.credentials` (and the client's listing summary, when given)."""

    def delete(self, access: Access, client: Client, audit: AuditEntry) -> None: ...

    def record_sign_in(self, firm_id: str, client_id: str, at: datetime) -> None:
        """Note when the client last came in (beside the access, without a new version)."""

    def get_with_matter(
        self, firm_id: str, client_id: str, matter_id: str
    ) -> tuple[Access | None, ClientMatterView | None]:
        """The access and the client's view of one matter, in one read: what a client's
        request about a matter needs to authenticate and to know it may see the matter."""


class SessionRepository(Protocol):
    def create(self, session: RefreshSession) -> None: ...

    def get(self, firm_id: str, session_id: str) -> RefreshSession | None: ...

    def rotate(self, session: RefreshSession, previous_secret_hash: str) -> None:
        """Replace the secret if it is still the previous one, else raise Conflict."""

    def delete(self, firm_id: str, session_id: str) -> None: ...


class AuditRepository(Protocol):
    def append(self, entry: AuditEntry) -> None:
        """For events that change nothing else (a simulation opened); changes write their
        entry in their own transaction."""

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[AuditEntry]: ...


class Outbox(Protocol):
    """Where notifications wait to be delivered (a queue)."""

    def send(self, notification: Notification) -> None: ...


class RateLimiter(Protocol):
    def hit(self, key: str, limit: int, window_seconds: int) -> None:
        """Count one attempt against `key`; raise RateLimited past `limit` in the window."""

    def forgive(self, key: str, window_seconds: int) -> None:
        """Take back one attempt counted against `key` in the current window (it succeeded)."""


class RenderedEmail(DomainModel):
    subject: str
    html: str
    text: str


class TemplateEngine(Protocol):
    """The e-mails' template language (F03, domain/templates.py): the defaults, the check a
    firm's template must pass, and the one rendering of every e-mail and text message."""

    def default(self, name: str, language: Language) -> EmailSource:
        """The default of a template name (or "digest") in `language` (email_templates/)."""

    def check(self, subject: str, body: str, placeholders: Collection[str]) -> None:
        """Raise InvalidTemplate (each problem's field, line and placeholder) unless both are
        text, known placeholders and `if` on them only."""

    def render_source(
        self,
        source: EmailSource,
        values: Mapping[str, str],
        placeholders: Collection[str],
        items: Sequence[DigestItem] = (),
    ) -> RenderedEmail:
        """The e-mail in the shared layout (the firm's name, logo and colour from `values`,
        a button to `link`, the footer; the digest's `items` listed). Checks the subject and
        body first; raise InvalidTemplate when they fail it or their output passes the limits."""

    def render_text(self, source: str, values: Mapping[str, str], placeholders: Collection[str]) -> str:
        """One line (a text message) rendered from `source`; InvalidTemplate as above."""


class TemplateRepository(Protocol):
    """The firms' own e-mail templates: one per firm, name and language, versioned."""

    def get(self, firm_id: str, name: TemplateName, language: Language) -> EmailTemplate | None: ...

    def of_firm(self, firm_id: str) -> list[EmailTemplate]:
        """Every template of the firm in one read, by name then language."""

    def save(self, template: EmailTemplate, previous: EmailTemplate | None, audit: AuditEntry) -> None:
        """Write with its audit entry: the first of its name and language when `previous` is
        None (Conflict when one exists), else over `previous.version` (Conflict when it changed)."""

    def delete(self, template: EmailTemplate, audit: AuditEntry) -> None:
        """Remove it with its audit entry if it is still `template.version` (else Conflict)."""

    def record_failure(self, template: EmailTemplate, failure: TemplateFailure) -> None:
        """Note the failure on the stored template if it is still `template.version`, keeping
        that version (an admin editing it is not made stale); nothing when it changed or is gone."""


class OutgoingEmail(DomainModel):
    to: list[str]
    subject: str
    html: str
    text: str
    sender_name: str
    reply_to: str | None = None
    tags: dict[str, str] = {}
    # Extra headers (List-Unsubscribe and List-Unsubscribe-Post on news and digests).
    headers: dict[str, str] = {}


class Mailer(Protocol):
    def send(self, email: OutgoingEmail) -> str:
        """Send and return the provider's message id."""


class SuppressionList(Protocol):
    """The firm's suppressed addresses (bounced or complained), one entry per address."""

    def add(self, suppression: Suppression) -> bool:
        """Put the address on its firm's list and return True; an address already there
        keeps its first entry and the answer is False (the same event again changes nothing)."""

    def find(self, firm_id: str, addresses: Sequence[str]) -> dict[str, Suppression]:
        """The entries of those of `addresses` (lower-case) that are suppressed, by address,
        in one read whatever their number (up to 100)."""

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[Suppression]:
        """The firm's list, newest first, a page at a time."""

    def lift(self, suppression: Suppression, audit: AuditEntry) -> None:
        """Take the address off the list with its audit entry; raise Conflict when that
        entry is not on the list any more (lifted already, or added again since)."""


class HeldNotificationsRepository(Protocol):
    """Each client's notifications held for the digest window or the quiet hours (B3)."""

    def get(self, firm_id: str, client_id: str) -> HeldNotifications | None:
        """The client's held notifications, or None when nothing is held."""

    def save(self, held: HeldNotifications, previous: HeldNotifications | None) -> None:
        """Open the client's held notifications (previous None; Conflict when the client
        already has some) or replace them over `previous.version` (Conflict when they
        changed or were released since)."""

    def remove(self, held: HeldNotifications) -> None:
        """Delete exactly this version once it is sent; Conflict when a notification was
        added (or they were released) since it was read."""


class ReleaseScheduler(Protocol):
    """Puts held notifications' release on the notifications queue when they are due."""

    def schedule(self, release: HeldRelease, at: datetime) -> None:
        """Deliver `release` to the notifications queue at `at`, not before (a moment
        already past: as soon as possible). The same release scheduled twice arrives once."""


# --- matters, the timeline and the integration API (F09-F15) ------------------------------


class PortalChanges(DomainModel):
    """How a matter change reaches the clients' portals, written with the matter itself:
    each touched client's view of it (None removes it). A view exists exactly while the
    matter is published to that client."""

    views: dict[str, ClientMatterView | None] = {}


class RelatedSave(DomainModel):
    """The other side of a relation a matter's save changes: that matter, written over
    `previous.version` with its clients' views, in the same transaction."""

    matter: Matter
    previous: Matter
    portal: PortalChanges
    audit: AuditEntry | None = None


class MatterRepository(Protocol):
    def get(self, firm_id: str, matter_id: str) -> Matter | None: ...

    def get_many(self, firm_id: str, matter_ids: list[str]) -> list[Matter]: ...

    def by_number(self, firm_id: str, number_key: str) -> Matter | None: ...

    def list(self, firm_id: str, query: MatterListQuery, cursor: str | None, limit: int) -> Page[MatterSummary]: ...

    def create(
        self, matter: Matter, audit: AuditEntry | None, others: builtins.list[RelatedSave] | None = None
    ) -> None:
        """Raise Conflict when the firm has a matter with this number, or one of `others`
        changed since it was read; nothing is written then."""

    def save(
        self,
        matter: Matter,
        previous: Matter,
        portal: PortalChanges,
        audit: AuditEntry | None,
        others: builtins.list[RelatedSave] | None = None,
    ) -> None:
        """Write if the stored version is still `previous.version`, and each of `others`
        over its own previous version, all in one transaction, else raise Conflict. Raise
        InvalidInput on `related` when it all would not fit in one transaction."""

    def set_notification_pending(self, firm_id: str, matter_id: str, pending: bool, at: datetime) -> None:
        """Set or clear the flag; set, `at` is when the change was made, and the matter moves
        to the top of `pending_notifications`; cleared, it leaves that list. Raise NotFound
        when there is no such matter. (`save` and `create` keep the list too, from the
        matter's `notification_pending` and `notification_pending_at`.)"""

    def pending_notifications(self, firm_id: str, cursor: str | None, limit: int) -> Page[PendingNotification]:
        """The firm's matters with a notification pending, the most recently changed first,
        in one read."""

    def save_court_stage(self, matter: Matter, previous: Matter) -> None:
        """B7: write `matter.court_stage` beside the document (no new version), with the
        matter's summary in its lists and its clients' views as `matter` has them, if the
        stored version and court stage are still `previous`'s, else raise Conflict. (`save`
        keeps the stored court stage, and raises Conflict when it changed since it was read.)"""

    def client_views(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[ClientMatterView]: ...

    def client_view(self, firm_id: str, client_id: str, matter_id: str) -> ClientMatterView | None: ...

    # builtins.list: in this class `list` is the method above.
    def client_views_of(
        self, firm_id: str, client_id: str, matter_ids: builtins.list[str]
    ) -> builtins.list[ClientMatterView]:
        """The client's views of these matters: those published to the client, in one read."""


class TimelineRepository(Protocol):
    """A matter's timeline. Every write of a published update (or of one that stops being
    published) also brings the feed of each client the matter is published to in step with
    it, in the same transaction (FeedRepository)."""

    def get(self, firm_id: str, matter_id: str, item_id: str) -> TimelineItem | None: ...

    def page(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[StaffTimelineItem]:
        """Newest first, every kind, with read receipts."""

    def client_page(
        self, firm_id: str, matter_id: str, kinds: set[UpdateKind], cursor: str | None, limit: int
    ) -> Page[ClientTimelineItem]:
        """Newest first, published items of these kinds only."""

    def client_item(self, firm_id: str, matter_id: str, item_id: str) -> ClientTimelineItem | None: ...

    def add(self, item: TimelineItem, audit: AuditEntry | None) -> None:
        """Raise Conflict when an item with this id exists."""

    def add_court_movements(self, items: list[TimelineItem]) -> list[bool]:
        """Store each item unless it is there already; say which were new."""

    def save(self, item: TimelineItem, previous: TimelineItem, audit: AuditEntry | None) -> None:
        """Write if the stored version is still `previous.version`; the id may change with the date."""

    def delete(self, item: TimelineItem, audit: AuditEntry) -> None: ...

    def record_receipt(self, firm_id: str, matter_id: str, item_id: str, client_id: str, at: datetime) -> None:
        """Remember the first time the client opened the item; later opens change nothing."""


class FeedRepository(Protocol):
    """A6: each client's feed (domain/feed.py). The timeline's repository writes its entries
    and the matters' repository her summary (her views of her matters, a new round when a
    matter is published to her again), in the transactions of what they show; this port
    reads it and records what she read."""

    def read(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> FeedRead:
        """Her summary and up to `limit` of her entries, newest first by the entry's id, every
        round and category (the service filters); the first page (no cursor) is one read."""

    def summary(self, firm_id: str, client_id: str) -> FeedSummary:
        """Empty when she has no feed yet."""

    def get(self, firm_id: str, client_id: str, entry_id: str) -> StoredFeedEntry | None: ...

    def mark_read(self, firm_id: str, client_id: str, entry_id: str, at: datetime) -> bool:
        """Record that she read the entry, the first time only; it no longer counts as unread.
        False when she has no such entry."""

    def mark_all_read(self, firm_id: str, client_id: str, at: datetime) -> int:
        """Every entry unread now is read at `at`; her counts are all zero after. Returns how
        many were marked."""

    def forget(self, firm_id: str, client_id: str) -> None:
        """Her whole feed, entries and summary: she was deleted."""


class ApiKeyRepository(Protocol):
    def get(self, firm_id: str, key_id: str) -> ApiKey | None: ...

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[ApiKey]: ...

    def create(self, key: ApiKey, audit: AuditEntry) -> None: ...

    def save(self, key: ApiKey, audit: AuditEntry) -> None: ...


class IngestionRepository(Protocol):
    def create(self, batch: IngestionBatch) -> None: ...

    def get(self, firm_id: str, batch_id: str) -> IngestionBatch | None: ...

    def record_chunk(self, firm_id: str, batch_id: str, chunk: int, result: ChunkResult) -> None:
        """Raise NotFound when there is no such batch. Idempotent: the first result recorded
        for a chunk stays. A message delivered again (SQS delivers at least once) finds its
        movements stored by the first delivery and would count them as duplicates."""


class Queue(Protocol):
    def send(self, message: DomainModel) -> None: ...

    def send_many(self, messages: Sequence[DomainModel]) -> None:
        """Send each message (in batches of ten); raise if any of them was not accepted."""


class PlainLanguageModel(Protocol):
    """A chat model behind an OpenAI-compatible API that says a court movement plainly."""

    @property
    def provider(self) -> str:
        """Who receives the text, as admins read it beside the consent ("OpenAI, gpt-4o-mini")."""

    @property
    def prompt_version(self) -> str:
        """The version of the prompt file: a cached answer is reused only under the same one."""

    def explain(self, movement: MovementText, language: Language, problems: builtins.list[str]) -> PlainText:
        """The movement in plain `language`. `problems` are what the fact check found wrong in
        the previous answer, stated to the model on the retry. Raise ModelUnavailable when the
        server is busy (429), failing (5xx) or slow (timeout), after the client's own retries;
        ModelAnswerInvalid when the answer is not the structured shape."""


class TranslationCache(Protocol):
    def get(self, key: str) -> PlainText | None: ...

    def put(self, key: str, plain: PlainText) -> None:
        """Keep the text under the key (translations.cache_key); a second put of a key keeps the first."""


class CreditLedger(Protocol):
    def account(self, firm_id: str) -> CreditAccount:
        """The balance and the usage per month, newest first; a firm never granted any has 0."""

    def firm_and_account(self, firm_id: str) -> tuple[Firm | None, CreditAccount]:
        """The firm and its account in one read: what the translation settings show."""

    def grant(self, firm_id: str, credits: int) -> None:
        """Add credits to the balance (the platform's operator, a plan's monthly allowance)."""

    def charge(self, firm_id: str, charge_id: str, credits: int, month: str) -> bool:
        """Take `credits` from the balance and count a model call in `month`, atomically and
        once per `charge_id`: True when taken now or by an earlier call with the same id, False
        when the balance is short (nothing taken)."""

    def record_untranslated(self, firm_id: str, charge_id: str, month: str) -> None:
        """Count, once per `charge_id`, a movement left untranslated in `month` for lack of credit."""


# --- client uploads (issue 9) ------------------------------------------------------------


class DocumentInspector(Protocol):
    """Reads an uploaded object's bytes and says whether it is accepted and what it is."""

    def inspect(
        self, stream: BinaryIO, size: int, declared_type: str, file_name: str, limits: InspectionLimits
    ) -> Inspection:
        """The verdict on the bytes (documents.judge's rules), read in chunks: a stream that
        cannot seek is copied to a temporary file, never held whole in memory. `size` is the
        object's stored size; bytes past `limits.max_bytes` are never read. Never raises for
        what the bytes hold: damaged or unparsable content is Refusal.UNREADABLE."""

    def strip_metadata(self, stream: BinaryIO, document_type: DocumentType) -> BinaryIO | None:
        """For an accepted image, the same picture without EXIF, XMP or text metadata (GPS,
        device, owner) and with its orientation applied, as a rewound temporary file the
        caller closes; None for the types this leaves as they are (PDF, office, text)."""


class DocumentStorage(Protocol):
    """The documents bucket (S3). Keys are chosen by the server, never by the caller."""

    def upload_form(self, key: str, content_type: str, max_bytes: int, expires_at: datetime) -> UploadForm:
        """A presigned POST for exactly this key: conditions on the key, the `Content-Type`
        (exact), `content-length-range` 1..max_bytes, expiring at `expires_at` (at most five
        minutes away)."""

    def download_link(self, key: str, file_name: str, content_type: str, expires_at: datetime) -> str:
        """A presigned GET (at most a minute) answering `Content-Disposition: attachment` with
        the file name per RFC 6266 (an ASCII fallback and `filename*=UTF-8''…`) and this
        `Content-Type`."""

    def stat(self, key: str) -> StoredObject | None:
        """The object's size, type and tags; None when there is none."""

    def open(self, key: str) -> BinaryIO:
        """The object's bytes as a stream (not read whole); raise NotFound when there is none."""

    def replace(self, key: str, content: BinaryIO, content_type: str) -> None:
        """Write new bytes under the key (a photo without its metadata) and delete every
        earlier version, so the original cannot be fetched again."""

    def delete(self, key: str) -> None:
        """Delete the object and every version of it (and delete markers); nothing left is fine."""


class DocumentRepository(Protocol):
    def get(self, firm_id: str, document_id: str) -> Document | None: ...

    def create_many(self, documents: builtins.list[Document], audit: AuditEntry | None) -> None:
        """All of them and the audit entry, or nothing (at most 20 documents); Conflict when an
        id exists."""

    def save(
        self, document: Document, previous: Document, request: tuple[DocumentRequest, DocumentRequest] | None = None
    ) -> None:
        """Over `previous.version` (Conflict when it changed); `document.version` is the next.
        With `request` (new, previous), the request is saved in the same transaction, and
        the document's copy beside it (what `request_detail` reads) with it."""

    def of_client(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[Document]:
        """The client's documents (profile and matters), newest first."""

    def of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[Document]:
        """The matter's documents, newest first."""

    def of_consultation(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[Document]:
        """The consultation's documents (its own and its entries'), newest first. `create_many`
        of documents of a consultation moves its document_count in the same transaction."""

    def review_queue(self, firm_id: str, cursor: str | None, limit: int) -> ReviewQueue:
        """The firm's documents that `awaits_review`, newest checked first, and (on the first
        page; empty on the others) how many wait per client and per matter, most first, none at
        zero. `save`, `create_many` and `save_request` keep it in the documents' transactions."""

    def get_request(self, firm_id: str, request_id: str) -> DocumentRequest | None: ...

    def request_detail(self, firm_id: str, request_id: str) -> DocumentRequestDetail | None:
        """The request and the documents sent for it, newest first, as last saved with it."""

    def create_request(self, request: DocumentRequest, audit: AuditEntry) -> None:
        """The request in its client's and matter's lists, with the audit entry, or nothing."""

    def save_request(
        self,
        request: DocumentRequest,
        previous: DocumentRequest,
        audit: AuditEntry | None,
        documents: builtins.list[tuple[Document, Document]] | None = None,
        created: builtins.list[Document] | None = None,
    ) -> None:
        """Over `previous.version` (Conflict when it changed), in one transaction with the
        audit entry, the (document, previous) pairs saved as `save` would, and new documents
        created as `create_many` would. At most 20 documents in all."""

    def delete_request(self, request: DocumentRequest, audit: AuditEntry) -> None:
        """The request and its list entries, with the audit entry; its documents stay."""

    def requests_of_client(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        """The client's requests (profile and matters), newest first."""

    def requests_of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        """The matter's requests, newest first."""


# --- notification preferences and SMS (issue 10) ------------------------------------------


class PreferencesRepository(Protocol):
    def get(self, firm_id: str, client_id: str) -> NotificationPreferences | None:
        """The client's stored preferences, or None when they never chose anything."""

    def with_client(self, firm_id: str, client_id: str) -> tuple[Client | None, NotificationPreferences | None]:
        """The client and their stored preferences, in one read (staff's view of them, and
        what the notifications worker needs of a client)."""

    def save(self, preferences: NotificationPreferences) -> None:
        """Write over version `preferences.version - 1` (0: nothing stored yet), else raise
        Conflict and write nothing."""


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> str | None:
        """Send a transactional text to an E.164 number and return the provider's message id,
        or None when the number opted out of texts (nothing sent)."""


class SmsAllowance(Protocol):
    def take(self, firm_id: str, month: str, cap: int) -> bool:
        """Count one text against the firm's `month` (yyyy-mm) atomically and return True
        while fewer than `cap` were counted; False (nothing counted) once the cap is reached."""


# --- the client's phones and their push notifications (F23) ---------------------------------


class DeviceRepository(Protocol):
    def get(self, firm_id: str, client_id: str, device_id: str) -> Device | None: ...

    def of_client(self, firm_id: str, client_id: str) -> builtins.list[Device]:
        """Every device of the client (at most MAX_DEVICES), oldest registration first."""

    def save(self, device: Device) -> None:
        """Write the device, over whatever was stored under its id (registering the same phone
        again replaces it: its session, app version and language are the latest)."""

    def remove(self, device: Device) -> bool:
        """Remove the device as it was read; False, and nothing removed, when it is gone
        already or was registered again since (a newer session's registration stays)."""


class PushSender(Protocol):
    def register(self, platform: PushPlatform, token: str, owner: str) -> str:
        """The platform endpoint of the token (created, or the existing one for the same token),
        enabled and marked as `owner`'s; its ARN. Registering the same token again gives the
        same endpoint."""

    def send(self, endpoint: str, owner: str, push: Push) -> str | None:
        """Publish the push to the endpoint: the message id, or None when the endpoint no longer
        reaches the device (disabled by the platform, deleted, or taken over by another
        `owner` since): nothing is sent then. Raises PushUnavailable when the platform cannot
        take it now (throttled, failing): the endpoint may well work next time."""

    def remove(self, endpoint: str, owner: str) -> None:
        """Delete the endpoint, unless another owner registered its token since; an endpoint
        gone already is fine."""


class ConversionWrite(DomainModel):
    """What converting a consultation writes, all at once: the consultation (linked, over the
    version read), the matter (new, linked back), the client when the prospect becomes one."""

    consultation: Consultation
    previous: Consultation
    matter: Matter
    client: Client | None = None
    audit: builtins.list[AuditEntry]


class ConsultationRepository(Protocol):
    """Consultations, their entries and tasks. Every write is one transaction: the
    consultation with every list it is in (the firm's, its client's, each staff member's, its
    matter's or the unlinked ones', the important ones', each word start of its subject), the
    matter's consultation_count, and the audit entry."""

    def get(self, firm_id: str, consultation_id: str) -> Consultation | None:
        """With its counts as they are now."""

    def list(self, firm_id: str, query: ConsultationQuery, cursor: str | None, limit: int) -> Page[Consultation]:
        """Newest occurred_at first; every filter of `query` holds of each one. A page may hold
        fewer than `limit` (filters apply to what one read finds) with a cursor to go on."""

    def create(self, consultation: Consultation, entry: ConsultationEntry | None, audit: AuditEntry) -> None:
        """The consultation (its entry_count counting `entry`) and its first entry; Conflict when the id exists."""

    def save(self, consultation: Consultation, previous: Consultation, audit: AuditEntry) -> None:
        """Over `previous.version` (Conflict when it changed); the lists it leaves are left, a
        matter it leaves counts one fewer. Counts are kept as they are stored."""

    def delete(self, consultation: Consultation, audit: AuditEntry) -> builtins.list[Document]:
        """The consultation as read (Conflict when it changed), out of every list, with its
        entries, tasks and documents (no other list holds them): returns those documents, whose
        files are the caller's to delete."""

    def add_entry(self, entry: ConsultationEntry, audit: AuditEntry | None) -> None:
        """The entry, and one more in its consultation's entry_count, together: entries added
        at the same time are all kept. NotFound when the consultation is gone."""

    def get_entry(self, firm_id: str, consultation_id: str, entry_id: str) -> ConsultationEntry | None: ...

    def save_entry(self, entry: ConsultationEntry, previous: ConsultationEntry, audit: AuditEntry | None) -> None:
        """Over `previous.version`; Conflict when it changed."""

    def entries(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[ConsultationEntry]:
        """Oldest first."""

    def attach_documents(self, documents: builtins.list[Document], audit: AuditEntry | None) -> None:
        """New documents of one consultation (as DocumentRepository.create_many writes them),
        with as many more in its document_count, together; NotFound when it is gone."""

    def create_task(self, task: Task, audit: AuditEntry | None) -> None:
        """The task, in its consultation's list and (while open) its assignee's open tasks,
        with one more in the consultation's open_task_count. NotFound when the consultation is gone."""

    def get_task(self, firm_id: str, task_id: str) -> Task | None: ...

    def save_task(self, task: Task, previous: Task, audit: AuditEntry | None) -> None:
        """Over `previous.version` (Conflict when it changed), its places moved, the open count moved."""

    def tasks_of(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[Task]:
        """Open first, soonest due first, no due date last."""

    def open_tasks_of(self, firm_id: str, staff_id: str, cursor: str | None, limit: int) -> Page[Task]:
        """The staff member's open tasks, of consultations and of matters' timelines (the
        timeline keeps its tasks' places there), soonest due first, no due date last; each with
        the consultation's subject or the matter's title as it was when the task was written."""

    def convert(self, write: ConversionWrite) -> None:
        """All of `write` in one transaction, or nothing: Conflict when the consultation
        changed, the matter's number is taken or the client's e-mail is another's."""
