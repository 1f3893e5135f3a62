"""When an edit of a matter makes a notification pending, as its clients would see it
through related matters and their profile, and what the edit stamps on the matter."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.accesses import VisibilityProfile
from chalicelib.domain.matters import Matter, MatterInput, MatterUpdate, Party, PartyRole, Relation, RelationKind
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, invited_client, open_matter, publish


def edit(system: FakeSystem, firm: OpenFirm, matter: Matter, **changes: Any) -> Matter:
    current = system.services.matters.get(firm.id, matter.id)
    data = current.model_dump(include=set(MatterInput.model_fields))
    return system.services.matters.update(
        firm.actor, matter.id, MatterUpdate(**{**data, **changes, "version": current.version})
    )


def test_an_edit_nobody_sees_leaves_notification_pending_false_not_empty(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    edited = edit(system, firm, matter, title="Outro título")
    assert edited.notification_pending is False
    assert system.services.matters.get(firm.id, matter.id).notification_pending is False


def test_an_edit_stamps_the_time_it_was_made(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    later = system.clock.advance(hours=3)
    assert edit(system, firm, matter, title="Outro título").updated_at == later
    assert system.services.matters.get(firm.id, matter.id).updated_at == later


def test_an_unseen_edit_of_a_matter_with_a_visible_related_one_makes_nothing_pending(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, _ = invited_client(system, firm)
    appeal = publish(system, firm, open_matter(system, firm, [client], title="Recurso"), [client])
    main = publish(
        system,
        firm,
        open_matter(
            system, firm, [client], title="Ação", related=[Relation(matter_id=appeal.id, kind=RelationKind.APPEAL)]
        ),
        [client],
    )
    system.services.matters.notify(firm.actor, main.id)

    hidden_party = Party(name="Perito", role=PartyRole.OTHER, published=False)
    assert (
        edit(
            system, firm, main, parties=[*system.services.matters.get(firm.id, main.id).parties, hidden_party]
        ).notification_pending
        is False
    )


def test_a_relation_to_a_team_matter_the_profile_hides_is_nothing_new(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm, profile=VisibilityProfile())
    team = publish(system, firm, open_matter(system, firm, [client], title="Da equipe", team=True), [client])
    main = publish(system, firm, open_matter(system, firm, [client], title="Ação"), [client])
    system.services.matters.notify(firm.actor, main.id)

    assert (
        edit(system, firm, main, related=[Relation(matter_id=team.id, kind=RelationKind.RELATED)]).notification_pending
        is False
    )
