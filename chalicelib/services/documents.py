"""F17-F19: documents clients send from their phones and staff publish, kept safe.

A client (or staff member) asks to upload up to 20 files; each gets a document record
awaiting its upload and a presigned POST for a key the server chose. The browser posts the
file straight to S3; S3 tells the documents queue; the worker checks the bytes (size, the
type the bytes really are, active content, bombs, a malware verdict when GuardDuty set one),
strips a photo's metadata, and marks the document available or refused (the object deleted,
every version, the reason kept). Nothing is downloadable before it passes; a download is a
link of a minute, issued to someone allowed to see the document at that moment, audited.

Staff review what clients sent from a queue counted per client and per matter (F18), and
ask clients for documents (F19): a request is answered with files, becomes submitted when
one passes the checks, and is accepted or rejected (pending again) with a reason; each
step is kept in its history and the client is told by e-mail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..domain.accesses import Access
from ..domain.audit import Actor, AuditEntry
from ..domain.auth import Caller
from ..domain.common import Page, new_id
from ..domain.documents import (
    ALLOWED,
    DOWNLOAD_LINK_SECONDS,
    MAX_FILES_PER_DOCUMENT_REQUEST,
    MB,
    UPLOAD_FORM_SECONDS,
    Document,
    DocumentPublication,
    DocumentRequest,
    DocumentRequestChange,
    DocumentRequestDetail,
    DocumentRequestInput,
    DocumentStatus,
    DownloadLink,
    FilesToSend,
    FileToUpload,
    Found,
    InspectionLimits,
    Refusal,
    RequestEvent,
    RequestEventKind,
    RequestParty,
    RequestStatus,
    Review,
    ReviewChange,
    ReviewQueue,
    Uploader,
    UploadRequest,
    UploadTicket,
    claimed_by_name,
    claimed_by_type,
    document_key,
    parse_document_key,
)
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ..domain.identity import PrincipalKind
from ..domain.notifications import Notification, NotificationKind
from ..domain.ports import (
    AuditRepository,
    ClientRepository,
    Clock,
    DocumentInspector,
    DocumentRepository,
    DocumentStorage,
    FirmRepository,
    MatterRepository,
    Outbox,
    StaffRepository,
)
from ..domain.staff import StaffMember

# A review in one transaction: each file is its record, two list copies and its queue entry.
MAX_FILES_PER_REVIEW = 20

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
    outbox: Outbox
    clock: Clock
    staff: StaffRepository

    # --- uploads ---------------------------------------------------------------------------

    def start_client_uploads(self, caller: Caller, request: UploadRequest) -> list[UploadTicket]:
        """A client sends files to their profile or to one of their matters."""
        access = self._uploading_client(caller)
        matter_title = None
        if request.matter_id is not None:
            view = self.matters.client_view(caller.firm_id, access.client_id, request.matter_id)
            if view is None or not view.visible_to(access.profile) or not access.profile.documents:
                raise NotFound("Matter not found.")
            matter_title = view.title
        client = self.clients.get(caller.firm_id, access.client_id)
        limit = self._upload_limit(caller.firm_id)
        documents = self._new_documents(
            caller.actor, request, Uploader.CLIENT, limit, client_id=access.client_id,
            client_name=client.name if client else None, matter_title=matter_title,
        )  # fmt: skip
        # Not audited: a form is no document yet, and what arrives is listed for staff to review.
        self.documents.create_many(documents, None)
        return self._tickets(documents, limit)

    def start_staff_uploads(self, actor: Actor, matter_id: str, request: UploadRequest) -> list[UploadTicket]:
        """Staff send documents to a matter; clients see one only once it is published."""
        matter = self.matters.get(actor.firm_id, matter_id)
        if matter is None:
            raise NotFound("Matter not found.")
        to_matter = request.model_copy(update={"matter_id": matter_id})
        limit = self._upload_limit(actor.firm_id)
        documents = self._new_documents(actor, to_matter, Uploader.STAFF, limit, matter_title=matter.title)
        self.documents.create_many(documents, None)
        return self._tickets(documents, limit)

    def delete_files(self, documents: list[Document]) -> None:
        """The files of documents whose records are gone (F20: a deleted consultation's), every
        version of each. A file still uploading finds no record when checked, and is deleted then."""
        for document in documents:
            self.storage.delete(document.key)

    def start_consultation_uploads(
        self,
        actor: Actor,
        consultation_id: str,
        entry_id: str | None,
        request: UploadRequest,
        write: Callable[[list[Document]], None],
    ) -> list[UploadTicket]:
        """F20: staff attach files to a consultation (or one of its entries): the same checks and
        forms as every upload, checked before anything is written; `write` stores the documents
        (with the consultation's count). A document of no client and no matter: no client ever
        sees it."""
        if request.matter_id is not None:
            raise InvalidInput.field("matter_id", "A consultation's document belongs to the consultation only.")
        limit = self._upload_limit(actor.firm_id)
        documents = [
            d.model_copy(update={"consultation_id": consultation_id, "consultation_entry_id": entry_id})
            for d in self._new_documents(actor, request, Uploader.STAFF, limit)
        ]
        write(documents)
        return self._tickets(documents, limit)

    def _uploading_client(self, caller: Caller) -> Access:
        """The client's access, when this session may send files."""
        access = caller.access
        if access is None:
            raise Forbidden("Only a client uploads here.")
        if caller.claims.mode == "simulation":
            raise Forbidden("A simulation shows what the client sees; it cannot send files.", code="read_only_session")
        if caller.claims.read_only:
            raise Forbidden("Signed in with a link: documents can be downloaded, not sent.", code="read_only_session")
        return access

    def _new_documents(
        self,
        actor: Actor,
        request: UploadRequest,
        uploader: Uploader,
        limit: int,
        *,
        client_id: str | None = None,
        client_name: str | None = None,
        matter_title: str | None = None,
        request_id: str | None = None,
    ) -> list[Document]:
        """A document awaiting its upload for each file, once every file is one that may be sent."""
        for position, file in enumerate(request.files):
            _check(position, file, limit)
        now = self.clock.now()
        return [
            Document(
                id=(document_id := new_id()),
                firm_id=actor.firm_id,
                client_id=client_id,
                client_name=client_name,
                matter_id=request.matter_id,
                matter_title=matter_title,
                request_id=request_id,
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

    def _upload_limit(self, firm_id: str) -> int:
        firm = self.firms.get(firm_id)
        if firm is None:
            raise NotFound("Firm not found.")
        return firm.upload_limit_megabytes * MB

    def _tickets(self, documents: list[Document], limit: int) -> list[UploadTicket]:
        expires = self.clock.now() + timedelta(seconds=UPLOAD_FORM_SECONDS)
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
        published_at = (document.published_at or now) if change.published else None
        changed = document.model_copy(
            update={"published": change.published, "published_at": published_at, "version": document.version + 1}
        )
        self._save(changed, document)
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
        self._save(reviewed, document)
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

    def _save(self, changed: Document, document: Document) -> None:
        """A document of a request is saved with its request (as it is), so the request's copy
        of it follows."""
        request = self.documents.get_request(document.firm_id, document.request_id) if document.request_id else None
        self.documents.save(changed, document, (request, request) if request else None)

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
        request = self._request_after(available)
        self.documents.save(available, document, request)
        if available.uploader is Uploader.CLIENT:
            self._tell_staff_of_upload(available, request[1] if request else None)
        return available.status

    def _tell_staff_of_upload(self, document: Document, request: DocumentRequest | None) -> None:
        """A client's file passed the checks: the staff member who asked for it is told, else
        the matter's responsible lawyer, else nobody (the review queue shows it all the same).
        Only someone who may sign in now."""
        matter_id = document.matter_id or (request.matter_id if request else None)
        member = self._active_staff(document.firm_id, request.created_by if request else None)
        if member is None and matter_id:
            matter = self.matters.get(document.firm_id, matter_id)
            member = self._active_staff(document.firm_id, matter.responsible_lawyer_id if matter else None)
        if member is None:
            return
        self.outbox.send(
            Notification(
                kind=NotificationKind.UPLOAD_RECEIVED,
                firm_id=document.firm_id,
                principal_kind=PrincipalKind.STAFF,
                principal_id=member.id,
                matter_id=matter_id,
                item_id=document.id,
            )
        )

    def _active_staff(self, firm_id: str, staff_id: str | None) -> StaffMember | None:
        member = self.staff.get(firm_id, staff_id) if staff_id else None
        return member if member is not None and member.can_sign_in else None

    def _request_after(self, checked: Document) -> tuple[DocumentRequest, DocumentRequest] | None:
        """(the request as the check of one of its files leaves it, the request read), saved
        with the document; None for a file sent to no request (or to one since deleted)."""
        request = self.documents.get_request(checked.firm_id, checked.request_id) if checked.request_id else None
        if request is None:
            return None
        return request.file_checked(checked, self.clock.now()), request

    def malware_found(self, key: str) -> DocumentStatus | None:
        """GuardDuty found a threat in the object under `key`, perhaps after the document was
        checked and made available: it is refused now (the object deleted, every version) and
        nobody can download it any more. Safe to run again: a refused document stays as it is."""
        ids = parse_document_key(key)
        document = self.documents.get(*ids) if ids else None
        if document is None:
            self.storage.delete(key)
            return None
        if document.status is DocumentStatus.REFUSED:
            return document.status
        return self._refuse(document, Refusal.MALWARE, document.size or 0)

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
        self.documents.save(refused, document, self._request_after(refused))
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

    # --- F19: document requests ------------------------------------------------------------------

    def request_documents(self, actor: Actor, request: DocumentRequestInput) -> DocumentRequest:
        """Staff ask a client for documents, on their profile or on one of their matters the
        client sees; the client and their extra addresses are told by e-mail."""
        client = self.clients.get(actor.firm_id, request.client_id)
        if client is None:
            raise NotFound("Client not found.")
        matter_title = None
        if request.matter_id is not None:
            view = self.matters.client_view(actor.firm_id, client.id, request.matter_id)
            if view is None:
                raise InvalidInput.field("matter_id", "This client does not see this matter: publish it to them first.")
            matter_title = view.title
        now = self.clock.now()
        created = DocumentRequest(
            id=new_id(),
            firm_id=actor.firm_id,
            client_id=client.id,
            client_name=client.name,
            matter_id=request.matter_id,
            matter_title=matter_title,
            title=request.title,
            details=request.details,
            due_date=request.due_date,
            history=[RequestEvent(at=now, kind=RequestEventKind.REQUESTED, by=RequestParty.FIRM)],
            created_by=actor.principal_id,
            created_at=now,
        )
        self.documents.create_request(created, self._audit(actor, "document_request.created", created, now))
        self._tell_client(created, NotificationKind.DOCUMENT_REQUESTED)
        return created

    def edit_request(self, actor: Actor, request_id: str, change: DocumentRequestChange) -> DocumentRequest:
        request = self._request(actor.firm_id, request_id, change.version)
        if request.status is RequestStatus.ACCEPTED:
            raise Conflict("This request is done: ask for a new document instead.", code="request_done")
        now = self.clock.now()
        edited = request.with_event(
            RequestEvent(at=now, kind=RequestEventKind.EDITED, by=RequestParty.FIRM),
            title=change.title,
            details=change.details,
            due_date=change.due_date,
        )
        self.documents.save_request(edited, request, self._audit(actor, "document_request.edited", edited, now))
        return edited

    def delete_request(self, actor: Actor, request_id: str) -> None:
        """The request goes; what the client sent to it stays with their documents."""
        request = self.documents.get_request(actor.firm_id, request_id)
        if request is None:
            raise NotFound("Document request not found.")
        now = self.clock.now()
        self.documents.delete_request(request, self._audit(actor, "document_request.deleted", request, now))

    def review_request(self, actor: Actor, request_id: str, change: ReviewChange) -> DocumentRequest:
        """Accept what the client sent (the request is done), or reject it with a reason the
        client reads (pending again, the client told). The files that await review get the
        same verdict, in the same transaction."""
        detail = self.documents.request_detail(actor.firm_id, request_id)
        request = self._current(detail.request if detail else None, change.version)
        if request.status is not RequestStatus.SUBMITTED:
            raise Conflict("Nothing was sent for this request since it was last reviewed.", code="not_submitted")
        if not change.accepted and not change.reason:
            raise InvalidInput.field("reason", "Say why it is rejected: the client reads it.")
        now = self.clock.now()
        verdict = Review.ACCEPTED if change.accepted else Review.REJECTED
        reason = None if change.accepted else change.reason
        waiting = [d for d in detail.documents if d.awaits_review] if detail else []
        files = [
            (d.model_copy(update={
                "review": verdict, "review_reason": reason, "reviewed_by": actor.principal_id,
                "reviewed_at": now, "version": d.version + 1,
            }), d)
            for d in waiting[:MAX_FILES_PER_REVIEW]
        ]  # fmt: skip
        event = RequestEvent(
            at=now,
            kind=RequestEventKind.ACCEPTED if change.accepted else RequestEventKind.REJECTED,
            by=RequestParty.FIRM,
            note=reason,
        )
        status = RequestStatus.ACCEPTED if change.accepted else RequestStatus.PENDING
        reviewed = request.with_event(event, status=status, rejection_reason=reason)
        action = "document_request.accepted" if change.accepted else "document_request.rejected"
        self.documents.save_request(reviewed, request, self._audit(actor, action, reviewed, now), files)
        if not change.accepted:
            self._tell_client(reviewed, NotificationKind.REQUEST_REJECTED)
        return reviewed

    def request_detail(self, firm_id: str, request_id: str) -> DocumentRequestDetail:
        detail = self.documents.request_detail(firm_id, request_id)
        if detail is None:
            raise NotFound("Document request not found.")
        return detail

    def requests_of_client(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        page = self.documents.requests_of_client(firm_id, client_id, cursor, limit)
        if not page.items and self.clients.get(firm_id, client_id) is None:
            raise NotFound("Client not found.")
        return page

    def requests_of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        page = self.documents.requests_of_matter(firm_id, matter_id, cursor, limit)
        if not page.items and self.matters.get(firm_id, matter_id) is None:
            raise NotFound("Matter not found.")
        return page

    def review_queue(self, firm_id: str, cursor: str | None, limit: int) -> ReviewQueue:
        """F18: what clients sent that nobody judged yet, newest first, and how many per
        client and per matter."""
        return self.documents.review_queue(firm_id, cursor, limit)

    # --- the client's side of a request ------------------------------------------------------------

    def my_requests(self, caller: Caller, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        if caller.access is None:
            raise Forbidden("Only a client lists their document requests here.")
        return self.documents.requests_of_client(caller.firm_id, caller.access.client_id, cursor, limit)

    def my_request(self, caller: Caller, request_id: str) -> DocumentRequestDetail:
        access = caller.access
        if access is None:
            raise Forbidden("Only a client sees their document requests here.")
        detail = self.documents.request_detail(caller.firm_id, request_id)
        if detail is None or detail.request.client_id != access.client_id:
            raise NotFound("Document request not found.")
        return detail

    def send_to_request(self, caller: Caller, request_id: str, files: FilesToSend) -> list[UploadTicket]:
        """The client answers a request with files; each is checked as any upload is, and the
        first that passes makes the request submitted. Only a pending request takes files."""
        access = self._uploading_client(caller)
        request = self._clients_request(caller, request_id)
        if not request.takes_files:
            raise Conflict(
                "The firm already has what you sent for this request; they will tell you if they need more.",
                code="request_fulfilled",
            )
        if len(request.document_ids) + len(files.files) > MAX_FILES_PER_DOCUMENT_REQUEST:
            raise InvalidInput.field(
                "files",
                f"A request takes at most {MAX_FILES_PER_DOCUMENT_REQUEST} files; ask the firm how to send more.",
            )
        limit = self._upload_limit(caller.firm_id)
        upload = UploadRequest(files=files.files, description=files.description, matter_id=request.matter_id)
        documents = self._new_documents(
            caller.actor, upload, Uploader.CLIENT, limit, client_id=access.client_id,
            client_name=request.client_name, matter_title=request.matter_title, request_id=request.id,
        )  # fmt: skip
        answered = request.model_copy(
            update={"document_ids": [*request.document_ids, *(d.id for d in documents)], "version": request.version + 1}
        )
        self.documents.save_request(answered, request, None, created=documents)
        return self._tickets(documents, limit)

    def _clients_request(self, caller: Caller, request_id: str) -> DocumentRequest:
        access = caller.access
        if access is None:
            raise Forbidden("Only a client sees their document requests here.")
        request = self.documents.get_request(caller.firm_id, request_id)
        if request is None or request.client_id != access.client_id:
            raise NotFound("Document request not found.")
        return request

    def _request(self, firm_id: str, request_id: str, version: int) -> DocumentRequest:
        return self._current(self.documents.get_request(firm_id, request_id), version)

    def _current(self, request: DocumentRequest | None, version: int) -> DocumentRequest:
        if request is None:
            raise NotFound("Document request not found.")
        if request.version != version:
            raise Conflict("This request was changed by someone else. Reload and try again.", code="stale_version")
        return request

    def _audit(self, actor: Actor, action: str, request: DocumentRequest, now: datetime) -> AuditEntry:
        return AuditEntry.record(actor, action, f"document_request:{request.id}", now, title=request.title)

    def _tell_client(self, request: DocumentRequest, kind: NotificationKind) -> None:
        self.outbox.send(
            Notification(
                kind=kind,
                firm_id=request.firm_id,
                principal_kind=PrincipalKind.CLIENT,
                principal_id=request.client_id,
                matter_id=request.matter_id,
                item_id=request.id,
            )
        )


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
