"""F09-F12: matters, their numbers, publishing to involved clients, pending notifications,
private/team flags against the client's profile, related matters and archiving."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.accesses import MatterFlags, ProfileChange, VisibilityProfile
from chalicelib.domain.common import Language
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.identity import PrincipalKind, TokenPair
from chalicelib.domain.matters import (
    MAX_RELATED,
    Matter,
    MatterInput,
    MatterKind,
    MatterListQuery,
    MatterStatus,
    MatterUpdate,
    Party,
    PartyRole,
    Publication,
    Relation,
    RelationKind,
)
from chalicelib.domain.notifications import NotificationKind
from chalicelib.domain.staff import StaffInvite
from tests.support import visibility
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    OpenFirm,
    add_client,
    caller,
    grant,
    invited_client,
    open_firm,
    open_matter,
    party,
    publish,
)

CNJ = "0000832-35.2018.4.01.3202"
CNJ_BARE = "00008323520184013202"


def edit(system: FakeSystem, firm: OpenFirm, matter: Matter, **changes: Any) -> Matter:
    """Save the matter as staff would: everything as it is now, with these changes."""
    current = system.services.matters.get(firm.id, matter.id)
    data = current.model_dump(include=set(MatterInput.model_fields))
    return system.services.matters.update(
        firm.actor, matter.id, MatterUpdate(**{**data, **changes, "version": current.version})
    )


def titles(system: FakeSystem, firm: OpenFirm, **query: Any) -> list[str]:
    return [m.title for m in system.services.matters.list(firm.id, MatterListQuery(**query), None, 50).items]


def sees(system: FakeSystem, tokens: Any) -> list[str]:
    """The titles of the matters the client's portal lists, on this request."""
    return sorted(v.title for v in system.portal.matters_page(caller(system, tokens), None, 50).items)


# --- numbers ----------------------------------------------------------------------------------


def test_a_number_is_unique_within_the_firm_however_it_is_written(system: FakeSystem, firm: OpenFirm) -> None:
    first = open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ_BARE, title="Primeiro")
    assert first.number == CNJ and system.matters.by_number(firm.id, CNJ_BARE).id == first.id

    for number, kind in ((CNJ, MatterKind.COURT_CASE), (CNJ_BARE, MatterKind.COURT_CASE)):
        with pytest.raises(Conflict):
            open_matter(system, firm, kind=kind, number=number, title="Duplicado")
    open_matter(system, firm, kind=MatterKind.OTHER_COURT_CASE, number="Rol C-123-2024", title="Chile")
    with pytest.raises(Conflict):
        open_matter(system, firm, kind=MatterKind.OTHER_COURT_CASE, number="  rol   C-123-2024", title="Duplicado")
    # Cases without a number never clash.
    open_matter(system, firm, title="Consultoria 1")
    open_matter(system, firm, title="Consultoria 2")

    # Nothing of the refused ones was written: lists, audit log.
    assert sorted(titles(system, firm)) == ["Chile", "Consultoria 1", "Consultoria 2", "Primeiro"]
    assert system.audit.actions(firm.id).count("matter.created") == 4

    # Another firm may have a matter with the same number.
    other = open_firm(system, slug="outra")
    theirs = open_matter(system, other, kind=MatterKind.COURT_CASE, number=CNJ, title="Deles")
    assert system.matters.by_number(other.id, CNJ_BARE).id == theirs.id
    assert system.matters.by_number(firm.id, CNJ_BARE).id == first.id


def test_a_changed_number_moves_and_a_taken_one_is_refused_whole(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm)
    court = open_matter(system, firm, [maria], kind=MatterKind.COURT_CASE, number=CNJ, title="No tribunal")
    other = open_matter(system, firm, [maria], kind=MatterKind.OTHER_COURT_CASE, number="Rol 1", title="Outro")
    publish(system, firm, other, [maria])
    before = system.services.matters.get(firm.id, other.id)

    with pytest.raises(Conflict):
        edit(system, firm, other, kind=MatterKind.COURT_CASE, number=CNJ, title="Roubando o número")
    assert system.services.matters.get(firm.id, other.id) == before
    assert system.matters.client_view(firm.id, maria.id, other.id).title == "Outro"
    assert system.matters.by_number(firm.id, "rol 1").id == other.id

    edit(system, firm, court, kind=MatterKind.OTHER_COURT_CASE, number="Rol 2")
    assert system.matters.by_number(firm.id, CNJ_BARE) is None
    assert system.matters.by_number(firm.id, "rol 2").id == court.id
    moved = edit(system, firm, other, kind=MatterKind.COURT_CASE, number=CNJ)
    assert (
        system.matters.by_number(firm.id, CNJ_BARE).id == moved.id
        and system.matters.by_number(firm.id, "rol 1") is None
    )


def test_references_must_exist_in_the_firm(system: FakeSystem, firm: OpenFirm) -> None:
    other = open_firm(system, slug="outra")
    stranger = add_client(system, other, "Cliente de Outra")
    their_matter = open_matter(system, other, title="Deles")
    mine = open_matter(system, firm, title="Meu")
    cases = [
        ({"parties": [Party(name="X", role=PartyRole.PLAINTIFF, client_id=stranger.id)]}, "parties.0.client_id"),
        ({"billing_client_id": stranger.id}, "billing_client_id"),
        ({"responsible_lawyer_id": other.admin.id}, "responsible_lawyer_id"),
        ({"related": [Relation(matter_id=their_matter.id, kind=RelationKind.APPEAL)]}, "related.0.matter_id"),
    ]
    for fields, path in cases:
        with pytest.raises(InvalidInput) as caught:
            open_matter(system, firm, **fields)
        assert caught.value.details[0]["path"] == path
    with pytest.raises(InvalidInput) as caught:
        edit(system, firm, mine, related=[Relation(matter_id=mine.id, kind=RelationKind.RELATED)])
    assert caught.value.details[0]["path"] == "related"
    assert titles(system, firm) == ["Meu"]

    lawyer = system.services.staff.invite(firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno Lima"))
    assert open_matter(system, firm, responsible_lawyer_id=lawyer.id).responsible_lawyer_name == "Bruno Lima"


def test_a_stale_edit_is_refused_and_changes_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [maria]), [maria])
    stale = MatterUpdate(
        **{**matter.model_dump(include=set(MatterInput.model_fields)), "title": "Edição A", "version": matter.version}
    )
    system.services.matters.update(firm.actor, matter.id, stale)
    with pytest.raises(Conflict):
        system.services.matters.update(firm.actor, matter.id, stale.model_copy(update={"title": "Edição B"}))
    with pytest.raises(Conflict):
        system.services.matters.publish(firm.actor, matter.id, Publication(client_ids=[], version=matter.version))
    assert system.services.matters.get(firm.id, matter.id).title == "Edição A"
    assert system.matters.client_view(firm.id, maria.id, matter.id).title == "Edição A"


# --- publishing (F10, F11) -----------------------------------------------------------------------


def test_a_matter_is_published_only_to_clients_involved_in_it(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm, "Maria Souza")
    outsider = add_client(system, firm, "Outsider Silva")
    matter = open_matter(system, firm, [maria])

    with pytest.raises(InvalidInput) as caught:
        system.services.matters.publish(
            firm.actor, matter.id, Publication(client_ids=[maria.id, outsider.id], version=matter.version)
        )
    assert caught.value.details[0]["path"] == "client_ids"
    assert system.services.matters.get(firm.id, matter.id).published_to == []
    assert system.matters.client_view(firm.id, maria.id, matter.id) is None

    published = system.services.matters.publish(
        firm.actor, matter.id, Publication(client_ids=[maria.id, maria.id], version=matter.version)
    )
    assert published.published_to == [maria.id] and published.public
    assert system.services.matters.get(firm.id, matter.id).published_to == [maria.id]
    assert [m.public for m in system.services.matters.list(firm.id, MatterListQuery(), None, 10).items] == [True]
    assert system.matters.client_view(firm.id, outsider.id, matter.id) is None

    with pytest.raises(NotFound):
        system.services.matters.publish(firm.actor, "nosuchmatter", Publication(client_ids=[], version=1))


def test_the_client_view_holds_only_published_parts(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm, "Maria Souza")
    joao = add_client(system, firm, "João Pereira")
    matter = open_matter(
        system,
        firm,
        kind=MatterKind.COURT_CASE,
        number=CNJ,
        title="Maria x INSS",
        court="TRF1",
        venue="1ª Vara de Tefé",
        parties=[
            party(maria),
            party(joao, published=False),
            Party(name="INSS", role=PartyRole.DEFENDANT, published=True),
        ],
    )
    publish(system, firm, matter, [maria, joao])
    for client, you in ((maria, [True, False]), (joao, [False, False])):
        view = system.matters.client_view(firm.id, client.id, matter.id)
        assert [p.name for p in view.parties] == ["Maria Souza", "INSS"] and [p.is_you for p in view.parties] == you
        assert (view.court, view.venue) == (None, None)  # the court is not published (yet)
    edit(system, firm, matter, court_published=True)
    view = system.matters.client_view(firm.id, joao.id, matter.id)
    assert (view.number, view.court, view.venue) == (CNJ, "TRF1", "1ª Vara de Tefé")


def test_a_client_no_longer_involved_loses_the_matter(system: FakeSystem, firm: OpenFirm) -> None:
    maria, maria_tokens = invited_client(system, firm, "Maria Souza")
    joao, joao_tokens = invited_client(system, firm, "João Pereira")
    matter = publish(system, firm, open_matter(system, firm, [maria, joao], title="Herança"), [maria, joao])
    assert sees(system, joao_tokens) == ["Herança"]

    updated = edit(system, firm, matter, parties=[party(maria)])

    assert updated.published_to == [maria.id] and updated.involved_client_ids == [maria.id]
    assert sees(system, joao_tokens) == [] and sees(system, maria_tokens) == ["Herança"]
    with pytest.raises(NotFound):
        system.portal.matter(caller(system, joao_tokens), matter.id)
    assert system.matters.client_view(firm.id, joao.id, matter.id) is None
    assert system.matters.client_views_of(firm.id, joao.id, [matter.id]) == []
    assert titles(system, firm, client_id=joao.id) == [] and titles(system, firm, client_id=maria.id) == ["Herança"]
    # Back as a party, the matter is not published to João again by itself.
    again = edit(system, firm, matter, parties=[party(maria), party(joao)])
    assert again.published_to == [maria.id] and sees(system, joao_tokens) == []


def test_hiding_a_matter_takes_it_from_every_client(system: FakeSystem, firm: OpenFirm) -> None:
    maria, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [maria]), [maria])
    hidden = publish(system, firm, matter, [])
    assert not hidden.public and hidden.published_to == []
    assert sees(system, tokens) == [] and system.matters.client_view(firm.id, maria.id, matter.id) is None
    assert titles(system, firm, public=False) == ["Contrato de locação"] and titles(system, firm, public=True) == []


def test_matters_published_before_the_access_existed_show_once_it_is_granted(
    system: FakeSystem, firm: OpenFirm
) -> None:
    carla = add_client(system, firm, "Carla Dias")
    publish(system, firm, open_matter(system, firm, [carla], title="Privado", private=True), [carla])

    def signed_in() -> TokenPair:
        token = system.last_token_to(carla.emails[0])
        return system.services.auth.accept_invitation(
            firm.slug, PrincipalKind.CLIENT, token, "carla password 123", FakeSystem.ADDRESS
        )

    grant(system, firm, carla, profile=VisibilityProfile(include_private_matters=True))
    assert sees(system, signed_in()) == ["Privado"]
    # Removed and granted again: what is published to the client is still there.
    system.services.accesses.remove(firm.actor, carla.id)
    grant(system, firm, carla, profile=VisibilityProfile(include_private_matters=True))
    assert sees(system, signed_in()) == ["Privado"]


def test_a_publication_over_a_stale_version_writes_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    maria, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [maria])
    edit(system, firm, matter, title="Renamed meanwhile")
    with pytest.raises(Conflict):
        system.services.matters.publish(
            firm.actor, matter.id, Publication(client_ids=[maria.id], version=matter.version)
        )
    assert system.services.matters.get(firm.id, matter.id).published_to == []
    assert system.matters.client_view(firm.id, maria.id, matter.id) is None and sees(system, tokens) == []
    assert system.audit.actions(firm.id).count("matter.published") == 0


def test_a_client_who_is_a_party_cannot_be_deleted(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm)
    matter = open_matter(system, firm, [maria])
    with pytest.raises(Conflict) as caught:
        system.services.clients.delete(firm.actor, maria.id, admin=True)
    assert caught.value.code == "client_in_matters"
    edit(system, firm, matter, parties=[])
    system.services.clients.delete(firm.actor, maria.id, admin=True)
    assert system.clients.get(firm.id, maria.id) is None


# --- pending notifications and Notify (F12) ---------------------------------------------------------


def test_a_notification_is_pending_only_when_a_client_would_see_something_new(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria = add_client(system, firm, "Maria Souza")
    joao = add_client(system, firm, "João Pereira")
    internal = Party(name="Perito", role=PartyRole.OTHER, published=False)
    matter = open_matter(system, firm, [maria], parties=[party(joao), internal])
    assert not matter.notification_pending

    # Edits of a matter nobody sees make nothing pending.
    system.clock.advance(minutes=5)
    matter = edit(system, firm, matter, title="Contrato de aluguel")
    assert not matter.notification_pending

    matter = publish(system, firm, matter, [maria])  # a new client
    assert matter.notification_pending and system.services.matters.get(firm.id, matter.id).notification_pending
    system.services.matters.notify(firm.actor, matter.id)
    assert not system.services.matters.get(firm.id, matter.id).notification_pending

    invisible = [
        {
            "parties": [party(maria), party(joao), internal.model_copy(update={"name": "Perita Ana"})]
        },  # an unpublished party
        {"court": "TJSP", "venue": "2ª Vara Cível"},  # the court is not published
        {"billing_client_id": joao.id},
    ]
    for changes in invisible:
        system.clock.advance(minutes=5)  # the view's updated_at moves; that alone is nothing new
        assert not edit(system, firm, matter, **changes).notification_pending, changes
        assert not system.services.matters.get(firm.id, matter.id).notification_pending
    assert not publish(system, firm, matter, [maria]).notification_pending  # the same clients again

    assert edit(system, firm, matter, title="Contrato de aluguel comercial").notification_pending  # a visible change
    system.services.matters.notify(firm.actor, matter.id)
    assert publish(system, firm, matter, [maria, joao]).notification_pending  # João is new
    system.services.matters.notify(firm.actor, matter.id)
    # Taking a client away tells the others nothing new.
    assert not publish(system, firm, matter, [maria]).notification_pending
    assert edit(system, firm, matter, court_published=True).notification_pending
    system.services.matters.notify(firm.actor, matter.id)
    assert system.services.matters.archive(firm.actor, matter.id).notification_pending  # the status shows


def test_notify_queues_one_notification_per_published_client_and_clears_pending(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria = add_client(system, firm, "Maria Souza")
    joao = add_client(system, firm, "João Pereira")
    ana = add_client(system, firm, "Ana Lima")  # involved, not published
    matter = publish(system, firm, open_matter(system, firm, [maria, joao, ana]), [maria, joao])
    system.outbox.take()

    result = system.services.matters.notify(firm.actor, matter.id)

    assert sorted(result.notified_client_ids) == sorted([maria.id, joao.id])
    sent = system.outbox.take()
    assert sorted(n.principal_id for n in sent) == sorted([maria.id, joao.id])
    assert {(n.kind, n.firm_id, n.principal_kind, n.matter_id) for n in sent} == {
        (NotificationKind.MATTER_UPDATED, firm.id, PrincipalKind.CLIENT, matter.id)
    }
    assert not system.services.matters.get(firm.id, matter.id).notification_pending
    # Notify changes no version: a staff member's open form stays valid.
    assert system.services.matters.get(firm.id, matter.id).version == matter.version


def test_the_matter_e_mail_goes_in_each_clients_language_to_those_who_may_see_it(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria, _ = invited_client(system, firm, "Maria Souza")
    carlos = add_client(
        system, firm, "Carlos Ruiz", language=Language.ES, notification_emails=["oficina@ruiz.example.com"]
    )
    grant(system, firm, carlos, type="link")
    nobody = add_client(system, firm, "Sem Acesso")  # published to, but no access: no e-mail
    matter = open_matter(system, firm, [maria, carlos, nobody], title="Sociedade Souza & Ruiz")
    publish(system, firm, matter, [maria, carlos, nobody])
    system.deliver_all()
    system.mailer.sent.clear()

    system.services.matters.notify(firm.actor, matter.id)
    system.deliver_all()

    assert sorted(tuple(m.to) for m in system.mailer.sent) == sorted(
        [(maria.emails[0],), (carlos.emails[0], "oficina@ruiz.example.com")]
    )
    subjects = {m.to[0]: (m.tags["kind"], m.subject) for m in system.mailer.sent}
    assert subjects == {  # each in the client's language: Carlos chose Spanish
        maria.emails[0]: ("matter_updated", "Novidades no seu processo: Sociedade Souza & Ruiz"),
        carlos.emails[0]: ("matter_updated", "Novedades en su expediente: Sociedade Souza & Ruiz"),
    }


# --- private and team matters against the profile (F07, F10) ------------------------------------------


@pytest.mark.parametrize("row", visibility.MATTERS, ids=lambda row: row.id)
def test_private_and_team_matters_follow_the_profile(
    system: FakeSystem, firm: OpenFirm, row: visibility.MatterRow
) -> None:
    """Every row of the shared table (tests/support/visibility.py); HTTP runs them all too."""
    visible = row.visible
    profile = VisibilityProfile(**row.profile)
    client, tokens = invited_client(system, firm, profile=profile)
    matter = publish(system, firm, open_matter(system, firm, [client], private=row.private, team=row.team), [client])
    assert MatterFlags.of(row.private, row.team).allowed_by(profile) is visible
    assert (sees(system, tokens) == ["Contrato de locação"]) is visible
    who = caller(system, tokens)
    if visible:
        assert system.portal.matter(who, matter.id).id == matter.id
        system.portal.timeline_page(who, matter.id, None, 10)
    else:
        with pytest.raises(NotFound):
            system.portal.matter(who, matter.id)
        with pytest.raises(NotFound):
            system.portal.timeline_page(who, matter.id, None, 10)


def test_flags_and_profiles_changed_later_count_on_the_next_request(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [client]), [client])
    assert sees(system, tokens) == ["Contrato de locação"]

    edit(system, firm, matter, private=True)
    assert sees(system, tokens) == []

    access = system.accesses.get(firm.id, client.id)
    system.services.accesses.change_profile(
        firm.actor,
        client.id,
        ProfileChange(profile=VisibilityProfile(include_private_matters=True), version=access.version),
    )
    assert sees(system, tokens) == ["Contrato de locação"]


# --- related matters (F10) ---------------------------------------------------------------------------


def test_related_matters_show_only_when_the_client_may_see_them_too(system: FakeSystem, firm: OpenFirm) -> None:
    maria, tokens = invited_client(system, firm, "Maria Souza")
    joao = add_client(system, firm, "João Pereira")
    theirs = publish(system, firm, open_matter(system, firm, [joao], title="Recurso do João"), [joao])
    hers = publish(system, firm, open_matter(system, firm, [maria], title="Desdobramento da Maria"), [maria])
    unpublished = open_matter(system, firm, [maria], title="Ainda não publicado")
    secret = publish(system, firm, open_matter(system, firm, [maria], title="Privado", private=True), [maria])
    related = [
        Relation(matter_id=theirs.id, kind=RelationKind.APPEAL),
        Relation(matter_id=hers.id, kind=RelationKind.OFFSHOOT),
        Relation(matter_id=unpublished.id, kind=RelationKind.RELATED),
        Relation(matter_id=secret.id, kind=RelationKind.RELATED),
    ]
    main = publish(system, firm, open_matter(system, firm, [maria], title="Ação principal", related=related), [maria])

    view = system.portal.matter(caller(system, tokens), main.id)
    assert [(r.title, r.kind) for r in view.related] == [("Desdobramento da Maria", RelationKind.OFFSHOOT)]
    # Lists leave related matters to the matter's own page: nothing of other clients' matters.
    listed = next(v for v in system.portal.matters_page(caller(system, tokens), None, 50).items if v.id == main.id)
    assert listed.related == []

    # Published later, the related matter shows on the next request.
    publish(system, firm, unpublished, [maria])
    assert [r.title for r in system.portal.matter(caller(system, tokens), main.id).related] == [
        "Desdobramento da Maria",
        "Ainda não publicado",
    ]


def test_a_relation_to_a_matter_the_client_cannot_see_is_nothing_new_to_them(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria, _ = invited_client(system, firm, "Maria Souza")
    joao = add_client(system, firm, "João Pereira")
    theirs = publish(system, firm, open_matter(system, firm, [joao], title="Do João"), [joao])
    hers = publish(system, firm, open_matter(system, firm, [maria], title="Da Maria"), [maria])
    main = publish(system, firm, open_matter(system, firm, [maria], title="Principal"), [maria])
    system.services.matters.notify(firm.actor, main.id)

    assert not edit(
        system, firm, main, related=[Relation(matter_id=theirs.id, kind=RelationKind.APPEAL)]
    ).notification_pending
    both = [
        Relation(matter_id=theirs.id, kind=RelationKind.APPEAL),
        Relation(matter_id=hers.id, kind=RelationKind.OFFSHOOT),
    ]
    assert edit(system, firm, main, related=both).notification_pending


def related_of(system: FakeSystem, firm: OpenFirm, matter: Matter) -> list[tuple[str, RelationKind]]:
    return [(r.matter_id, r.kind) for r in system.services.matters.get(firm.id, matter.id).related]


def test_relating_a_matter_relates_the_other_one_too_and_unlinking_removes_both(
    system: FakeSystem, firm: OpenFirm
) -> None:
    original = open_matter(system, firm, title="Ação original")
    appeal = open_matter(
        system, firm, title="Apelação", related=[Relation(matter_id=original.id, kind=RelationKind.APPEAL)]
    )

    assert related_of(system, firm, original) == [(appeal.id, RelationKind.APPEAL)]
    stored = system.services.matters.get(firm.id, original.id)
    assert stored.version == original.version + 1 and stored.updated_at == system.clock.now()
    [entry] = [
        e for e in system.audit.entries(firm.id) if e.target == f"matter:{original.id}" and e.action == "matter.updated"
    ]
    assert entry.details["fields"] == ["related"]

    # A new kind, from either side, is the kind of both.
    edit(system, firm, original, related=[Relation(matter_id=appeal.id, kind=RelationKind.OFFSHOOT)])
    assert related_of(system, firm, appeal) == [(original.id, RelationKind.OFFSHOOT)]

    # Unlinked from either side, it is gone from both.
    edit(system, firm, original, related=[])
    assert related_of(system, firm, appeal) == [] and related_of(system, firm, original) == []
    edit(system, firm, original, related=[Relation(matter_id=appeal.id, kind=RelationKind.APPEAL)])
    edit(system, firm, appeal, related=[])
    assert related_of(system, firm, appeal) == [] and related_of(system, firm, original) == []


def test_an_edit_of_the_other_matter_read_before_the_relation_is_stale(system: FakeSystem, firm: OpenFirm) -> None:
    original = open_matter(system, firm, title="Ação original")
    read = system.services.matters.get(firm.id, original.id)  # a colleague opens the original's form
    open_matter(system, firm, title="Apelação", related=[Relation(matter_id=original.id, kind=RelationKind.APPEAL)])

    stale = MatterUpdate(
        **{**read.model_dump(include=set(MatterInput.model_fields)), "title": "Renomeada", "version": read.version}
    )
    with pytest.raises(Conflict):
        system.services.matters.update(firm.actor, original.id, stale)
    # The colleague's old form would have dropped the relation: it stands.
    assert len(related_of(system, firm, original)) == 1


def test_a_relation_is_not_half_written_when_the_other_matter_changes_meanwhile(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = open_matter(system, firm, title="Ação original")
    appeal = open_matter(system, firm, title="Apelação")
    save = system.matters.save

    def colleague_edits_the_original_first(*args: Any, **kwargs: Any) -> None:
        monkeypatch.setattr(system.matters, "save", save)
        edit(system, firm, original, court="TJSP")
        save(*args, **kwargs)

    monkeypatch.setattr(system.matters, "save", colleague_edits_the_original_first)
    with pytest.raises(Conflict):
        edit(system, firm, appeal, related=[Relation(matter_id=original.id, kind=RelationKind.APPEAL)])
    assert related_of(system, firm, appeal) == [] and related_of(system, firm, original) == []
    assert (
        system.services.matters.get(firm.id, original.id).court == "TJSP"
        and system.services.matters.get(firm.id, appeal.id).version == appeal.version
    )


def test_the_other_matter_must_have_room_for_one_more_relation(system: FakeSystem, firm: OpenFirm) -> None:
    full = open_matter(system, firm, title="Cheio")
    others = [open_matter(system, firm, title=f"Outro {n}") for n in range(MAX_RELATED)]
    # Linked a few at a time: each save writes the other sides too.
    for start in range(0, MAX_RELATED, 10):
        current = system.services.matters.get(firm.id, full.id).related
        edit(
            system,
            firm,
            full,
            related=current + [Relation(matter_id=o.id, kind=RelationKind.RELATED) for o in others[start : start + 10]],
        )
    assert len(system.services.matters.get(firm.id, full.id).related) == MAX_RELATED
    mine = open_matter(system, firm, title="Meu")
    before = system.services.matters.get(firm.id, full.id)

    with pytest.raises(InvalidInput) as caught:
        edit(system, firm, mine, related=[Relation(matter_id=full.id, kind=RelationKind.APPEAL)])
    assert caught.value.details[0]["path"] == "related.0.matter_id" and "Cheio" in caught.value.message
    with pytest.raises(InvalidInput):
        open_matter(system, firm, title="Novo", related=[Relation(matter_id=full.id, kind=RelationKind.APPEAL)])
    assert system.services.matters.get(firm.id, full.id) == before and related_of(system, firm, mine) == []
    assert "Novo" not in titles(system, firm)


def test_a_matter_cannot_be_related_twice_to_the_same_matter(system: FakeSystem, firm: OpenFirm) -> None:
    other = open_matter(system, firm, title="Outro")
    with pytest.raises(InvalidInput) as caught:
        open_matter(
            system,
            firm,
            related=[
                Relation(matter_id=other.id, kind=RelationKind.APPEAL),
                Relation(matter_id=other.id, kind=RelationKind.RELATED),
            ],
        )
    assert caught.value.details[0]["path"] == "related"


def test_the_other_side_of_a_relation_shows_to_clients_who_may_see_both(system: FakeSystem, firm: OpenFirm) -> None:
    maria, maria_tokens = invited_client(system, firm, "Maria Souza")
    joao, joao_tokens = invited_client(system, firm, "João Pereira")
    original = publish(system, firm, open_matter(system, firm, [maria, joao], title="Ação original"), [maria, joao])
    appeal = publish(system, firm, open_matter(system, firm, [maria], title="Apelação da Maria"), [maria])

    edit(system, firm, appeal, related=[Relation(matter_id=original.id, kind=RelationKind.APPEAL)])

    assert [r.title for r in system.portal.matter(caller(system, maria_tokens), original.id).related] == [
        "Apelação da Maria"
    ]
    assert system.portal.matter(caller(system, joao_tokens), original.id).related == []  # not published to João
    assert (
        system.matters.client_view(firm.id, joao.id, original.id).related[0].id == appeal.id
    )  # kept, shown once he may see it


def test_the_other_side_is_pending_only_when_its_clients_would_see_the_relation(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria, _ = invited_client(system, firm, "Maria Souza")
    joao = add_client(system, firm, "João Pereira")
    original = publish(system, firm, open_matter(system, firm, [maria], title="Ação original"), [maria])
    hers = publish(system, firm, open_matter(system, firm, [maria], title="Da Maria"), [maria])
    his = publish(system, firm, open_matter(system, firm, [joao], title="Do João"), [joao])
    for matter in (original, hers, his):
        system.services.matters.notify(firm.actor, matter.id)

    edit(system, firm, his, related=[Relation(matter_id=original.id, kind=RelationKind.APPEAL)])
    assert not system.services.matters.get(firm.id, original.id).notification_pending  # Maria cannot see João's matter

    edit(system, firm, hers, related=[Relation(matter_id=original.id, kind=RelationKind.APPEAL)])
    assert (
        system.services.matters.get(firm.id, original.id).notification_pending
        and system.services.matters.get(firm.id, hers.id).notification_pending
    )
    system.services.matters.notify(firm.actor, original.id)
    edit(system, firm, hers, related=[])
    assert system.services.matters.get(firm.id, original.id).notification_pending  # the related matter she saw is gone


def test_relations_that_would_not_fit_in_one_write_are_refused_whole(system: FakeSystem, firm: OpenFirm) -> None:
    clients = [add_client(system, firm, f"Cliente {n}", [f"cliente{n}@client.example.com"]) for n in range(20)]
    crowded = [
        publish(system, firm, open_matter(system, firm, clients, title=f"Coletiva {n}"), clients) for n in range(3)
    ]
    mine = open_matter(system, firm, title="Meu")
    before = [system.services.matters.get(firm.id, m.id) for m in crowded]

    with pytest.raises(InvalidInput) as caught:
        edit(system, firm, mine, related=[Relation(matter_id=m.id, kind=RelationKind.RELATED) for m in crowded])
    assert caught.value.details[0]["path"] == "related"
    assert [system.services.matters.get(firm.id, m.id) for m in crowded] == before and related_of(
        system, firm, mine
    ) == []
    # Fewer at a time fit.
    edit(system, firm, mine, related=[Relation(matter_id=crowded[0].id, kind=RelationKind.RELATED)])
    assert related_of(system, firm, crowded[0]) == [(mine.id, RelationKind.RELATED)]


# --- archive and lists -------------------------------------------------------------------------------


def test_archiving_is_a_published_change_and_happens_once(system: FakeSystem, firm: OpenFirm) -> None:
    maria, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [maria]), [maria])
    system.services.matters.notify(firm.actor, matter.id)

    archived = system.services.matters.archive(firm.actor, matter.id)
    assert (
        archived.status is MatterStatus.ARCHIVED
        and archived.version == matter.version + 1
        and archived.notification_pending
    )
    assert (
        system.services.matters.archive(firm.actor, matter.id).version == archived.version
    )  # archiving again changes nothing
    assert system.audit.actions(firm.id).count("matter.archived") == 1
    assert system.portal.matter(caller(system, tokens), matter.id).status is MatterStatus.ARCHIVED
    assert titles(system, firm, status=MatterStatus.ARCHIVED) == ["Contrato de locação"]
    assert titles(system, firm, status=MatterStatus.ACTIVE) == []
    with pytest.raises(NotFound):
        system.services.matters.archive(firm.actor, "nosuchmatter")


def test_staff_lists_are_newest_first_per_firm_and_per_client(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm, "Maria Souza")
    for n in range(5):
        open_matter(system, firm, [maria] if n % 2 == 0 else [], title=f"Matter {n}")
        system.clock.advance(minutes=1)
    other = open_firm(system, slug="outra")
    open_matter(system, other, title="Deles")

    pages, cursor = [], None
    while True:
        page = system.services.matters.list(firm.id, MatterListQuery(), cursor, 2)
        pages.append([m.title for m in page.items])
        cursor = page.next_cursor
        if not cursor:
            break
    assert [t for page in pages for t in page] == [f"Matter {n}" for n in (4, 3, 2, 1, 0)]
    assert titles(system, firm, client_id=maria.id) == ["Matter 4", "Matter 2", "Matter 0"]
    with pytest.raises(InvalidInput):
        system.services.matters.list(firm.id, MatterListQuery(), "not a cursor", 2)


def test_a_matter_has_at_most_twenty_of_the_firms_clients_among_its_parties() -> None:
    parties = [Party(name=f"Cliente {n}", role=PartyRole.PLAINTIFF, client_id=f"client{n}") for n in range(21)]
    with pytest.raises(InvalidInput) as caught:
        MatterInput(kind=MatterKind.CASE, title="Ação coletiva", parties=parties)
    assert caught.value.details[0]["path"] == "parties"
    assert len(MatterInput(kind=MatterKind.CASE, title="Ação coletiva", parties=parties[:20]).parties) == 20
