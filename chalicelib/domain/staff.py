"""A firm's staff (F01): members, their roles and what admins send to change them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from .common import DomainModel, Email, Id, Name, Version
from .identity import Credentials, Role


class StaffStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DISABLED = "disabled"


class StaffMember(DomainModel):
    id: Id
    firm_id: Id
    email: Email
    name: Name
    role: Role
    status: StaffStatus
    # Stored beside the document with their own revision (see identity.py): signing out
    # everywhere or e-mailing a link does not change `version`, which counts admins' edits.
    credentials: Credentials = Field(default_factory=Credentials, exclude=True)
    created_at: datetime
    version: int = 1

    @property
    def principal_id(self) -> str:
        return self.id

    @property
    def can_sign_in(self) -> bool:
        return self.status is StaffStatus.ACTIVE


class StaffInvite(DomainModel):
    email: Email
    name: Name
    role: Role = Role.STAFF


class StaffChange(DomainModel):
    name: Name
    role: Role
    version: Version
