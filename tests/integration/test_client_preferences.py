"""A client picks the portal's language, and the firm's e-mails follow it; staff learn
where their portal lives."""

from __future__ import annotations

from tests.support.portal import PortalDriver


def test_the_client_language_choice_is_kept_and_used_for_e_mails(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    assert portal.ok("PUT", "/me/language", token, {"language": "es"})["language"] == "es"
    assert portal.ok("GET", f"/clients/{client['id']}", firm.admin_token)["language"] == "es"
    assert portal.call("PUT", "/me/language", token, {"language": "fr"}).status_code == 422
    assert portal.call("PUT", "/me/language", firm.admin_token, {"language": "es"}).status_code == 403
    simulation = portal.ok("POST", f"/clients/{client['id']}/access/simulation", firm.admin_token)["access_token"]
    assert portal.call("PUT", "/me/language", simulation, {"language": "en"}).status_code == 403

    portal.ok(
        "POST", "/auth/client/forgot-password", body={"portal": firm.slug, "email": client["emails"][0]}, status=202
    )
    assert "Restablecer" in portal.mails_to(client["emails"][0])[-1]["subject"]


def test_staff_see_where_the_portal_lives(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    assert portal.ok("GET", "/firm", firm.admin_token)["portal_url"] == f"http://portal.test/p/{firm.slug}/"
