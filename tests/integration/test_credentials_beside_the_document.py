"""Over HTTP against moto: credentials live beside the staff member's or access's versioned
document, with their own revision. The worker e-mailing a link, a password change or a
sign-out everywhere does not change the version an admin holds; racing credentials changes
end in one 409, never in a lost link or password."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from tests.support.portal import Firm, PortalDriver

PASSWORD = "a long client password"


def directory_item(stack: Any, firm: Firm, sort_key: str) -> dict[str, Any]:
    item = (
        boto3.client("dynamodb")
        .get_item(
            TableName=stack.environment["PORTAL_DIRECTORY_TABLE"],
            Key={"pk": {"S": f"FIRM#{firm.id}"}, "sk": {"S": sort_key}},
            ConsistentRead=True,
        )
        .get("Item")
    )
    assert item is not None
    return item


def once_after_read(monkeypatch: pytest.MonkeyPatch, repository: Any, action: Callable[[], Any]) -> None:
    """The request's next read of a principal happens, then `action` runs before the request
    goes on to write: a concurrent request landing between the two."""
    real = repository.get

    def read_then_act(*args: Any) -> Any:
        monkeypatch.setattr(repository, "get", real)
        found = real(*args)
        action()
        return found

    monkeypatch.setattr(repository, "get", read_then_act)


def invite_token(portal: PortalDriver, email: str) -> str:
    return portal.token_of(portal.link_in_last_mail(email))


# --- the version admins hold ------------------------------------------------------------------------


def test_the_grant_answers_version_changes_the_profile_after_the_invitation_is_sent(
    portal: PortalDriver, stack: Any
) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm)
    granted = portal.grant(firm, client["id"])
    portal.pump.drain()  # the worker stores the invitation's link and e-mails it
    assert len(portal.mails_to(client["emails"][0])) == 1

    view = portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)
    assert view["version"] == granted["version"] and view["invitation_sent_at"] and view["invitation_expires_at"]
    changed = portal.ok(
        "PUT",
        f"/clients/{client['id']}/access/profile",
        firm.admin_token,
        {"profile": {"tasks": True}, "version": granted["version"]},
    )
    assert changed["version"] == granted["version"] + 1 and changed["profile"]["tasks"] is True
    assert changed["invitation_sent_at"] == view["invitation_sent_at"]

    # The invitation e-mailed before the edit still works, and the view keeps when it was sent.
    session = portal.ok(
        "POST",
        "/auth/client/invitation/accept",
        body={"portal": firm.slug, "token": invite_token(portal, client["emails"][0]), "password": PASSWORD},
    )
    assert portal.ok("GET", "/me", session["access_token"])["profile"]["tasks"] is True
    active = portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)
    assert (
        active["status"] == "active"
        and active["invitation_sent_at"] == view["invitation_sent_at"]
        and active["invitation_expires_at"] is None
    )

    # Stored beside the document: the document holds no credentials.
    item = directory_item(stack, firm, f"ACCESS#{client['id']}")
    assert "credentials" not in json.loads(item["doc"]["S"]) and "password_hash" in item["credentials"]["S"]
    assert int(item["credentials_revision"]["N"]) == 3  # granted, invitation stored, accepted


def test_the_invite_answers_version_changes_the_role_after_the_invitation_is_sent(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    invited = portal.ok(
        "POST",
        "/staff",
        firm.admin_token,
        {"email": f"bruno@{firm.slug}.example.com", "name": "Bruno Lima", "role": "staff"},
    )
    portal.pump.drain()

    changed = portal.ok(
        "PUT",
        f"/staff/{invited['id']}",
        firm.admin_token,
        {"name": "Bruno Lima", "role": "admin", "version": invited["version"]},
    )
    assert changed["version"] == invited["version"] + 1 and changed["role"] == "admin"

    session = portal.ok(
        "POST",
        "/auth/staff/invitation/accept",
        body={
            "portal": firm.slug,
            "token": invite_token(portal, invited["email"]),
            "password": "a long staff password",
        },
    )
    me = portal.ok("GET", "/me", session["access_token"])
    assert (me["id"], me["role"]) == (invited["id"], "admin")


def test_password_changes_and_signing_out_everywhere_leave_the_version_alone(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, session = portal.invited_client_session(firm, PASSWORD)
    version = portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)["version"]

    changed = portal.ok(
        "POST",
        "/auth/password",
        session["access_token"],
        {"current_password": PASSWORD, "new_password": "a second long password"},
    )
    assert portal.call("POST", "/auth/sign-out", changed["access_token"], {"everywhere": True}).status_code == 204
    portal.ok(
        "POST", "/auth/client/forgot-password", body={"portal": firm.slug, "email": client["emails"][0]}, status=202
    )
    reset = invite_token(portal, client["emails"][0])
    portal.ok(
        "POST",
        "/auth/client/reset-password",
        body={"portal": firm.slug, "token": reset, "new_password": "a third long password"},
    )

    assert portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)["version"] == version
    portal.ok(
        "PUT",
        f"/clients/{client['id']}/access/profile",
        firm.admin_token,
        {"profile": {"tasks": True}, "version": version},
    )
    # The admin's edit did not bring an older password back.
    assert (
        portal.call(
            "POST",
            "/auth/client/sign-in",
            body={"portal": firm.slug, "email": client["emails"][0], "password": "a second long password"},
        ).status_code
        == 401
    )
    portal.sign_in("client", firm.slug, client["emails"][0], "a third long password")


# --- racing credentials changes -----------------------------------------------------------------------


def test_two_password_changes_racing_one_gets_409_and_the_other_password_stays(
    portal: PortalDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.bootstrap import services

    firm = portal.open_firm()
    client, session = portal.invited_client_session(firm, PASSWORD)
    token = session["access_token"]

    def change_on_the_laptop() -> None:
        services().auth.change_password(services().auth.authenticate(token), PASSWORD, "the laptop's password")

    once_after_read(monkeypatch, services().adapters.accesses, change_on_the_laptop)
    late = portal.call(
        "POST", "/auth/password", token, {"current_password": PASSWORD, "new_password": "the phone's password"}
    )

    assert late.status_code == 409 and late.json_body["error"]["code"] == "conflict"
    email = client["emails"][0]
    assert (
        portal.call(
            "POST",
            "/auth/client/sign-in",
            body={"portal": firm.slug, "email": email, "password": "the phone's password"},
        ).status_code
        == 401
    )
    portal.sign_in("client", firm.slug, email, "the laptop's password")
    actions = [e["action"] for e in portal.ok("GET", "/audit?limit=100", firm.admin_token)["items"]]
    assert actions.count("password.changed") == 1


def test_the_worker_racing_an_acceptance_keeps_the_new_link(
    portal: PortalDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.bootstrap import services

    firm = portal.open_firm()
    client = portal.add_client(firm)
    email = client["emails"][0]
    portal.grant(firm, client["id"])
    first = invite_token(portal, email)
    portal.ok("POST", f"/clients/{client['id']}/access/resend", firm.admin_token)

    # The worker stores and e-mails the resent invitation between the acceptance's read and write.
    once_after_read(monkeypatch, services().adapters.accesses, portal.pump.drain)
    late = portal.call(
        "POST", "/auth/client/invitation/accept", body={"portal": firm.slug, "token": first, "password": PASSWORD}
    )

    assert late.status_code == 409
    view = portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)
    assert view["status"] == "pending"
    second = invite_token(portal, email)
    assert second != first
    refused = portal.call(
        "POST", "/auth/client/invitation/accept", body={"portal": firm.slug, "token": first, "password": PASSWORD}
    )
    assert refused.status_code == 401 and refused.json_body["error"]["code"] == "invalid_link"
    session = portal.ok(
        "POST", "/auth/client/invitation/accept", body={"portal": firm.slug, "token": second, "password": PASSWORD}
    )
    assert portal.ok("GET", "/me", session["access_token"])["id"] == client["id"]


def test_an_acceptance_racing_the_worker_wins_and_the_retried_message_sends_nothing(
    portal: PortalDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.bootstrap import services
    from chalicelib.domain.errors import Conflict
    from chalicelib.domain.notifications import Notification, NotificationKind

    firm = portal.open_firm()
    client = portal.add_client(firm)
    email = client["emails"][0]
    portal.grant(firm, client["id"])
    token = invite_token(portal, email)
    resent = Notification(
        kind=NotificationKind.INVITATION, firm_id=firm.id, principal_kind="client", principal_id=client["id"]
    )

    def accept() -> None:
        portal.ok(
            "POST", "/auth/client/invitation/accept", body={"portal": firm.slug, "token": token, "password": PASSWORD}
        )

    once_after_read(monkeypatch, services().adapters.accesses, accept)
    with pytest.raises(Conflict):
        services().notifications.deliver(resent)  # SQS will deliver it again

    assert services().notifications.deliver(resent) == []  # the access is active now: nothing to send
    assert len(portal.mails_to(email)) == 1
    view = portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)
    assert view["status"] == "active" and view["invitation_expires_at"] is None
    portal.sign_in("client", firm.slug, email, PASSWORD)


# --- sessions opened before a removal stay dead, whatever the credentials' revision -----------------


def test_a_session_from_before_a_removal_stays_dead_after_a_new_grant(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, session = portal.invited_client_session(firm, PASSWORD)
    assert portal.call("DELETE", f"/clients/{client['id']}/access", firm.admin_token).status_code == 204
    portal.grant(firm, client["id"])
    portal.pump.drain()
    assert portal.call("GET", "/me", session["access_token"]).status_code in (401, 403)
    assert portal.call("POST", "/auth/refresh", body={"refresh_token": session["refresh_token"]}).status_code == 401


# --- items written before credentials moved beside the document ------------------------------------


def test_an_item_with_credentials_inside_its_document_still_works_and_moves_them_out(
    portal: PortalDriver, stack: Any
) -> None:
    firm = portal.open_firm()
    client, _ = portal.invited_client_session(firm, PASSWORD)
    email = client["emails"][0]
    sent_at = portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)["invitation_sent_at"]
    key = f"ACCESS#{client['id']}"

    # Rewrite the access the way it was stored before: credentials and the sending time in the document.
    item = directory_item(stack, firm, key)
    credentials = json.loads(item.pop("credentials")["S"])
    item.pop("credentials_revision")
    doc = json.loads(item["doc"]["S"])
    doc |= {
        "credentials": {k: v for k, v in credentials.items() if k != "invitation_sent_at"},
        "invitation_sent_at": credentials["invitation_sent_at"],
    }
    item["doc"] = {"S": json.dumps(doc)}
    boto3.client("dynamodb").put_item(TableName=stack.environment["PORTAL_DIRECTORY_TABLE"], Item=item)

    view = portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)
    assert view["invitation_sent_at"] == sent_at
    token = portal.sign_in("client", firm.slug, email, PASSWORD)
    # An admin's edit keeps the credentials that still live in the document.
    portal.ok(
        "PUT",
        f"/clients/{client['id']}/access/profile",
        firm.admin_token,
        {"profile": {"tasks": True}, "version": view["version"]},
    )
    token = portal.sign_in("client", firm.slug, email, PASSWORD)
    # Their first change moves them beside it.
    portal.ok("POST", "/auth/password", token, {"current_password": PASSWORD, "new_password": "a second long password"})
    item = directory_item(stack, firm, key)
    assert item["credentials_revision"]["N"] == "1" and re.search("password_hash", item["credentials"]["S"])
    portal.sign_in("client", firm.slug, email, "a second long password")
    assert portal.ok("GET", f"/clients/{client['id']}/access", firm.admin_token)["invitation_sent_at"] == sent_at
