"""A bounce end to end through the local stack: SES's event published to the e-mail events
topic as SES publishes it, SNS delivering it to the queue, the event pump running the
consumer; then the client's next e-mail skips the bounced address, staff see why on the
client's page, and once an admin lifts it the address gets mail again. And duplicates: the
same bounce arriving three times leaves one entry."""

from __future__ import annotations

import json
from typing import Any

import boto3

from devstack.ses_events import ses_event, sns_envelope
from tests.support.portal import Firm, PortalDriver


def topic_arn() -> str:
    arns = [t["TopicArn"] for t in boto3.client("sns").list_topics()["Topics"] if "EmailEventsTopic" in t["TopicArn"]]
    assert len(arns) == 1, arns
    return arns[0]


def ses_publishes(event: dict[str, Any]) -> None:
    boto3.client("sns").publish(TopicArn=topic_arn(), Message=json.dumps(event))


def ask(portal: PortalDriver, firm: Firm, client_id: str) -> None:
    body = {"client_id": client_id, "title": "Comprovante de residência"}
    portal.ok("POST", "/document-requests", firm.admin_token, body, status=201)


def test_a_bounced_address_is_skipped_shown_to_staff_and_mailed_again_once_lifted(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, _ = portal.invited_client(firm)
    address = client["emails"][0]
    extra = f"filha.{client['id']}@client.example.com"
    current = portal.ok("GET", f"/clients/{client['id']}", firm.admin_token)
    portal.ok(
        "PUT",
        f"/clients/{client['id']}",
        firm.admin_token,
        {
            "name": current["name"],
            "emails": current["emails"],
            "notification_emails": [extra],
            "version": current["version"],
        },
    )
    before = len(portal.mails_to(address))

    ses_publishes(ses_event("Bounce", [address.upper()], {"firm": [firm.id], "kind": ["news"]}))
    portal.pump.drain()

    shown = portal.ok("GET", f"/clients/{client['id']}/suppressions", firm.admin_token)["items"]
    assert [(s["address"], s["reason"], s["diagnostic"], s["kind"]) for s in shown] == [
        (address, "bounced", "smtp; 550 5.1.1 user unknown", "news")
    ]
    ask(portal, firm, client["id"])
    assert len(portal.mails_to(address)) == before
    assert len(portal.mails_to(extra)) == 1  # the other address still gets it

    portal.ok("POST", "/suppressions/lift", firm.admin_token, {"address": address}, status=204)
    assert portal.ok("GET", f"/clients/{client['id']}/suppressions", firm.admin_token)["items"] == []
    audit = portal.ok("GET", "/audit", firm.admin_token)["items"]
    assert audit[0]["action"] == "suppression.lifted"
    ask(portal, firm, client["id"])
    assert len(portal.mails_to(address)) == before + 1


def test_a_transient_bounce_suppresses_nothing_and_a_complaint_suppresses(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    ses_publishes(ses_event("Bounce", ["busy@client.example.com"], {"firm": [firm.id]}, bounce_type="Transient"))
    ses_publishes(ses_event("Complaint", ["angry@client.example.com"], {"firm": [firm.id], "kind": ["news"]}))
    portal.pump.drain()

    listed = portal.ok("GET", "/suppressions", firm.admin_token)["items"]

    assert [(s["address"], s["reason"]) for s in listed] == [("angry@client.example.com", "complained")]


def test_the_same_bounce_three_times_is_one_entry_on_the_sending_firms_list_only(portal: PortalDriver) -> None:
    firm, other = portal.open_firm(), portal.open_firm("Other")
    event = ses_event("Bounce", ["twice@client.example.com"], {"firm": [firm.id]})
    for _ in range(3):
        ses_publishes(event)
    portal.pump.drain()

    listed = portal.ok("GET", "/suppressions", firm.admin_token)["items"]

    assert [s["address"] for s in listed] == ["twice@client.example.com"]
    assert portal.ok("GET", "/suppressions", other.admin_token)["items"] == []


def test_the_consumer_does_one_thing_per_sns_message_and_reports_only_the_bad_record(
    portal: PortalDriver, http: Any
) -> None:
    from tests.integration.test_notifications_worker import sqs_event

    firm = portal.open_firm()
    body = sns_envelope(ses_event("Bounce", ["once@client.example.com"], {"firm": [firm.id]}))
    event = sqs_event([body, body, "not json", body])

    result = http.lambda_.invoke("record_email_events", event).payload

    assert result == {"batchItemFailures": [{"itemIdentifier": event["Records"][2]["messageId"]}]}
    listed = portal.ok("GET", "/suppressions", firm.admin_token)["items"]
    assert [s["address"] for s in listed] == ["once@client.example.com"]


def test_the_local_mailbox_bounces_an_email_as_ses_would(portal: PortalDriver) -> None:
    """`Bounce` on a message of the local mailbox publishes SES's event with the mail's tags."""
    from devstack.mailbox import Mailbox

    firm = portal.open_firm()
    client = portal.add_client(firm)
    portal.grant(firm, client["id"])
    address = client["emails"][0]
    [invitation] = portal.mails_to(address)
    mailbox = Mailbox(portal.moto_url, email_events_topic=topic_arn())

    assert mailbox.bounce(invitation["id"]) is True
    portal.pump.drain()

    [shown] = portal.ok("GET", f"/clients/{client['id']}/suppressions", firm.admin_token)["items"]
    assert (shown["address"], shown["reason"], shown["kind"]) == (address, "bounced", "invitation")
    assert Mailbox(portal.moto_url).bounce(invitation["id"]) is False  # no topic: nothing to publish to
    assert mailbox.bounce("no-such-message") is False
