"""Sessions over HTTP: refresh rotation and reuse, sign-out, password change and reset,
forgot-password that tells nothing, and rate limits with Retry-After."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from chalicelib.domain.auth import IdentityPolicy
from tests.support.portal import Firm, PortalDriver, source_address

PASSWORD = "a long client password"


def sign_in_pair(portal: PortalDriver, firm: Firm, email: str, password: str = PASSWORD, kind: str = "client") -> Any:
    return portal.call(
        "POST", f"/auth/{kind}/sign-in", body={"portal": firm.slug, "email": email, "password": password}
    )


def refresh(portal: PortalDriver, refresh_token: str) -> Any:
    return portal.call("POST", "/auth/refresh", body={"refresh_token": refresh_token})


def assert_refused(response: Any, status: int = 401) -> None:
    assert response.status_code == status, (response.status_code, response.body[:300])


# --- refresh tokens -----------------------------------------------------------------------------


def test_refresh_rotates_and_an_old_refresh_token_ends_the_session(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, first = portal.invited_client_session(firm)

    second = portal.ok("POST", "/auth/refresh", body={"refresh_token": first["refresh_token"]})
    assert second["refresh_token"] != first["refresh_token"] and second["token_type"] == "Bearer"
    assert portal.ok("GET", "/me", second["access_token"])["id"] == client["id"]
    third = portal.ok("POST", "/auth/refresh", body={"refresh_token": second["refresh_token"]})

    # The first token again: someone holds a copy. The whole session ends.
    assert_refused(refresh(portal, first["refresh_token"]))
    assert_refused(refresh(portal, third["refresh_token"]))
    # Another session of the same client is not affected.
    other = sign_in_pair(portal, firm, client["emails"][0]).json_body
    assert portal.ok("POST", "/auth/refresh", body={"refresh_token": other["refresh_token"]})["access_token"]


def test_a_refresh_token_of_another_firm_or_made_up_is_refused(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, pair = portal.invited_client_session(firm)
    firm_id, session_id, secret = pair["refresh_token"].split(".")
    other = portal.open_firm("Outra")
    for token in (f"{other.id}.{session_id}.{secret}", f"{firm_id}.{session_id}.{'x' * len(secret)}", "garbage-token"):
        assert_refused(refresh(portal, token))


# --- signing out ------------------------------------------------------------------------------------


def test_sign_out_ends_this_session(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, phone = portal.invited_client_session(firm)
    web = sign_in_pair(portal, firm, client["emails"][0]).json_body

    response = portal.call("POST", "/auth/sign-out", web["access_token"], {})
    assert response.status_code == 204
    assert_refused(refresh(portal, web["refresh_token"]))
    # The phone's session goes on.
    assert portal.ok("POST", "/auth/refresh", body={"refresh_token": phone["refresh_token"]})["access_token"]


def test_sign_out_everywhere_ends_every_session_at_once(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, phone = portal.invited_client_session(firm)
    web = sign_in_pair(portal, firm, client["emails"][0]).json_body

    assert portal.call("POST", "/auth/sign-out", web["access_token"], {"everywhere": True}).status_code == 204
    for pair in (phone, web):
        assert_refused(portal.call("GET", "/me", pair["access_token"]))
        assert_refused(refresh(portal, pair["refresh_token"]))
    again = sign_in_pair(portal, firm, client["emails"][0])
    assert again.status_code == 200 and portal.ok("GET", "/me", again.json_body["access_token"])["id"] == client["id"]


def test_a_simulation_cannot_sign_the_client_out_everywhere(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, own = portal.invited_client_session(firm)
    simulation = portal.ok("POST", f"/clients/{client['id']}/access/simulation", firm.admin_token)

    refused = portal.call("POST", "/auth/sign-out", simulation["access_token"], {"everywhere": True})
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "read_only_session"
    assert portal.ok("GET", "/me", own["access_token"])["id"] == client["id"]
    assert portal.ok("POST", "/auth/refresh", body={"refresh_token": own["refresh_token"]})["access_token"]


# --- changing the password -----------------------------------------------------------------------------


def test_change_password(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, phone = portal.invited_client_session(firm)
    email = client["emails"][0]

    wrong = portal.call(
        "POST",
        "/auth/password",
        phone["access_token"],
        {"current_password": "not it", "new_password": "my brand new password"},
    )
    assert wrong.status_code == 401 and wrong.json_body["error"]["code"] == "invalid_credentials"
    assert portal.ok("GET", "/me", phone["access_token"])["id"] == client["id"]  # nothing changed

    fresh = portal.ok(
        "POST",
        "/auth/password",
        phone["access_token"],
        {"current_password": PASSWORD, "new_password": "my brand new password"},
    )
    assert portal.ok("GET", "/me", fresh["access_token"])["id"] == client["id"]
    assert_refused(portal.call("GET", "/me", phone["access_token"]))
    assert_refused(refresh(portal, phone["refresh_token"]))
    assert_refused(sign_in_pair(portal, firm, email))
    assert sign_in_pair(portal, firm, email, "my brand new password").status_code == 200
    assert portal.ok("GET", "/audit", firm.admin_token)["items"][0]["action"] == "password.changed"


def test_staff_change_their_password_too(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    fresh = portal.ok(
        "POST",
        "/auth/password",
        firm.admin_token,
        {"current_password": "correct horse battery staple", "new_password": "an even better passphrase"},
    )
    assert_refused(portal.call("GET", "/firm", firm.admin_token))
    assert portal.ok("GET", "/firm", fresh["access_token"])["id"] == firm.id
    assert sign_in_pair(portal, firm, firm.admin_email, "an even better passphrase", kind="staff").status_code == 200


# --- forgot password and reset ---------------------------------------------------------------------------


def test_forgot_password_answers_alike_for_known_and_unknown_addresses(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, _ = portal.invited_client_session(firm)
    known, unknown = client["emails"][0], f"nobody.{firm.slug}@client.example.com"
    mails_before = len(portal.mails_to(known))

    answers = [
        portal.call("POST", "/auth/client/forgot-password", body={"portal": firm.slug, "email": email})
        for email in (known, unknown)
    ]

    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].json_body == answers[1].json_body
    assert answers[0].body == answers[1].body
    assert len(portal.mails_to(known)) == mails_before + 1
    assert portal.mails_to(unknown) == []
    # Staff forgot-password behaves the same.
    staff_answers = [
        portal.call("POST", "/auth/staff/forgot-password", body={"portal": firm.slug, "email": email})
        for email in (firm.admin_email, unknown)
    ]
    assert [a.status_code for a in staff_answers] == [202, 202] and staff_answers[0].body == staff_answers[1].body


def test_password_reset_end_to_end(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, before = portal.invited_client_session(firm)
    email = client["emails"][0]

    portal.ok("POST", "/auth/client/forgot-password", body={"portal": firm.slug, "email": email.upper()}, status=202)
    link = portal.link_in_last_mail(email)
    assert link.startswith(f"http://portal.test/p/{firm.slug}/#/reset/")
    token = portal.token_of(link)

    after = portal.ok(
        "POST",
        "/auth/client/reset-password",
        body={"portal": firm.slug, "token": token, "new_password": "my reset password 1"},
    )

    assert portal.ok("GET", "/me", after["access_token"])["id"] == client["id"]
    assert_refused(portal.call("GET", "/me", before["access_token"]))
    assert_refused(refresh(portal, before["refresh_token"]))
    assert_refused(sign_in_pair(portal, firm, email))
    assert sign_in_pair(portal, firm, email, "my reset password 1").status_code == 200
    # The link worked once.
    assert_refused(
        portal.call(
            "POST",
            "/auth/client/reset-password",
            body={"portal": firm.slug, "token": token, "new_password": "another password 22"},
        )
    )


def test_staff_password_reset_links_to_the_admin_app(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    portal.ok("POST", "/auth/staff/forgot-password", body={"portal": firm.slug, "email": firm.admin_email}, status=202)
    link = portal.link_in_last_mail(firm.admin_email)
    assert link.startswith(f"http://admin.test/#/reset/{firm.slug}/")
    after = portal.ok(
        "POST",
        "/auth/staff/reset-password",
        body={"portal": firm.slug, "token": portal.token_of(link), "new_password": "a brand new passphrase"},
    )
    assert portal.ok("GET", "/firm", after["access_token"])["id"] == firm.id
    assert_refused(portal.call("GET", "/firm", firm.admin_token))


# --- rate limits ------------------------------------------------------------------------------------------


def assert_rate_limited(response: Any, window_seconds: int) -> None:
    assert response.status_code == 429, (response.status_code, response.body[:300])
    assert response.json_body["error"]["code"] == "rate_limited"
    assert 0 < int(response.headers["Retry-After"]) <= window_seconds


def test_sign_in_is_limited_per_account(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, _ = portal.invited_client_session(firm)
    email = client["emails"][0]
    for _ in range(10):
        assert_refused(sign_in_pair(portal, firm, email, "wrong password"))
    # Even the right password now waits, from anywhere.
    with source_address():
        assert_rate_limited(sign_in_pair(portal, firm, email), 15 * 60)
    # Other accounts from this address are not affected.
    assert sign_in_pair(portal, firm, firm.admin_email, "correct horse battery staple", kind="staff").status_code == 200


@pytest.fixture
def tight_limits(monkeypatch: pytest.MonkeyPatch) -> IdentityPolicy:
    """Smaller per-address allowances, so a test need not send a hundred requests (at ~50 ms
    each against moto) to reach one; the unit tests hold the real numbers."""
    from chalicelib.bootstrap import services

    auth = services().auth
    policy = replace(auth.policy, sign_ins_per_address=5, emails_per_address=3)
    # The wired service is cached on the composition: swap it for one with the tighter policy.
    monkeypatch.setitem(vars(services()), "auth", replace(auth, policy=policy))
    return policy


def test_sign_in_is_limited_per_address(portal: PortalDriver, tight_limits: IdentityPolicy) -> None:
    firm = portal.open_firm()
    with source_address():
        for i in range(tight_limits.sign_ins_per_address):
            assert_refused(sign_in_pair(portal, firm, f"guess{i}@example.com", "x"))
        assert_rate_limited(
            sign_in_pair(portal, firm, firm.admin_email, "correct horse battery staple", kind="staff"), 15 * 60
        )
    # From another address the same person signs in.
    assert sign_in_pair(portal, firm, firm.admin_email, "correct horse battery staple", kind="staff").status_code == 200


def test_emailed_links_are_limited_per_account(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    email = f"maybe.{firm.slug}@client.example.com"  # known or not, it is counted alike
    for _ in range(5):
        portal.ok("POST", "/auth/client/forgot-password", body={"portal": firm.slug, "email": email}, status=202)
    with source_address():
        assert_rate_limited(
            portal.call("POST", "/auth/client/forgot-password", body={"portal": firm.slug, "email": email.upper()}),
            3600,
        )
        assert_rate_limited(
            portal.call("POST", "/auth/client/access-link", body={"portal": firm.slug, "email": email}), 3600
        )
    # Another address of the same person's firm is not affected.
    portal.ok("POST", "/auth/client/forgot-password", body={"portal": firm.slug, "email": f"other.{email}"}, status=202)


def test_emailed_links_are_limited_per_address(portal: PortalDriver, tight_limits: IdentityPolicy) -> None:
    firm = portal.open_firm()
    with source_address():
        for i in range(tight_limits.emails_per_address):
            portal.ok(
                "POST",
                "/auth/client/forgot-password",
                body={"portal": firm.slug, "email": f"someone{i}@example.com"},
                status=202,
            )
        assert_rate_limited(
            portal.call("POST", "/auth/client/access-link", body={"portal": firm.slug, "email": "else@example.com"}),
            3600,
        )
    portal.ok("POST", "/auth/client/access-link", body={"portal": firm.slug, "email": "else@example.com"}, status=202)
