"""Each client's feed in memory, kept as DynamoDB keeps it (chalicelib/adapters/dynamodb/feed.py):
her entries, each with its round and when she read it, and her summary (each matter's round
and flags, her unread counts, her open dated entries). The timeline's, the matters'
and the documents' fakes write it inside their transactions through `write_views` and
`write_entries`."""

from __future__ import annotations

import json
from datetime import datetime

from chalicelib.domain.common import decode_cursor, encode_cursor
from chalicelib.domain.feed import NO_MATTER, FeedEntry, FeedRead, FeedSummary, StoredFeedEntry, flags_of
from chalicelib.domain.matters import ClientMatterView
from chalicelib.domain.ports import FeedRepository
from tests.support.fakes.store import Store, dump


def _summary(store: Store, firm_id: str, client_id: str) -> FeedSummary:
    raw = store.feed_summaries.get((firm_id, client_id))
    return FeedSummary.model_validate_json(raw) if raw else FeedSummary()


def _save(store: Store, firm_id: str, client_id: str, summary: FeedSummary) -> None:
    store.feed_summaries[(firm_id, client_id)] = dump(summary)


def _count(summary: FeedSummary, matter_id: str | None, category: str, delta: int) -> None:
    counts = summary.unread.setdefault(matter_id or NO_MATTER, {})
    counts[category] = counts.get(category, 0) + delta


def write_views(store: Store, firm_id: str, views: dict[str, dict[str, tuple[ClientMatterView | None, bool]]]) -> None:
    """Her summary as her matters are now (FeedWrites.views): a matter just published to her
    starts its next round, its counts from zero; one no longer published gets a negative round."""
    for client_id, matters in views.items():
        summary = _summary(store, firm_id, client_id)
        for matter_id, (view, published_now) in matters.items():
            if view is None:
                summary.rounds[matter_id] = -summary.rounds.get(matter_id, 0)
                summary.unread.pop(matter_id, None)
                continue
            if published_now:
                summary.rounds[matter_id] = 1 - summary.rounds.get(matter_id, 0)
                summary.unread.pop(matter_id, None)
            if flags_of(view):
                summary.flags[matter_id] = flags_of(view)
            else:
                summary.flags.pop(matter_id, None)
        _save(store, firm_id, client_id, summary)


def readers(store: Store, firm_id: str, matter_id: str) -> tuple[list[str], str | None]:
    """The clients the matter is published to, and its title (feed.readers_of)."""
    raw = store.matters.get((firm_id, matter_id))
    doc = json.loads(raw) if raw else {}
    return list(doc.get("published_to", [])), doc.get("title")


def write_entries(store: Store, firm_id: str, changes: list[tuple[str, str, FeedEntry | None]]) -> None:
    """Each `(client, entry id, entry)`: the entry as her feed must now hold it, or gone
    (FeedWrites.operations): new ones and ones from a round she lost count as unread."""
    for client_id, entry_id, wanted in changes:
        entries = store.feeds.setdefault((firm_id, client_id), {})
        summary = _summary(store, firm_id, client_id)
        raw = entries.get(f"F#{entry_id}")
        stored = StoredFeedEntry.model_validate_json(raw) if raw else None
        known = wanted or (stored.entry if stored else None)
        matter_id = known.matter_id if known else None
        round_now = summary.round_of(matter_id)
        entry = wanted if round_now > 0 else None
        summary.upcoming.pop(entry_id, None)
        if entry is not None:
            if entry.due is not None:
                summary.upcoming[entry_id] = (round_now, entry.due)
            if stored is not None and stored.round == round_now:
                entries[f"F#{entry_id}"] = dump(stored.model_copy(update={"entry": entry}))
            else:
                entries[f"F#{entry_id}"] = dump(StoredFeedEntry(entry=entry, round=round_now))
                _count(summary, entry.matter_id, entry.category, 1)
        elif stored is not None:
            del entries[f"F#{entry_id}"]
            if stored.read_at is None and stored.round == round_now:
                _count(summary, stored.entry.matter_id, stored.entry.category, -1)
        _save(store, firm_id, client_id, summary)


class InMemoryFeedRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def read(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> FeedRead:
        entries = self.store.feeds.get((firm_id, client_id), {})
        keys = sorted(entries, reverse=True)
        if cursor:
            start = decode_cursor(cursor, "F#")
            keys = [k for k in keys if k < start]
        chosen = keys[:limit]
        return FeedRead(
            summary=_summary(self.store, firm_id, client_id),
            entries=[StoredFeedEntry.model_validate_json(entries[k]) for k in chosen],
            next_cursor=encode_cursor(chosen[-1]) if len(keys) > len(chosen) else None,
        )

    def summary(self, firm_id: str, client_id: str) -> FeedSummary:
        return _summary(self.store, firm_id, client_id)

    def get(self, firm_id: str, client_id: str, entry_id: str) -> StoredFeedEntry | None:
        raw = self.store.feeds.get((firm_id, client_id), {}).get(f"F#{entry_id}")
        return StoredFeedEntry.model_validate_json(raw) if raw else None

    def mark_read(self, firm_id: str, client_id: str, entry_id: str, at: datetime) -> bool:
        stored = self.get(firm_id, client_id, entry_id)
        if stored is None:
            return False
        if stored.read_at is None:
            self._mark(firm_id, client_id, entry_id, stored, at)
        return True

    def forget(self, firm_id: str, client_id: str) -> None:
        self.store.feeds.pop((firm_id, client_id), None)
        self.store.feed_summaries.pop((firm_id, client_id), None)

    def mark_all_read(self, firm_id: str, client_id: str, at: datetime) -> int:
        unread = [
            (key[2:], stored)
            for key, raw in sorted(self.store.feeds.get((firm_id, client_id), {}).items(), reverse=True)
            if (stored := StoredFeedEntry.model_validate_json(raw)).read_at is None
        ]
        for entry_id, stored in unread:
            self._mark(firm_id, client_id, entry_id, stored, at)
        return len(unread)

    def _mark(self, firm_id: str, client_id: str, entry_id: str, stored: StoredFeedEntry, at: datetime) -> None:
        summary = _summary(self.store, firm_id, client_id)
        if stored.round == summary.round_of(stored.entry.matter_id):
            _count(summary, stored.entry.matter_id, stored.entry.category, -1)
            _save(self.store, firm_id, client_id, summary)
        self.store.feeds[(firm_id, client_id)][f"F#{entry_id}"] = dump(stored.model_copy(update={"read_at": at}))


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_: type[FeedRepository] = InMemoryFeedRepository
