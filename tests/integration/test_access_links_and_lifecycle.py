"""Link access end to end, resending invitations, removing access, and the staff side:
staff invitations, portal settings with a slug move, the audit log."""

from __future__ import annotations

from typing import Any

from tests.support.portal import Firm, PortalDriver


def open_link(portal: PortalDriver, firm: Firm, token: str) -> Any:
    return portal.call("POST", "/auth/client/link-session", body={"portal": firm.slug, "token": token})


def test_link_access_journey(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm, "Luiza Link")
    email = client["emails"][0]

    access = portal.grant(firm, client["id"], type="link", documents=False)
    assert access["status"] == "active" and access["type"] == "link"
    link = portal.link_in_last_mail(email)
    assert link.startswith(f"http://portal.test/p/{firm.slug}/#/link/")
    first_token = portal.token_of(link)

    session = open_link(portal, firm, first_token)
    assert session.status_code == 200 and session.json_body.get("refresh_token") is None
    token = session.json_body["access_token"]
    assert (
        portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)["invitation_expires_at"]
        == session.json_body["expires_at"]
    )

    # Reading works...
    me = portal.ok("GET", "/me", token)
    assert (me["id"], me["read_only"], me["profile"]["documents"]) == (client["id"], True, False)
    assert portal.ok("GET", "/portal/matters", token)["items"] == []
    # ...writing does not.
    refused = portal.call(
        "POST", "/auth/password", token, {"current_password": "x", "new_password": "a long new password"}
    )
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "read_only_session"
    # Nor can a link client sign in with a password they do not have.
    assert (
        portal.call(
            "POST", "/auth/client/sign-in", body={"portal": firm.slug, "email": email, "password": "anything at all"}
        ).status_code
        == 401
    )

    # The client asks for a fresh link: the old one stops working, the new one works.
    portal.ok("POST", "/auth/client/access-link", body={"portal": firm.slug, "email": email}, status=202)
    second_token = portal.token_of(portal.link_in_last_mail(email))
    assert second_token != first_token
    assert open_link(portal, firm, first_token).status_code == 401
    fresh = open_link(portal, firm, second_token)
    assert fresh.status_code == 200 and portal.ok("GET", "/me", fresh.json_body["access_token"])["id"] == client["id"]


def test_an_account_client_cannot_open_a_link_session_nor_get_a_link(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, _ = portal.invited_client(firm)
    email = client["emails"][0]
    mails = len(portal.mails_to(email))
    portal.ok("POST", "/auth/client/access-link", body={"portal": firm.slug, "email": email}, status=202)
    assert len(portal.mails_to(email)) == mails


def test_resend_invalidates_the_previous_invitation(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm)
    email = client["emails"][0]
    portal.grant(firm, client["id"])
    first = portal.token_of(portal.link_in_last_mail(email))

    resent = portal.ok("POST", f"/clients/{client['id']}/access/resend", firm.admin_token)
    assert resent["status"] == "pending"
    second = portal.token_of(portal.link_in_last_mail(email))
    assert len(portal.mails_to(email)) == 2 and second != first

    assert portal.call("POST", "/auth/client/invitation", body={"portal": firm.slug, "token": first}).status_code == 401
    accepted = portal.ok(
        "POST",
        "/auth/client/invitation/accept",
        body={"portal": firm.slug, "token": second, "password": "a long client password"},
    )
    assert portal.ok("GET", "/me", accepted["access_token"])["id"] == client["id"]

    # Nothing to resend once the client has a password.
    again = portal.call("POST", f"/clients/{client['id']}/access/resend", firm.admin_token)
    assert again.status_code == 409 and again.json_body["error"]["code"] == "access_not_pending"


def test_removing_access_refuses_the_next_request(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, session = portal.invited_client_session(firm)
    email = client["emails"][0]
    assert portal.ok("GET", "/me", session["access_token"])["id"] == client["id"]

    assert portal.call("DELETE", f"/clients/{client['id']}/access", firm.admin_token).status_code == 204

    refused = portal.call("GET", "/me", session["access_token"])
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "access_removed"
    assert portal.call("POST", "/auth/refresh", body={"refresh_token": session["refresh_token"]}).status_code == 401
    assert (
        portal.call(
            "POST",
            "/auth/client/sign-in",
            body={"portal": firm.slug, "email": email, "password": "a long client password"},
        ).status_code
        == 401
    )
    kept = portal.ok("GET", f"/clients/{client['id']}", firm.admin_token)
    assert kept["access"] is None and kept["name"] == client["name"]
    assert portal.ok("GET", "/audit", firm.admin_token)["items"][0]["action"] == "access.removed"


def test_access_granted_again_does_not_revive_old_sessions(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, old = portal.invited_client_session(firm)
    portal.call("DELETE", f"/clients/{client['id']}/access", firm.admin_token)
    import time

    time.sleep(1.1)  # token times are whole seconds
    portal.grant(firm, client["id"])
    token = portal.token_of(portal.link_in_last_mail(client["emails"][0]))
    new = portal.ok(
        "POST",
        "/auth/client/invitation/accept",
        body={"portal": firm.slug, "token": token, "password": "the new password 1"},
    )

    assert portal.call("POST", "/auth/refresh", body={"refresh_token": old["refresh_token"]}).status_code == 401
    assert portal.call("GET", "/me", old["access_token"]).status_code == 401
    assert portal.ok("GET", "/me", new["access_token"])["id"] == client["id"]


def test_a_blocked_link_client_gets_no_link_and_its_session_ends(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm)
    email = client["emails"][0]
    portal.grant(firm, client["id"], type="link")
    token = portal.token_of(portal.link_in_last_mail(email))
    session = open_link(portal, firm, token).json_body["access_token"]

    portal.ok("POST", f"/clients/{client['id']}/access/block", firm.admin_token)
    assert portal.call("GET", "/me", session).json_body["error"]["code"] == "access_blocked"
    assert open_link(portal, firm, token).json_body["error"]["code"] == "access_blocked"
    mails = len(portal.mails_to(email))
    portal.ok("POST", "/auth/client/access-link", body={"portal": firm.slug, "email": email}, status=202)
    assert len(portal.mails_to(email)) == mails
    resend = portal.call("POST", f"/clients/{client['id']}/access/resend", firm.admin_token)
    assert resend.status_code == 409

    unblocked = portal.ok("POST", f"/clients/{client['id']}/access/unblock", firm.admin_token)
    assert unblocked["status"] == "active"
    assert portal.ok("GET", "/me", session)["id"] == client["id"]


def test_simulation_sees_the_client_read_only_and_is_audited(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, _ = portal.invited_client(firm, tasks=True)
    simulation = portal.ok("POST", f"/clients/{client['id']}/access/simulation", firm.admin_token)
    me = portal.ok("GET", "/me", simulation["access_token"])
    assert (me["kind"], me["id"], me["read_only"], me["profile"]["tasks"]) == ("client", client["id"], True, True)
    assert me["simulated_by"]
    assert (
        portal.call(
            "POST",
            "/auth/password",
            simulation["access_token"],
            {"current_password": "x", "new_password": "a long new password"},
        ).status_code
        == 403
    )
    # A simulation token is the client's view, not staff's.
    assert portal.call("GET", "/clients", simulation["access_token"]).status_code == 403
    entry = portal.ok("GET", "/audit", firm.admin_token)["items"][0]
    assert (entry["action"], entry["target"], entry["actor_kind"]) == (
        "access.simulated",
        f"client:{client['id']}",
        "staff",
    )


# --- the staff side ------------------------------------------------------------------------------------


def test_staff_invitation_journey_into_the_admin_side(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    email = f"bruno@{firm.slug}.example.com"
    member = portal.ok("POST", "/staff", firm.admin_token, {"email": email, "name": "Bruno Lima"})
    assert (member["status"], member["role"]) == ("invited", "staff")
    assert (
        portal.call("POST", "/staff", firm.admin_token, {"email": email.upper(), "name": "Bruno 2"}).status_code == 409
    )

    link = portal.link_in_last_mail(email)
    assert link.startswith(f"http://admin.test/#/invite/{firm.slug}/")
    token = portal.token_of(link)
    details = portal.ok("POST", "/auth/staff/invitation", body={"portal": firm.slug, "token": token})
    assert (details["email"], details["kind"]) == (email, "staff")
    # A staff invitation is no client invitation.
    assert portal.call("POST", "/auth/client/invitation", body={"portal": firm.slug, "token": token}).status_code == 401

    session = portal.ok(
        "POST",
        "/auth/staff/invitation/accept",
        body={"portal": firm.slug, "token": token, "password": "bruno's long password"},
    )
    bruno = session["access_token"]
    assert portal.ok("GET", "/me", bruno)["role"] == "staff"
    assert portal.ok("GET", "/firm", bruno)["id"] == firm.id
    assert portal.ok("GET", "/clients", bruno)["items"] == []
    assert [m["status"] for m in portal.ok("GET", "/staff", bruno)["items"] if m["id"] == member["id"]] == ["active"]
    assert portal.call("GET", "/audit", bruno).status_code == 403
    assert portal.call("PUT", "/firm/portal-settings", bruno, {}).status_code in (403, 422)

    # Promoted, Bruno is an admin on his very next request, with the same token.
    [current] = [m for m in portal.ok("GET", "/staff", firm.admin_token)["items"] if m["id"] == member["id"]]
    portal.ok(
        "PUT",
        f"/staff/{member['id']}",
        firm.admin_token,
        {"name": "Bruno Lima", "role": "admin", "version": current["version"]},
    )
    assert portal.ok("GET", "/audit", bruno)["items"][0]["action"] == "staff.changed"
    # And signs in with his password from now on.
    assert portal.sign_in("staff", firm.slug, email, "bruno's long password")


def test_the_last_admin_stays_and_nobody_removes_themselves(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    me = portal.ok("GET", "/me", firm.admin_token)
    [admin] = [m for m in portal.ok("GET", "/staff", firm.admin_token)["items"] if m["id"] == me["id"]]
    demote = portal.call(
        "PUT",
        f"/staff/{admin['id']}",
        firm.admin_token,
        {"name": admin["name"], "role": "staff", "version": admin["version"]},
    )
    assert demote.status_code == 409 and demote.json_body["error"]["code"] == "last_admin"
    remove = portal.call("DELETE", f"/staff/{admin['id']}", firm.admin_token)
    assert remove.status_code == 403 and remove.json_body["error"]["code"] == "cannot_remove_self"

    member, token = portal.staff_member(firm)
    assert portal.call("DELETE", f"/staff/{member['id']}", firm.admin_token).status_code == 204
    assert portal.call("GET", "/firm", token).status_code == 401


def test_portal_settings_slug_move_and_version_conflict(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    view = portal.ok("GET", "/firm", firm.admin_token)
    settings = {k: v for k, v in view["portal"].items() if v is not None}
    new_slug = f"{firm.slug}-adv"

    changed = portal.ok(
        "PUT",
        "/firm/portal-settings",
        firm.admin_token,
        {**settings, "slug": new_slug, "primary_color": "#123456", "version": view["version"]},
    )
    assert changed["version"] == view["version"] + 1 and changed["portal"]["slug"] == new_slug

    assert portal.call("GET", f"/portals/{firm.slug}").status_code == 404
    branding = portal.ok("GET", f"/portals/{new_slug}")
    assert (branding["slug"], branding["primary_color"]) == (new_slug, "#123456")
    assert (
        portal.call(
            "POST",
            "/auth/staff/sign-in",
            body={"portal": firm.slug, "email": firm.admin_email, "password": "correct horse battery staple"},
        ).status_code
        == 404
    )
    assert portal.sign_in("staff", new_slug, firm.admin_email, "correct horse battery staple")
    # Links e-mailed from now on carry the new address.
    client = portal.add_client(firm)
    portal.grant(firm, client["id"])
    assert portal.link_in_last_mail(client["emails"][0]).startswith(f"http://portal.test/p/{new_slug}/#/invite/")

    stale = portal.call(
        "PUT", "/firm/portal-settings", firm.admin_token, {**settings, "slug": firm.slug, "version": view["version"]}
    )
    assert stale.status_code == 409
    assert portal.ok("GET", "/firm", firm.admin_token)["portal"]["slug"] == new_slug
    assert portal.call("GET", f"/portals/{firm.slug}").status_code == 404
    entry = portal.ok("GET", "/audit", firm.admin_token)["items"]
    assert [e for e in entry if e["action"] == "portal.settings_changed"][0]["details"]["fields"] == [
        "primary_color",
        "slug",
    ]


def test_audit_log_pages_newest_first(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    created = [portal.add_client(firm, f"Cliente {i:02}") for i in range(11)]
    portal.ok("POST", f"/clients/{created[0]['id']}/access", firm.admin_token, {"type": "link"}, status=201)

    entries: list[dict[str, Any]] = []
    cursor = None
    pages = 0
    while True:
        page = portal.ok("GET", "/audit?limit=4" + (f"&cursor={cursor}" if cursor else ""), firm.admin_token)
        assert len(page["items"]) <= 4
        entries += page["items"]
        pages += 1
        cursor = page.get("next_cursor")
        if not cursor:
            break
    assert len(entries) == 12 and pages == 3
    assert len({e["id"] for e in entries}) == 12
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)
    assert entries[0]["action"] == "access.granted"
    assert sorted(e["target"] for e in entries if e["action"] == "client.created") == sorted(
        f"client:{c['id']}" for c in created
    )
    assert all(e["firm_id"] == firm.id for e in entries)
    # Another firm's log is its own.
    other = portal.open_firm("Outra")
    assert portal.ok("GET", "/audit", other.admin_token)["items"] == []
