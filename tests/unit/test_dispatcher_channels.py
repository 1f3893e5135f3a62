"""The dispatcher's channels: a client's notifications by text when the client chose SMS (one
text, or one for several), by e-mail when a text cannot go, nothing for a topic chosen none;
one-click unsubscribe on news and digests (the topic it stops), and what each e-mail says."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.domain.accesses import VisibilityProfile
from chalicelib.domain.clients import Client
from chalicelib.domain.common import Language
from chalicelib.domain.documents import DocumentRequest, DocumentRequestInput
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.matters import Matter
from chalicelib.domain.notifications import Notification, NotificationKind, Topic
from chalicelib.domain.ports import OutgoingEmail
from chalicelib.domain.preferences import ChannelChoice, NotificationPreferences, VerifiedMobile
from chalicelib.domain.templates import TemplateChange, TemplateName
from chalicelib.domain.timeline import UpdateInput
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, invited_client, open_firm, open_matter, pace, publish

NOON = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # noon in São Paulo
MOBILE = "+5511987654321"
OPTED_OUT = "+5511987654399"  # the fake SMS sender's opted-out numbers end in 99
PORTAL = "https://silva.portal.test"


@pytest.fixture
def english(system: FakeSystem) -> OpenFirm:
    system.clock.set(NOON)
    return open_firm(system, default_language=Language.EN)


def choose(system: FakeSystem, firm: OpenFirm, client: Client, mobile: str | None = None, **channels: str) -> None:
    """The client's choices as stored (the portal's own flow is tested in test_preferences)."""
    current = system.preferences.get(firm.id, client.id)
    system.preferences.save(
        NotificationPreferences(
            firm_id=firm.id,
            client_id=client.id,
            channels={Topic(t): ChannelChoice(c) for t, c in channels.items()},
            mobile=VerifiedMobile(number=mobile, verified_at=NOON) if mobile else None,
            version=(current.version if current else 0) + 1,
        )
    )


def a_client_with_a_matter(system: FakeSystem, firm: OpenFirm, **matter: Any) -> tuple[Client, Matter]:
    client, _ = invited_client(system, firm)
    published = publish(system, firm, open_matter(system, firm, [client], title="Lease", **matter), [client])
    system.deliver_all()
    system.outbox.take()
    return client, published


def news(system: FakeSystem, firm: OpenFirm, matter: Matter, text: str, body: str | None = None) -> Notification:
    system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind="news", occurred_at=NOON, text=text, body=body)
    )
    [notification] = system.outbox.take()
    return notification


def ask(system: FakeSystem, firm: OpenFirm, client: Client, **fields: Any) -> tuple[DocumentRequest, Notification]:
    request = system.services.documents.request_documents(
        firm.actor, DocumentRequestInput(client_id=client.id, **({"title": "ID card"} | fields))
    )
    [notification] = system.outbox.take()
    return request, notification


def changed(firm: OpenFirm, client: Client, matter: Matter) -> Notification:
    return Notification(
        kind=NotificationKind.MATTER_UPDATED,
        firm_id=firm.id,
        principal_kind=PrincipalKind.CLIENT,
        principal_id=client.id,
        matter_id=matter.id,
    )


def hold_and_release(system: FakeSystem, *notifications: Notification) -> list[str]:
    for notification in notifications:
        assert system.services.notifications.deliver(notification) == []
    return system.release_held()


def last_mail(system: FakeSystem, client: Client) -> OutgoingEmail:
    return system.mailer.to(client.emails[0])[-1]


def item_lines(mail: OutgoingEmail) -> list[str]:
    return [line for line in mail.text.splitlines() if line.startswith("- ")]


def unsubscribed_topic(system: FakeSystem, firm: OpenFirm, client: Client, mail: OutgoingEmail) -> list[Topic]:
    """POST the List-Unsubscribe URL as a mail app would: the topics it turned to none."""
    url = mail.headers["List-Unsubscribe"].strip("<>")
    [token] = parse_qs(urlsplit(url).query)["token"]
    system.services.preferences.unsubscribe(token)
    choices = system.services.preferences.of(firm.id, client.id)
    return [topic for topic in Topic if choices.channel_for(topic) is None]


# --- text messages ----------------------------------------------------------------------------


def test_news_for_a_client_who_chose_sms_is_one_text_and_no_e_mail(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    choose(system, english, client, MOBILE, news="sms")
    mails = len(system.mailer.sent)

    sent = system.services.notifications.deliver(news(system, english, matter, "Hearing set"))

    assert sent == ["sms-1"]
    assert system.sms.to(MOBILE) == [
        f"Silva Advogados: a new message about your case. Read it on the portal: {PORTAL}/#/matters/{matter.id}"
    ]
    assert len(system.mailer.sent) == mails


def test_several_by_sms_are_one_text_counting_them_with_the_portal_link(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    choose(system, english, client, MOBILE, news="sms", document_requests="sms")
    _, asked = ask(system, english, client)
    mails = len(system.mailer.sent)

    sent = hold_and_release(system, news(system, english, matter, "Hearing set"), asked)

    assert sent == ["sms-1"]
    assert system.sms.to(MOBILE) == [f"Silva Advogados: you have 2 updates on the client portal: {PORTAL}"]
    assert len(system.mailer.sent) == mails


def test_a_mobile_on_file_sends_no_text_when_nothing_is_by_sms(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    choose(system, english, client, MOBILE, billing="sms")

    [message_id] = system.services.notifications.deliver(news(system, english, matter, "Hearing set"))

    assert message_id.startswith("message-") and system.sms.sent == []
    assert last_mail(system, client).tags["kind"] == "news"


def test_what_cannot_go_by_text_goes_by_e_mail_with_the_rest_and_none_is_still_left_out(
    system: FakeSystem, english: OpenFirm
) -> None:
    client, matter = a_client_with_a_matter(system, english)
    choose(system, english, client, OPTED_OUT, document_requests="sms")
    request, asked = ask(system, english, client, title="Proof of address")
    held_news = news(system, english, matter, "Hearing set")
    for notification in (held_news, asked, changed(english, client, matter)):
        system.services.notifications.deliver(notification)
    choose(system, english, client, OPTED_OUT, document_requests="sms", case_changes="none")  # after holding

    [message_id] = system.release_held()

    digest = last_mail(system, client)
    assert message_id.startswith("message-") and system.sms.sent == []
    assert digest.tags["kind"] == "digest"
    assert item_lines(digest) == [
        f"- Hearing set (Lease): {PORTAL}/#/matters/{matter.id}",
        f"- Proof of address: {PORTAL}/#/requests/{request.id}",
    ]


def test_a_text_and_an_e_mail_when_the_topics_chose_each(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    choose(system, english, client, MOBILE, document_requests="sms")
    _, asked = ask(system, english, client)

    sent = hold_and_release(system, asked, news(system, english, matter, "Hearing set"))

    assert len(sent) == 2 and sent[0] == "sms-1" and sent[1].startswith("message-")
    assert system.sms.to(MOBILE) == [
        f"Silva Advogados asks you to send a document through the portal: {PORTAL}/#/requests/{asked.item_id}"
    ]
    assert last_mail(system, client).tags["kind"] == "news"


def test_a_topic_chosen_none_is_neither_held_nor_sent(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    choose(system, english, client, news="none")
    mails = len(system.mailer.sent)

    assert system.services.notifications.deliver(news(system, english, matter, "Hearing set")) == []

    assert system.held.get(english.id, client.id) is None and system.scheduler.scheduled == {}
    assert len(system.mailer.sent) == mails


# --- one-click unsubscribe --------------------------------------------------------------------


def test_a_news_e_mail_in_full_with_its_unsubscribe_link_and_headers(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)

    system.services.notifications.deliver(news(system, english, matter, "Hearing set"))

    mail = last_mail(system, client)
    assert set(mail.headers) == {"List-Unsubscribe", "List-Unsubscribe-Post"}
    assert mail.headers["List-Unsubscribe"].startswith("<https://api.portal.test/unsubscribe?token=")
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page = system.services.preferences.unsubscribe_page_url(english.firm, client.id, Topic.NEWS)
    assert mail.text.splitlines()[2:] == [
        "Hello Maria Souza,",
        "",
        "Silva Advogados has news on the case Lease:",
        "",
        "Hearing set",
        "",
        f"Read it on the portal: {PORTAL}/#/matters/{matter.id}",
        "",
        "--",
        "You receive this e-mail because Silva Advogados handles this case for you.",
        f"Silva Advogados: {PORTAL}",
        f"Stop sending me news by e-mail: {page}",
    ]
    assert unsubscribed_topic(system, english, client, mail) == [Topic.NEWS]


def test_a_single_document_request_has_no_unsubscribe(system: FakeSystem, english: OpenFirm) -> None:
    client, _ = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    _, asked = ask(system, english, client)

    system.services.notifications.deliver(asked)

    mail = last_mail(system, client)
    assert mail.tags["kind"] == "document_requested" and mail.headers == {}
    assert "unsubscribe" not in mail.text.lower()


def test_a_digest_with_news_unsubscribes_from_news_wherever_the_news_is(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    _, asked = ask(system, english, client)

    hold_and_release(system, asked, news(system, english, matter, "Hearing set"))

    digest = last_mail(system, client)
    assert digest.tags["kind"] == "digest"
    page = system.services.preferences.unsubscribe_page_url(english.firm, client.id, Topic.NEWS)
    assert digest.text.splitlines()[-1] == f"Stop sending me these e-mails: {page}"
    assert unsubscribed_topic(system, english, client, digest) == [Topic.NEWS]


def test_a_digest_without_news_unsubscribes_from_its_first_items_topic(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    _, asked = ask(system, english, client, title="Proof of address")

    hold_and_release(system, asked, changed(english, client, matter))

    digest = last_mail(system, client)
    assert item_lines(digest) == [
        f"- Proof of address: {PORTAL}/#/requests/{asked.item_id}",
        f"- Lease (Lease): {PORTAL}/#/matters/{matter.id}",
    ]
    assert "Hello Maria Souza," in digest.text and f"Open the portal: {PORTAL}\n" in digest.text
    assert unsubscribed_topic(system, english, client, digest) == [Topic.DOCUMENT_REQUESTS]


# --- what the client's e-mails say --------------------------------------------------------------


def test_a_request_for_a_case_with_a_due_date_in_the_clients_language(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    _, asked = ask(system, english, client, matter_id=matter.id, details="Both sides", due_date=date(2026, 12, 20))

    system.services.notifications.deliver(asked)

    mail = last_mail(system, client)
    paragraphs = mail.text.split("\n\n")
    assert "Hello Maria Souza," in paragraphs
    assert "Silva Advogados asks you to send a document for the case Lease:" in paragraphs
    assert "Please send it by December 20, 2026." in paragraphs


def test_a_request_without_a_case_or_a_due_date_says_neither(system: FakeSystem, english: OpenFirm) -> None:
    client, _ = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    _, asked = ask(system, english, client)

    system.services.notifications.deliver(asked)

    paragraphs = last_mail(system, client).text.split("\n\n")
    assert "Silva Advogados asks you to send a document:" in paragraphs
    assert not any("send it by" in p for p in paragraphs)


def test_a_request_line_in_a_digest_names_its_case(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    _, asked = ask(system, english, client, matter_id=matter.id, title="Proof of address")

    hold_and_release(system, asked, news(system, english, matter, "Hearing set"))

    assert item_lines(last_mail(system, client)) == [
        f"- Proof of address (Lease): {PORTAL}/#/requests/{asked.item_id}",
        f"- Hearing set (Lease): {PORTAL}/#/matters/{matter.id}",
    ]


def test_news_with_a_number_and_no_body(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english, number="1234")
    pace(system, english, digest_minutes=0)

    system.services.notifications.deliver(news(system, english, matter, "Hearing set"))

    paragraphs = last_mail(system, client).text.split("\n\n")
    assert "Silva Advogados has news on the case Lease (no. 1234):" in paragraphs
    assert paragraphs[paragraphs.index("Hearing set") + 1].startswith("Read it on the portal:")


def test_a_request_of_another_client_is_not_sent(system: FakeSystem, english: OpenFirm) -> None:
    client, _ = a_client_with_a_matter(system, english)
    other, _ = invited_client(system, english, "Bruno Lima")
    system.deliver_all()
    pace(system, english, digest_minutes=0)
    _, theirs = ask(system, english, other)

    assert system.services.notifications.deliver(theirs.model_copy(update={"principal_id": client.id})) == []


def test_nothing_goes_once_the_access_is_blocked_or_the_matter_hidden(system: FakeSystem, english: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, english)
    held = news(system, english, matter, "Hearing set")
    system.services.notifications.deliver(held)
    system.services.accesses.block(english.actor, client.id)

    assert system.release_held() == []

    other, _ = invited_client(system, english, "Bruno Lima")
    system.deliver_all()
    hidden = publish(system, english, open_matter(system, english, [other], title="Estate"), [other])
    system.outbox.take()
    system.services.notifications.deliver(news(system, english, hidden, "Later"))
    publish(system, english, hidden, [])
    system.outbox.take()

    assert system.release_held() == []


def test_a_firm_logo_is_in_every_client_e_mail(system: FakeSystem) -> None:
    system.clock.set(NOON)
    firm = open_firm(system, default_language=Language.EN, logo_url="https://cdn.example.com/logo.png")
    client, matter = a_client_with_a_matter(system, firm)
    pace(system, firm, digest_minutes=0)

    system.services.notifications.deliver(news(system, firm, matter, "Hearing set"))

    assert '<img src="https://cdn.example.com/logo.png"' in last_mail(system, client).html


def test_a_first_request_has_no_reason_even_in_a_firms_own_template(system: FakeSystem, english: OpenFirm) -> None:
    client, _ = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    system.services.templates.save(
        english.actor,
        TemplateName.DOCUMENT_REQUESTED,
        Language.EN,
        TemplateChange(
            subject="Please send {{ item_title }}", body="Send it.{% if reason %} Why: {{ reason }}{% endif %}"
        ),
    )
    _, asked = ask(system, english, client)

    system.services.notifications.deliver(asked)

    mail = last_mail(system, client)
    assert mail.subject == "Please send ID card"
    assert "Send it." in mail.text.split("\n\n") and "Why" not in mail.text


def test_news_of_a_private_matter_goes_only_to_a_client_whose_profile_includes_them(
    system: FakeSystem, english: OpenFirm
) -> None:
    pace(system, english, digest_minutes=0)
    insider, _ = invited_client(system, english, "Ines Dias", profile=VisibilityProfile(include_private_matters=True))
    outsider, _ = invited_client(system, english, "Otto Reis")
    system.deliver_all()
    matter = publish(
        system,
        english,
        open_matter(system, english, [insider, outsider], title="Lease", private=True),
        [insider, outsider],
    )
    system.outbox.take()
    mails = len(system.mailer.sent)
    system.services.timeline.add(english.actor, matter.id, UpdateInput(kind="news", occurred_at=NOON, text="Private"))

    sent = [m for n in system.outbox.take() for m in system.services.notifications.deliver(n)]

    assert len(sent) == 1 and [m.to for m in system.mailer.sent[mails:]] == [[insider.emails[0]]]
