"""F05-F07: granting, resending, blocking, unblocking and removing a client's access."""

from __future__ import annotations

import pytest

from chalicelib.domain.accesses import AccessGrant, AccessStatus, AccessType, ProfileChange, VisibilityProfile
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import NotificationKind
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import CLIENT_PASSWORD, OpenFirm, add_client, grant, invited_client, link_client, open_firm

ADDRESS = FakeSystem.ADDRESS


def test_account_access_is_pending_until_the_invitation_is_accepted(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza", ["maria@client.example.com", "m.souza@work.example.com"])
    access = grant(system, firm, client, profile=VisibilityProfile(tasks=True))

    assert access.status is AccessStatus.PENDING and access.activated_at is None
    assert access.email == "maria@client.example.com"  # the main e-mail when none is chosen
    assert access.profile.tasks is True
    [notification] = system.outbox.sent
    assert (notification.kind, notification.principal_kind, notification.principal_id) == (
        NotificationKind.INVITATION,
        PrincipalKind.CLIENT,
        client.id,
    )
    assert system.clients.get(firm.id, client.id).access.status == "pending"
    assert system.audit.actions(firm.id)[0] == "access.granted"

    token = system.last_token_to(access.email)
    system.services.auth.accept_invitation(firm.slug, PrincipalKind.CLIENT, token, CLIENT_PASSWORD, ADDRESS)

    active = system.services.accesses.get(firm.id, client.id)
    assert active.status is AccessStatus.ACTIVE and active.activated_at == system.clock.now()
    assert system.clients.get(firm.id, client.id).access.status == "active"
    assert system.audit.actions(firm.id)[0] == "access.activated"


def test_link_access_is_active_as_soon_as_it_is_granted(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client, AccessType.LINK)

    assert access.status is AccessStatus.ACTIVE and access.activated_at == system.clock.now()
    assert [n.kind for n in system.outbox.sent] == [NotificationKind.ACCESS_LINK]
    assert system.clients.get(firm.id, client.id).access.model_dump() == {
        "type": "link",
        "status": "active",
        "email": access.email,
    }


def test_access_may_use_any_of_the_clients_emails_but_no_other(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza", ["maria@client.example.com", "Maria.Work@Example.com"])
    with pytest.raises(InvalidInput) as refused:
        grant(system, firm, client, email="someone.else@example.com")
    assert refused.value.details[0]["path"] == "email"

    access = grant(system, firm, client, email="MARIA.work@example.com")
    assert access.email == "maria.work@example.com"
    assert system.accesses.by_email(firm.id, "maria.work@EXAMPLE.com").client_id == client.id


def test_a_client_without_email_cannot_get_access(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Sem Email", [])
    with pytest.raises(InvalidInput) as refused:
        grant(system, firm, client)
    assert refused.value.details == [{"path": "email", "message": refused.value.message}]
    assert system.accesses.get(firm.id, client.id) is None and system.outbox.sent == []


def test_granting_to_an_unknown_client_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.accesses.grant(firm.actor, "nosuchclient", AccessGrant(type=AccessType.ACCOUNT))


def test_a_client_has_one_access_at_most(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    system.outbox.take()
    with pytest.raises(Conflict) as refused:
        grant(system, firm, client, AccessType.LINK)
    assert refused.value.code == "access_exists"
    assert system.outbox.sent == [] and system.services.accesses.get(firm.id, client.id).type is AccessType.ACCOUNT


def test_an_email_another_client_signs_in_with_is_refused_and_nothing_is_left_behind(
    system: FakeSystem, firm: OpenFirm
) -> None:
    first = add_client(system, firm, "Maria Souza", ["shared@example.com"])
    grant(system, firm, first)
    second = add_client(system, firm, "Mario Souza", ["shared@example.com"])
    actions_before, outbox_before = system.audit.actions(firm.id), list(system.outbox.sent)

    with pytest.raises(Conflict):
        grant(system, firm, second)

    assert system.accesses.get(firm.id, second.id) is None
    assert system.accesses.by_email(firm.id, "shared@example.com").client_id == first.id
    assert system.clients.get(firm.id, second.id).access is None
    assert system.audit.actions(firm.id) == actions_before
    assert system.outbox.sent == outbox_before


def test_block_and_unblock_restore_the_status_before_the_block(system: FakeSystem, firm: OpenFirm) -> None:
    pending_client = add_client(system, firm, "Paula Pendente")
    grant(system, firm, pending_client)
    active_client, _ = invited_client(system, firm, "Ana Ativa")

    for client, before in ((pending_client, AccessStatus.PENDING), (active_client, AccessStatus.ACTIVE)):
        blocked = system.services.accesses.block(firm.actor, client.id)
        assert blocked.status is AccessStatus.BLOCKED and blocked.status_before_block is before
        assert blocked.blocked_at == system.clock.now()
        assert system.clients.get(firm.id, client.id).access.status == "blocked"

        restored = system.services.accesses.unblock(firm.actor, client.id)
        assert restored.status is before and restored.status_before_block is None and restored.blocked_at is None
        assert restored.version == blocked.version + 1
        assert system.clients.get(firm.id, client.id).access.status == before.value
    assert system.audit.actions(firm.id)[:2] == ["access.unblocked", "access.blocked"]


def test_block_and_unblock_are_idempotent(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    first = system.services.accesses.block(firm.actor, client.id)
    again = system.services.accesses.block(firm.actor, client.id)
    assert again == first  # no second write, no second audit entry
    assert system.audit.actions(firm.id).count("access.blocked") == 1

    system.services.accesses.unblock(firm.actor, client.id)
    unchanged = system.services.accesses.unblock(firm.actor, client.id)
    assert unchanged.status is AccessStatus.ACTIVE and system.audit.actions(firm.id).count("access.unblocked") == 1


def test_blocking_or_unblocking_a_client_without_access_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.accesses.block(firm.actor, "nosuchclient")
    with pytest.raises(NotFound):
        system.services.accesses.unblock(firm.actor, "nosuchclient")


def test_removing_access_ends_it_and_keeps_the_client(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    system.services.accesses.remove(firm.actor, client.id)

    with pytest.raises(NotFound):
        system.services.accesses.get(firm.id, client.id)
    assert system.accesses.by_email(firm.id, client.emails[0]) is None
    kept = system.services.clients.get(firm.id, client.id)
    assert kept.name == client.name and kept.access is None
    assert system.audit.actions(firm.id)[0] == "access.removed"
    with pytest.raises(Forbidden) as refused:
        system.services.auth.authenticate(tokens.access_token)
    assert refused.value.code == "access_removed"
    with pytest.raises(NotFound):
        system.services.accesses.remove(firm.actor, client.id)


def test_resend_sends_a_new_invitation_while_the_account_is_pending(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    first = system.last_token_to(access.email)

    system.services.accesses.resend(firm.actor, client.id)
    assert [n.kind for n in system.outbox.sent] == [NotificationKind.INVITATION]
    assert system.audit.actions(firm.id)[0] == "access.invitation_resent"
    second = system.last_token_to(access.email)
    assert second != first

    # Only the newest link works.
    with pytest.raises(Unauthenticated):
        system.services.auth.accept_invitation(firm.slug, PrincipalKind.CLIENT, first, CLIENT_PASSWORD, ADDRESS)
    system.services.auth.accept_invitation(firm.slug, PrincipalKind.CLIENT, second, CLIENT_PASSWORD, ADDRESS)


def test_resend_is_refused_once_the_client_has_a_password(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    with pytest.raises(Conflict) as refused:
        system.services.accesses.resend(firm.actor, client.id)
    assert refused.value.code == "access_not_pending"
    assert system.outbox.sent == []


def test_resend_of_a_link_access_sends_a_fresh_link_and_the_old_one_stops_working(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, first = link_client(system, firm)
    system.services.accesses.resend(firm.actor, client.id)
    assert [n.kind for n in system.outbox.sent] == [NotificationKind.ACCESS_LINK]
    second = system.last_token_to(client.emails[0])

    with pytest.raises(Unauthenticated):
        system.services.auth.open_access_link(firm.slug, first, ADDRESS)
    assert system.services.auth.open_access_link(firm.slug, second, ADDRESS).access_token


def test_resend_is_refused_while_blocked(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = link_client(system, firm)
    system.services.accesses.block(firm.actor, client.id)
    with pytest.raises(Conflict) as refused:
        system.services.accesses.resend(firm.actor, client.id)
    assert refused.value.code == "access_blocked"
    assert system.outbox.sent == []


def test_resend_without_access_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    with pytest.raises(NotFound):
        system.services.accesses.resend(firm.actor, client.id)


def test_profile_change_needs_the_current_version(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    wanted = VisibilityProfile(tasks=True, documents=False, include_private_matters=True)

    changed = system.services.accesses.change_profile(
        firm.actor, client.id, ProfileChange(profile=wanted, version=access.version)
    )
    assert changed.profile == wanted and changed.version == access.version + 1
    assert system.services.accesses.get(firm.id, client.id).profile == wanted
    assert system.audit.actions(firm.id)[0] == "access.profile_changed"

    # A second admin who read the same version loses: nothing is overwritten.
    with pytest.raises(Conflict) as refused:
        system.services.accesses.change_profile(
            firm.actor, client.id, ProfileChange(profile=VisibilityProfile(), version=access.version)
        )
    assert refused.value.code == "stale_version"
    assert system.services.accesses.get(firm.id, client.id).profile == wanted


def test_a_write_racing_past_the_version_check_still_fails(system: FakeSystem, firm: OpenFirm) -> None:
    """The repository's conditional write is the real guard: the domain's check only reads."""
    client = add_client(system, firm)
    stale = grant(system, firm, client)
    system.services.accesses.block(firm.actor, client.id)  # someone else writes in between

    with pytest.raises(Conflict):
        system.accesses.save(
            stale.model_copy(update={"version": stale.version + 1, "profile": VisibilityProfile(tasks=True)}),
            None,
            None,
        )
    assert system.services.accesses.get(firm.id, client.id).status is AccessStatus.BLOCKED


def test_access_of_another_firm_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    other = open_firm(system, slug="outra")
    for act in (system.services.accesses.block, system.services.accesses.remove, system.services.accesses.resend):
        with pytest.raises(NotFound):
            act(other.actor, client.id)
    with pytest.raises(NotFound):
        system.services.accesses.get(other.id, client.id)
