"""Bounces and complaints: SES's events parsed (a permanent bounce or a complaint puts the
address on the list of the firm the mail's tag names; a transient bounce does not), the
worker skipping suppressed addresses, staff seeing them, and an admin lifting one."""

from __future__ import annotations

import json

import pytest

from chalicelib.domain.accesses import Access
from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.clients import Client
from chalicelib.domain.documents import DocumentRequestInput
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import SuppressionReason, parse_email_event
from devstack.ses_events import ses_event, sns_envelope
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import CLIENT_PASSWORD, OpenFirm, add_client, grant, open_firm


def bounce(firm_id: str, *recipients: str, **options: str) -> str:
    return sns_envelope(ses_event("Bounce", list(recipients), {"firm": [firm_id], "kind": ["news"]}, **options))


# --- parsing ----------------------------------------------------------------------------


def test_a_permanent_bounce_names_its_firm_kind_addresses_and_diagnostic() -> None:
    event = parse_email_event(bounce("firm1", "Ana@Example.com"))

    assert event is not None
    assert (event.firm_id, event.kind, event.reason) == ("firm1", "news", SuppressionReason.BOUNCED)
    assert event.addresses == ["ana@example.com"]
    assert event.diagnostics == {"ana@example.com": "smtp; 550 5.1.1 user unknown"}
    assert event.at.isoformat() == "2026-12-01T14:00:00+00:00"


def test_a_complaint_suppresses_as_complained() -> None:
    body = sns_envelope(ses_event("Complaint", ["bia@example.com"], {"firm": ["firm1"]}))

    event = parse_email_event(body)

    assert event is not None and event.reason is SuppressionReason.COMPLAINED and event.kind is None
    assert event.addresses == ["bia@example.com"] and event.diagnostics == {}


@pytest.mark.parametrize(
    "body",
    [
        bounce("firm1", "ana@example.com", bounce_type="Transient"),
        bounce("firm1", "ana@example.com", bounce_type="Undetermined"),
        sns_envelope(ses_event("Bounce", ["ana@example.com"], {})),  # no firm tag
        sns_envelope(ses_event("Bounce", ["ana@example.com"], {"firm": ["NOT A FIRM/"]})),
        sns_envelope({**ses_event("Bounce", ["a@example.com"], {"firm": ["firm1"]}), "eventType": "Delivery"}),
        json.dumps({"Type": "SubscriptionConfirmation", "MessageId": "m", "Message": "confirm"}),
    ],
)
def test_what_asks_nothing_of_us_is_none(body: str) -> None:
    assert parse_email_event(body) is None


def test_the_firm_comes_from_the_mail_tags_only() -> None:
    event = ses_event("Bounce", ["ana@example.com"], {"firm": ["mine"]})
    event["mail"]["source"] = "other <x@other.test>"
    event["firm"] = "theirs"

    parsed = parse_email_event(sns_envelope(event))

    assert parsed is not None and parsed.firm_id == "mine"


# --- the use cases ------------------------------------------------------------------------


def record(system: FakeSystem, body: str) -> int:
    event = parse_email_event(body)
    assert event is not None
    return system.services.notifications.record_email_event(event)


def ask(system: FakeSystem, firm: OpenFirm, client_id: str) -> None:
    system.services.documents.request_documents(
        firm.actor, DocumentRequestInput(client_id=client_id, title="Comprovante de residência")
    )


def active_client(system: FakeSystem, firm: OpenFirm, **extra: object) -> tuple[Client, Access]:
    client = add_client(system, firm, **extra)
    access = grant(system, firm, client)
    token = system.last_token_to(access.email)
    system.services.auth.accept_invitation(firm.slug, PrincipalKind.CLIENT, token, CLIENT_PASSWORD, FakeSystem.ADDRESS)
    system.deliver_all()
    return client, access


def test_a_bounce_suppresses_once_for_the_sending_firm_and_the_worker_skips_the_address(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, access = active_client(system, firm, notification_emails=["filha@example.com"])
    other = open_firm(system, slug="other", name="Other")

    for _ in range(3):
        record(system, bounce(firm.id, "Filha@example.com"))

    assert [s.address for s in system.services.notifications.suppression_page(firm.id, None, 10).items] == [
        "filha@example.com"
    ]
    assert system.services.notifications.suppression_page(other.id, None, 10).items == []
    reads = system.suppressions.reads
    ask(system, firm, client.id)
    system.deliver_all()
    (mail,) = system.mailer.sent[-1:]
    assert mail.to == [access.email]
    assert system.suppressions.reads == reads + 1  # one read for all the e-mail's addresses


def test_an_email_whose_every_address_is_suppressed_is_not_sent(system: FakeSystem, firm: OpenFirm) -> None:
    client, access = active_client(system, firm, notification_emails=["filha@example.com"])
    record(system, bounce(firm.id, access.email, "filha@example.com"))
    sent, reads = len(system.mailer.sent), system.suppressions.reads

    ask(system, firm, client.id)

    assert system.deliver_all() == []
    assert len(system.mailer.sent) == sent and system.suppressions.reads == reads + 1


def test_a_bounce_for_a_firm_that_does_not_exist_suppresses_nothing(system: FakeSystem) -> None:
    assert record(system, bounce("nosuchfirm", "ana@example.com")) == 0


def test_staff_see_the_clients_suppressed_addresses(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, notification_emails=["filha@example.com", "neto@example.com"])
    access = grant(system, firm, client)
    record(system, bounce(firm.id, "neto@example.com", access.email))
    record(system, bounce(firm.id, "someone@else.example.com"))

    shown = system.services.notifications.client_suppressions(firm.id, client.id)

    assert [s.address for s in shown] == [access.email, "neto@example.com"]
    assert shown[0].diagnostic == "smtp; 550 5.1.1 user unknown" and shown[0].kind == "news"
    with pytest.raises(NotFound):
        system.services.notifications.client_suppressions(firm.id, "nosuchclient")


def test_an_admin_lifts_a_suppression_audited_and_mail_flows_again(system: FakeSystem, firm: OpenFirm) -> None:
    client, access = active_client(system, firm)
    record(system, bounce(firm.id, access.email))

    system.services.notifications.lift_suppression(firm.actor, access.email.upper())

    assert system.services.notifications.client_suppressions(firm.id, client.id) == []
    assert "suppression.lifted" in system.audit.actions(firm.id)
    ask(system, firm, client.id)
    system.deliver_all()
    assert system.mailer.sent[-1].to == [access.email]
    with pytest.raises(NotFound):
        system.services.notifications.lift_suppression(firm.actor, access.email)


def test_a_lift_racing_another_is_a_conflict(system: FakeSystem, firm: OpenFirm) -> None:
    record(system, bounce(firm.id, "ana@example.com"))
    (entry,) = system.suppressions.find(firm.id, ["ana@example.com"]).values()
    system.services.notifications.lift_suppression(firm.actor, "ana@example.com")
    record(system, sns_envelope(ses_event("Complaint", ["ana@example.com"], {"firm": [firm.id]})))

    with pytest.raises(Conflict):
        system.suppressions.lift(entry, AuditEntry.record(firm.actor, "x", "y", system.clock.now()))
