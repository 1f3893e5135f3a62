"""What the sign-in screens rely on: the error codes they branch on, the tokens each door
hands out, versions moved by accepting an invitation, and a client's request about a matter
reading the client's view of it in the same call."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.accesses import AccessStatus, AccessType
from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.errors import Conflict, DomainError, Forbidden, Unauthenticated
from chalicelib.domain.identity import OneTimeLink, PrincipalKind, Role
from chalicelib.domain.staff import StaffInvite, StaffStatus
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    CLIENT_PASSWORD,
    OpenFirm,
    add_client,
    grant,
    invited_client,
    link_client,
    open_firm,
    open_matter,
    publish,
)

ADDRESS = FakeSystem.ADDRESS
CLIENT = PrincipalKind.CLIENT
STAFF = PrincipalKind.STAFF


def refused(error: type[DomainError], call, *args, **kwargs) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    return caught.value


# --- invalid_link ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token", ["", "nodot" + "x" * 40, "abc." + "x" * 31, ".%s" % ("x" * 40), "ab-c." + "x" * 40, "ABC." + "x" * 40]
)
def test_a_token_we_never_issue_is_an_invalid_link(token: str) -> None:
    error = refused(Unauthenticated, OneTimeLink.parse, token)
    assert error.code == "invalid_link"


def test_a_made_up_secret_or_an_unknown_principal_is_an_invalid_link(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    principal_id, _, secret = token.partition(".")
    made_up = f"{principal_id}.{'x' * len(secret)}"
    nobody = f"nobody0{principal_id[:5]}.{secret}"
    for bad in (made_up, nobody):
        assert (
            refused(
                Unauthenticated,
                system.services.auth.accept_invitation,
                firm.slug,
                CLIENT,
                bad,
                CLIENT_PASSWORD,
                ADDRESS,
            ).code
            == "invalid_link"
        )
        assert (
            refused(Unauthenticated, system.services.auth.describe_invitation, firm.slug, CLIENT, bad, ADDRESS).code
            == "invalid_link"
        )
    # The right token still works: the refusals above changed nothing.
    assert system.services.auth.accept_invitation(firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS).access_token


def test_a_used_invitation_is_an_invalid_link(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    system.services.auth.accept_invitation(firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS)
    assert (
        refused(
            Unauthenticated, system.services.auth.accept_invitation, firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS
        ).code
        == "invalid_link"
    )


def test_an_access_link_of_an_account_access_is_an_invalid_link(system: FakeSystem, firm: OpenFirm) -> None:
    client, token = link_client(system, firm)
    # The access became an account one meanwhile (the link stays stored beside it).
    access = system.accesses.get(firm.id, client.id)
    system.accesses.save(
        access.model_copy(update={"type": AccessType.ACCOUNT, "version": access.version + 1}), None, None
    )
    assert (
        refused(Unauthenticated, system.services.auth.open_access_link, firm.slug, token, ADDRESS).code
        == "invalid_link"
    )


# --- read_only_session ----------------------------------------------------------------------------


def test_a_simulation_signing_the_client_out_everywhere_is_a_read_only_session(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, own = invited_client(system, firm)
    admin = system.services.auth.authenticate(firm.admin_tokens.access_token)
    simulated = system.services.auth.authenticate(system.services.auth.simulate(admin, client.id).access_token)
    assert refused(Forbidden, system.services.auth.sign_out, simulated, everywhere=True).code == "read_only_session"
    assert system.services.auth.authenticate(own.access_token).client_id == client.id


def test_a_link_session_changing_a_password_is_a_read_only_session(system: FakeSystem, firm: OpenFirm) -> None:
    _, token = link_client(system, firm)
    caller = system.services.auth.authenticate(
        system.services.auth.open_access_link(firm.slug, token, ADDRESS).access_token
    )
    assert (
        refused(Forbidden, system.services.auth.change_password, caller, CLIENT_PASSWORD, "a brand new password").code
        == "read_only_session"
    )


# --- invitation_used ------------------------------------------------------------------------------


def test_an_invitation_of_an_access_already_active_is_used(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    # Activated meanwhile by another write (the invitation stays stored beside the access).
    pending = system.accesses.get(firm.id, client.id)
    system.accesses.save(
        pending.model_copy(update={"status": AccessStatus.ACTIVE, "version": pending.version + 1}), None, None
    )

    error = refused(
        Conflict, system.services.auth.accept_invitation, firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS
    )
    assert error.code == "invitation_used"
    assert system.accesses.get(firm.id, client.id).credentials.password_hash is None


def test_an_invitation_of_a_staff_member_already_active_is_used(system: FakeSystem, firm: OpenFirm) -> None:
    member = system.services.staff.invite(firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno"))
    token = system.last_token_to(member.email)
    invited = system.staff.get(firm.id, member.id)
    system.staff.save(invited.model_copy(update={"status": StaffStatus.ACTIVE, "version": invited.version + 1}), None)

    error = refused(
        Conflict, system.services.auth.accept_invitation, firm.slug, STAFF, token, "bruno password 1", ADDRESS
    )
    assert error.code == "invitation_used"
    assert system.staff.get(firm.id, member.id).credentials.password_hash is None


# --- account_disabled -----------------------------------------------------------------------------


def _disable(system: FakeSystem, firm: OpenFirm) -> str:
    """A second admin, active with a password, then disabled; returns their e-mail."""
    member = system.services.staff.invite(
        firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno", role=Role.ADMIN)
    )
    system.services.auth.accept_invitation(
        firm.slug, STAFF, system.last_token_to(member.email), "bruno password 1", ADDRESS
    )
    active = system.staff.get(firm.id, member.id)
    entry = AuditEntry.record(firm.actor, "staff.disabled", f"staff:{member.id}", system.clock.now())
    system.staff.save(active.model_copy(update={"status": StaffStatus.DISABLED, "version": active.version + 1}), entry)
    return member.email


def test_a_disabled_member_with_the_right_password_is_told_the_account_is_disabled(
    system: FakeSystem, firm: OpenFirm
) -> None:
    email = _disable(system, firm)
    error = refused(Forbidden, system.services.auth.sign_in, firm.slug, STAFF, email, "bruno password 1", ADDRESS)
    assert error.code == "account_disabled"
    # With a wrong password nothing is told about the account.
    assert (
        refused(
            Unauthenticated, system.services.auth.sign_in, firm.slug, STAFF, email, "wrong password 1", ADDRESS
        ).code
        == "invalid_credentials"
    )


# --- what each door hands out ---------------------------------------------------------------------


def test_a_password_reset_signs_the_client_in_with_a_refresh_token(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    system.services.auth.request_password_reset(firm.slug, CLIENT, client.emails[0], ADDRESS)
    token = system.last_token_to(client.emails[0])

    after = system.services.auth.reset_password(firm.slug, CLIENT, token, "my reset password", ADDRESS)

    assert after.refresh_token is not None and after.refresh_token.startswith(f"{firm.id}.")
    refreshed = system.services.auth.refresh(after.refresh_token)
    assert system.services.auth.authenticate(refreshed.access_token).client_id == client.id


def test_accepting_an_invitation_moves_the_access_version_on(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    before = system.accesses.get(firm.id, client.id).version

    tokens = system.services.auth.accept_invitation(firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS)

    accepted = system.accesses.get(firm.id, client.id)
    assert accepted.version == before + 1
    assert (accepted.status, accepted.activated_at) == (AccessStatus.ACTIVE, system.clock.now())
    # The directory lists the access as active too.
    assert system.clients.get(firm.id, client.id).access.status == "active"
    assert tokens.refresh_token is not None and tokens.refresh_token.startswith(f"{firm.id}.")


def test_accepting_a_staff_invitation_moves_the_member_version_on(system: FakeSystem, firm: OpenFirm) -> None:
    member = system.services.staff.invite(firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno"))
    token = system.last_token_to(member.email)
    before = system.staff.get(firm.id, member.id).version

    tokens = system.services.auth.accept_invitation(firm.slug, STAFF, token, "bruno password 1", ADDRESS)

    assert system.staff.get(firm.id, member.id).version == before + 1
    assert tokens.refresh_token is not None and system.services.auth.refresh(tokens.refresh_token).access_token


def test_a_refresh_token_is_read_only_at_its_own_firm(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    other = open_firm(system, slug="outra")
    _, session_id, secret = tokens.refresh_token.split(".")

    for firm_part in (other.id, "nofirm"):
        refused(Unauthenticated, system.services.auth.refresh, f"{firm_part}.{session_id}.{secret}")
    # The refusals did not end the session at its own firm, whose id the new token carries.
    refreshed = system.services.auth.refresh(tokens.refresh_token)
    assert refreshed.refresh_token.split(".")[:2] == [firm.id, session_id]


def test_a_request_about_a_matter_reads_the_clients_view_of_it(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    shown = publish(system, firm, open_matter(system, firm, [client], title="Publicado"), [client])
    unpublished = open_matter(system, firm, [client], title="Interno")

    about_shown = system.services.auth.authenticate(tokens.access_token, shown.id)
    assert about_shown.client_id == client.id
    assert about_shown.matter_view is not None and (about_shown.matter_view.id, about_shown.matter_view.title) == (
        shown.id,
        "Publicado",
    )
    assert system.services.auth.authenticate(tokens.access_token, unpublished.id).matter_view is None
    assert system.services.auth.authenticate(tokens.access_token).matter_view is None


def test_a_request_about_a_matter_is_refused_like_any_other_once_blocked(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [client]), [client])
    system.services.accesses.block(firm.actor, client.id)
    assert (
        refused(Forbidden, system.services.auth.authenticate, tokens.access_token, matter.id).code == "access_blocked"
    )
    system.services.accesses.remove(firm.actor, client.id)
    assert (
        refused(Forbidden, system.services.auth.authenticate, tokens.access_token, matter.id).code == "access_removed"
    )


def test_a_refresh_token_stops_working_the_moment_it_expires(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    system.clock.advance(system.policy.refresh_token_ttl - timedelta(seconds=1))
    assert system.services.auth.refresh(tokens.refresh_token).access_token
    _, later = invited_client(system, firm, "Rita Depois")
    system.clock.advance(system.policy.refresh_token_ttl)
    refused(Unauthenticated, system.services.auth.refresh, later.refresh_token)


def test_a_password_reset_is_audited_as_done_by_the_client_themselves(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    system.services.auth.request_password_reset(firm.slug, CLIENT, client.emails[0].upper(), ADDRESS)
    assert system.outbox.sent[-1].email == client.emails[0]
    token = system.last_token_to(client.emails[0])
    system.services.auth.reset_password(firm.slug, CLIENT, token, "my reset password", ADDRESS)
    entry = system.audit.entries(firm.id)[0]
    assert (entry.action, entry.actor_id, entry.actor_kind, entry.actor_email, entry.target) == (
        "password.reset",
        client.id,
        "client",
        client.emails[0],
        f"client:{client.id}",
    )


def test_an_access_link_asked_for_in_capitals_goes_to_the_address_in_lower_case(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, _ = link_client(system, firm)
    system.services.auth.request_access_link(firm.slug, client.emails[0].upper(), ADDRESS)
    assert (system.outbox.sent[-1].email, system.outbox.sent[-1].kind) == (client.emails[0], "access_link")


def test_opening_an_access_link_is_noted_as_the_last_sign_in(system: FakeSystem, firm: OpenFirm) -> None:
    client, token = link_client(system, firm)
    opened_at = system.clock.advance(minutes=3)
    system.services.auth.open_access_link(firm.slug, token, ADDRESS)
    assert system.accesses.get(firm.id, client.id).last_sign_in_at == opened_at
