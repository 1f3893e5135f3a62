"""F02: a firm (tenant), opened with its first admin, and its portal settings."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.audit import Actor, AuditEntry
from ..domain.common import new_id
from ..domain.errors import Conflict, NotFound
from ..domain.firm import (
    Firm,
    NotificationSettings,
    NotificationSettingsChange,
    PortalManifest,
    PortalSettings,
    PortalSettingsChange,
    UploadLimitChange,
)
from ..domain.identity import Credentials, PrincipalKind, Role
from ..domain.notifications import Notification, NotificationKind, PortalUrls
from ..domain.ports import Clock, FirmRepository, Outbox
from ..domain.staff import StaffMember, StaffStatus


@dataclass(frozen=True)
class FirmService:
    firms: FirmRepository
    outbox: Outbox
    clock: Clock
    urls: PortalUrls

    def open_firm(
        self,
        name: str,
        portal: PortalSettings,
        admin_email: str,
        admin_name: str,
        admin_password_hash: str | None = None,
    ) -> tuple[Firm, StaffMember]:
        """A new tenant with its first admin. Without a password the admin is invited by e-mail."""
        now = self.clock.now()
        firm = Firm(id=new_id(), name=name, portal=portal, created_at=now)
        admin = StaffMember(
            id=new_id(),
            firm_id=firm.id,
            email=admin_email,
            name=admin_name,
            role=Role.ADMIN,
            status=StaffStatus.ACTIVE if admin_password_hash else StaffStatus.INVITED,
            credentials=Credentials(password_hash=admin_password_hash),
            created_at=now,
        )
        self.firms.create(firm, admin)
        if admin_password_hash is None:
            self.outbox.send(
                Notification(
                    kind=NotificationKind.INVITATION,
                    firm_id=firm.id,
                    principal_kind=PrincipalKind.STAFF,
                    principal_id=admin.id,
                )
            )
        return firm, admin

    def firm(self, firm_id: str) -> Firm:
        firm = self.firms.get(firm_id)
        if firm is None:
            raise NotFound("Firm not found.")
        return firm

    def portal_by_slug(self, slug: str) -> Firm:
        firm = self.firms.by_slug(slug)
        if firm is None:
            raise NotFound("There is no portal at this address.", code="portal_not_found")
        return firm

    def portal_manifest(self, slug: str) -> PortalManifest:
        """The web app manifest of an open portal; a closed one has none (404, as an unknown one)."""
        firm = self.portal_by_slug(slug)
        if not firm.portal.enabled:
            raise NotFound("There is no portal at this address.", code="portal_not_found")
        return PortalManifest.of(firm.portal, self.portal_url(firm))

    def change_portal_settings(self, actor: Actor, change: PortalSettingsChange) -> Firm:
        current = self.firm(actor.firm_id)
        if current.version != change.version:
            raise Conflict("The settings were changed by someone else. Reload and try again.", code="stale_version")
        settings = PortalSettings(**change.model_dump(exclude={"version"}))
        updated = current.model_copy(update={"portal": settings, "version": current.version + 1})
        changed = sorted(
            k for k, v in settings.model_dump().items() if getattr(current.portal, k) != getattr(settings, k)
        )
        self.firms.save(
            updated,
            current,
            AuditEntry.record(actor, "portal.settings_changed", f"firm:{current.id}", self.clock.now(), fields=changed),
        )
        return updated

    def change_upload_limit(self, actor: Actor, change: UploadLimitChange) -> Firm:
        current = self.firm(actor.firm_id)
        if current.version != change.version:
            raise Conflict("The settings were changed by someone else. Reload and try again.", code="stale_version")
        limit = change.upload_limit_megabytes
        updated = current.model_copy(update={"upload_limit_megabytes": limit, "version": current.version + 1})
        audit = AuditEntry.record(
            actor, "firm.upload_limit_changed", f"firm:{current.id}", self.clock.now(), megabytes=limit
        )
        self.firms.save(updated, current, audit)
        return updated

    def change_notification_settings(self, actor: Actor, change: NotificationSettingsChange) -> Firm:
        """B3: how the firm's notifications to clients are paced (digest, quiet hours, SMS cap)."""
        current = self.firm(actor.firm_id)
        if current.version != change.version:
            raise Conflict("The settings were changed by someone else. Reload and try again.", code="stale_version")
        settings = NotificationSettings(**change.model_dump(exclude={"version"}))
        updated = current.model_copy(update={"notifications": settings, "version": current.version + 1})
        changed = sorted(
            k for k, v in settings.model_dump().items() if getattr(current.notifications, k) != getattr(settings, k)
        )
        audit = AuditEntry.record(
            actor, "firm.notification_settings_changed", f"firm:{current.id}", self.clock.now(), fields=changed
        )
        self.firms.save(updated, current, audit)
        return updated

    def portal_url(self, firm: Firm) -> str:
        """Where the firm's clients open their portal (what the admin app links to)."""
        return self.urls.portal(firm.portal.slug) + "/"
