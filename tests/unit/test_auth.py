"""Signing in and out, sessions and refresh tokens, passwords, e-mailed links, simulation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from chalicelib.domain.accesses import AccessStatus, AccessType
from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.auth import INVALID_CREDENTIALS, IdentityPolicy
from chalicelib.domain.errors import Conflict, DomainError, Expired, Forbidden, NotFound, RateLimited, Unauthenticated
from chalicelib.domain.firm import PortalSettingsChange
from chalicelib.domain.identity import LinkPurpose, OneTimeLink, PrincipalKind, Role, hash_secret
from chalicelib.domain.notifications import NotificationKind
from chalicelib.domain.staff import StaffInvite
from tests.support.fakes.clock import FakeClock
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import CLIENT_PASSWORD, OpenFirm, add_client, grant, invited_client, link_client, open_firm

ADDRESS = FakeSystem.ADDRESS
CLIENT = PrincipalKind.CLIENT
STAFF = PrincipalKind.STAFF


def refused(error: type[DomainError], call, *args, **kwargs) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    return caught.value


def sign_in_client(
    system: FakeSystem, firm: OpenFirm, email: str, password: str = CLIENT_PASSWORD, address: str = ADDRESS
):  # type: ignore[no-untyped-def]
    return system.services.auth.sign_in(firm.slug, CLIENT, email, password, address)


def in_the_past(days: float) -> FakeSystem:
    """A system whose clock runs `days` behind: what it signs has already expired for PyJWT,
    which checks token expiry against the real time."""
    return FakeSystem(clock=FakeClock(datetime.now(UTC) - timedelta(days=days)))


# --- signing in -------------------------------------------------------------------------------


def test_sign_in_issues_a_session_that_authenticates(system: FakeSystem, firm: OpenFirm) -> None:
    caller = system.services.auth.authenticate(firm.admin_tokens.access_token)
    assert (caller.firm_id, caller.staff.id, caller.role) == (firm.id, firm.admin.id, Role.ADMIN)
    assert caller.claims.mode == "account" and not caller.claims.read_only
    assert caller.claims.expires_at == system.clock.now() + system.policy.access_token_ttl
    assert firm.admin_tokens.refresh_token and firm.admin_tokens.refresh_token.startswith(f"{firm.id}.")

    client, _ = invited_client(system, firm)
    tokens = sign_in_client(system, firm, client.emails[0])
    caller = system.services.auth.authenticate(tokens.access_token)
    assert (caller.firm_id, caller.client_id, caller.staff, caller.role) == (firm.id, client.id, None, None)


def test_email_is_matched_whatever_its_case(system: FakeSystem, firm: OpenFirm) -> None:
    tokens = system.services.auth.sign_in(
        firm.slug, STAFF, firm.admin.email.upper(), FakeSystem.ADMIN_PASSWORD, ADDRESS
    )
    assert system.services.auth.authenticate(tokens.access_token).staff.id == firm.admin.id


def test_unknown_email_and_wrong_password_are_one_error_and_cost_the_same(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    pending = add_client(system, firm, "Paula Pendente")
    grant(system, firm, pending)
    linked, _ = link_client(system, firm)
    attempts = [
        (CLIENT, "nobody@example.com", CLIENT_PASSWORD),
        (CLIENT, client.emails[0], "wrong password"),
        (CLIENT, pending.emails[0], CLIENT_PASSWORD),  # no password set yet
        (CLIENT, linked.emails[0], CLIENT_PASSWORD),  # link access has no password
        (STAFF, client.emails[0], CLIENT_PASSWORD),  # a client is no staff member
        (STAFF, firm.admin.email, "wrong password"),
    ]
    errors = []
    for kind, email, password in attempts:
        verified = system.hasher.verified
        errors.append(refused(Unauthenticated, system.services.auth.sign_in, firm.slug, kind, email, password, ADDRESS))
        # A password is checked every time, against a dummy hash when there is none.
        assert system.hasher.verified == verified + 1, email
    assert {(e.code, e.message) for e in errors} == {("invalid_credentials", INVALID_CREDENTIALS)}


def test_an_unknown_portal_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    error = refused(
        NotFound, system.services.auth.sign_in, "nowhere", STAFF, firm.admin.email, FakeSystem.ADMIN_PASSWORD, ADDRESS
    )
    assert error.code == "portal_not_found"


def test_sign_in_at_another_firms_portal_fails(system: FakeSystem, firm: OpenFirm) -> None:
    open_firm(system, slug="outra")
    refused(
        Unauthenticated,
        system.services.auth.sign_in,
        "outra",
        STAFF,
        firm.admin.email,
        FakeSystem.ADMIN_PASSWORD,
        ADDRESS,
    )


def test_clients_cannot_sign_in_while_the_portal_is_off_but_staff_can(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    settings = firm.firm.portal.model_dump() | {"enabled": False}
    system.services.firm.change_portal_settings(firm.actor, PortalSettingsChange(**settings, version=firm.firm.version))

    assert refused(Forbidden, sign_in_client, system, firm, client.emails[0]).code == "portal_disabled"
    assert system.services.auth.sign_in(
        firm.slug, STAFF, firm.admin.email, FakeSystem.ADMIN_PASSWORD, ADDRESS
    ).access_token


def test_a_blocked_client_is_refused_at_sign_in_and_on_the_next_request(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    system.services.accesses.block(firm.actor, client.id)

    assert refused(Forbidden, system.services.auth.authenticate, tokens.access_token).code == "access_blocked"
    assert refused(Forbidden, sign_in_client, system, firm, client.emails[0]).code == "access_blocked"
    # A wrong password does not tell that the access exists and is blocked.
    assert (
        refused(Unauthenticated, sign_in_client, system, firm, client.emails[0], "wrong password").code
        == "invalid_credentials"
    )
    refused(Unauthenticated, system.services.auth.refresh, tokens.refresh_token)

    system.services.accesses.unblock(firm.actor, client.id)
    assert system.services.auth.authenticate(tokens.access_token).client_id == client.id
    assert sign_in_client(system, firm, client.emails[0]).access_token


def test_a_removed_staff_member_is_refused_on_the_next_request(system: FakeSystem, firm: OpenFirm) -> None:
    member = system.services.staff.invite(firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno"))
    token = system.last_token_to(member.email)
    tokens = system.services.auth.accept_invitation(firm.slug, STAFF, token, "bruno password 1", ADDRESS)
    assert system.services.auth.authenticate(tokens.access_token).staff.id == member.id

    system.services.staff.remove(firm.actor, member.id)
    refused(Unauthenticated, system.services.auth.authenticate, tokens.access_token)
    refused(Unauthenticated, system.services.auth.refresh, tokens.refresh_token)


def test_tokens_from_another_key_or_garbage_are_refused(system: FakeSystem, firm: OpenFirm) -> None:
    from chalicelib.adapters.tokens import JwtSigner

    claims = system.services.auth.authenticate(firm.admin_tokens.access_token).claims
    forged = JwtSigner(lambda: "another-key-" + "z" * 40).sign(claims)
    for token in (forged, "garbage", firm.admin_tokens.access_token[:-4] + "AAAA", ""):
        assert refused(Unauthenticated, system.services.auth.authenticate, token).code == "invalid_token"


def test_an_access_token_expires(firm: OpenFirm) -> None:
    system = in_the_past(days=1)
    past_firm = open_firm(system)
    assert (
        refused(Unauthenticated, system.services.auth.authenticate, past_firm.admin_tokens.access_token).code
        == "session_expired"
    )


# --- refresh tokens -------------------------------------------------------------------------------


def test_refresh_rotates_the_refresh_token(system: FakeSystem, firm: OpenFirm) -> None:
    client, first = invited_client(system, firm)
    second = system.services.auth.refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    caller = system.services.auth.authenticate(second.access_token)
    assert caller.client_id == client.id
    assert caller.claims.session_id == system.services.auth.authenticate(first.access_token).claims.session_id

    third = system.services.auth.refresh(second.refresh_token)
    assert system.services.auth.authenticate(third.access_token).client_id == client.id
    # Nothing but a hash of the secret is stored.
    secret = third.refresh_token.rsplit(".", 1)[1]
    assert secret not in system.store.everything() and hash_secret(secret) in system.store.everything()


def test_reusing_an_old_refresh_token_ends_the_session(system: FakeSystem, firm: OpenFirm) -> None:
    _, first = invited_client(system, firm)
    second = system.services.auth.refresh(first.refresh_token)

    system.clock.advance(system.policy.refresh_grace + timedelta(seconds=1))
    refused(Unauthenticated, system.services.auth.refresh, first.refresh_token)
    # Whoever holds the newest token is signed out too: one of the two is a thief.
    refused(Unauthenticated, system.services.auth.refresh, second.refresh_token)
    # Other sessions of the same person go on.
    other = sign_in_client(
        system,
        firm,
        system.accesses.get(firm.id, system.services.auth.authenticate(first.access_token).client_id).email,
    )
    assert system.services.auth.refresh(other.refresh_token).access_token


def test_two_refreshes_racing_with_one_token_rotate_once(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    firm_id, session_id, _ = tokens.refresh_token.split(".")
    session = system.sessions.get(firm_id, session_id)
    system.services.auth.refresh(tokens.refresh_token)  # the winner rotates the secret
    with pytest.raises(Conflict):
        system.sessions.rotate(session.model_copy(update={"secret_hash": "x"}), session.secret_hash)


def test_the_token_just_replaced_gets_the_same_pair_again_within_the_grace_window(
    system: FakeSystem, firm: OpenFirm
) -> None:
    """Two tabs, or two requests of the app, refreshing with one token at once."""
    client, first = invited_client(system, firm)
    second = system.services.auth.refresh(first.refresh_token)
    assert system.services.auth.refresh(first.refresh_token) == second
    assert system.services.auth.authenticate(second.access_token).client_id == client.id
    system.clock.advance(system.policy.refresh_grace)
    assert system.services.auth.refresh(first.refresh_token) == second
    # The session goes on from the new token, and nothing but hashes of secrets is stored.
    assert system.services.auth.refresh(second.refresh_token).refresh_token not in (
        first.refresh_token,
        second.refresh_token,
    )
    assert second.refresh_token.rsplit(".", 1)[1] not in system.store.everything()
    assert first.refresh_token.rsplit(".", 1)[1] not in system.store.everything()


def test_the_token_just_replaced_after_the_grace_window_ends_the_session_for_all(
    system: FakeSystem, firm: OpenFirm
) -> None:
    _, first = invited_client(system, firm)
    second = system.services.auth.refresh(first.refresh_token)
    assert system.services.auth.refresh(first.refresh_token) == second  # within the window
    system.clock.advance(system.policy.refresh_grace + timedelta(seconds=1))

    refused(Unauthenticated, system.services.auth.refresh, first.refresh_token)
    refused(Unauthenticated, system.services.auth.refresh, second.refresh_token)
    firm_id, session_id, _ = second.refresh_token.split(".")
    assert system.sessions.get(firm_id, session_id) is None


def test_an_older_refresh_token_ends_the_session_even_within_the_grace_window(
    system: FakeSystem, firm: OpenFirm
) -> None:
    _, first = invited_client(system, firm)
    second = system.services.auth.refresh(first.refresh_token)
    third = system.services.auth.refresh(second.refresh_token)
    refused(Unauthenticated, system.services.auth.refresh, first.refresh_token)
    refused(Unauthenticated, system.services.auth.refresh, third.refresh_token)


def test_the_grace_window_does_not_outlive_a_sign_out_everywhere(system: FakeSystem, firm: OpenFirm) -> None:
    _, first = invited_client(system, firm)
    second = system.services.auth.refresh(first.refresh_token)
    system.services.auth.sign_out(system.services.auth.authenticate(second.access_token), everywhere=True)
    refused(Unauthenticated, system.services.auth.refresh, first.refresh_token)


def test_the_loser_of_a_racing_rotation_answers_the_winners_pair(system: FakeSystem, firm: OpenFirm) -> None:
    """Both read the session before either wrote: the loser's conditional write fails, and it
    answers what the winner got."""
    _, tokens = invited_client(system, firm)
    real_get, won = system.sessions.get, []

    def read_then_lose_the_race(firm_id: str, session_id: str):  # type: ignore[no-untyped-def]
        system.sessions.get = real_get  # type: ignore[method-assign]
        session = real_get(firm_id, session_id)
        won.append(system.services.auth.refresh(tokens.refresh_token))
        return session

    system.sessions.get = read_then_lose_the_race  # type: ignore[method-assign]
    assert system.services.auth.refresh(tokens.refresh_token) == won[0]
    assert system.services.auth.refresh(won[0].refresh_token).access_token


def test_the_grace_window_is_short() -> None:
    assert IdentityPolicy().refresh_grace == timedelta(seconds=20)
    assert IdentityPolicy(refresh_grace=timedelta(seconds=30)).refresh_grace == timedelta(seconds=30)
    # No grace at all is a choice a firm may make: every reuse then ends the session.
    assert IdentityPolicy(refresh_grace=timedelta(0)).refresh_grace == timedelta(0)
    for too_long in (timedelta(seconds=31), timedelta(minutes=5), timedelta(seconds=-1)):
        with pytest.raises(ValueError, match="^refresh_grace must be between 0 and 30 seconds$"):
            IdentityPolicy(refresh_grace=too_long)


@pytest.mark.parametrize(
    "token",
    ["", "a.b", "a.b.c.d", "firm.session.", "fi rm.session.secret", "firm.ses-sion.secret", "..", "x" * 30],
)
def test_malformed_refresh_tokens_are_refused(system: FakeSystem, token: str) -> None:
    refused(Unauthenticated, system.services.auth.refresh, token)


def test_a_refresh_token_with_a_made_up_secret_is_refused_and_ends_the_session(
    system: FakeSystem, firm: OpenFirm
) -> None:
    firm_id, session_id, _ = firm.admin_tokens.refresh_token.split(".")
    refused(Unauthenticated, system.services.auth.refresh, f"{firm_id}.{session_id}.madeupsecret")
    refused(Unauthenticated, system.services.auth.refresh, firm.admin_tokens.refresh_token)


def test_a_refresh_token_expires(system: FakeSystem, firm: OpenFirm) -> None:
    system.clock.advance(system.policy.refresh_token_ttl + timedelta(seconds=1))
    refused(Unauthenticated, system.services.auth.refresh, firm.admin_tokens.refresh_token)


# --- signing out and changing the password ----------------------------------------------------


def test_sign_out_ends_this_sessions_refresh_token_only(system: FakeSystem, firm: OpenFirm) -> None:
    client, phone = invited_client(system, firm)
    web = sign_in_client(system, firm, client.emails[0])
    system.services.auth.sign_out(system.services.auth.authenticate(web.access_token))

    refused(Unauthenticated, system.services.auth.refresh, web.refresh_token)
    assert system.services.auth.refresh(phone.refresh_token).access_token


def test_sign_out_everywhere_revokes_every_token(system: FakeSystem, firm: OpenFirm) -> None:
    client, phone = invited_client(system, firm)
    web = sign_in_client(system, firm, client.emails[0])
    system.services.auth.sign_out(system.services.auth.authenticate(web.access_token), everywhere=True)

    for tokens in (phone, web):
        refused(Unauthenticated, system.services.auth.authenticate, tokens.access_token)
        refused(Unauthenticated, system.services.auth.refresh, tokens.refresh_token)
    # Signing in again works.
    assert (
        system.services.auth.authenticate(sign_in_client(system, firm, client.emails[0]).access_token).client_id
        == client.id
    )


def test_staff_sign_out_everywhere(system: FakeSystem, firm: OpenFirm) -> None:
    caller = system.services.auth.authenticate(firm.admin_tokens.access_token)
    system.services.auth.sign_out(caller, everywhere=True)
    refused(Unauthenticated, system.services.auth.authenticate, firm.admin_tokens.access_token)
    refused(Unauthenticated, system.services.auth.refresh, firm.admin_tokens.refresh_token)


def test_change_password_revokes_earlier_tokens_and_the_old_password(system: FakeSystem, firm: OpenFirm) -> None:
    client, phone = invited_client(system, firm)
    web = sign_in_client(system, firm, client.emails[0])
    caller = system.services.auth.authenticate(web.access_token)

    fresh = system.services.auth.change_password(caller, CLIENT_PASSWORD, "a brand new password")

    assert system.services.auth.authenticate(fresh.access_token).client_id == client.id
    assert system.services.auth.refresh(fresh.refresh_token).access_token
    for tokens in (phone, web):
        refused(Unauthenticated, system.services.auth.authenticate, tokens.access_token)
        refused(Unauthenticated, system.services.auth.refresh, tokens.refresh_token)
    refused(Unauthenticated, sign_in_client, system, firm, client.emails[0])
    assert sign_in_client(system, firm, client.emails[0], "a brand new password").access_token
    assert system.audit.actions(firm.id)[0] == "password.changed"


def test_change_password_needs_the_current_password(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    caller = system.services.auth.authenticate(tokens.access_token)
    assert (
        refused(
            Unauthenticated, system.services.auth.change_password, caller, "not my password", "a brand new password"
        ).code
        == "invalid_credentials"
    )
    # Nothing changed: the session and the password still work.
    assert system.services.auth.authenticate(tokens.access_token)
    assert sign_in_client(system, firm, client.emails[0]).access_token


def test_change_password_attempts_are_limited(system: FakeSystem, firm: OpenFirm) -> None:
    caller = system.services.auth.authenticate(firm.admin_tokens.access_token)
    for _ in range(system.policy.sign_ins_per_account):
        refused(Unauthenticated, system.services.auth.change_password, caller, "guess", "a brand new password")
    refused(
        RateLimited, system.services.auth.change_password, caller, FakeSystem.ADMIN_PASSWORD, "a brand new password"
    )


# --- rate limits ------------------------------------------------------------------------------------


def test_sign_in_is_limited_per_account_then_allowed_again_after_the_window(system: FakeSystem, firm: OpenFirm) -> None:
    limit = system.policy.sign_ins_per_account
    for _ in range(limit):
        refused(Unauthenticated, system.services.auth.sign_in, firm.slug, STAFF, firm.admin.email, "wrong", ADDRESS)
    error = refused(
        RateLimited,
        system.services.auth.sign_in,
        firm.slug,
        STAFF,
        firm.admin.email,
        FakeSystem.ADMIN_PASSWORD,
        "198.51.100.1",
    )
    assert 0 < error.retry_after_seconds <= system.policy.rate_window_seconds
    # Another account from the same address is not affected.
    client, _ = invited_client(system, firm)
    assert sign_in_client(system, firm, client.emails[0]).access_token

    system.clock.advance(seconds=error.retry_after_seconds)
    assert system.services.auth.sign_in(
        firm.slug, STAFF, firm.admin.email, FakeSystem.ADMIN_PASSWORD, ADDRESS
    ).access_token


def test_successful_sign_ins_do_not_count_against_the_account(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    for _ in range(3 * system.policy.sign_ins_per_account):
        assert system.services.auth.sign_in(
            firm.slug, STAFF, firm.admin.email, FakeSystem.ADMIN_PASSWORD, ADDRESS
        ).access_token
        assert sign_in_client(system, firm, client.emails[0]).access_token
    # Failures still count, as many as ever: the successes in between forgave none of them.
    limit = system.policy.sign_ins_per_account
    for _ in range(limit):
        refused(Unauthenticated, system.services.auth.sign_in, firm.slug, STAFF, firm.admin.email, "wrong", ADDRESS)
        assert sign_in_client(system, firm, client.emails[0]).access_token
    error = refused(
        RateLimited,
        system.services.auth.sign_in,
        firm.slug,
        STAFF,
        firm.admin.email,
        FakeSystem.ADMIN_PASSWORD,
        ADDRESS,
    )
    assert 0 < error.retry_after_seconds <= system.policy.rate_window_seconds
    for _ in range(limit - 1):
        refused(Unauthenticated, sign_in_client, system, firm, client.emails[0], "wrong")
    assert sign_in_client(system, firm, client.emails[0]).access_token  # the last try left
    refused(Unauthenticated, sign_in_client, system, firm, client.emails[0], "wrong")
    refused(RateLimited, sign_in_client, system, firm, client.emails[0])


def test_an_unknown_email_is_limited_like_a_known_one(system: FakeSystem, firm: OpenFirm) -> None:
    """No account enumeration through the limits: both lock after as many failures, with the
    same work done per attempt."""
    for email in (firm.admin.email, "nobody@silva.example.com"):
        verified = system.hasher.verified
        for _ in range(system.policy.sign_ins_per_account):
            error = refused(Unauthenticated, system.services.auth.sign_in, firm.slug, STAFF, email, "wrong", ADDRESS)
            assert error.code == "invalid_credentials"
        assert system.hasher.verified - verified == system.policy.sign_ins_per_account
        refused(RateLimited, system.services.auth.sign_in, firm.slug, STAFF, email, "wrong", ADDRESS)


def test_every_sign_in_counts_against_the_address(system: FakeSystem, firm: OpenFirm) -> None:
    system.reconfigure(policy=IdentityPolicy(sign_ins_per_address=5))
    for _ in range(5):
        assert system.services.auth.sign_in(
            firm.slug, STAFF, firm.admin.email, FakeSystem.ADMIN_PASSWORD, "198.51.100.9"
        ).access_token
    refused(
        RateLimited,
        system.services.auth.sign_in,
        firm.slug,
        STAFF,
        firm.admin.email,
        FakeSystem.ADMIN_PASSWORD,
        "198.51.100.9",
    )


def test_successful_password_changes_do_not_count_failures_do(system: FakeSystem, firm: OpenFirm) -> None:
    passwords = [FakeSystem.ADMIN_PASSWORD] + [
        f"a brand new password {i}" for i in range(2 * system.policy.sign_ins_per_account)
    ]
    tokens = firm.admin_tokens
    for current, new in pairwise(passwords):
        tokens = system.services.auth.change_password(
            system.services.auth.authenticate(tokens.access_token), current, new
        )
    caller = system.services.auth.authenticate(tokens.access_token)
    for _ in range(system.policy.sign_ins_per_account):
        refused(Unauthenticated, system.services.auth.change_password, caller, "guess", "a brand new password")
    refused(RateLimited, system.services.auth.change_password, caller, passwords[-1], "a brand new password")


def test_an_access_link_opens_again_and_again_but_bad_links_are_limited(system: FakeSystem, firm: OpenFirm) -> None:
    client, token = link_client(system, firm)
    for _ in range(3 * system.policy.sign_ins_per_account):
        assert system.services.auth.open_access_link(firm.slug, token, ADDRESS).access_token
    forged = f"{client.id}.{'x' * 43}"
    for _ in range(system.policy.sign_ins_per_account):
        refused(Unauthenticated, system.services.auth.open_access_link, firm.slug, forged, ADDRESS)
    refused(RateLimited, system.services.auth.open_access_link, firm.slug, token, ADDRESS)


def test_sign_in_is_limited_per_address(firm: OpenFirm, system: FakeSystem) -> None:
    system.reconfigure(policy=IdentityPolicy(sign_ins_per_address=5))
    for i in range(5):
        refused(
            Unauthenticated,
            system.services.auth.sign_in,
            firm.slug,
            STAFF,
            f"guess{i}@example.com",
            "wrong",
            "198.51.100.9",
        )
    refused(
        RateLimited,
        system.services.auth.sign_in,
        firm.slug,
        STAFF,
        firm.admin.email,
        FakeSystem.ADMIN_PASSWORD,
        "198.51.100.9",
    )
    assert system.services.auth.sign_in(
        firm.slug, STAFF, firm.admin.email, FakeSystem.ADMIN_PASSWORD, "198.51.100.10"
    ).access_token


def test_emailed_link_requests_are_limited_per_address_and_per_account(system: FakeSystem, firm: OpenFirm) -> None:
    for _ in range(system.policy.emails_per_account):
        system.services.auth.request_password_reset(firm.slug, CLIENT, "maria@example.com", ADDRESS)
    refused(
        RateLimited, system.services.auth.request_password_reset, firm.slug, CLIENT, "MARIA@example.com", "198.51.100.1"
    )
    refused(RateLimited, system.services.auth.request_access_link, firm.slug, "maria@example.com", "198.51.100.2")
    assert len(system.outbox.sent) == system.policy.emails_per_account

    system.reconfigure(policy=IdentityPolicy(emails_per_address=2))
    system.services.auth.request_access_link(firm.slug, "a@example.com", "198.51.100.3")
    system.services.auth.request_access_link(firm.slug, "b@example.com", "198.51.100.3")
    refused(RateLimited, system.services.auth.request_access_link, firm.slug, "c@example.com", "198.51.100.3")


# --- invitations ------------------------------------------------------------------------------------


def test_an_invitation_can_be_looked_at_then_used_once(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)

    for _ in range(2):
        details = system.services.auth.describe_invitation(firm.slug, CLIENT, token, ADDRESS)
        assert (details.email, details.firm_name, details.kind) == (access.email, firm.firm.portal.display_name, CLIENT)
        assert details.expires_at == system.clock.now() + system.policy.invitation_ttl

    tokens = system.services.auth.accept_invitation(firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS)
    assert system.services.auth.authenticate(tokens.access_token).client_id == client.id
    assert sign_in_client(system, firm, access.email).access_token

    refused(
        Unauthenticated, system.services.auth.accept_invitation, firm.slug, CLIENT, token, "another password 1", ADDRESS
    )
    refused(Unauthenticated, system.services.auth.describe_invitation, firm.slug, CLIENT, token, ADDRESS)
    refused(Unauthenticated, sign_in_client, system, firm, access.email, "another password 1")


def test_an_expired_invitation_is_expired_and_a_new_one_works(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    system.clock.advance(system.policy.invitation_ttl)

    refused(Expired, system.services.auth.describe_invitation, firm.slug, CLIENT, token, ADDRESS)
    refused(Expired, system.services.auth.accept_invitation, firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS)
    assert system.accesses.get(firm.id, client.id).status is AccessStatus.PENDING

    system.clock.set(system.clock.now() - system.policy.invitation_ttl)  # back to now, for the signer
    system.services.accesses.resend(firm.actor, client.id)
    fresh = system.last_token_to(access.email)
    assert system.services.auth.accept_invitation(firm.slug, CLIENT, fresh, CLIENT_PASSWORD, ADDRESS).access_token


@pytest.mark.parametrize("kind", [CLIENT, STAFF])
def test_invitation_tokens_that_do_not_fit_are_refused(system: FakeSystem, firm: OpenFirm, kind: PrincipalKind) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    principal_id, _, secret = token.partition(".")
    other = open_firm(system, slug="outra")
    wrong = [
        f"{principal_id}.{'A' * len(secret)}",  # a made-up secret
        f"{principal_id}.short",  # too short to be ours
        "no-dot-at-all-" + "x" * 40,
        f"../{principal_id}.{secret}",
    ]
    for bad in wrong:
        refused(Unauthenticated, system.services.auth.accept_invitation, firm.slug, kind, bad, CLIENT_PASSWORD, ADDRESS)
    # The right token, at another firm's portal or for the other kind of principal.
    refused(
        Unauthenticated, system.services.auth.accept_invitation, other.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS
    )
    refused(Unauthenticated, system.services.auth.accept_invitation, firm.slug, STAFF, token, CLIENT_PASSWORD, ADDRESS)
    assert system.accesses.get(firm.id, client.id).status is AccessStatus.PENDING


def test_a_staff_invitation_activates_the_member(system: FakeSystem, firm: OpenFirm) -> None:
    member = system.services.staff.invite(
        firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno", role=Role.ADMIN)
    )
    refused(Unauthenticated, system.services.auth.sign_in, firm.slug, STAFF, member.email, "bruno password 1", ADDRESS)
    token = system.last_token_to(member.email)
    assert system.mailer.to(member.email)[-1].html.count("https://admin.portal.test/#/invite/silva/") == 1

    tokens = system.services.auth.accept_invitation(firm.slug, STAFF, token, "bruno password 1", ADDRESS)
    caller = system.services.auth.authenticate(tokens.access_token)
    assert (caller.staff.id, caller.role, caller.staff.status.value) == (member.id, Role.ADMIN, "active")
    assert system.audit.actions(firm.id)[0] == "staff.activated"
    refused(
        Unauthenticated, system.services.auth.accept_invitation, firm.slug, STAFF, token, "bruno password 2", ADDRESS
    )


def test_a_blocked_pending_access_cannot_accept_its_invitation(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    system.services.accesses.block(firm.actor, client.id)
    error = refused(
        Forbidden, system.services.auth.accept_invitation, firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS
    )
    assert error.code == "access_blocked"
    assert system.accesses.get(firm.id, client.id).status is AccessStatus.BLOCKED


# --- password reset ---------------------------------------------------------------------------------


def test_password_reset_answers_the_same_and_mails_only_a_known_address(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    known = system.services.auth.request_password_reset(firm.slug, CLIENT, client.emails[0].upper(), ADDRESS)
    unknown = system.services.auth.request_password_reset(firm.slug, CLIENT, "nobody@example.com", ADDRESS)
    assert known is None and unknown is None
    assert [n.kind for n in system.outbox.sent] == [NotificationKind.PASSWORD_RESET] * 2

    sent = len(system.mailer.sent)
    system.deliver_all()
    assert [m.to for m in system.mailer.sent[sent:]] == [[client.emails[0]]]


def test_password_reset_sets_a_new_password_and_ends_every_session(system: FakeSystem, firm: OpenFirm) -> None:
    client, before = invited_client(system, firm)
    system.services.auth.request_password_reset(firm.slug, CLIENT, client.emails[0], ADDRESS)
    token = system.last_token_to(client.emails[0])
    assert "https://silva.portal.test/#/reset/" in system.mailer.sent[-1].html

    after = system.services.auth.reset_password(firm.slug, CLIENT, token, "my reset password", ADDRESS)

    assert system.services.auth.authenticate(after.access_token).client_id == client.id
    refused(Unauthenticated, system.services.auth.authenticate, before.access_token)
    refused(Unauthenticated, system.services.auth.refresh, before.refresh_token)
    refused(Unauthenticated, sign_in_client, system, firm, client.emails[0])
    assert sign_in_client(system, firm, client.emails[0], "my reset password").access_token
    # The link is used up.
    refused(
        Unauthenticated, system.services.auth.reset_password, firm.slug, CLIENT, token, "yet another password", ADDRESS
    )
    assert system.audit.actions(firm.id)[0] == "password.reset"


def test_a_password_reset_link_expires_after_an_hour(system: FakeSystem, firm: OpenFirm) -> None:
    system.services.auth.request_password_reset(firm.slug, STAFF, firm.admin.email, ADDRESS)
    token = system.last_token_to(firm.admin.email)
    system.clock.advance(hours=1)
    refused(Expired, system.services.auth.reset_password, firm.slug, STAFF, token, "my reset password", ADDRESS)
    assert system.services.auth.sign_in(firm.slug, STAFF, firm.admin.email, FakeSystem.ADMIN_PASSWORD, ADDRESS)


def test_a_reset_link_is_refused_once_the_access_is_blocked(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    system.services.auth.request_password_reset(firm.slug, CLIENT, client.emails[0], ADDRESS)
    token = system.last_token_to(client.emails[0])
    system.services.accesses.block(firm.actor, client.id)
    assert (
        refused(
            Forbidden, system.services.auth.reset_password, firm.slug, CLIENT, token, "my reset password", ADDRESS
        ).code
        == "account_disabled"
    )


def test_an_invitation_token_does_not_reset_a_password(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    refused(
        Unauthenticated, system.services.auth.reset_password, firm.slug, CLIENT, token, "my reset password", ADDRESS
    )


# --- link access ------------------------------------------------------------------------------------


def test_a_link_session_is_read_only(system: FakeSystem, firm: OpenFirm) -> None:
    client, token = link_client(system, firm)
    tokens = system.services.auth.open_access_link(firm.slug, token, ADDRESS)
    assert tokens.refresh_token is None

    caller = system.services.auth.authenticate(tokens.access_token)
    assert caller.client_id == client.id and caller.claims.mode == "link" and caller.claims.read_only
    assert (
        refused(Forbidden, system.services.auth.change_password, caller, "x", "a brand new password").code
        == "read_only_session"
    )
    # The link may be opened again until it expires (from another device, say).
    assert system.services.auth.open_access_link(firm.slug, token, ADDRESS).access_token


def test_a_link_session_lasts_as_long_as_the_link() -> None:
    system = in_the_past(days=system_days(IdentityPolicy().access_link_ttl) + 1)
    firm = open_firm(system)
    client, token = link_client(system, firm)
    tokens = system.services.auth.open_access_link(firm.slug, token, ADDRESS)
    assert tokens.expires_at == system.clock.now() + system.policy.access_link_ttl
    # In real time, the link's week is over.
    assert refused(Unauthenticated, system.services.auth.authenticate, tokens.access_token).code == "session_expired"

    system.clock.advance(system.policy.access_link_ttl)
    refused(Expired, system.services.auth.open_access_link, firm.slug, token, ADDRESS)


def system_days(ttl: timedelta) -> float:
    return ttl / timedelta(days=1)


def test_a_client_asks_for_a_fresh_link_and_the_old_one_stops_working(system: FakeSystem, firm: OpenFirm) -> None:
    client, old = link_client(system, firm)
    system.services.auth.request_access_link(firm.slug, client.emails[0], ADDRESS)
    new = system.last_token_to(client.emails[0])

    refused(Unauthenticated, system.services.auth.open_access_link, firm.slug, old, ADDRESS)
    assert (
        system.services.auth.authenticate(
            system.services.auth.open_access_link(firm.slug, new, ADDRESS).access_token
        ).client_id
        == client.id
    )


def test_link_sessions_end_when_the_access_is_blocked_or_removed(system: FakeSystem, firm: OpenFirm) -> None:
    client, token = link_client(system, firm)
    session = system.services.auth.open_access_link(firm.slug, token, ADDRESS)

    system.services.accesses.block(firm.actor, client.id)
    assert refused(Forbidden, system.services.auth.authenticate, session.access_token).code == "access_blocked"
    assert refused(Forbidden, system.services.auth.open_access_link, firm.slug, token, ADDRESS).code == "access_blocked"

    system.services.accesses.unblock(firm.actor, client.id)
    assert system.services.auth.authenticate(session.access_token).client_id == client.id

    system.services.accesses.remove(firm.actor, client.id)
    assert refused(Forbidden, system.services.auth.authenticate, session.access_token).code == "access_removed"
    refused(Unauthenticated, system.services.auth.open_access_link, firm.slug, token, ADDRESS)


def test_an_account_access_gets_no_access_link(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    system.services.auth.request_access_link(firm.slug, client.emails[0], ADDRESS)
    sent = len(system.mailer.sent)
    assert system.deliver_all() == [] and len(system.mailer.sent) == sent


def test_link_sessions_are_refused_while_the_portal_is_off(system: FakeSystem, firm: OpenFirm) -> None:
    _, token = link_client(system, firm)
    settings = firm.firm.portal.model_dump() | {"enabled": False}
    system.services.firm.change_portal_settings(firm.actor, PortalSettingsChange(**settings, version=firm.firm.version))
    assert (
        refused(Forbidden, system.services.auth.open_access_link, firm.slug, token, ADDRESS).code == "portal_disabled"
    )


# --- simulation (F08) ---------------------------------------------------------------------------------


def test_simulation_is_read_only_audited_and_sees_the_client(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    admin = system.services.auth.authenticate(firm.admin_tokens.access_token)
    tokens = system.services.auth.simulate(admin, client.id)

    assert tokens.refresh_token is None
    assert tokens.expires_at == system.clock.now() + system.policy.simulation_ttl
    caller = system.services.auth.authenticate(tokens.access_token)
    assert caller.client_id == client.id and caller.staff is None
    assert (
        caller.claims.mode == "simulation" and caller.claims.read_only and caller.claims.simulated_by == firm.admin.id
    )
    entry = system.audit.entries(firm.id)[0]
    assert (entry.action, entry.actor_id, entry.actor_kind, entry.target) == (
        "access.simulated",
        firm.admin.id,
        "staff",
        f"client:{client.id}",
    )
    assert (
        refused(Forbidden, system.services.auth.change_password, caller, CLIENT_PASSWORD, "a brand new password").code
        == "read_only_session"
    )


def test_simulation_cannot_sign_the_client_out_everywhere(system: FakeSystem, firm: OpenFirm) -> None:
    client, own = invited_client(system, firm)
    admin = system.services.auth.authenticate(firm.admin_tokens.access_token)
    simulated = system.services.auth.authenticate(system.services.auth.simulate(admin, client.id).access_token)

    with pytest.raises(Forbidden):
        system.services.auth.sign_out(simulated, everywhere=True)
    system.services.auth.sign_out(simulated)  # leaving the simulation is fine
    # The client's own sessions go on.
    assert system.services.auth.authenticate(own.access_token).client_id == client.id
    assert system.services.auth.refresh(own.refresh_token).access_token


def test_staff_may_simulate_a_blocked_or_pending_client(system: FakeSystem, firm: OpenFirm) -> None:
    admin = system.services.auth.authenticate(firm.admin_tokens.access_token)
    pending = add_client(system, firm, "Paula Pendente")
    grant(system, firm, pending)
    blocked, _ = invited_client(system, firm, "Bruna Bloqueada")
    system.services.accesses.block(firm.actor, blocked.id)
    for client in (pending, blocked):
        caller = system.services.auth.authenticate(system.services.auth.simulate(admin, client.id).access_token)
        assert caller.client_id == client.id


def test_simulating_a_client_without_access_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    admin = system.services.auth.authenticate(firm.admin_tokens.access_token)
    client = add_client(system, firm)
    refused(NotFound, system.services.auth.simulate, admin, client.id)
    other = open_firm(system, slug="outra")
    other_client, _ = invited_client(system, other)
    refused(NotFound, system.services.auth.simulate, admin, other_client.id)


def test_a_simulation_expires() -> None:
    # The admin's own session lasts two days here, so it is still valid in real time.
    system = FakeSystem(
        clock=FakeClock(datetime.now(UTC) - timedelta(days=1)),
        policy=IdentityPolicy(access_token_ttl=timedelta(days=2)),
    )
    firm = open_firm(system)
    client, _ = invited_client(system, firm)
    admin = system.services.auth.authenticate(firm.admin_tokens.access_token)
    tokens = system.services.auth.simulate(admin, client.id)
    assert refused(Unauthenticated, system.services.auth.authenticate, tokens.access_token).code == "session_expired"


# --- removed, then granted again -----------------------------------------------------------------------


def test_sessions_from_before_a_removal_stay_dead_when_access_is_granted_again() -> None:
    """Removing an access is for good: granting it again (to a new e-mail, say) must not
    bring back the sessions of whoever held the old one."""
    system = FakeSystem(clock=FakeClock(datetime.now(UTC) - timedelta(minutes=1)))
    firm = open_firm(system)
    client, old = invited_client(system, firm)
    system.services.accesses.remove(firm.actor, client.id)
    system.clock.advance(seconds=5)

    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    new = system.services.auth.accept_invitation(firm.slug, CLIENT, token, "the new owner's password", ADDRESS)

    refused(Unauthenticated, system.services.auth.refresh, old.refresh_token)
    refused(Unauthenticated, system.services.auth.authenticate, old.access_token)
    assert system.services.auth.authenticate(new.access_token).client_id == client.id
    assert system.services.auth.refresh(new.refresh_token).access_token


# --- one-time links ---------------------------------------------------------------------------------------


def test_one_time_links_keep_only_a_hash_and_check_expiry() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    link, issued = OneTimeLink.issue("abc123", timedelta(hours=1), now)
    assert issued.secret_hash == hash_secret(link.secret) and link.secret not in issued.model_dump_json()
    assert OneTimeLink.parse(str(link)) == link

    from chalicelib.domain.identity import Credentials

    credentials = Credentials().with_link(LinkPurpose.PASSWORD_RESET, issued)
    credentials.check_link(LinkPurpose.PASSWORD_RESET, link.secret, now + timedelta(minutes=59))
    with pytest.raises(Expired):
        credentials.check_link(LinkPurpose.PASSWORD_RESET, link.secret, now + timedelta(hours=1))
    with pytest.raises(Unauthenticated):
        credentials.check_link(LinkPurpose.INVITATION, link.secret, now)
    with pytest.raises(Unauthenticated):
        credentials.check_link(LinkPurpose.PASSWORD_RESET, link.secret[:-1] + "x", now)
    assert LinkPurpose.PASSWORD_RESET not in credentials.without_link(LinkPurpose.PASSWORD_RESET).links


@pytest.mark.parametrize(
    "token",
    ["", ".", "abc.", ".secretsecretsecretsecretsecretsecret", "ABC." + "s" * 40, "a-b." + "s" * 40, "abc." + "s" * 31],
)
def test_one_time_link_parse_refuses_what_we_never_issue(token: str) -> None:
    with pytest.raises(Unauthenticated):
        OneTimeLink.parse(token)


def test_link_access_type_cannot_use_a_password_even_with_a_reset(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = link_client(system, firm)
    assert system.accesses.get(firm.id, client.id).type is AccessType.LINK
    system.services.auth.request_password_reset(firm.slug, CLIENT, client.emails[0], ADDRESS)
    sent = len(system.mailer.sent)
    assert system.deliver_all() == [] and len(system.mailer.sent) == sent


def test_the_default_limits_and_lifetimes_are_the_documented_ones() -> None:
    """docs/AUTH.md promises these; the HTTP tests lower some of them to stay quick."""
    policy = IdentityPolicy()
    assert (policy.sign_ins_per_account, policy.sign_ins_per_address, policy.rate_window_seconds) == (10, 100, 15 * 60)
    assert (policy.emails_per_account, policy.emails_per_address) == (5, 30)
    assert (policy.invitation_ttl, policy.password_reset_ttl, policy.access_link_ttl) == (
        timedelta(hours=72),
        timedelta(hours=1),
        timedelta(days=7),
    )
    assert (policy.access_token_ttl, policy.refresh_token_ttl) == (timedelta(minutes=15), timedelta(days=30))


# --- the portal switched off, and sign-in times ---------------------------------------------------------


def switch_portal_off(system: FakeSystem, firm: OpenFirm) -> None:
    current = system.firms.get(firm.id)
    assert current is not None
    settings = current.portal.model_dump() | {"enabled": False}
    system.services.firm.change_portal_settings(firm.actor, PortalSettingsChange(**settings, version=current.version))


def test_a_portal_switched_off_lets_no_client_in_by_any_door(system: FakeSystem, firm: OpenFirm) -> None:
    signed_in, tokens = invited_client(system, firm, "Rita Alves")
    pending = add_client(system, firm, "Caio Melo")
    invitation = system.last_token_to(grant(system, firm, pending).email)
    system.services.auth.request_password_reset(firm.slug, CLIENT, signed_in.emails[0], ADDRESS)
    system.deliver_all()
    reset = system.last_token_to(signed_in.emails[0])
    switch_portal_off(system, firm)

    assert tokens.refresh_token
    assert refused(Forbidden, system.services.auth.refresh, tokens.refresh_token).code == "portal_disabled"
    assert (
        refused(
            Forbidden, system.services.auth.accept_invitation, firm.slug, CLIENT, invitation, CLIENT_PASSWORD, ADDRESS
        ).code
        == "portal_disabled"
    )
    assert (
        refused(
            Forbidden, system.services.auth.reset_password, firm.slug, CLIENT, reset, "a new password 99", ADDRESS
        ).code
        == "portal_disabled"
    )
    # Staff still come and go.
    assert system.services.auth.refresh(firm.admin_tokens.refresh_token or "").access_token


def test_the_last_sign_in_is_noted_without_changing_the_access_version(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    before = system.accesses.get(firm.id, client.id)
    assert before is not None and before.last_sign_in_at is None
    sign_in_client(system, firm, client.emails[0])
    after = system.accesses.get(firm.id, client.id)
    assert after is not None and after.last_sign_in_at == system.clock.now() and after.version == before.version


def test_a_staff_request_about_a_client_reads_the_client_with_the_staff_member(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client = add_client(system, firm)
    other = open_firm(system, "outra")
    theirs = add_client(system, other, "Rui Dias")
    token = firm.admin_tokens.access_token

    assert system.services.auth.authenticate(token, client_id=client.id).client == client
    assert system.services.auth.authenticate(token, client_id=theirs.id).client is None  # another firm's
    assert system.services.auth.authenticate(token).client is None  # the route did not ask
    system.staff.delete(firm.admin, AuditEntry.record(firm.actor, "staff.removed", "staff:x", system.clock.now()))
    refused(Unauthenticated, system.services.auth.authenticate, token, client_id=client.id)
