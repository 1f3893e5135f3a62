"""A6: each client's feed in the updates table (domain/feed.py, docs/DATA_MODEL.md).

`FIRM#<firm>#CLIENT#<client>#FEED` holds her entries, `F#<entry id>` (the entry, the round
of her feed it belongs to, its category and, once she has read it, `read_at`), and her
summary in a few shards, `~<n>` (a matter's facts are in the shard its id hashes to, so a
client with thousands of matters stays far from DynamoDB's item size), which sort after
every entry: a newest-first Query meets them first, and the first page of her home is that
one Query. A shard has one attribute per fact: `M#<matter>` her view of the matter (while
it is published to her), `R#<matter>` the round (how many times it was published to her)
and `U#<matter>#<category>` her unread count.

The timeline's and the matters' repositories write feeds in the same transaction as what
they show, through `FeedWrites`; `DynamoFeedRepository` reads them and records what she read.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ...domain.common import encode_cursor
from ...domain.errors import Conflict
from ...domain.feed import NO_MATTER, FeedEntry, FeedMatter, FeedRead, FeedSummary, StoredFeedEntry
from ...domain.matters import ClientMatterView
from ...domain.ports import FeedRepository
from ...domain.timeline import UpdateKind
from .items import (
    MOST_OPERATIONS,
    Filter,
    Item,
    UpdateExpression,
    batch_get,
    delete_if,
    get,
    item_key,
    number,
    put,
    query,
    string,
    try_transact,
    update_op,
)

SUMMARY = "~"  # the shards' prefix: after "F#" in the key order
SHARDS = 8
_ATTEMPTS = 5
# The most entries one mark-all transaction reads out (with her summary: well under 100 operations).
_READ_ALL_CHUNK = 50


def _partition(firm_id: str, client_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENT#{client_id}#FEED"


def shard_of(matter: str) -> int:
    """The summary shard that holds a matter's facts (NO_MATTER's too)."""
    return int(hashlib.sha256(matter.encode()).hexdigest()[:4], 16) % SHARDS


def summary_key(firm_id: str, client_id: str, shard: int) -> Item:
    return item_key(_partition(firm_id, client_id), f"{SUMMARY}{shard}")


def entry_key(firm_id: str, client_id: str, entry_id: str) -> Item:
    return item_key(_partition(firm_id, client_id), f"F#{entry_id}")


def _matter_of(matter_id: str | None) -> str:
    return matter_id or NO_MATTER


def summary_of(*shards: Item) -> FeedSummary:
    """Her summary from any of its shards (their matters are disjoint)."""
    matters: dict[str, FeedMatter] = {}
    rounds: dict[str, int] = {}
    unread: dict[str, dict[str, int]] = defaultdict(dict)
    for name, value in ((n, v) for shard in shards for n, v in shard.items()):
        if name.startswith("M#"):
            matters[name[2:]] = FeedMatter.model_validate_json(value["S"])
        elif name.startswith("R#"):
            rounds[name[2:]] = int(value["N"])
        elif name.startswith("U#"):
            matter_id, category = name[2:].rsplit("#", 1)
            unread[matter_id][category] = int(value["N"])
    return FeedSummary(matters=matters, rounds=rounds, unread=dict(unread))


def stored_of(item: Item) -> StoredFeedEntry:
    read_at = item.get("read_at", {}).get("S")
    return StoredFeedEntry(
        entry=FeedEntry.model_validate_json(item["doc"]["S"]),
        round=int(item.get("round", {"N": "0"})["N"]),
        read_at=datetime.fromisoformat(read_at) if read_at else None,
    )


@dataclass(frozen=True)
class FeedChange:
    """What one client's feed must hold of one entry after a write: `entry`, or nothing."""

    client_id: str
    entry_id: str
    matter_id: str | None
    entry: FeedEntry | None


@dataclass
class _Counts:
    """One summary's changes in a transaction: unread deltas, and the rounds they were counted in."""

    deltas: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    rounds: dict[str, int] = field(default_factory=dict)

    def add(self, matter: str, category: str, delta: int, round_now: int) -> None:
        self.deltas[(matter, category)] += delta
        self.rounds[matter] = round_now


def _count_operation(table: str, firm_id: str, client_id: str, shard: int, counts: _Counts) -> Item | None:
    """Her summary's counts moved by `counts`, only while each matter is still in the round
    they were counted in (a matter published to her again meanwhile fails the transaction)."""
    changes = {key: delta for key, delta in counts.deltas.items() if delta}
    if not changes:
        return None
    update = UpdateExpression()
    for (matter, category), delta in sorted(changes.items()):
        update.add(f"U#{matter}#{category}", number(delta))
    for matter, round_now in sorted(counts.rounds.items()):
        if matter == NO_MATTER or round_now == 0:
            update.require_missing(f"R#{matter}")
        else:
            update.require_equal(f"R#{matter}", number(round_now))
    return update.operation(table, summary_key(firm_id, client_id, shard))


def _count_operations(table: str, firm_id: str, client_id: str, counts: _Counts) -> list[Item]:
    """`counts` in each of her shards they touch, one operation per shard."""
    shards: dict[int, _Counts] = defaultdict(_Counts)
    for (matter, category), delta in counts.deltas.items():
        shards[shard_of(matter)].add(matter, category, delta, counts.rounds[matter])
    operations = [_count_operation(table, firm_id, client_id, shard, c) for shard, c in sorted(shards.items())]
    return [op for op in operations if op]


def _by_client(changes: Sequence[FeedChange], first: int) -> list[list[FeedChange]]:
    """The changes in groups of whole clients, each group one transaction's worth: a client
    costs a write per entry and one per shard of her counts; the first group shares its transaction
    with the write the feeds follow (`first` operations left)."""
    clients: dict[str, list[FeedChange]] = defaultdict(list)
    for change in changes:
        clients[change.client_id].append(change)
    groups: list[list[FeedChange]] = [[]]
    room = first
    for client_changes in clients.values():
        cost = len(client_changes) + len({shard_of(_matter_of(c.matter_id)) for c in client_changes})
        if cost > room and groups[-1]:
            groups.append([])
            room = MOST_OPERATIONS
        groups[-1] += client_changes
        room -= cost
    return groups


class FeedWrites:
    """How a write keeps its readers' feeds in step: `read` what their feeds hold now, then
    `operations` bring them to the changes, each conditioned on what was read."""

    def __init__(self, table: str) -> None:
        self.table = table

    def read(
        self, firm_id: str, changes: Sequence[FeedChange]
    ) -> tuple[dict[str, FeedSummary], dict[tuple[str, str], Item]]:
        """Her summary's shards the changes touch (merged, per client) and the entries as stored."""
        shards = sorted({(c.client_id, shard_of(_matter_of(c.matter_id))) for c in changes})
        keys = [summary_key(firm_id, client_id, shard) for client_id, shard in shards] + [
            entry_key(firm_id, c.client_id, c.entry_id)
            for c in {(c.client_id, c.entry_id): c for c in changes}.values()
        ]
        found = batch_get({self.table: keys})[self.table] if keys else []
        parts: dict[str, list[Item]] = {client_id: [] for client_id, _ in shards}
        entries: dict[tuple[str, str], Item] = {}
        for item in found:
            client_id = item["pk"]["S"].split("#")[3]
            if item["sk"]["S"].startswith(SUMMARY):
                parts[client_id].append(item)
            else:
                entries[(client_id, item["sk"]["S"][2:])] = item
        return {client_id: summary_of(*items) for client_id, items in parts.items()}, entries

    def write(self, own: list[Item], firm_id: str, changes: Sequence[FeedChange], conflict: str) -> None:
        """`own` and the feeds' changes in one transaction. A condition of `own` that fails is
        the caller's Conflict; one of the feeds' means a feed changed since it was read: read
        again. A matter published to more clients than one transaction holds has the feeds
        that do not fit written right after, a transaction per group of clients."""
        for index, group in enumerate(_by_client(changes, MOST_OPERATIONS - len(own))):
            mine = own if index == 0 else []
            for _ in range(_ATTEMPTS):
                failed = try_transact(mine + self.operations(firm_id, group))
                if not failed:
                    break
                if any(position < len(mine) for position in failed):
                    raise Conflict(conflict, code="conflict")
            else:
                raise Conflict("This is changing right now. Try again.", code="conflict")

    def operations(self, firm_id: str, changes: Sequence[FeedChange]) -> list[Item]:
        """Read, then the operations that bring each feed to `changes`."""
        if not changes:
            return []
        summaries, entries = self.read(firm_id, changes)
        operations: list[Item] = []
        counts: dict[str, _Counts] = defaultdict(_Counts)
        for change in changes:
            current = entries.get((change.client_id, change.entry_id))
            summary = summaries[change.client_id]
            operations += self._entry(firm_id, change, current, summary, counts[change.client_id])
        for client_id, client_counts in sorted(counts.items()):
            operations += _count_operations(self.table, firm_id, client_id, client_counts)
        return operations

    def _entry(
        self, firm_id: str, change: FeedChange, current: Item | None, summary: FeedSummary, counts: _Counts
    ) -> list[Item]:
        key = entry_key(firm_id, change.client_id, change.entry_id)
        stored = stored_of(current) if current else None
        names = {"#r": "round"}
        if change.entry is not None:
            entry = change.entry
            matter = _matter_of(entry.matter_id)
            round_now = summary.rounds.get(matter, 0) if matter != NO_MATTER else 0
            item = {
                **key,
                "doc": string(entry.model_dump_json()),
                "round": number(round_now),
                "matter_id": string(matter),
                "category": string(entry.category),
            }
            if stored is None:
                counts.add(matter, entry.category, 1, round_now)
                return [put(self.table, item, "attribute_not_exists(pk)")]
            if stored.round == round_now:
                return [
                    update_op(
                        self.table,
                        key,
                        "SET #doc = :doc",
                        condition="#r = :r",
                        names=names | {"#doc": "doc"},
                        values={":doc": item["doc"], ":r": number(round_now)},
                    )
                ]
            # Kept from a round she lost: it starts again in this one, unread.
            counts.add(matter, entry.category, 1, round_now)
            return [put(self.table, item, "#r = :r", {":r": number(stored.round)}, names)]
        if stored is None:
            return []
        matter = _matter_of(stored.entry.matter_id)
        round_now = summary.rounds.get(matter, 0) if matter != NO_MATTER else 0
        read = "attribute_exists(read_at)" if stored.read_at else "attribute_not_exists(read_at)"
        if stored.round == round_now and stored.read_at is None:
            counts.add(matter, stored.entry.category, -1, round_now)
        return [delete_if(self.table, key, f"#r = :r AND {read}", names, {":r": number(stored.round)})]

    def views(self, firm_id: str, views: dict[str, dict[str, tuple[ClientMatterView | None, bool]]]) -> list[Item]:
        """Her summary as her matters are now: `views[client][matter]` is her view of it (None:
        no longer published to her) and whether it was just published to her, which starts a
        new round of her feed for it. One operation per shard touched; nothing to read first."""
        operations = []
        for client_id, matters in sorted(views.items()):
            shards: dict[int, UpdateExpression] = defaultdict(UpdateExpression)
            for matter_id, (view, published_now) in sorted(matters.items()):
                update = shards[shard_of(matter_id)]
                unread = [f"U#{matter_id}#{kind.value}" for kind in UpdateKind]
                if view is None:
                    update.remove(f"M#{matter_id}", *unread)
                    continue
                update.set(f"M#{matter_id}", string(FeedMatter.of(view).model_dump_json()))
                if published_now:
                    update.add(f"R#{matter_id}", number(1))
                    update.remove(*unread)
            for shard, update in sorted(shards.items()):
                operation = update.operation(self.table, summary_key(firm_id, client_id, shard))
                if operation:
                    operations.append(operation)
        return operations


class DynamoFeedRepository:
    def __init__(self, updates: str) -> None:
        self.table = updates

    def read(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> FeedRead:
        partition = _partition(firm_id, client_id)
        if cursor:
            summary = self.summary(firm_id, client_id)
            items, next_cursor = query(self.table, partition, "F#", cursor, limit, newest_first=True)
            return FeedRead(summary=summary, entries=[stored_of(i) for i in items], next_cursor=next_cursor)
        # Her summary's shards sort after every entry: the same Query reads them first.
        items, position = query(self.table, partition, "", None, SHARDS + limit, newest_first=True, cursor_prefix="")
        while position and not any(not i["sk"]["S"].startswith(SUMMARY) for i in items):
            more, position = query(  # shards so big they filled a whole page (a client of thousands of matters)
                self.table, partition, "", position, SHARDS + limit, newest_first=True, cursor_prefix=""
            )
            items += more
        shards = [i for i in items if i["sk"]["S"].startswith(SUMMARY)]
        entries = [i for i in items if not i["sk"]["S"].startswith(SUMMARY)]
        next_cursor = position
        if len(entries) > limit:  # fewer shards than the Limit left room for
            entries = entries[:limit]
            next_cursor = encode_cursor(entries[-1]["sk"]["S"])
        return FeedRead(summary=summary_of(*shards), entries=[stored_of(i) for i in entries], next_cursor=next_cursor)

    def summary(self, firm_id: str, client_id: str) -> FeedSummary:
        shards: list[Item] = []
        cursor = None
        while True:
            page, cursor = query(self.table, _partition(firm_id, client_id), SUMMARY, cursor, SHARDS, consistent=True)
            shards += page
            if not cursor:
                return summary_of(*shards)

    def get(self, firm_id: str, client_id: str, entry_id: str) -> StoredFeedEntry | None:
        key = entry_key(firm_id, client_id, entry_id)
        item = get(self.table, key["pk"]["S"], key["sk"]["S"])
        return stored_of(item) if item else None

    def mark_read(self, firm_id: str, client_id: str, entry_id: str, at: datetime) -> bool:
        stored = self.get(firm_id, client_id, entry_id)
        if stored is None:
            return False
        if stored.read_at is None:
            self._mark(firm_id, client_id, [(entry_id, stored)], at)
        return True

    def mark_all_read(self, firm_id: str, client_id: str, at: datetime) -> int:
        """One pass over her entries, newest first, marking the unread ones in chunks."""
        marked, cursor = 0, None
        while True:
            items, cursor = query(
                self.table,
                _partition(firm_id, client_id),
                "F#",
                cursor,
                _READ_ALL_CHUNK,
                newest_first=True,
                where=Filter.missing("read_at"),
                consistent=True,
            )
            if items:
                marked += self._mark(firm_id, client_id, [(i["sk"]["S"][2:], stored_of(i)) for i in items], at)
            if not cursor:
                return marked

    def _mark(self, firm_id: str, client_id: str, entries: list[tuple[str, StoredFeedEntry]], at: datetime) -> int:
        """Each entry read at `at` (if still unread), her counts down by those of the current
        round; what changed meanwhile is read again."""
        for _ in range(_ATTEMPTS):
            summary = self.summary(firm_id, client_id)
            counts = _Counts()
            operations = []
            for entry_id, stored in entries:
                matter = _matter_of(stored.entry.matter_id)
                round_now = summary.rounds.get(matter, 0) if matter != NO_MATTER else 0
                if stored.round == round_now:
                    counts.add(matter, stored.entry.category, -1, round_now)
                operations.append(
                    update_op(
                        self.table,
                        entry_key(firm_id, client_id, entry_id),
                        "SET read_at = :at",
                        condition="attribute_exists(pk) AND attribute_not_exists(read_at) AND #r = :r",
                        names={"#r": "round"},
                        values={":at": string(at.isoformat()), ":r": number(stored.round)},
                    )
                )
            failed = try_transact(operations + _count_operations(self.table, firm_id, client_id, counts))
            if not failed:
                return len(entries)
            # Read meanwhile, gone, or a matter published again: look at those entries again.
            entries = [
                (entry_id, current)
                for entry_id, _ in entries
                if (current := self.get(firm_id, client_id, entry_id)) is not None and current.read_at is None
            ]
            if not entries:
                return 0
        raise Conflict("Your updates are changing right now. Try again.", code="conflict")


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_feed_repository: type[FeedRepository] = DynamoFeedRepository
