"""A6: each client's feed in the updates table (domain/feed.py, docs/DATA_MODEL.md).

`FIRM#<firm>#CLIENT#<client>#FEED` holds her entries, `F#<entry id>` (the entry, the round
of her feed it belongs to, its category and, once she has read it, `read_at`), and her
summary in a few shards, `~<n>` (a matter's facts are in the shard its id hashes to), which
sort after every entry: a newest-first Query meets them first, and the first page of her
home is that one Query. A shard has one small attribute per fact, so a client of thousands
of matters stays far from DynamoDB's item and page sizes:

- `R#<matter>`: the matter's round, positive while it is published to her (how many times
  it was), negative once it no longer is;
- `P#<matter>`: its private/team flags, only when it has any;
- `U#<matter>`: her unread counts, every category's in one number (`packed_counts`), so one
  ADD moves any of them and a matter costs one attribute however many kinds of update it has;
- `D#<entry>`: an open dated task or event, with its round.

The timeline's, the matters' and the documents' repositories write feeds in the same
transaction as what they show (updates; her views of her matters; published documents and
document requests), through `FeedWrites`; `DynamoFeedRepository` reads them and records what she read.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ...domain.common import encode_cursor
from ...domain.errors import Conflict
from ...domain.feed import (
    CATEGORIES,
    NO_MATTER,
    FeedEntry,
    FeedRead,
    FeedSummary,
    StoredFeedEntry,
    Upcoming,
    flags_of,
)
from ...domain.matters import ClientMatterView
from ...domain.ports import FeedRepository
from .items import (
    MOST_OPERATIONS,
    Filter,
    Item,
    UpdateExpression,
    batch_get,
    delete,
    delete_if,
    firm_pk,
    get,
    item_key,
    number,
    put,
    query,
    query_all,
    string,
    transact_in_chunks,
    try_transact,
    update_op,
)

SUMMARY = "~"  # the shards' prefix: after "F#" in the key order
SHARDS = 8
_ATTEMPTS = 5
# The most entries one mark-all transaction reads out (with her shards: well under 100 operations).
_READ_ALL_CHUNK = 50


# Her unread counts of one matter in one number: each category's count in its own five decimal
# digits, in CATEGORIES' order (a new category goes last: 7 categories are 35 of DynamoDB's 38
# digits). Counts only move on conditions of what was read, so none goes below zero, and a
# matter would need 100,000 unread updates of one kind for her to reach the next category's.
_PLACE = 10**5
_PLACES = {category: _PLACE**index for index, category in enumerate(CATEGORIES)}


def packed_counts(counts: dict[str, int]) -> int:
    """Her unread counts of a matter (category -> count) as `U#<matter>` holds them."""
    return sum(count * _PLACES[category] for category, count in counts.items())


def unpacked_counts(packed: int) -> dict[str, int]:
    """`packed_counts` undone: the categories she has unread entries of."""
    counts = {}
    for category in CATEGORIES:
        packed, count = divmod(packed, _PLACE)
        if count:
            counts[category] = count
    return counts


def _partition(firm_id: str, client_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENT#{client_id}#FEED"


def shard_of(matter_id: str | None) -> int:
    """The summary shard that holds a matter's facts (those of entries about no matter too)."""
    return int(hashlib.sha256((matter_id or NO_MATTER).encode()).hexdigest()[:4], 16) % SHARDS


def summary_key(firm_id: str, client_id: str, shard: int) -> Item:
    return item_key(_partition(firm_id, client_id), f"{SUMMARY}{shard}")


def entry_key(firm_id: str, client_id: str, entry_id: str) -> Item:
    return item_key(_partition(firm_id, client_id), f"F#{entry_id}")


def entry_item(firm_id: str, client_id: str, entry: FeedEntry, round_: int) -> Item:
    """An entry as stored, unread."""
    return {
        **entry_key(firm_id, client_id, entry.id),
        "doc": string(entry.model_dump_json()),
        "round": number(round_),
        "matter_id": string(entry.matter_id or NO_MATTER),
        "category": string(entry.category),
    }


def summary_items(firm_id: str, client_id: str, summary: FeedSummary) -> list[Item]:
    """Her summary as whole shard items (what the writes below build fact by fact)."""
    shards: dict[int, Item] = defaultdict(dict)
    for matter_id, round_ in summary.rounds.items():
        shards[shard_of(matter_id)][f"R#{matter_id}"] = number(round_)
    for matter_id, flags in summary.flags.items():
        shards[shard_of(matter_id)][f"P#{matter_id}"] = number(flags)
    for matter_id, categories in summary.unread.items():
        shards[shard_of(None if matter_id == NO_MATTER else matter_id)][f"U#{matter_id}"] = number(
            packed_counts(categories)
        )
    for entry_id, (round_, upcoming) in summary.upcoming.items():
        shards[shard_of(upcoming.matter_id)][f"D#{entry_id}"] = _due_value(round_, upcoming)
    return [{**summary_key(firm_id, client_id, shard), **facts} for shard, facts in sorted(shards.items())]


def _due_value(round_: int, upcoming: Upcoming) -> Item:
    return string(json.dumps({"round": round_, "upcoming": upcoming.model_dump(mode="json")}))


def summary_of(*shards: Item) -> FeedSummary:
    """Her summary from any of its shards (their facts are disjoint)."""
    rounds: dict[str, int] = {}
    flags: dict[str, int] = {}
    unread: dict[str, dict[str, int]] = defaultdict(dict)
    upcoming: dict[str, tuple[int, Upcoming]] = {}
    for name, value in ((n, v) for shard in shards for n, v in shard.items()):
        kind, _, fact = name.partition("#")
        if kind == "R":
            rounds[fact] = int(value["N"])
        elif kind == "P":
            flags[fact] = int(value["N"])
        elif kind == "U":
            unread[fact] = unpacked_counts(int(value["N"]))
        elif kind == "D":
            due = json.loads(value["S"])
            upcoming[fact] = (due["round"], Upcoming.model_validate(due["upcoming"]))
    return FeedSummary(rounds=rounds, flags=flags, unread=dict(unread), upcoming=upcoming)


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
class _ShardChange:
    """What a transaction changes in one shard of her summary: unread counts (only while each
    matter is in the round they were counted in) and open dated entries."""

    deltas: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    rounds: dict[str, int] = field(default_factory=dict)
    due: dict[str, Item | None] = field(default_factory=dict)  # entry id -> its value, or None: gone

    def count(self, matter_id: str | None, category: str, delta: int, round_now: int) -> None:
        matter = matter_id or NO_MATTER
        self.deltas[(matter, category)] += delta
        if matter_id is not None:
            self.rounds[matter_id] = round_now

    def operation(self, table: str, key: Item) -> Item | None:
        update = UpdateExpression()
        per_matter: dict[str, dict[str, int]] = defaultdict(dict)
        for (matter, category), delta in self.deltas.items():
            per_matter[matter][category] = delta
        counted = False
        for matter, deltas in sorted(per_matter.items()):
            if delta := packed_counts(deltas):
                update.add(f"U#{matter}", number(delta))
                counted = True
        for entry_id, value in sorted(self.due.items()):
            if value is None:
                update.remove(f"D#{entry_id}")
            else:
                update.set(f"D#{entry_id}", value)
        if counted:
            for matter_id, round_now in sorted(self.rounds.items()):
                update.require_equal(f"R#{matter_id}", number(round_now))
        return update.operation(table, key)


def _by_client(changes: Sequence[FeedChange], first: int) -> list[list[FeedChange]]:
    """The changes in groups of whole clients, each group one transaction's worth: a client
    costs a write per entry and one per shard of her summary; the first group shares its
    transaction with the write the feeds follow (`first` operations left), or is empty when
    that write is too big to share (a request reviewed with its many files)."""
    clients: dict[str, list[FeedChange]] = defaultdict(list)
    for change in changes:
        clients[change.client_id].append(change)
    groups: list[list[FeedChange]] = [[]]
    room = first
    for client_changes in clients.values():
        cost = len(client_changes) + len({shard_of(c.matter_id) for c in client_changes})
        # A group of none is only the first: the write alone, when it leaves no room for her.
        if cost > room and (groups[-1] or len(groups) == 1):
            groups.append([])
            room = MOST_OPERATIONS
        groups[-1] += client_changes
        room -= cost
    return groups


@dataclass(frozen=True)
class Readers:
    """The clients a matter is published to, and its title as their feeds name it."""

    clients: list[str]
    matter_title: str | None = None


NO_READERS = Readers(clients=[])


def readers_of(matters: str, firm_id: str, matter_id: str) -> Readers:
    """The clients the matter is published to (read from the matters table), whose feeds
    show what it publishes: its updates and its documents."""
    matter = get(matters, firm_pk(firm_id), f"MATTER#{matter_id}")
    if matter is None:
        return NO_READERS
    doc = json.loads(matter["doc"]["S"])
    return Readers(clients=list(doc.get("published_to", [])), matter_title=doc.get("title"))


class FeedWrites:
    """How a write keeps its readers' feeds in step: `read` what their feeds hold now, then
    `operations` bring them to the changes, each conditioned on what was read."""

    def __init__(self, table: str) -> None:
        self.table = table

    def read(
        self, firm_id: str, changes: Sequence[FeedChange]
    ) -> tuple[dict[str, FeedSummary], dict[tuple[str, str], Item]]:
        """The shards of her summary the changes touch (merged, per client) and the entries as stored."""
        shards = sorted({(c.client_id, shard_of(c.matter_id)) for c in changes})
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
        shards: dict[tuple[str, int], _ShardChange] = defaultdict(_ShardChange)
        for change in changes:
            current = entries.get((change.client_id, change.entry_id))
            stored = stored_of(current) if current else None
            shard = shards[(change.client_id, shard_of(change.matter_id))]
            operations += self._entry(firm_id, change, stored, summaries[change.client_id], shard)
        for (client_id, shard_number), shard in sorted(shards.items()):
            operation = shard.operation(self.table, summary_key(firm_id, client_id, shard_number))
            if operation:
                operations.append(operation)
        return operations

    def _entry(
        self,
        firm_id: str,
        change: FeedChange,
        stored: StoredFeedEntry | None,
        summary: FeedSummary,
        shard: _ShardChange,
    ) -> list[Item]:
        key = entry_key(firm_id, change.client_id, change.entry_id)
        names = {"#r": "round"}
        round_now = summary.round_of(change.matter_id)
        entry = change.entry if round_now > 0 else None  # a matter no longer hers: nothing to show
        if entry is not None:
            due = entry.due
            if due is not None:
                shard.due[entry.id] = _due_value(round_now, due)
            elif stored is not None and stored.entry.due is not None:
                shard.due[entry.id] = None
            item = entry_item(firm_id, change.client_id, entry, round_now)
            if stored is None:
                shard.count(entry.matter_id, entry.category, 1, round_now)
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
            shard.count(entry.matter_id, entry.category, 1, round_now)
            return [put(self.table, item, "#r = :r", {":r": number(stored.round)}, names)]
        if stored is None:
            return []
        if stored.entry.due is not None:
            shard.due[stored.entry.id] = None
        read = "attribute_exists(read_at)" if stored.read_at else "attribute_not_exists(read_at)"
        if stored.round == round_now and stored.read_at is None:
            shard.count(stored.entry.matter_id, stored.entry.category, -1, round_now)
        return [delete_if(self.table, key, f"#r = :r AND {read}", names, {":r": number(stored.round)})]

    def views(self, firm_id: str, views: dict[str, dict[str, tuple[ClientMatterView | None, bool]]]) -> list[Item]:
        """Her summary as her matters are now: `views[client][matter]` is her view of it (None:
        no longer published to her) and whether it was just published to her, which starts a
        new round of her feed for it (her counts for it from zero). One operation per shard
        touched; nothing to read first."""
        operations = []
        zero, one = number(0), number(1)
        for client_id, matters in sorted(views.items()):
            shards: dict[int, UpdateExpression] = defaultdict(UpdateExpression)
            for matter_id, (view, published_now) in sorted(matters.items()):
                update = shards[shard_of(matter_id)]
                round_, unread = f"R#{matter_id}", f"U#{matter_id}"
                if view is None:  # the round becomes negative: nothing of it shows
                    update.set_expression(
                        round_, f"{update.value(zero)} - if_not_exists({update.name(round_)}, {update.value(zero)})"
                    )
                    update.remove(unread)
                    continue
                if published_now:  # 1 the first time, or the round after the one she lost
                    update.set_expression(
                        round_, f"{update.value(one)} - if_not_exists({update.name(round_)}, {update.value(zero)})"
                    )
                    update.remove(unread)
                flags = flags_of(view)
                if flags:
                    update.set(f"P#{matter_id}", number(flags))
                else:
                    update.remove(f"P#{matter_id}")
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
        while position and all(i["sk"]["S"].startswith(SUMMARY) for i in items):
            # Shards that filled a whole page (1 MB) before any entry: read on.
            more, position = query(
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

    def forget(self, firm_id: str, client_id: str) -> None:
        """Her partition, every item of it (entries and summary shards), in as few transactions as it takes;
        nothing else writes it once she is gone (she is in no matter: a client in one is not deleted)."""
        partition = _partition(firm_id, client_id)
        transact_in_chunks(
            [delete(self.table, item_key(partition, i["sk"]["S"])) for i in query_all(self.table, partition, "")]
        )

    def _mark(self, firm_id: str, client_id: str, entries: list[tuple[str, StoredFeedEntry]], at: datetime) -> int:
        """Each entry read at `at` (if still unread), her counts down by those of the current
        round; what changed meanwhile is read again."""
        for _ in range(_ATTEMPTS):
            summary = self.summary(firm_id, client_id)
            shards: dict[int, _ShardChange] = defaultdict(_ShardChange)
            operations = []
            for entry_id, stored in entries:
                matter_id = stored.entry.matter_id
                round_now = summary.round_of(matter_id)
                if stored.round == round_now:
                    shards[shard_of(matter_id)].count(matter_id, stored.entry.category, -1, round_now)
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
            for shard_number, shard in sorted(shards.items()):
                operation = shard.operation(self.table, summary_key(firm_id, client_id, shard_number))
                if operation:
                    operations.append(operation)
            if not try_transact(operations):
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
