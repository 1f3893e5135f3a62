"""Two people editing the same thing: the second write, made on a stale version, gets 409
and changes nothing. A refused request leaves nothing half-written behind."""

from __future__ import annotations

from typing import Any

import boto3

from tests.support.portal import Firm, PortalDriver


def settings_of(portal: PortalDriver, firm: Firm) -> dict[str, Any]:
    view = portal.ok("GET", "/firm", firm.admin_token)
    return {**{k: v for k, v in view["portal"].items() if v is not None}, "version": view["version"]}


def directory_item(stack: Any, firm: Firm, sort_key: str) -> dict[str, Any] | None:
    return (
        boto3.client("dynamodb")
        .get_item(
            TableName=stack.environment["PORTAL_DIRECTORY_TABLE"],
            Key={"pk": {"S": f"FIRM#{firm.id}"}, "sk": {"S": sort_key}},
            ConsistentRead=True,
        )
        .get("Item")
    )


def test_two_staff_editing_one_client(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, colleague = portal.staff_member(firm)
    client = portal.add_client(firm, "Maria Souza")
    mine = portal.ok("GET", f"/clients/{client['id']}", firm.admin_token)
    theirs = portal.ok("GET", f"/clients/{client['id']}", colleague)
    assert mine["version"] == theirs["version"] == 1

    first = portal.ok(
        "PUT",
        f"/clients/{client['id']}",
        firm.admin_token,
        {"name": "Maria Souza Lima", "emails": mine["emails"], "version": 1},
    )
    assert first["version"] == 2
    second = portal.call(
        "PUT",
        f"/clients/{client['id']}",
        colleague,
        {"name": "Maria S.", "emails": theirs["emails"], "phone": "+55 11 4000-0000", "version": 1},
    )
    assert second.status_code == 409 and second.json_body["error"]["code"] == "stale_version"

    stored = portal.ok("GET", f"/clients/{client['id']}", colleague)
    assert (stored["name"], stored["phone"], stored["version"]) == ("Maria Souza Lima", None, 2)
    # Reloaded, the colleague's edit goes through.
    assert (
        portal.ok(
            "PUT", f"/clients/{client['id']}", colleague, {"name": "Maria S.", "emails": stored["emails"], "version": 2}
        )["version"]
        == 3
    )


def test_two_admins_changing_one_access_profile(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, other_admin = portal.staff_member(firm, "Bruno Admin", role="admin")
    client = portal.add_client(firm)
    version = portal.grant(firm, client["id"])["version"]

    portal.ok(
        "PUT",
        f"/clients/{client['id']}/access/profile",
        firm.admin_token,
        {"profile": {"tasks": True}, "version": version},
    )
    late = portal.call(
        "PUT",
        f"/clients/{client['id']}/access/profile",
        other_admin,
        {"profile": {"documents": False}, "version": version},
    )
    assert late.status_code == 409 and late.json_body["error"]["code"] == "stale_version"
    profile = portal.ok("GET", f"/clients/{client['id']}/access", other_admin)["profile"]
    assert profile["tasks"] is True and profile["documents"] is True


def test_two_admins_changing_the_portal_settings(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, other_admin = portal.staff_member(firm, "Bruno Admin", role="admin")
    mine, theirs = settings_of(portal, firm), settings_of(portal, firm)

    portal.ok("PUT", "/firm/portal-settings", firm.admin_token, {**mine, "display_name": "Silva & Souza"})
    late = portal.call("PUT", "/firm/portal-settings", other_admin, {**theirs, "primary_color": "#000000"})
    assert late.status_code == 409
    portal_now = portal.ok("GET", "/firm", other_admin)["portal"]
    assert (portal_now["display_name"], portal_now["primary_color"]) == ("Silva & Souza", mine["primary_color"])


def test_two_admins_changing_one_staff_member(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, other_admin = portal.staff_member(firm, "Bruno Admin", role="admin")
    invited, _ = portal.staff_member(firm, "Carla Lima")
    [member] = [
        m for m in portal.ok("GET", "/staff", firm.admin_token)["items"] if m["id"] == invited["id"]
    ]  # as both admins read it

    portal.ok(
        "PUT",
        f"/staff/{member['id']}",
        firm.admin_token,
        {"name": "Carla Lima Souza", "role": "staff", "version": member["version"]},
    )
    late = portal.call(
        "PUT", f"/staff/{member['id']}", other_admin, {"name": "Carla", "role": "admin", "version": member["version"]}
    )
    assert late.status_code == 409
    [stored] = [m for m in portal.ok("GET", "/staff", other_admin)["items"] if m["id"] == member["id"]]
    assert (stored["name"], stored["role"]) == ("Carla Lima Souza", "staff")


def test_a_grant_refused_for_an_email_in_use_leaves_nothing_behind(portal: PortalDriver, stack: Any) -> None:
    firm = portal.open_firm()
    shared = "family@client.example.com"
    first = portal.add_client(firm, "Maria Souza", shared)
    portal.grant(firm, first["id"])
    second = portal.add_client(firm, "Mario Souza", shared)
    assert len(portal.mails_to(shared)) == 1
    audit_before = portal.ok("GET", "/audit?limit=100", firm.admin_token)["items"]

    refused = portal.call("POST", f"/clients/{second['id']}/access", firm.admin_token, {"type": "account"})

    assert refused.status_code == 409 and refused.json_body["error"]["code"] == "conflict"
    assert portal.call("GET", f"/clients/{second['id']}/access", firm.admin_token).status_code == 404
    assert directory_item(stack, firm, f"ACCESS#{second['id']}") is None
    login = directory_item(stack, firm, f"LOGIN#client#{shared}")
    assert login is not None and login["principal_id"]["S"] == first["id"]  # still the first client's
    assert portal.ok("GET", "/audit?limit=100", firm.admin_token)["items"] == audit_before
    stored = portal.ok("GET", f"/clients/{second['id']}", firm.admin_token)
    assert stored["access"] is None and stored["version"] == second["version"]
    [listed] = [c for c in portal.ok("GET", "/clients?q=mario", firm.admin_token)["items"] if c["id"] == second["id"]]
    assert listed["access"] is None
    assert len(portal.mails_to(shared)) == 1  # no invitation went out
    # The first client's access is untouched.
    assert portal.ok("GET", f"/clients/{first['id']}/access", firm.admin_token)["status"] == "pending"


def test_a_slug_taken_by_another_firm_is_refused_and_nothing_moves(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    other = portal.open_firm("Outra Sociedade")
    before = settings_of(portal, firm)
    audit_before = portal.ok("GET", "/audit", firm.admin_token)["items"]

    refused = portal.call(
        "PUT", "/firm/portal-settings", firm.admin_token, {**before, "slug": other.slug, "display_name": "Renamed"}
    )

    assert refused.status_code == 409
    assert settings_of(portal, firm) == before
    assert portal.ok("GET", f"/portals/{firm.slug}")["display_name"] == before["display_name"]
    assert portal.ok("GET", f"/portals/{other.slug}")["display_name"] == "Outra Sociedade"
    assert portal.ok("GET", "/audit", firm.admin_token)["items"] == audit_before


def test_a_client_update_refused_as_stale_keeps_the_search_entries(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm, "Maria Souza", "maria.souza@client.example.com")
    portal.ok(
        "PUT",
        f"/clients/{client['id']}",
        firm.admin_token,
        {"name": "Maria Souza", "emails": client["emails"], "phone": "+55 11 4000-0000", "version": 1},
    )
    refused = portal.call(
        "PUT",
        f"/clients/{client['id']}",
        firm.admin_token,
        {"name": "Joana Lima", "emails": ["joana@example.com"], "version": 1},
    )
    assert refused.status_code == 409
    assert [c["id"] for c in portal.ok("GET", "/clients?q=souza", firm.admin_token)["items"]] == [client["id"]]
    assert [c["id"] for c in portal.ok("GET", "/clients?q=maria.souza@", firm.admin_token)["items"]] == [client["id"]]
    assert portal.ok("GET", "/clients?q=joana", firm.admin_token)["items"] == []
