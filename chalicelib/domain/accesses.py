"""F05-F07: a client's access to the portal, its lifecycle and what it lets the client see."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from .common import DomainModel, Email, Id, Version
from .identity import Credentials


class AccessType(StrEnum):
    # E-mail and password, on the web and the mobile app.
    ACCOUNT = "account"
    # No password: an e-mailed link opens a read-only, expiring session on the web.
    LINK = "link"


class AccessStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    BLOCKED = "blocked"


class VisibilityProfile(DomainModel):
    """F07: what the client may see of the matters published to them."""

    automatic_movements: bool = True
    manual_movements: bool = True
    tasks: bool = False
    publications: bool = True
    documents: bool = True
    include_private_matters: bool = False
    include_team_matters: bool = False


class MatterFlags(StrEnum):
    """How a published matter counts against a visibility profile."""

    PLAIN = "-"
    PRIVATE = "p"
    TEAM = "t"
    PRIVATE_TEAM = "pt"

    @classmethod
    def of(cls, private: bool, team: bool) -> MatterFlags:
        return {
            (False, False): cls.PLAIN,
            (True, False): cls.PRIVATE,
            (False, True): cls.TEAM,
            (True, True): cls.PRIVATE_TEAM,
        }[(private, team)]

    def allowed_by(self, profile: VisibilityProfile) -> bool:
        if "p" in self.value and not profile.include_private_matters:
            return False
        return not ("t" in self.value and not profile.include_team_matters)


class AccessGrant(DomainModel):
    type: AccessType
    profile: VisibilityProfile = Field(default_factory=VisibilityProfile)
    # Which of the client's e-mails signs in and receives the invitation; the main one if absent.
    email: Email | None = None


class ProfileChange(DomainModel):
    profile: VisibilityProfile
    version: Version


class Access(DomainModel):
    firm_id: Id
    client_id: Id
    type: AccessType
    status: AccessStatus
    email: Email
    profile: VisibilityProfile
    # Stored beside the document with their own revision (see identity.py): the worker
    # e-mailing a link or the client changing a password does not change `version`.
    credentials: Credentials = Field(default_factory=Credentials, exclude=True)
    # The status to go back to when unblocked.
    status_before_block: AccessStatus | None = None
    created_at: datetime
    created_by: str
    activated_at: datetime | None = None
    blocked_at: datetime | None = None
    version: int = 1
    # Kept beside the versioned document (a sign-in is not an edit of the access).
    last_sign_in_at: datetime | None = Field(None, exclude=True)

    @property
    def principal_id(self) -> str:
        return self.client_id

    @property
    def can_sign_in(self) -> bool:
        return self.type is AccessType.ACCOUNT and self.status is AccessStatus.ACTIVE

    @property
    def can_open_link(self) -> bool:
        return self.type is AccessType.LINK and self.status is AccessStatus.ACTIVE
