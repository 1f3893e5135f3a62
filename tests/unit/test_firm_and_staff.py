"""F01, F02: a firm's portal settings and its staff; a firm always keeps an active admin."""

from __future__ import annotations

from datetime import time

import pytest
from pydantic import ValidationError

from chalicelib.domain.audit import Actor
from chalicelib.domain.documents import UploadRequest
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from chalicelib.domain.firm import (
    NotificationSettings,
    NotificationSettingsChange,
    PortalManifest,
    PortalSettings,
    PortalSettingsChange,
    UploadLimitChange,
)
from chalicelib.domain.identity import PrincipalKind, Role
from chalicelib.domain.notifications import NotificationKind
from chalicelib.domain.staff import StaffChange, StaffInvite, StaffMember, StaffStatus
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, caller, invited_client, open_firm

ADDRESS = FakeSystem.ADDRESS
STAFF = PrincipalKind.STAFF


def settings_change(firm: OpenFirm, system: FakeSystem, **changes: object) -> PortalSettingsChange:
    current = system.firms.get(firm.id)
    return PortalSettingsChange(**(current.portal.model_dump() | changes), version=current.version)


def active_member(system: FakeSystem, firm: OpenFirm, name: str, role: Role = Role.STAFF) -> StaffMember:
    member = system.services.staff.invite(
        firm.actor, StaffInvite(email=f"{name.lower()}@silva.example.com", name=name, role=role)
    )
    token = system.last_token_to(member.email)
    system.services.auth.accept_invitation(firm.slug, STAFF, token, f"{name} password 1", ADDRESS)
    return system.staff.get(firm.id, member.id)


def actor_of(member: StaffMember) -> Actor:
    return Actor(firm_id=member.firm_id, principal_id=member.id, kind="staff", email=member.email)


# --- opening a firm ------------------------------------------------------------------------------


def test_a_firm_opened_with_a_password_has_an_active_admin(system: FakeSystem, firm: OpenFirm) -> None:
    assert firm.admin.role is Role.ADMIN and firm.admin.status is StaffStatus.ACTIVE
    assert system.services.firm.portal_by_slug("silva").id == firm.id
    assert system.outbox.sent == []


def test_a_firm_opened_without_a_password_invites_its_admin(system: FakeSystem) -> None:
    settings = PortalSettings(slug="lima-adv", display_name="Lima", sender_name="Lima")
    new, admin = system.services.firm.open_firm("Lima Advocacia", settings, "Carla@Lima.example.com", "Carla")
    assert admin.status is StaffStatus.INVITED and admin.email == "carla@lima.example.com"
    [notification] = system.outbox.sent
    assert (notification.kind, notification.principal_kind, notification.principal_id) == (
        NotificationKind.INVITATION,
        STAFF,
        admin.id,
    )
    token = system.last_token_to(admin.email)
    tokens = system.services.auth.accept_invitation("lima-adv", STAFF, token, "carla password 1", ADDRESS)
    assert system.services.auth.authenticate(tokens.access_token).role is Role.ADMIN


def test_a_portal_address_is_one_firms_only(system: FakeSystem, firm: OpenFirm) -> None:
    settings = PortalSettings(slug="silva", display_name="Other", sender_name="Other")
    with pytest.raises(Conflict):
        system.services.firm.open_firm("Other", settings, "x@other.example.com", "X", "hash")
    assert system.services.firm.portal_by_slug("silva").id == firm.id


@pytest.mark.parametrize("slug", ["ab", "-silva", "silva-", "sil va", "sílva", "x" * 41, "silva_adv"])
def test_slugs_are_checked(slug: str) -> None:
    with pytest.raises(ValidationError):
        PortalSettings(slug=slug, display_name="X", sender_name="X")


# --- portal settings -------------------------------------------------------------------------------


def test_settings_change_needs_the_version_read(system: FakeSystem, firm: OpenFirm) -> None:
    first = settings_change(firm, system, display_name="Silva & Souza", primary_color="#112233")
    second = settings_change(firm, system, display_name="Silva Souza Advogados")

    updated = system.services.firm.change_portal_settings(firm.actor, first)
    assert updated.version == firm.firm.version + 1 and updated.portal.display_name == "Silva & Souza"
    entry = system.audit.entries(firm.id)[0]
    assert entry.action == "portal.settings_changed" and entry.details["fields"] == ["display_name", "primary_color"]

    with pytest.raises(Conflict) as refused:
        system.services.firm.change_portal_settings(firm.actor, second)
    assert refused.value.code == "stale_version"
    assert system.services.firm.firm(firm.id).portal.display_name == "Silva & Souza"
    # The public branding, read by slug, shows the change too.
    assert system.services.firm.portal_by_slug("silva").portal.primary_color == "#112233"


def test_changing_the_slug_moves_the_portal(system: FakeSystem, firm: OpenFirm) -> None:
    system.services.firm.change_portal_settings(firm.actor, settings_change(firm, system, slug="silva-advogados"))

    with pytest.raises(NotFound):
        system.services.firm.portal_by_slug("silva")
    assert system.services.firm.portal_by_slug("silva-advogados").id == firm.id
    # Staff sign in at the new address only.
    assert system.services.auth.sign_in(
        "silva-advogados", STAFF, firm.admin.email, FakeSystem.ADMIN_PASSWORD, ADDRESS
    ).access_token
    with pytest.raises(NotFound):
        system.services.auth.sign_in("silva", STAFF, firm.admin.email, FakeSystem.ADMIN_PASSWORD, ADDRESS)
    # The old address is free for another firm.
    open_firm(system, slug="silva")


def test_a_slug_taken_by_another_firm_is_refused_and_nothing_changes(system: FakeSystem, firm: OpenFirm) -> None:
    open_firm(system, slug="souza")
    before = system.firms.get(firm.id)
    audit_before = system.audit.actions(firm.id)
    with pytest.raises(Conflict):
        system.services.firm.change_portal_settings(
            firm.actor, settings_change(firm, system, slug="souza", display_name="Changed")
        )
    assert system.firms.get(firm.id) == before
    assert system.services.firm.portal_by_slug("silva").id == firm.id
    assert system.services.firm.portal_by_slug("souza").id != firm.id
    assert system.audit.actions(firm.id) == audit_before


def test_the_firm_of_another_tenant_is_not_reachable(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.firm.firm("nosuchfirm")
    with pytest.raises(NotFound):
        system.services.firm.portal_by_slug("nowhere")


# --- staff ---------------------------------------------------------------------------------------------


def test_inviting_staff_sends_an_invitation_and_an_email_signs_in_once(system: FakeSystem, firm: OpenFirm) -> None:
    member = system.services.staff.invite(firm.actor, StaffInvite(email="Bruno@Silva.example.com", name="Bruno"))
    assert (member.status, member.role, member.email) == (StaffStatus.INVITED, Role.STAFF, "bruno@silva.example.com")
    assert [n.kind for n in system.outbox.sent] == [NotificationKind.INVITATION]
    assert system.audit.actions(firm.id)[0] == "staff.invited"

    with pytest.raises(Conflict):
        system.services.staff.invite(firm.actor, StaffInvite(email="BRUNO@silva.example.com", name="Bruno 2"))
    with pytest.raises(Conflict):
        system.services.staff.invite(firm.actor, StaffInvite(email=firm.admin.email, name="Ana 2"))
    assert len(system.staff.list(firm.id)) == 2


def test_staff_are_listed_by_name(system: FakeSystem, firm: OpenFirm) -> None:
    for name in ("carlos", "Bruno", "Álvaro"):
        system.services.staff.invite(firm.actor, StaffInvite(email=f"{name.lower()}@x.example.com", name=name))
    # Sorted case-insensitively (accents are not folded here).
    assert [m.name for m in system.services.staff.list(firm.id, None, 100).items] == [
        "Ana Admin",
        "Bruno",
        "carlos",
        "Álvaro",
    ]


def test_staff_come_a_page_at_a_time(system: FakeSystem, firm: OpenFirm) -> None:
    for n in range(4):
        system.services.staff.invite(firm.actor, StaffInvite(email=f"p{n}@x.example.com", name=f"Person {n}"))
    first = system.services.staff.list(firm.id, None, 3)
    second = system.services.staff.list(firm.id, first.next_cursor, 3)
    assert len(first.items) == 3 and len(second.items) == 2 and second.next_cursor is None
    assert {m.id for m in first.items}.isdisjoint({m.id for m in second.items})


def test_the_last_admin_cannot_be_demoted(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(Conflict) as refused:
        system.services.staff.change(
            firm.actor, firm.admin.id, StaffChange(name="Ana", role=Role.STAFF, version=firm.admin.version)
        )
    assert refused.value.code == "last_admin"
    assert system.staff.get(firm.id, firm.admin.id).role is Role.ADMIN


def test_an_invited_admin_does_not_count_as_the_other_admin(system: FakeSystem, firm: OpenFirm) -> None:
    system.services.staff.invite(firm.actor, StaffInvite(email="novo@silva.example.com", name="Novo", role=Role.ADMIN))
    with pytest.raises(Conflict):
        system.services.staff.change(
            firm.actor, firm.admin.id, StaffChange(name="Ana", role=Role.STAFF, version=firm.admin.version)
        )
    with pytest.raises(Forbidden):
        system.services.staff.remove(firm.actor, firm.admin.id)


def test_with_a_second_active_admin_an_admin_may_step_down_and_loses_admin_at_once(
    system: FakeSystem, firm: OpenFirm
) -> None:
    second = active_member(system, firm, "Bruno", Role.ADMIN)
    changed = system.services.staff.change(
        actor_of(second), firm.admin.id, StaffChange(name="Ana", role=Role.STAFF, version=firm.admin.version)
    )
    assert changed.role is Role.STAFF and changed.version == firm.admin.version + 1
    # The token still says admin; the stored role decides, on the very next request.
    assert system.services.auth.authenticate(firm.admin_tokens.access_token).role is Role.STAFF
    # And now Bruno is the last admin.
    with pytest.raises(Conflict):
        system.services.staff.change(
            actor_of(second), second.id, StaffChange(name="Bruno", role=Role.STAFF, version=second.version)
        )


def test_staff_change_needs_the_version_read(system: FakeSystem, firm: OpenFirm) -> None:
    member = active_member(system, firm, "Bruno")
    system.services.staff.change(
        firm.actor, member.id, StaffChange(name="Bruno Lima", role=Role.STAFF, version=member.version)
    )
    with pytest.raises(Conflict) as refused:
        system.services.staff.change(
            firm.actor, member.id, StaffChange(name="Bruno Souza", role=Role.ADMIN, version=member.version)
        )
    assert refused.value.code == "stale_version"
    stored = system.staff.get(firm.id, member.id)
    assert (stored.name, stored.role) == ("Bruno Lima", Role.STAFF)


def test_nobody_removes_themselves(system: FakeSystem, firm: OpenFirm) -> None:
    active_member(system, firm, "Bruno", Role.ADMIN)
    with pytest.raises(Forbidden) as refused:
        system.services.staff.remove(firm.actor, firm.admin.id)
    assert refused.value.code == "cannot_remove_self"
    assert system.staff.get(firm.id, firm.admin.id) is not None


def test_the_last_admin_cannot_be_removed_by_anyone(system: FakeSystem, firm: OpenFirm) -> None:
    # Only an admin may call remove_staff (the route is for admins); the rule holds below that too.
    member = active_member(system, firm, "Bruno")
    with pytest.raises(Conflict) as refused:
        system.services.staff.remove(actor_of(member), firm.admin.id)
    assert refused.value.code == "last_admin"


def test_removing_a_member_ends_their_sessions_and_frees_their_email(system: FakeSystem, firm: OpenFirm) -> None:
    member = active_member(system, firm, "Bruno")
    tokens = system.services.auth.sign_in(firm.slug, STAFF, member.email, "Bruno password 1", ADDRESS)
    system.services.staff.remove(firm.actor, member.id)

    assert system.staff.get(firm.id, member.id) is None
    with pytest.raises(Unauthenticated):
        system.services.auth.authenticate(tokens.access_token)
    assert system.audit.actions(firm.id)[0] == "staff.removed"
    again = system.services.staff.invite(firm.actor, StaffInvite(email=member.email, name="Bruno"))
    assert again.id != member.id
    with pytest.raises(NotFound):
        system.services.staff.remove(firm.actor, member.id)


def test_another_firms_staff_cannot_be_changed_or_removed(system: FakeSystem, firm: OpenFirm) -> None:
    other = open_firm(system, slug="outra")
    with pytest.raises(NotFound):
        system.services.staff.change(firm.actor, other.admin.id, StaffChange(name="X", role=Role.STAFF, version=1))
    with pytest.raises(NotFound):
        system.services.staff.remove(firm.actor, other.admin.id)
    assert system.staff.get(other.id, other.admin.id).role is Role.ADMIN


def test_a_slug_is_lower_cased_before_it_is_checked() -> None:
    assert (
        PortalSettings(slug="  Silva-Advogados ", display_name="Silva", sender_name="Silva").slug == "silva-advogados"
    )


def test_a_version_must_be_a_number_not_true() -> None:
    with pytest.raises(ValidationError):
        StaffChange(name="Ana", role=Role.ADMIN, version=True)  # type: ignore[arg-type]


@pytest.mark.parametrize("slug", ["admin", "API", "www", "p"])
def test_slugs_the_hosting_uses_are_reserved(slug: str) -> None:
    with pytest.raises(ValidationError):
        PortalSettings(slug=slug, display_name="Silva", sender_name="Silva")


def test_the_upload_limit_is_the_firms_to_set_over_its_version_and_uploads_follow_it(
    system: FakeSystem, firm: OpenFirm
) -> None:
    current = system.services.firm.firm(firm.id)
    assert current.upload_limit_megabytes == 25
    changed = system.services.firm.change_upload_limit(
        firm.actor, UploadLimitChange(upload_limit_megabytes=100, version=current.version)
    )
    assert (changed.upload_limit_megabytes, changed.version) == (100, current.version + 1)
    assert system.firms.get(firm.id) == changed
    (entry,) = [e for e in system.audit.entries(firm.id) if e.action == "firm.upload_limit_changed"]
    assert entry.details == {"megabytes": 100}
    with pytest.raises(Conflict):
        system.services.firm.change_upload_limit(
            firm.actor, UploadLimitChange(upload_limit_megabytes=5, version=current.version)
        )
    for wrong in (0, 101):
        with pytest.raises(ValidationError):
            UploadLimitChange(upload_limit_megabytes=wrong, version=1)
    # A client's 60 MB file is taken now, and refused once the limit is back at 50.
    _, tokens = invited_client(system, firm)
    big = {"files": [{"file_name": "Processo.pdf", "content_type": "application/pdf", "size": 60 * 1024 * 1024}]}
    assert system.services.documents.start_client_uploads(caller(system, tokens), UploadRequest(**big))
    system.services.firm.change_upload_limit(
        firm.actor, UploadLimitChange(upload_limit_megabytes=50, version=changed.version)
    )
    with pytest.raises(InvalidInput) as refused:
        system.services.documents.start_client_uploads(caller(system, tokens), UploadRequest(**big))
    assert refused.value.details[0]["path"] == "files.0.size"


def test_the_notification_pacing_is_the_admins_to_set_over_the_firms_version_and_audited(
    system: FakeSystem, firm: OpenFirm
) -> None:
    current = system.services.firm.firm(firm.id)
    assert current.notifications == NotificationSettings()
    change = NotificationSettingsChange(
        digest_minutes=0,
        quiet_hours=True,
        quiet_from=time(22, 0),
        quiet_until=time(7, 30),
        time_zone="Europe/Lisbon",
        sms_monthly_cap=0,
        version=current.version,
    )

    changed = system.services.firm.change_notification_settings(firm.actor, change)

    assert changed.version == current.version + 1
    assert changed.notifications == NotificationSettings(**change.model_dump(exclude={"version"}))
    assert system.firms.get(firm.id) == changed
    (entry,) = [e for e in system.audit.entries(firm.id) if e.action == "firm.notification_settings_changed"]
    assert entry.details == {"fields": ["digest_minutes", "quiet_from", "quiet_until", "sms_monthly_cap", "time_zone"]}
    with pytest.raises(Conflict):
        system.services.firm.change_notification_settings(firm.actor, change)  # the version read is gone
    assert system.firms.get(firm.id) == changed
    for wrong in ({"digest_minutes": 61}, {"sms_monthly_cap": -1}, {"time_zone": "Mars/Olympus"}):
        with pytest.raises(ValidationError):
            NotificationSettingsChange(**{**change.model_dump(), **wrong})


@pytest.mark.parametrize(
    ("portal_url", "base"),
    [("http://localhost:8080/p/silva/", "/p/silva/"), ("https://silva.portal.example.com/", "/"), ("https://x.y", "/")],
)
def test_a_portals_manifest_speaks_in_paths_of_the_portals_own_address(portal_url: str, base: str) -> None:
    portal = PortalSettings(
        enabled=True,
        slug="silva",
        display_name="Silva",
        sender_name="Silva",
        primary_color="#123456",
        default_language="en",
    )

    manifest = PortalManifest.of(portal, portal_url)

    assert (manifest.start_url, manifest.scope) == (base, base)
    assert [icon.src for icon in manifest.icons] == [
        f"{base}icon-192.png",
        f"{base}icon-512.png",
        f"{base}icon-512.png",
    ]
    assert (manifest.name, manifest.theme_color, manifest.lang, manifest.description) == (
        "Silva",
        "#123456",
        "en",
        "Follow your cases",
    )


def test_a_closed_portal_has_no_manifest() -> None:
    system = FakeSystem()
    firm = open_firm(system)
    assert system.services.firm.portal_manifest("silva").name == "Silva Advogados"
    system.services.firm.change_portal_settings(firm.actor, settings_change(firm, system, enabled=False))

    with pytest.raises(NotFound):
        system.services.firm.portal_manifest("silva")
    with pytest.raises(NotFound):
        system.services.firm.portal_manifest("nobody")
