"""The dispatcher at its edges: holding and releasing while other workers change the client's
held notifications, releases that find nothing (or another set) to send, the staff's e-mails
in full, the links' lifetimes, and the suppression list's reads, refusals and audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.auth import IdentityPolicy
from chalicelib.domain.common import Language, new_id
from chalicelib.domain.documents import Document, DocumentRequestInput, DocumentStatus, Uploader
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import (
    HeldNotifications,
    HeldRelease,
    Notification,
    NotificationKind,
    PortalUrls,
    Suppression,
    SuppressionReason,
)
from chalicelib.domain.templates import TemplateChange, TemplateName
from chalicelib.domain.timeline import TimelineItem, UpdateInput, UpdateKind, item_id, random_suffix
from chalicelib.services.composition import Services
from tests.support.fakes.notifications import InMemoryHeldNotifications
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, grant, invited_client, open_firm, open_matter, publish

NOON = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def english(system: FakeSystem) -> OpenFirm:
    system.clock.set(NOON)
    return open_firm(system, default_language=Language.EN, reply_to="office@silva.example.com")


def news_to(system: FakeSystem, firm: OpenFirm, title: str = "Hearing set") -> tuple[str, Notification, str]:
    """A client with a published matter and news on it (not yet delivered): client id, notification, matter id."""
    client, _ = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [client], title="Lease"), [client])
    system.deliver_all()
    system.outbox.take()
    return client.id, news_on(system, firm, matter.id, title), matter.id


def news_on(system: FakeSystem, firm: OpenFirm, matter_id: str, title: str) -> Notification:
    system.services.timeline.add(firm.actor, matter_id, UpdateInput(kind="news", occurred_at=NOON, text=title))
    [notification] = system.outbox.take()
    return notification


def with_held(system: FakeSystem, held: InMemoryHeldNotifications) -> Services:
    return Services(replace(system.adapters, held=held))


# --- holding while others hold ----------------------------------------------------------------


def test_a_notification_held_meanwhile_makes_the_next_one_read_again_and_join(
    system: FakeSystem, english: OpenFirm
) -> None:
    client_id, first, matter_id = news_to(system, english)
    second = news_on(system, english, matter_id, "Second")

    class HeldMeanwhile(InMemoryHeldNotifications):
        """Another worker opens the client's set just before this one does."""

        raced = False

        def save(self, held: HeldNotifications, previous: HeldNotifications | None) -> None:
            if not self.raced:
                self.raced = True
                system.services.notifications.deliver(first)
            super().save(held, previous)

    assert with_held(system, HeldMeanwhile(system.store)).notifications.deliver(second) == []

    held = system.held.get(english.id, client_id)
    assert held is not None and [n.id for n in held.notifications] == [first.id, second.id]
    assert len(system.scheduler.scheduled) == 1


def test_held_notifications_that_keep_changing_leave_the_delivery_to_a_later_attempt(
    system: FakeSystem, english: OpenFirm
) -> None:
    _, notification, _ = news_to(system, english)

    class AlwaysChanging(InMemoryHeldNotifications):
        def save(self, held: HeldNotifications, previous: HeldNotifications | None) -> None:
            raise Conflict("changed")

    with pytest.raises(Conflict) as busy:
        with_held(system, AlwaysChanging(system.store)).notifications.deliver(notification)

    assert busy.value.code == "busy"
    assert busy.value.message == "The client's notifications kept changing; delivered again later."


# --- releasing while others hold ----------------------------------------------------------------


def test_the_rest_of_a_release_is_due_at_once(system: FakeSystem, english: OpenFirm) -> None:
    client_id, first, matter_id = news_to(system, english)
    system.services.notifications.deliver(first)
    late = news_on(system, english, matter_id, "Late")

    class HeldWhileSending(InMemoryHeldNotifications):
        def remove(self, held: HeldNotifications) -> None:
            if not held.holds(late.id):
                system.services.notifications.deliver(late)
            super().remove(held)

    [release] = system.scheduler.due(datetime.max.replace(tzinfo=UTC))
    system.clock.advance(minutes=15)  # the release ran late: its set was due at 12:10

    assert len(with_held(system, HeldWhileSending(system.store)).notifications.release(release)) == 1

    rest = system.held.get(english.id, client_id)
    assert rest is not None and rest.release_at == NOON + timedelta(minutes=15)
    assert system.scheduler.scheduled == {rest.id: (NOON + timedelta(minutes=15), rest.release)}


def test_a_release_whose_rest_meets_another_change_reads_again_and_keeps_both(
    system: FakeSystem, english: OpenFirm
) -> None:
    client_id, first, matter_id = news_to(system, english)
    system.services.notifications.deliver(first)
    late, later = news_on(system, english, matter_id, "Late"), news_on(system, english, matter_id, "Later")

    class TwoRaces(InMemoryHeldNotifications):
        """`late` held before the release removes its set, `later` before it saves the rest."""

        def remove(self, held: HeldNotifications) -> None:
            if not held.holds(late.id):
                system.services.notifications.deliver(late)
            super().remove(held)

        def save(self, held: HeldNotifications, previous: HeldNotifications | None) -> None:
            if previous is not None and not previous.holds(later.id):
                system.services.notifications.deliver(later)
            super().save(held, previous)

    [release] = system.scheduler.due(datetime.max.replace(tzinfo=UTC))

    assert len(with_held(system, TwoRaces(system.store)).notifications.release(release)) == 1

    rest = system.held.get(english.id, client_id)
    assert rest is not None and rest.id != release.id
    assert [n.id for n in rest.notifications] == [late.id, later.id]
    assert list(system.scheduler.scheduled) == [rest.id]


def test_a_set_another_release_removed_meanwhile_is_not_held_again(system: FakeSystem, english: OpenFirm) -> None:
    client_id, first, _ = news_to(system, english)
    system.services.notifications.deliver(first)

    class RemovedMeanwhile(InMemoryHeldNotifications):
        def remove(self, held: HeldNotifications) -> None:
            super().remove(held)
            raise Conflict("gone")

    [release] = system.scheduler.due(datetime.max.replace(tzinfo=UTC))

    assert len(with_held(system, RemovedMeanwhile(system.store)).notifications.release(release)) == 1
    assert system.held.get(english.id, client_id) is None and system.scheduler.scheduled == {}


def test_a_release_with_nothing_held_or_no_firm_sends_nothing(system: FakeSystem, english: OpenFirm) -> None:
    client_id, notification, _ = news_to(system, english)
    release = HeldRelease(id="gone", firm_id=english.id, client_id=client_id)
    assert system.services.notifications.release(release) == []

    ghost = HeldNotifications(firm_id="ghost", client_id=client_id, release_at=NOON, notifications=[notification])
    system.held.save(ghost, None)
    assert system.services.notifications.release(ghost.release) == []
    assert system.held.get("ghost", client_id) is not None


# --- what staff are told --------------------------------------------------------------------------


def to_staff(firm: OpenFirm, kind: NotificationKind, **about: str) -> Notification:
    return Notification(
        kind=kind, firm_id=firm.id, principal_kind=PrincipalKind.STAFF, principal_id=firm.admin.id, **about
    )


def a_document(system: FakeSystem, firm: OpenFirm, client_id: str, **fields: str | None) -> Document:
    document = Document(
        id=new_id(),
        firm_id=firm.id,
        client_id=client_id,
        file_name="Payslip.pdf",
        declared_type="application/pdf",
        key=f"firms/{firm.id}/documents/x",
        status=DocumentStatus.AVAILABLE,
        uploaded_by=client_id,
        uploader=Uploader.CLIENT,
        created_at=NOON,
        client_name="Maria Souza",
        **fields,
    )
    system.documents.create_many([document], None)
    return document


def told(system: FakeSystem, notification: Notification) -> list[str]:
    """The paragraphs of the e-mail the notification sent to staff."""
    [message_id] = system.services.notifications.deliver(notification)
    assert message_id == f"message-{len(system.mailer.sent)}"
    return system.mailer.sent[-1].text.split("\n\n")


def test_an_upload_for_a_request_names_it_and_the_e_mail_is_the_firms(system: FakeSystem, english: OpenFirm) -> None:
    client = add_client(system, english, "Maria Souza")
    matter = open_matter(system, english, [client], title="Lease")
    request = system.services.documents.request_documents(
        english.actor, DocumentRequestInput(client_id=client.id, title="Proof of address")
    )
    system.outbox.take()
    document = a_document(system, english, client.id, matter_id=matter.id, matter_title="Lease", request_id=request.id)

    paragraphs = told(system, to_staff(english, NotificationKind.UPLOAD_RECEIVED, item_id=document.id))

    mail = system.mailer.sent[-1]
    assert (mail.reply_to, mail.tags) == ("office@silva.example.com", {"firm": english.id, "kind": "upload_received"})
    assert "Hello Ana Admin," in paragraphs
    assert "Maria Souza sent the file Payslip.pdf for the request “Proof of address”, on the case Lease." in paragraphs


def test_an_upload_without_a_request_or_a_case_names_neither(system: FakeSystem, english: OpenFirm) -> None:
    client = add_client(system, english, "Maria Souza")
    document = a_document(system, english, client.id)

    paragraphs = told(system, to_staff(english, NotificationKind.UPLOAD_RECEIVED, item_id=document.id))

    assert "Maria Souza sent the file Payslip.pdf." in paragraphs


def test_a_flagged_movement_of_a_case_without_a_number(system: FakeSystem, english: OpenFirm) -> None:
    matter = open_matter(system, english, [], title="Estate")
    movement = TimelineItem(
        id=item_id(NOON, random_suffix()),
        firm_id=english.id,
        matter_id=matter.id,
        kind=UpdateKind.AUTOMATIC_MOVEMENT,
        occurred_at=NOON,
        text="Conclusos para despacho",
        code=51,
        source="court",
        created_at=NOON,
        created_by="court",
        updated_at=NOON,
    )
    system.timeline.add(movement, None)
    flagged = to_staff(english, NotificationKind.TRANSLATION_FLAGGED, matter_id=matter.id, item_id=movement.id)

    paragraphs = told(system, flagged)

    assert "Hello Ana Admin," in paragraphs
    assert paragraphs[2].startswith("The plain-language explanation of a movement in the case Estate did not pass")
    gone = to_staff(english, NotificationKind.TRANSLATION_FLAGGED, matter_id="gone", item_id=movement.id)
    assert system.services.notifications.deliver(gone) == []


def test_an_admin_address_with_a_trailing_slash_makes_the_same_links(system: FakeSystem, english: OpenFirm) -> None:
    urls = PortalUrls(portal_template="https://{slug}.portal.test", admin="https://admin.portal.test/")
    services = Services(replace(system.adapters, urls=urls))
    client = add_client(system, english, "Maria Souza")
    document = a_document(system, english, client.id)

    services.notifications.deliver(to_staff(english, NotificationKind.UPLOAD_RECEIVED, item_id=document.id))

    assert "Review the document: https://admin.portal.test/#/review" in system.mailer.sent[-1].text


# --- links ------------------------------------------------------------------------------------------


def test_an_invitation_of_one_day_says_one_day() -> None:
    system = FakeSystem(policy=IdentityPolicy(invitation_ttl=timedelta(days=1)))
    firm = open_firm(system, default_language=Language.EN)
    grant(system, firm, add_client(system, firm))
    system.deliver_all()
    assert "This invitation is valid for 1 days and can be used once." in system.mailer.sent[-1].text


def test_a_reset_link_of_four_hours_says_four_hours() -> None:
    system = FakeSystem(policy=IdentityPolicy(password_reset_ttl=timedelta(hours=4)))
    firm = open_firm(system, default_language=Language.EN)
    system.services.auth.request_password_reset(firm.slug, PrincipalKind.STAFF, firm.admin.email, FakeSystem.ADDRESS)
    system.deliver_all()
    assert "The link is valid for 4 hour(s) and can be used once." in system.mailer.sent[-1].text


def test_a_firms_own_invitation_may_say_when_the_link_expires(system: FakeSystem, english: OpenFirm) -> None:
    system.services.templates.save(
        english.actor,
        TemplateName.INVITATION,
        Language.EN,
        TemplateChange(subject="Welcome", body="Set your password before {{ expires_at }}."),
    )
    grant(system, english, add_client(system, english))
    system.deliver_all()
    expires = NOON + system.policy.invitation_ttl
    assert f"Set your password before {expires:%B} {expires.day}, {expires.year} 15:00 UTC." in (
        system.mailer.sent[-1].text
    )


# --- the suppression list -------------------------------------------------------------------------


def suppress(system: FakeSystem, firm: OpenFirm, address: str, minute: int = 0) -> Suppression:
    suppression = Suppression(
        firm_id=firm.id,
        address=address,
        reason=SuppressionReason.BOUNCED,
        at=NOON + timedelta(minutes=minute),
    )
    assert system.suppressions.add(suppression)
    return suppression


def test_a_client_without_an_access_shows_the_suppressed_notification_addresses(
    system: FakeSystem, english: OpenFirm
) -> None:
    client = add_client(system, english, "Maria Souza", notification_emails=["Neto@Example.com"])
    suppress(system, english, "neto@example.com")

    assert [s.address for s in system.services.notifications.client_suppressions(english.id, client.id)] == [
        "neto@example.com"
    ]


def test_a_client_without_any_address_is_not_looked_up(system: FakeSystem, english: OpenFirm) -> None:
    client = add_client(system, english, "Maria Souza", emails=[])
    reads = system.suppressions.reads

    assert system.services.notifications.client_suppressions(english.id, client.id) == []
    assert system.suppressions.reads == reads


def test_the_suppression_refusals_say_what_is_missing(system: FakeSystem, english: OpenFirm) -> None:
    with pytest.raises(NotFound) as no_client:
        system.services.notifications.client_suppressions(english.id, "nosuchclient")
    assert no_client.value.message == "Client not found."
    with pytest.raises(NotFound) as not_listed:
        system.services.notifications.lift_suppression(english.actor, "ana@example.com")
    assert not_listed.value.message == "This address is not on the suppression list."


def test_a_lift_is_audited_with_the_reason_it_was_suppressed(system: FakeSystem, english: OpenFirm) -> None:
    suppress(system, english, "ana@example.com")

    system.services.notifications.lift_suppression(english.actor, " Ana@Example.com ")

    [entry] = [e for e in system.audit.entries(english.id) if e.action == "suppression.lifted"]
    assert (entry.target, entry.details) == ("email:ana@example.com", {"reason": "bounced"})


def test_the_firms_list_pages_on_newest_first(system: FakeSystem, english: OpenFirm) -> None:
    suppress(system, english, "old@example.com", minute=0)
    suppress(system, english, "new@example.com", minute=1)

    first = system.services.notifications.suppression_page(english.id, None, 1)
    second = system.services.notifications.suppression_page(english.id, first.next_cursor, 1)

    assert [s.address for s in first.items] == ["new@example.com"]
    assert [s.address for s in second.items] == ["old@example.com"]
