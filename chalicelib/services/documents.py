"""F17-F19: documents clients send from their phones and staff publish, kept safe.

A client (or staff member) asks to upload up to 20 files; each gets a document record
awaiting its upload and a presigned POST for a key the server chose. The browser posts the
file straight to S3; S3 tells the documents queue; the worker checks the bytes (size, the
type the bytes really are, active content, bombs, a malware verdict when GuardDuty set one),
strips a photo's metadata, and marks the document available or refused (the object deleted,
every version, the reason kept). Nothing is downloadable before it passes; a download is a
link of a minute, issued to someone allowed to see the document at that moment, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..domain.audit import Actor, AuditEntry
from ..domain.auth import Caller
from ..domain.common import Page, new_id
from ..domain.documents import (
    ALLOWED,
    DOWNLOAD_LINK_SECONDS,
    MB,
    UPLOAD_FORM_SECONDS,
    Document,
    DocumentPublication,
    DocumentStatus,
    DownloadLink,
    FileToUpload,
    Found,
    InspectionLimits,
    Refusal,
    Review,
    ReviewChange,
    Uploader,
    UploadRequest,
    UploadTicket,
    claimed_by_name,
    claimed_by_type,
    document_key,
    parse_document_key,
)
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ..domain.ports import (
    AuditRepository,
    ClientRepository,
    Clock,
    DocumentInspector,
    DocumentRepository,
    DocumentStorage,
    FirmRepository,
    MatterRepository,
)

# GuardDuty Malware Protection for S3 tags each object it scans with its verdict.
MALWARE_TAG = "GuardDutyMalwareScanStatus"
MALWARE_FOUND = "THREATS_FOUND"


@dataclass(frozen=True)
class DocumentsService:
    firms: FirmRepository
    clients: ClientRepository
    matters: MatterRepository
    documents: DocumentRepository
    storage: DocumentStorage
    inspector: DocumentInspector
    audit: AuditRepository
    clock: Clock

    # --- uploads ---------------------------------------------------------------------------

    def start_client_uploads(self, caller: Caller, request: UploadRequest) -> list[UploadTicket]:
        """A client sends files to their profile or to one of their matters."""
        access = caller.access
        if access is None:
            raise Forbidden("Only a client uploads here.")
        if caller.claims.mode == "simulation":
            raise Forbidden("A simulation shows what the client sees; it cannot send files.", code="read_only")
        if caller.claims.read_only:
            raise Forbidden("Signed in with a link: documents can be downloaded, not sent.", code="read_only")
        if request.matter_id is not None:
            view = self.matters.client_view(caller.firm_id, access.client_id, request.matter_id)
            if view is None or not view.visible_to(access.profile) or not access.profile.documents:
                raise NotFound("Matter not found.")
        return self._start(caller.actor, access.client_id, request, Uploader.CLIENT)

    def start_staff_uploads(self, actor: Actor, matter_id: str, request: UploadRequest) -> list[UploadTicket]:
        """Staff send documents to a matter; clients see one only once it is published."""
        if self.matters.get(actor.firm_id, matter_id) is None:
            raise NotFound("Matter not found.")
        return self._start(actor, None, request.model_copy(update={"matter_id": matter_id}), Uploader.STAFF)

    def _start(
        self, actor: Actor, client_id: str | None, request: UploadRequest, uploader: Uploader
    ) -> list[UploadTicket]:
        firm = self.firms.get(actor.firm_id)
        if firm is None:
            raise NotFound("Firm not found.")
        limit = firm.upload_limit_megabytes * MB
        for position, file in enumerate(request.files):
            _check(position, file, limit)
        now = self.clock.now()
        documents = [
            Document(
                id=(document_id := new_id()),
                firm_id=actor.firm_id,
                client_id=client_id,
                matter_id=request.matter_id,
                file_name=file.file_name,
                description=request.description,
                declared_type=file.content_type,
                key=document_key(actor.firm_id, document_id),
                uploaded_by=actor.principal_id,
                uploader=uploader,
                review=Review.NEW if uploader is Uploader.CLIENT else None,
                created_at=now,
            )
            for file in request.files
        ]
        # Not audited: a form is no document yet, and what arrives is listed for staff to review.
        self.documents.create_many(documents, None)
        expires = now + timedelta(seconds=UPLOAD_FORM_SECONDS)
        return [
            UploadTicket(document=d, form=self.storage.upload_form(d.key, d.declared_type, limit, expires))
            for d in documents
        ]

    def matter_documents_for_client(
        self, caller: Caller, matter_id: str, cursor: str | None, limit: int
    ) -> Page[Document]:
        """The documents of one of the client's matters they may see: what the firm published
        there, and what they sent to it themselves."""
        access, view = caller.access, caller.matter_view
        if access is None or view is None or view.id != matter_id or not view.visible_to(access.profile):
            raise NotFound("Matter not found.")
        if not access.profile.documents:
            return Page(items=[], next_cursor=None)
        page = self.documents.of_matter(caller.firm_id, matter_id, cursor, limit)
        shown = [
            d
            for d in page.items
            if d.client_id == access.client_id or (d.published and d.status is DocumentStatus.AVAILABLE)
        ]
        return Page(items=shown, next_cursor=page.next_cursor)

    def client_documents(self, caller: Caller, cursor: str | None, limit: int) -> Page[Document]:
        if caller.access is None:
            raise Forbidden("Only a client lists their documents here.")
        return self.documents.of_client(caller.firm_id, caller.access.client_id, cursor, limit)

    # --- staff ------------------------------------------------------------------------------------

    def of_client(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[Document]:
        page = self.documents.of_client(firm_id, client_id, cursor, limit)
        # A page with documents proves the client is the firm's (the list is under the firm):
        # only an empty one costs the lookup that tells "none yet" from "no such client".
        if not page.items and self.clients.get(firm_id, client_id) is None:
            raise NotFound("Client not found.")
        return page

    def of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[Document]:
        page = self.documents.of_matter(firm_id, matter_id, cursor, limit)
        if not page.items and self.matters.get(firm_id, matter_id) is None:
            raise NotFound("Matter not found.")
        return page

    def staff_download(self, actor: Actor, document_id: str) -> DownloadLink:
        return self._link(actor, self._available(actor.firm_id, document_id))

    def publish(self, actor: Actor, document_id: str, change: DocumentPublication) -> Document:
        """F17: show a matter's document to the matter's clients, or hide it again."""
        document = self._available(actor.firm_id, document_id)
        if document.version != change.version:
            raise Conflict("This document was changed by someone else. Reload and try again.", code="stale_version")
        if document.matter_id is None:
            raise InvalidInput.field("published", "Only a matter's document is shown to the matter's clients.")
        now = self.clock.now()
        changed = document.model_copy(update={"published": change.published, "version": document.version + 1})
        self.documents.save(changed, document)
        action = "document.published" if change.published else "document.hidden"
        self.audit.append(AuditEntry.record(actor, action, f"document:{document.id}", now, file=document.file_name))
        return changed

    def review(self, actor: Actor, document_id: str, change: ReviewChange) -> Document:
        """Staff accept a document a client sent, or reject it with a reason the client reads."""
        document = self._available(actor.firm_id, document_id)
        if document.version != change.version:
            raise Conflict("This document was changed by someone else. Reload and try again.", code="stale_version")
        if document.uploader is not Uploader.CLIENT:
            raise InvalidInput.field("accepted", "Only a document a client sent is reviewed.")
        if not change.accepted and not change.reason:
            raise InvalidInput.field("reason", "Say why the document is rejected: the client reads it.")
        now = self.clock.now()
        reviewed = document.model_copy(
            update={
                "review": Review.ACCEPTED if change.accepted else Review.REJECTED,
                "review_reason": None if change.accepted else change.reason,
                "reviewed_by": actor.principal_id,
                "reviewed_at": now,
                "version": document.version + 1,
            }
        )
        self.documents.save(reviewed, document)
        self.audit.append(
            AuditEntry.record(
                actor,
                "document.accepted" if change.accepted else "document.rejected",
                f"document:{document.id}",
                now,
                file=document.file_name,
            )
        )
        return reviewed

    # --- the worker ------------------------------------------------------------------------------

    def check(self, key: str) -> DocumentStatus | None:
        """What S3 says was uploaded under `key`, checked against its document. Safe to run
        again: a document already checked is left as it is. None: no document for the key
        (the object is deleted) or no object any more."""
        ids = parse_document_key(key)
        document = self.documents.get(*ids) if ids else None
        if document is None:
            self.storage.delete(key)  # nobody asked for it: nothing may stay
            return None
        if document.status is not DocumentStatus.AWAITING_UPLOAD:
            return document.status
        stored = self.storage.stat(key)
        if stored is None:
            return None
        firm = self.firms.get(document.firm_id)
        limits = InspectionLimits.for_firm(firm.upload_limit_megabytes if firm else None)
        if stored.tags.get(MALWARE_TAG) == MALWARE_FOUND:
            return self._refuse(document, Refusal.MALWARE, stored.size)
        with self.storage.open(key) as stream:
            inspection = self.inspector.inspect(stream, stored.size, document.declared_type, document.file_name, limits)
        if not inspection.accepted or inspection.detected_type is None:
            return self._refuse(document, inspection.reason or Refusal.UNREADABLE, stored.size)
        stripped = False
        if ALLOWED[inspection.detected_type].image:  # only photos carry metadata to strip: one more read
            with self.storage.open(key) as stream:
                cleaned = self.inspector.strip_metadata(stream, inspection.detected_type)
            if cleaned is not None:
                with cleaned:
                    self.storage.replace(key, cleaned, inspection.mime or document.declared_type)
                stripped = True
        available = document.model_copy(
            update={
                "status": DocumentStatus.AVAILABLE,
                "size": stored.size,
                "detected_type": inspection.detected_type,
                "mime": inspection.mime,
                "metadata_stripped": stripped,
                "checked_at": self.clock.now(),
                "version": document.version + 1,
            }
        )
        self.documents.save(available, document)
        return available.status

    def _refuse(self, document: Document, reason: Refusal, size: int) -> DocumentStatus:
        refused = document.model_copy(
            update={
                "status": DocumentStatus.REFUSED,
                "refusal": reason,
                "size": size,
                "checked_at": self.clock.now(),
                "version": document.version + 1,
            }
        )
        self.documents.save(refused, document)
        self.storage.delete(document.key)  # every version: nothing of it can be fetched
        return refused.status

    # --- downloads -----------------------------------------------------------------------------

    def client_download(self, caller: Caller, document_id: str) -> DownloadLink:
        """A link of a minute to a document the client may see now: one they sent, or one the
        firm published on a matter still published to them, when their profile shows documents
        (another client's upload to a shared matter is not theirs to see)."""
        access = caller.access
        if access is None:
            raise Forbidden("Only a client downloads here.")
        document = self._available(caller.firm_id, document_id)
        if document.client_id != access.client_id:
            if not document.published:
                raise NotFound("Document not found.")
            matter_id = document.matter_id
            view = self.matters.client_view(caller.firm_id, access.client_id, matter_id) if matter_id else None
            if view is None or not view.visible_to(access.profile) or not access.profile.documents:
                raise NotFound("Document not found.")
        return self._link(caller.actor, document)

    def _available(self, firm_id: str, document_id: str) -> Document:
        document = self.documents.get(firm_id, document_id)
        if document is None or document.status is not DocumentStatus.AVAILABLE:
            raise NotFound("Document not found.")
        return document

    def _link(self, actor: Actor, document: Document) -> DownloadLink:
        now = self.clock.now()
        expires = now + timedelta(seconds=DOWNLOAD_LINK_SECONDS)
        url = self.storage.download_link(document.key, document.file_name, document.mime or "", expires)
        self.audit.append(
            AuditEntry.record(actor, "document.downloaded", f"document:{document.id}", now, file=document.file_name)
        )
        return DownloadLink(url=url, expires_at=expires)


def _check(position: int, file: FileToUpload, limit: int) -> None:
    claims = [claimed_by_type(file.content_type), claimed_by_name(file.file_name)]
    if any(isinstance(claim, Found) for claim in claims) or all(claim is None for claim in claims):
        raise InvalidInput.field(
            f"files.{position}.content_type",
            f"{file.file_name}: this kind of file cannot be sent. Send a PDF, a photo (JPEG, PNG, HEIC), "
            "a Word, Excel or OpenDocument file, or plain text.",
        )
    if file.size > limit:
        raise InvalidInput.field(
            f"files.{position}.size", f"{file.file_name} is larger than {limit // MB} MB; send a smaller file."
        )
