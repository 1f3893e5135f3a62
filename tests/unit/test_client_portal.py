"""F08, F10, B2: what a client reads on the portal, and nothing else; read receipts the
first time only; staff simulating the client see the same and leave no trace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain.accesses import AccessType, VisibilityProfile
from chalicelib.domain.errors import Forbidden, NotFound
from chalicelib.domain.matters import Matter
from chalicelib.domain.timeline import CommentChange, TimelineItem, UpdateInput
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    OpenFirm,
    add_client,
    caller,
    grant,
    invited_client,
    link_client,
    open_firm,
    open_matter,
    publish,
)

DAY = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)


def add(
    system: FakeSystem, firm: OpenFirm, matter: Matter, kind: str, text: str, day: int = 1, **extra: Any
) -> TimelineItem:
    return system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind=kind, occurred_at=DAY + timedelta(days=day - 1), text=text, **extra)
    ).item


def receipts(system: FakeSystem, firm: OpenFirm, matter: Matter) -> dict[str, list[tuple[str, datetime]]]:
    return {
        i.text: [(r.client_id, r.read_at) for r in i.read_by]
        for i in system.services.timeline.page(firm.id, matter.id, None, 100).items
    }


def simulation(system: FakeSystem, firm: OpenFirm, client_id: str) -> Any:
    admin = caller(system, firm.admin_tokens)
    return caller(system, system.services.auth.simulate(admin, client_id))


# --- read receipts (B2) -----------------------------------------------------------------------------


def test_a_receipt_records_the_first_opening_only(system: FakeSystem, firm: OpenFirm) -> None:
    maria, maria_tokens = invited_client(system, firm, "Maria Souza")
    joao, joao_tokens = invited_client(system, firm, "João Pereira")
    matter = publish(system, firm, open_matter(system, firm, [maria, joao]), [maria, joao])
    news = add(system, firm, matter, "news", "Acordo", day=2)
    add(system, firm, matter, "manual_movement", "Audiência", day=1)

    first = system.clock.now()
    system.portal.mark_read(caller(system, maria_tokens), matter.id, news.id)
    system.clock.advance(hours=2)
    system.portal.mark_read(caller(system, maria_tokens), matter.id, news.id)
    system.portal.mark_read(caller(system, joao_tokens), matter.id, news.id)

    assert receipts(system, firm, matter) == {
        "Acordo": sorted([(maria.id, first), (joao.id, system.clock.now())]),
        "Audiência": [],
    }

    # Edits that keep the update's id keep its receipts.
    system.services.timeline.comment(
        firm.actor, matter.id, news.id, CommentChange(comment="Leia", version=news.version)
    )
    assert len(receipts(system, firm, matter)["Acordo"]) == 2


def test_unknown_hidden_or_foreign_updates_cannot_be_marked_read(system: FakeSystem, firm: OpenFirm) -> None:
    maria, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [maria]), [maria])
    hidden = add(system, firm, matter, "manual_movement", "Interna", published=False)
    other = publish(system, firm, open_matter(system, firm, [maria], title="Outro"), [maria])
    elsewhere = add(system, firm, other, "news", "Do outro")
    who = caller(system, tokens)
    for matter_id, item_id in (
        (matter.id, hidden.id),
        (matter.id, "20260901120000abcdefab"),
        (matter.id, elsewhere.id),
    ):
        with pytest.raises(NotFound):
            system.portal.mark_read(who, matter_id, item_id)
    assert all(not r for r in receipts(system, firm, matter).values())


def test_a_simulation_sees_what_the_client_sees_and_leaves_no_receipt(system: FakeSystem, firm: OpenFirm) -> None:
    maria, tokens = invited_client(system, firm, profile=VisibilityProfile(tasks=False))
    matter = publish(system, firm, open_matter(system, firm, [maria]), [maria])
    hidden_matter = publish(system, firm, open_matter(system, firm, [maria], title="Privado", private=True), [maria])
    news = add(system, firm, matter, "news", "Novidade")
    add(system, firm, matter, "task", "Tarefa interna")
    client, staff = caller(system, tokens), simulation(system, firm, maria.id)

    assert system.portal.matters_page(staff, None, 50) == system.portal.matters_page(client, None, 50)
    assert [m.title for m in system.portal.matters_page(staff, None, 50).items] == ["Contrato de locação"]
    assert system.portal.matter(staff, matter.id) == system.portal.matter(client, matter.id)
    assert system.portal.timeline_page(staff, matter.id, None, 50) == system.portal.timeline_page(
        client, matter.id, None, 50
    )
    with pytest.raises(NotFound):
        system.portal.matter(staff, hidden_matter.id)

    system.portal.mark_read(staff, matter.id, news.id)
    assert receipts(system, firm, matter)["Novidade"] == []
    system.portal.mark_read(client, matter.id, news.id)
    assert [c for c, _ in receipts(system, firm, matter)["Novidade"]] == [maria.id]


# --- one client's matters, and no other's (F10) ---------------------------------------------------------


def test_a_client_never_sees_another_clients_matter(system: FakeSystem, firm: OpenFirm) -> None:
    maria, maria_tokens = invited_client(system, firm, "Maria Souza")
    joao, joao_tokens = invited_client(system, firm, "João Pereira")
    hers = publish(system, firm, open_matter(system, firm, [maria], title="Da Maria"), [maria])
    news = add(system, firm, hers, "news", "Só para a Maria")
    # João is a party to this one, but it is published to Maria only.
    shared = publish(system, firm, open_matter(system, firm, [maria, joao], title="Dos dois"), [maria])

    joao_caller = caller(system, joao_tokens)
    assert system.portal.matters_page(joao_caller, None, 50).items == []
    for matter in (hers, shared):
        with pytest.raises(NotFound):
            system.portal.matter(joao_caller, matter.id)
        with pytest.raises(NotFound):
            system.portal.timeline_page(joao_caller, matter.id, None, 10)
    with pytest.raises(NotFound):
        system.portal.mark_read(joao_caller, hers.id, news.id)
    assert receipts(system, firm, hers)["Só para a Maria"] == []
    assert sorted(m.title for m in system.portal.matters_page(caller(system, maria_tokens), None, 50).items) == [
        "Da Maria",
        "Dos dois",
    ]


def test_a_client_of_another_firm_sees_nothing_of_this_one(system: FakeSystem, firm: OpenFirm) -> None:
    maria, _ = invited_client(system, firm, "Maria Souza")
    matter = publish(system, firm, open_matter(system, firm, [maria]), [maria])
    other = open_firm(system, slug="outra")
    stranger, tokens = invited_client(system, other, "Maria Souza")
    who = caller(system, tokens)
    assert who.firm_id == other.id and system.portal.matters_page(who, None, 50).items == []
    with pytest.raises(NotFound):
        system.portal.matter(who, matter.id)
    with pytest.raises(NotFound):
        system.portal.timeline_page(who, matter.id, None, 10)


def test_a_blocked_or_removed_access_sees_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    maria, tokens = invited_client(system, firm)
    publish(system, firm, open_matter(system, firm, [maria]), [maria])
    assert len(system.portal.matters_page(caller(system, tokens), None, 50).items) == 1

    system.services.accesses.block(firm.actor, maria.id)
    with pytest.raises(Forbidden) as caught:
        caller(system, tokens)
    assert caught.value.code == "access_blocked"
    system.services.accesses.unblock(firm.actor, maria.id)
    assert len(system.portal.matters_page(caller(system, tokens), None, 50).items) == 1

    system.services.accesses.remove(firm.actor, maria.id)
    with pytest.raises(Forbidden) as caught:
        caller(system, tokens)
    assert caught.value.code == "access_removed"


def test_a_link_access_client_sees_the_matters_and_leaves_receipts(system: FakeSystem, firm: OpenFirm) -> None:
    luiza, link = link_client(system, firm)
    tokens = system.services.auth.open_access_link(firm.slug, link, FakeSystem.ADDRESS)
    matter = publish(system, firm, open_matter(system, firm, [luiza], title="Do link"), [luiza])
    news = add(system, firm, matter, "news", "Novidade")
    who = caller(system, tokens)
    assert who.claims.read_only and who.access.type is AccessType.LINK
    assert [m.title for m in system.portal.matters_page(who, None, 50).items] == ["Do link"]
    assert [i.text for i in system.portal.timeline_page(who, matter.id, None, 50).items] == ["Novidade"]
    system.portal.mark_read(who, matter.id, news.id)  # opening an update is reading, not writing
    assert [c for c, _ in receipts(system, firm, matter)["Novidade"]] == [luiza.id]


def test_a_grant_after_publishing_shows_the_matter_at_the_first_sign_in(system: FakeSystem, firm: OpenFirm) -> None:
    carla = add_client(system, firm, "Carla Dias")
    matter = publish(system, firm, open_matter(system, firm, [carla]), [carla])
    grant(system, firm, carla, type=AccessType.LINK)
    tokens = system.services.auth.open_access_link(firm.slug, system.last_token_to(carla.emails[0]), FakeSystem.ADDRESS)
    assert [m.id for m in system.portal.matters_page(caller(system, tokens), None, 50).items] == [matter.id]


# --- paging ------------------------------------------------------------------------------------------


def test_the_clients_timeline_pages_through_every_visible_update_once(system: FakeSystem, firm: OpenFirm) -> None:
    """Kinds the profile hides are filtered out of each page read (as DynamoDB filters), so
    a page may hold fewer items; following the cursors gives each visible update once."""
    maria, tokens = invited_client(system, firm, profile=VisibilityProfile(tasks=False))
    matter = publish(system, firm, open_matter(system, firm, [maria]), [maria])
    expected = []
    for day in range(1, 21):
        kind = "task" if day % 3 == 0 else "manual_movement"
        add(system, firm, matter, kind, f"{kind} {day}", day=day)
        if kind != "task":
            expected.insert(0, f"{kind} {day}")

    seen, cursor = [], None
    while True:
        page = system.portal.timeline_page(caller(system, tokens), matter.id, cursor, 4)
        assert len(page.items) <= 4
        seen += [i.text for i in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == expected


def test_the_clients_matters_page_through_once(system: FakeSystem, firm: OpenFirm) -> None:
    maria, tokens = invited_client(system, firm)
    titles = {f"Matter {n}" for n in range(7)}
    for title in titles:
        publish(system, firm, open_matter(system, firm, [maria], title=title), [maria])
    seen, cursor = [], None
    while True:
        page = system.portal.matters_page(caller(system, tokens), cursor, 3)
        seen += [m.title for m in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(titles)
