"""B7: a matter's stage: court movements move it, what staff set wins, clearing it goes
back to the court's; the staff answer, the lists and the clients' views carry it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.domain.common import Language
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.matters import MatterKind, MatterListQuery, MatterUpdate
from chalicelib.domain.stages import StageChange, StageKey
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    OpenFirm,
    add_client,
    caller,
    integration,
    invited_client,
    open_matter,
    publish,
    send_movements,
)

CNJ = "0000832-35.2018.4.01.3202"


def moved(system: FakeSystem, feed: Any, *movements: tuple[int, int]) -> None:
    """DataJud movements (day of August, code) of the CNJ matter, one message."""
    record = {
        "numeroProcesso": CNJ.replace("-", "").replace(".", ""),
        "movimentos": [
            {"codigo": code, "nome": f"Movimento {code}", "dataHora": f"2026-08-{day:02d}T10:00:00.000Z"}
            for day, code in movements
        ],
    }
    send_movements(system, feed, {"format": "datajud", "records": [record]})


def stage_of(system: FakeSystem, firm: OpenFirm, matter_id: str) -> tuple[str, bool] | None:
    stage = system.services.matters.get(firm.id, matter_id).effective_stage()
    return (stage.key.value, stage.set_by_staff) if stage else None


def set_stage(system: FakeSystem, firm: OpenFirm, matter_id: str, stage: StageKey | None) -> Any:
    current = system.services.matters.get(firm.id, matter_id)
    return system.services.matters.set_stage(firm.actor, matter_id, StageChange(stage=stage, version=current.version))


@pytest.fixture
def court_case(system: FakeSystem, firm: OpenFirm) -> Any:
    return open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)


def test_court_movements_move_the_stage_without_a_new_version(
    system: FakeSystem, firm: OpenFirm, court_case: Any
) -> None:
    feed = integration(system, firm)
    assert stage_of(system, firm, court_case.id) is None
    moved(system, feed, (1, 26))
    assert stage_of(system, firm, court_case.id) == ("filed", False)
    moved(system, feed, (3, 12288), (2, 51))
    assert stage_of(system, firm, court_case.id) == ("summoned", False)
    # An older movement arriving late does not move it back.
    moved(system, feed, (2, 970))
    assert stage_of(system, firm, court_case.id) == ("summoned", False)
    moved(system, feed, (9, 219))
    matter = system.services.matters.get(firm.id, court_case.id)
    assert stage_of(system, firm, court_case.id) == ("judgment", False)
    assert matter.version == court_case.version
    # The message delivered again changes nothing.
    moved(system, feed, (9, 219))
    assert system.services.matters.get(firm.id, court_case.id) == matter


def test_what_staff_set_wins_and_clearing_it_goes_back_to_the_court(
    system: FakeSystem, firm: OpenFirm, court_case: Any
) -> None:
    feed = integration(system, firm)
    moved(system, feed, (1, 26))
    matter = set_stage(system, firm, court_case.id, StageKey.HEARING)
    assert matter.stage_override is not None and matter.stage_override.set_by == firm.actor.principal_id
    assert stage_of(system, firm, court_case.id) == ("hearing", True)
    moved(system, feed, (5, 219))
    assert stage_of(system, firm, court_case.id) == ("hearing", True)
    set_stage(system, firm, court_case.id, None)
    assert stage_of(system, firm, court_case.id) == ("judgment", False)
    entries = system.audit.actions(firm.id)
    assert "matter.stage_set" in entries and "matter.stage_cleared" in entries


def test_a_stale_version_conflicts_and_an_unknown_stage_for_the_kind_is_refused(
    system: FakeSystem, firm: OpenFirm, court_case: Any
) -> None:
    with pytest.raises(Conflict):
        system.services.matters.set_stage(
            firm.actor, court_case.id, StageChange(stage=StageKey.HEARING, version=court_case.version + 1)
        )
    with pytest.raises(InvalidInput) as refused:
        set_stage(system, firm, court_case.id, StageKey.NEGOTIATION)
    assert refused.value.details[0]["path"] == "stage"
    assert system.services.matters.get(firm.id, court_case.id).version == court_case.version


def test_a_case_out_of_court_has_only_the_stage_staff_set_from_its_own_list(system: FakeSystem, firm: OpenFirm) -> None:
    case = open_matter(system, firm)
    assert case.effective_stage() is None
    with pytest.raises(InvalidInput):
        set_stage(system, firm, case.id, StageKey.HEARING)
    set_stage(system, firm, case.id, StageKey.NEGOTIATION)
    stage = system.services.matters.get(firm.id, case.id).effective_stage(Language.EN)
    assert stage is not None
    assert (stage.key, stage.step, stage.steps, stage.set_by_staff, stage.label) == (
        StageKey.NEGOTIATION,
        2,
        4,
        True,
        "In negotiation",
    )


def test_a_court_movement_meanwhile_does_not_make_a_staff_edit_stale(
    system: FakeSystem, firm: OpenFirm, court_case: Any
) -> None:
    client = add_client(system, firm)
    feed = integration(system, firm)
    opened = system.services.matters.get(firm.id, court_case.id)
    moved(system, feed, (1, 26))  # arrives while the form is open
    form = {**opened.model_dump(include=set(MatterUpdate.model_fields) - {"version"}), "title": "Novo título"}
    saved = system.services.matters.update(firm.actor, opened.id, MatterUpdate(**form, version=opened.version))
    assert saved.title == "Novo título" and saved.effective_stage() is not None
    assert stage_of(system, firm, court_case.id) == ("filed", False)
    # And the lists say so too.
    (summary,) = system.services.matters.list(firm.id, MatterListQuery(), None, 10).items
    assert summary.stage is not None and summary.stage.key is StageKey.FILED
    del client


def test_the_clients_view_and_list_carry_the_stage_and_a_change_makes_a_notification_pending(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    matter = publish(
        system, firm, open_matter(system, firm, [client], kind=MatterKind.COURT_CASE, number=CNJ), [client]
    )
    system.services.matters.notify(firm.actor, matter.id)
    feed = integration(system, firm)
    moved(system, feed, (1, 26), (4, 970))
    me = caller(system, tokens)
    view = system.portal.matter(me, matter.id)
    assert view.stage is not None and (view.stage.key, view.stage.step, view.stage.steps) == (StageKey.HEARING, 3, 8)
    assert view.in_language(Language.ES).stage.label == "Audiencia"  # type: ignore[union-attr]
    (listed,) = system.portal.matters_page(me, None, 10).items
    assert listed.stage == view.stage
    assert system.services.matters.get(firm.id, matter.id).notification_pending

    system.services.matters.notify(firm.actor, matter.id)
    set_stage(system, firm, matter.id, StageKey.EVIDENCE)
    assert system.services.matters.get(firm.id, matter.id).notification_pending
    view = system.portal.matter(caller(system, tokens), matter.id)
    assert view.stage is not None and view.stage.key is StageKey.EVIDENCE and view.stage.set_by_staff


def test_setting_the_stage_it_already_has_cleared_is_no_change(
    system: FakeSystem, firm: OpenFirm, court_case: Any
) -> None:
    same = set_stage(system, firm, court_case.id, None)
    assert same.version == court_case.version


def test_a_court_movement_between_the_read_and_the_write_of_an_edit_is_kept_and_the_edit_goes_through(
    system: FakeSystem, firm: OpenFirm, court_case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = system.services.matters.matters
    save = repository.save
    arrivals: list[int] = []

    def court_first(*args: Any, **kwargs: Any) -> None:
        if not arrivals:  # the court's movement lands just before the staff's write
            arrivals.append(1)
            system.services.matters.record_court_movements(
                firm.id, court_case.id, [(datetime(2026, 8, 1, tzinfo=UTC), 848, None)]
            )
        save(*args, **kwargs)

    monkeypatch.setattr(repository, "save", court_first)
    form = {**court_case.model_dump(include=set(MatterUpdate.model_fields) - {"version"}), "title": "Editado"}
    saved = system.services.matters.update(firm.actor, court_case.id, MatterUpdate(**form, version=court_case.version))
    stored = system.services.matters.get(firm.id, court_case.id)
    assert (saved.title, stored.title, stored.version) == ("Editado", "Editado", court_case.version + 1)
    assert stage_of(system, firm, court_case.id) == ("final", False)
    (summary,) = system.services.matters.list(firm.id, MatterListQuery(), None, 10).items
    assert (summary.title, summary.stage.key if summary.stage else None) == ("Editado", StageKey.FINAL)
