"""What staff hear of by e-mail, at once whatever the firm's pacing: a client's file that
passed the checks, a court movement whose plain-language version needs a person."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.domain.common import new_id
from chalicelib.domain.documents import Document, DocumentStatus, Uploader
from chalicelib.domain.identity import PrincipalKind, Role
from chalicelib.domain.notifications import Notification, NotificationKind
from chalicelib.domain.staff import StaffInvite
from chalicelib.domain.timeline import TimelineItem, UpdateKind, item_id, random_suffix
from tests.support.fakes.notifications import link_in
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, open_matter

# 23:00 in São Paulo: in the quiet hours, which staff e-mails ignore.
NIGHT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def to_staff(firm: OpenFirm, kind: NotificationKind, staff_id: str, **about: str) -> Notification:
    return Notification(kind=kind, firm_id=firm.id, principal_kind=PrincipalKind.STAFF, principal_id=staff_id, **about)


def a_sent_document(system: FakeSystem, firm: OpenFirm, client_id: str, matter_id: str) -> Document:
    document = Document(
        id=new_id(),
        firm_id=firm.id,
        client_id=client_id,
        matter_id=matter_id,
        file_name="Comprovante de residência.pdf",
        declared_type="application/pdf",
        key=f"firms/{firm.id}/documents/x",
        status=DocumentStatus.AVAILABLE,
        uploaded_by=client_id,
        uploader=Uploader.CLIENT,
        created_at=NIGHT,
        client_name="Maria Souza",
        matter_title="Locação",
    )
    system.documents.create_many([document], None)
    return document


def test_an_upload_received_goes_to_the_staff_member_at_once_at_night(system: FakeSystem, firm: OpenFirm) -> None:
    system.clock.set(NIGHT)
    client = add_client(system, firm, "Maria Souza")
    matter = open_matter(system, firm, [client], title="Locação")
    document = a_sent_document(system, firm, client.id, matter.id)
    admin = firm.admin

    [message_id] = system.services.notifications.deliver(
        to_staff(firm, NotificationKind.UPLOAD_RECEIVED, admin.id, matter_id=matter.id, item_id=document.id)
    )

    [mail] = [m for m in system.mailer.sent if m.tags.get("kind") == "upload_received"]
    assert message_id and mail.to == [admin.email]
    assert mail.subject == "Maria Souza enviou um documento: Comprovante de residência.pdf"
    assert "no processo Locação." in mail.text
    assert link_in(mail) == "https://admin.portal.test/#/review"


def test_a_staff_member_not_active_hears_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    matter = open_matter(system, firm, [client])
    document = a_sent_document(system, firm, client.id, matter.id)
    invited = system.services.staff.invite(
        firm.actor, StaffInvite(email="novo@silva.example.com", name="Novo", role=Role.STAFF)
    )
    system.outbox.take()

    assert (
        system.services.notifications.deliver(
            to_staff(firm, NotificationKind.UPLOAD_RECEIVED, invited.id, item_id=document.id)
        )
        == []
    )
    assert system.services.notifications.deliver(to_staff(firm, NotificationKind.UPLOAD_RECEIVED, "nobody")) == []


def test_an_upload_gone_or_a_client_as_recipient_sends_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    sent = len(system.mailer.sent)

    assert (
        system.services.notifications.deliver(
            to_staff(firm, NotificationKind.UPLOAD_RECEIVED, firm.admin.id, item_id="gone")
        )
        == []
    )
    as_client = Notification(
        kind=NotificationKind.UPLOAD_RECEIVED,
        firm_id=firm.id,
        principal_kind=PrincipalKind.CLIENT,
        principal_id=client.id,
    )
    assert system.services.notifications.deliver(as_client) == []
    assert len(system.mailer.sent) == sent


def test_a_flagged_translation_tells_the_lawyer_which_movement_of_which_case(
    system: FakeSystem, firm: OpenFirm
) -> None:
    matter = open_matter(system, firm, [], title="Inventário", number="Proc 7")
    movement = TimelineItem(
        id=item_id(NIGHT, random_suffix()),
        firm_id=firm.id,
        matter_id=matter.id,
        kind=UpdateKind.AUTOMATIC_MOVEMENT,
        occurred_at=NIGHT,
        text="Conclusos para despacho",
        code=51,
        source="court",
        created_at=NIGHT,
        created_by="court",
        updated_at=NIGHT,
    )
    system.timeline.add(movement, None)

    [message_id] = system.services.notifications.deliver(
        to_staff(firm, NotificationKind.TRANSLATION_FLAGGED, firm.admin.id, matter_id=matter.id, item_id=movement.id)
    )

    mail = system.mailer.sent[-1]
    assert message_id and mail.tags["kind"] == "translation_flagged"
    assert mail.subject == "Revise a explicação de um andamento: Inventário"
    assert "processo Inventário (nº Proc 7)" in mail.text and "Andamento: Conclusos para despacho" in mail.text
    assert link_in(mail) == f"https://admin.portal.test/#/matters/{matter.id}"
    assert (
        system.services.notifications.deliver(
            to_staff(firm, NotificationKind.TRANSLATION_FLAGGED, firm.admin.id, matter_id=matter.id, item_id="gone")
        )
        == []
    )
