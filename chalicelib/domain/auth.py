"""Who is calling and how sessions are governed (F05, F06): the policy, the verified caller,
and what signing in, passwords and e-mailed links take as input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import Field, StringConstraints

from .accesses import Access
from .audit import Actor
from .clients import Client
from .common import DomainModel, Email, Password
from .firm import Slug
from .identity import PrincipalKind, Role, SessionClaims
from .matters import ClientMatterView
from .staff import StaffMember

# Who signs in: a staff member or a client (through their access).
Principal = StaffMember | Access

INVALID_CREDENTIALS = "The e-mail or password is not correct."
SESSION_ENDED = "Your session has ended. Please sign in again."
MAX_REFRESH_GRACE = timedelta(seconds=30)

Token = Annotated[str, StringConstraints(min_length=10, max_length=512)]


@dataclass(frozen=True)
class IdentityPolicy:
    access_token_ttl: timedelta = timedelta(minutes=15)
    refresh_token_ttl: timedelta = timedelta(days=30)
    invitation_ttl: timedelta = timedelta(days=3)
    password_reset_ttl: timedelta = timedelta(hours=1)
    access_link_ttl: timedelta = timedelta(days=7)
    # As short as a session token: the staff member is not re-checked while it lasts.
    simulation_ttl: timedelta = timedelta(minutes=15)
    rate_window_seconds: int = 15 * 60
    # Failed attempts only (a success is forgiven); every attempt counts per address.
    sign_ins_per_account: int = 10
    sign_ins_per_address: int = 100
    emails_per_account: int = 5
    emails_per_address: int = 30
    # Two tabs or two app requests refreshing with one token at once: for this long the
    # token just replaced gets the same new pair again instead of ending the session.
    refresh_grace: timedelta = timedelta(seconds=20)

    def __post_init__(self) -> None:
        # Within the window a stolen copy of the replaced token works too: keep it short.
        if not timedelta(0) <= self.refresh_grace <= MAX_REFRESH_GRACE:
            raise ValueError(f"refresh_grace must be between 0 and {MAX_REFRESH_GRACE.total_seconds():.0f} seconds")


class Caller(DomainModel):
    """A verified request: the token's claims and the principal as stored right now."""

    claims: SessionClaims
    staff: StaffMember | None = None
    access: Access | None = None
    # For a client's request about one matter: the client's view of it, read with the
    # access, or None when the matter is not published to them.
    matter_view: ClientMatterView | None = None
    # For a staff request about one client, on the routes that ask for it: the client, read
    # with the staff member (None: the firm has no such client, or the route did not ask).
    client: Client | None = None

    @property
    def firm_id(self) -> str:
        return self.claims.firm_id

    @property
    def role(self) -> Role | None:
        return self.staff.role if self.staff else None

    @property
    def client_id(self) -> str | None:
        return self.access.client_id if self.access else None

    @property
    def actor(self) -> Actor:
        if self.staff:
            return Actor(firm_id=self.firm_id, principal_id=self.staff.id, kind="staff", email=self.staff.email)
        assert self.access is not None
        return Actor(firm_id=self.firm_id, principal_id=self.access.client_id, kind="client", email=self.access.email)


class InvitationDetails(DomainModel):
    email: Email
    firm_name: str
    kind: PrincipalKind
    expires_at: datetime


# --- what callers send ------------------------------------------------------------


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
