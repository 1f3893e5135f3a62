"""The API's views: what a route answers when a domain model must not be shown whole
(credentials, hashes) or is shaped for the screens. Each is built by `View.of(model)`.
Requests live in the domain, beside the model they create or change (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..domain.accesses import Access, AccessStatus, AccessType, VisibilityProfile
from ..domain.common import DomainModel, Email, Id, Language
from ..domain.consultations import Consultation, ConsultationEntry, Prospect, StaffRef, Task
from ..domain.devices import Device, PushPlatform
from ..domain.documents import (
    Document,
    DocumentRequest,
    DocumentRequestDetail,
    DocumentStatus,
    Refusal,
    RequestEvent,
    RequestStatus,
    Review,
    ReviewCount,
    ReviewQueue,
    Uploader,
    UploadForm,
    UploadTicket,
)
from ..domain.firm import Firm, NotificationSettings, PortalSettings
from ..domain.identity import LinkPurpose, Role
from ..domain.integration import ApiKey
from ..domain.matters import Matter
from ..domain.notifications import Topic
from ..domain.preferences import CODE_ATTEMPTS, ChannelChoice, NotificationPreferences
from ..domain.staff import StaffMember, StaffStatus


class View(BaseModel):
    model_config = ConfigDict(defer_build=True)


# --- responses --------------------------------------------------------------------------


class Accepted(View):
    status: Literal["accepted"] = "accepted"
    message: str


class PortalBranding(View):
    """What anyone may know about a portal before signing in."""

    slug: str
    display_name: str
    logo_url: str | None
    primary_color: str
    default_language: Language
    enabled: bool
    contact_email: Email | None = Field(
        None, description="Where the firm's clients may write to it: the portal's reply-to address, when set."
    )

    @classmethod
    def of(cls, firm: Firm) -> PortalBranding:
        p = firm.portal
        return cls(
            slug=p.slug,
            display_name=p.display_name,
            logo_url=str(p.logo_url) if p.logo_url else None,
            primary_color=p.primary_color,
            default_language=p.default_language,
            enabled=p.enabled,
            contact_email=p.reply_to,
        )


class FirmView(View):
    id: Id
    name: str
    plan: str
    portal: PortalSettings
    portal_url: str = Field(description="Where the firm's clients find the portal.")
    upload_limit_megabytes: int = Field(description="The largest file clients and staff may send, in megabytes.")
    notifications: NotificationSettings = Field(description="How notifications to clients are paced.")
    version: int

    @classmethod
    def of(cls, firm: Firm, portal_url: str) -> FirmView:
        return cls(
            id=firm.id,
            name=firm.name,
            plan=firm.plan,
            portal=firm.portal,
            portal_url=portal_url,
            upload_limit_megabytes=firm.upload_limit_megabytes,
            notifications=firm.notifications,
            version=firm.version,
        )


class StaffView(View):
    id: Id
    email: Email
    name: str
    role: Role
    status: StaffStatus
    created_at: datetime
    version: int

    @classmethod
    def of(cls, member: StaffMember) -> StaffView:
        return cls(**member.model_dump(include=set(cls.model_fields)))


class AccessView(View):
    client_id: Id
    type: AccessType
    status: AccessStatus
    email: Email
    profile: VisibilityProfile
    created_at: datetime
    created_by: str
    activated_at: datetime | None
    blocked_at: datetime | None
    invitation_sent_at: datetime | None
    invitation_expires_at: datetime | None = Field(
        description="When the pending invitation (or access link) stops working."
    )
    last_sign_in_at: datetime | None
    version: int

    @classmethod
    def of(cls, access: Access) -> AccessView:
        link = access.credentials.links.get(
            LinkPurpose.INVITATION if access.type is AccessType.ACCOUNT else LinkPurpose.ACCESS_LINK
        )
        return cls(
            **access.model_dump(
                include=set(cls.model_fields) - {"invitation_sent_at", "invitation_expires_at", "last_sign_in_at"}
            ),
            invitation_sent_at=access.credentials.invitation_sent_at,
            invitation_expires_at=link.expires_at if link else None,
            last_sign_in_at=access.last_sign_in_at,
        )


class Me(View):
    """The signed-in person, for either app's header."""

    kind: Literal["staff", "client"]
    id: Id
    name: str
    email: Email
    role: Role | None = None
    read_only: bool = Field(description="Link and simulation sessions can only read.")
    simulated_by: Id | None = Field(None, description="The staff member viewing the portal as this client.")
    language: Language | None = Field(
        None, description="For clients: their language, when set; else the portal's default."
    )
    profile: VisibilityProfile | None = Field(None, description="For clients: what their access lets them see.")


class ApiKeyView(DomainModel):
    id: Id
    name: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyView:
        return cls(**key.model_dump(include=set(cls.model_fields)))


class NewApiKey(ApiKeyView):
    secret: str = Field(description="The key to put in the integration's Authorization header. Shown only now.")


class DocumentView(View):
    """A document as the portal and the admin app show it: no storage key, no uploader's id."""

    id: Id
    client_id: Id | None
    matter_id: Id | None
    file_name: str
    description: str | None
    status: DocumentStatus
    refusal: Refusal | None
    refusal_message: str | None = Field(description="Why it was refused, in words, when it was.")
    size: int | None
    mime: str | None
    metadata_stripped: bool
    uploader: Uploader
    created_at: datetime
    checked_at: datetime | None
    review: Review | None = Field(description="For a document a client sent: new, accepted or rejected by staff.")
    review_reason: str | None = Field(description="Why staff rejected it, for the client.")
    reviewed_at: datetime | None
    published: bool = Field(description="A matter's document the firm shows to the matter's clients.")
    request_id: Id | None = Field(description="The document request it was sent for, if any.")
    client_name: str | None = Field(description="The client's name when it was sent.")
    matter_title: str | None = Field(description="The matter's title when it was sent.")
    consultation_id: Id | None = Field(None, description="The consultation it is attached to (staff only).")
    consultation_entry_id: str | None = Field(None, description="The consultation's entry it is attached to, if one.")
    version: int

    @classmethod
    def of(cls, document: Document) -> DocumentView:
        return cls(
            refusal_message=document.refusal_message,
            **document.model_dump(include=set(cls.model_fields) - {"refusal_message"}),
        )


class DocumentRequestView(View):
    """F19: what the firm asked a client for, and where it stands."""

    id: Id
    client_id: Id
    client_name: str = Field(description="The client's name when the request was made.")
    matter_id: Id | None = Field(description="The matter it is for; none: the client's profile.")
    matter_title: str | None
    title: str
    details: str
    due_date: date | None
    status: RequestStatus = Field(
        description="pending: waiting for the client (again, after a rejection); submitted: a file passed the "
        "checks and the firm reviews it; accepted: done."
    )
    rejection_reason: str | None = Field(description="Why the firm rejected what was sent, while pending again.")
    history: list[RequestEvent] = Field(description="Every step, oldest first.")
    created_at: datetime
    version: int

    @classmethod
    def of(cls, request: DocumentRequest) -> DocumentRequestView:
        return cls(**request.model_dump(include=set(cls.model_fields)))


class DocumentRequestDetailView(View):
    request: DocumentRequestView
    documents: list[DocumentView] = Field(description="The files sent for it, newest first.")

    @classmethod
    def of(cls, detail: DocumentRequestDetail) -> DocumentRequestDetailView:
        return cls(
            request=DocumentRequestView.of(detail.request), documents=[DocumentView.of(d) for d in detail.documents]
        )


class ReviewQueueView(View):
    """F18: what clients sent that staff have not judged yet."""

    clients: list[ReviewCount] = Field(description="Clients with documents waiting, most first.")
    matters: list[ReviewCount] = Field(description="Matters with documents waiting (name: the title), most first.")
    items: list[DocumentView] = Field(description="The documents waiting, newest first.")
    next_cursor: str | None

    @classmethod
    def of(cls, queue: ReviewQueue) -> ReviewQueueView:
        return cls(
            clients=queue.clients,
            matters=queue.matters,
            items=[DocumentView.of(d) for d in queue.items],
            next_cursor=queue.next_cursor,
        )


class UploadTicketView(View):
    document: DocumentView
    form: UploadForm = Field(description="POST the file to `url` as multipart/form-data: every field, then `file`.")

    @classmethod
    def of(cls, ticket: UploadTicket) -> UploadTicketView:
        return cls(document=DocumentView.of(ticket.document), form=ticket.form)


# --- notification preferences (issue 10) ----------------------------------------------------


class MobileView(View):
    number: str
    verified_at: datetime


class PendingMobileView(View):
    """A number waiting for its code (the code itself is never shown)."""

    number: str
    expires_at: datetime
    attempts_left: int


class NotificationPreferencesView(View):
    """What the client chose per topic (every topic listed), and the mobile number."""

    channels: dict[Topic, ChannelChoice]
    mobile: MobileView | None
    pending: PendingMobileView | None
    version: int

    @classmethod
    def of(cls, preferences: NotificationPreferences) -> NotificationPreferencesView:
        mobile, pending = preferences.mobile, preferences.pending
        return cls(
            channels=preferences.choices(),
            mobile=MobileView(number=mobile.number, verified_at=mobile.verified_at) if mobile else None,
            pending=PendingMobileView(
                number=pending.number,
                expires_at=pending.expires_at,
                attempts_left=max(0, CODE_ATTEMPTS - pending.attempts),
            )
            if pending
            else None,
            version=preferences.version,
        )


class DeviceView(View):
    """One of the client's phones that get push notifications (F23): never its token or endpoint."""

    id: str
    platform: PushPlatform
    app_version: str | None
    language: Language | None
    registered_at: datetime
    this_session: bool = Field(description="Registered in the session asking (signing out of it removes the phone).")

    @classmethod
    def of(cls, device: Device, session_id: str | None) -> DeviceView:
        return cls(
            id=device.id,
            platform=device.platform,
            app_version=device.app_version,
            language=device.language,
            registered_at=device.registered_at,
            this_session=session_id is not None and device.session_id == session_id,
        )


class DeviceList(View):
    items: list[DeviceView]

    @classmethod
    def of(cls, devices: list[Device], session_id: str | None) -> DeviceList:
        return cls(items=[DeviceView.of(device, session_id) for device in devices])


# --- consultations (F20) -------------------------------------------------------------------


class ConsultationView(View):
    """A consultation as the admin app shows it (clients never see one)."""

    id: Id
    subject: str
    occurred_at: datetime = Field(description="When the conversation happened.")
    client_id: Id | None
    client_name: str | None = Field(description="The client's name, for lists.")
    prospect: Prospect | None = Field(description="Who it was with, when not a client (yet).")
    staff: list[StaffRef] = Field(description="The staff involved.")
    important: bool
    earlier_consultation_id: Id | None
    matter_id: Id | None
    matter_title: str | None
    entry_count: int
    open_task_count: int
    document_count: int
    created_at: datetime
    created_by: StaffRef
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, consultation: Consultation) -> ConsultationView:
        return cls.model_validate(consultation.model_dump(include=set(cls.model_fields)))


class ConsultationEntryView(View):
    id: str
    consultation_id: Id
    author: StaffRef
    written_at: datetime
    text: str
    version: int = Field(description="Send it back to change the entry.")

    @classmethod
    def of(cls, entry: ConsultationEntry) -> ConsultationEntryView:
        return cls.model_validate(entry.model_dump(include=set(cls.model_fields)))


class ConsultationTaskView(View):
    """A task of a consultation or of a matter's timeline ("my tasks" shows both)."""

    id: str
    title: str
    assignee: StaffRef
    due_at: datetime | None
    done: bool
    consultation_id: Id | None
    matter_id: Id | None
    source_title: str = Field(description="The consultation's subject or the matter's title.")
    created_at: datetime
    version: int

    @classmethod
    def of(cls, task: Task) -> ConsultationTaskView:
        return cls.model_validate(task.model_dump(include=set(cls.model_fields)))


class ConversionView(View):
    consultation: ConsultationView
    matter: Matter
