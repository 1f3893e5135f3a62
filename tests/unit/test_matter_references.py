"""What staff are told when a matter refers to what is not in the firm, or is saved over a
stale version."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.matters import MatterInput, MatterUpdate, Party, PartyRole, Relation, RelationKind
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, open_firm, open_matter


def test_each_reference_outside_the_firm_is_named_with_its_field(system: FakeSystem, firm: OpenFirm) -> None:
    other = open_firm(system, slug="outra")
    stranger = add_client(system, other, "Cliente de Outra")
    mine = add_client(system, firm)
    their_matter = open_matter(system, other, title="Deles")
    cases = [
        (
            {
                "parties": [
                    Party(name=mine.name, role=PartyRole.PLAINTIFF, client_id=mine.id),
                    Party(name="X", role=PartyRole.DEFENDANT, client_id=stranger.id),
                ]
            },
            "parties.1.client_id",
            "No such client.",
        ),
        ({"billing_client_id": stranger.id}, "billing_client_id", "No such client."),
        ({"responsible_lawyer_id": other.admin.id}, "responsible_lawyer_id", "No such staff member."),
        (
            {"related": [Relation(matter_id=their_matter.id, kind=RelationKind.APPEAL)]},
            "related.0.matter_id",
            "No such matter.",
        ),
    ]
    for fields, path, message in cases:
        with pytest.raises(InvalidInput) as caught:
            open_matter(system, firm, **fields)
        assert caught.value.details == [{"path": path, "message": message}]


def test_a_matter_related_to_itself_or_saved_over_a_stale_version_is_refused_with_the_reason(
    system: FakeSystem, firm: OpenFirm
) -> None:
    matter = open_matter(system, firm, title="Meu")
    data = matter.model_dump(include=set(MatterInput.model_fields))
    with pytest.raises(InvalidInput) as itself:
        system.services.matters.update(
            firm.actor,
            matter.id,
            MatterUpdate(
                **{**data, "related": [Relation(matter_id=matter.id, kind=RelationKind.RELATED)]},
                version=matter.version,
            ),
        )
    assert itself.value.details == [{"path": "related", "message": "A matter cannot be related to itself."}]
    with pytest.raises(Conflict) as stale:
        system.services.matters.update(firm.actor, matter.id, MatterUpdate(**data, version=matter.version + 1))
    assert (stale.value.code, stale.value.message) == (
        "stale_version",
        "This matter was changed by someone else. Reload and try again.",
    )
