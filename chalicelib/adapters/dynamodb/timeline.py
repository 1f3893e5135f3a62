"""The timeline of a matter in the updates table: each item (the staff's view, with its
kind and read receipts), its published copy (what clients see) and the matter's marker."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ...domain.audit import AuditEntry
from ...domain.common import Page, decode_cursor, encode_cursor
from ...domain.errors import NotFound
from ...domain.timeline import ClientTimelineItem, ReadReceipt, StaffTimelineItem, TimelineItem, UpdateKind
from .. import aws
from .audit import audit_put
from .items import Item, delete, document, get, item_key, load, put, put_new, string, transact, update_document

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
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": string(partition)},
            "ScanIndexForward": False,
            # The first page also reads the matter's marker, which comes first.
            "Limit": limit if cursor else limit + 1,
        }
        if cursor:
            request["ExclusiveStartKey"] = item_key(partition, decode_cursor(cursor, "T#"))
        response = aws.client("dynamodb").query(**request)
        items = response.get("Items", [])
        if not cursor:
            if not items or items[0]["sk"]["S"] != MARKER:
                raise NotFound("Matter not found.")
            items = items[1:]
        last = response.get("LastEvaluatedKey")
        return Page(items=[_staff_item(i) for i in items], next_cursor=encode_cursor(last["sk"]["S"]) if last else None)

    def client_page(self, firm_id: str, matter_id: str, kinds: set[UpdateKind], cursor: str | None, limit: int) -> Page[ClientTimelineItem]:
        partition = _public_partition(firm_id, matter_id)
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": string(partition)},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if set(UpdateKind) - kinds:
            names = {f":k{i}": string(kind.value) for i, kind in enumerate(sorted(kinds))}
            request["FilterExpression"] = f"#kind IN ({', '.join(names)})" if names else "attribute_not_exists(pk)"
            request["ExpressionAttributeNames"] = {"#kind": "kind"}
            request["ExpressionAttributeValues"].update(names)
        if cursor:
            request["ExclusiveStartKey"] = item_key(partition, decode_cursor(cursor, "T#"))
        response = aws.client("dynamodb").query(**request)
        last = response.get("LastEvaluatedKey")
        items = [ClientTimelineItem.model_validate_json(i["doc"]["S"]) for i in response.get("Items", [])]
        return Page(items=items, next_cursor=encode_cursor(last["sk"]["S"]) if last else None)

    def client_item(self, firm_id: str, matter_id: str, item_id: str) -> ClientTimelineItem | None:
        return load(ClientTimelineItem, get(self.table, _public_partition(firm_id, matter_id), f"T#{item_id}"))

    def add(self, item: TimelineItem, audit: AuditEntry | None) -> None:
        transact(self._writes(item, new=True) + ([audit_put(self.audit, audit)] if audit else []), conflict="This update exists already.")

    def add_court_movements(self, items: list[TimelineItem]) -> list[bool]:
        from botocore.exceptions import ClientError

        stored = {item.id: True for item in items}
        pending = list({item.id: item for item in items}.values())
        while pending:
            group, pending = pending[:25], pending[25:]
            while group:
                operations = [op for item in group for op in self._writes(item, new=True)]
                try:
                    aws.client("dynamodb").transact_write_items(TransactItems=operations)
                    break
                except ClientError as error:
                    if error.response.get("Error", {}).get("Code") != "TransactionCanceledException":
                        raise
                    reasons = error.response.get("CancellationReasons", [])
                    # Which puts met an item already there: those are movements sent before.
                    positions = [i for i, r in enumerate(reasons) if r.get("Code") == "ConditionalCheckFailed"]
                    if not positions:
                        raise
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
            operations = [update_document(self.table, item_key(partition, f"T#{item.id}"), item, previous.version)]
            operations[0]["Update"]["UpdateExpression"] += ", #kind = :kind"
            operations[0]["Update"]["ExpressionAttributeNames"]["#kind"] = "kind"
            operations[0]["Update"]["ExpressionAttributeValues"][":kind"] = string(item.kind.value)
            operations += self._public_copy(item)
        else:  # the date changed, and the id with it; who has read it stays known
            stored = get(self.table, partition, f"T#{previous.id}") or {}
            old = delete(self.table, item_key(partition, f"T#{previous.id}"))
            old["Delete"].update(
                ConditionExpression="#v = :previous", ExpressionAttributeNames={"#v": "version"}, ExpressionAttributeValues={":previous": {"N": str(previous.version)}}
            )
            moved = self._writes(item, new=True, receipts=stored.get("receipts", {"M": {}}))
            operations = [old, delete(self.table, item_key(_public_partition(item.firm_id, item.matter_id), f"T#{previous.id}")), *moved]
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
        from botocore.exceptions import ClientError

        try:
            aws.client("dynamodb").update_item(
                TableName=self.table,
                Key=item_key(_matter_partition(firm_id, matter_id), f"T#{item_id}"),
                UpdateExpression="SET receipts.#client = if_not_exists(receipts.#client, :at)",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#client": client_id},
                ExpressionAttributeValues={":at": string(at.isoformat())},
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            raise NotFound("Update not found.") from None

    def _writes(self, item: TimelineItem, new: bool, receipts: Item | None = None) -> list[Item]:
        main = document(_matter_partition(item.firm_id, item.matter_id), f"T#{item.id}", item, kind=string(item.kind.value), receipts=receipts or {"M": {}})
        return [put_new(self.table, main) if new else put(self.table, main), *self._public_copy(item)]

    def _public_copy(self, item: TimelineItem) -> list[Item]:
        key = item_key(_public_partition(item.firm_id, item.matter_id), f"T#{item.id}")
        if not item.published:
            return [delete(self.table, key)]
        return [put(self.table, {**key, "doc": string(item.for_client().model_dump_json()), "kind": string(item.kind.value)})]


def _staff_item(item: Item) -> StaffTimelineItem:
    receipts = [ReadReceipt(client_id=c, read_at=v["S"]) for c, v in sorted(item.get("receipts", {}).get("M", {}).items())]
    return StaffTimelineItem.model_validate({**json.loads(item["doc"]["S"]), "read_by": receipts})
