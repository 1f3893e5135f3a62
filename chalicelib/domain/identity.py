"""Who is calling: credentials, one-time links and the claims of a session.

Passwords are kept only as argon2id hashes (see PasswordHasher); one-time links carry a
random secret that is kept only as a SHA-256 hash; sessions are signed tokens whose
generation must match the principal's, so bumping it revokes every earlier token.

A principal's credentials are stored beside its versioned document with a revision of
their own: issuing a link or changing a password is not an edit an admin must reload for,
and an admin's edit never writes credentials. Each change is written only over the
revision it read, so of two racing changes one fails instead of being lost.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError

from .common import DomainModel, Id
from .errors import Expired, Unauthenticated


class PrincipalKind(StrEnum):
    STAFF = "staff"
    CLIENT = "client"


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"


class LinkPurpose(StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"
    ACCESS_LINK = "access_link"


class IssuedLink(DomainModel):
    """A one-time link's secret, stored only as its hash."""

    secret_hash: str
    expires_at: datetime


class Credentials(DomainModel):
    password_hash: str | None = None
    # Every session token carries the generation it was issued under; bumping it
    # (sign-out everywhere, password change or reset) makes all earlier ones invalid.
    generation: int = 1
    links: dict[LinkPurpose, IssuedLink] = Field(default_factory=dict)
    # When the last invitation was e-mailed (the access page shows it, also once accepted).
    invitation_sent_at: datetime | None = None
    # Counts the writes of these credentials: a store writes new ones only over the
    # revision they were derived from (see with_credentials). 0: never written on their own
    # (stored inside the principal's document, as before they had a revision).
    revision: int = 1

    def with_link(self, purpose: LinkPurpose, link: IssuedLink) -> Credentials:
        return self.model_copy(update={"links": {**self.links, purpose: link}})

    def without_link(self, purpose: LinkPurpose) -> Credentials:
        return self.model_copy(update={"links": {k: v for k, v in self.links.items() if k != purpose}})

    def with_password(self, password_hash: str) -> Credentials:
        return self.model_copy(update={"password_hash": password_hash})

    def with_next_generation(self) -> Credentials:
        """Every session and token issued so far stops working."""
        return self.model_copy(update={"generation": self.generation + 1})

    def check_link(self, purpose: LinkPurpose, secret: str, now: datetime) -> None:
        issued = self.links.get(purpose)
        if issued is None or not hmac.compare_digest(issued.secret_hash, hash_secret(secret)):
            raise Unauthenticated("This link is not valid. Ask for a new one.", code="invalid_link")
        if issued.expires_at <= now:
            raise Expired("This link has expired. Ask for a new one.")


P = TypeVar("P", bound=BaseModel)


def with_credentials(principal: P, credentials: Credentials) -> P:
    """`principal` holding `credentials` as the next revision of the ones it was read with:
    stores write them only while the stored revision is still that one."""
    read: Credentials = principal.credentials
    return principal.model_copy(update={"credentials": credentials.model_copy(update={"revision": read.revision + 1})})


def check_next_revision(credentials: Credentials, previous: Credentials) -> None:
    """What every store checks before writing credentials (a bug otherwise, not a conflict)."""
    if credentials.revision != previous.revision + 1:
        raise ValueError(
            f"credentials revision {credentials.revision} does not follow {previous.revision}: use with_credentials"
        )


def hash_secret(secret: str) -> str:
    # The secret has 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


class OneTimeLink(DomainModel):
    """The token in an e-mailed link: `<principal id>.<secret>`."""

    principal_id: Id
    secret: str

    @classmethod
    def issue(cls, principal_id: str, lifetime: timedelta, now: datetime) -> tuple[OneTimeLink, IssuedLink]:
        secret = secrets.token_urlsafe(32)
        return cls(principal_id=principal_id, secret=secret), IssuedLink(
            secret_hash=hash_secret(secret), expires_at=now + lifetime
        )

    @classmethod
    def parse(cls, token: str) -> OneTimeLink:
        principal_id, _, secret = token.partition(".")
        if not principal_id or len(secret) < 32 or not principal_id.isalnum():
            raise Unauthenticated("This link is not valid. Ask for a new one.", code="invalid_link")
        try:
            return cls(principal_id=principal_id, secret=secret)
        except ValidationError:
            # Upper case, too long, not ASCII: not an id we issue, so not a link we sent.
            raise Unauthenticated("This link is not valid. Ask for a new one.", code="invalid_link") from None

    def __str__(self) -> str:
        return f"{self.principal_id}.{self.secret}"


SessionMode = Literal["account", "link", "simulation"]


class SessionClaims(DomainModel):
    """What a verified session token says. The firm id of every request comes from here."""

    firm_id: Id
    principal_id: Id
    kind: PrincipalKind
    role: Role | None = None
    generation: int
    session_id: str | None = None
    mode: SessionMode = "account"
    simulated_by: Id | None = None
    issued_at: datetime
    expires_at: datetime

    @property
    def read_only(self) -> bool:
        return self.mode != "account"


class TokenPair(DomainModel):
    access_token: str
    expires_at: datetime
    refresh_token: str | None = None
    token_type: Literal["Bearer"] = "Bearer"


class RefreshSession(DomainModel):
    """A refresh token's server side: its secret is stored only as a hash and rotates on use."""

    firm_id: Id
    session_id: str
    principal_id: Id
    kind: PrincipalKind
    generation: int
    secret_hash: str
    created_at: datetime
    expires_at: datetime
