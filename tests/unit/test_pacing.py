"""B3: a client's notifications are gathered for the firm's digest window and held through
its quiet hours (a frozen clock, the scheduler's releases run by hand); links, invitations
and resets never wait."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain.clients import Client
from chalicelib.domain.documents import DocumentRequestInput
from chalicelib.domain.firm import NotificationSettings
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.matters import Matter
from chalicelib.domain.notifications import MAX_HELD, HeldNotifications, Notification
from chalicelib.domain.timeline import UpdateInput
from chalicelib.services.composition import Services
from tests.support.fakes.notifications import InMemoryHeldNotifications
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, invited_client, open_matter, pace, publish

# Noon in São Paulo (UTC-3), the firm's time zone unless a test says otherwise.
NOON = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock_at_noon(system: FakeSystem) -> None:
    system.clock.set(NOON)


def a_client_with_a_matter(system: FakeSystem, firm: OpenFirm) -> tuple[Client, Matter]:
    client, _ = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [client], title="Locação"), [client])
    system.deliver_all()  # the invitation
    return client, matter


def news(system: FakeSystem, firm: OpenFirm, matter: Matter, title: str) -> Notification:
    system.services.timeline.add(firm.actor, matter.id, UpdateInput(kind="news", occurred_at=NOON, text=title))
    [notification] = system.outbox.take()
    return notification


def mails_to(system: FakeSystem, client: Client) -> list[str]:
    return [m.tags["kind"] for m in system.mailer.to(client.emails[0])]


@pytest.mark.usefixtures("clock_at_noon")
def test_news_waits_for_the_digest_window_then_goes_alone(system: FakeSystem, firm: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, firm)
    sent = len(system.mailer.sent)

    assert system.services.notifications.deliver(news(system, firm, matter, "Audiência marcada")) == []

    assert len(system.mailer.sent) == sent
    assert system.release_held(NOON + timedelta(minutes=9)) == []
    [message_id] = system.release_held(NOON + timedelta(minutes=10))
    assert system.mailer.sent[-1].tags == {"firm": firm.id, "kind": "news"}
    assert system.held.get(firm.id, client.id) is None
    assert message_id


@pytest.mark.usefixtures("clock_at_noon")
def test_three_quick_news_items_make_one_digest(system: FakeSystem, firm: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, firm)
    other = publish(system, firm, open_matter(system, firm, [client], title="Inventário"), [client])
    system.outbox.take()
    before = mails_to(system, client)

    for title, on in (("Primeira", matter), ("Segunda", other), ("Terceira", matter)):
        system.services.notifications.deliver(news(system, firm, on, title))
        system.clock.advance(minutes=2)

    assert len(system.scheduler.scheduled) == 1  # one release, opened by the first
    system.release_held()
    assert mails_to(system, client) == [*before, "digest"]
    digest = system.mailer.sent[-1]
    assert digest.subject == "Silva Advogados: 3 novidades no portal"
    lines = [line for line in digest.text.splitlines() if line.startswith("- ")]
    assert [line.split(": ")[0] for line in lines] == [
        "- Primeira (Locação)",
        "- Segunda (Inventário)",
        "- Terceira (Locação)",
    ]
    assert all(": https://silva.portal.test/#/matters/" in line for line in lines)


@pytest.mark.usefixtures("clock_at_noon")
def test_twenty_updates_in_five_minutes_send_one_email(system: FakeSystem, firm: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, firm)
    before = len(mails_to(system, client))

    for n in range(20):
        system.services.notifications.deliver(news(system, firm, matter, f"Novidade {n}"))
        system.clock.advance(seconds=15)
    system.release_held()

    assert len(mails_to(system, client)) == before + 1


@pytest.mark.usefixtures("clock_at_noon")
def test_the_same_notification_delivered_three_times_is_held_and_sent_once(system: FakeSystem, firm: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, firm)
    notification = news(system, firm, matter, "Uma só")
    before = len(mails_to(system, client))

    for _ in range(3):
        system.services.notifications.deliver(notification)

    held = system.held.get(firm.id, client.id)
    assert held is not None and [n.id for n in held.notifications] == [notification.id]
    system.release_held()
    assert mails_to(system, client)[before:] == ["news"]


@pytest.mark.usefixtures("clock_at_noon")
def test_without_a_digest_window_news_goes_at_once_in_the_day(system: FakeSystem, firm: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, firm)
    pace(system, firm, digest_minutes=0)

    [message_id] = system.services.notifications.deliver(news(system, firm, matter, "Já"))

    assert message_id and system.scheduler.scheduled == {}
    assert mails_to(system, client)[-1] == "news"


def test_news_at_night_waits_for_the_morning_in_the_firms_time_zone(system: FakeSystem, firm: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, firm)
    pace(system, firm, digest_minutes=0)
    system.clock.set(datetime(2026, 12, 1, 23, 30, tzinfo=UTC))  # 20:30 in São Paulo

    assert system.services.notifications.deliver(news(system, firm, matter, "De noite")) == []

    [(at, _)] = system.scheduler.scheduled.values()
    assert at == datetime(2026, 12, 2, 11, 0, tzinfo=UTC)  # 08:00 in São Paulo
    assert system.release_held(at - timedelta(seconds=1)) == []
    assert len(system.release_held(at)) == 1


def test_links_invitations_and_resets_are_never_held(system: FakeSystem, firm: OpenFirm) -> None:
    system.clock.set(datetime(2026, 12, 2, 3, 0, tzinfo=UTC))  # midnight in São Paulo
    client, _ = invited_client(system, firm)  # the invitation went at once: it was accepted
    system.services.auth.request_password_reset(firm.slug, PrincipalKind.CLIENT, client.emails[0], FakeSystem.ADDRESS)

    [message_id] = [m for n in system.outbox.take() for m in system.services.notifications.deliver(n)]

    assert message_id and system.scheduler.scheduled == {}
    assert mails_to(system, client)[-1] == "password_reset"


@pytest.mark.usefixtures("clock_at_noon")
def test_a_request_answered_before_the_release_is_left_out(system: FakeSystem, firm: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, firm)
    request = system.services.documents.request_documents(
        firm.actor, DocumentRequestInput(client_id=client.id, title="RG", details="Frente e verso")
    )
    [asked] = system.outbox.take()
    system.services.notifications.deliver(asked)
    system.services.notifications.deliver(news(system, firm, matter, "Novidade"))
    system.services.documents.delete_request(firm.actor, request.id)
    before = len(mails_to(system, client))

    system.release_held()

    assert mails_to(system, client)[before:] == ["news"]  # one left: its own e-mail, no digest


@pytest.mark.usefixtures("clock_at_noon")
def test_a_notification_held_while_a_release_is_sent_waits_for_a_release_of_its_own(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, matter = a_client_with_a_matter(system, firm)
    system.services.notifications.deliver(news(system, firm, matter, "Antes"))
    late = news(system, firm, matter, "Durante")

    class HeldWhileSending(InMemoryHeldNotifications):
        """Another worker holds `late` between the release's read and its removal."""

        def remove(self, held: HeldNotifications) -> None:
            if not held.holds(late.id):
                service = system.services.notifications
                service.deliver(late)
            super().remove(held)

    racing = Services(replace(system.adapters, held=HeldWhileSending(system.store)))
    [release] = system.scheduler.due(datetime.max.replace(tzinfo=UTC))
    before = len(mails_to(system, client))

    assert len(racing.notifications.release(release)) == 1

    rest = system.held.get(firm.id, client.id)
    assert rest is not None and [n.id for n in rest.notifications] == [late.id] and rest.id != release.id
    system.release_held()
    assert mails_to(system, client)[before:] == ["news", "news"]


@pytest.mark.usefixtures("clock_at_noon")
def test_past_the_most_a_client_may_have_held_a_notification_goes_alone(system: FakeSystem, firm: OpenFirm) -> None:
    client, matter = a_client_with_a_matter(system, firm)
    first = news(system, firm, matter, "Primeira")
    system.services.notifications.deliver(first)
    held = system.held.get(firm.id, client.id)
    assert held is not None
    full = held.model_copy(
        update={"notifications": [first.model_copy(update={"id": f"n{i}"}) for i in range(MAX_HELD)]}
    )
    system.held.save(full, held)

    assert len(system.services.notifications.deliver(news(system, firm, matter, "Avulsa"))) == 1


# --- the rule itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-12-01T15:00:00+00:00", "2026-12-01T15:10:00+00:00"),  # noon: the window
        ("2026-12-01T22:49:59+00:00", "2026-12-01T22:59:59+00:00"),  # 19:59:59 after the window: still the day
        ("2026-12-01T22:50:00+00:00", "2026-12-02T11:00:00+00:00"),  # the window ends at 20:00: the morning
        ("2026-12-02T03:00:00+00:00", "2026-12-02T11:00:00+00:00"),  # midnight
        ("2026-12-02T10:50:00+00:00", "2026-12-02T11:00:00+00:00"),  # 07:50 + 10 min = 08:00: the day
        ("2026-12-02T10:49:00+00:00", "2026-12-02T11:00:00+00:00"),  # 07:59 at the end of the window: 08:00
    ],
)
def test_release_time_in_sao_paulo(now: str, expected: str) -> None:
    assert NotificationSettings().release_at(datetime.fromisoformat(now)) == datetime.fromisoformat(expected)


def test_quiet_hours_across_a_daylight_saving_change() -> None:
    madrid = NotificationSettings(digest_minutes=0, time_zone="Europe/Madrid", quiet_from="22:00", quiet_until="07:00")
    # The night of 28 to 29 March 2026: the clocks go from 02:00 to 03:00 (UTC+1 to UTC+2).
    assert madrid.release_at(datetime(2026, 3, 28, 22, 30, tzinfo=UTC)) == datetime(2026, 3, 29, 5, 0, tzinfo=UTC)


def test_quiet_hours_within_a_day_and_switched_off() -> None:
    lunch = NotificationSettings(digest_minutes=0, time_zone="UTC", quiet_from="12:00", quiet_until="13:00")
    assert lunch.release_at(datetime(2026, 1, 5, 12, 30, tzinfo=UTC)) == datetime(2026, 1, 5, 13, 0, tzinfo=UTC)
    assert lunch.release_at(datetime(2026, 1, 5, 13, 0, tzinfo=UTC)) == datetime(2026, 1, 5, 13, 0, tzinfo=UTC)
    off = NotificationSettings(digest_minutes=5, quiet_hours=False)
    assert off.release_at(datetime(2026, 1, 5, 3, 0, tzinfo=UTC)) == datetime(2026, 1, 5, 3, 5, tzinfo=UTC)


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown time zone"):
        NotificationSettings(time_zone="Mars/Olympus")


# --- the channel each topic goes on ------------------------------------------------------------

MOBILE = "+5511976543210"


def choose(system: FakeSystem, tokens: Any, **channels: str) -> None:
    from chalicelib.domain.preferences import MobileCodeInput, MobileNumberInput, NotificationPreferencesChange
    from tests.unit.builders import caller

    who = caller(system, tokens)
    if "sms" in channels.values() and system.services.preferences.mine(who).mobile is None:
        system.services.preferences.start_mobile_verification(who, MobileNumberInput(number=MOBILE))
        code = system.sms.to(MOBILE)[-1].split(" é ")[1][:6]
        system.services.preferences.confirm_mobile(who, MobileCodeInput(code=code))
    current = system.services.preferences.mine(who)
    system.services.preferences.change(who, NotificationPreferencesChange(channels=channels, version=current.version))


def test_a_client_who_chose_nothing_for_news_is_neither_held_nor_sent_anything(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [client]), [client])
    system.deliver_all()
    choose(system, tokens, news="none")
    system.clock.set(NOON)  # after the client's own requests: her session is checked against real time
    before = len(system.mailer.sent)

    assert system.services.notifications.deliver(news(system, firm, matter, "Nada")) == []

    assert system.held.get(firm.id, client.id) is None and system.scheduler.scheduled == {}
    assert system.release_held() == [] and len(system.mailer.sent) == before


def test_held_together_news_by_text_and_a_request_by_email_go_each_on_its_channel(
    system: FakeSystem, firm: OpenFirm
) -> None:
    from chalicelib.domain.documents import DocumentRequestInput

    client, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [client], title="Locação"), [client])
    system.deliver_all()
    choose(system, tokens, news="sms")
    system.clock.set(NOON)
    texts, mails = len(system.sms.to(MOBILE)), len(system.mailer.sent)
    system.services.notifications.deliver(news(system, firm, matter, "Primeira"))
    system.services.notifications.deliver(news(system, firm, matter, "Segunda"))
    system.services.documents.request_documents(firm.actor, DocumentRequestInput(client_id=client.id, title="RG"))
    [asked] = system.outbox.take()
    system.services.notifications.deliver(asked)

    assert len(system.release_held()) == 2

    [text] = system.sms.to(MOBILE)[texts:]
    assert text.startswith("Silva Advogados:") and "2" in text and "https://silva.portal.test" in text
    [mail] = system.mailer.sent[mails:]
    assert mail.tags["kind"] == "document_requested" and mail.headers == {}  # no unsubscribe on a request


def test_a_text_that_cannot_go_goes_by_email_with_one_click_unsubscribe(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [client]), [client])
    system.deliver_all()
    choose(system, tokens, news="sms")
    system.clock.set(NOON)
    pace(system, firm, digest_minutes=0, sms_monthly_cap=1)  # the code took the month's one text

    [message_id] = system.services.notifications.deliver(news(system, firm, matter, "Por e-mail"))

    mail = system.mailer.sent[-1]
    assert message_id == f"message-{len(system.mailer.sent)}" and mail.subject.startswith("Por e-mail")
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        mail.headers["List-Unsubscribe"].startswith("<http")
        and "/unsubscribe?token=" in mail.headers["List-Unsubscribe"]
    )
    assert len(system.sms.to(MOBILE)) == 1  # the code only
