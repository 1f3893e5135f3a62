"""FeedRepository, and the feeds the timeline's and the matters' repositories keep with
what they write (A6): each client's entries newest first, with her views of her matters and
her unread counts in one read; reading an entry once; marking all read; a matter published
to her again starting a new round of her feed for it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.clients import Client
from chalicelib.domain.feed import FeedRead, FeedSummary
from chalicelib.domain.matters import Matter
from chalicelib.domain.ports import PortalChanges
from chalicelib.domain.timeline import TimelineItem, UpdateKind
from tests.contract.builders import NOW, a_client, a_matter, an_audit_entry, an_item, edited
from tests.contract.conftest import Backend


def published(backend: Backend, matter: Matter, clients: list[Client]) -> Matter:
    """The matter as MattersService publishes it: saved with these clients' views."""
    current = backend.matters.get(matter.firm_id, matter.id)
    assert current is not None
    after = edited(current, published_to=[c.id for c in clients], version=current.version + 1)
    gone = {c: None for c in current.published_to if c not in after.published_to}
    views = {c.id: after.view_for(c.id) for c in clients}
    backend.matters.save(after, current, PortalChanges(views=gone | views), None)
    return after


@pytest.fixture
def maria(firm_id: str) -> Client:
    return a_client(firm_id, "Maria Souza")


@pytest.fixture
def joao(firm_id: str) -> Client:
    return a_client(firm_id, "João Pereira")


@pytest.fixture
def matter(backend: Backend, firm_id: str, maria: Client, joao: Client) -> Matter:
    matter = a_matter(firm_id, clients=[maria, joao], title="Locação")
    backend.matters.create(matter, None)
    return published(backend, matter, [maria, joao])


def add(backend: Backend, matter: Matter, hours: int, **fields) -> TimelineItem:
    item = an_item(matter, occurred_at=NOW + timedelta(hours=hours), **fields)
    backend.timeline.add(item, None)
    return item


def read(backend: Backend, client: Client, cursor: str | None = None, limit: int = 50) -> FeedRead:
    return backend.feed.read(client.firm_id, client.id, cursor, limit)


def ids(feed: FeedRead) -> list[str]:
    return [stored.entry.id for stored in feed.entries]


def unread(summary: FeedSummary) -> dict[str, dict[str, int]]:
    return {m: {k: n for k, n in c.items() if n} for m, c in summary.unread.items() if any(c.values())}


def test_an_empty_feed_reads_as_empty(backend: Backend, maria: Client) -> None:
    feed = read(backend, maria)
    assert feed.entries == [] and feed.next_cursor is None
    assert feed.summary == FeedSummary()
    assert backend.feed.get(maria.firm_id, maria.id, "20260302120000abcdef12") is None
    assert backend.feed.mark_read(maria.firm_id, maria.id, "20260302120000abcdef12", NOW) is False
    assert backend.feed.mark_all_read(maria.firm_id, maria.id, NOW) == 0


def test_published_updates_reach_every_client_of_the_matter_newest_first_with_her_views_and_counts(
    backend: Backend, matter: Matter, maria: Client, joao: Client
) -> None:
    news = add(backend, matter, 2, kind=UpdateKind.NEWS, text="Acordo")
    movement = add(backend, matter, 5)
    add(backend, matter, 1, published=False, text="Interno")

    for client in (maria, joao):
        feed = read(backend, client)
        assert ids(feed) == [movement.id, news.id]
        assert feed.entries[1].entry.update is not None and feed.entries[1].entry.update.text == "Acordo"
        assert all(stored.entry.matter_title == "Locação" for stored in feed.entries)
        assert all(stored.read_at is None and stored.round == 1 for stored in feed.entries)
        assert feed.summary.rounds == {matter.id: 1} and feed.summary.flags == {}
        assert unread(feed.summary) == {matter.id: {"news": 1, "manual_movement": 1}}
        assert backend.feed.summary(client.firm_id, client.id) == feed.summary


def test_pages_go_on_from_their_cursor_and_the_first_reads_the_summary_with_them(
    backend: Backend, matter: Matter, maria: Client
) -> None:
    items = [add(backend, matter, hours) for hours in range(7)]
    seen, cursor = [], None
    while True:
        feed = read(backend, maria, cursor, 3)
        assert len(feed.entries) <= 3
        assert feed.summary.rounds == {matter.id: 1}
        seen += ids(feed)
        cursor = feed.next_cursor
        if cursor is None:
            break
    assert seen == [i.id for i in reversed(items)]


def test_an_entry_is_read_once_and_counts_no_more(
    backend: Backend, matter: Matter, maria: Client, joao: Client
) -> None:
    news = add(backend, matter, 1, kind=UpdateKind.NEWS)
    add(backend, matter, 2, kind=UpdateKind.NEWS)

    assert backend.feed.mark_read(maria.firm_id, maria.id, news.id, NOW) is True
    assert backend.feed.mark_read(maria.firm_id, maria.id, news.id, NOW + timedelta(hours=3)) is True

    stored = backend.feed.get(maria.firm_id, maria.id, news.id)
    assert stored is not None and stored.read_at == NOW
    assert unread(backend.feed.summary(maria.firm_id, maria.id)) == {matter.id: {"news": 1}}
    assert unread(backend.feed.summary(joao.firm_id, joao.id)) == {matter.id: {"news": 2}}


def test_mark_all_read_reads_every_unread_entry_and_zeroes_her_counts(
    backend: Backend, matter: Matter, maria: Client, joao: Client
) -> None:
    items = [add(backend, matter, hours) for hours in range(60)]  # more than one transaction's worth
    backend.feed.mark_read(maria.firm_id, maria.id, items[3].id, NOW)

    assert backend.feed.mark_all_read(maria.firm_id, maria.id, NOW + timedelta(hours=1)) == 59
    feed = read(backend, maria, limit=100)
    assert all(stored.read_at is not None for stored in feed.entries)
    assert unread(feed.summary) == {}
    assert unread(read(backend, joao).summary) == {matter.id: {"manual_movement": 60}}


def test_hiding_deleting_and_editing_follow_into_every_feed(backend: Backend, matter: Matter, maria: Client) -> None:
    hidden = add(backend, matter, 1, kind=UpdateKind.NEWS, text="Ocultada")
    deleted = add(backend, matter, 2, text="Apagada")
    kept = add(backend, matter, 3, kind=UpdateKind.NEWS, text="Antigo")
    backend.feed.mark_read(maria.firm_id, maria.id, kept.id, NOW)

    backend.timeline.save(edited(hidden, published=False, version=2), hidden, an_audit_entry(matter.firm_id))
    backend.timeline.delete(deleted, an_audit_entry(matter.firm_id))
    backend.timeline.save(edited(kept, text="Novo", version=2), kept, None)

    feed = read(backend, maria)
    assert ids(feed) == [kept.id]
    assert feed.entries[0].entry.update is not None and feed.entries[0].entry.update.text == "Novo"
    assert feed.entries[0].read_at == NOW  # an edit keeps what she read
    assert unread(feed.summary) == {}

    shown_again = edited(hidden, published=True, version=3)
    backend.timeline.save(shown_again, edited(hidden, published=False, version=2), None)
    assert ids(read(backend, maria)) == [kept.id, hidden.id]
    assert unread(read(backend, maria).summary) == {matter.id: {"news": 1}}


def test_a_new_date_moves_the_entry(backend: Backend, matter: Matter, maria: Client) -> None:
    item = add(backend, matter, 1)
    later = NOW + timedelta(days=3)
    from chalicelib.domain.timeline import item_id

    moved = edited(item, occurred_at=later, id=item_id(later, item.id[14:]), version=2)
    backend.timeline.save(moved, item, None)

    feed = read(backend, maria)
    assert ids(feed) == [moved.id]
    assert unread(feed.summary) == {matter.id: {"manual_movement": 1}}


def test_court_movements_reach_the_feeds_once_each(backend: Backend, matter: Matter, maria: Client) -> None:
    movement = an_item(matter, kind=UpdateKind.AUTOMATIC_MOVEMENT, source="court")
    others = [an_item(matter, occurred_at=NOW + timedelta(hours=h), kind=UpdateKind.AUTOMATIC_MOVEMENT) for h in (1, 2)]

    assert backend.timeline.add_court_movements([movement, *others, movement]) == [True, True, True, False]
    assert backend.timeline.add_court_movements([movement]) == [False]

    feed = read(backend, maria)
    assert sorted(ids(feed)) == sorted(i.id for i in [movement, *others])
    assert unread(feed.summary) == {matter.id: {"automatic_movement": 3}}


def test_a_matter_published_to_her_again_starts_a_new_round(
    backend: Backend, matter: Matter, maria: Client, joao: Client
) -> None:
    before = add(backend, matter, 1)
    withdrawn = published(backend, matter, [joao])

    summary = backend.feed.summary(maria.firm_id, maria.id)
    assert summary.rounds[matter.id] == -1  # no longer hers: nothing of it shows
    assert unread(summary) == {}

    again = published(backend, withdrawn, [maria, joao])
    after = add(backend, again, 2)

    feed = read(backend, maria)
    assert feed.summary.rounds[matter.id] == 2
    rounds = {stored.entry.id: stored.round for stored in feed.entries}
    assert rounds == {after.id: 2, before.id: 1}  # kept, but from a round she lost
    assert unread(feed.summary) == {matter.id: {"manual_movement": 1}}
    # Reading the old one changes no count of this round.
    backend.feed.mark_read(maria.firm_id, maria.id, before.id, NOW)
    assert unread(backend.feed.summary(maria.firm_id, maria.id)) == {matter.id: {"manual_movement": 1}}
    # Written again in this round, it counts again.
    backend.timeline.save(edited(before, text="De novo", version=2), before, None)
    assert backend.feed.get(maria.firm_id, maria.id, before.id).round == 2  # type: ignore[union-attr]
    assert unread(backend.feed.summary(maria.firm_id, maria.id)) == {matter.id: {"manual_movement": 2}}


def test_a_matter_flagged_private_or_team_has_its_flags_in_her_summary(
    backend: Backend, matter: Matter, maria: Client, joao: Client
) -> None:
    def flag(private: bool, team: bool) -> None:
        current = backend.matters.get(matter.firm_id, matter.id)
        assert current is not None
        changed = edited(current, private=private, team=team, version=current.version + 1)
        views = {c.id: changed.view_for(c.id) for c in (maria, joao)}
        backend.matters.save(changed, current, PortalChanges(views=views), None)

    flag(private=True, team=False)
    assert backend.feed.summary(maria.firm_id, maria.id).flags == {matter.id: 1}
    flag(private=True, team=True)
    assert backend.feed.summary(maria.firm_id, maria.id).flags == {matter.id: 3}
    flag(private=False, team=False)
    summary = backend.feed.summary(maria.firm_id, maria.id)
    assert summary.flags == {} and summary.rounds == {matter.id: 1}


def test_open_dated_entries_are_in_her_summary_until_done_or_hidden(
    backend: Backend, matter: Matter, maria: Client
) -> None:
    due = NOW + timedelta(days=3)
    task = add(backend, matter, 1, kind=UpdateKind.TASK, text="Audiência de conciliação", due_at=due)
    add(backend, matter, 2, kind=UpdateKind.TASK, text="Sem data")

    upcoming = backend.feed.summary(maria.firm_id, maria.id).upcoming
    assert {entry_id: (r, u.text, u.due_at, u.matter_title) for entry_id, (r, u) in upcoming.items()} == {
        task.id: (1, "Audiência de conciliação", due, "Locação")
    }
    backend.timeline.save(edited(task, done=True, version=2), task, None)
    assert backend.feed.summary(maria.firm_id, maria.id).upcoming == {}
    backend.timeline.save(edited(task, done=False, version=3), edited(task, done=True, version=2), None)
    assert list(backend.feed.summary(maria.firm_id, maria.id).upcoming) == [task.id]
    backend.timeline.save(edited(task, published=False, version=4), edited(task, version=3), None)
    assert backend.feed.summary(maria.firm_id, maria.id).upcoming == {}


def test_a_client_of_many_matters_reads_them_all_in_her_summary_and_pages(
    backend: Backend, firm_id: str, maria: Client
) -> None:
    matters = []
    for n in range(20):  # her summary in several shards
        matter = a_matter(firm_id, clients=[maria], title=f"Processo {n}")
        backend.matters.create(matter, None)
        matters.append(published(backend, matter, [maria]))
    items = [add(backend, matter, n) for n, matter in enumerate(matters)]

    first = read(backend, maria, limit=5)
    assert len(first.summary.rounds) == 20 and sum(n for c in first.summary.unread.values() for n in c.values()) == 20
    assert backend.feed.summary(maria.firm_id, maria.id) == first.summary
    seen, cursor = ids(first), first.next_cursor
    while cursor:
        page = read(backend, maria, cursor, 5)
        seen += ids(page)
        cursor = page.next_cursor
    assert seen == [i.id for i in reversed(items)]

    assert backend.feed.mark_all_read(maria.firm_id, maria.id, NOW) == 20
    assert unread(backend.feed.summary(maria.firm_id, maria.id)) == {}
