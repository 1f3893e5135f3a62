"""What staff are told, put on the outbox where it happens (the dispatcher delivers it): a
client's file that passed the checks (UPLOAD_RECEIVED) and a court movement whose plain
text failed the fact check (TRANSLATION_FLAGGED)."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.common import new_id
from chalicelib.domain.documents import DocumentRequestInput, FilesToSend, UploadRequest
from chalicelib.domain.identity import PrincipalKind, Role
from chalicelib.domain.notifications import Notification, NotificationKind
from chalicelib.domain.ports import PortalChanges
from chalicelib.domain.staff import StaffMember, StaffStatus
from chalicelib.domain.translations import PlainText, TranslationState
from tests.support.fakes.system import FakeSystem
from tests.support.fakes.translations import ScriptedModel
from tests.unit.builders import (
    OpenFirm,
    caller,
    integration,
    invited_client,
    open_matter,
    publish,
    send_movements,
)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"
CNJ = "0000832-35.2018.4.01.3202"


def member(system: FakeSystem, firm: OpenFirm, name: str, status: StaffStatus = StaffStatus.ACTIVE) -> StaffMember:
    staff = StaffMember(
        id=new_id(),
        firm_id=firm.id,
        email=f"{name.lower()}.{new_id()}@silva.example.com",
        name=name,
        role=Role.STAFF,
        status=status,
        created_at=system.clock.now(),
    )
    system.staff.create(staff, None)
    return staff


def told(system: FakeSystem, kind: NotificationKind) -> list[Notification]:
    return [n for n in system.outbox.take() if n.kind is kind]


# --- UPLOAD_RECEIVED ---------------------------------------------------------------------------


def upload(system: FakeSystem, tokens: Any, content: bytes = PDF, **request: Any) -> str:
    """The client sends one PDF and the documents worker checks it; the document's id."""
    files = [{"file_name": "Contrato.pdf", "content_type": "application/pdf", "size": len(content)}]
    (ticket,) = system.services.documents.start_client_uploads(
        caller(system, tokens), UploadRequest(files=files, **request)
    )
    key = ticket.form.fields["key"]
    system.storage.post(key, content)
    system.services.documents.check(key)
    return key.rsplit("/", 1)[-1]


def answer_request(
    system: FakeSystem, firm: OpenFirm, asker: StaffMember, tokens: Any, client_id: str, **more: Any
) -> str:
    actor = firm.actor.model_copy(update={"principal_id": asker.id})
    request = system.services.documents.request_documents(
        actor, DocumentRequestInput(client_id=client_id, title="Comprovante de residência", **more)
    )
    files = FilesToSend(files=[{"file_name": "Conta.pdf", "content_type": "application/pdf", "size": len(PDF)}])
    (ticket,) = system.services.documents.send_to_request(caller(system, tokens), request.id, files)
    system.storage.post(ticket.form.fields["key"], PDF)
    system.outbox.take()  # the request's own e-mail to the client
    system.services.documents.check(ticket.form.fields["key"])
    return ticket.form.fields["key"].rsplit("/", 1)[-1]


def test_a_file_sent_for_a_request_is_told_to_the_staff_member_who_asked_for_it(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    asker = member(system, firm, "Bruno")
    lawyer = member(system, firm, "Carla")
    matter = publish(system, firm, open_matter(system, firm, [client], responsible_lawyer_id=lawyer.id), [client])

    document_id = answer_request(system, firm, asker, tokens, client.id, matter_id=matter.id)

    (notification,) = told(system, NotificationKind.UPLOAD_RECEIVED)
    assert notification.model_dump(exclude={"id"}) == {
        "kind": NotificationKind.UPLOAD_RECEIVED,
        "firm_id": firm.id,
        "principal_kind": PrincipalKind.STAFF,
        "principal_id": asker.id,
        "email": None,
        "matter_id": matter.id,
        "item_id": document_id,
    }


def test_when_the_asker_left_the_matters_responsible_lawyer_is_told(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    asker = member(system, firm, "Bruno")
    lawyer = member(system, firm, "Carla")
    matter = publish(system, firm, open_matter(system, firm, [client], responsible_lawyer_id=lawyer.id), [client])
    system.staff.save(asker.model_copy(update={"status": StaffStatus.DISABLED, "version": asker.version + 1}), None)

    answer_request(system, firm, asker, tokens, client.id, matter_id=matter.id)

    assert [n.principal_id for n in told(system, NotificationKind.UPLOAD_RECEIVED)] == [lawyer.id]


def test_a_file_sent_to_a_matter_unasked_is_told_to_its_active_responsible_lawyer_only(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    lawyer = member(system, firm, "Carla")
    matter = publish(system, firm, open_matter(system, firm, [client], responsible_lawyer_id=lawyer.id), [client])
    system.outbox.take()

    document_id = upload(system, tokens, matter_id=matter.id)
    (notification,) = told(system, NotificationKind.UPLOAD_RECEIVED)
    assert (notification.principal_id, notification.matter_id, notification.item_id) == (
        lawyer.id,
        matter.id,
        document_id,
    )

    system.staff.save(lawyer.model_copy(update={"status": StaffStatus.DISABLED, "version": lawyer.version + 1}), None)
    upload(system, tokens, matter_id=matter.id)
    assert told(system, NotificationKind.UPLOAD_RECEIVED) == []


def test_nobody_is_told_of_a_profile_file_a_refused_file_or_a_file_checked_again(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    invited = member(system, firm, "Bruno", status=StaffStatus.INVITED)
    matter = publish(system, firm, open_matter(system, firm, [client], responsible_lawyer_id=invited.id), [client])
    system.outbox.take()

    upload(system, tokens)  # the client's profile: no matter, no request
    upload(system, tokens, matter_id=matter.id)  # its lawyer has not accepted the invitation
    upload(system, tokens, content=b"MZ\x90\x00 not a pdf", matter_id=matter.id)  # refused by the checks
    assert told(system, NotificationKind.UPLOAD_RECEIVED) == []

    lawyer = member(system, firm, "Carla")
    current = system.services.matters.get(firm.id, matter.id)
    system.matters.save(
        current.model_copy(update={"responsible_lawyer_id": lawyer.id, "version": current.version + 1}),
        current,
        PortalChanges(),
        None,
    )
    document_id = upload(system, tokens, matter_id=matter.id)
    assert len(told(system, NotificationKind.UPLOAD_RECEIVED)) == 1
    system.services.documents.check(f"firms/{firm.id}/documents/{document_id}")  # the worker runs again
    assert told(system, NotificationKind.UPLOAD_RECEIVED) == []


def test_staff_own_uploads_tell_nobody(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    lawyer = member(system, firm, "Carla")
    matter = open_matter(system, firm, [client], responsible_lawyer_id=lawyer.id)
    files = [{"file_name": "Petição.pdf", "content_type": "application/pdf", "size": len(PDF)}]
    (ticket,) = system.services.documents.start_staff_uploads(firm.actor, matter.id, UploadRequest(files=files))
    system.storage.post(ticket.form.fields["key"], PDF)
    system.outbox.take()

    system.services.documents.check(ticket.form.fields["key"])

    assert told(system, NotificationKind.UPLOAD_RECEIVED) == []


# --- TRANSLATION_FLAGGED -----------------------------------------------------------------------

DROPPED = PlainText(happened="Uma audiência foi marcada.", next="Seu advogado vai orientar.")
# No code: the code table cannot say it, so the model is asked.
MOVEMENT = {"dataHora": "2026-08-03T10:00:00.000Z", "nome": "Audiência de conciliação designada para 10/03/2027 14:00"}


def with_model(system: FakeSystem, firm: OpenFirm, *answers: Any) -> ScriptedModel:
    from chalicelib.domain.translations import ConsentChange

    model = ScriptedModel(answers=list(answers))
    system.reconfigure(model=model)
    system.credits.grant(firm.id, 10)
    version = system.services.translations.settings(firm.id).firm_version
    system.services.translations.change_consent(firm.actor, ConsentChange(granted=True, version=version))
    return model


def flagged_movement(system: FakeSystem, firm: OpenFirm) -> tuple[str, str]:
    """A movement arrives and the model's two answers fail the fact check: (matter, update)."""
    send_movements(system, integration(system, firm), {"format": "datajud", "records": [
        {"numeroProcesso": CNJ, "movimentos": [MOVEMENT]}
    ]})  # fmt: skip
    system.translate_queued()
    matter = system.matters.by_number(firm.id, "00008323520184013202")
    assert matter is not None
    (item,) = [
        i for i in system.services.timeline.page(firm.id, matter.id, None, 10).items if i.text == MOVEMENT["nome"]
    ]
    assert item.translation_state is TranslationState.FLAGGED
    return matter.id, item.id


def test_a_flagged_translation_is_told_to_the_matters_responsible_lawyer_once(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, _ = invited_client(system, firm)
    lawyer = member(system, firm, "Carla")
    publish(system, firm, open_matter(system, firm, [client], number=CNJ, responsible_lawyer_id=lawyer.id), [client])
    with_model(system, firm, DROPPED, DROPPED, DROPPED, DROPPED)
    system.outbox.take()

    matter_id, item_id = flagged_movement(system, firm)

    (notification,) = told(system, NotificationKind.TRANSLATION_FLAGGED)
    assert (notification.principal_kind, notification.principal_id, notification.matter_id, notification.item_id) == (
        PrincipalKind.STAFF,
        lawyer.id,
        matter_id,
        item_id,
    )
    # Staff ask again and it fails again: the lawyer knows already.
    system.services.translations.request(firm.actor, matter_id, item_id)
    system.translate_queued()
    assert system.timeline.get(firm.id, matter_id, item_id).translation_state is TranslationState.FLAGGED
    assert told(system, NotificationKind.TRANSLATION_FLAGGED) == []


def test_a_flag_on_a_matter_with_no_active_lawyer_tells_nobody(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    gone = member(system, firm, "Bruno", status=StaffStatus.DISABLED)
    publish(system, firm, open_matter(system, firm, [client], number=CNJ, responsible_lawyer_id=gone.id), [client])
    with_model(system, firm, DROPPED, DROPPED)
    system.outbox.take()

    flagged_movement(system, firm)

    assert told(system, NotificationKind.TRANSLATION_FLAGGED) == []


def test_a_translation_that_passes_tells_nobody(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    lawyer = member(system, firm, "Carla")
    publish(system, firm, open_matter(system, firm, [client], number=CNJ, responsible_lawyer_id=lawyer.id), [client])
    good = PlainText(happened="Uma audiência foi marcada para 10/03/2027 às 14:00.", next="Seu advogado vai orientar.")
    with_model(system, firm, good)
    system.outbox.take()
    send_movements(system, integration(system, firm), {"format": "datajud", "records": [
        {"numeroProcesso": CNJ, "movimentos": [MOVEMENT]}
    ]})  # fmt: skip

    assert system.translate_queued() == [TranslationState.TRANSLATED]
    assert told(system, NotificationKind.TRANSLATION_FLAGGED) == []
