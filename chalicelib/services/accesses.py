"""F05-F07: admins grant, resend, block, unblock and remove a client's portal access."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.accesses import Access, AccessGrant, AccessStatus, AccessType, ProfileChange
from ..domain.audit import Actor, AuditEntry
from ..domain.clients import Client
from ..domain.errors import Conflict, InvalidInput, NotFound
from ..domain.identity import PrincipalKind
from ..domain.notifications import Notification, NotificationKind
from ..domain.ports import AccessRepository, AuditRepository, ClientRepository, Clock, Outbox
from .devices import DevicesService


@dataclass(frozen=True)
class AccessesService:
    clients: ClientRepository
    accesses: AccessRepository
    audit: AuditRepository
    outbox: Outbox
    clock: Clock
    devices: DevicesService  # the client's phones, removed with a block or the access (F23)

    def get(self, firm_id: str, client_id: str) -> Access:
        access = self.accesses.get(firm_id, client_id)
        if access is None:
            raise NotFound("This client has no portal access.")
        return access

    def grant(self, actor: Actor, client_id: str, grant: AccessGrant) -> Access:
        client = self._client(actor.firm_id, client_id)
        if not client.emails:
            raise InvalidInput.field("email", "The client needs an e-mail address to get portal access.")
        email = grant.email or client.emails[0]
        if email not in client.emails:
            raise InvalidInput.field("email", "The e-mail must be one of the client's e-mails.")
        if self.accesses.get(actor.firm_id, client_id) is not None:
            raise Conflict("This client already has portal access.", code="access_exists")
        now = self.clock.now()
        access = Access(
            firm_id=actor.firm_id,
            client_id=client_id,
            type=grant.type,
            # An account waits for the client to set a password; a link works once sent.
            status=AccessStatus.PENDING if grant.type is AccessType.ACCOUNT else AccessStatus.ACTIVE,
            activated_at=None if grant.type is AccessType.ACCOUNT else now,
            email=email,
            profile=grant.profile,
            created_at=now,
            created_by=actor.principal_id,
        )
        audit = AuditEntry.record(
            actor,
            "access.granted",
            f"client:{client_id}",
            now,
            type=access.type,
            email=email,
            profile=access.profile.model_dump(),
        )
        self.accesses.create(access, client.with_access(access), audit)
        self._send_link(access)
        return access

    def resend(self, actor: Actor, client_id: str) -> Access:
        """An account still pending gets a new invitation; a link access gets a new link.
        Either way the previous link stops working."""
        access = self.get(actor.firm_id, client_id)
        if access.type is AccessType.ACCOUNT and access.status is not AccessStatus.PENDING:
            raise Conflict(
                "The client has already set a password; there is no invitation to resend.", code="access_not_pending"
            )
        if access.status is AccessStatus.BLOCKED:
            raise Conflict("Unblock the access before sending it again.", code="access_blocked")
        self.audit.append(
            AuditEntry.record(
                actor, "access.invitation_resent", f"client:{client_id}", self.clock.now(), type=access.type
            )
        )
        self._send_link(access)
        return access

    def change_profile(self, actor: Actor, client_id: str, change: ProfileChange) -> Access:
        access = self._current(actor.firm_id, client_id, change.version)
        updated = self._bump(access, profile=change.profile)
        self.accesses.save(
            updated,
            None,
            AuditEntry.record(
                actor,
                "access.profile_changed",
                f"client:{client_id}",
                self.clock.now(),
                profile=change.profile.model_dump(),
            ),
        )
        return updated

    def block(self, actor: Actor, client_id: str) -> Access:
        access = self.get(actor.firm_id, client_id)
        if access.status is AccessStatus.BLOCKED:
            return access
        now = self.clock.now()
        blocked = self._bump(access, status=AccessStatus.BLOCKED, status_before_block=access.status, blocked_at=now)
        self._save_with_listing(blocked, AuditEntry.record(actor, "access.blocked", f"client:{client_id}", now))
        self.devices.remove_all(actor.firm_id, client_id)
        return blocked

    def unblock(self, actor: Actor, client_id: str) -> Access:
        access = self.get(actor.firm_id, client_id)
        if access.status is not AccessStatus.BLOCKED:
            return access
        restored = self._bump(
            access, status=access.status_before_block or AccessStatus.ACTIVE, status_before_block=None, blocked_at=None
        )
        self._save_with_listing(
            restored, AuditEntry.record(actor, "access.unblocked", f"client:{client_id}", self.clock.now())
        )
        return restored

    def remove(self, actor: Actor, client_id: str) -> None:
        access = self.get(actor.firm_id, client_id)
        client = self._client(actor.firm_id, client_id)
        self.accesses.delete(
            access,
            client.with_access(None),
            AuditEntry.record(actor, "access.removed", f"client:{client_id}", self.clock.now()),
        )
        self.devices.remove_all(actor.firm_id, client_id)

    def _send_link(self, access: Access) -> None:
        kind = NotificationKind.INVITATION if access.type is AccessType.ACCOUNT else NotificationKind.ACCESS_LINK
        self.outbox.send(
            Notification(
                kind=kind, firm_id=access.firm_id, principal_kind=PrincipalKind.CLIENT, principal_id=access.client_id
            )
        )

    def _save_with_listing(self, access: Access, audit: AuditEntry) -> None:
        client = self._client(access.firm_id, access.client_id)
        self.accesses.save(access, client.with_access(access), audit)

    def _current(self, firm_id: str, client_id: str, version: int) -> Access:
        access = self.get(firm_id, client_id)
        if access.version != version:
            raise Conflict("This access was changed by someone else. Reload and try again.", code="stale_version")
        return access

    def _client(self, firm_id: str, client_id: str) -> Client:
        client = self.clients.get(firm_id, client_id)
        if client is None:
            raise NotFound("Client not found.")
        return client

    @staticmethod
    def _bump(access: Access, **changes: object) -> Access:
        return access.model_copy(update={**changes, "version": access.version + 1})
