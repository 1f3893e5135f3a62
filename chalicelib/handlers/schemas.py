"""The API's request and response models that are not domain models themselves.
Responses never carry credentials: stored entities are turned into views here."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..domain.accesses import Access, AccessStatus, AccessType, VisibilityProfile
from ..domain.common import DomainModel, Email, Id, Language, Password, SingleLine
from ..domain.firms import Firm, PortalSettings, Slug, StaffMember, StaffStatus
from ..domain.identity import LinkPurpose, Role
from ..domain.notification_delivery import PortalUrls

Token = Annotated[str, StringConstraints(min_length=10, max_length=512)]


class View(BaseModel):
    model_config = ConfigDict(defer_build=True)


# --- requests ---------------------------------------------------------------------------


class SignIn(DomainModel):
    portal: Slug = Field(description="The firm's portal slug.")
    email: Email
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class Refresh(DomainModel):
    refresh_token: Token


class SignOut(DomainModel):
    everywhere: bool = Field(False, description="End every session of this account, on every device.")


class PasswordChange(DomainModel):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    new_password: Password


class EmailedLinkRequest(DomainModel):
    portal: Slug
    email: Email


class LinkToken(DomainModel):
    portal: Slug
    token: Token


class InvitationAcceptance(LinkToken):
    password: Password


class PasswordReset(LinkToken):
    new_password: Password


class ListQuery(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")
    cursor: Annotated[str, StringConstraints(max_length=1024)] | None = None
    limit: int = Field(25, ge=1, le=100)


class ClientListQuery(ListQuery):
    q: Annotated[str, SingleLine(max_length=100)] | None = Field(None, description="A prefix of a name word or of an e-mail.")


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
        )


class FirmView(View):
    id: Id
    name: str
    plan: str
    portal: PortalSettings
    portal_url: str = Field(description="Where the firm's clients find the portal.")
    version: int

    @classmethod
    def of(cls, firm: Firm, urls: PortalUrls) -> FirmView:
        return cls(id=firm.id, name=firm.name, plan=firm.plan, portal=firm.portal, portal_url=urls.portal(firm.portal.slug) + "/", version=firm.version)


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
    invitation_expires_at: datetime | None = Field(description="When the pending invitation (or access link) stops working.")
    last_sign_in_at: datetime | None
    version: int

    @classmethod
    def of(cls, access: Access) -> AccessView:
        link = access.credentials.links.get(LinkPurpose.INVITATION if access.type is AccessType.ACCOUNT else LinkPurpose.ACCESS_LINK)
        return cls(
            **access.model_dump(include=set(cls.model_fields) - {"invitation_sent_at", "invitation_expires_at", "last_sign_in_at"}),
            invitation_sent_at=access.credentials.invitation_sent_at,
            invitation_expires_at=link.expires_at if link else None,
            last_sign_in_at=access.last_sign_in_at,
        )


class LanguageChoice(DomainModel):
    language: Language


class Me(View):
    """The signed-in person, for either app's header."""

    kind: Literal["staff", "client"]
    id: Id
    name: str
    email: Email
    role: Role | None = None
    read_only: bool = Field(description="Link and simulation sessions can only read.")
    simulated_by: Id | None = Field(None, description="The staff member viewing the portal as this client.")
    language: Language | None = Field(None, description="For clients: their language, when set; else the portal's default.")
    profile: VisibilityProfile | None = Field(None, description="For clients: what their access lets them see.")

