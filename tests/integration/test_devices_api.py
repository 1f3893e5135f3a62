"""F23 over HTTP against moto: the mobile app registers the client's phone (an SNS platform
endpoint on the stack's stand-in FCM and APNs applications), lists and removes it; signing
out of the session that registered it removes it; and a news item pushes to the phone
(captured from moto's SNS), once however often the worker is handed the notification, with
the dead endpoint of another phone removed."""

from __future__ import annotations

import json
import secrets
import time
import uuid
from typing import Any

import boto3

from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import Notification, NotificationKind
from tests.support.portal import PortalDriver

DEVICES = "/portal/devices"


def fcm() -> str:
    return f"fcm-{secrets.token_urlsafe(48)}"


def pace_now(portal: PortalDriver, firm: Any) -> None:
    """The firm sends at once: no digest window, no quiet hours."""
    current = portal.ok("GET", "/firm", firm.admin_token)
    body = {**current["notifications"], "digest_minutes": 0, "quiet_hours": False, "version": current["version"]}
    portal.ok("PUT", "/firm/notification-settings", firm.admin_token, body)


def endpoint_of(device_id: str, firm_id: str, client_id: str) -> str:
    from chalicelib.bootstrap import services

    device = services().adapters.devices.get(firm_id, client_id, device_id)
    assert device is not None
    return device.endpoint


def endpoint_exists(arn: str) -> bool:
    try:
        boto3.client("sns").get_endpoint_attributes(EndpointArn=arn)
    except boto3.client("sns").exceptions.NotFoundException:
        return False
    return True


def test_a_phone_is_registered_listed_and_removed(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    phone = fcm()
    body = {"platform": "fcm", "token": phone, "app_version": "2.1.0", "language": "es"}

    device = portal.ok("POST", DEVICES, token, body, status=201)
    assert device == {
        "id": device["id"],
        "platform": "fcm",
        "app_version": "2.1.0",
        "language": "es",
        "registered_at": device["registered_at"],
        "this_session": True,
    }
    again = portal.ok("POST", DEVICES, token, {"platform": "fcm", "token": phone}, status=201)
    assert again["id"] == device["id"] and again["app_version"] is None
    iphone = portal.ok("POST", DEVICES, token, {"platform": "apns", "token": secrets.token_hex(32)}, status=201)
    listed = portal.ok("GET", DEVICES, token)["items"]
    assert {d["id"] for d in listed} == {device["id"], iphone["id"]}
    assert phone not in json.dumps(listed)  # never the token, nor the endpoint
    arn = endpoint_of(device["id"], firm.id, client["id"])
    assert boto3.client("sns").get_endpoint_attributes(EndpointArn=arn)["Attributes"]["Token"] == phone

    assert portal.call("DELETE", f"{DEVICES}/{device['id']}", token).status_code == 204
    assert [d["id"] for d in portal.ok("GET", DEVICES, token)["items"]] == [iphone["id"]]
    assert not endpoint_exists(arn)
    gone = portal.call("DELETE", f"{DEVICES}/{device['id']}", token)
    assert gone.status_code == 404 and gone.json_body["error"]["code"] == "device_not_found"


def test_bad_tokens_and_other_sessions_are_refused_with_nothing_written(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    for wrong in (
        {"platform": "apns", "token": "not hexadecimal"},
        {"platform": "fcm", "token": "short"},
        {"platform": "webpush", "token": fcm()},
        {"platform": "fcm"},
        {"platform": "fcm", "token": fcm(), "language": "fr"},
    ):
        refused = portal.call("POST", DEVICES, token, wrong)
        assert refused.status_code == 422, (wrong, refused.body)
        assert refused.json_body["error"]["code"]
    assert portal.call("POST", DEVICES, firm.admin_token, {"platform": "fcm", "token": fcm()}).status_code == 403

    linked = portal.add_client(firm, "Luiza Link")
    portal.grant(firm, linked["id"], "link")
    link_token = portal.token_of(portal.link_in_last_mail(linked["emails"][0]))
    link_session = portal.ok("POST", "/auth/client/link-session", body={"portal": firm.slug, "token": link_token})
    refused = portal.call("POST", DEVICES, link_session["access_token"], {"platform": "fcm", "token": fcm()})
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "read_only_session"

    simulation = portal.ok("POST", f"/clients/{client['id']}/access/simulation", firm.admin_token)
    refused = portal.call("POST", DEVICES, simulation["access_token"], {"platform": "fcm", "token": fcm()})
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "read_only_session"
    assert portal.ok("GET", DEVICES, token)["items"] == []


def test_signing_out_removes_the_phone_that_session_registered(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, session = portal.invited_client_session(firm)
    other = portal.sign_in("client", firm.slug, client["emails"][0], "a long client password")
    mine = portal.ok("POST", DEVICES, session["access_token"], {"platform": "fcm", "token": fcm()}, status=201)
    kept = portal.ok("POST", DEVICES, other, {"platform": "fcm", "token": fcm()}, status=201)
    arn = endpoint_of(mine["id"], firm.id, client["id"])

    assert portal.call("POST", "/auth/sign-out", session["access_token"], {}).status_code == 204

    assert [d["id"] for d in portal.ok("GET", DEVICES, other)["items"]] == [kept["id"]]
    assert not endpoint_exists(arn)
    assert portal.call("POST", "/auth/sign-out", other, {"everywhere": True}).status_code == 204
    from chalicelib.bootstrap import services

    assert services().devices.of_client(firm.id, client["id"]) == []


def sqs_event(body: str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": secrets.token_hex(16),
                "body": body,
                "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": str(int(time.time() * 1000))},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifications",
                "awsRegion": "us-east-1",
            }
        ]
    }


def test_a_news_item_pushes_to_the_phones_once_and_a_dead_one_is_removed(portal: PortalDriver, http: Any) -> None:
    firm = portal.open_firm()
    pace_now(portal, firm)
    client, token = portal.invited_client(firm)
    matter = portal.publish(firm, portal.open_matter(firm, [client], title="Locação"), [client])
    portal.mails_to(client["emails"][0])  # what the grant and the publication sent
    android, iphone, dead = fcm(), secrets.token_hex(32), fcm()
    portal.ok("POST", DEVICES, token, {"platform": "fcm", "token": android, "language": "pt-BR"}, status=201)
    portal.ok("POST", DEVICES, token, {"platform": "apns", "token": iphone, "language": "en"}, status=201)
    gone = portal.ok("POST", DEVICES, token, {"platform": "fcm", "token": dead}, status=201)
    dead_arn = endpoint_of(gone["id"], firm.id, client["id"])
    # The phone was reset: FCM tells SNS the token is not registered any more, SNS disables it.
    boto3.client("sns").set_endpoint_attributes(EndpointArn=dead_arn, Attributes={"Enabled": "false"})

    item = portal.add_update(firm, matter, "news", "Audiência marcada", published=True)

    [push] = portal.pushes_to(android)
    link = f"http://portal.test/p/{firm.slug}/#/matters/{matter['id']}"
    assert push["title"] == "Silva Advogados"
    assert push["body"] == "Nova mensagem sobre o seu processo. Toque para ler."
    assert push["deep_link"] == link
    assert push["data"] == {"deep_link": link, "kind": "news", "matter_id": matter["id"], "update_id": item["id"]}
    payload = json.loads(push["message"])
    assert set(payload) == {"default", "GCM", "APNS", "APNS_SANDBOX"}
    [to_iphone] = portal.pushes_to(iphone)
    apns = json.loads(json.loads(to_iphone["message"])["APNS"])
    assert apns["aps"]["alert"]["body"] == "A new message about your case. Tap to read it."
    assert apns["update_id"] == item["id"]
    assert portal.pushes_to(dead) == []
    assert gone["id"] not in [d["id"] for d in portal.ok("GET", DEVICES, token)["items"]]
    assert not endpoint_exists(dead_arn)

    # The same notification handed to the worker three more times pushes no more.
    notification = Notification(
        kind=NotificationKind.NEWS,
        firm_id=firm.id,
        principal_kind=PrincipalKind.CLIENT,
        principal_id=client["id"],
        matter_id=matter["id"],
        item_id=item["id"],
    )
    body = notification.model_dump_json()
    for _ in range(3):
        assert http.lambda_.invoke("deliver_notifications", sqs_event(body)).payload == {"batchItemFailures": []}
    assert len(portal.pushes_to(android)) == 2  # the item's own notification, and this one: once
    assert len(portal.pushes_to(iphone)) == 2
