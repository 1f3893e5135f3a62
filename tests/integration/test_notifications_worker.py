"""The notifications consumer as Lambda runs it: idempotent on the notification id,
reporting partial batch failures, and a message that always fails ends in the
dead-letter queue.

chalice's generate_sqs_event gives every record the same messageId, so the events here
are built by hand, one messageId per record, as SQS does."""

from __future__ import annotations

import json
import secrets
import time
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import Notification, NotificationKind
from tests.support.portal import Firm, PortalDriver

FUNCTION = "deliver_notifications"


def sqs_event(bodies: list[str], queue_arn: str = "arn:aws:sqs:us-east-1:123456789012:notifications") -> dict[str, Any]:
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
                "eventSourceARN": queue_arn,
                "awsRegion": "us-east-1",
            }
            for body in bodies
        ]
    }


def invitation(firm: Firm, client_id: str) -> str:
    return Notification(
        kind=NotificationKind.INVITATION, firm_id=firm.id, principal_kind=PrincipalKind.CLIENT, principal_id=client_id
    ).model_dump_json()


def pending_client(portal: PortalDriver, firm: Firm) -> tuple[dict[str, Any], str]:
    """A client with a pending account access whose own invitation went out already."""
    client = portal.add_client(firm)
    portal.grant(firm, client["id"])
    email = client["emails"][0]
    assert len(portal.mails_to(email)) == 1
    return client, email


def test_the_same_notification_delivered_three_times_sends_one_email(portal: PortalDriver, http: Any) -> None:
    firm = portal.open_firm()
    client, email = pending_client(portal, firm)
    body = invitation(firm, client["id"])

    # Three copies in one batch, then twice more on their own (SQS delivers at least once).
    results = [http.lambda_.invoke(FUNCTION, sqs_event([body, body, body])).payload]
    results += [http.lambda_.invoke(FUNCTION, sqs_event([body])).payload for _ in range(2)]

    assert results == [{"batchItemFailures": []}] * 3
    mails = portal.mails_to(email)
    assert len(mails) == 2  # the grant's own invitation, and one for this notification
    # The link in that one e-mail is the one that works.
    token = portal.token_of(portal.link_in_last_mail(email))
    assert portal.ok(
        "POST",
        "/auth/client/invitation/accept",
        body={"portal": firm.slug, "token": token, "password": "a long client password"},
    )


def test_a_new_notification_for_the_same_person_is_a_new_email(portal: PortalDriver, http: Any) -> None:
    firm = portal.open_firm()
    client, email = pending_client(portal, firm)
    for _ in range(2):
        assert http.lambda_.invoke(FUNCTION, sqs_event([invitation(firm, client["id"])])).payload == {
            "batchItemFailures": []
        }
    assert len(portal.mails_to(email)) == 3


def test_a_poison_message_is_the_only_failure_reported(portal: PortalDriver, http: Any) -> None:
    firm = portal.open_firm()
    first, first_email = pending_client(portal, firm)
    second, second_email = pending_client(portal, firm)
    event = sqs_event([invitation(firm, first["id"]), "this is not a notification", invitation(firm, second["id"])])
    poison_id = event["Records"][1]["messageId"]

    result = http.lambda_.invoke(FUNCTION, event).payload

    assert result == {"batchItemFailures": [{"itemIdentifier": poison_id}]}
    # The good ones were delivered all the same.
    assert len(portal.mails_to(first_email)) == 2 and len(portal.mails_to(second_email)) == 2


@pytest.mark.parametrize(
    "bad_body",
    [
        "",
        "{}",
        "[]",
        '{"kind": "invitation"}',
        '{"kind": "carrier_pigeon", "firm_id": "abc", "principal_kind": "client"}',
        '{"id": 1, "kind": "invitation"',
    ],
)
def test_every_malformed_message_is_reported_and_no_other(http: Any, portal: PortalDriver, bad_body: str) -> None:
    firm = portal.open_firm()
    nobody = Notification(
        kind=NotificationKind.PASSWORD_RESET,
        firm_id=firm.id,
        principal_kind=PrincipalKind.CLIENT,
        email="nobody@example.com",
    )
    event = sqs_event([nobody.model_dump_json(), bad_body])
    result = http.lambda_.invoke(FUNCTION, event).payload
    assert result == {"batchItemFailures": [{"itemIdentifier": event["Records"][1]["messageId"]}]}


def test_the_notifications_queue_has_a_dead_letter_queue(stack: Any) -> None:
    sqs = boto3.client("sqs")
    attributes = sqs.get_queue_attributes(
        QueueUrl=stack.environment["PORTAL_NOTIFICATIONS_QUEUE_URL"], AttributeNames=["All"]
    )["Attributes"]
    policy = json.loads(attributes["RedrivePolicy"])
    assert int(policy["maxReceiveCount"]) >= 2
    dead_letters = [
        q
        for q in sqs.list_queues()["QueueUrls"]
        if q.rsplit("/", 1)[-1] == policy["deadLetterTargetArn"].rsplit(":", 1)[-1]
    ]
    assert len(dead_letters) == 1


@pytest.fixture
def short_queue() -> Iterator[tuple[str, str, str]]:
    """A queue of our own whose messages come back after a second and go to its
    dead-letter queue after two receives."""
    sqs = boto3.client("sqs")
    name = f"redrive-{secrets.token_hex(4)}"
    dlq_url = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    url = sqs.create_queue(
        QueueName=name,
        Attributes={
            "VisibilityTimeout": "1",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"}),
        },
    )["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    yield url, arn, dlq_url
    sqs.delete_queue(QueueUrl=url)
    sqs.delete_queue(QueueUrl=dlq_url)


def test_a_message_that_always_fails_ends_in_the_dead_letter_queue(
    chalice_app: Any, stack: Any, short_queue: tuple[str, str, str]
) -> None:
    from devstack.pump import EventPump, Source

    url, arn, dlq_url = short_queue
    sqs = boto3.client("sqs")
    pump = EventPump(chalice_app, stack.environment, wait_seconds=0)
    source = Source(FUNCTION, url, arn, 10, chalice_app.handler_map[FUNCTION])
    good = Notification(
        kind=NotificationKind.PASSWORD_RESET,
        firm_id="nosuchfirm",
        principal_kind=PrincipalKind.CLIENT,
        email="x@example.com",
    )
    sqs.send_message(QueueUrl=url, MessageBody=good.model_dump_json())
    sqs.send_message(QueueUrl=url, MessageBody="poison: never a notification")

    assert pump.poll_once(source) == 2  # the good one is done and deleted; the poison comes back
    time.sleep(1.2)
    assert pump.poll_once(source) == 1  # second receive: fails again
    time.sleep(1.2)
    assert pump.poll_once(source) == 0  # received twice already: moved to the dead-letter queue

    dead = sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
    assert [m["Body"] for m in dead] == ["poison: never a notification"]
    counts = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    assert counts == {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"}
