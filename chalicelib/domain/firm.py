"""Firms (tenants) and their portal settings (F02)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AnyHttpUrl, BeforeValidator, Field, StringConstraints

from .common import DomainModel, Email, Id, Language, Name, Version
from .translations import ModelConsent

# Names the apps and their hosting use (admin.<domain>, /api, /p/<slug>, assets).
RESERVED_SLUGS = frozenset({"admin", "api", "app", "assets", "mail", "p", "portal", "static", "www"})


def _not_reserved(slug: str) -> str:
    if slug in RESERVED_SLUGS:
        raise ValueError("This portal address is reserved; choose another.")
    return slug


# Lower-cased before the pattern is checked, so "Silva" is the portal "silva".
Slug = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v),
    StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$"),
    AfterValidator(_not_reserved),
]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class PortalSettings(DomainModel):
    """F02: how the firm's client portal looks and where it lives."""

    enabled: bool = False
    slug: Slug
    display_name: Name
    logo_url: AnyHttpUrl | None = None
    primary_color: Colour = "#1f4e79"
    default_language: Language = Language.PT_BR
    sender_name: Name
    # Replies to the portal's e-mails go here; the From address is the platform's verified one.
    reply_to: Email | None = None


class Firm(DomainModel):
    id: Id
    name: Name
    plan: str = "standard"
    portal: PortalSettings
    # F25: whether movement text may go to the configured model provider; an admin's choice.
    model_consent: ModelConsent = ModelConsent()
    # F18-F19: the largest file a client or staff member may upload, in megabytes (at most 100).
    upload_limit_megabytes: int = Field(25, ge=1, le=100)
    created_at: datetime
    version: int = 1


class PortalSettingsChange(PortalSettings):
    version: Version


class UploadLimitChange(DomainModel):
    """F18-F19: the largest file the firm's clients and staff may send."""

    upload_limit_megabytes: int = Field(ge=1, le=100, description="In megabytes, 1 to 100.")
    version: Version
