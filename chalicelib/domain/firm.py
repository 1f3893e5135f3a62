"""Firms (tenants) and their portal settings (F02)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BeforeValidator,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

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


def _known_time_zone(name: str) -> str:
    # ZoneInfo caches what it loaded; listing every zone (available_timezones) walks the
    # whole tz database, on each validation of a firm.
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("Unknown time zone; use a name such as America/Sao_Paulo.") from None
    return name


TimeZone = Annotated[str, AfterValidator(_known_time_zone)]

_WALL_CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def _wall_clock_text(value: object) -> object:
    if isinstance(value, str) and not re.match(_WALL_CLOCK, value):
        raise ValueError("A time of day as HH:MM, such as 20:00.")
    return value


def _wall_clock_json(moment: time) -> str:
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


# A time of day on the firm's clock (its time zone applies), "20:00": no offset, no fraction.
WallClock = Annotated[
    time,
    BeforeValidator(_wall_clock_text),
    PlainSerializer(_wall_clock_json, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": _WALL_CLOCK, "examples": ["20:00"]}),
]


class NotificationSettings(DomainModel):
    """B3: how the firm's notifications to clients are paced. Invitations, access links
    and password resets ignore all of it: they always go at once."""

    # Notifications to one client within this many minutes go as one e-mail (0: each alone).
    digest_minutes: int = Field(10, ge=0, le=60)
    # Nothing non-urgent is sent between these times, in the firm's time zone; it goes at
    # the end of the quiet hours instead.
    quiet_hours: bool = True
    quiet_from: WallClock = time(20, 0)
    quiet_until: WallClock = time(8, 0)
    time_zone: TimeZone = "America/Sao_Paulo"
    # Text messages the firm may send in a calendar month (0: none).
    sms_monthly_cap: int = Field(500, ge=0, le=100_000)

    def release_at(self, now: datetime) -> datetime:
        """When a notification arriving `now` goes: after the digest window, and if that
        falls in the quiet hours, at their end (in the firm's time zone)."""
        due = now + timedelta(minutes=self.digest_minutes)
        if not self.quiet_hours or self.quiet_from == self.quiet_until:
            return due
        local = due.astimezone(ZoneInfo(self.time_zone))
        if not self._quiet(local.time()):
            return due
        # Wall-clock arithmetic in the zone: a morning after a daylight-saving change is right.
        morning = datetime.combine(local.date(), self.quiet_until, local.tzinfo)
        if morning <= local:
            morning = datetime.combine(local.date() + timedelta(days=1), self.quiet_until, local.tzinfo)
        return morning.astimezone(now.tzinfo)

    def _quiet(self, moment: time) -> bool:
        if self.quiet_from < self.quiet_until:  # 13:00-14:00
            return self.quiet_from <= moment < self.quiet_until
        return moment >= self.quiet_from or moment < self.quiet_until  # 20:00-08:00


class NotificationSettingsChange(NotificationSettings):
    version: Version


class Firm(DomainModel):
    id: Id
    name: Name
    plan: str = "standard"
    portal: PortalSettings
    # F25: whether movement text may go to the configured model provider; an admin's choice.
    model_consent: ModelConsent = ModelConsent()
    # F18-F19: the largest file a client or staff member may upload, in megabytes (at most 100).
    upload_limit_megabytes: int = Field(25, ge=1, le=100)
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)
    created_at: datetime
    version: int = 1


class ManifestIcon(DomainModel):
    src: str
    sizes: str
    type: str = "image/png"
    purpose: str = "any"


class PortalManifest(DomainModel):
    """F02: the web app manifest of one firm's portal, so that the portal a client adds to her
    phone's home screen carries the firm's name and colour. Its addresses are paths on the
    portal's own origin (the manifest is fetched there, through /api): `/p/<slug>/` locally,
    `/` at the firm's own address."""

    name: str
    short_name: str
    description: str
    lang: Language
    start_url: str
    scope: str
    display: str = "standalone"
    background_color: str = "#f4f5f7"
    theme_color: Colour
    icons: list[ManifestIcon]

    @classmethod
    def of(cls, portal: PortalSettings, portal_url: str) -> PortalManifest:
        path = urlsplit(portal_url).path.rstrip("/") + "/"
        return cls(
            name=portal.display_name,
            short_name=portal.display_name,
            description=_MANIFEST_DESCRIPTION[portal.default_language],
            lang=portal.default_language,
            start_url=path,
            scope=path,
            theme_color=portal.primary_color,
            icons=[
                ManifestIcon(src=f"{path}icon-192.png", sizes="192x192"),
                ManifestIcon(src=f"{path}icon-512.png", sizes="512x512"),
                ManifestIcon(src=f"{path}icon-512.png", sizes="512x512", purpose="maskable"),
            ],
        )


_MANIFEST_DESCRIPTION = {
    Language.PT_BR: "Acompanhe seus processos",
    Language.ES: "Siga sus expedientes",
    Language.EN: "Follow your cases",
}


class PortalSettingsChange(PortalSettings):
    version: Version


class UploadLimitChange(DomainModel):
    """F18-F19: the largest file the firm's clients and staff may send."""

    upload_limit_megabytes: int = Field(ge=1, le=100, description="In megabytes, 1 to 100.")
    version: Version
