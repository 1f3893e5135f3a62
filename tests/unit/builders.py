"""Builders the unit tests share: a firm, its clients and their access, on FakeSystem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.accesses import Access, AccessGrant, AccessType, VisibilityProfile
from chalicelib.domain.audit import Actor
from chalicelib.domain.auth import Caller
from chalicelib.domain.clients import Client, ClientInput
from chalicelib.domain.firm import Firm, NotificationSettingsChange, PortalSettings
from chalicelib.domain.identity import PrincipalKind, TokenPair
from chalicelib.domain.integration import ApiKeyRequest, BatchAccepted, Integration, MovementBatch
from chalicelib.domain.matters import Matter, MatterInput, MatterKind, Party, PartyRole, Publication
from chalicelib.domain.staff import StaffMember
from tests.support.fakes.system import FakeSystem

CLIENT_PASSWORD = "client password 123"


@dataclass
class OpenFirm:
    firm: Firm
    admin: StaffMember
    admin_tokens: TokenPair

    @property
    def slug(self) -> str:
        return self.firm.portal.slug

    @property
    def id(self) -> str:
        return self.firm.id

    @property
    def actor(self) -> Actor:
        return Actor(firm_id=self.firm.id, principal_id=self.admin.id, kind="staff", email=self.admin.email)


def open_firm(system: FakeSystem, slug: str = "silva", name: str = "Silva Advogados", **portal: Any) -> OpenFirm:
    settings = PortalSettings(**{"enabled": True, "slug": slug, "display_name": name, "sender_name": name, **portal})
    firm, admin = system.services.firm.open_firm(
        name, settings, f"ana@{slug}.example.com", "Ana Admin", system.hasher.hash(FakeSystem.ADMIN_PASSWORD)
    )
    tokens = system.services.auth.sign_in(
        slug, PrincipalKind.STAFF, admin.email, FakeSystem.ADMIN_PASSWORD, FakeSystem.ADDRESS
    )
    return OpenFirm(firm=firm, admin=admin, admin_tokens=tokens)


def add_client(
    system: FakeSystem, firm: OpenFirm, name: str = "Maria Souza", emails: list[str] | None = None, **extra: Any
) -> Client:
    emails = [f"{name.split()[0].lower()}@client.example.com"] if emails is None else emails
    return system.services.clients.create(firm.actor, ClientInput(name=name, emails=emails, **extra))


def grant(
    system: FakeSystem, firm: OpenFirm, client: Client, type: AccessType = AccessType.ACCOUNT, **changes: Any
) -> Access:
    return system.services.accesses.grant(firm.actor, client.id, AccessGrant(type=type, **changes))


def invited_client(
    system: FakeSystem,
    firm: OpenFirm,
    name: str = "Maria Souza",
    password: str = CLIENT_PASSWORD,
    profile: VisibilityProfile | None = None,
) -> tuple[Client, TokenPair]:
    """A client with active account access, signed in through the accepted invitation."""
    client = add_client(system, firm, name)
    access = grant(system, firm, client, profile=profile or VisibilityProfile())
    token = system.last_token_to(access.email)
    tokens = system.services.auth.accept_invitation(
        firm.slug, PrincipalKind.CLIENT, token, password, FakeSystem.ADDRESS
    )
    return client, tokens


def link_client(system: FakeSystem, firm: OpenFirm, name: str = "Luiza Link") -> tuple[Client, str]:
    """A client with link access; returns the client and the e-mailed link's token."""
    client = add_client(system, firm, name)
    access = grant(system, firm, client, AccessType.LINK)
    return client, system.last_token_to(access.email)


# --- matters ------------------------------------------------------------------------------------


def party(client: Client, published: bool = True, role: PartyRole = PartyRole.PLAINTIFF) -> Party:
    return Party(name=client.name, role=role, client_id=client.id, published=published)


def pace(system: FakeSystem, firm: OpenFirm, **settings: Any) -> Firm:
    """The firm's notification pacing (B3) with these settings changed, as an admin changes it."""
    current = system.services.firm.firm(firm.id)
    change = NotificationSettingsChange(**(current.notifications.model_dump() | settings), version=current.version)
    return system.services.firm.change_notification_settings(firm.actor, change)


def open_matter(system: FakeSystem, firm: OpenFirm, clients: list[Client] | None = None, **fields: Any) -> Matter:
    """A matter (a case out of court unless told) with these clients as published parties."""
    parties = [party(c) for c in clients or []] + fields.pop("parties", [])
    data = {"kind": MatterKind.CASE, "title": "Contrato de locação", **fields, "parties": parties}
    return system.services.matters.create(firm.actor, MatterInput(**data))


def publish(system: FakeSystem, firm: OpenFirm, matter: Matter, clients: list[Client]) -> Matter:
    current = system.services.matters.get(firm.id, matter.id)
    return system.services.matters.publish(
        firm.actor, matter.id, Publication(client_ids=[c.id for c in clients], version=current.version)
    )


def caller(system: FakeSystem, tokens: TokenPair | str) -> Caller:
    """The verified request a session token makes now (reads the access as stored now)."""
    return system.services.auth.authenticate(tokens if isinstance(tokens, str) else tokens.access_token)


# --- the integration API ------------------------------------------------------------------------------


def api_key(system: FakeSystem, firm: OpenFirm, name: str = "Court feed") -> str:
    """A new API key's secret text, as shown once to the admin."""
    _, secret = system.services.integration.create_key(firm.actor, ApiKeyRequest(name=name))
    return secret


def integration(system: FakeSystem, firm: OpenFirm) -> Integration:
    return system.services.integration.authenticate(api_key(system, firm))


def send_movements(
    system: FakeSystem, caller: Integration, batch: dict[str, Any], process: bool = True
) -> BatchAccepted:
    """POST /integration/movements, then (unless told) the worker stores what was queued."""
    accepted = system.services.integration.accept(
        caller, MovementBatch.model_validate(batch), status_url="/integration/batches/{batch_id}"
    )
    if process:
        system.process_queue()
    return accepted
