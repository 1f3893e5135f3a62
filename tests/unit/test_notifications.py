"""The notifications worker's rules: one e-mail with a fresh one-time link, in the right
language, or nothing when the notification no longer applies."""

from __future__ import annotations

import pytest

from chalicelib.domain.accesses import AccessStatus, AccessType
from chalicelib.domain.clients import ClientUpdate
from chalicelib.domain.common import Language
from chalicelib.domain.errors import Unauthenticated
from chalicelib.domain.firm import PortalSettingsChange
from chalicelib.domain.identity import LinkPurpose, OneTimeLink, PrincipalKind, hash_secret
from chalicelib.domain.notifications import Notification, NotificationKind
from chalicelib.domain.staff import StaffInvite
from tests.support.fakes.notifications import link_in, token_in
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, grant, invited_client, link_client, open_firm

ADDRESS = FakeSystem.ADDRESS
# The default subjects (email_templates/) the tests tell the e-mails apart by.
INVITATION_SUBJECTS = {
    Language.PT_BR: "Seu acesso ao portal de {firm}",
    Language.ES: "Su acceso al portal de {firm}",
    Language.EN: "Your access to the {firm} portal",
}
STAFF_INVITATION_SUBJECT = "Convite para a equipe de Silva Advogados"
STAFF_RESET_SUBJECT = "Redefinição de senha da área administrativa de Silva Advogados"
STAFF_INVITATION_SUBJECTS_ES = "Invitación al equipo de Silva Advogados"
CLIENT = PrincipalKind.CLIENT
STAFF = PrincipalKind.STAFF


def invitation_for(firm: OpenFirm, client_id: str) -> Notification:
    return Notification(
        kind=NotificationKind.INVITATION, firm_id=firm.id, principal_kind=CLIENT, principal_id=client_id
    )


def test_an_invitation_becomes_one_email_with_a_working_link(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza", ["maria@example.com"])
    grant(system, firm, client)
    [notification] = system.outbox.take()

    [message_id] = system.services.notifications.deliver(notification)

    [email] = system.mailer.sent
    assert message_id == "message-1"
    assert email.to == ["maria@example.com"]
    assert (email.sender_name, email.tags) == (firm.firm.portal.sender_name, {"firm": firm.id, "kind": "invitation"})
    assert link_in(email).startswith("https://silva.portal.test/#/invite/")
    assert "Olá, Maria Souza." in email.text and "O convite vale por 3 dias" in email.text
    access = system.accesses.get(firm.id, client.id)
    assert access.credentials.invitation_sent_at == system.clock.now()
    assert (
        access.credentials.links[LinkPurpose.INVITATION].expires_at == system.clock.now() + system.policy.invitation_ttl
    )
    assert system.services.auth.accept_invitation(
        firm.slug, CLIENT, token_in(email), "client password 1", ADDRESS
    ).access_token


def test_the_link_is_stored_only_as_a_hash(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    system.deliver_all()
    secret = OneTimeLink.parse(token_in(system.mailer.sent[-1])).secret

    stored = system.store.everything()
    assert secret not in stored
    assert hash_secret(secret) in stored
    assert system.accesses.get(firm.id, client.id).credentials.links[LinkPurpose.INVITATION].secret_hash == hash_secret(
        secret
    )


def test_every_delivery_replaces_the_previous_link(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    [notification] = system.outbox.take()
    system.services.notifications.deliver(notification)
    system.services.notifications.deliver(notification)  # what idempotency in the worker prevents; here, the rule
    first, second = (token_in(m) for m in system.mailer.sent)
    assert first != second
    with pytest.raises(Unauthenticated):
        system.services.auth.describe_invitation(firm.slug, CLIENT, first, ADDRESS)
    assert system.services.auth.describe_invitation(firm.slug, CLIENT, second, ADDRESS).email == client.emails[0]


def test_nothing_is_sent_once_the_access_is_removed(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    system.services.accesses.remove(firm.actor, client.id)
    assert system.deliver_all() == []
    assert system.mailer.sent == []


def test_nothing_is_sent_once_the_client_is_deleted(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    system.services.clients.delete(firm.actor, client.id, admin=True)
    assert system.deliver_all() == [] and system.mailer.sent == []


def test_an_invitation_is_not_sent_once_the_access_is_active(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    sent = len(system.mailer.sent)
    stored = system.accesses.get(firm.id, client.id)
    assert system.services.notifications.deliver(invitation_for(firm, client.id)) == []
    assert len(system.mailer.sent) == sent
    assert system.accesses.get(firm.id, client.id) == stored  # no new link stored either


def test_an_invitation_is_not_sent_while_blocked(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    system.services.accesses.block(firm.actor, client.id)
    assert system.deliver_all() == [] and system.mailer.sent == []


def test_an_access_link_is_sent_only_to_an_active_link_access(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = link_client(system, firm)
    assert link_in(system.mailer.sent[-1]).startswith("https://silva.portal.test/#/link/")
    sent = len(system.mailer.sent)
    system.services.accesses.block(firm.actor, client.id)
    system.services.auth.request_access_link(firm.slug, client.emails[0], ADDRESS)
    assert system.deliver_all() == [] and len(system.mailer.sent) == sent

    system.services.accesses.unblock(firm.actor, client.id)
    system.services.auth.request_access_link(firm.slug, client.emails[0], ADDRESS)
    assert system.deliver_all() != [None] and len(system.mailer.sent) == sent + 1


def test_an_invitation_for_a_link_access_sends_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = link_client(system, firm)
    assert system.accesses.get(firm.id, client.id).type is AccessType.LINK
    assert system.services.notifications.deliver(invitation_for(firm, client.id)) == []


def test_a_password_reset_is_sent_to_a_known_active_account_only(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    pending = add_client(system, firm, "Paula Pendente")
    grant(system, firm, pending)
    system.outbox.take()
    sent = len(system.mailer.sent)

    for email in ("nobody@example.com", pending.emails[0]):
        system.services.auth.request_password_reset(firm.slug, CLIENT, email, ADDRESS)
    assert system.deliver_all() == [] and len(system.mailer.sent) == sent

    system.services.auth.request_password_reset(firm.slug, CLIENT, client.emails[0], ADDRESS)
    system.deliver_all()
    [email] = system.mailer.sent[sent:]
    assert email.to == client.emails and link_in(email).startswith("https://silva.portal.test/#/reset/")
    assert "O link vale por 1 hora(s)" in email.text


def test_staff_get_the_staff_templates_and_links_to_the_admin_app(system: FakeSystem, firm: OpenFirm) -> None:
    member = system.services.staff.invite(firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno"))
    system.deliver_all()
    assert system.mailer.sent[-1].subject == STAFF_INVITATION_SUBJECT
    assert link_in(system.mailer.sent[-1]).startswith("https://admin.portal.test/#/invite/silva/")

    system.services.auth.request_password_reset(firm.slug, STAFF, firm.admin.email, ADDRESS)
    system.deliver_all()
    assert system.mailer.sent[-1].subject == STAFF_RESET_SUBJECT
    assert link_in(system.mailer.sent[-1]).startswith("https://admin.portal.test/#/reset/silva/")
    # A member still invited gets no reset.
    system.services.auth.request_password_reset(firm.slug, STAFF, member.email, ADDRESS)
    assert system.deliver_all() == []


def test_a_notification_for_an_unknown_firm_sends_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    assert (
        system.services.notifications.deliver(
            invitation_for(firm, client.id).model_copy(update={"firm_id": "nosuchfirm"})
        )
        == []
    )
    assert system.mailer.sent == []


def test_a_notification_does_not_reach_into_another_firm(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    other = open_firm(system, slug="outra")
    assert system.services.notifications.deliver(invitation_for(other, client.id)) == []
    assert system.mailer.sent == []


@pytest.mark.parametrize(
    ("client_language", "firm_language", "expected"),
    [
        (Language.ES, Language.PT_BR, Language.ES),
        (None, Language.EN, Language.EN),
        (None, Language.PT_BR, Language.PT_BR),
        (Language.EN, Language.ES, Language.EN),
    ],
)
def test_the_email_is_in_the_clients_language_else_the_firms(
    system: FakeSystem, client_language: Language | None, firm_language: Language, expected: Language
) -> None:
    firm = open_firm(system, default_language=firm_language)
    client = add_client(system, firm, "Maria Souza", language=client_language)
    grant(system, firm, client)
    system.deliver_all()
    assert system.mailer.sent[-1].subject == INVITATION_SUBJECTS[expected].format(firm=firm.firm.portal.display_name)


def test_a_language_chosen_after_the_grant_counts(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza")
    grant(system, firm, client)
    current = system.services.clients.get(firm.id, client.id)
    system.services.clients.update(
        firm.actor,
        client.id,
        ClientUpdate(name=current.name, emails=current.emails, language=Language.ES, version=current.version),
    )
    system.deliver_all()
    assert system.mailer.sent[-1].subject == INVITATION_SUBJECTS[Language.ES].format(firm=firm.firm.portal.display_name)


def test_staff_emails_are_in_the_firms_language(system: FakeSystem, firm: OpenFirm) -> None:
    current = system.firms.get(firm.id)
    change = PortalSettingsChange(
        **(current.portal.model_dump() | {"default_language": Language.ES}), version=current.version
    )
    system.services.firm.change_portal_settings(firm.actor, change)
    system.services.staff.invite(firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno"))
    system.deliver_all()
    assert system.mailer.sent[-1].subject == STAFF_INVITATION_SUBJECTS_ES


def test_the_email_carries_the_firms_branding_and_reply_address(system: FakeSystem) -> None:
    firm = open_firm(
        system, primary_color="#aa0011", reply_to="Contato@Silva.example.com", sender_name="Silva e Associados"
    )
    client = add_client(system, firm)
    grant(system, firm, client)
    system.deliver_all()
    email = system.mailer.sent[-1]
    assert (email.sender_name, email.reply_to) == ("Silva e Associados", "contato@silva.example.com")
    assert firm.firm.portal.display_name in email.html and "#aa0011" in email.html


def test_with_the_real_templates_the_text_is_in_portuguese_and_client_text_is_escaped(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client = add_client(system, firm, "Maria <script>alert(1)</script> {{ 7*7 }}")
    grant(system, firm, client)
    system.deliver_all()
    email = system.mailer.sent[-1]
    assert email.subject == f"Seu acesso ao portal de {firm.firm.portal.display_name}"
    assert "Criar minha senha" in email.html and "<script>" not in email.html
    assert "&lt;script&gt;" in email.html and "{{ 7*7 }}" in email.html  # shown, not run
    token = token_in(email)
    assert token in email.text  # the plain-text part carries the link too
    assert system.services.auth.accept_invitation(firm.slug, CLIENT, token, "client password 1", ADDRESS).access_token


def test_an_access_status_is_untouched_by_delivery(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    access = grant(system, firm, client)
    system.deliver_all()
    stored = system.accesses.get(firm.id, client.id)
    # Only the credentials changed (a new revision): the version counts admins' edits alone.
    assert (
        stored.status is AccessStatus.PENDING and stored.version == access.version and stored.profile == access.profile
    )
    assert stored.credentials.revision == access.credentials.revision + 1
