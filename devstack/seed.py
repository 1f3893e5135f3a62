"""Demo data for the local stack: one firm with an admin, a staff member and a few
clients, one of whom already has an active account. Written through the domain services,
so it obeys every rule the API does. Skipped when the demo firm already exists."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_SLUG = "silva"
ADMIN_EMAIL = "admin@silva.example.com"
ADMIN_PASSWORD = "demo admin password"
STAFF_EMAIL = "paulo@silva.example.com"
CLIENT_EMAIL = "maria.souza@example.com"
CLIENT_PASSWORD = "demo client password"


@dataclass(frozen=True)
class DemoSignIn:
    who: str
    email: str
    password: str


SIGN_INS = [
    DemoSignIn("admin (admin app)", ADMIN_EMAIL, ADMIN_PASSWORD),
    DemoSignIn("staff (admin app)", STAFF_EMAIL, ADMIN_PASSWORD),
    DemoSignIn("client (portal)", CLIENT_EMAIL, CLIENT_PASSWORD),
]


def seed() -> bool:
    """Create the demo firm; return False when it was already there."""
    from chalicelib import bootstrap
    from chalicelib.domain.accesses import AccessGrant, AccessStatus, AccessType, VisibilityProfile
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clients import ClientInput
    from chalicelib.domain.common import Language
    from chalicelib.domain.firm_administration import StaffInvite
    from chalicelib.domain.firms import PortalSettings, StaffStatus
    from chalicelib.domain.identity import Role

    admin_tools = bootstrap.firm_administration()
    if bootstrap.repositories().firms.by_slug(DEMO_SLUG):
        return False
    hasher = bootstrap.password_hasher()
    portal = PortalSettings(
        enabled=True,
        slug=DEMO_SLUG,
        display_name="Silva & Associados",
        primary_color="#1f4e79",
        default_language=Language.PT_BR,
        sender_name="Silva & Associados",
        reply_to="contato@silva.example.com",
    )
    firm, admin = admin_tools.open_firm("Silva & Associados Advocacia", portal, ADMIN_EMAIL, "Ana Silva", hasher.hash(ADMIN_PASSWORD))
    actor = Actor(firm_id=firm.id, principal_id=admin.id, kind="staff", email=admin.email)

    paulo = admin_tools.invite_staff(actor, StaffInvite(email=STAFF_EMAIL, name="Paulo Lima", role=Role.STAFF))
    repositories = bootstrap.repositories()
    credentials = paulo.credentials.model_copy(update={"password_hash": hasher.hash(ADMIN_PASSWORD)})
    repositories.staff.save(paulo.model_copy(update={"status": StaffStatus.ACTIVE, "credentials": credentials, "version": paulo.version + 1}), None)

    directory = bootstrap.client_directory()
    maria = directory.create(actor, ClientInput(name="Maria Souza", emails=[CLIENT_EMAIL], phone="+55 11 91234-5678", language=Language.PT_BR))
    directory.create(actor, ClientInput(name="João Pereira", emails=["joao.pereira@example.com"], notification_emails=["financeiro@pereira.example.com"]))
    directory.create(actor, ClientInput(name="Carmen García", emails=["carmen.garcia@example.es"], language=Language.ES))
    directory.create(actor, ClientInput(name="Construtora Horizonte Ltda", emails=["juridico@horizonte.example.com"], phone="+55 21 3333-4444"))

    access = bootstrap.access_lifecycle().grant(actor, maria.id, AccessGrant(type=AccessType.ACCOUNT, profile=VisibilityProfile(tasks=True)))
    # Maria accepted her invitation already, so the portal can be tried at once.
    active = access.model_copy(
        update={
            "status": AccessStatus.ACTIVE,
            "activated_at": access.created_at,
            "credentials": access.credentials.model_copy(update={"password_hash": hasher.hash(CLIENT_PASSWORD)}),
            "version": access.version + 1,
        }
    )
    client = repositories.clients.get(firm.id, maria.id)
    assert client is not None
    repositories.accesses.save(active, client.with_access(active), None)
    return True
