"""E-mails the portal sends. Requests only enqueue a Notification; the notifications
worker turns it into an e-mail, so a request never waits on SES and a lost worker retries."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from .common import DomainModel, Email, Id, Language, new_id
from .firm import Firm
from .identity import OneTimeLink, PrincipalKind


class NotificationKind(StrEnum):
    INVITATION = "invitation"
    ACCESS_LINK = "access_link"
    PASSWORD_RESET = "password_reset"
    MATTER_UPDATED = "matter_updated"
    NEWS = "news"
    DOCUMENT_REQUESTED = "document_requested"  # item_id: the document request
    REQUEST_REJECTED = "request_rejected"  # item_id: the document request
    # To staff (principal_kind STAFF, principal_id the staff member to tell):
    UPLOAD_RECEIVED = "upload_received"  # item_id: the document the client sent
    TRANSLATION_FLAGGED = "translation_flagged"  # matter_id, item_id: the court movement
    # Billing (the billing area sends these; item_id: the invoice, proforma or provision):
    INVOICE_ISSUED = "invoice_issued"
    PROFORMA_ISSUED = "proforma_issued"
    FUNDS_REQUESTED = "funds_requested"


class Topic(StrEnum):
    """What a client chooses a channel for (F-prefs): one choice per topic."""

    NEWS = "news"
    CASE_CHANGES = "case_changes"
    DOCUMENT_REQUESTS = "document_requests"
    BILLING = "billing"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


# The topic of each kind a client may choose a channel for. Kinds without a topic
# (invitations, access links, password resets, and what goes to staff) always go by
# e-mail, at once: they are never held for quiet hours, gathered in a digest or refused.
TOPICS: dict[NotificationKind, Topic] = {
    NotificationKind.NEWS: Topic.NEWS,
    NotificationKind.MATTER_UPDATED: Topic.CASE_CHANGES,
    NotificationKind.DOCUMENT_REQUESTED: Topic.DOCUMENT_REQUESTS,
    NotificationKind.REQUEST_REJECTED: Topic.DOCUMENT_REQUESTS,
    NotificationKind.INVOICE_ISSUED: Topic.BILLING,
    NotificationKind.PROFORMA_ISSUED: Topic.BILLING,
    NotificationKind.FUNDS_REQUESTED: Topic.BILLING,
}


class Notification(DomainModel):
    # Deliveries are idempotent on this id: the same notification delivered three times
    # sends one e-mail.
    id: str = Field(default_factory=new_id)
    kind: NotificationKind
    firm_id: Id
    principal_kind: PrincipalKind
    # Known for invitations and links sent by staff; for requests made by e-mail on a
    # public page the worker looks the address up, so the request answers the same
    # whether or not the address is known.
    principal_id: Id | None = None
    email: str | None = None
    matter_id: Id | None = None
    item_id: str | None = None


# --- pacing (B3): a client's notifications held for the digest window or the quiet hours ---

# A client's held notifications go together, at most this many; past it a notification goes alone.
MAX_HELD = 100


class HeldNotifications(DomainModel):
    """A client's notifications waiting to go together: gathered for the firm's digest
    window, or held through its quiet hours. A client has at most one at a time; its release
    is scheduled when it is opened, and each notification in it is kept once."""

    id: str = Field(default_factory=new_id)
    firm_id: Id
    client_id: Id
    release_at: datetime
    notifications: list[Notification]
    version: int = 1

    def holds(self, notification_id: str) -> bool:
        return any(n.id == notification_id for n in self.notifications)

    @property
    def full(self) -> bool:
        return len(self.notifications) >= MAX_HELD

    def adding(self, notification: Notification) -> HeldNotifications:
        return self.model_copy(
            update={"notifications": [*self.notifications, notification], "version": self.version + 1}
        )

    def without(self, notification_ids: set[str]) -> HeldNotifications:
        kept = [n for n in self.notifications if n.id not in notification_ids]
        return self.model_copy(update={"notifications": kept, "version": self.version + 1})

    @property
    def release(self) -> HeldRelease:
        return HeldRelease(id=self.id, firm_id=self.firm_id, client_id=self.client_id)


class HeldRelease(DomainModel):
    """What the scheduler puts on the notifications queue when a client's held
    notifications are due. Its id is theirs: the consumer's idempotency key."""

    id: str
    firm_id: Id
    client_id: Id


@dataclass(frozen=True)
class PortalUrls:
    """Where the apps live. The portal URL has a `{slug}` placeholder (a subdomain in production).
    `api` is the API's own base URL (one-click unsubscribe links are POSTed straight to it)."""

    portal_template: str
    admin: str
    api: str = "http://localhost:8000"

    def portal(self, slug: str) -> str:
        return self.portal_template.format(slug=slug).rstrip("/")

    def link(self, firm: Firm, kind: PrincipalKind, route: str, token: OneTimeLink) -> str:
        # The token travels in the fragment, which browsers never send to a server or in a Referer.
        if kind is PrincipalKind.CLIENT:
            return f"{self.portal(firm.portal.slug)}/#/{route}/{token}"
        return f"{self.admin.rstrip('/')}/#/{route}/{firm.portal.slug}/{token}"


_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day_in_words(day: date, language: Language) -> str:
    """A due date as people write it in the e-mail's language."""
    if language is Language.EN:
        return f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    return day.strftime("%d/%m/%Y")


# --- bounces and complaints: the firm's suppression list ----------------------------------


class SuppressionReason(StrEnum):
    BOUNCED = "bounced"  # a permanent bounce: the address does not exist or refuses mail
    COMPLAINED = "complained"  # the recipient marked the firm's e-mail as spam


class Suppression(DomainModel):
    """An address the firm's e-mails are no longer sent to, and why (SES told us)."""

    firm_id: Id
    address: str  # lower-case
    reason: SuppressionReason
    diagnostic: str | None = None  # SES's diagnostic code ("smtp; 550 5.1.1 user unknown")
    at: datetime
    kind: str | None = None  # the kind of the e-mail that bounced (its `kind` tag)


class EmailEvent(DomainModel):
    """A bounce or complaint SES reported for one e-mail the portal sent."""

    id: str  # the SNS message id: the consumer's idempotency key
    firm_id: Id  # from the mail's `firm` tag, which only the mailer sets
    kind: str | None = None
    reason: SuppressionReason
    addresses: list[str]
    diagnostics: dict[str, str] = {}
    at: datetime

    def suppressions(self) -> list[Suppression]:
        return [
            Suppression(
                firm_id=self.firm_id,
                address=address,
                reason=self.reason,
                diagnostic=self.diagnostics.get(address),
                at=self.at,
                kind=self.kind,
            )
            for address in self.addresses
        ]


class ClientSuppressions(DomainModel):
    """A client's addresses (access and notification e-mails) that are suppressed."""

    items: list[Suppression]


class SuppressionLift(DomainModel):
    address: Email


def normalize_address(address: str) -> str:
    return address.strip().lower()


def parse_email_event(body: str) -> EmailEvent | None:
    """An SQS body from the e-mail events topic (the SNS envelope, raw delivery off) as the
    event to act on, or None when it asks nothing of us: a transient bounce (SES retries
    those), another event type, a mail without a firm tag. Malformed JSON raises."""
    envelope = json.loads(body)
    if envelope.get("Type") != "Notification":
        return None
    event = json.loads(envelope["Message"])
    mail = event.get("mail") or {}
    tags = mail.get("tags") or {}
    firm = (tags.get("firm") or [None])[0]
    if not isinstance(firm, str) or not _ID.fullmatch(firm):
        return None
    kind = (tags.get("kind") or [None])[0]
    event_type = event.get("eventType") or event.get("notificationType")
    if event_type == "Bounce":
        bounce = event.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return None
        recipients = bounce.get("bouncedRecipients") or []
        reason, when = SuppressionReason.BOUNCED, bounce.get("timestamp")
    elif event_type == "Complaint":
        complaint = event.get("complaint") or {}
        recipients = complaint.get("complainedRecipients") or []
        reason, when = SuppressionReason.COMPLAINED, complaint.get("timestamp")
    else:
        return None
    addresses = [normalize_address(r["emailAddress"]) for r in recipients if r.get("emailAddress")]
    if not addresses:
        return None
    diagnostics = {
        normalize_address(r["emailAddress"]): str(r["diagnosticCode"])[:500]
        for r in recipients
        if r.get("emailAddress") and r.get("diagnosticCode")
    }
    return EmailEvent(
        id=str(envelope.get("MessageId") or mail.get("messageId")),
        firm_id=firm,
        kind=kind if isinstance(kind, str) else None,
        reason=reason,
        addresses=list(dict.fromkeys(addresses)),
        diagnostics=diagnostics,
        at=datetime.fromisoformat(when or mail.get("timestamp") or envelope["Timestamp"]),
    )


_ID = re.compile(r"[a-z0-9]{1,40}")
