"""F13-F15: staff write the timeline (manual movements, tasks, gazette publications, news),
publish or hide each update, comment on court movements; the client sees what the
access's profile allows, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from chalicelib.domain.accesses import VisibilityProfile
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.matters import Matter
from chalicelib.domain.notifications import NotificationKind
from chalicelib.domain.timeline import CommentChange, TimelineItem, UpdateChange, UpdateInput, UpdateKind
from tests.support import visibility
from tests.support.fakes.system import FakeSystem
from tests.support.visibility import AUTOMATIC, MANUAL, NEWS, PUBLICATION, TASK
from tests.unit.builders import (
    OpenFirm,
    add_client,
    caller,
    integration,
    invited_client,
    open_firm,
    open_matter,
    publish,
    send_movements,
)

DAY = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)


def add(
    system: FakeSystem, firm: OpenFirm, matter: Matter, kind: str, text: str, day: int = 1, **extra: Any
) -> TimelineItem:
    data = UpdateInput(kind=kind, occurred_at=DAY + timedelta(days=day - 1), text=text, **extra)
    return system.services.timeline.add(firm.actor, matter.id, data).item


def change(system: FakeSystem, firm: OpenFirm, item: TimelineItem, **fields: Any) -> TimelineItem:
    """Send only these fields, as the admin app does: the others stay as they are."""
    current = system.timeline.get(firm.id, item.matter_id, item.id)
    return system.services.timeline.update(
        firm.actor, item.matter_id, item.id, UpdateChange(**fields, version=current.version)
    ).item


def client_texts(system: FakeSystem, tokens: Any, matter: Matter) -> list[str]:
    return [i.text for i in system.portal.timeline_page(caller(system, tokens), matter.id, None, 100).items]


def staff_texts(system: FakeSystem, firm: OpenFirm, matter: Matter) -> list[str]:
    return [i.text for i in system.services.timeline.page(firm.id, matter.id, None, 100).items]


def court_movement(
    system: FakeSystem, firm: OpenFirm, matter: Matter, name: str = "Conclusão", when: str = "2026-08-01T10:00:00Z"
) -> TimelineItem:
    feed = integration(system, firm)
    send_movements(
        system,
        feed,
        {
            "format": "plain",
            "movements": [{"matter_number": matter.number, "occurred_at": when, "text": name, "code": 51}],
        },
    )
    [item] = [i for i in system.services.timeline.page(firm.id, matter.id, None, 100).items if i.text == name]
    return system.timeline.get(firm.id, matter.id, item.id)


@pytest.fixture
def published(system: FakeSystem, firm: OpenFirm) -> tuple[Matter, Any, Any]:
    """A matter published to a client who sees everything; returns it, the client and their tokens."""
    client, tokens = invited_client(system, firm, profile=VisibilityProfile(tasks=True))
    matter = publish(
        system, firm, open_matter(system, firm, [client], kind="other_court_case", number="Proc 1"), [client]
    )
    system.services.matters.notify(firm.actor, matter.id)
    system.outbox.take()
    return matter, client, tokens


# --- kinds against the profile (F14), news always (F15) -----------------------------------------------


@pytest.mark.parametrize("hidden_kind", ["automatic_movements", "manual_movements", "tasks", "publications"])
def test_each_kind_is_shown_only_when_the_profile_allows_it_and_news_always(
    system: FakeSystem, firm: OpenFirm, hidden_kind: str
) -> None:
    everything = VisibilityProfile(automatic_movements=True, manual_movements=True, tasks=True, publications=True)
    profile = everything.model_copy(update={hidden_kind: False})
    client, tokens = invited_client(system, firm, profile=profile)
    nothing, nothing_tokens = invited_client(
        system,
        firm,
        "Nada Vê",
        profile=VisibilityProfile(automatic_movements=False, manual_movements=False, tasks=False, publications=False),
    )
    matter = publish(
        system,
        firm,
        open_matter(system, firm, [client, nothing], kind="other_court_case", number="Proc 1"),
        [client, nothing],
    )
    court_movement(system, firm, matter, "Movimento do tribunal", "2026-09-01T09:00:00Z")
    add(system, firm, matter, "manual_movement", "Movimento manual", day=2)
    add(system, firm, matter, "task", "Tarefa", day=3, due_at=DAY + timedelta(days=10))
    add(system, firm, matter, "publication", "Publicação no DJe", day=4)
    add(system, firm, matter, "news", "Novidade", day=5)

    newest_first = [
        ("Novidade", NEWS),
        ("Publicação no DJe", PUBLICATION),
        ("Tarefa", TASK),
        ("Movimento manual", MANUAL),
        ("Movimento do tribunal", AUTOMATIC),
    ]
    # What each client sees is the shared table's (tests/support/visibility.py) row for its profile.
    row = visibility.kinds_row(**profile.model_dump(include=set(visibility.KIND_FLAGS.values())))
    assert client_texts(system, tokens, matter) == [text for text, kind in newest_first if row.shows(kind)]
    nothing_row = visibility.kinds_row(**{flag: False for flag in visibility.KIND_FLAGS.values()})
    assert client_texts(system, nothing_tokens, matter) == [
        text for text, kind in newest_first if nothing_row.shows(kind)
    ]
    assert staff_texts(system, firm, matter) == [text for text, _ in newest_first]

    # Opening an update of a kind the profile hides is as if it did not exist.
    hidden_text = next(text for text, kind in newest_first if visibility.KIND_FLAGS.get(kind) == hidden_kind)
    hidden = next(
        i for i in system.services.timeline.page(firm.id, matter.id, None, 100).items if i.text == hidden_text
    )
    with pytest.raises(NotFound):
        system.portal.mark_read(caller(system, tokens), matter.id, hidden.id)


def test_allowed_by_matches_the_profile_flags() -> None:
    assert all(
        UpdateKind.NEWS.allowed_by(
            VisibilityProfile(**{f: v for f in ("automatic_movements", "manual_movements", "tasks", "publications")})
        )
        for v in (True, False)
    )
    assert UpdateKind.TASK.allowed_by(VisibilityProfile()) is False  # tasks are off unless chosen
    assert UpdateKind.AUTOMATIC_MOVEMENT.allowed_by(VisibilityProfile(automatic_movements=False)) is False
    assert UpdateKind.PUBLICATION.allowed_by(VisibilityProfile(publications=True)) is True


@pytest.mark.parametrize("row", visibility.KINDS, ids=lambda row: row.id)
def test_allowed_by_is_the_kinds_table(row: visibility.KindRow) -> None:
    profile = VisibilityProfile(**row.profile)
    assert {kind for kind in UpdateKind if kind.allowed_by(profile)} == row.shown


@pytest.mark.parametrize(
    "rows", visibility.ROWS_BY_MATTER_AND_PROFILE, ids=lambda rows: f"{rows[0].matter.id}; {rows[0].kinds.id}"
)
def test_an_update_shows_only_on_a_matter_the_client_sees_and_of_a_kind_the_profile_shows(
    system: FakeSystem, firm: OpenFirm, rows: tuple[visibility.Row, ...]
) -> None:
    """Every (profile, matter flags, kind) row of the shared table, five at a time: one update
    of each kind on one matter, against one profile. Over HTTP only a subset of the same table
    runs (tests/integration/test_matters.py)."""
    row = rows[0]
    client, tokens = invited_client(system, firm, profile=VisibilityProfile(**row.profile))
    matter = open_matter(
        system,
        firm,
        [client],
        kind="other_court_case",
        number="Proc 1",
        private=row.matter.private,
        team=row.matter.team,
    )
    matter = publish(system, firm, matter, [client])
    written = {
        AUTOMATIC: court_movement(system, firm, matter, "Movimento do tribunal", "2026-09-01T09:00:00Z"),
        MANUAL: add(system, firm, matter, "manual_movement", "Movimento manual", day=2),
        TASK: add(system, firm, matter, "task", "Tarefa", day=3, due_at=DAY + timedelta(days=10)),
        PUBLICATION: add(system, firm, matter, "publication", "Publicação no DJe", day=4),
        NEWS: add(system, firm, matter, "news", "Novidade", day=5),
    }
    kind_of = {item.id: kind for kind, item in written.items()}
    who = caller(system, tokens)

    if row.matter.visible:
        shown = {kind_of[i.id] for i in system.portal.timeline_page(who, matter.id, None, 100).items}
    else:
        with pytest.raises(NotFound):
            system.portal.timeline_page(who, matter.id, None, 100)
        shown = set()
    assert shown == {r.kind for r in rows if r.visible}
    for r in rows:  # opening one is as if a hidden update did not exist
        if r.visible:
            system.portal.mark_read(who, matter.id, written[r.kind].id)
        else:
            with pytest.raises(NotFound):
                system.portal.mark_read(who, matter.id, written[r.kind].id)


# --- hidden items, comments, edits ------------------------------------------------------------


def test_hidden_updates_stay_with_staff_until_published(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, tokens = published
    shown = add(system, firm, matter, "manual_movement", "Audiência marcada", day=1)
    hidden = add(system, firm, matter, "manual_movement", "Nota interna", day=2, published=False)
    assert client_texts(system, tokens, matter) == ["Audiência marcada"]
    assert system.timeline.client_item(firm.id, matter.id, hidden.id) is None
    with pytest.raises(NotFound):
        system.portal.mark_read(caller(system, tokens), matter.id, hidden.id)

    change(system, firm, hidden, published=True, text="Nota para o cliente")
    assert client_texts(system, tokens, matter) == ["Nota para o cliente", "Audiência marcada"]
    change(system, firm, shown, published=False)
    assert client_texts(system, tokens, matter) == ["Nota para o cliente"]
    assert system.timeline.client_item(firm.id, matter.id, shown.id) is None
    assert staff_texts(system, firm, matter) == ["Nota para o cliente", "Audiência marcada"]


def test_a_comment_reaches_the_client_and_can_be_taken_back(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, tokens = published
    movement = court_movement(system, firm, matter)
    system.services.matters.notify(firm.actor, matter.id)

    commented = system.services.timeline.comment(
        firm.actor, matter.id, movement.id, CommentChange(comment="O juiz vai decidir.", version=movement.version)
    )
    assert (commented.item.comment, commented.item.commented_by, commented.item.text) == (
        "O juiz vai decidir.",
        firm.admin.id,
        "Conclusão",
    )
    assert commented.notification_pending and system.services.matters.get(firm.id, matter.id).notification_pending
    [seen] = system.portal.timeline_page(caller(system, tokens), matter.id, None, 10).items
    assert (seen.text, seen.comment) == ("Conclusão", "O juiz vai decidir.")
    assert "commented_by" not in seen.model_dump() and "created_by" not in seen.model_dump()

    with pytest.raises(Conflict):  # the version moved on
        system.services.timeline.comment(
            firm.actor, matter.id, movement.id, CommentChange(comment="Outro", version=movement.version)
        )
    removed = system.services.timeline.comment(
        firm.actor, matter.id, movement.id, CommentChange(comment=None, version=commented.item.version)
    )
    assert (removed.item.comment, removed.item.commented_by) == (None, None)
    assert system.timeline.client_item(firm.id, matter.id, movement.id).comment is None


def test_a_comment_on_a_hidden_update_makes_nothing_pending(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, _ = published
    hidden = add(system, firm, matter, "task", "Interna", published=False)
    assert not system.services.matters.get(firm.id, matter.id).notification_pending
    result = system.services.timeline.comment(
        firm.actor, matter.id, hidden.id, CommentChange(comment="só nós", version=hidden.version)
    )
    assert not result.notification_pending and not system.services.matters.get(firm.id, matter.id).notification_pending


def test_a_new_date_gives_the_update_a_new_id_and_a_new_place(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, tokens = published
    first = add(system, firm, matter, "manual_movement", "Primeiro", day=1)
    second = add(system, firm, matter, "manual_movement", "Segundo", day=2)
    assert first.id.startswith("20260901120000") and second.id.startswith("20260902120000")
    assert client_texts(system, tokens, matter) == ["Segundo", "Primeiro"]

    moved = change(system, firm, first, occurred_at=DAY + timedelta(days=5))

    assert moved.id != first.id and moved.id.startswith("20260906120000") and moved.version == first.version + 1
    assert system.timeline.get(firm.id, matter.id, first.id) is None
    assert system.timeline.client_item(firm.id, matter.id, first.id) is None
    assert system.timeline.get(firm.id, matter.id, moved.id).text == "Primeiro"
    assert client_texts(system, tokens, matter) == ["Primeiro", "Segundo"]
    assert staff_texts(system, firm, matter) == ["Primeiro", "Segundo"]
    # The old id is gone for good: an edit through it is not found.
    with pytest.raises(NotFound):
        system.services.timeline.update(
            firm.actor, matter.id, first.id, UpdateChange(published=True, version=moved.version)
        )

    # The same date (written in another zone) keeps the id.
    same = change(
        system,
        firm,
        moved,
        occurred_at=datetime(2026, 9, 6, 9, 0, tzinfo=timezone(timedelta(hours=-3))),
        text="Primeiro, revisto",
    )
    assert same.id == moved.id


def test_a_stale_edit_of_an_update_is_refused(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, _ = published
    item = add(system, firm, matter, "task", "Levar documentos")
    change(system, firm, item, done=True)
    with pytest.raises(Conflict):
        system.services.timeline.update(
            firm.actor, matter.id, item.id, UpdateChange(published=True, text="Outra coisa", version=item.version)
        )
    with pytest.raises(Conflict):  # a date change over a stale version deletes nothing either
        system.services.timeline.update(
            firm.actor,
            matter.id,
            item.id,
            UpdateChange(published=True, occurred_at=DAY + timedelta(days=9), version=item.version),
        )
    stored = system.timeline.get(firm.id, matter.id, item.id)
    assert (stored.text, stored.done, stored.version) == ("Levar documentos", True, item.version + 1)


def test_staff_updates_can_be_deleted_with_their_published_copy(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, tokens = published
    news = add(system, firm, matter, "news", "Errado")
    system.services.timeline.delete(firm.actor, matter.id, news.id)
    assert system.timeline.get(firm.id, matter.id, news.id) is None and client_texts(system, tokens, matter) == []
    assert "news.deleted" in system.audit.actions(firm.id)
    with pytest.raises(NotFound):
        system.services.timeline.delete(firm.actor, matter.id, news.id)


# --- court movements: what the court said stays as it said it ------------------------------------------------


@pytest.mark.parametrize(
    "rewrite",
    [{"text": "Outra coisa"}, {"occurred_at": DAY}, {"body": "explicação"}, {"due_at": DAY}],
)
def test_a_court_movement_cannot_be_rewritten(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any], rewrite: dict[str, Any]
) -> None:
    matter, _, _ = published
    movement = court_movement(system, firm, matter)
    with pytest.raises(InvalidInput):
        system.services.timeline.update(
            firm.actor, matter.id, movement.id, UpdateChange(published=True, version=movement.version, **rewrite)
        )
    assert system.timeline.get(firm.id, matter.id, movement.id) == movement


def test_a_court_movement_can_be_hidden_and_shown_but_not_deleted(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, tokens = published
    movement = court_movement(system, firm, matter)
    with pytest.raises(Conflict) as caught:
        system.services.timeline.delete(firm.actor, matter.id, movement.id)
    assert caught.value.code == "court_movement"
    assert system.timeline.get(firm.id, matter.id, movement.id) == movement

    hidden = system.services.timeline.update(
        firm.actor, matter.id, movement.id, UpdateChange(published=False, version=movement.version)
    ).item
    assert (hidden.id, hidden.text, hidden.occurred_at) == (movement.id, movement.text, movement.occurred_at)
    assert client_texts(system, tokens, matter) == []
    system.services.timeline.update(
        firm.actor, matter.id, movement.id, UpdateChange(published=True, version=hidden.version)
    )
    assert client_texts(system, tokens, matter) == ["Conclusão"]


# --- notifications -------------------------------------------------------------------------------------------


def test_news_is_sent_at_once_to_each_published_client(system: FakeSystem, firm: OpenFirm) -> None:
    maria, _ = invited_client(system, firm, "Maria Souza")
    joao, _ = invited_client(system, firm, "João Pereira")
    ana = add_client(system, firm, "Ana Lima")  # involved, not published
    matter = publish(system, firm, open_matter(system, firm, [maria, joao, ana], title="Inventário"), [maria, joao])
    system.services.matters.notify(firm.actor, matter.id)
    system.deliver_all()
    system.mailer.sent.clear()

    news = system.services.timeline.add(
        firm.actor,
        matter.id,
        UpdateInput(kind="news", occurred_at=DAY, text="Partilha homologada", body="O juiz homologou."),
    )

    assert not news.notification_pending  # the news went out itself; nothing waits for Notify
    sent = system.outbox.sent
    assert sorted(n.principal_id for n in sent) == sorted([maria.id, joao.id])
    assert {(n.kind, n.matter_id, n.item_id) for n in sent} == {(NotificationKind.NEWS, matter.id, news.item.id)}
    system.deliver_all()
    assert sorted(m.to[0] for m in system.mailer.sent) == sorted([maria.emails[0], joao.emails[0]])
    assert all("Partilha homologada" in m.subject for m in system.mailer.sent if m.tags["kind"] == "news")

    # Hidden news, and news on a matter nobody sees, e-mail no one.
    add(system, firm, matter, "news", "Rascunho", published=False)
    unpublished = open_matter(system, firm, [maria])
    add(system, firm, unpublished, "news", "Ninguém vê")
    assert system.outbox.take() == []


def test_a_published_staff_update_on_a_published_matter_makes_a_notification_pending(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client = add_client(system, firm)
    private = open_matter(system, firm, [client], title="Não publicado")
    result = system.services.timeline.add(
        firm.actor, private.id, UpdateInput(kind="manual_movement", occurred_at=DAY, text="x")
    )
    assert not result.notification_pending and not system.services.matters.get(firm.id, private.id).notification_pending

    matter = publish(system, firm, open_matter(system, firm, [client]), [client])
    system.services.matters.notify(firm.actor, matter.id)
    hidden = system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind="task", occurred_at=DAY, text="Interna", published=False)
    )
    assert not hidden.notification_pending and not system.services.matters.get(firm.id, matter.id).notification_pending
    shown = system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind="publication", occurred_at=DAY, text="Intimação")
    )
    assert shown.notification_pending and system.services.matters.get(firm.id, matter.id).notification_pending
    system.services.matters.notify(firm.actor, matter.id)
    # Hiding a published update is a change the client notices too.
    assert system.services.timeline.update(
        firm.actor, matter.id, shown.item.id, UpdateChange(published=False, text="Intimação", version=1)
    ).notification_pending


# --- the staff timeline: newest first, paged, the marker never shown ---------------------------------------------


def test_the_staff_timeline_pages_newest_first_without_repeats(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, _ = published
    # Added out of order, two on the same moment.
    for day in (3, 1, 7, 5, 2, 6, 4, 4):
        add(system, firm, matter, "manual_movement", f"Dia {day}", day=day)

    seen, cursor, pages = [], None, 0
    while True:
        page = system.services.timeline.page(firm.id, matter.id, cursor, 3)
        assert len(page.items) <= 3
        seen += page.items
        pages += 1
        cursor = page.next_cursor
        if not cursor:
            break
    assert pages == 3
    assert [i.text for i in seen] == ["Dia 7", "Dia 6", "Dia 5", "Dia 4", "Dia 4", "Dia 3", "Dia 2", "Dia 1"]
    assert len({i.id for i in seen}) == 8 and all(i.id[:14].isdigit() for i in seen)
    assert [i.id for i in seen] == sorted((i.id for i in seen), reverse=True)


def test_the_staff_timeline_of_an_unknown_or_foreign_matter_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.timeline.page(firm.id, "nosuchmatter", None, 10)
    other = open_firm(system, slug="outra")
    theirs = open_matter(system, other)
    add(system, other, theirs, "manual_movement", "Deles")
    with pytest.raises(NotFound):
        system.services.timeline.page(firm.id, theirs.id, None, 10)
    with pytest.raises(NotFound):
        add(system, firm, theirs, "manual_movement", "Intruso")
    # An empty matter's timeline is an empty page, not an error.
    mine = open_matter(system, firm)
    page = system.services.timeline.page(firm.id, mine.id, None, 10)
    assert page.items == [] and page.next_cursor is None
    with pytest.raises(InvalidInput):
        system.services.timeline.page(firm.id, mine.id, "garbage", 10)


def test_an_edit_changes_only_what_it_sends(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, _ = published
    task = add(system, firm, matter, "task", "Levar documentos", body="RG e CPF", due_at=DAY + timedelta(days=3))
    hidden = change(system, firm, task, published=False)
    assert (hidden.published, hidden.body, hidden.due_at, hidden.text) == (
        False,
        "RG e CPF",
        DAY + timedelta(days=3),
        "Levar documentos",
    )
    cleared = change(system, firm, hidden, body=None)
    assert cleared.body is None and cleared.due_at == DAY + timedelta(days=3)
    with pytest.raises(InvalidInput) as caught:
        change(system, firm, cleared, text=None)
    assert caught.value.details[0]["path"] == "text"


def test_a_new_date_keeps_who_has_read_the_update(
    system: FakeSystem, firm: OpenFirm, published: tuple[Matter, Any, Any]
) -> None:
    matter, _, tokens = published
    news = add(system, firm, matter, "news", "Audiência marcada")
    system.portal.mark_read(caller(system, tokens), matter.id, news.id)
    moved = change(system, firm, news, occurred_at=DAY + timedelta(days=4))
    [staff_item] = [i for i in system.services.timeline.page(firm.id, matter.id, None, 50).items if i.id == moved.id]
    assert [r.client_id for r in staff_item.read_by] == [caller(system, tokens).access.client_id]
