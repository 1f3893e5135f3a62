"""ConsultationRepository: a consultation in every list it belongs to (and in no other), its
counts moved together with what they count, entries each their own item (several writers at
once: none lost), tasks with their places in the consultation's list and the assignee's open
tasks, and a conversion written all at once or not at all."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.consultations import (
    Consultation,
    ConsultationEntry,
    ConsultationQuery,
    Prospect,
    StaffRef,
    SubjectSearch,
    Task,
    entry_id,
)
from chalicelib.domain.documents import Document, Uploader, document_key
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.ports import ConsultationRepository, ConversionWrite
from tests.contract.builders import NOW, a_client, a_matter, an_audit_entry, edited, unique
from tests.contract.conftest import Backend
from tests.contract.paging import every_item

ANA = StaffRef(id="ana1", name="Ana Admin")
BRUNO = StaffRef(id="bruno1", name="Bruno Lima")


def a_consultation(firm_id: str, **changes: Any) -> Consultation:
    defaults: dict[str, Any] = {
        "subject": "Divórcio consensual",
        "occurred_at": NOW,
        "prospect": Prospect(name="Joana Prado", emails=[f"{unique()}@prospect.example.com"]),
        "staff": [ANA],
        "created_at": NOW,
        "created_by": ANA,
        "updated_at": NOW,
    }
    return Consultation(id=unique(), firm_id=firm_id, **{**defaults, **changes})


def recorded(repository: ConsultationRepository, firm_id: str, **changes: Any) -> Consultation:
    consultation = a_consultation(firm_id, **changes)
    repository.create(consultation, None, an_audit_entry(firm_id))
    return consultation


def an_entry(c: Consultation, author: StaffRef = ANA, text: str = "Anotação") -> ConsultationEntry:
    return ConsultationEntry(
        id=entry_id(NOW) + unique()[:4],
        firm_id=c.firm_id,
        consultation_id=c.id,
        author=author,
        written_at=NOW,
        text=text,
    )


def a_task(c: Consultation, assignee: StaffRef = ANA, **changes: Any) -> Task:
    defaults: dict[str, Any] = {"title": "Ligar", "created_at": NOW, "created_by": ANA.id}
    return Task(
        id=unique(),
        firm_id=c.firm_id,
        assignee=assignee,
        consultation_id=c.id,
        source_title=c.subject,
        **{**defaults, **changes},
    )


def listed(repository: ConsultationRepository, firm_id: str, **query: Any) -> list[str]:
    q = ConsultationQuery(**query)
    return [c.id for c in every_item(lambda cursor: repository.list(firm_id, q, cursor, 2))]


def test_created_it_reads_back_with_its_first_entry_and_audit(backend: Backend, firm_id: str) -> None:
    c = a_consultation(firm_id, entry_count=1)
    first, audit = an_entry(c), an_audit_entry(firm_id)
    backend.consultations.create(c, first, audit)
    assert backend.consultations.get(firm_id, c.id) == c
    assert backend.consultations.entries(firm_id, c.id, None, 10).items == [first]
    assert backend.audit_entries(firm_id) == [audit]
    assert backend.consultations.get(unique(), c.id) is None  # another firm's id space
    with pytest.raises(Conflict):
        backend.consultations.create(c, None, an_audit_entry(firm_id))


def test_every_filter_reads_its_own_list_and_combines_with_the_others(backend: Backend, firm_id: str) -> None:
    consultations = backend.consultations
    matter = a_matter(firm_id)
    backend.matters.create(matter, None)
    a = recorded(consultations, firm_id, subject="Divórcio consensual", important=True)
    b = recorded(
        consultations,
        firm_id,
        subject="Pensão alimentícia",
        prospect=None,
        client_id="client1",
        client_name="Carlos",
        staff=[ANA, BRUNO],
        occurred_at=NOW + timedelta(days=1),
    )
    c = recorded(
        consultations,
        firm_id,
        subject="Divisão de bens",
        matter_id=matter.id,
        matter_title=matter.title,
        occurred_at=NOW + timedelta(days=2),
    )
    assert listed(consultations, firm_id) == [c.id, b.id, a.id]
    assert listed(consultations, firm_id, important=True) == [a.id]
    assert listed(consultations, firm_id, important=False) == [c.id, b.id]
    assert listed(consultations, firm_id, client_id="client1") == [b.id]
    assert listed(consultations, firm_id, staff_id=BRUNO.id) == [b.id]
    assert listed(consultations, firm_id, matter="linked") == [c.id]
    assert listed(consultations, firm_id, matter="unlinked") == [b.id, a.id]
    assert listed(consultations, firm_id, matter_id=matter.id) == [c.id]
    day = NOW.date() + timedelta(days=1)
    assert listed(consultations, firm_id, since=day, until=day) == [b.id]
    assert listed(consultations, firm_id, until=NOW.date()) == [a.id]
    assert listed(consultations, firm_id, search=SubjectSearch.of("DIV")) == [c.id, a.id]
    assert listed(consultations, firm_id, search=SubjectSearch.of("divorcio cons")) == [a.id]
    assert listed(consultations, firm_id, search=SubjectSearch.of("div"), matter="linked") == [c.id]
    assert listed(consultations, firm_id, staff_id=ANA.id, client_id="client1", since=date(2026, 1, 1)) == [b.id]
    assert listed(consultations, unique()) == []


def test_a_save_moves_it_between_lists_over_the_version_read(backend: Backend, firm_id: str) -> None:
    repository = backend.consultations
    matter = a_matter(firm_id)
    backend.matters.create(matter, None)
    c = recorded(repository, firm_id, subject="Divórcio consensual", important=True, matter_id=matter.id)
    changed = edited(c, subject="Inventário", important=False, matter_id=None, staff=[BRUNO])
    repository.save(changed, c, an_audit_entry(firm_id))
    assert repository.get(firm_id, c.id) == changed
    assert listed(repository, firm_id, important=True) == []
    assert listed(repository, firm_id, search=SubjectSearch.of("div")) == []
    assert listed(repository, firm_id, search=SubjectSearch.of("inv")) == [c.id]
    assert listed(repository, firm_id, staff_id=ANA.id) == []
    assert listed(repository, firm_id, staff_id=BRUNO.id) == [c.id]
    assert listed(repository, firm_id, matter_id=matter.id) == []
    with pytest.raises(Conflict):
        repository.save(edited(c, subject="Outro"), c, an_audit_entry(firm_id))
    assert repository.get(firm_id, c.id) == changed


def test_a_save_over_counts_that_moved_meanwhile_is_refused(backend: Backend, firm_id: str) -> None:
    repository = backend.consultations
    c = recorded(repository, firm_id)
    repository.add_entry(an_entry(c), None)
    with pytest.raises(Conflict):
        repository.save(edited(c, subject="Outro"), c, an_audit_entry(firm_id))
    assert repository.get(firm_id, c.id) == c.model_copy(update={"entry_count": 1})


def test_entries_written_at_once_are_all_kept_and_counted(backend: Backend, firm_id: str) -> None:
    repository = backend.consultations
    c = recorded(repository, firm_id, staff=[ANA, BRUNO])
    entries = [an_entry(c, author, f"{author.name} {n}") for n in range(4) for author in (ANA, BRUNO)]
    start, failures = threading.Barrier(len(entries)), []

    def write(entry: ConsultationEntry) -> None:
        start.wait()
        try:
            repository.add_entry(entry, None)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(e,)) for e in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    stored = every_item(lambda cursor: repository.entries(firm_id, c.id, cursor, 3))
    assert sorted(e.id for e in stored) == sorted(e.id for e in entries)
    assert [e.id for e in stored] == sorted(e.id for e in stored)  # oldest first: ids sort by time
    assert repository.get(firm_id, c.id).entry_count == 8  # type: ignore[union-attr]
    (in_list,) = repository.list(firm_id, ConsultationQuery(staff_id=BRUNO.id), None, 10).items
    assert in_list.entry_count == 8


def test_an_entry_to_a_consultation_that_is_gone_is_not_written(backend: Backend, firm_id: str) -> None:
    c = a_consultation(firm_id)
    with pytest.raises(NotFound):
        backend.consultations.add_entry(an_entry(c), None)
    assert backend.consultations.entries(firm_id, c.id, None, 10).items == []


def test_an_entry_is_changed_over_its_version(consultations: ConsultationRepository, firm_id: str) -> None:
    c = recorded(consultations, firm_id)
    entry = an_entry(c)
    consultations.add_entry(entry, None)
    changed = edited(entry, text="Corrigida")
    consultations.save_entry(changed, entry, None)
    assert consultations.get_entry(firm_id, c.id, entry.id) == changed
    with pytest.raises(Conflict):
        consultations.save_entry(edited(entry, text="x"), entry, None)


def test_tasks_open_first_soonest_due_and_in_the_assignees_open_tasks(
    consultations: ConsultationRepository, firm_id: str
) -> None:
    c = recorded(consultations, firm_id)
    late = a_task(c, due_at=NOW + timedelta(days=5))
    soon = a_task(c, due_at=NOW + timedelta(days=1))
    undated = a_task(c)
    theirs = a_task(c, BRUNO, due_at=NOW)
    for task in (late, soon, undated, theirs):
        consultations.create_task(task, None)
    assert consultations.get(firm_id, c.id).open_task_count == 4  # type: ignore[union-attr]
    assert [t.id for t in consultations.open_tasks_of(firm_id, ANA.id, None, 10).items] == [
        soon.id,
        late.id,
        undated.id,
    ]
    done = edited(soon, done=True)
    consultations.save_task(done, soon, None)
    assert consultations.get_task(firm_id, soon.id) == done
    ordered = every_item(lambda cursor: consultations.tasks_of(firm_id, c.id, cursor, 2))
    assert [t.id for t in ordered] == [theirs.id, late.id, undated.id, soon.id]
    assert [t.id for t in consultations.open_tasks_of(firm_id, ANA.id, None, 10).items] == [late.id, undated.id]
    assert consultations.get(firm_id, c.id).open_task_count == 3  # type: ignore[union-attr]
    given = edited(late, assignee=BRUNO)
    consultations.save_task(given, late, None)
    assert [t.id for t in consultations.open_tasks_of(firm_id, BRUNO.id, None, 10).items] == [theirs.id, late.id]
    with pytest.raises(Conflict):
        consultations.save_task(edited(late, title="x"), late, None)


def a_document(c: Consultation) -> Document:
    document_id = unique()
    return Document(
        id=document_id,
        firm_id=c.firm_id,
        consultation_id=c.id,
        file_name="Procuração.pdf",
        declared_type="application/pdf",
        key=document_key(c.firm_id, document_id),
        uploaded_by=ANA.id,
        uploader=Uploader.STAFF,
        created_at=NOW,
    )


def test_documents_are_attached_with_the_count(backend: Backend, firm_id: str) -> None:
    c = recorded(backend.consultations, firm_id)
    documents = [a_document(c), a_document(c)]
    backend.consultations.attach_documents(documents, None)
    assert backend.consultations.get(firm_id, c.id).document_count == 2  # type: ignore[union-attr]
    listed_documents = backend.documents.of_consultation(firm_id, c.id, None, 10).items
    assert sorted(d.id for d in listed_documents) == sorted(d.id for d in documents)
    with pytest.raises(NotFound):
        backend.consultations.attach_documents([a_document(a_consultation(firm_id))], None)


def test_delete_takes_it_out_of_every_list_with_what_hangs_under_it(backend: Backend, firm_id: str) -> None:
    repository = backend.consultations
    c = recorded(repository, firm_id, important=True)
    repository.add_entry(an_entry(c), None)
    task = a_task(c)
    repository.create_task(task, None)
    repository.attach_documents([a_document(c)], None)
    current = repository.get(firm_id, c.id)
    assert current is not None
    with pytest.raises(Conflict):
        repository.delete(c, an_audit_entry(firm_id))  # its counts moved since `c` was read
    repository.delete(current, an_audit_entry(firm_id))
    assert repository.get(firm_id, c.id) is None
    assert listed(repository, firm_id) == [] and listed(repository, firm_id, important=True) == []
    assert repository.entries(firm_id, c.id, None, 10).items == []
    assert repository.get_task(firm_id, task.id) is None
    assert repository.open_tasks_of(firm_id, ANA.id, None, 10).items == []
    assert backend.documents.of_consultation(firm_id, c.id, None, 10).items == []


def conversion(backend: Backend, firm_id: str) -> tuple[Consultation, ConversionWrite]:
    c = recorded(backend.consultations, firm_id)
    assert c.prospect is not None
    client = a_client(firm_id, name=c.prospect.name, emails=c.prospect.emails)
    matter = a_matter(firm_id, consultation_id=c.id, consultation_count=1)
    converted = edited(
        c,
        client_id=client.id,
        client_name=client.name,
        prospect=None,
        matter_id=matter.id,
        matter_title=matter.title,
        converted=True,
    )
    audit: list[AuditEntry] = [an_audit_entry(firm_id), an_audit_entry(firm_id)]
    return c, ConversionWrite(consultation=converted, previous=c, matter=matter, client=client, audit=audit)


def test_a_conversion_writes_the_client_the_matter_and_both_links(backend: Backend, firm_id: str) -> None:
    _, write = conversion(backend, firm_id)
    backend.consultations.convert(write)
    assert write.client is not None
    assert backend.consultations.get(firm_id, write.consultation.id) == write.consultation
    assert backend.clients.get(firm_id, write.client.id) == write.client
    matter = backend.matters.get(firm_id, write.matter.id)
    assert matter is not None and matter.consultation_id == write.consultation.id and matter.consultation_count == 1
    assert listed(backend.consultations, firm_id, matter_id=write.matter.id) == [write.consultation.id]
    assert {e.id for e in write.audit} <= set(backend.audit_ids(firm_id))


def test_a_conversion_cancelled_by_a_conflict_writes_nothing(backend: Backend, firm_id: str) -> None:
    """The fault between building and writing: another client claims the prospect's e-mail."""
    c, write = conversion(backend, firm_id)
    assert write.client is not None
    other = a_client(firm_id, name="Outra", emails=write.client.emails)
    backend.clients.create(other, an_audit_entry(firm_id))
    audit_before = backend.audit_ids(firm_id)
    with pytest.raises(Conflict):
        backend.consultations.convert(write)
    assert backend.consultations.get(firm_id, c.id) == c
    assert backend.clients.get(firm_id, write.client.id) is None
    assert backend.matters.get(firm_id, write.matter.id) is None
    assert listed(backend.consultations, firm_id, matter="unlinked") == [c.id]
    assert backend.audit_ids(firm_id) == audit_before


def test_linking_moves_the_matters_count(backend: Backend, firm_id: str) -> None:
    matter = a_matter(firm_id)
    backend.matters.create(matter, None)
    c = recorded(backend.consultations, firm_id, matter_id=matter.id, matter_title=matter.title)
    assert backend.matters.get(firm_id, matter.id).consultation_count == 1  # type: ignore[union-attr]
    backend.consultations.save(edited(c, matter_id=None), c, an_audit_entry(firm_id))
    assert backend.matters.get(firm_id, matter.id).consultation_count == 0  # type: ignore[union-attr]
