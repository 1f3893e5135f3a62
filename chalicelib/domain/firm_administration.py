"""F01, F02: a firm's portal settings and its staff."""

from __future__ import annotations

from .audit import Actor, AuditEntry
from .common import Clock, DomainModel, Email, Name, Page, Version, new_id
from .errors import Conflict, Forbidden, NotFound
from .firms import Firm, PortalSettings, StaffMember, StaffStatus
from .identity import Credentials, PrincipalKind, Role
from .notifications import Notification, NotificationKind
from .ports import FirmRepository, Outbox, StaffRepository


class PortalSettingsChange(PortalSettings):
    version: Version


class StaffInvite(DomainModel):
    email: Email
    name: Name
    role: Role = Role.STAFF


class StaffChange(DomainModel):
    name: Name
    role: Role
    version: Version


class FirmAdministration:
    def __init__(self, *, firms: FirmRepository, staff: StaffRepository, outbox: Outbox, clock: Clock) -> None:
        self.firms = firms
        self.staff = staff
        self.outbox = outbox
        self.clock = clock

    def open_firm(self, name: str, portal: PortalSettings, admin_email: str, admin_name: str, admin_password_hash: str | None = None) -> tuple[Firm, StaffMember]:
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
            self.outbox.send(Notification(kind=NotificationKind.INVITATION, firm_id=firm.id, principal_kind=PrincipalKind.STAFF, principal_id=admin.id))
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

    def change_portal_settings(self, actor: Actor, change: PortalSettingsChange) -> Firm:
        current = self.firm(actor.firm_id)
        if current.version != change.version:
            raise Conflict("The settings were changed by someone else. Reload and try again.", code="stale_version")
        settings = PortalSettings(**change.model_dump(exclude={"version"}))
        updated = current.model_copy(update={"portal": settings, "version": current.version + 1})
        changed = sorted(k for k, v in settings.model_dump().items() if getattr(current.portal, k) != getattr(settings, k))
        self.firms.save(updated, current, AuditEntry.record(actor, "portal.settings_changed", f"firm:{current.id}", self.clock.now(), fields=changed))
        return updated

    def list_staff(self, firm_id: str, cursor: str | None, limit: int) -> Page[StaffMember]:
        """A page of the staff, sorted by name within the page (most firms fit in one)."""
        page = self.staff.page(firm_id, cursor, limit)
        return Page(items=sorted(page.items, key=lambda s: s.name.casefold()), next_cursor=page.next_cursor)

    def invite_staff(self, actor: Actor, invite: StaffInvite) -> StaffMember:
        now = self.clock.now()
        member = StaffMember(
            id=new_id(), firm_id=actor.firm_id, email=invite.email, name=invite.name, role=invite.role, status=StaffStatus.INVITED, created_at=now
        )
        self.staff.create(member, AuditEntry.record(actor, "staff.invited", f"staff:{member.id}", now, email=member.email, role=member.role))
        self.outbox.send(Notification(kind=NotificationKind.INVITATION, firm_id=actor.firm_id, principal_kind=PrincipalKind.STAFF, principal_id=member.id))
        return member

    def change_staff(self, actor: Actor, staff_id: str, change: StaffChange) -> StaffMember:
        member = self._member(actor.firm_id, staff_id)
        if member.version != change.version:
            raise Conflict("This person was changed by someone else. Reload and try again.", code="stale_version")
        if member.role is Role.ADMIN and change.role is not Role.ADMIN:
            self._keep_an_admin(actor.firm_id, staff_id)
        updated = member.model_copy(update={"name": change.name, "role": change.role, "version": member.version + 1})
        self.staff.save(updated, AuditEntry.record(actor, "staff.changed", f"staff:{staff_id}", self.clock.now(), role=change.role))
        return updated

    def remove_staff(self, actor: Actor, staff_id: str) -> None:
        if staff_id == actor.principal_id:
            raise Forbidden("You cannot remove yourself.", code="cannot_remove_self")
        member = self._member(actor.firm_id, staff_id)
        if member.role is Role.ADMIN:
            self._keep_an_admin(actor.firm_id, staff_id)
        self.staff.delete(member, AuditEntry.record(actor, "staff.removed", f"staff:{staff_id}", self.clock.now(), email=member.email))

    def _keep_an_admin(self, firm_id: str, leaving_id: str) -> None:
        admins = [s for s in self.staff.list(firm_id) if s.role is Role.ADMIN and s.status is StaffStatus.ACTIVE and s.id != leaving_id]
        if not admins:
            raise Conflict("A firm needs at least one active admin.", code="last_admin")

    def _member(self, firm_id: str, staff_id: str) -> StaffMember:
        member = self.staff.get(firm_id, staff_id)
        if member is None:
            raise NotFound("Staff member not found.")
        return member
