"""The timeline of a matter in the updates table: each item (the staff's view, with its
kind and read receipts), its published copy (what clients see) and the matter's marker."""

from __future__ import annotations

import json
from datetime import datetime

from ...domain.audit import AuditEntry
from ...domain.common import Page
from ...domain.errors import NotFound
from ...domain.ports import TimelineRepository
from ...domain.timeline import ClientTimelineItem, ReadReceipt, StaffTimelineItem, TimelineItem, UpdateKind
from .audit import audit_put
from .items import (
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
    transact,
    try_transact,
    update,
    update_document,
)

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
    def __init__(self, updates: str, audit: str) -> None:
        self.table = updates
        self.audit = audit

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
        transact(
            self._writes(item, new=True) + ([audit_put(self.audit, audit)] if audit else []),
            conflict="This update exists already.",
        )

    def add_court_movements(self, items: list[TimelineItem]) -> list[bool]:
        stored = {item.id: True for item in items}
        # The same movement twice in the list: its first place is the one written.
        firsts: dict[str, TimelineItem] = {}
        for item in items:
            firsts.setdefault(item.id, item)
        pending = list(firsts.values())
        while pending:
            group, pending = pending[:25], pending[25:]
            while group:
                operations = [op for item in group for op in self._writes(item, new=True)]
                # Which puts met an item already there: those are movements sent before.
                positions = try_transact(operations)
                if not positions:
                    break
                duplicates = {operations[i]["Put"]["Item"]["sk"]["S"].removeprefix("T#") for i in positions}
                for item_id in duplicates:
                    stored[item_id] = False
                group = [item for item in group if item.id not in duplicates]
        # The same movement twice in the list is written once: only its first place is new.
        first = {item.id: position for position, item in reversed(list(enumerate(items)))}
        return [stored[item.id] and first[item.id] == position for position, item in enumerate(items)]

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
        transact(operations)

    def delete(self, item: TimelineItem, audit: AuditEntry) -> None:
        transact(
            [
                delete(self.table, item_key(_matter_partition(item.firm_id, item.matter_id), f"T#{item.id}")),
                delete(self.table, item_key(_public_partition(item.firm_id, item.matter_id), f"T#{item.id}")),
                audit_put(self.audit, audit),
            ]
        )

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


def _staff_item(item: Item) -> StaffTimelineItem:
    receipts = [
        ReadReceipt(client_id=c, read_at=v["S"]) for c, v in sorted(item.get("receipts", {}).get("M", {}).items())
    ]
    return StaffTimelineItem.model_validate({**json.loads(item["doc"]["S"]), "read_by": receipts})


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_timeline_repository: type[TimelineRepository] = DynamoTimelineRepository
