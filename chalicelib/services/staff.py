"""F01: a firm's staff: inviting, changing roles and removing, always keeping an admin."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.audit import Actor, AuditEntry
from ..domain.common import Page, new_id
from ..domain.errors import Conflict, Forbidden, NotFound
from ..domain.identity import PrincipalKind, Role
from ..domain.notifications import Notification, NotificationKind
from ..domain.ports import Clock, Outbox, StaffRepository
from ..domain.staff import StaffChange, StaffInvite, StaffMember, StaffStatus


@dataclass(frozen=True)
class StaffService:
    staff: StaffRepository
    outbox: Outbox
    clock: Clock

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[StaffMember]:
        """A page of the staff, sorted by name within the page (most firms fit in one)."""
        page = self.staff.page(firm_id, cursor, limit)
        return Page(items=sorted(page.items, key=lambda s: s.name.casefold()), next_cursor=page.next_cursor)

    def invite(self, actor: Actor, invite: StaffInvite) -> StaffMember:
        now = self.clock.now()
        member = StaffMember(
            id=new_id(),
            firm_id=actor.firm_id,
            email=invite.email,
            name=invite.name,
            role=invite.role,
            status=StaffStatus.INVITED,
            created_at=now,
        )
        self.staff.create(
            member,
            AuditEntry.record(actor, "staff.invited", f"staff:{member.id}", now, email=member.email, role=member.role),
        )
        self.outbox.send(
            Notification(
                kind=NotificationKind.INVITATION,
                firm_id=actor.firm_id,
                principal_kind=PrincipalKind.STAFF,
                principal_id=member.id,
            )
        )
        return member

    def change(self, actor: Actor, staff_id: str, change: StaffChange) -> StaffMember:
        member = self._member(actor.firm_id, staff_id)
        if member.version != change.version:
            raise Conflict("This person was changed by someone else. Reload and try again.", code="stale_version")
        if member.role is Role.ADMIN and change.role is not Role.ADMIN:
            self._keep_an_admin(actor.firm_id, staff_id)
        updated = member.model_copy(update={"name": change.name, "role": change.role, "version": member.version + 1})
        self.staff.save(
            updated, AuditEntry.record(actor, "staff.changed", f"staff:{staff_id}", self.clock.now(), role=change.role)
        )
        return updated

    def remove(self, actor: Actor, staff_id: str) -> None:
        if staff_id == actor.principal_id:
            raise Forbidden("You cannot remove yourself.", code="cannot_remove_self")
        member = self._member(actor.firm_id, staff_id)
        if member.role is Role.ADMIN:
            self._keep_an_admin(actor.firm_id, staff_id)
        self.staff.delete(
            member, AuditEntry.record(actor, "staff.removed", f"staff:{staff_id}", self.clock.now(), email=member.email)
        )

    def _keep_an_admin(self, firm_id: str, leaving_id: str) -> None:
        admins = [
            s
            for s in self.staff.list(firm_id)
            if s.role is Role.ADMIN and s.status is StaffStatus.ACTIVE and s.id != leaving_id
        ]
        if not admins:
            raise Conflict("A firm needs at least one active admin.", code="last_admin")

    def _member(self, firm_id: str, staff_id: str) -> StaffMember:
        member = self.staff.get(firm_id, staff_id)
        if member is None:
            raise NotFound("Staff member not found.")
        return member
