"""The foundation's journey, through the HTTP API against moto: an admin grants a client
account access, the client accepts the e-mailed invitation, signs in, and is refused on
the very next request once blocked."""

from __future__ import annotations

from tests.support.portal import PortalDriver


def test_invited_client_signs_in_until_blocked(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm, "Maria Souza")
    email = client["emails"][0]

    access = portal.grant(firm, client["id"], tasks=True)
    assert access["status"] == "pending"

    link = portal.link_in_last_mail(email)
    assert link.startswith(f"http://portal.test/p/{firm.slug}/#/invite/")
    token = portal.token_of(link)

    # Looking at the invitation (what the page does on GET) does not use it up.
    for _ in range(2):
        details = portal.ok("POST", "/auth/client/invitation", body={"portal": firm.slug, "token": token})
        assert details["email"] == email

    session = portal.ok(
        "POST",
        "/auth/client/invitation/accept",
        body={"portal": firm.slug, "token": token, "password": "my new password 1"},
    )
    assert portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)["status"] == "active"

    # The invitation is single-use.
    again = portal.call(
        "POST",
        "/auth/client/invitation/accept",
        body={"portal": firm.slug, "token": token, "password": "another password 2"},
    )
    assert again.status_code == 401

    signed_in = portal.sign_in("client", firm.slug, email, "my new password 1")
    me = portal.ok("GET", "/me", signed_in)
    assert me["kind"] == "client" and me["name"] == "Maria Souza" and me["profile"]["tasks"] is True
    assert portal.ok("GET", "/me", session["access_token"])["id"] == client["id"]

    portal.ok("POST", f"/clients/{client['id']}/access/block", firm.admin_token)
    refused = portal.call("GET", "/me", signed_in)
    assert refused.status_code == 403
    assert refused.json_body["error"]["code"] == "access_blocked"
    assert (
        portal.call(
            "POST", "/auth/client/sign-in", body={"portal": firm.slug, "email": email, "password": "my new password 1"}
        ).status_code
        == 403
    )

    portal.ok("POST", f"/clients/{client['id']}/access/unblock", firm.admin_token)
    assert portal.ok("GET", "/me", signed_in)["id"] == client["id"]

    actions = [e["action"] for e in portal.ok("GET", "/audit", firm.admin_token)["items"]]
    assert actions[:5] == ["access.unblocked", "access.blocked", "access.activated", "access.granted", "client.created"]
