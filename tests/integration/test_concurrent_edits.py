"""Two people editing the same thing: the second write, made on a stale version, gets 409
and changes nothing. A refused request leaves nothing half-written behind."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

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
    second = portal.add_client(firm, "Mario Souza", "mario@client.example.com")
    # Two clients stored before an e-mail belonged to one client only may share one: the
    # login still keeps it to one access.
    item = directory_item(stack, firm, f"CLIENT#{second['id']}")
    assert item is not None
    item["doc"] = {"S": json.dumps({**json.loads(item["doc"]["S"]), "emails": [shared]})}
    boto3.client("dynamodb").put_item(TableName=stack.environment["PORTAL_DIRECTORY_TABLE"], Item=item)
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


def test_a_client_with_an_e_mail_another_client_has_is_refused_at_once(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria = portal.add_client(firm, "Maria Souza", "maria@x.com")
    joao = portal.add_client(firm, "João Pereira", "joao@x.com")
    audit_before = portal.ok("GET", "/audit", firm.admin_token)["items"]

    refused = portal.call("POST", "/clients", firm.admin_token, {"name": "Maria S.", "emails": ["MARIA@x.com"]})
    assert refused.status_code == 409
    error = refused.json_body["error"]
    assert (error["code"], error["message"]) == ("email_in_use", "maria@x.com is already the e-mail of Maria Souza.")
    assert error["details"] == [{"path": "emails.0", "message": error["message"], "client_id": maria["id"]}]

    edit = {"name": joao["name"], "emails": ["joao@x.com", "maria@x.com"], "version": joao["version"]}
    refused = portal.call("PUT", f"/clients/{joao['id']}", firm.admin_token, edit)
    assert refused.status_code == 409 and refused.json_body["error"]["details"][0] == {
        **error["details"][0],
        "path": "emails.1",
    }
    assert portal.ok("GET", f"/clients/{joao['id']}", firm.admin_token) == joao
    assert sorted(c["name"] for c in portal.ok("GET", "/clients", firm.admin_token)["items"]) == [
        "João Pereira",
        "Maria Souza",
    ]
    assert portal.ok("GET", "/audit", firm.admin_token)["items"] == audit_before
    # Another firm's client may have it.
    assert portal.add_client(portal.open_firm("Outra"), "Maria Souza", "maria@x.com")["emails"] == ["maria@x.com"]


def test_a_client_stored_before_e_mails_were_unique_still_holds_its_e_mail(portal: PortalDriver, stack: Any) -> None:
    firm = portal.open_firm()
    maria = portal.add_client(firm, "Maria Souza", "maria@x.com")
    # Stored before e-mails were claimed: no claim item, only the search entry.
    boto3.client("dynamodb").delete_item(
        TableName=stack.environment["PORTAL_DIRECTORY_TABLE"],
        Key={"pk": {"S": f"FIRM#{firm.id}"}, "sk": {"S": "EMAIL#client#maria@x.com"}},
    )
    refused = portal.call("POST", "/clients", firm.admin_token, {"name": "Outra Maria", "emails": ["maria@x.com"]})
    assert refused.status_code == 409 and refused.json_body["error"]["details"][0]["client_id"] == maria["id"]


def test_two_clients_added_at_once_with_one_e_mail_cannot_both_have_it(portal: PortalDriver, stack: Any) -> None:
    """The lookup before the write can miss a client added in between; the e-mail's own
    item, written in each client's transaction, cannot."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.audit import Actor, AuditEntry
    from chalicelib.domain.clients import Client
    from chalicelib.domain.errors import Conflict

    firm = portal.open_firm()
    maria = portal.add_client(firm, "Maria Souza", "maria@x.com")
    stored = services().adapters.clients.get(firm.id, maria["id"])
    assert stored is not None
    twin = Client(**{**stored.model_dump(), "id": "twinclient", "name": "Maria S."})
    audit = AuditEntry.record(
        Actor(firm_id=firm.id, principal_id="staffmember", kind="staff"),
        "client.created",
        "client:twinclient",
        stored.created_at,
    )
    with pytest.raises(Conflict):
        services().adapters.clients.create(twin, audit)
    assert directory_item(stack, firm, "CLIENT#twinclient") is None
    assert [c["id"] for c in portal.ok("GET", "/clients?q=maria", firm.admin_token)["items"]] == [maria["id"]]
    claim = directory_item(stack, firm, "EMAIL#client#maria@x.com")
    assert claim is not None and claim["client_id"]["S"] == maria["id"]

    # Deleted, the client lets the e-mail go.
    assert portal.call("DELETE", f"/clients/{maria['id']}", firm.admin_token).status_code == 204
    assert directory_item(stack, firm, "EMAIL#client#maria@x.com") is None
    assert portal.add_client(firm, "Maria S.", "maria@x.com")["emails"] == ["maria@x.com"]


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


def test_a_client_deleted_as_without_access_is_kept_when_access_was_granted_meanwhile(
    portal: PortalDriver, stack: Any
) -> None:
    """A member of staff read "no access" and deletes; an admin granted access in between:
    the delete is refused whole, and the access is not left behind without its client."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.audit import Actor, AuditEntry
    from chalicelib.domain.errors import Conflict

    firm = portal.open_firm()
    client = portal.add_client(firm, "Maria Souza")
    read = services().adapters.clients.get(firm.id, client["id"])
    assert read is not None and services().adapters.accesses.get(firm.id, client["id"]) is None
    portal.grant(firm, client["id"])

    audit = AuditEntry.record(
        Actor(firm_id=firm.id, principal_id="staffmember", kind="staff"),
        "client.deleted",
        f"client:{client['id']}",
        read.updated_at,
    )
    with pytest.raises(Conflict):
        services().adapters.clients.delete(read, None, audit)
    assert portal.ok("GET", f"/clients/{client['id']}", firm.admin_token)["access"]["status"] == "pending"
    assert directory_item(stack, firm, f"ACCESS#{client['id']}") is not None


def test_a_relation_is_not_half_written_when_the_other_matter_changes_meanwhile(portal: PortalDriver) -> None:
    """Linking an appeal to its original writes both, each over the version read: when a
    colleague saves the original in between, nothing is written (409)."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.common import SystemClock
    from chalicelib.domain.errors import Conflict
    from chalicelib.domain.matters import MatterUpdate
    from chalicelib.services.matters import MattersService

    firm = portal.open_firm()
    original = portal.open_matter(firm, [], title="Ação original")
    appeal = portal.open_matter(firm, [], title="Apelação")
    repos = services().adapters

    class ColleagueFirst:
        """The matters repository, with a colleague's save of the original just before ours."""

        def __getattr__(self, name: str) -> Any:
            return getattr(repos.matters, name)

        def save(self, *args: Any, **kwargs: Any) -> None:
            current = portal.ok("GET", f"/matters/{original['id']}", firm.admin_token)
            portal.ok(
                "PUT",
                f"/matters/{original['id']}",
                firm.admin_token,
                {**{k: current[k] for k in ("kind", "title", "parties", "related", "version")}, "court": "TJSP"},
            )
            repos.matters.save(*args, **kwargs)

    desk = MattersService(
        matters=ColleagueFirst(),
        clients=repos.clients,
        staff=repos.staff,
        accesses=repos.accesses,
        outbox=None,
        clock=SystemClock(),
        audit=repos.audit,
    )  # type: ignore[arg-type]
    actor = Actor(firm_id=firm.id, principal_id="staffmember", kind="staff")
    link = MatterUpdate(
        kind="case",
        title="Apelação",
        related=[{"matter_id": original["id"], "kind": "appeal"}],
        version=appeal["version"],
    )
    with pytest.raises(Conflict):
        desk.update(actor, appeal["id"], link)

    stored_original = portal.ok("GET", f"/matters/{original['id']}", firm.admin_token)
    stored_appeal = portal.ok("GET", f"/matters/{appeal['id']}", firm.admin_token)
    assert (stored_original["court"], stored_original["related"]) == ("TJSP", [])
    assert (stored_appeal["version"], stored_appeal["related"]) == (appeal["version"], [])
