"""E-mails the portal sends. Requests only enqueue a Notification; the notifications
worker turns it into an e-mail, so a request never waits on SES and a lost worker retries."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .common import DomainModel, Id, new_id
from .identity import PrincipalKind


class NotificationKind(StrEnum):
    INVITATION = "invitation"
    ACCESS_LINK = "access_link"
    PASSWORD_RESET = "password_reset"
    MATTER_UPDATED = "matter_updated"
    NEWS = "news"


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
