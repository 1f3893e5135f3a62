"""DynamoDB repositories of matters (matters table), the timeline and ingestion batches
(updates table) and API keys (directory table). Layout in docs/DATA_MODEL.md."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..domain.audit import AuditEntry
from ..domain.common import Page
from ..domain.errors import NotFound
from ..domain.integration import ApiKey, ChunkResult, IngestionBatch
from ..domain.matters import ClientMatterView, Matter, MatterListQuery, MatterSummary
from ..domain.ports import PortalChanges
from ..domain.timeline import ClientTimelineItem, ReadReceipt, StaffTimelineItem, TimelineItem, UpdateKind
from . import aws
from .dynamodb import (
    Item,
    _key,
    _s,
    audit_put,
    decode_cursor,
    delete,
    document,
    encode_cursor,
    firm_pk,
    get,
    load,
    portal_view_key,
    put,
    put_new,
    query,
    transact,
    update_document,
)

# The sort key of a matter's marker in its timeline partition: "~" sorts after every
# "T#..." item, so a newest-first query meets it first and knows the matter exists.
MARKER = "~"


def _matter_partition(firm_id: str, matter_id: str) -> str:
    return f"FIRM#{firm_id}#MATTER#{matter_id}"


def _public_partition(firm_id: str, matter_id: str) -> str:
    return f"FIRM#{firm_id}#MATTER#{matter_id}#PUBLIC"


def _portal_partition(firm_id: str, client_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENT#{client_id}#PORTAL"


def _involved_partition(firm_id: str, client_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENT#{client_id}#MATTERS"


def _listing_key(matter: Matter) -> str:
    return f"{matter.created_at.isoformat()}#{matter.id}"


class DynamoMatterRepository:
    def __init__(self, matters: str, updates: str, directory: str, audit: str) -> None:
        self.table = matters
        self.updates = updates
        self.directory = directory
        self.audit = audit

    def get(self, firm_id: str, matter_id: str) -> Matter | None:
        return _matter(get(self.table, firm_pk(firm_id), f"MATTER#{matter_id}"))

    def get_many(self, firm_id: str, matter_ids: list[str]) -> list[Matter]:
        found: list[Matter] = []
        unique = sorted(set(matter_ids))
        for start in range(0, len(unique), 100):
            keys = [_key(firm_pk(firm_id), f"MATTER#{m}") for m in unique[start : start + 100]]
            request: dict[str, Any] = {self.table: {"Keys": keys, "ConsistentRead": True}}
            while request:
                response = aws.client("dynamodb").batch_get_item(RequestItems=request)
                found += [m for m in (_matter(i) for i in response["Responses"].get(self.table, [])) if m]
                request = response.get("UnprocessedKeys") or {}
        return found

    def by_number(self, firm_id: str, number_key: str) -> Matter | None:
        pointer = get(self.table, firm_pk(firm_id), f"NUMBER#{number_key}")
        return self.get(firm_id, pointer["matter_id"]["S"]) if pointer else None

    def list(self, firm_id: str, query_: MatterListQuery, cursor: str | None, limit: int) -> Page[MatterSummary]:
        partition = _involved_partition(firm_id, query_.client_id) if query_.client_id else f"FIRM#{firm_id}#MATTERS"
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": _s(partition)},
            "Limit": limit,
            "ScanIndexForward": False,
        }
        filters, names = [], {}
        if query_.status:
            filters.append("#status = :status")
            names["#status"] = "status"
            request["ExpressionAttributeValues"][":status"] = _s(query_.status.value)
        if query_.public is not None:
            filters.append("#public = :public")
            names["#public"] = "public"
            request["ExpressionAttributeValues"][":public"] = {"BOOL": query_.public}
        if filters:
            request["FilterExpression"] = " AND ".join(filters)
            request["ExpressionAttributeNames"] = names
        if cursor:
            request["ExclusiveStartKey"] = _key(partition, decode_cursor(cursor, ""))
        response = aws.client("dynamodb").query(**request)
        last = response.get("LastEvaluatedKey")
        items = [MatterSummary.model_validate_json(i["doc"]["S"]) for i in response.get("Items", [])]
        return Page(items=items, next_cursor=encode_cursor(last["sk"]["S"]) if last else None)

    def create(self, matter: Matter, audit: AuditEntry | None) -> None:
        operations = [
            put_new(self.table, self._matter_item(matter)),
            put(self.updates, _key(_matter_partition(matter.firm_id, matter.id), MARKER)),
            *self._listing(matter, None),
        ]
        if matter.number_key:
            operations.append(
                put_new(
                    self.table,
                    {**_key(firm_pk(matter.firm_id), f"NUMBER#{matter.number_key}"), "matter_id": _s(matter.id)},
                )
            )
        if audit:
            operations.append(audit_put(self.audit, audit))
        transact(operations, conflict="The firm already has a matter with this number.")

    def save(self, matter: Matter, previous: Matter, portal: PortalChanges, audit: AuditEntry | None) -> None:
        key = _key(firm_pk(matter.firm_id), f"MATTER#{matter.id}")
        operations = [update_document(self.table, key, matter, previous.version, exclude={"notification_pending"})]
        operations[0]["Update"]["UpdateExpression"] += ", notify_pending = :pending"
        operations[0]["Update"]["ExpressionAttributeValues"][":pending"] = {"BOOL": matter.notification_pending}
        if matter.number_key != previous.number_key:
            if matter.number_key:
                operations.append(
                    put_new(
                        self.table,
                        {**_key(firm_pk(matter.firm_id), f"NUMBER#{matter.number_key}"), "matter_id": _s(matter.id)},
                    )
                )
            if previous.number_key:
                operations.append(delete(self.table, _key(firm_pk(matter.firm_id), f"NUMBER#{previous.number_key}")))
        operations += self._listing(matter, previous)
        for client_id, view in portal.views.items():
            portal_key = portal_view_key(matter.firm_id, client_id, matter.id)
            if view is None:
                operations.append(delete(self.table, portal_key))
            else:
                operations.append(put(self.table, {**portal_key, "doc": _s(view.model_dump_json())}))
        if audit:
            operations.append(audit_put(self.audit, audit))
        transact(
            operations,
            conflict="This matter was changed by someone else, or its number is taken. Reload and try again.",
        )

    def set_notification_pending(self, firm_id: str, matter_id: str, pending: bool) -> None:
        aws.client("dynamodb").update_item(
            TableName=self.table,
            Key=_key(firm_pk(firm_id), f"MATTER#{matter_id}"),
            UpdateExpression="SET notify_pending = :pending",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues={":pending": {"BOOL": pending}},
        )

    def client_views(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[ClientMatterView]:
        items, next_cursor = query(self.table, _portal_partition(firm_id, client_id), "MATTER#", cursor, limit)
        return Page(items=[ClientMatterView.model_validate_json(i["doc"]["S"]) for i in items], next_cursor=next_cursor)

    def client_view(self, firm_id: str, client_id: str, matter_id: str) -> ClientMatterView | None:
        key = portal_view_key(firm_id, client_id, matter_id)
        return load(ClientMatterView, get(self.table, key["pk"]["S"], key["sk"]["S"]))

    def client_views_of(self, firm_id: str, client_id: str, matter_ids: list[str]) -> list[ClientMatterView]:
        keys = [portal_view_key(firm_id, client_id, m) for m in sorted(set(matter_ids))]
        views: list[ClientMatterView] = []
        for start in range(0, len(keys), 100):
            request: dict[str, Any] = {self.table: {"Keys": keys[start : start + 100], "ConsistentRead": True}}
            while request:
                response = aws.client("dynamodb").batch_get_item(RequestItems=request)
                views += [
                    ClientMatterView.model_validate_json(i["doc"]["S"])
                    for i in response["Responses"].get(self.table, [])
                ]
                request = response.get("UnprocessedKeys") or {}
        return views

    def _matter_item(self, matter: Matter) -> Item:
        return {
            **_key(firm_pk(matter.firm_id), f"MATTER#{matter.id}"),
            "doc": _s(matter.model_dump_json(exclude={"notification_pending"})),
            "version": {"N": str(matter.version)},
            "notify_pending": {"BOOL": matter.notification_pending},
        }

    def _listing(self, matter: Matter, previous: Matter | None) -> list[Item]:
        """The matter's summary in the firm's list and in each involved client's list."""
        summary = matter.summary()
        attributes = {"status": _s(matter.status.value), "public": {"BOOL": matter.public}}
        sort_key = _listing_key(matter)
        operations = [put(self.table, document(f"FIRM#{matter.firm_id}#MATTERS", sort_key, summary, **attributes))]
        operations += [
            put(self.table, document(_involved_partition(matter.firm_id, c), sort_key, summary, **attributes))
            for c in matter.involved_client_ids
        ]
        gone = set(previous.involved_client_ids if previous else []) - set(matter.involved_client_ids)
        operations += [delete(self.table, _key(_involved_partition(matter.firm_id, c), sort_key)) for c in sorted(gone)]
        return operations


def _matter(item: Item | None) -> Matter | None:
    matter = load(Matter, item)
    if matter is None or item is None:
        return None
    return matter.model_copy(update={"notification_pending": item.get("notify_pending", {}).get("BOOL", False)})


# --- the updates table: timeline items and ingestion batches ------------------------------


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
            "ExpressionAttributeValues": {":pk": _s(partition)},
            "ScanIndexForward": False,
            # The first page also reads the matter's marker, which comes first.
            "Limit": limit if cursor else limit + 1,
        }
        if cursor:
            request["ExclusiveStartKey"] = _key(partition, decode_cursor(cursor, "T#"))
        response = aws.client("dynamodb").query(**request)
        items = response.get("Items", [])
        if not cursor:
            if not items or items[0]["sk"]["S"] != MARKER:
                raise NotFound("Matter not found.")
            items = items[1:]
        last = response.get("LastEvaluatedKey")
        return Page(items=[_staff_item(i) for i in items], next_cursor=encode_cursor(last["sk"]["S"]) if last else None)

    def client_page(
        self, firm_id: str, matter_id: str, kinds: set[UpdateKind], cursor: str | None, limit: int
    ) -> Page[ClientTimelineItem]:
        partition = _public_partition(firm_id, matter_id)
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": _s(partition)},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if set(UpdateKind) - kinds:
            names = {f":k{i}": _s(kind.value) for i, kind in enumerate(sorted(kinds))}
            request["FilterExpression"] = f"#kind IN ({', '.join(names)})" if names else "attribute_not_exists(pk)"
            request["ExpressionAttributeNames"] = {"#kind": "kind"}
            request["ExpressionAttributeValues"].update(names)
        if cursor:
            request["ExclusiveStartKey"] = _key(partition, decode_cursor(cursor, "T#"))
        response = aws.client("dynamodb").query(**request)
        last = response.get("LastEvaluatedKey")
        items = [ClientTimelineItem.model_validate_json(i["doc"]["S"]) for i in response.get("Items", [])]
        return Page(items=items, next_cursor=encode_cursor(last["sk"]["S"]) if last else None)

    def client_item(self, firm_id: str, matter_id: str, item_id: str) -> ClientTimelineItem | None:
        return load(ClientTimelineItem, get(self.table, _public_partition(firm_id, matter_id), f"T#{item_id}"))

    def add(self, item: TimelineItem, audit: AuditEntry | None) -> None:
        transact(
            self._writes(item, new=True) + ([audit_put(self.audit, audit)] if audit else []),
            conflict="This update exists already.",
        )

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
            operations = [update_document(self.table, _key(partition, f"T#{item.id}"), item, previous.version)]
            operations[0]["Update"]["UpdateExpression"] += ", #kind = :kind"
            operations[0]["Update"]["ExpressionAttributeNames"]["#kind"] = "kind"
            operations[0]["Update"]["ExpressionAttributeValues"][":kind"] = _s(item.kind.value)
            operations += self._public_copy(item)
        else:  # the date changed, and the id with it; who has read it stays known
            stored = get(self.table, partition, f"T#{previous.id}") or {}
            old = delete(self.table, _key(partition, f"T#{previous.id}"))
            old["Delete"].update(
                ConditionExpression="#v = :previous",
                ExpressionAttributeNames={"#v": "version"},
                ExpressionAttributeValues={":previous": {"N": str(previous.version)}},
            )
            moved = self._writes(item, new=True, receipts=stored.get("receipts", {"M": {}}))
            operations = [
                old,
                delete(self.table, _key(_public_partition(item.firm_id, item.matter_id), f"T#{previous.id}")),
                *moved,
            ]
        if audit:
            operations.append(audit_put(self.audit, audit))
        transact(operations)

    def delete(self, item: TimelineItem, audit: AuditEntry) -> None:
        transact(
            [
                delete(self.table, _key(_matter_partition(item.firm_id, item.matter_id), f"T#{item.id}")),
                delete(self.table, _key(_public_partition(item.firm_id, item.matter_id), f"T#{item.id}")),
                audit_put(self.audit, audit),
            ]
        )

    def record_receipt(self, firm_id: str, matter_id: str, item_id: str, client_id: str, at: datetime) -> None:
        from botocore.exceptions import ClientError

        try:
            aws.client("dynamodb").update_item(
                TableName=self.table,
                Key=_key(_matter_partition(firm_id, matter_id), f"T#{item_id}"),
                UpdateExpression="SET receipts.#client = if_not_exists(receipts.#client, :at)",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#client": client_id},
                ExpressionAttributeValues={":at": _s(at.isoformat())},
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            raise NotFound("Update not found.") from None

    def _writes(self, item: TimelineItem, new: bool, receipts: Item | None = None) -> list[Item]:
        main = document(
            _matter_partition(item.firm_id, item.matter_id),
            f"T#{item.id}",
            item,
            kind=_s(item.kind.value),
            receipts=receipts or {"M": {}},
        )
        return [put_new(self.table, main) if new else put(self.table, main), *self._public_copy(item)]

    def _public_copy(self, item: TimelineItem) -> list[Item]:
        key = _key(_public_partition(item.firm_id, item.matter_id), f"T#{item.id}")
        if not item.published:
            return [delete(self.table, key)]
        return [put(self.table, {**key, "doc": _s(item.for_client().model_dump_json()), "kind": _s(item.kind.value)})]


def _staff_item(item: Item) -> StaffTimelineItem:
    receipts = [
        ReadReceipt(client_id=c, read_at=v["S"]) for c, v in sorted(item.get("receipts", {}).get("M", {}).items())
    ]
    return StaffTimelineItem.model_validate({**json.loads(item["doc"]["S"]), "read_by": receipts})


class DynamoIngestionRepository:
    def __init__(self, updates: str) -> None:
        self.table = updates

    def create(self, batch: IngestionBatch) -> None:
        item = document(f"FIRM#{batch.firm_id}#BATCH#{batch.id}", "BATCH", batch, results={"M": {}})
        transact([put_new(self.table, item)])

    def get(self, firm_id: str, batch_id: str) -> IngestionBatch | None:
        item = get(self.table, f"FIRM#{firm_id}#BATCH#{batch_id}", "BATCH")
        batch = load(IngestionBatch, item)
        if batch is None or item is None:
            return None
        results = {k: ChunkResult.model_validate_json(v["S"]) for k, v in item.get("results", {}).get("M", {}).items()}
        return batch.model_copy(update={"results": results})

    def record_chunk(self, firm_id: str, batch_id: str, chunk: int, result: ChunkResult) -> None:
        aws.client("dynamodb").update_item(
            TableName=self.table,
            Key=_key(f"FIRM#{firm_id}#BATCH#{batch_id}", "BATCH"),
            # The first result stays: a message delivered again finds its movements stored
            # already and would report them as duplicates.
            UpdateExpression="SET results.#chunk = if_not_exists(results.#chunk, :result)",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={"#chunk": str(chunk)},
            ExpressionAttributeValues={":result": _s(result.model_dump_json())},
        )


# --- API keys, in the directory table ------------------------------------------------------


class DynamoApiKeyRepository:
    def __init__(self, directory: str, audit: str) -> None:
        self.directory = directory
        self.audit = audit

    def get(self, firm_id: str, key_id: str) -> ApiKey | None:
        return load(ApiKey, get(self.directory, firm_pk(firm_id), f"APIKEY#{key_id}"))

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[ApiKey]:
        items, next_cursor = query(self.directory, firm_pk(firm_id), "APIKEY#", cursor, limit)
        return Page(items=[ApiKey.model_validate_json(i["doc"]["S"]) for i in items], next_cursor=next_cursor)

    def create(self, key: ApiKey, audit: AuditEntry) -> None:
        transact(
            [
                put_new(self.directory, document(firm_pk(key.firm_id), f"APIKEY#{key.id}", key)),
                audit_put(self.audit, audit),
            ]
        )

    def save(self, key: ApiKey, audit: AuditEntry) -> None:
        transact(
            [put(self.directory, document(firm_pk(key.firm_id), f"APIKEY#{key.id}", key)), audit_put(self.audit, audit)]
        )
