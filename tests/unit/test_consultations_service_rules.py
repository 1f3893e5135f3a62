"""F20: the rules of ConsultationsService one by one, on FakeSystem: what each use case stores,
refuses (the error, its code, the field named), returns and writes to the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain.audit import Actor, AuditEntry
from chalicelib.domain.clients import ClientUpdate
from chalicelib.domain.common import Page, encode_cursor
from chalicelib.domain.consultations import (
    Consultation,
    ConsultationChange,
    ConsultationQuery,
    Conversion,
    EntryChange,
    EntryInput,
    Prospect,
    TaskChange,
    TaskInput,
)
from chalicelib.domain.documents import FileToUpload, UploadRequest
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.domain.matters import MatterKind, PartyRole
from chalicelib.services.consultations import STALE
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, open_firm, open_matter
from tests.unit.test_consultations import colleague, create, everything, prospect


def audited(system: FakeSystem, firm: OpenFirm, action: str) -> list[AuditEntry]:
    """The firm's audit entries of this action, the last written first."""
    return [e for e in system.audit.entries(firm.id) if e.action == action]


def refused_field(error: pytest.ExceptionInfo[InvalidInput]) -> tuple[str, str]:
    (detail,) = error.value.details
    return detail["path"], detail["message"]


def change_of(c: Any, **fields: Any) -> ConsultationChange:
    """The change a form sends for the consultation as read, with these fields changed."""
    data: dict[str, Any] = {
        "subject": c.subject,
        "occurred_at": c.occurred_at,
        "client_id": c.client_id,
        "prospect": c.prospect,
        "staff_ids": c.staff_ids,
        "important": c.important,
        "earlier_consultation_id": c.earlier_consultation_id,
        "matter_id": c.matter_id,
        "version": c.version,
    }
    return ConsultationChange(**(data | fields))


# --- conversion ----------------------------------------------------------------------------------


def test_converting_a_prospect_writes_the_client_the_matter_and_the_links(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor, subject="Divórcio consensual")
    system.clock.advance(hours=2)
    now = system.clock.now()
    result = service.convert(firm.actor, c.id, Conversion(version=1))
    matter, converted = result.matter, result.consultation

    (client,) = system.services.clients.list(firm.id, None, None, 10).items
    assert (client.name, client.emails, client.phone) == (
        "Joana Prado",
        ["joana@prospect.example.com"],
        prospect().phone,
    )
    assert client.firm_id == firm.id and client.created_at == now and client.updated_at == now

    assert matter.firm_id == firm.id and matter.kind is MatterKind.CASE and matter.number is None
    assert matter.title == "Divórcio consensual"
    assert [(p.name, p.role, p.client_id) for p in matter.parties] == [("Joana Prado", PartyRole.PLAINTIFF, client.id)]
    assert (matter.responsible_lawyer_id, matter.responsible_lawyer_name) == (firm.admin.id, "Ana Admin")
    assert (matter.consultation_id, matter.consultation_count) == (c.id, 1)
    assert matter.created_at == now and matter.updated_at == now
    assert system.services.matters.get(firm.id, matter.id).title == "Divórcio consensual"

    assert converted.converted is True and converted.version == 2 and converted.updated_at == now
    assert (converted.client_id, converted.client_name, converted.prospect) == (client.id, "Joana Prado", None)
    assert (converted.matter_id, converted.matter_title) == (matter.id, "Divórcio consensual")
    assert service.get(firm.id, c.id) == converted

    (done,) = audited(system, firm, "consultation.converted")
    assert (done.target, done.details, done.at) == (f"consultation:{c.id}", {"matter": matter.id}, now)
    (opened,) = audited(system, firm, "matter.created")
    assert opened.target == f"matter:{matter.id}"
    assert opened.details == {"number": None, "title": "Divórcio consensual"}
    (new_client,) = audited(system, firm, "client.created")
    assert (new_client.target, new_client.details) == (f"client:{client.id}", {"name": "Joana Prado"})


def test_converting_with_the_matter_s_own_title_kind_number_and_lawyer(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    bruno = colleague(system, firm)
    c = create(system, firm.actor, subject="Divórcio consensual")
    data = Conversion(
        title="Divórcio Prado",
        kind=MatterKind.OTHER_COURT_CASE,
        number="Contrato 12",
        responsible_lawyer_id=bruno.principal_id,
        version=1,
    )
    matter = service.convert(firm.actor, c.id, data).matter
    assert (matter.title, matter.kind, matter.number) == ("Divórcio Prado", MatterKind.OTHER_COURT_CASE, "Contrato 12")
    assert (matter.responsible_lawyer_id, matter.responsible_lawyer_name) == (bruno.principal_id, "Bruno Lima")
    assert service.get(firm.id, c.id).matter_title == "Divórcio Prado"
    (opened,) = audited(system, firm, "matter.created")
    assert opened.details == {"number": "Contrato 12", "title": "Divórcio Prado"}


def test_converting_a_client_s_consultation_names_the_client_as_she_is_now(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    client = add_client(system, firm, "Carla Dias")
    c = create(system, firm.actor, prospect=None, client_id=client.id)
    renamed = ClientUpdate(name="Carla Dias Moreira", emails=client.emails, version=client.version)
    system.services.clients.update(firm.actor, client.id, renamed)
    result = service.convert(firm.actor, c.id, Conversion(version=1))
    assert [(p.name, p.client_id) for p in result.matter.parties] == [("Carla Dias Moreira", client.id)]
    assert (result.consultation.client_id, result.consultation.client_name) == (client.id, "Carla Dias Moreira")
    # No client is created and none audited.
    assert [k.id for k in system.services.clients.list(firm.id, None, None, 10).items] == [client.id]
    assert audited(system, firm, "client.created")[1:] == []
    assert len(audited(system, firm, "client.created")) == 1  # the one add_client made


def test_a_stale_conversion_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.convert(firm.actor, c.id, Conversion(version=2))
    assert (refused.value.code, refused.value.message) == ("stale_version", STALE)
    assert system.store.matters == {}


def test_a_converted_consultation_is_not_converted_again(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    service.convert(firm.actor, c.id, Conversion(version=1))
    with pytest.raises(Conflict) as refused:
        service.convert(firm.actor, c.id, Conversion(version=2))
    assert refused.value.code == "converted"
    assert refused.value.message == "This consultation was converted into a matter already."
    assert len(system.store.matters) == 1


def test_a_consultation_linked_to_a_matter_is_unlinked_before_converting(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    c = create(system, firm.actor, matter_id=matter.id)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.convert(firm.actor, c.id, Conversion(version=1))
    assert refused.value.code == "linked"
    assert refused.value.message == (
        "This consultation is linked to a matter already: unlink it to convert it into a new one."
    )
    assert list(system.store.matters) == [(firm.id, matter.id)]


def test_a_prospect_whose_e_mail_a_client_has_is_not_converted(system: FakeSystem, firm: OpenFirm) -> None:
    add_client(system, firm, "Outra Pessoa", emails=["joana.trabalho@example.com"])
    two = Prospect(name="Joana Prado", emails=["joana@prospect.example.com", "joana.trabalho@example.com"])
    c = create(system, firm.actor, prospect=two)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.convert(firm.actor, c.id, Conversion(version=1))
    assert refused.value.code == "email_in_use"
    assert refused.value.message == (
        "Another client has the e-mail joana.trabalho@example.com: link the consultation to that client instead."
    )
    assert system.store.matters == {}
    assert system.services.consultations.get(firm.id, c.id) == c


def test_a_consultation_whose_client_is_gone_is_not_converted(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Carla Dias")
    c = create(system, firm.actor, prospect=None, client_id=client.id)
    system.services.clients.delete(firm.actor, client.id, admin=True)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.convert(firm.actor, c.id, Conversion(version=1))
    assert refused.value.code == "client_gone"
    assert refused.value.message == "The consultation's client is gone. Link it to a client first."
    assert system.store.matters == {}


def test_converting_names_a_responsible_lawyer_of_the_firm(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    with pytest.raises(InvalidInput) as refused:
        system.services.consultations.convert(firm.actor, c.id, Conversion(responsible_lawyer_id="nobody", version=1))
    assert refused_field(refused) == ("responsible_lawyer_id", "No such staff member.")
    assert system.store.matters == {}


def test_converting_into_a_number_the_firm_has_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    open_matter(system, firm, number="Contrato 12")
    c = create(system, firm.actor)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.convert(firm.actor, c.id, Conversion(number="contrato  12", version=1))
    assert refused.value.code == "conflict"
    assert refused.value.message == "The firm already has a matter with this number."
    assert len(system.store.matters) == 1
    assert system.services.clients.list(firm.id, None, None, 10).items == []


# --- what a consultation names (client, staff, earlier consultation, matter) ---------------------


def test_a_consultation_names_its_client_and_matter_by_their_names(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Carla Dias")
    matter = open_matter(system, firm, title="Inventário Dias")
    c = create(system, firm.actor, prospect=None, client_id=client.id, matter_id=matter.id)
    assert (c.client_id, c.client_name) == (client.id, "Carla Dias")
    assert (c.matter_id, c.matter_title) == (matter.id, "Inventário Dias")
    assert system.services.consultations.get(firm.id, c.id) == c


def test_a_prospect_s_consultation_names_no_client_nor_matter(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    assert (c.client_id, c.client_name, c.matter_id, c.matter_title) == (None, None, None, None)
    assert c.prospect == prospect()


def test_the_staff_involved_are_named_in_the_order_given(system: FakeSystem, firm: OpenFirm) -> None:
    bruno = colleague(system, firm)
    carla = colleague(system, firm, "Carla Reis")
    c = create(system, firm.actor, staff_ids=[carla.principal_id, bruno.principal_id])
    assert [(s.id, s.name) for s in c.staff] == [(carla.principal_id, "Carla Reis"), (bruno.principal_id, "Bruno Lima")]


def test_without_staff_the_one_writing_it_is_involved(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    assert [(s.id, s.name) for s in c.staff] == [(firm.admin.id, "Ana Admin")]
    assert (c.created_by.id, c.created_by.name) == (firm.admin.id, "Ana Admin")


def test_an_unknown_staff_member_is_named_by_its_place_in_the_list(system: FakeSystem, firm: OpenFirm) -> None:
    bruno = colleague(system, firm)
    with pytest.raises(InvalidInput) as refused:
        create(system, firm.actor, staff_ids=[bruno.principal_id, "nobody"])
    assert refused_field(refused) == ("staff_ids.1", "No such staff member.")
    with pytest.raises(InvalidInput) as first:
        create(system, firm.actor, staff_ids=["nobody"])
    assert refused_field(first) == ("staff_ids.0", "No such staff member.")


def test_an_unknown_client_matter_or_earlier_consultation_is_refused_by_its_field(
    system: FakeSystem, firm: OpenFirm
) -> None:
    with pytest.raises(InvalidInput) as client:
        create(system, firm.actor, prospect=None, client_id="noclient")
    assert refused_field(client) == ("client_id", "No such client.")
    with pytest.raises(InvalidInput) as matter:
        create(system, firm.actor, matter_id="nomatter")
    assert refused_field(matter) == ("matter_id", "No such matter.")
    with pytest.raises(InvalidInput) as earlier:
        create(system, firm.actor, earlier_consultation_id="none")
    assert refused_field(earlier) == ("earlier_consultation_id", "No such consultation.")
    assert system.store.consultations == {}


def test_a_consultation_follows_an_earlier_one(system: FakeSystem, firm: OpenFirm) -> None:
    first = create(system, firm.actor)
    later = create(system, firm.actor, earlier_consultation_id=first.id)
    assert system.services.consultations.get(firm.id, later.id).earlier_consultation_id == first.id


def test_a_consultation_cannot_come_before_itself(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    with pytest.raises(InvalidInput) as refused:
        system.services.consultations.change(firm.actor, c.id, change_of(c, earlier_consultation_id=c.id))
    assert refused_field(refused) == ("earlier_consultation_id", "A consultation cannot come before itself.")
    assert system.services.consultations.get(firm.id, c.id) == c


def test_keeping_the_client_and_matter_keeps_their_names_as_recorded(system: FakeSystem, firm: OpenFirm) -> None:
    """A change that keeps them does not read them again: even gone, they stay as they were."""
    service = system.services.consultations
    client = add_client(system, firm, "Carla Dias")
    matter = open_matter(system, firm, title="Inventário Dias")
    c = create(system, firm.actor, prospect=None, client_id=client.id, matter_id=matter.id)
    system.services.clients.delete(firm.actor, client.id, admin=True)
    system.store.matters.clear()  # the matter's records gone too, as far as a read goes
    updated = service.change(firm.actor, c.id, change_of(c, subject="Inventário"))
    assert (updated.client_id, updated.client_name) == (client.id, "Carla Dias")
    assert (updated.matter_id, updated.matter_title) == (matter.id, "Inventário Dias")


def test_a_change_of_client_and_matter_names_the_new_ones(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    carla, davi = add_client(system, firm, "Carla Dias"), add_client(system, firm, "Davi Lopes")
    first, second = (
        open_matter(system, firm, title="Inventário Dias"),
        open_matter(system, firm, title="Contrato Lopes"),
    )
    c = create(system, firm.actor, prospect=None, client_id=carla.id, matter_id=first.id)
    updated = service.change(firm.actor, c.id, change_of(c, client_id=davi.id, matter_id=second.id))
    assert (updated.client_id, updated.client_name) == (davi.id, "Davi Lopes")
    assert (updated.matter_id, updated.matter_title) == (second.id, "Contrato Lopes")
    assert service.get(firm.id, c.id) == updated


def test_a_change_from_client_to_prospect_drops_the_client_s_name(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Carla Dias")
    c = create(system, firm.actor, prospect=None, client_id=client.id)
    updated = system.services.consultations.change(firm.actor, c.id, change_of(c, client_id=None, prospect=prospect()))
    assert (updated.client_id, updated.client_name, updated.prospect) == (None, None, prospect())


def test_a_change_without_staff_keeps_the_staff_involved(system: FakeSystem, firm: OpenFirm) -> None:
    bruno = colleague(system, firm)
    c = create(system, firm.actor, staff_ids=[bruno.principal_id])
    updated = system.services.consultations.change(firm.actor, c.id, change_of(c, staff_ids=[]))
    assert [(s.id, s.name) for s in updated.staff] == [(bruno.principal_id, "Bruno Lima")]


def test_a_change_of_staff_names_the_new_ones(system: FakeSystem, firm: OpenFirm) -> None:
    bruno = colleague(system, firm)
    c = create(system, firm.actor)
    updated = system.services.consultations.change(
        firm.actor, c.id, change_of(c, staff_ids=[firm.admin.id, bruno.principal_id])
    )
    assert [(s.id, s.name) for s in updated.staff] == [(firm.admin.id, "Ana Admin"), (bruno.principal_id, "Bruno Lima")]
    assert everything(system, firm, ConsultationQuery(staff_id=bruno.principal_id)) == [c.id]


# --- changing a consultation -----------------------------------------------------------------------


def test_a_change_stores_each_field_and_audits_those_that_moved(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    earlier = create(system, firm.actor, subject="Primeira conversa")
    client = add_client(system, firm, "Carla Dias")
    c = create(system, firm.actor, subject="Divórcio consensual")
    system.clock.advance(hours=1)
    now = system.clock.now()
    when = datetime(2026, 5, 4, 14, 30, tzinfo=UTC)
    change = change_of(
        c,
        subject="Inventário",
        occurred_at=when,
        client_id=client.id,
        prospect=None,
        important=True,
        earlier_consultation_id=earlier.id,
    )
    updated = service.change(firm.actor, c.id, change)
    assert (updated.subject, updated.occurred_at, updated.important) == ("Inventário", when, True)
    assert (updated.client_id, updated.prospect, updated.earlier_consultation_id) == (client.id, None, earlier.id)
    assert (updated.version, updated.updated_at, updated.created_at) == (2, now, c.created_at)
    assert service.get(firm.id, c.id) == updated
    (entry,) = audited(system, firm, "consultation.updated")
    assert (entry.target, entry.at) == (f"consultation:{c.id}", now)
    assert entry.details == {
        "fields": ["client_id", "important", "occurred_at", "prospect", "subject", "earlier_consultation_id"]
    }


def test_a_change_audits_the_staff_and_matter_it_moved(system: FakeSystem, firm: OpenFirm) -> None:
    bruno = colleague(system, firm)
    matter = open_matter(system, firm)
    c = create(system, firm.actor)
    system.services.consultations.change(
        firm.actor, c.id, change_of(c, staff_ids=[bruno.principal_id], matter_id=matter.id)
    )
    (entry,) = audited(system, firm, "consultation.updated")
    assert entry.details == {"fields": ["matter_id", "staff"]}


def test_a_change_that_moves_nothing_audits_no_field(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    updated = system.services.consultations.change(firm.actor, c.id, change_of(c))
    assert updated.version == 2
    (entry,) = audited(system, firm, "consultation.updated")
    assert entry.details == {"fields": []}


def test_a_change_without_a_moment_keeps_when_it_happened(system: FakeSystem, firm: OpenFirm) -> None:
    when = datetime(2026, 5, 4, 14, 30, tzinfo=UTC)
    c = create(system, firm.actor, occurred_at=when)
    system.clock.advance(days=1)
    updated = system.services.consultations.change(firm.actor, c.id, change_of(c, occurred_at=None, subject="Outro"))
    assert updated.occurred_at == when
    assert audited(system, firm, "consultation.updated")[0].details == {"fields": ["subject"]}


def test_a_stale_change_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.change(firm.actor, c.id, change_of(c, version=2))
    assert (refused.value.code, refused.value.message) == ("stale_version", STALE)
    assert audited(system, firm, "consultation.updated") == []


def converted(system: FakeSystem, firm: OpenFirm) -> Any:
    service = system.services.consultations
    c = create(system, firm.actor)
    service.convert(firm.actor, c.id, Conversion(version=1))
    return service.get(firm.id, c.id)


def test_a_converted_consultation_keeps_its_matter(system: FakeSystem, firm: OpenFirm) -> None:
    c = converted(system, firm)
    other = open_matter(system, firm)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.change(firm.actor, c.id, change_of(c, matter_id=other.id))
    assert refused.value.code == "converted"
    assert refused.value.message == "This consultation was converted into its matter: its client and matter stay."


def test_a_converted_consultation_keeps_its_client(system: FakeSystem, firm: OpenFirm) -> None:
    c = converted(system, firm)
    other = add_client(system, firm, "Carla Dias")
    with pytest.raises(Conflict) as refused:
        system.services.consultations.change(firm.actor, c.id, change_of(c, client_id=other.id))
    assert refused.value.code == "converted"


def test_a_converted_consultation_still_changes_its_subject(system: FakeSystem, firm: OpenFirm) -> None:
    c = converted(system, firm)
    updated = system.services.consultations.change(firm.actor, c.id, change_of(c, subject="Divórcio e guarda"))
    assert (updated.subject, updated.converted, updated.matter_id) == ("Divórcio e guarda", True, c.matter_id)


def failing_saves(system: FakeSystem, times: int, code: str = "conflict") -> list[int]:
    """The repository's save refuses `times` times (something counted meanwhile), then writes."""
    real, calls = system.consultations.save, []

    def save(consultation: Consultation, previous: Consultation, audit: AuditEntry) -> None:
        calls.append(1)
        if len(calls) <= times:
            raise Conflict("Changed meanwhile.", code=code)
        real(consultation, previous, audit)

    system.consultations.save = save  # type: ignore[method-assign]
    return calls


def test_a_change_is_tried_again_when_something_was_counted_meanwhile(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    calls = failing_saves(system, 4)
    updated = system.services.consultations.change(firm.actor, c.id, change_of(c, subject="Inventário"))
    assert len(calls) == 5 and updated.subject == "Inventário"
    assert system.services.consultations.get(firm.id, c.id).subject == "Inventário"


def test_a_change_gives_up_after_five_tries(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    calls = failing_saves(system, 5)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.change(firm.actor, c.id, change_of(c, subject="Inventário"))
    assert (refused.value.code, refused.value.message) == (
        "conflict",
        "This consultation is changing right now. Try again.",
    )
    assert len(calls) == 5


def test_a_change_refused_as_converted_is_not_tried_again(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    calls = failing_saves(system, 1, code="converted")
    with pytest.raises(Conflict) as refused:
        system.services.consultations.change(firm.actor, c.id, change_of(c, subject="Inventário"))
    assert refused.value.code == "converted" and len(calls) == 1


# --- tasks ---------------------------------------------------------------------------------------


def a_task(system: FakeSystem, firm: OpenFirm, **fields: Any) -> Any:
    c = create(system, firm.actor)
    data = {"title": "Ligar", "due_at": system.clock.now() + timedelta(days=1), **fields}
    return system.services.consultations.create_task(firm.actor, c.id, TaskInput(**data))


def test_a_task_s_title_due_date_and_done_change_and_are_audited(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    task = a_task(system, firm)
    system.clock.advance(hours=1)
    due = datetime(2026, 6, 1, 9, tzinfo=UTC)
    changed = service.change_task(
        firm.actor, task.id, TaskChange(title="Ligar de novo", due_at=due, done=True, version=1)
    )
    assert (changed.title, changed.due_at, changed.done, changed.version) == ("Ligar de novo", due, True, 2)
    assert changed.assignee == task.assignee and changed.created_at == task.created_at
    assert system.consultations.get_task(firm.id, task.id) == changed
    (entry,) = audited(system, firm, "consultation.task_changed")
    assert (entry.target, entry.at) == (f"consultation:{task.consultation_id}", system.clock.now())
    assert entry.details == {"task": task.id, "fields": ["done", "due_at", "title"]}


def test_only_the_fields_sent_change_on_a_task(system: FakeSystem, firm: OpenFirm) -> None:
    task = a_task(system, firm)
    changed = system.services.consultations.change_task(firm.actor, task.id, TaskChange(title="Outro", version=1))
    assert (changed.title, changed.due_at, changed.done) == ("Outro", task.due_at, False)
    assert audited(system, firm, "consultation.task_changed")[0].details == {"task": task.id, "fields": ["title"]}


def test_a_task_s_due_date_is_cleared_by_sending_none(system: FakeSystem, firm: OpenFirm) -> None:
    task = a_task(system, firm)
    changed = system.services.consultations.change_task(firm.actor, task.id, TaskChange(due_at=None, version=1))
    assert changed.due_at is None and changed.title == "Ligar"


def test_a_task_given_to_a_colleague_names_her(system: FakeSystem, firm: OpenFirm) -> None:
    bruno = colleague(system, firm)
    task = a_task(system, firm)
    changed = system.services.consultations.change_task(
        firm.actor, task.id, TaskChange(assignee_id=bruno.principal_id, version=1)
    )
    assert (changed.assignee.id, changed.assignee.name) == (bruno.principal_id, "Bruno Lima")
    assert audited(system, firm, "consultation.task_changed")[0].details == {"task": task.id, "fields": ["assignee_id"]}


def test_a_task_is_given_only_to_staff_of_the_firm(system: FakeSystem, firm: OpenFirm) -> None:
    task = a_task(system, firm)
    with pytest.raises(InvalidInput) as refused:
        system.services.consultations.change_task(firm.actor, task.id, TaskChange(assignee_id="nobody", version=1))
    assert refused_field(refused) == ("assignee_id", "No such staff member.")


@pytest.mark.parametrize("field", ["title", "assignee_id", "done"])
def test_a_task_s_title_assignee_and_done_cannot_be_emptied(system: FakeSystem, firm: OpenFirm, field: str) -> None:
    task = a_task(system, firm)
    with pytest.raises(InvalidInput) as refused:
        system.services.consultations.change_task(firm.actor, task.id, TaskChange(**{field: None, "version": 1}))
    assert refused_field(refused) == (field, "This field cannot be emptied.")
    assert system.consultations.get_task(firm.id, task.id) == task


def test_a_stale_task_change_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    task = a_task(system, firm)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.change_task(firm.actor, task.id, TaskChange(title="x", version=2))
    assert refused.value.code == "stale_version"
    assert refused.value.message == "This task was changed meanwhile. Reload and try again."


@pytest.mark.parametrize("task_id", ["nosuchtask", "UPPER", "x" * 41])
def test_a_task_that_is_not_there_is_not_found(system: FakeSystem, firm: OpenFirm, task_id: str) -> None:
    with pytest.raises(NotFound):
        system.services.consultations.change_task(firm.actor, task_id, TaskChange(title="x", version=1))


def test_a_task_of_another_firm_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    task = a_task(system, firm)
    other = open_firm(system, slug="outra", name="Outra")
    with pytest.raises(NotFound) as refused:
        system.services.consultations.change_task(other.actor, task.id, TaskChange(title="x", version=1))
    assert refused.value.message == "Task not found."


def test_a_new_task_goes_to_its_creator_and_names_the_consultation(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor, subject="Divórcio consensual")
    system.clock.advance(minutes=5)
    due = datetime(2026, 6, 1, 9, tzinfo=UTC)
    task = service.create_task(firm.actor, c.id, TaskInput(title="Ligar", due_at=due))
    assert (task.firm_id, task.title, task.due_at, task.done) == (firm.id, "Ligar", due, False)
    assert (task.assignee.id, task.assignee.name) == (firm.admin.id, "Ana Admin")
    assert (task.consultation_id, task.source_title) == (c.id, "Divórcio consensual")
    assert (task.created_at, task.created_by, task.version) == (system.clock.now(), firm.admin.id, 1)
    assert system.consultations.get_task(firm.id, task.id) == task
    (entry,) = audited(system, firm, "consultation.task_created")
    assert (entry.target, entry.details) == (f"consultation:{c.id}", {"task": task.id})


def test_a_new_task_for_a_colleague_names_her(system: FakeSystem, firm: OpenFirm) -> None:
    bruno = colleague(system, firm)
    c = create(system, firm.actor)
    task = system.services.consultations.create_task(
        firm.actor, c.id, TaskInput(title="Minuta", assignee_id=bruno.principal_id)
    )
    assert (task.assignee.id, task.assignee.name) == (bruno.principal_id, "Bruno Lima")
    assert task.created_by == firm.admin.id


def test_a_new_task_for_someone_not_on_the_staff_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    with pytest.raises(InvalidInput) as refused:
        system.services.consultations.create_task(firm.actor, c.id, TaskInput(title="x", assignee_id="nobody"))
    assert refused_field(refused) == ("assignee_id", "No such staff member.")
    assert system.services.consultations.get(firm.id, c.id).open_task_count == 0


def test_a_task_for_a_consultation_that_is_gone_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.consultations.create_task(firm.actor, "gone", TaskInput(title="x"))


# --- creating, reading and deleting --------------------------------------------------------------


def test_a_new_consultation_without_a_moment_happened_now_and_has_no_entry(system: FakeSystem, firm: OpenFirm) -> None:
    earlier = create(system, firm.actor)
    c = create(system, firm.actor, important=True, earlier_consultation_id=earlier.id)
    now = system.clock.now()
    assert (c.firm_id, c.occurred_at, c.created_at, c.updated_at, c.version) == (firm.id, now, now, now, 1)
    assert (c.important, c.earlier_consultation_id, c.entry_count, c.converted) == (True, earlier.id, 0, False)
    assert system.services.consultations.entries(firm.id, c.id, None, 10).items == []
    entry = audited(system, firm, "consultation.created")[0]
    assert (entry.target, entry.details, entry.actor_id) == (
        f"consultation:{c.id}",
        {"subject": c.subject},
        firm.admin.id,
    )


def test_a_first_entry_is_written_by_the_caller_now(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor, text="Ela quer o divórcio.")
    (entry,) = system.services.consultations.entries(firm.id, c.id, None, 10).items
    assert (entry.firm_id, entry.consultation_id, entry.text) == (firm.id, c.id, "Ela quer o divórcio.")
    assert (entry.author.id, entry.author.name, entry.written_at) == (firm.admin.id, "Ana Admin", system.clock.now())


def someone_gone(firm: OpenFirm) -> Actor:
    return Actor(firm_id=firm.id, principal_id="gonestaff", kind="staff", email="gone@silva.example.com")


def test_only_staff_of_the_firm_write_consultations_and_entries(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(InvalidInput) as refused:
        create(system, someone_gone(firm))
    assert refused_field(refused) == ("staff_ids", "No such staff member.")
    c = create(system, firm.actor)
    with pytest.raises(InvalidInput) as entry:
        system.services.consultations.add_entry(someone_gone(firm), c.id, EntryInput(text="x"))
    assert refused_field(entry) == ("staff_ids", "No such staff member.")
    assert system.services.consultations.get(firm.id, c.id).entry_count == 0


@pytest.mark.parametrize("consultation_id", ["UPPER", "x" * 41, "a-b"])
def test_an_id_no_consultation_can_have_is_not_found(system: FakeSystem, firm: OpenFirm, consultation_id: str) -> None:
    service = system.services.consultations
    with pytest.raises(NotFound) as refused:
        service.get(firm.id, consultation_id)
    assert refused.value.message == "Not found."
    for read in (service.entries, service.tasks_of, service.documents_of):
        with pytest.raises(NotFound):
            read(firm.id, consultation_id, None, 10)
    with pytest.raises(NotFound):
        service.add_entry(firm.actor, consultation_id, EntryInput(text="x"))
    with pytest.raises(NotFound):
        service.of_matter(firm.id, consultation_id, None, 10)


def test_a_consultation_that_is_not_there_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound) as refused:
        system.services.consultations.get(firm.id, "nosuch")
    assert refused.value.message == "Consultation not found."


def test_an_entry_is_written_by_the_caller_now_and_audited(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    system.clock.advance(minutes=3)
    entry = service.add_entry(firm.actor, c.id, EntryInput(text="Ligou de novo."))
    assert (entry.firm_id, entry.consultation_id, entry.text, entry.version) == (firm.id, c.id, "Ligou de novo.", 1)
    assert (entry.author.id, entry.author.name, entry.written_at) == (firm.admin.id, "Ana Admin", system.clock.now())
    assert service.entries(firm.id, c.id, None, 10).items == [entry]
    (audit,) = audited(system, firm, "consultation.entry_added")
    assert (audit.target, audit.details) == (f"consultation:{c.id}", {"entry": entry.id})


def test_an_entry_s_change_is_stored_and_audited(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    entry = service.add_entry(firm.actor, c.id, EntryInput(text="Primeira"))
    system.clock.advance(minutes=3)
    changed = service.change_entry(firm.actor, c.id, entry.id, EntryChange(text="Corrigida", version=1))
    assert (changed.text, changed.version, changed.updated_at) == ("Corrigida", 2, system.clock.now())
    assert (changed.written_at, changed.author) == (entry.written_at, entry.author)
    assert service.entries(firm.id, c.id, None, 10).items == [changed]
    (audit,) = audited(system, firm, "consultation.entry_changed")
    assert (audit.target, audit.details) == (f"consultation:{c.id}", {"entry": entry.id})


def test_an_entry_is_changed_by_its_author_only_and_over_its_version(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    entry = service.add_entry(firm.actor, c.id, EntryInput(text="Primeira"))
    with pytest.raises(Forbidden) as forbidden:
        service.change_entry(colleague(system, firm), c.id, entry.id, EntryChange(text="Outra", version=1))
    assert forbidden.value.message == "Only the one who wrote an entry may change it."
    with pytest.raises(Conflict) as stale:
        service.change_entry(firm.actor, c.id, entry.id, EntryChange(text="Outra", version=2))
    assert stale.value.code == "stale_version"
    assert stale.value.message == "This entry was changed meanwhile. Reload and try again."
    assert service.entries(firm.id, c.id, None, 10).items == [entry]


def test_an_entry_that_is_not_there_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    entry = service.add_entry(firm.actor, c.id, EntryInput(text="Primeira"))
    with pytest.raises(NotFound) as gone:
        service.change_entry(firm.actor, c.id, "nosuchentry", EntryChange(text="x", version=1))
    assert gone.value.message == "Entry not found."
    # An id no record can have is refused before anything is read.
    for consultation_id, entry_id in [("UPPER", entry.id), (c.id, "UPPER"), (c.id, "x" * 41)]:
        with pytest.raises(NotFound) as refused:
            service.change_entry(firm.actor, consultation_id, entry_id, EntryChange(text="x", version=1))
        assert refused.value.message == "Not found."


def test_whoever_wrote_it_deletes_a_consultation_and_it_is_audited(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    bruno = colleague(system, firm)
    c = create(system, bruno, subject="Pensão alimentícia")
    service.delete(bruno, c.id)
    with pytest.raises(NotFound):
        service.get(firm.id, c.id)
    (audit,) = audited(system, firm, "consultation.deleted")
    assert (audit.target, audit.details, audit.actor_id) == (
        f"consultation:{c.id}",
        {"subject": "Pensão alimentícia"},
        bruno.principal_id,
    )


def test_an_admin_deletes_a_colleague_s_consultation(system: FakeSystem, firm: OpenFirm) -> None:
    bruno = colleague(system, firm)
    c = create(system, bruno)
    system.services.consultations.delete(firm.actor, c.id)
    assert everything(system, firm, ConsultationQuery()) == []


def test_someone_else_does_not_delete_a_consultation(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    for actor in (colleague(system, firm), someone_gone(firm)):
        with pytest.raises(Forbidden) as refused:
            service.delete(actor, c.id)
        assert refused.value.message == "Only an admin or the one who wrote it may delete a consultation."
    assert service.get(firm.id, c.id) == c
    assert audited(system, firm, "consultation.deleted") == []


def test_a_converted_consultation_is_not_deleted(system: FakeSystem, firm: OpenFirm) -> None:
    c = converted(system, firm)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.delete(firm.actor, c.id)
    assert refused.value.code == "converted"
    assert refused.value.message == "A consultation converted into a matter cannot be deleted."
    assert system.services.consultations.get(firm.id, c.id) == c


# --- the star --------------------------------------------------------------------------------------


def test_starring_stores_it_counts_a_version_and_is_audited(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    system.clock.advance(minutes=1)
    starred = service.mark_important(firm.actor, c.id, True)
    assert (starred.important, starred.version, starred.updated_at) == (True, 2, system.clock.now())
    assert service.get(firm.id, c.id) == starred
    (audit,) = audited(system, firm, "consultation.importance_set")
    assert (audit.target, audit.details) == (f"consultation:{c.id}", {"important": True})
    unstarred = service.mark_important(firm.actor, c.id, False)
    assert (unstarred.important, unstarred.version) == (False, 3)
    assert audited(system, firm, "consultation.importance_set")[0].details == {"important": False}


def test_starring_what_is_starred_changes_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor, important=True)
    assert service.mark_important(firm.actor, c.id, True) == c
    plain = create(system, firm.actor)
    assert service.mark_important(firm.actor, plain.id, False) == plain
    assert audited(system, firm, "consultation.importance_set") == []


def test_the_star_is_tried_again_when_changed_meanwhile(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    calls = failing_saves(system, 4)
    starred = system.services.consultations.mark_important(firm.actor, c.id, True)
    assert len(calls) == 5 and starred.important
    assert system.services.consultations.get(firm.id, c.id).important is True


def test_the_star_gives_up_after_five_tries(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    calls = failing_saves(system, 5)
    with pytest.raises(Conflict) as refused:
        system.services.consultations.mark_important(firm.actor, c.id, True)
    assert (refused.value.code, refused.value.message) == (
        "conflict",
        "This consultation is changing right now. Try again.",
    )
    assert len(calls) == 5


def test_the_star_of_a_consultation_that_is_gone_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.consultations.mark_important(firm.actor, "gone", True)


# --- lists of a client, of a matter, and what hangs under a consultation -------------------------


def test_a_client_s_consultations_page_by_page(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    client = add_client(system, firm, "Carla Dias")
    day = datetime(2026, 5, 4, 15, tzinfo=UTC)
    older = create(system, firm.actor, prospect=None, client_id=client.id, occurred_at=day)
    newer = create(system, firm.actor, prospect=None, client_id=client.id, occurred_at=day + timedelta(days=1))
    create(system, firm.actor)  # a prospect's: not the client's
    first = service.of_client(firm.id, client, None, 1)
    assert [c.id for c in first.items] == [newer.id] and first.next_cursor
    second = service.of_client(firm.id, client, first.next_cursor, 1)
    assert [c.id for c in second.items] == [older.id]


def test_the_consultations_of_a_client_not_in_the_firm_are_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    other = open_firm(system, slug="outra", name="Outra")
    theirs = add_client(system, other, "Carla Dias")
    for client in (None, theirs):
        with pytest.raises(NotFound) as refused:
            system.services.consultations.of_client(firm.id, client, None, 10)
        assert refused.value.message == "Client not found."


def test_a_matter_s_consultations_page_by_page(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    matter = open_matter(system, firm)
    day = datetime(2026, 5, 4, 15, tzinfo=UTC)
    older = create(system, firm.actor, matter_id=matter.id, occurred_at=day)
    newer = create(system, firm.actor, matter_id=matter.id, occurred_at=day + timedelta(days=1))
    create(system, firm.actor)  # not linked
    first = service.of_matter(firm.id, matter.id, None, 1)
    assert [c.id for c in first.items] == [newer.id] and first.next_cursor
    assert [c.id for c in service.of_matter(firm.id, matter.id, first.next_cursor, 1).items] == [older.id]


def test_a_matter_without_consultations_lists_none(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    assert system.services.consultations.of_matter(firm.id, matter.id, None, 10).items == []


def test_the_consultations_of_a_matter_the_firm_has_not_are_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound) as refused:
        system.services.consultations.of_matter(firm.id, "nomatter", None, 10)
    assert refused.value.message == "Matter not found."


def test_a_matter_s_list_is_read_before_the_matter(system: FakeSystem, firm: OpenFirm) -> None:
    """Only an empty first page looks the matter up: a later page, or one with consultations,
    is what the list holds (the matter's own record is not read again)."""
    service = system.services.consultations
    matter = open_matter(system, firm)
    c = create(system, firm.actor, matter_id=matter.id)
    system.store.matters.clear()
    assert [x.id for x in service.of_matter(firm.id, matter.id, None, 10).items] == [c.id]
    assert service.of_matter(firm.id, "nomatter", encode_cursor("2026"), 10).items == []


def erase_record(system: FakeSystem, firm: OpenFirm, consultation_id: str) -> None:
    """The consultation's own record gone, what hangs under it left (a read racing a delete)."""
    system.store.consultations[f"FIRM#{firm.id}"].pop(f"CONSULTATION#{consultation_id}")


def test_what_hangs_under_a_consultation_that_is_gone_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    pages: list[tuple[Callable[..., Page[Any]], str]] = [
        (service.entries, "ENTRY#~"),
        (service.tasks_of, "TASK#~"),
        (service.documents_of, "0"),
    ]
    for read, last in pages:
        with pytest.raises(NotFound) as refused:
            read(firm.id, "gone", None, 10)
        assert refused.value.message == "Consultation not found."
        # A later page of it is simply empty.
        assert read(firm.id, "gone", encode_cursor(last), 10).items == []


def test_a_consultation_with_nothing_under_it_lists_empty_pages(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    for read in (service.entries, service.tasks_of, service.documents_of):
        assert read(firm.id, c.id, None, 10).items == []


def test_what_is_listed_under_a_consultation_is_listed_without_reading_it(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor, text="Primeira")
    task = service.create_task(firm.actor, c.id, TaskInput(title="Ligar"))
    erase_record(system, firm, c.id)
    assert [e.text for e in service.entries(firm.id, c.id, None, 10).items] == ["Primeira"]
    assert [t.id for t in service.tasks_of(firm.id, c.id, None, 10).items] == [task.id]


# --- documents -----------------------------------------------------------------------------------


def pdf() -> FileToUpload:
    return FileToUpload(file_name="Procuração.pdf", content_type="application/pdf", size=1000)


def test_files_attached_to_the_consultation_are_audited(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    tickets = service.start_uploads(firm.actor, c.id, UploadRequest(files=[pdf(), pdf()]), None)
    assert [t.document.consultation_id for t in tickets] == [c.id, c.id]
    assert [t.document.consultation_entry_id for t in tickets] == [None, None]
    assert service.get(firm.id, c.id).document_count == 2
    (audit,) = audited(system, firm, "consultation.documents_attached")
    assert (audit.target, audit.details) == (f"consultation:{c.id}", {"files": 2, "entry": None})


def test_files_attached_to_an_entry_name_it(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    entry = service.add_entry(firm.actor, c.id, EntryInput(text="Segue a procuração"))
    tickets = service.start_uploads(firm.actor, c.id, UploadRequest(files=[pdf()]), entry.id)
    assert [(t.document.consultation_id, t.document.consultation_entry_id) for t in tickets] == [(c.id, entry.id)]
    (audit,) = audited(system, firm, "consultation.documents_attached")
    assert audit.details == {"files": 1, "entry": entry.id}


def test_files_for_an_entry_the_consultation_has_not_are_refused(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c, other = create(system, firm.actor), create(system, firm.actor)
    elsewhere = service.add_entry(firm.actor, other.id, EntryInput(text="Outra"))
    with pytest.raises(InvalidInput) as refused:
        service.start_uploads(firm.actor, c.id, UploadRequest(files=[pdf()]), elsewhere.id)
    assert refused_field(refused) == ("entry_id", "No such entry in this consultation.")
    assert system.store.documents == {}


def test_files_for_a_consultation_that_is_gone_are_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.consultations.start_uploads(firm.actor, "gone", UploadRequest(files=[pdf()]), None)


# --- pages -----------------------------------------------------------------------------------------


def every_page(read: Callable[[str | None], Page[Any]]) -> list[list[str]]:
    """The ids of each page, following the cursors to the end (a cursor that leads nowhere
    fails the test after a few pages rather than going round for ever)."""
    pages: list[list[str]] = []
    cursor = None
    for _ in range(5):
        page = read(cursor)
        pages.append([item.id for item in page.items])
        cursor = page.next_cursor
        if not cursor:
            return pages
    raise AssertionError(f"the pages do not end: {pages}")


def test_the_firm_s_list_goes_on_page_by_page(system: FakeSystem, firm: OpenFirm) -> None:
    day = datetime(2026, 5, 4, 15, tzinfo=UTC)
    a, b = create(system, firm.actor, occurred_at=day), create(system, firm.actor, occurred_at=day + timedelta(days=1))
    service = system.services.consultations
    assert every_page(lambda cursor: service.list(firm.id, ConsultationQuery(), cursor, 1)) == [[b.id], [a.id]]


def test_a_thread_its_tasks_and_its_documents_go_on_page_by_page(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor, text="Primeira")
    system.clock.advance(seconds=1)
    second = service.add_entry(firm.actor, c.id, EntryInput(text="Segunda"))
    first = service.entries(firm.id, c.id, None, 10).items[0]
    assert every_page(lambda cursor: service.entries(firm.id, c.id, cursor, 1)) == [[first.id], [second.id]]

    now = system.clock.now()
    sooner = service.create_task(firm.actor, c.id, TaskInput(title="Ligar", due_at=now + timedelta(days=1)))
    later = service.create_task(firm.actor, c.id, TaskInput(title="Minuta", due_at=now + timedelta(days=2)))
    assert every_page(lambda cursor: service.tasks_of(firm.id, c.id, cursor, 1)) == [[sooner.id], [later.id]]
    me = system.staff.get(firm.id, firm.admin.id)
    assert me is not None
    assert every_page(lambda cursor: service.my_open_tasks(me, cursor, 1)) == [[sooner.id], [later.id]]

    tickets = service.start_uploads(firm.actor, c.id, UploadRequest(files=[pdf(), pdf()]), None)
    ids = {t.document.id for t in tickets}
    pages = every_page(lambda cursor: service.documents_of(firm.id, c.id, cursor, 1))
    assert len(pages) == 2 and all(len(p) == 1 for p in pages) and {p[0] for p in pages} == ids
