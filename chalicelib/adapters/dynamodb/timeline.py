"""The timeline of a matter in the updates table: each item (the staff's view, with its
kind and read receipts), its published copy (what clients see) and the matter's marker.
Each write of a published copy brings the feeds of the matter's clients in step with it, in
the same transaction (feed.py)."""

from __future__ import annotations

import json
from datetime import datetime

from ...domain.audit import AuditEntry
from ...domain.common import Page
from ...domain.consultations import Task
from ...domain.errors import NotFound
from ...domain.feed import FeedEntry
from ...domain.ports import TimelineRepository
from ...domain.timeline import ClientTimelineItem, ReadReceipt, StaffTimelineItem, TimelineItem, UpdateKind
from .audit import audit_put
from .feed import NO_READERS, FeedChange, FeedWrites, Readers, readers_of, shard_of
from .items import (
    MOST_OPERATIONS,
    STALE,
    ConditionFailed,
    Filter,
    Item,
    delete,
    document,
    get,
    item_key,
    load,
    load_each,
    put,
    put_new,
    query,
    string,
    try_transact,
    update,
    update_document,
)
from .tasks import open_copy, open_task_key

# The sort key of a matter's marker in its timeline partition: "~" sorts after every
# "T#..." item, so a newest-first query meets it first and knows the matter exists.
MARKER = "~"


def _matter_partition(firm_id: str, matter_id: str) -> str:
    return f"FIRM#{firm_id}#MATTER#{matter_id}"


def marker_key(firm_id: str, matter_id: str) -> Item:
    """The marker a new matter writes in its timeline partition (see DynamoMatterRepository.create)."""
    return item_key(_matter_partition(firm_id, matter_id), MARKER)


def _public_partition(firm_id: str, matter_id: str) -> str:
    return f"FIRM#{firm_id}#MATTER#{matter_id}#PUBLIC"


class DynamoTimelineRepository:
    def __init__(self, updates: str, audit: str, matters: str, tasks: str) -> None:
        self.table = updates
        self.audit = audit
        self.matters = matters
        # F20: the consultations table, where each staff member's open tasks are (tasks.py).
        self.tasks = tasks
        self.feeds = FeedWrites(updates)

    def get(self, firm_id: str, matter_id: str, item_id: str) -> TimelineItem | None:
        return load(TimelineItem, get(self.table, _matter_partition(firm_id, matter_id), f"T#{item_id}"))

    def page(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[StaffTimelineItem]:
        partition = _matter_partition(firm_id, matter_id)
        # The first page also reads the matter's marker, which comes first.
        items, next_cursor = query(
            self.table, partition, "", cursor, limit if cursor else limit + 1, newest_first=True, cursor_prefix="T#"
        )
        if not cursor:
            if not items or items[0]["sk"]["S"] != MARKER:
                raise NotFound("Matter not found.")
            items = items[1:]
        return Page(items=[_staff_item(i) for i in items], next_cursor=next_cursor)

    def client_page(
        self, firm_id: str, matter_id: str, kinds: set[UpdateKind], cursor: str | None, limit: int
    ) -> Page[ClientTimelineItem]:
        where = (
            Filter.one_of("kind", [string(kind.value) for kind in sorted(kinds)]) if set(UpdateKind) - kinds else None
        )
        items, next_cursor = query(
            self.table,
            _public_partition(firm_id, matter_id),
            "",
            cursor,
            limit,
            newest_first=True,
            cursor_prefix="T#",
            where=where,
        )
        return Page(items=load_each(ClientTimelineItem, items), next_cursor=next_cursor)

    def client_item(self, firm_id: str, matter_id: str, item_id: str) -> ClientTimelineItem | None:
        return load(ClientTimelineItem, get(self.table, _public_partition(firm_id, matter_id), f"T#{item_id}"))

    def add(self, item: TimelineItem, audit: AuditEntry | None) -> None:
        own = self._writes(item, new=True) + ([audit_put(self.audit, audit)] if audit else [])
        readers = self._readers(item.firm_id, item.matter_id) if item.published else NO_READERS
        own += self._open_task(item, None, readers)
        self.feeds.write(own, item.firm_id, _shown(item, readers), "This update exists already.")

    def add_court_movements(self, items: list[TimelineItem]) -> list[bool]:
        stored = {item.id: True for item in items}
        # The same movement twice in the list: its first place is the one written.
        firsts: dict[str, TimelineItem] = {}
        for item in items:
            firsts.setdefault(item.id, item)
        readers = {m: self._readers(i.firm_id, m) for m, i in {i.matter_id: i for i in firsts.values()}.items()}
        pending = list(firsts.values())
        while pending:
            group, pending = self._group(pending, readers)
            while group:
                own = [op for item in group for op in self._writes(item, new=True)]
                changes = [c for item in group if item.published for c in _shown(item, readers[item.matter_id])]
                positions = try_transact(own + self.feeds.operations(group[0].firm_id, changes))
                if not positions:
                    break
                # Which puts met an item already there: those are movements sent before. A
                # failed condition of the feeds only means a feed changed: read it again.
                duplicates = {own[i]["Put"]["Item"]["sk"]["S"].removeprefix("T#") for i in positions if i < len(own)}
                for item_id in duplicates:
                    stored[item_id] = False
                group = [item for item in group if item.id not in duplicates]
        # The same movement twice in the list is written once: only its first place is new.
        first = {item.id: position for position, item in reversed(list(enumerate(items)))}
        return [stored[item.id] and first[item.id] == position for position, item in enumerate(items)]

    def _group(
        self, pending: list[TimelineItem], readers: dict[str, Readers]
    ) -> tuple[list[TimelineItem], list[TimelineItem]]:
        """As many movements as one transaction holds, with their feed entries and counts:
        each item is two writes and one per client of its matter; each client's counts one
        per shard of her summary they touch."""
        group: list[TimelineItem] = []
        writes, counts = 0, set[tuple[str, int]]()
        for item in pending:
            shown_to = readers[item.matter_id].clients if item.published else []
            touched = counts | {(c, shard_of(item.matter_id)) for c in shown_to}
            if group and (len(group) == _MOST_MOVEMENTS or writes + 2 + len(shown_to) + len(touched) > MOST_OPERATIONS):
                break
            group.append(item)
            writes, counts = writes + 2 + len(shown_to), touched
        return group, pending[len(group) :]

    def save(self, item: TimelineItem, previous: TimelineItem, audit: AuditEntry | None) -> None:
        partition = _matter_partition(item.firm_id, item.matter_id)
        if item.id == previous.id:
            key = item_key(partition, f"T#{item.id}")
            operations = [
                update_document(self.table, key, item, previous.version, beside={"kind": string(item.kind.value)}),
                *self._public_copy(item),
            ]
        else:  # the date changed, and the id with it; who has read it stays known
            stored = get(self.table, partition, f"T#{previous.id}") or {}
            old = delete(self.table, item_key(partition, f"T#{previous.id}"), previous_version=previous.version)
            moved = self._writes(item, new=True, receipts=stored.get("receipts", {"M": {}}))
            operations = [
                old,
                delete(self.table, item_key(_public_partition(item.firm_id, item.matter_id), f"T#{previous.id}")),
                *moved,
            ]
        if audit:
            operations.append(audit_put(self.audit, audit))
        readers = self._readers(item.firm_id, item.matter_id) if item.published or previous.published else NO_READERS
        operations += self._open_task(item, previous, readers)
        gone = (
            [FeedChange(c, previous.id, item.matter_id, None) for c in readers.clients]
            if item.id != previous.id
            else []
        )
        self.feeds.write(operations, item.firm_id, gone + _shown(item, readers), STALE)

    def delete(self, item: TimelineItem, audit: AuditEntry) -> None:
        own = [
            delete(self.table, item_key(_matter_partition(item.firm_id, item.matter_id), f"T#{item.id}")),
            delete(self.table, item_key(_public_partition(item.firm_id, item.matter_id), f"T#{item.id}")),
            audit_put(self.audit, audit),
        ]
        readers = self._readers(item.firm_id, item.matter_id) if item.published else NO_READERS
        changes = [FeedChange(c, item.id, item.matter_id, None) for c in readers.clients]
        self.feeds.write(own + self._open_task(None, item, readers), item.firm_id, changes, STALE)

    def _open_task(self, item: TimelineItem | None, previous: TimelineItem | None, readers: Readers) -> list[Item]:
        """F20: the task's copy in its assignee's open tasks, as the item is now (with the
        matter's title), moved or removed as it was."""
        some = item or previous
        assert some is not None
        title = readers.matter_title
        if item is not None and title is None and Task.of_timeline(item, None) is not None:
            title = self._readers(item.firm_id, item.matter_id).matter_title
        new = Task.of_timeline(item, title) if item else None
        old = Task.of_timeline(previous, None) if previous else None
        operations: list[Item] = []
        new_copy = open_copy(new) if new else None
        if old is not None:
            old_key = open_task_key(old.firm_id, old.assignee.id, old.due_key(), old.id)
            if new_copy is None or (new_copy["pk"], new_copy["sk"]) != (old_key["pk"], old_key["sk"]):
                operations.append(delete(self.tasks, old_key))
        if new_copy is not None:
            operations.append(put(self.tasks, new_copy))
        return operations

    def _readers(self, firm_id: str, matter_id: str) -> Readers:
        """The clients the matter is published to, whose feeds show its published updates."""
        return readers_of(self.matters, firm_id, matter_id)

    def record_receipt(self, firm_id: str, matter_id: str, item_id: str, client_id: str, at: datetime) -> None:
        try:
            update(
                self.table,
                item_key(_matter_partition(firm_id, matter_id), f"T#{item_id}"),
                "SET receipts.#client = if_not_exists(receipts.#client, :at)",
                condition="attribute_exists(pk)",
                names={"#client": client_id},
                values={":at": string(at.isoformat())},
            )
        except ConditionFailed:
            raise NotFound("Update not found.") from None

    def _writes(self, item: TimelineItem, new: bool, receipts: Item | None = None) -> list[Item]:
        main = document(
            _matter_partition(item.firm_id, item.matter_id),
            f"T#{item.id}",
            item,
            kind=string(item.kind.value),
            receipts=receipts or {"M": {}},
        )
        return [put_new(self.table, main) if new else put(self.table, main), *self._public_copy(item)]

    def _public_copy(self, item: TimelineItem) -> list[Item]:
        key = item_key(_public_partition(item.firm_id, item.matter_id), f"T#{item.id}")
        if not item.published:
            return [delete(self.table, key)]
        return [
            put(
                self.table, {**key, "doc": string(item.for_client().model_dump_json()), "kind": string(item.kind.value)}
            )
        ]


# Court movements per transaction at most, as before the feeds: a bigger transaction is no
# faster, and a duplicate in it (found by its failed condition) makes it be sent again.
_MOST_MOVEMENTS = 25


def _shown(item: TimelineItem, readers: Readers) -> list[FeedChange]:
    """What each reader's feed holds of the item: its client copy while published."""
    entry = FeedEntry.of_update(item.for_client(), readers.matter_title) if item.published else None
    return [FeedChange(client_id, item.id, item.matter_id, entry) for client_id in readers.clients]


def _staff_item(item: Item) -> StaffTimelineItem:
    receipts = [
        ReadReceipt(client_id=c, read_at=v["S"]) for c, v in sorted(item.get("receipts", {}).get("M", {}).items())
    ]
    return StaffTimelineItem.model_validate({**json.loads(item["doc"]["S"]), "read_by": receipts})


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_timeline_repository: type[TimelineRepository] = DynamoTimelineRepository
