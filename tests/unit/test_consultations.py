"""F20: consultations on FakeSystem: the rules of the domain and the use cases of
ConsultationsService (threads, filters and search, tasks, documents, conversion)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.domain.audit import Actor
from chalicelib.domain.common import Page
from chalicelib.domain.consultations import (
    MAX_SEARCH_KEYS,
    Consultation,
    ConsultationChange,
    ConsultationInput,
    ConsultationListParams,
    ConsultationQuery,
    Conversion,
    EntryChange,
    EntryInput,
    Prospect,
    SubjectSearch,
    TaskChange,
    TaskInput,
    lists_of,
    search_keys,
)
from chalicelib.domain.documents import FileToUpload, UploadRequest
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.domain.matters import MatterKind, PartyRole
from chalicelib.domain.ports import ConversionWrite
from chalicelib.domain.staff import StaffInvite
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, open_firm

# --- the domain's rules ------------------------------------------------------------------------


def test_search_keys_are_the_first_letters_of_each_word_folded() -> None:
    assert search_keys("Divórcio consensual — PENSÃO de alimentos") == ["ali", "con", "div", "pen"]


def test_a_search_matches_word_starts_accents_and_case_ignored() -> None:
    search = SubjectSearch.of("pens DIVORC")
    assert search.key == "div"  # the longest word is the most selective list
    assert search.matches("Divórcio e pensão")
    assert not search.matches("Divórcio e suspensão")  # "pens" must start a word
    assert not search.matches("Pensão")


def test_a_search_needs_a_word_of_three_letters() -> None:
    with pytest.raises(InvalidInput) as refused:
        SubjectSearch.of("de a")
    assert refused.value.details[0]["path"] == "q"


def test_exactly_one_of_client_and_prospect() -> None:
    with pytest.raises(InvalidInput) as neither:
        ConsultationInput(subject="Primeira reunião")
    assert neither.value.details == [
        {"path": "client_id", "message": "Give the client, or the prospect (who it was with)."}
    ]
    with pytest.raises(InvalidInput) as both:
        ConsultationInput(subject="Divórcio", client_id="c1", prospect=Prospect(name="Ana"))
    assert both.value.details == [{"path": "client_id", "message": "Give either the client or the prospect, not both."}]


def test_a_subject_of_too_many_different_words_is_refused() -> None:
    subject = " ".join(f"{chr(97 + i // 26)}{chr(97 + i % 26)}x" for i in range(MAX_SEARCH_KEYS + 1))
    with pytest.raises((ValueError, InvalidInput)):
        ConsultationInput(subject=subject, client_id="c1")


def test_a_time_without_its_zone_is_refused() -> None:
    with pytest.raises((ValueError, InvalidInput)):
        ConsultationInput(subject="x", client_id="c1", occurred_at=datetime(2026, 5, 4, 14, 30))


def test_the_list_parameters_check_the_dates_order() -> None:
    params = ConsultationListParams.model_validate({"from": "2026-05-10", "to": "2026-05-01"})
    with pytest.raises(InvalidInput):
        params.filters()
    both = ConsultationListParams.model_validate({"from": "2026-05-01", "to": "2026-05-01"}).filters()
    assert both.range() == ("2026-05-01", "2026-05-01T~")


def listed(**fields: Any) -> Consultation:
    at = datetime(2026, 5, 1, 12, tzinfo=UTC)
    me = {"id": "s1", "name": "Ana Souza"}
    data = {"id": "c1", "firm_id": "f1", "subject": "Divórcio consensual", "occurred_at": at}
    data |= {"staff": [me], "created_at": at, "created_by": me, "updated_at": at}
    return Consultation.model_validate(data | fields)


def test_a_consultation_is_in_the_list_of_each_thing_it_names() -> None:
    plain = listed()
    assert lists_of(plain) == ["", "#STAFF#s1", "#UNLINKED", "#WORD#con", "#WORD#div"]
    full = listed(
        important=True, client_id="k1", matter_id="m1", staff=[{"id": "s1", "name": "A"}, {"id": "s2", "name": "B"}]
    )
    assert lists_of(full) == [
        "",
        "#IMPORTANT",
        "#CLIENT#k1",
        "#STAFF#s1",
        "#STAFF#s2",
        "#MATTER#m1",
        "#LINKED",
        "#WORD#con",
        "#WORD#div",
    ]


@pytest.mark.parametrize(
    ("query", "read"),
    [
        ({}, ""),
        ({"matter": "unlinked"}, "#UNLINKED"),
        ({"matter": "linked"}, "#LINKED"),
        ({"important": True, "matter": "linked"}, "#IMPORTANT"),
        ({"staff_id": "s1", "important": True}, "#STAFF#s1"),
        ({"client_id": "k1", "staff_id": "s1"}, "#CLIENT#k1"),
        ({"matter_id": "m1", "client_id": "k1"}, "#MATTER#m1"),
        ({"search": {"key": "div", "words": ["divor"]}, "matter_id": "m1"}, "#WORD#div"),
    ],
)
def test_a_list_reads_its_most_selective_filter_s_list(query: dict[str, Any], read: str) -> None:
    chosen = ConsultationQuery.model_validate(query).list_to_read()
    assert chosen == read
    # A consultation that matches the query is always in the list it reads.
    match = listed(important=True, client_id="k1", matter_id="m1" if query.get("matter") != "unlinked" else None)
    assert chosen in lists_of(match)


# --- the use cases -----------------------------------------------------------------------------


def prospect() -> Prospect:
    return Prospect(name="Joana Prado", emails=["joana@prospect.example.com"], phone="+55 11 99999-0000")


def create(system: FakeSystem, actor: Actor, **fields: Any) -> Any:
    data = {"subject": "Divórcio consensual", "prospect": prospect(), **fields}
    return system.services.consultations.create(actor, ConsultationInput(**data))


def colleague(system: FakeSystem, firm: OpenFirm, name: str = "Bruno Lima") -> Actor:
    member = system.services.staff.invite(
        firm.actor, StaffInvite(email=f"{name.split()[0].lower()}@silva.example.com", name=name)
    )
    return Actor(firm_id=firm.id, principal_id=member.id, kind="staff", email=member.email)


def everything(system: FakeSystem, firm: OpenFirm, query: ConsultationQuery) -> list[str]:
    """Every page, three at a time; a cursor that never ends the list fails instead of hanging."""
    ids: list[str] = []
    cursor = None
    for _ in range(50):
        page: Page[Any] = system.services.consultations.list(firm.id, query, cursor, 3)
        ids += [c.id for c in page.items]
        cursor = page.next_cursor
        if not cursor:
            return ids
    raise AssertionError("the list never ended: its cursor goes round")


def test_create_with_a_first_entry_by_the_caller(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor, text="Ela quer o divórcio.\nDois filhos.")
    assert c.staff[0].id == firm.admin.id and c.created_by.name == "Ana Admin"
    assert c.entry_count == 1
    entries = system.services.consultations.entries(firm.id, c.id, None, 10).items
    assert [e.text for e in entries] == ["Ela quer o divórcio.\nDois filhos."]
    assert entries[0].author.id == firm.admin.id
    assert system.services.consultations.get(firm.id, c.id).entry_count == 1
    assert system.services.audit.list(firm.id, None, 10).items[0].action == "consultation.created"


def test_references_must_exist_in_the_firm(system: FakeSystem, firm: OpenFirm) -> None:
    for field, value in [("staff_ids", ["nobody"]), ("matter_id", "nomatter"), ("earlier_consultation_id", "none")]:
        with pytest.raises(InvalidInput):
            create(system, firm.actor, **{field: value})
    with pytest.raises(InvalidInput):
        create(system, firm.actor, prospect=None, client_id="noclient")
    assert system.store.consultations == {}


def test_entries_of_several_staff_are_all_kept_oldest_first(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    bruno = colleague(system, firm)
    service = system.services.consultations
    service.add_entry(firm.actor, c.id, EntryInput(text="Primeira"))
    system.clock.advance(timedelta(seconds=1))
    service.add_entry(bruno, c.id, EntryInput(text="Segunda"))
    entries = service.entries(firm.id, c.id, None, 10).items
    assert [(e.text, e.author.name) for e in entries] == [("Primeira", "Ana Admin"), ("Segunda", "Bruno Lima")]
    assert service.get(firm.id, c.id).entry_count == 2
    # Every list shows the count too.
    assert service.list(firm.id, ConsultationQuery(), None, 10).items[0].entry_count == 2


def test_only_its_author_changes_an_entry(system: FakeSystem, firm: OpenFirm) -> None:
    c = create(system, firm.actor)
    service = system.services.consultations
    entry = service.add_entry(firm.actor, c.id, EntryInput(text="Primeira"))
    with pytest.raises(Forbidden):
        service.change_entry(colleague(system, firm), c.id, entry.id, EntryChange(text="Outra", version=1))
    changed = service.change_entry(firm.actor, c.id, entry.id, EntryChange(text="Corrigida", version=1))
    assert changed.version == 2
    with pytest.raises(Conflict):
        service.change_entry(firm.actor, c.id, entry.id, EntryChange(text="De novo", version=1))


def test_an_entry_to_a_consultation_that_is_gone(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.consultations.add_entry(firm.actor, "gone", EntryInput(text="x"))


def test_filters_and_search_combine(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Carlos Dias")
    bruno = colleague(system, firm)
    day = datetime(2026, 5, 4, 15, tzinfo=UTC)
    a = create(system, firm.actor, subject="Divórcio consensual", occurred_at=day, important=True)
    b = create(
        system,
        firm.actor,
        subject="Pensão alimentícia",
        prospect=None,
        client_id=client.id,
        occurred_at=day + timedelta(days=1),
        staff_ids=[bruno.principal_id],
    )
    c = create(system, firm.actor, subject="Divisão de bens", occurred_at=day + timedelta(days=2))
    assert everything(system, firm, ConsultationQuery()) == [c.id, b.id, a.id]
    assert everything(system, firm, ConsultationQuery(important=True)) == [a.id]
    assert everything(system, firm, ConsultationQuery(important=False)) == [c.id, b.id]
    assert everything(system, firm, ConsultationQuery(client_id=client.id)) == [b.id]
    assert everything(system, firm, ConsultationQuery(staff_id=bruno.principal_id)) == [b.id]
    assert everything(system, firm, ConsultationQuery(staff_id=firm.admin.id)) == [c.id, a.id]
    assert everything(system, firm, ConsultationQuery(matter="unlinked")) == [c.id, b.id, a.id]
    assert everything(system, firm, ConsultationQuery(matter="linked")) == []
    day_one = ConsultationQuery(since=date(2026, 5, 5), until=date(2026, 5, 5))
    assert everything(system, firm, day_one) == [b.id]
    assert everything(system, firm, ConsultationQuery(search=SubjectSearch.of("div"))) == [c.id, a.id]
    assert everything(system, firm, ConsultationQuery(search=SubjectSearch.of("DIVORCIO cons"))) == [a.id]
    assert everything(system, firm, ConsultationQuery(search=SubjectSearch.of("pensao"))) == [b.id]
    both = ConsultationQuery(search=SubjectSearch.of("div"), important=True, since=date(2026, 5, 1))
    assert everything(system, firm, both) == [a.id]


def test_a_change_moves_it_between_lists(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor, subject="Divórcio consensual")
    change = ConsultationChange(subject="Inventário", prospect=prospect(), important=True, version=1)
    updated = service.change(firm.actor, c.id, change)
    assert updated.version == 2
    assert everything(system, firm, ConsultationQuery(search=SubjectSearch.of("div"))) == []
    assert everything(system, firm, ConsultationQuery(search=SubjectSearch.of("invent"))) == [c.id]
    assert everything(system, firm, ConsultationQuery(important=True)) == [c.id]
    with pytest.raises(Conflict):
        service.change(firm.actor, c.id, change)  # version 1 is stale now


def test_the_star_needs_no_version(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    service.add_entry(firm.actor, c.id, EntryInput(text="x"))
    starred = service.mark_important(firm.actor, c.id, True)
    assert starred.important and starred.entry_count == 1
    assert everything(system, firm, ConsultationQuery(important=True)) == [c.id]
    assert service.mark_important(firm.actor, c.id, False).important is False
    assert everything(system, firm, ConsultationQuery(important=True)) == []


def test_tasks_open_first_soonest_due_and_in_my_tasks(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    bruno = colleague(system, firm)
    now = system.clock.now()
    later = service.create_task(firm.actor, c.id, TaskInput(title="Pedir certidões", due_at=now + timedelta(days=5)))
    sooner = service.create_task(firm.actor, c.id, TaskInput(title="Ligar", due_at=now + timedelta(days=1)))
    undated = service.create_task(firm.actor, c.id, TaskInput(title="Arquivar"))
    to_bruno = TaskInput(title="Minuta", assignee_id=bruno.principal_id, due_at=now + timedelta(days=9))
    theirs = service.create_task(firm.actor, c.id, to_bruno)
    assert service.get(firm.id, c.id).open_task_count == 4
    me = system.staff.get(firm.id, firm.admin.id)
    assert me is not None
    mine = service.my_open_tasks(me, None, 10).items
    assert [t.id for t in mine] == [sooner.id, later.id, undated.id]
    assert mine[0].source_title == "Divórcio consensual"
    bruno_member = system.staff.get(firm.id, bruno.principal_id)
    assert bruno_member is not None
    assert [t.id for t in service.my_open_tasks(bruno_member, None, 10).items] == [theirs.id]
    service.change_task(firm.actor, sooner.id, TaskChange(done=True, version=1))
    assert [t.id for t in service.tasks_of(firm.id, c.id, None, 10).items] == [
        later.id,
        theirs.id,
        undated.id,
        sooner.id,
    ]
    assert [t.id for t in service.my_open_tasks(me, None, 10).items] == [later.id, undated.id]
    assert service.get(firm.id, c.id).open_task_count == 3
    moved = service.change_task(firm.actor, later.id, TaskChange(assignee_id=bruno.principal_id, version=1))
    assert moved.assignee.name == "Bruno Lima"
    assert [t.id for t in service.my_open_tasks(bruno_member, None, 10).items] == [later.id, theirs.id]
    with pytest.raises(Conflict):
        service.change_task(firm.actor, later.id, TaskChange(title="x", version=1))
    with pytest.raises(InvalidInput):
        service.change_task(firm.actor, later.id, TaskChange(title=None, version=2))


def test_documents_through_the_upload_checks(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor)
    entry = service.add_entry(firm.actor, c.id, EntryInput(text="Segue a procuração"))
    pdf = FileToUpload(file_name="Procuração.pdf", content_type="application/pdf", size=1000)
    tickets = service.start_uploads(firm.actor, c.id, UploadRequest(files=[pdf]), entry.id)
    assert tickets[0].document.consultation_entry_id == entry.id
    assert tickets[0].document.client_id is None and tickets[0].document.matter_id is None
    assert [d.id for d in service.documents_of(firm.id, c.id, None, 10).items] == [tickets[0].document.id]
    assert service.get(firm.id, c.id).document_count == 1
    bad = FileToUpload(file_name="virus.exe", content_type="application/x-msdownload", size=1000)
    with pytest.raises(InvalidInput):
        service.start_uploads(firm.actor, c.id, UploadRequest(files=[pdf, bad]), None)
    with pytest.raises(InvalidInput):
        service.start_uploads(firm.actor, c.id, UploadRequest(files=[pdf]), "noentry")
    assert service.get(firm.id, c.id).document_count == 1
    assert len(system.store.documents) == 1


def test_delete_by_its_creator_or_an_admin(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    bruno = colleague(system, firm)
    c = create(system, firm.actor, text="x")
    service.create_task(firm.actor, c.id, TaskInput(title="Ligar"))
    with pytest.raises(Forbidden):
        service.delete(bruno, c.id)
    service.delete(firm.actor, c.id)
    with pytest.raises(NotFound):
        service.get(firm.id, c.id)
    assert everything(system, firm, ConsultationQuery()) == []
    assert service.my_open_tasks(firm.admin, None, 10).items == []
    assert all(not partition for partition in system.store.consultations.values())


def test_its_documents_go_with_it_records_and_files(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c, other = create(system, firm.actor), create(system, firm.actor, subject="Pensão alimentícia")
    pdf = FileToUpload(file_name="Procuração.pdf", content_type="application/pdf", size=1000)
    sent = service.start_uploads(firm.actor, c.id, UploadRequest(files=[pdf, pdf]), None)
    kept = service.start_uploads(firm.actor, other.id, UploadRequest(files=[pdf]), None)[0].document
    for key in [t.document.key for t in sent] + [kept.key]:
        system.storage.post(key, b"%PDF-1.7")
    service.delete(firm.actor, c.id)
    for ticket in sent:
        assert system.documents.get(firm.id, ticket.document.id) is None
        assert system.storage.content(ticket.document.key) is None
    assert system.storage.content(kept.key) == b"%PDF-1.7"
    assert [d.id for d in service.documents_of(firm.id, other.id, None, 10).items] == [kept.id]


def test_conversion_of_a_prospect(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    c = create(system, firm.actor, subject="Divórcio consensual", text="x")
    result = service.convert(firm.actor, c.id, Conversion(version=1))
    matter, converted = result.matter, result.consultation
    assert matter.title == "Divórcio consensual" and matter.kind is MatterKind.CASE
    assert matter.responsible_lawyer_id == firm.admin.id
    (party,) = matter.parties
    assert party.role is PartyRole.PLAINTIFF and party.name == "Joana Prado"
    client = system.services.clients.get(firm.id, party.client_id or "")
    assert client.emails == ["joana@prospect.example.com"] and client.phone == "+55 11 99999-0000"
    assert converted.client_id == client.id and converted.prospect is None and converted.matter_id == matter.id
    stored = system.services.matters.get(firm.id, matter.id)
    assert stored.consultation_id == c.id and stored.consultation_count == 1
    assert everything(system, firm, ConsultationQuery(matter_id=matter.id)) == [c.id]
    assert everything(system, firm, ConsultationQuery(client_id=client.id)) == [c.id]
    with pytest.raises(Conflict):
        service.convert(firm.actor, c.id, Conversion(version=2))
    with pytest.raises(Conflict):
        service.delete(firm.actor, c.id)


def test_conversion_is_all_or_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    """A fault between building the conversion and writing it (another client takes the
    prospect's e-mail at that moment): nothing is written."""
    service = system.services.consultations
    c = create(system, firm.actor)
    real = system.consultations.convert

    def racing(write: ConversionWrite) -> None:
        add_client(system, firm, "Outra Pessoa", emails=["joana@prospect.example.com"])
        real(write)

    system.consultations.convert = racing  # type: ignore[method-assign]
    matters_before = dict(system.store.matters)
    with pytest.raises(Conflict):
        service.convert(firm.actor, c.id, Conversion(version=1))
    assert system.store.matters == matters_before
    assert [cl.name for cl in system.services.clients.list(firm.id, None, None, 10).items] == ["Outra Pessoa"]
    assert service.get(firm.id, c.id) == c


def test_linking_to_a_matter_counts_on_the_matter(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.consultations
    first = service.convert(firm.actor, create(system, firm.actor).id, Conversion(version=1)).matter
    client_id = first.parties[0].client_id
    later = create(system, firm.actor, prospect=None, client_id=client_id, matter_id=first.id)
    assert system.services.matters.get(firm.id, first.id).consultation_count == 2
    change = ConsultationChange(subject="Outra", client_id=client_id, version=later.version)
    service.change(firm.actor, later.id, change)
    assert system.services.matters.get(firm.id, first.id).consultation_count == 1
    assert everything(system, firm, ConsultationQuery(matter="unlinked")) == [later.id]


def test_a_consultation_of_another_firm_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    other = open_firm(system, slug="outra", name="Outra")
    c = create(system, firm.actor)
    with pytest.raises(NotFound):
        system.services.consultations.get(other.id, c.id)
    with pytest.raises(NotFound):
        system.services.consultations.add_entry(other.actor, c.id, EntryInput(text="x"))
    assert everything(system, other, ConsultationQuery()) == []


def test_my_tasks_mix_consultations_and_matters_timelines(system: FakeSystem, firm: OpenFirm) -> None:
    from chalicelib.domain.matters import MatterInput
    from chalicelib.domain.timeline import UpdateChange, UpdateInput

    service = system.services.consultations
    bruno = colleague(system, firm)
    matter = system.services.matters.create(firm.actor, MatterInput(kind=MatterKind.CASE, title="Inventário Souza"))
    now = system.clock.now()
    c = create(system, firm.actor)
    mine = service.create_task(firm.actor, c.id, TaskInput(title="Ligar", due_at=now + timedelta(days=3)))

    def task(**fields: Any) -> Any:
        data = UpdateInput(kind="task", occurred_at=now, **fields)
        return system.services.timeline.add(firm.actor, matter.id, data).item

    soonest = task(text="Protocolar", due_at=now + timedelta(days=1))
    undated = task(text="Arquivar")
    theirs = task(text="Minuta", assignee_id=bruno.principal_id, due_at=now + timedelta(days=2))
    listed = service.my_open_tasks(system.staff.get(firm.id, firm.admin.id), None, 10).items  # type: ignore[arg-type]
    assert [t.id for t in listed] == [soonest.id, mine.id, undated.id]
    assert (listed[0].matter_id, listed[0].source_title, listed[0].assignee.name) == (
        matter.id,
        "Inventário Souza",
        "Ana Admin",
    )
    bruno_member = system.staff.get(firm.id, bruno.principal_id)
    assert [t.id for t in service.my_open_tasks(bruno_member, None, 10).items] == [theirs.id]  # type: ignore[arg-type]

    # Done, or given to someone else: no longer the caller's open task.
    system.services.timeline.update(firm.actor, matter.id, soonest.id, UpdateChange(done=True, version=1))
    system.services.timeline.update(
        firm.actor, matter.id, undated.id, UpdateChange(assignee_id=bruno.principal_id, version=1)
    )
    admin = system.staff.get(firm.id, firm.admin.id)
    assert [t.id for t in service.my_open_tasks(admin, None, 10).items] == [mine.id]  # type: ignore[arg-type]
    assert [t.id for t in service.my_open_tasks(bruno_member, None, 10).items] == [theirs.id, undated.id]  # type: ignore[arg-type]
    system.services.timeline.delete(firm.actor, matter.id, theirs.id)
    assert [t.id for t in service.my_open_tasks(bruno_member, None, 10).items] == [undated.id]  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        task(text="x", assignee_id="nobody")
    with pytest.raises(InvalidInput):
        system.services.timeline.add(
            firm.actor, matter.id, UpdateInput(kind="news", occurred_at=now, text="x", assignee_id=bruno.principal_id)
        )


def test_a_tasks_assignee_is_never_in_what_clients_see(system: FakeSystem, firm: OpenFirm) -> None:
    from chalicelib.domain.matters import MatterInput
    from chalicelib.domain.timeline import UpdateInput

    matter = system.services.matters.create(firm.actor, MatterInput(kind=MatterKind.CASE, title="Inventário"))
    bruno = colleague(system, firm)
    data = UpdateInput(kind="task", occurred_at=system.clock.now(), text="Minuta", assignee_id=bruno.principal_id)
    item = system.services.timeline.add(firm.actor, matter.id, data).item
    assert item.assignee_id == bruno.principal_id
    assert "assignee_id" not in item.for_client().model_dump()
    assert bruno.principal_id not in item.for_client().model_dump_json()


@pytest.mark.parametrize("day", ["0", "1700000000", "2026-12-01T00:00:00", "20261201"])
def test_the_list_s_days_are_days_as_the_document_writes_them(day: str) -> None:
    from chalicelib.domain.consultations import ConsultationListParams

    with pytest.raises(ValidationError):
        ConsultationListParams.model_validate({"to": day})
    assert ConsultationListParams.model_validate({"to": "2026-12-01"}).to == date(2026, 12, 1)
