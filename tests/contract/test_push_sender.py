"""PushSender: SNS platform endpoints (F23), on the fake and on moto's SNS (the stack's two
stand-in platform applications): one endpoint per token, marked with its owner; a disabled,
deleted or taken-over endpoint gets nothing."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from chalicelib.domain.devices import Push, PushPlatform
from chalicelib.domain.ports import PushSender

PUSH = Push(
    title="Silva & Associados",
    body="Nova mensagem sobre o seu processo. Toque para ler.",
    deep_link="http://portal.test/p/silva/#/matters/m1",
    kind="news",
    matter_id="m1",
    update_id="u1",
)


@dataclass(frozen=True)
class Platform:
    sender: PushSender
    disable: Callable[[str], None]  # what FCM or APNs do to a token the phone no longer has
    messages: Callable[[str], list[str]]  # what an endpoint was sent (SNS's message, as published)


@pytest.fixture(params=["memory", "sns"])
def platform(request: pytest.FixtureRequest) -> Platform:
    if request.param == "memory":
        from tests.support.fakes.devices import FakePushSender

        fake = FakePushSender()

        def disable_fake(endpoint: str) -> None:
            fake.endpoints[endpoint].enabled = False

        return Platform(fake, disable_fake, lambda arn: [s.push.sns_message() for s in fake.sent if s.endpoint == arn])
    adapters = request.getfixturevalue("dynamodb")  # the session's moto stack, and its adapters
    import boto3

    from devstack.mailbox import pushes_by_moto

    def disable(endpoint: str) -> None:
        boto3.client("sns").set_endpoint_attributes(EndpointArn=endpoint, Attributes={"Enabled": "false"})

    def messages(endpoint: str) -> list[str]:
        return [p["message"] for p in pushes_by_moto() if p["endpoint"] == endpoint]

    return Platform(adapters.push, disable, messages)


def token() -> str:
    return f"fcm-{secrets.token_urlsafe(48)}"


def test_a_push_reaches_its_endpoint_with_every_platform_payload(platform: Platform) -> None:
    arn = platform.sender.register(PushPlatform.FCM, token(), "f1/c1/d1")
    message_id = platform.sender.send(arn, "f1/c1/d1", PUSH)
    assert message_id
    (sent,) = platform.messages(arn)
    payload: dict[str, Any] = json.loads(sent)
    gcm = json.loads(payload["GCM"])
    assert gcm["notification"] == {"title": PUSH.title, "body": PUSH.body}
    assert gcm["data"] == {"deep_link": PUSH.deep_link, "kind": "news", "matter_id": "m1", "update_id": "u1"}
    for key in ("APNS", "APNS_SANDBOX"):
        apns = json.loads(payload[key])
        assert apns["aps"]["alert"] == {"title": PUSH.title, "body": PUSH.body}
        assert apns["deep_link"] == PUSH.deep_link and apns["update_id"] == "u1"
    assert payload["default"] == PUSH.body


def test_the_same_token_is_the_same_endpoint(platform: Platform) -> None:
    phone = token()
    first = platform.sender.register(PushPlatform.FCM, phone, "f1/c1/d1")
    assert platform.sender.register(PushPlatform.FCM, phone, "f1/c1/d1") == first
    other = platform.sender.register(PushPlatform.FCM, token(), "f1/c1/d2")
    assert other != first
    apns = platform.sender.register(PushPlatform.APNS, secrets.token_hex(32), "f1/c1/d3")
    assert apns not in (first, other)
    assert platform.sender.send(apns, "f1/c1/d3", PUSH)


def test_a_disabled_endpoint_gets_nothing_and_registering_again_enables_it(platform: Platform) -> None:
    phone = token()
    arn = platform.sender.register(PushPlatform.FCM, phone, "f1/c1/d1")
    platform.disable(arn)
    assert platform.sender.send(arn, "f1/c1/d1", PUSH) is None
    assert platform.messages(arn) == []
    assert platform.sender.register(PushPlatform.FCM, phone, "f1/c1/d1") == arn
    assert platform.sender.send(arn, "f1/c1/d1", PUSH)


def test_a_token_registered_by_someone_else_is_theirs_alone(platform: Platform) -> None:
    phone = token()
    arn = platform.sender.register(PushPlatform.FCM, phone, "f1/c1/d1")
    assert platform.sender.register(PushPlatform.FCM, phone, "f2/c9/d1") == arn
    assert platform.sender.send(arn, "f1/c1/d1", PUSH) is None  # the first owner's device is stale
    platform.sender.remove(arn, "f1/c1/d1")  # and removing it leaves the new owner's endpoint
    assert platform.sender.send(arn, "f2/c9/d1", PUSH)


def test_a_removed_endpoint_gets_nothing_and_removing_again_is_fine(platform: Platform) -> None:
    arn = platform.sender.register(PushPlatform.FCM, token(), "f1/c1/d1")
    platform.sender.remove(arn, "f1/c1/d1")
    assert platform.sender.send(arn, "f1/c1/d1", PUSH) is None
    platform.sender.remove(arn, "f1/c1/d1")
