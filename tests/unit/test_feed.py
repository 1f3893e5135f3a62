"""A6: the client's home feed: her updates across all of her matters, newest first, what
she has not read, and "mark all as read"; it shows exactly what her matters' timelines show
her (the access's profile, the matter's flags, what is published), nothing of a matter she
no longer sees, and nothing of one she lost and was given again from before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain.accesses import VisibilityProfile
from chalicelib.domain.clients import Client
from chalicelib.domain.errors import Forbidden, NotFound
from chalicelib.domain.feed import NO_MATTER, PRIVATE, TEAM, FeedEntry, FeedPage, FeedSummary, StoredFeedEntry, flags_of
from chalicelib.domain.matters import ClientMatterView, Matter
from chalicelib.domain.notifications import Topic
from chalicelib.domain.preferences import ChannelChoice, NotificationPreferencesChange
from chalicelib.domain.timeline import ClientTimelineItem, TimelineItem, UpdateChange, UpdateInput
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    OpenFirm,
    caller,
    integration,
    invited_client,
    open_matter,
    publish,
    send_movements,
)
from tests.unit.test_matter_changes import edit

DAY = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)


def add(
    system: FakeSystem, firm: OpenFirm, matter: Matter, kind: str, text: str, day: int, **extra: Any
) -> TimelineItem:
    return system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind=kind, occurred_at=DAY + timedelta(days=day - 1), text=text, **extra)
    ).item


def feed(system: FakeSystem, tokens: Any, limit: int = 50) -> FeedPage:
    return system.services.feed.page(caller(system, tokens), None, limit)


def texts(page: FeedPage) -> list[str]:
    return [item.update.text for item in page.items if item.update]


def unread(page: FeedPage, *matters: Matter) -> dict[str, int]:
    titles = {m.id: m.title for m in matters}
    return {titles[m.matter_id]: m.unread for m in page.unread.matters}


@pytest.fixture
def maria(system: FakeSystem, firm: OpenFirm) -> tuple[Client, Any]:
    return invited_client(system, firm, "Maria Souza")


def test_updates_of_all_her_matters_newest_first_with_their_matter_and_unread(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    lease = publish(system, firm, open_matter(system, firm, [client], title="Locação"), [client])
    labour = publish(system, firm, open_matter(system, firm, [client], title="Trabalhista"), [client])
    add(system, firm, lease, "news", "Acordo assinado", day=3)
    add(system, firm, labour, "manual_movement", "Audiência marcada", day=5)
    add(system, firm, lease, "publication", "Intimação publicada", day=1)

    page = feed(system, tokens)

    assert texts(page) == ["Audiência marcada", "Acordo assinado", "Intimação publicada"]
    assert [i.matter_title for i in page.items] == ["Trabalhista", "Locação", "Locação"]
    assert all(not i.read for i in page.items)
    assert page.unread.total == 3
    assert unread(page, lease, labour) == {"Locação": 2, "Trabalhista": 1}


def test_opening_an_update_reads_it_in_the_feed_once_and_mark_all_reads_the_rest(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    lease = publish(system, firm, open_matter(system, firm, [client], title="Locação"), [client])
    first = add(system, firm, lease, "news", "Primeira", day=1)
    add(system, firm, lease, "news", "Segunda", day=2)
    add(system, firm, lease, "news", "Terceira", day=3)

    system.portal.mark_read(caller(system, tokens), lease.id, first.id)
    system.portal.mark_read(caller(system, tokens), lease.id, first.id)  # again: nothing more

    page = feed(system, tokens)
    assert [(i.update.text, i.read) for i in page.items if i.update] == [
        ("Terceira", False),
        ("Segunda", False),
        ("Primeira", True),
    ]
    assert page.unread.total == 2

    assert system.services.feed.mark_all_read(caller(system, tokens)).total == 0
    after = feed(system, tokens)
    assert after.unread.total == 0 and after.unread.matters == []
    assert all(i.read for i in after.items)
    assert system.services.feed.mark_all_read(caller(system, tokens)).total == 0
    # Marking all read is not opening them: staff's receipts name only the one she opened.
    receipts = {i.text: i.read_by for i in system.services.timeline.page(firm.id, lease.id, None, 10).items}
    assert [len(receipts[t]) for t in ("Primeira", "Segunda", "Terceira")] == [1, 0, 0]


def test_the_feed_obeys_her_profile_and_the_matters_flags_as_the_timeline_does(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm, profile=VisibilityProfile(publications=False))
    lease = publish(system, firm, open_matter(system, firm, [client], title="Locação"), [client])
    secret = publish(system, firm, open_matter(system, firm, [client], title="Sigiloso", private=True), [client])
    add(system, firm, lease, "task", "Tarefa", day=1)
    add(system, firm, lease, "publication", "No diário", day=1)
    add(system, firm, lease, "news", "Notícia", day=2)
    add(system, firm, secret, "news", "Do sigiloso", day=3)
    add(system, firm, lease, "manual_movement", "Interno", day=4, published=False)

    page = feed(system, tokens)

    assert texts(page) == ["Notícia"]
    assert page.unread.total == 1 and unread(page, lease, secret) == {"Locação": 1}
    timeline = system.portal.timeline_page(caller(system, tokens), lease.id, None, 50)
    assert texts(page) == [i.text for i in timeline.items]
    assert system.services.feed.unread(caller(system, tokens)) == page.unread


def test_hiding_deleting_and_editing_an_update_follow_into_the_feed(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    lease = publish(system, firm, open_matter(system, firm, [client], title="Locação"), [client])
    hidden = add(system, firm, lease, "news", "Será ocultada", day=1)
    deleted = add(system, firm, lease, "manual_movement", "Será apagada", day=2)
    edited = add(system, firm, lease, "news", "Texto antigo", day=3)
    system.portal.mark_read(caller(system, tokens), lease.id, edited.id)

    timeline = system.services.timeline
    timeline.update(firm.actor, lease.id, hidden.id, UpdateChange(published=False, version=hidden.version))
    timeline.delete(firm.actor, lease.id, deleted.id)
    timeline.update(firm.actor, lease.id, edited.id, UpdateChange(text="Texto novo", version=edited.version))

    page = feed(system, tokens)
    assert [(i.update.text, i.read) for i in page.items if i.update] == [("Texto novo", True)]
    assert page.unread.total == 0

    # Published again: back in her feed, unread.
    timeline.update(firm.actor, lease.id, hidden.id, UpdateChange(published=True, version=hidden.version + 1))
    assert texts(feed(system, tokens)) == ["Texto novo", "Será ocultada"]
    assert feed(system, tokens).unread.total == 1


def test_a_new_date_moves_the_entry_and_keeps_nothing_twice(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    lease = publish(system, firm, open_matter(system, firm, [client]), [client])
    item = add(system, firm, lease, "news", "Mudou de data", day=1)
    add(system, firm, lease, "news", "Outra", day=2)
    system.services.timeline.update(
        firm.actor, lease.id, item.id, UpdateChange(occurred_at=DAY + timedelta(days=5), version=item.version)
    )

    page = feed(system, tokens)
    assert texts(page) == ["Mudou de data", "Outra"]
    assert page.unread.total == 2


def test_a_matter_no_longer_published_to_her_leaves_her_feed_and_comes_back_with_only_what_is_new(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    joao, joao_tokens = invited_client(system, firm, "João Pereira")
    lease = publish(system, firm, open_matter(system, firm, [client, joao], title="Locação"), [client, joao])
    add(system, firm, lease, "news", "Antes", day=1)
    withdrawn = add(system, firm, lease, "news", "Ocultada enquanto ela não via", day=2)

    publish(system, firm, lease, [joao])
    assert texts(feed(system, tokens)) == [] and feed(system, tokens).unread.total == 0
    assert texts(feed(system, joao_tokens)) == ["Ocultada enquanto ela não via", "Antes"]
    current = system.services.timeline.page(firm.id, lease.id, None, 10).items
    version = next(i.version for i in current if i.id == withdrawn.id)
    system.services.timeline.update(firm.actor, lease.id, withdrawn.id, UpdateChange(published=False, version=version))
    add(system, firm, lease, "news", "Enquanto ela não via", day=3)

    publish(system, firm, lease, [client, joao])
    add(system, firm, lease, "news", "Depois", day=4)

    page = feed(system, tokens)
    assert texts(page) == ["Depois"]
    assert page.unread.total == 1
    assert feed(system, joao_tokens).unread.total == 3


def test_a_deleted_client_leaves_no_feed_and_no_preferences(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    joao, joao_tokens = invited_client(system, firm, "João Pereira")
    lease = publish(system, firm, open_matter(system, firm, [client, joao], title="Locação"), [client, joao])
    add(system, firm, lease, "news", "Antes", day=1)
    change = NotificationPreferencesChange(channels={Topic.NEWS: ChannelChoice.NONE}, version=0)
    system.services.preferences.change(caller(system, tokens), change)
    assert (firm.id, client.id) in system.store.feeds and (firm.id, client.id) in system.store.preferences

    # Taken off the matter first (a client in a matter is not deleted), then deleted.
    edit(system, firm, lease, parties=[p for p in lease.parties if p.client_id != client.id])
    system.services.clients.delete(firm.actor, client.id, admin=True)

    assert (firm.id, client.id) not in system.store.feeds
    assert (firm.id, client.id) not in system.store.feed_summaries
    assert (firm.id, client.id) not in system.store.preferences
    assert texts(feed(system, joao_tokens)) == ["Antes"]  # the others' feeds are theirs


def test_court_movements_arrive_in_the_feed_of_every_client_of_the_matter(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    matter = publish(
        system,
        firm,
        open_matter(
            system, firm, [client], kind="court_case", number="0000832-35.2018.4.01.3202", court_published=True
        ),
        [client],
    )
    movement = {
        "matter_number": matter.number,
        "occurred_at": "2026-08-01T12:00:00Z",
        "text": "Distribuído",
        "code": 26,
    }
    batch = {"format": "plain", "movements": [movement, movement]}
    send_movements(system, integration(system, firm), batch)

    page = feed(system, tokens)
    assert [i.update.kind.value for i in page.items if i.update] == ["automatic_movement"]
    assert page.unread.total == 1


def test_pages_go_on_with_their_cursor_and_staff_have_no_feed(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    lease = publish(system, firm, open_matter(system, firm, [client]), [client])
    for day in range(1, 6):
        add(system, firm, lease, "news", f"Dia {day}", day=day)

    seen, cursor = [], None
    while True:
        page = system.services.feed.page(caller(system, tokens), cursor, 2)
        seen += texts(page)
        assert page.unread.total == 5
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == [f"Dia {day}" for day in range(5, 0, -1)]

    with pytest.raises(Forbidden):
        system.services.feed.page(caller(system, firm.admin_tokens), None, 10)


def test_a_simulation_reads_her_feed_and_marks_nothing(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    lease = publish(system, firm, open_matter(system, firm, [client]), [client])
    add(system, firm, lease, "news", "Notícia", day=1)
    admin = caller(system, firm.admin_tokens)
    staff = caller(system, system.services.auth.simulate(admin, client.id))

    assert system.services.feed.page(staff, None, 10) == feed(system, tokens)
    assert system.services.feed.mark_all_read(staff).total == 1
    assert feed(system, tokens).unread.total == 1


def test_her_next_dated_tasks_and_events_soonest_first_only_open_and_allowed(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm, profile=VisibilityProfile(tasks=True))
    other, other_tokens = invited_client(system, firm, "Sem tarefas")
    lease = publish(system, firm, open_matter(system, firm, [client, other], title="Locação"), [client, other])
    secret = publish(system, firm, open_matter(system, firm, [client], title="Sigiloso", private=True), [client])
    now = system.clock.now()

    def dated(matter: Matter, text: str, days: float, **extra: Any) -> TimelineItem:
        return add(system, firm, matter, "task", text, day=1, due_at=now + timedelta(days=days), **extra)

    dated(lease, "Depois", 5)
    dated(lease, "Primeiro", 1)
    dated(lease, "Já passou", -1)
    dated(lease, "Feito", 2, done=True)
    dated(secret, "Do sigiloso", 0.5)
    dated(lease, "Segundo", 3)
    dated(lease, "Quarto", 9)
    add(system, firm, lease, "task", "Sem data", day=1)

    upcoming = feed(system, tokens).upcoming
    assert [(u.text, u.matter_title) for u in upcoming] == [
        ("Primeiro", "Locação"),
        ("Segundo", "Locação"),
        ("Depois", "Locação"),
    ]
    assert feed(system, other_tokens).upcoming == []  # her profile leaves tasks out


PROFILES = [
    VisibilityProfile(),
    VisibilityProfile(tasks=True, include_private_matters=True),
    VisibilityProfile(automatic_movements=False, publications=False, include_team_matters=True),
    VisibilityProfile(manual_movements=False, tasks=True, include_private_matters=True, include_team_matters=True),
]


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: ",".join(k for k, v in p.model_dump().items() if v))
def test_her_feed_is_her_matters_timelines_together_newest_first(
    system: FakeSystem, firm: OpenFirm, profile: VisibilityProfile
) -> None:
    client, tokens = invited_client(system, firm, profile=profile)
    flags = [{}, {"private": True}, {"team": True}, {"private": True, "team": True}]
    matters = [
        publish(system, firm, open_matter(system, firm, [client], title=f"Caso {n}", **f), [client])
        for n, f in enumerate(flags)
    ]
    kinds = ["manual_movement", "task", "publication", "news"]
    for n in range(16):
        add(system, firm, matters[n % 4], kinds[n // 4], f"Atualização {n}", day=1 + (n * 7) % 16)
    movement = {"matter_number": "0000832-35.2018.4.01.3202", "occurred_at": "2026-09-09T08:00:00Z", "text": "Juntada"}
    court = publish(
        system,
        firm,
        open_matter(system, firm, [client], kind="court_case", number=movement["matter_number"], court_published=True),
        [client],
    )
    send_movements(system, integration(system, firm), {"format": "plain", "movements": [movement]})

    who = caller(system, tokens)
    timelines = []
    for matter in [*matters, court]:
        try:
            timelines += system.portal.timeline_page(who, matter.id, None, 100).items
        except NotFound:  # a matter her profile does not let her see
            continue
    expected = [i.id for i in sorted(timelines, key=lambda i: i.id, reverse=True)]

    page = feed(system, tokens, limit=50)
    assert [i.id for i in page.items] == expected
    assert page.unread.total == len(expected)


# --- the summary's rules (domain/feed.py) ----------------------------------------------------------


def _stored(matter_id: str | None, kind: str = "news", round_: int = 1, **update: Any) -> StoredFeedEntry:
    item = ClientTimelineItem(
        id="20260901120000abcdef12",
        matter_id=matter_id or "m0",
        kind=kind,
        occurred_at=DAY,
        text="Notícia",
        **update,
    )
    entry = FeedEntry.of_update(item, "Caso").model_copy(update={"matter_id": matter_id})
    return StoredFeedEntry(entry=entry, round=round_)


def test_the_summary_shows_an_entry_of_a_matter_in_its_round_with_its_flags_allowed() -> None:
    summary = FeedSummary(rounds={"m1": 2, "m2": 1, "m3": -1, "m4": 1}, flags={"m2": PRIVATE, "m4": TEAM})
    plain, team = VisibilityProfile(), VisibilityProfile(include_team_matters=True)

    assert summary.shows(_stored("m1", round_=2), plain)
    assert not summary.shows(_stored("m1", round_=1), plain)  # a round she lost
    assert not summary.shows(_stored("m2"), team)  # private
    assert not summary.shows(_stored("m3", round_=-1), plain)  # no longer hers
    assert not summary.shows(_stored("m4"), plain) and summary.shows(_stored("m4"), team)
    assert not summary.shows(_stored("m5", round_=0), plain)  # never hers
    assert not summary.shows(_stored("m1", kind="task", round_=2), plain)  # tasks left out by default
    # An entry of no matter (a request for her profile's documents) is always in round 1.
    assert summary.round_of(None) == 1 and summary.matter_visible(None, plain)
    assert summary.shows(_stored(None), plain)


def test_the_summary_counts_what_she_may_see_only() -> None:
    summary = FeedSummary(
        rounds={"m1": 1, "m2": 1, "m3": -2},
        flags={"m2": PRIVATE | TEAM},
        unread={"m1": {"news": 2, "task": 3}, "m2": {"news": 1}, "m3": {"news": 4}, NO_MATTER: {"news": 1}},
    )
    counts = summary.counts(VisibilityProfile())
    assert counts.total == 3 and [(m.matter_id, m.unread) for m in counts.matters] == [("m1", 2)]
    everything = VisibilityProfile(tasks=True, include_private_matters=True, include_team_matters=True)
    assert summary.counts(everything).total == 2 + 3 + 1 + 1


def test_flags_are_bits_of_private_and_team() -> None:
    view = ClientMatterView.model_validate(
        {"id": "m1", "kind": "case", "number": None, "title": "Caso", "status": "active", "court": None,
         "venue": None, "instance": None, "procedural_class": None, "parties": [], "responsible_lawyer": None,
         "related": [], "private": False, "team": True, "updated_at": DAY.isoformat()}
    )  # fmt: skip
    assert flags_of(view) == TEAM
    assert flags_of(view.model_copy(update={"private": True})) == PRIVATE | TEAM
    assert flags_of(view.model_copy(update={"team": False})) == 0


def test_a_task_due_right_now_is_still_next() -> None:
    due = _stored("m1", kind="task", due_at=DAY).entry.due
    assert due is not None
    summary = FeedSummary(rounds={"m1": 1}, upcoming={due.entry_id: (1, due)})
    assert summary.next_due(VisibilityProfile(tasks=True), DAY) == [due]
    assert summary.next_due(VisibilityProfile(tasks=True), DAY + timedelta(seconds=1)) == []
