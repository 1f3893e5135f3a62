"""The matter model's own rules: its limits, numbers, the client's view and the staff summary."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from chalicelib.domain.accesses import MatterFlags, VisibilityProfile
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.matters import (
    MAX_PARTIES,
    MAX_RELATED,
    Matter,
    MatterInput,
    MatterKind,
    Party,
    PartyRole,
    Publication,
    Relation,
    RelationKind,
    number_key,
)

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
CNJ = "0000832-35.2018.4.01.3202"


def parties(n: int) -> list[Party]:
    return [Party(name=f"Parte {i}", role=PartyRole.OTHER) for i in range(n)]


def relations(n: int) -> list[Relation]:
    return [Relation(matter_id=f"m{i}", kind=RelationKind.RELATED) for i in range(n)]


def test_a_matter_takes_up_to_50_parties_and_50_related_matters_and_no_more() -> None:
    assert (MAX_PARTIES, MAX_RELATED) == (50, 50)
    full = MatterInput(kind=MatterKind.CASE, title="Cheio", parties=parties(50), related=relations(50))
    assert (len(full.parties), len(full.related)) == (50, 50)
    with pytest.raises(ValidationError) as too_many_parties:
        MatterInput(kind=MatterKind.CASE, title="Demais", parties=parties(51))
    assert too_many_parties.value.errors()[0]["loc"] == ("parties",)
    with pytest.raises(ValidationError) as too_many_related:
        MatterInput(kind=MatterKind.CASE, title="Demais", related=relations(51))
    assert too_many_related.value.errors()[0]["loc"] == ("related",)


def test_a_matter_is_published_to_at_most_100_clients_at_once() -> None:
    assert len(Publication(client_ids=[f"c{i}" for i in range(100)], version=1).client_ids) == 100
    with pytest.raises(ValidationError) as caught:
        Publication(client_ids=[f"c{i}" for i in range(101)], version=1)
    assert caught.value.errors()[0]["loc"] == ("client_ids",)


def test_two_parties_with_one_id_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        MatterInput(
            kind=MatterKind.CASE,
            title="T",
            parties=[Party(id="p1", name="A", role="other"), Party(id="p1", name="B", role="other")],
        )
    assert caught.value.details[0]["path"] == "parties"


def test_a_court_case_number_is_checked_and_written_in_cnj_format() -> None:
    assert MatterInput(kind=MatterKind.COURT_CASE, title="T", number="00008323520184013202").number == CNJ
    with pytest.raises(InvalidInput) as no_number:
        MatterInput(kind=MatterKind.COURT_CASE, title="T")
    assert no_number.value.details[0]["path"] == "number" and "CNJ format" in no_number.value.message
    with pytest.raises(InvalidInput) as bad_digits:
        MatterInput(kind=MatterKind.COURT_CASE, title="T", number="0000832-36.2018.4.01.3202")
    assert "check digits" in bad_digits.value.message


def test_another_courts_case_needs_a_number_and_a_case_out_of_court_does_not() -> None:
    with pytest.raises(InvalidInput) as caught:
        MatterInput(kind=MatterKind.OTHER_COURT_CASE, title="T")
    assert caught.value.details[0]["path"] == "number"
    assert MatterInput(kind=MatterKind.OTHER_COURT_CASE, title="T", number="Proc 1/2026").number == "Proc 1/2026"
    assert MatterInput(kind=MatterKind.CASE, title="T").number is None


def test_a_number_is_looked_up_by_its_digits_or_its_folded_text() -> None:
    assert number_key(CNJ) == "00008323520184013202"
    assert number_key("  Proc   ABC  1 ") == "proc abc 1"
    assert number_key("") is None and number_key(None) is None


def matter(**fields: object) -> Matter:
    data: dict[str, object] = {
        "id": "m1",
        "firm_id": "f1",
        "kind": MatterKind.OTHER_COURT_CASE,
        "number": "Proc 1",
        "title": "Locação",
        "court": "TJSP",
        "venue": "1ª Vara",
        "instance": "1º grau",
        "procedural_class": "Despejo",
        "responsible_lawyer_name": "Ana",
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Matter(**{**data, **fields})


def test_the_client_sees_the_court_data_only_when_it_is_published() -> None:
    hidden = matter().view_for("c1")
    assert (hidden.court, hidden.venue, hidden.instance, hidden.procedural_class) == (None, None, None, None)
    shown = matter(court_published=True).view_for("c1")
    assert (shown.court, shown.venue, shown.instance, shown.procedural_class) == (
        "TJSP",
        "1ª Vara",
        "1º grau",
        "Despejo",
    )
    assert (shown.id, shown.number, shown.title, shown.responsible_lawyer, shown.updated_at) == (
        "m1",
        "Proc 1",
        "Locação",
        "Ana",
        NOW,
    )


def test_the_client_sees_published_parties_and_which_one_is_them() -> None:
    m = matter(
        parties=[
            Party(name="Maria", role=PartyRole.PLAINTIFF, client_id="c1", published=True),
            Party(name="João", role=PartyRole.PLAINTIFF, client_id="c2", published=True),
            Party(name="Oculta", role=PartyRole.DEFENDANT, published=False),
        ],
        related=[Relation(matter_id="m2", kind=RelationKind.APPEAL)],
        private=True,
        team=True,
    )
    view = m.view_for("c1")
    assert [(p.name, p.role, p.is_you) for p in view.parties] == [
        ("Maria", PartyRole.PLAINTIFF, True),
        ("João", PartyRole.PLAINTIFF, False),
    ]
    assert [(r.id, r.kind) for r in view.related] == [("m2", RelationKind.APPEAL)]
    assert (view.private, view.team, view.flags) == (True, True, MatterFlags.PRIVATE_TEAM)


def test_the_staff_summary_lists_who_is_involved_and_to_whom_it_is_published() -> None:
    m = matter(
        parties=[
            Party(name="B", role="other", client_id="cb"),
            Party(name="A", role="other", client_id="ca"),
            Party(name="X", role="other"),
            Party(name="B2", role="other", client_id="cb"),
        ],
        published_to=["ca"],
        team=True,
    )
    summary = m.summary()
    assert summary.involved_client_ids == ["ca", "cb"] == m.involved_client_ids
    assert (summary.public, summary.published_to, summary.team, summary.private) == (True, ["ca"], True, False)
    assert (summary.id, summary.title, summary.number, summary.responsible_lawyer_name, summary.created_at) == (
        "m1",
        "Locação",
        "Proc 1",
        "Ana",
        NOW,
    )
    assert matter().summary().public is False
    assert matter(number=CNJ).number_key == "00008323520184013202"


@pytest.mark.parametrize(
    ("private", "team", "profile", "visible"),
    [
        (False, False, VisibilityProfile(), True),
        (False, True, VisibilityProfile(), False),
        (True, False, VisibilityProfile(), False),
        (False, True, VisibilityProfile(include_team_matters=True), True),
        (True, False, VisibilityProfile(include_private_matters=True), True),
        (True, True, VisibilityProfile(include_private_matters=True), False),
        (True, True, VisibilityProfile(include_team_matters=True), False),
        (True, True, VisibilityProfile(include_private_matters=True, include_team_matters=True), True),
    ],
)
def test_a_view_is_visible_only_to_profiles_that_include_its_flags(
    private: bool, team: bool, profile: VisibilityProfile, visible: bool
) -> None:
    assert matter(private=private, team=team).view_for("c1").visible_to(profile) is visible


def test_flags_of_each_combination() -> None:
    assert [MatterFlags.of(p, t) for p, t in ((False, False), (True, False), (False, True), (True, True))] == [
        MatterFlags.PLAIN,
        MatterFlags.PRIVATE,
        MatterFlags.TEAM,
        MatterFlags.PRIVATE_TEAM,
    ]
