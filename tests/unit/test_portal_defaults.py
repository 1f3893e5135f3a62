"""What a client sees when staff leave a choice at its default: the default visibility
profile, a party added without `published`, a task added without `done`, update times
given in another zone, and a court movement that differs from another only by its code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from chalicelib.domain.accesses import AccessGrant, AccessType, VisibilityProfile
from chalicelib.domain.matters import MatterKind, Party, PartyRole
from chalicelib.domain.timeline import UpdateChange, UpdateInput
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    CLIENT_PASSWORD,
    OpenFirm,
    add_client,
    caller,
    integration,
    invited_client,
    open_matter,
    publish,
    send_movements,
)

BRASILIA = timezone(timedelta(hours=-3))
CNJ = "0000832-35.2018.4.01.3202"


def sees(system: FakeSystem, tokens: Any) -> list[str]:
    return sorted(v.title for v in system.portal.matters_page(caller(system, tokens), None, 50).items)


def test_a_client_granted_the_default_profile_sees_plain_matters_but_not_team_or_private_ones(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client = add_client(system, firm)
    # The admin grants access without choosing a profile.
    access = system.services.accesses.grant(firm.actor, client.id, AccessGrant(type=AccessType.ACCOUNT))
    tokens = system.services.auth.accept_invitation(
        firm.slug, "client", system.last_token_to(access.email), CLIENT_PASSWORD, FakeSystem.ADDRESS
    )
    for title, flags in (("Simples", {}), ("Equipe", {"team": True}), ("Sigiloso", {"private": True})):
        publish(system, firm, open_matter(system, firm, [client], title=title, **flags), [client])

    assert sees(system, tokens) == ["Simples"]


def test_the_default_profile_shows_movements_publications_and_documents_but_no_tasks() -> None:
    profile = VisibilityProfile()
    assert profile.model_dump() == {
        "automatic_movements": True,
        "manual_movements": True,
        "tasks": False,
        "publications": True,
        "documents": True,
        "include_private_matters": False,
        "include_team_matters": False,
    }
    assert AccessGrant(type=AccessType.LINK).profile == profile


def test_a_party_added_without_published_stays_off_the_portal(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    opponent = Party(name="Locadora Ltda", role=PartyRole.DEFENDANT)
    matter = publish(system, firm, open_matter(system, firm, [client], parties=[opponent]), [client])

    assert opponent.published is False
    view = system.portal.matter(caller(system, tokens), matter.id)
    assert [(p.name, p.is_you) for p in view.parties] == [(client.name, True)]


def test_a_task_added_without_done_is_open_for_staff_and_client(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm, profile=VisibilityProfile(tasks=True))
    matter = publish(system, firm, open_matter(system, firm, [client]), [client])
    data = UpdateInput(kind="task", occurred_at=datetime(2026, 9, 1, 12, tzinfo=UTC), text="Enviar procuração")

    item = system.services.timeline.add(firm.actor, matter.id, data).item

    assert data.done is False and item.done is False and item.published is True
    [seen] = system.portal.timeline_page(caller(system, tokens), matter.id, None, 10).items
    assert (seen.text, seen.done) == ("Enviar procuração", False)


def test_update_times_in_another_zone_are_kept_in_utc(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    local = datetime(2026, 9, 1, 21, 30, tzinfo=BRASILIA)  # 00:30 UTC the next day
    data = UpdateInput(kind="task", occurred_at=local, text="Audiência", due_at=local + timedelta(days=1))

    item = system.services.timeline.add(firm.actor, matter.id, data).item

    assert item.occurred_at.utcoffset() == timedelta(0) and item.occurred_at == local
    assert item.due_at.utcoffset() == timedelta(0) and item.due_at == local + timedelta(days=1)
    # The id starts with the UTC moment, so the update sorts on the day it happened in UTC.
    assert item.id.startswith("20260902003000")

    later = datetime(2026, 9, 3, 8, 0, tzinfo=BRASILIA)
    change = UpdateChange(occurred_at=later, due_at=later, version=item.version)
    assert change.occurred_at.utcoffset() == timedelta(0) and change.due_at.utcoffset() == timedelta(0)
    changed = system.services.timeline.update(firm.actor, matter.id, item.id, change).item
    assert changed.occurred_at == later and changed.id.startswith("20260903110000")


def test_update_times_without_a_zone_are_taken_as_utc() -> None:
    naive = datetime(2026, 9, 1, 12, 0)
    data = UpdateInput(kind="manual_movement", occurred_at=naive, text="Protocolo", due_at=naive)
    assert data.occurred_at == naive.replace(tzinfo=UTC) and data.due_at == naive.replace(tzinfo=UTC)
    change = UpdateChange(occurred_at=naive, version=1)
    assert change.occurred_at == naive.replace(tzinfo=UTC) and change.due_at is None


def test_two_court_movements_that_differ_only_by_code_are_both_stored(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    feed = integration(system, firm)
    same = {"matter_number": CNJ, "occurred_at": "2026-08-02T12:00:00Z", "text": "Petição"}
    send_movements(
        system,
        feed,
        {"format": "plain", "movements": [{**same, "code": 85}, {**same, "code": 86}, {**same, "code": 85}]},
    )

    items = system.services.timeline.page(firm.id, matter.id, None, 10).items
    assert sorted(i.code for i in items) == [85, 86]
