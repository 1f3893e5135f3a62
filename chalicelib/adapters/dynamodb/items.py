"""The item plumbing every DynamoDB repository shares; the repositories themselves are
one module per area beside this one. The item layout is in docs/DATA_MODEL.md.

Every key starts with the firm id (but the slug and rate-limit keys, which are looked up
before anyone is signed in); every read is a GetItem or a Query on keys.

Entities are stored whole as a JSON document (`doc`) beside the keys and a `version`
number that conditional writes check, so a stale edit fails instead of overwriting.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from ...domain.common import decode_cursor, encode_cursor
from ...domain.errors import Conflict
from .. import aws

M = TypeVar("M", bound=BaseModel)
Item = dict[str, Any]

STALE = "This record was changed by someone else. Reload and try again."


# --- attribute values and keys ------------------------------------------------------------


def string(value: str) -> dict[str, str]:
    return {"S": value}


def number(value: int) -> dict[str, str]:
    return {"N": str(value)}


def item_key(pk: str, sk: str) -> Item:
    return {"pk": string(pk), "sk": string(sk)}


def firm_pk(firm_id: str) -> str:
    return f"FIRM#{firm_id}"


# --- documents ------------------------------------------------------------------------------


def document(pk: str, sk: str, model: BaseModel, **extra: Any) -> Item:
    item = {**item_key(pk, sk), "doc": string(model.model_dump_json())}
    version = getattr(model, "version", None)
    if version is not None:
        item["version"] = number(version)
    item.update(extra)
    return item


def load(model: type[M], item: Item | None) -> M | None:
    return None if item is None else model.model_validate_json(item["doc"]["S"])


# --- writes: the operations of a transaction --------------------------------------------------


def put(table: str, item: Item, condition: str | None = None, values: Item | None = None) -> Item:
    op: Item = {"TableName": table, "Item": item}
    if condition:
        op["ConditionExpression"] = condition
        if "#v" in condition:
            op["ExpressionAttributeNames"] = {"#v": "version"}
        if values:
            op["ExpressionAttributeValues"] = values
    return {"Put": op}


def put_new(table: str, item: Item) -> Item:
    return put(table, item, "attribute_not_exists(pk)")


def put_versioned(table: str, item: Item, previous_version: int) -> Item:
    """Write only over the version the caller read: a concurrent edit makes it fail."""
    return put(table, item, "#v = :v", {":v": number(previous_version)})


def update_document(table: str, key: Item, model: BaseModel, previous_version: int, exclude: set[str] | None = None) -> Item:
    """Replace the document and version only, over the version the caller read; attributes
    kept beside the document (an access's published matters, an update's read receipts)
    are left as they are."""
    return {
        "Update": {
            "TableName": table,
            "Key": key,
            "UpdateExpression": "SET doc = :doc, #v = :v",
            "ConditionExpression": "#v = :previous",
            "ExpressionAttributeNames": {"#v": "version"},
            "ExpressionAttributeValues": {
                ":doc": string(model.model_dump_json(exclude=exclude)),
                ":v": number(model.version),
                ":previous": number(previous_version),
            },
        }
    }


def put_existing(table: str, item: Item) -> Item:
    return put(table, item, "attribute_exists(pk)")


def delete(table: str, key: Item) -> Item:
    return {"Delete": {"TableName": table, "Key": key}}


def error_code(error: Exception) -> str:
    return getattr(error, "response", {}).get("Error", {}).get("Code", "")


def transact(operations: list[Item], conflict: str = STALE) -> None:
    """All or nothing; a failed condition becomes Conflict and nothing is written."""
    from botocore.exceptions import ClientError

    try:
        if len(operations) == 1:
            # One write needs no transaction: the matching single call is cheaper.
            (kind, request), = operations[0].items()
            single = {"Put": "put_item", "Update": "update_item", "Delete": "delete_item", "ConditionCheck": None}[kind]
            if single:
                getattr(aws.client("dynamodb"), single)(**request)
                return
        aws.client("dynamodb").transact_write_items(TransactItems=operations)
    except ClientError as error:
        code = error_code(error)
        if code == "ConditionalCheckFailedException":
            raise Conflict(conflict, code="conflict") from None
        if code == "TransactionCanceledException":
            reasons = error.response.get("CancellationReasons", [])
            if any(r.get("Code") == "ConditionalCheckFailed" for r in reasons) or not reasons:
                raise Conflict(conflict, code="conflict") from None
        raise


# --- reads ----------------------------------------------------------------------------------


def get(table: str, pk: str, sk: str) -> Item | None:
    return aws.client("dynamodb").get_item(TableName=table, Key=item_key(pk, sk), ConsistentRead=True).get("Item")


def query(table: str, pk: str, prefix: str, cursor: str | None, limit: int, newest_first: bool = False) -> tuple[list[Item], str | None]:
    """One Query on a partition and a sort-key prefix; the cursor continues where it stopped."""
    request: Item = {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": string(pk)},
        "Limit": limit,
        "ScanIndexForward": not newest_first,
    }
    if prefix:
        request["KeyConditionExpression"] += " AND begins_with(sk, :prefix)"
        request["ExpressionAttributeValues"][":prefix"] = string(prefix)
    if cursor:
        request["ExclusiveStartKey"] = item_key(pk, decode_cursor(cursor, prefix))
    response = aws.client("dynamodb").query(**request)
    last = response.get("LastEvaluatedKey")
    return response.get("Items", []), encode_cursor(last["sk"]["S"]) if last else None


def query_all(table: str, pk: str, prefix: str) -> list[Item]:
    items: list[Item] = []
    cursor = None
    while True:
        page, cursor = query(table, pk, prefix, cursor, 1000)
        items.extend(page)
        if not cursor:
            return items
