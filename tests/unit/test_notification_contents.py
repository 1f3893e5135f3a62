"""What goes into the portal's e-mails: the template context (firm, colour, link, lifetime,
matter, news), the reply-to address and the tags, and who gets no e-mail at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.auth import IdentityPolicy
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import Notification, NotificationKind
from chalicelib.domain.timeline import UpdateInput
from tests.support.fakes.notifications import link_in
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, grant, invited_client, open_firm, open_matter, publish

ADDRESS = FakeSystem.ADDRESS


def test_an_invitation_carries_the_firm_its_colour_the_link_and_its_lifetime_in_days(system: FakeSystem) -> None:
    firm = open_firm(system, primary_color="#112233", reply_to="contato@silva.example.com")
    client = add_client(system, firm)
    access = grant(system, firm, client)
    system.deliver_all()

    [mail] = system.mailer.to(access.email)
    assert mail.subject == "Seu acesso ao portal de Silva Advogados"
    assert "#112233" in mail.html and f"Olá, {client.name}." in mail.text
    assert link_in(mail).startswith("https://silva.portal.test/#/invite/") and link_in(mail) in mail.text
    assert "O convite vale por 3 dias" in mail.text
    assert (mail.reply_to, mail.sender_name, mail.tags) == (
        "contato@silva.example.com",
        "Silva Advogados",
        {"firm": firm.id, "kind": "invitation"},
    )


def test_a_reset_link_of_an_hour_says_one_day_and_one_hour(system: FakeSystem, firm: OpenFirm) -> None:
    system.services.auth.request_password_reset(firm.slug, PrincipalKind.STAFF, firm.admin.email, ADDRESS)
    system.deliver_all()
    mail = system.mailer.sent[-1]
    assert mail.subject.startswith("Redefinição de senha da área administrativa")
    assert "1 hora(s)" in mail.text


def test_a_lifetime_is_told_in_whole_hours_and_days() -> None:
    system = FakeSystem(policy=IdentityPolicy(invitation_ttl=timedelta(hours=36)))
    firm = open_firm(system)
    grant(system, firm, add_client(system, firm))
    system.deliver_all()
    assert "O convite vale por 2 dias" in system.mailer.sent[-1].text


def test_a_reset_asked_for_an_unknown_address_sends_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    sent = len(system.mailer.sent)
    for kind in (PrincipalKind.STAFF, PrincipalKind.CLIENT):
        assert (
            system.services.notifications.deliver(
                Notification(kind=NotificationKind.PASSWORD_RESET, firm_id=firm.id, principal_kind=kind)
            )
            == []
        )
    assert len(system.mailer.sent) == sent


def test_news_mail_carries_the_matter_the_news_and_a_link_to_the_matter(system: FakeSystem) -> None:
    firm = open_firm(system, primary_color="#445566", reply_to="contato@silva.example.com")
    client, _ = invited_client(system, firm)
    matter = publish(
        system,
        firm,
        open_matter(system, firm, [client], title="Locação", kind="other_court_case", number="Proc 9"),
        [client],
    )
    untitled = publish(system, firm, open_matter(system, firm, [client], title="Sem número"), [client])
    system.outbox.take()
    when = datetime(2026, 9, 1, tzinfo=UTC)
    system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind="news", occurred_at=when, text="Boa notícia", body="Ganhamos.")
    )
    system.deliver_all()  # each alone: together they would make one digest
    system.services.timeline.add(firm.actor, untitled.id, UpdateInput(kind="news", occurred_at=when, text="Aviso"))
    system.deliver_all()

    with_number, without = system.mailer.sent[-2:]
    assert with_number.subject == "Boa notícia — Locação"
    assert "#445566" in with_number.html and f"Olá, {client.name}." in with_number.text
    assert "processo Locação (nº Proc 9):" in with_number.text and "Ganhamos." in with_number.text
    assert link_in(with_number) == f"https://silva.portal.test/#/matters/{matter.id}"
    assert without.subject == "Aviso — Sem número" and "processo Sem número:" in without.text
    mail = with_number
    assert (mail.reply_to, mail.tags) == ("contato@silva.example.com", {"firm": firm.id, "kind": "news"})


def test_matter_news_for_a_pending_access_sends_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    matter = publish(system, firm, open_matter(system, firm, [client]), [client])
    system.deliver_all()
    sent = len(system.mailer.sent)
    notification = Notification(
        kind=NotificationKind.MATTER_UPDATED,
        firm_id=firm.id,
        principal_kind=PrincipalKind.CLIENT,
        principal_id=client.id,
        matter_id=matter.id,
    )
    assert system.services.notifications.deliver(notification) == []
    assert len(system.mailer.sent) == sent
