"""E-mails the portal sends. Requests only enqueue a Notification; the notifications
worker turns it into an e-mail, so a request never waits on SES and a lost worker retries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import Field

from .common import DomainModel, Id, Language, new_id
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


@dataclass(frozen=True)
class PortalUrls:
    """Where the apps live. The portal URL has a `{slug}` placeholder (a subdomain in production)."""

    portal_template: str
    admin: str

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
