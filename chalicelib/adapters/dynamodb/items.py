"""The item plumbing every DynamoDB repository shares; the repositories themselves are
one module per area beside this one. The item layout is in docs/DATA_MODEL.md.

Every key starts with the firm id (but the slug and rate-limit keys, which are looked up
before anyone is signed in); every read is a GetItem, a BatchGetItem or a Query on keys.
This module is the only one that calls DynamoDB: the repositories say which items an
entity is, and build no request themselves.

Entities are stored whole as a JSON document (`doc`) beside the keys and a `version`
number that conditional writes check, so a stale edit fails instead of overwriting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from ...domain.common import decode_cursor, encode_cursor
from ...domain.errors import Conflict, InvalidInput
from .. import aws

M = TypeVar("M", bound=BaseModel)
Item = dict[str, Any]

MOST_OPERATIONS = 100  # in one transaction: DynamoDB's limit
STALE = "This record was changed by someone else. Reload and try again."


class Versioned(Protocol):
    """An entity that carries its version (what update_document writes over)."""

    @property
    def version(self) -> int: ...

    def model_dump_json(self, *, exclude: set[str] | None = None) -> str: ...


# --- attribute values and keys ------------------------------------------------------------


def string(value: str) -> dict[str, str]:
    return {"S": value}


def number(value: int) -> dict[str, str]:
    return {"N": str(value)}


def boolean(value: bool) -> dict[str, bool]:
    return {"BOOL": value}


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


def load_each(model: type[M], items: Iterable[Item]) -> list[M]:
    return [model.model_validate_json(item["doc"]["S"]) for item in items]


# --- writes: the operations of a transaction --------------------------------------------------


def put(
    table: str,
    item: Item,
    condition: str | None = None,
    values: Item | None = None,
    names: dict[str, str] | None = None,
) -> Item:
    op: Item = {"TableName": table, "Item": item}
    if condition:
        op["ConditionExpression"] = condition
        names = ({"#v": "version"} if "#v" in condition else {}) | (names or {})
        if names:
            op["ExpressionAttributeNames"] = names
        if values:
            op["ExpressionAttributeValues"] = values
    return {"Put": op}


def put_new(table: str, item: Item) -> Item:
    return put(table, item, "attribute_not_exists(pk)")


def put_versioned(table: str, item: Item, previous_version: int) -> Item:
    """Write only over the version the caller read: a concurrent edit makes it fail."""
    return put(table, item, "#v = :v", {":v": number(previous_version)})


def update_document(
    table: str,
    key: Item,
    model: Versioned,
    previous_version: int,
    exclude: set[str] | None = None,
    beside: Mapping[str, Item | None] | None = None,
    unchanged: Mapping[str, Item | None] | None = None,
) -> Item:
    """Replace the document and version, and the attributes in `beside` (a matter's
    notify_pending, an update's kind; None removes one), over the version the caller read
    and, in `unchanged`, the values it read of attributes beside the document (None: there
    was none); other attributes kept beside the document (an update's read receipts) are
    left as they are."""
    sets = ["doc = :doc", "#v = :v"]
    removes: list[str] = []
    conditions = ["#v = :previous"]
    names = {"#v": "version"}
    values: Item = {
        ":doc": string(model.model_dump_json(exclude=exclude)),
        ":v": number(model.version),
        ":previous": number(previous_version),
    }
    for position, (name, value) in enumerate((beside or {}).items()):
        names[f"#b{position}"] = name
        if value is None:
            removes.append(f"#b{position}")
        else:
            sets.append(f"#b{position} = :b{position}")
            values[f":b{position}"] = value
    for position, (name, value) in enumerate((unchanged or {}).items()):
        names[f"#u{position}"] = name
        if value is None:
            conditions.append(f"attribute_not_exists(#u{position})")
        else:
            conditions.append(f"#u{position} = :u{position}")
            values[f":u{position}"] = value
    expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
    return {
        "Update": {
            "TableName": table,
            "Key": key,
            "UpdateExpression": expression,
            "ConditionExpression": " AND ".join(conditions),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
    }


def put_existing(table: str, item: Item) -> Item:
    return put(table, item, "attribute_exists(pk)")


def delete(table: str, key: Item, previous_version: int | None = None) -> Item:
    """Remove the item; with `previous_version`, only if it is still the version the caller read."""
    op: Item = {"TableName": table, "Key": key}
    if previous_version is not None:
        op["ConditionExpression"] = "#v = :previous"
        op["ExpressionAttributeNames"] = {"#v": "version"}
        op["ExpressionAttributeValues"] = {":previous": number(previous_version)}
    return {"Delete": op}


def delete_if(table: str, key: Item, condition: str, names: dict[str, str], values: Item | None = None) -> Item:
    """Remove the item only while `condition` holds of it."""
    op: Item = {"TableName": table, "Key": key, "ConditionExpression": condition, "ExpressionAttributeNames": names}
    if values:
        op["ExpressionAttributeValues"] = values
    return {"Delete": op}


def delete_same_document(table: str, key: Item, model: BaseModel) -> Item:
    """Remove the item only while it still holds exactly this document (for entities with
    no version: the very entry the caller read)."""
    return {
        "Delete": {
            "TableName": table,
            "Key": key,
            "ConditionExpression": "#doc = :doc",
            "ExpressionAttributeNames": {"#doc": "doc"},
            "ExpressionAttributeValues": {":doc": string(model.model_dump_json())},
        }
    }


def put_over_document(table: str, item: Item, previous: BaseModel) -> Item:
    """Replace the item only while it still holds exactly the document the caller read."""
    return {
        "Put": {
            "TableName": table,
            "Item": item,
            "ConditionExpression": "#doc = :previous",
            "ExpressionAttributeNames": {"#doc": "doc"},
            "ExpressionAttributeValues": {":previous": string(previous.model_dump_json())},
        }
    }


def update_op(
    table: str,
    key: Item,
    expression: str,
    *,
    condition: str | None = None,
    names: dict[str, str] | None = None,
    values: Item | None = None,
) -> Item:
    """An UpdateItem as an operation of a transaction (counters, balances)."""
    request: Item = {"TableName": table, "Key": key, "UpdateExpression": expression}
    if condition:
        request["ConditionExpression"] = condition
    if names:
        request["ExpressionAttributeNames"] = names
    if values:
        request["ExpressionAttributeValues"] = values
    return {"Update": request}


class UpdateExpression:
    """An UpdateItem built clause by clause (SET, ADD, REMOVE) with its conditions, each
    attribute and value given a placeholder of its own: for items with one attribute per
    fact, whose names are data (a matter's id)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.values: Item = {}
        self.clauses: dict[str, list[str]] = {"SET": [], "ADD": [], "REMOVE": []}
        self.conditions: list[str] = []

    def name(self, attribute: str) -> str:
        for placeholder, known in self.names.items():
            if known == attribute:
                return placeholder
        placeholder = f"#a{len(self.names)}"
        self.names[placeholder] = attribute
        return placeholder

    def value(self, value: Item) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = value
        return placeholder

    def set(self, attribute: str, value: Item) -> None:
        self.clauses["SET"].append(f"{self.name(attribute)} = {self.value(value)}")

    def set_expression(self, attribute: str, expression: str) -> None:
        """SET the attribute to an expression of placeholders made with name() and value()."""
        self.clauses["SET"].append(f"{self.name(attribute)} = {expression}")

    def add(self, attribute: str, value: Item) -> None:
        self.clauses["ADD"].append(f"{self.name(attribute)} {self.value(value)}")

    def remove(self, *attributes: str) -> None:
        self.clauses["REMOVE"] += [self.name(a) for a in attributes if self.name(a) not in self.clauses["REMOVE"]]

    def require_equal(self, attribute: str, value: Item) -> None:
        self.conditions.append(f"{self.name(attribute)} = {self.value(value)}")

    def require_missing(self, attribute: str) -> None:
        self.conditions.append(f"attribute_not_exists({self.name(attribute)})")

    def operation(self, table: str, key: Item) -> Item | None:
        """The transaction's operation; None when there is nothing to change."""
        expression = " ".join(f"{verb} {', '.join(parts)}" for verb, parts in self.clauses.items() if parts)
        if not expression:
            return None
        return update_op(
            table,
            key,
            expression,
            condition=" AND ".join(self.conditions) or None,
            names=self.names,
            values=self.values or None,
        )


def absent(table: str, key: Item) -> Item:
    """A condition of the transaction: no item has this key."""
    return {"ConditionCheck": {"TableName": table, "Key": key, "ConditionExpression": "attribute_not_exists(pk)"}}


def error_code(error: Exception) -> str:
    code: str = getattr(error, "response", {}).get("Error", {}).get("Code", "")
    return code


def transact(operations: list[Item], conflict: str = STALE) -> None:
    """All or nothing; a failed condition becomes Conflict and nothing is written."""
    from botocore.exceptions import ClientError

    try:
        if len(operations) == 1:
            # One write needs no transaction: the matching single call is cheaper.
            ((kind, request),) = operations[0].items()
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


def transact_retrying(operations: list[Item], conflict: str = STALE, attempts: int = 5) -> None:
    """As `transact`, sent again while DynamoDB cancels it only because another transaction
    was writing the same items at that moment (TransactionConflict: nothing was written)."""
    import random
    import time

    from botocore.exceptions import ClientError

    for attempt in range(attempts):
        try:
            transact(operations, conflict)
            return
        except ClientError as error:
            reasons = error.response.get("CancellationReasons", [])
            busy = error_code(error) == "TransactionCanceledException" and any(
                r.get("Code") == "TransactionConflict" for r in reasons
            )
            if not busy or attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))


def transact_in_chunks(operations: list[Item]) -> None:
    """Writes with no condition between them (a clean-up), as many transactions as they need."""
    for start in range(0, len(operations), MOST_OPERATIONS):
        transact_retrying(operations[start : start + MOST_OPERATIONS])


def try_transact(operations: list[Item], busy_attempts: int = 1) -> list[int]:
    """One transaction, all or nothing, even of one operation. Returns [] once written, or,
    when conditions failed and nothing was written, the positions of the operations whose
    condition failed; any other failure raises. With `busy_attempts` above one, a transaction
    cancelled only because another one was writing the same items (TransactionConflict) is
    sent again, up to that many times in all."""
    import random
    import time

    from botocore.exceptions import ClientError

    for attempt in range(busy_attempts):
        try:
            aws.client("dynamodb").transact_write_items(TransactItems=operations)
        except ClientError as error:
            if error_code(error) != "TransactionCanceledException":
                raise
            reasons = error.response.get("CancellationReasons", [])
            positions = [
                position for position, reason in enumerate(reasons) if reason.get("Code") == "ConditionalCheckFailed"
            ]
            if positions:
                return positions
            busy = any(r.get("Code") == "TransactionConflict" for r in reasons)
            if not busy or attempt == busy_attempts - 1:
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
            continue
        return []
    return []  # pragma: no cover - the loop returns or raises


class ConditionFailed(Exception):
    """The condition of a single UpdateItem did not hold: nothing was written."""


def update(
    table: str,
    key: Item,
    expression: str,
    *,
    condition: str | None = None,
    names: dict[str, str] | None = None,
    values: Item | None = None,
) -> None:
    """One UpdateItem outside a transaction (counters, receipts, flags beside a document);
    raises ConditionFailed when `condition` does not hold."""
    from botocore.exceptions import ClientError

    request: Item = {"TableName": table, "Key": key, "UpdateExpression": expression}
    if condition:
        request["ConditionExpression"] = condition
    if names:
        request["ExpressionAttributeNames"] = names
    if values:
        request["ExpressionAttributeValues"] = values
    try:
        aws.client("dynamodb").update_item(**request)
    except ClientError as error:
        if error_code(error) == "ConditionalCheckFailedException":
            raise ConditionFailed(f"{table}: {condition}") from error
        raise


# --- reads ----------------------------------------------------------------------------------


def get(table: str, pk: str, sk: str) -> Item | None:
    item: Item | None = (
        aws.client("dynamodb").get_item(TableName=table, Key=item_key(pk, sk), ConsistentRead=True).get("Item")
    )
    return item


@dataclass(frozen=True)
class Filter:
    """A Query's FilterExpression. DynamoDB applies it to the page it read (after the
    Limit), so a filtered page can come back short, or empty with a cursor to go on."""

    expression: str
    names: dict[str, str] = field(default_factory=dict)
    values: Item = field(default_factory=dict)

    @classmethod
    def equals(cls, attribute: str, value: Item) -> Filter:
        return cls(f"#f_{attribute} = :f_{attribute}", {f"#f_{attribute}": attribute}, {f":f_{attribute}": value})

    @classmethod
    def one_of(cls, attribute: str, values: Sequence[Item]) -> Filter:
        if not values:
            return cls("attribute_not_exists(pk)")  # every item has a pk: nothing passes
        placeholders = {f":f_{attribute}{position}": value for position, value in enumerate(values)}
        return cls(f"#f_{attribute} IN ({', '.join(placeholders)})", {f"#f_{attribute}": attribute}, placeholders)

    @classmethod
    def contains(cls, attribute: str, value: Item, tag: str = "") -> Filter:
        """The attribute (a string or a set) contains the value; `tag` tells two of one attribute apart."""
        return cls(
            f"contains(#f_{attribute}, :f_{attribute}{tag})",
            {f"#f_{attribute}": attribute},
            {f":f_{attribute}{tag}": value},
        )

    @classmethod
    def missing(cls, attribute: str) -> Filter:
        return cls(f"attribute_not_exists(#f_{attribute})", {f"#f_{attribute}": attribute})

    @classmethod
    def all_of(cls, filters: Sequence[Filter]) -> Filter | None:
        """Every one of `filters` (None when there are none)."""
        if not filters:
            return None
        return cls(
            " AND ".join(f.expression for f in filters),
            {name: attribute for f in filters for name, attribute in f.names.items()},
            {placeholder: value for f in filters for placeholder, value in f.values.items()},
        )


@dataclass(frozen=True)
class Index:
    """A local secondary index: the table's partition key `pk` and another (string) sort
    attribute. Its cursor carries both sort keys where the page ended (the index's, then
    the table's): only sort keys travel, the partition still comes from the caller."""

    name: str
    sort: str


_SEPARATOR = "\x1f"  # between the two sort keys of an index cursor; no key holds it


def query(
    table: str,
    pk: str,
    prefix: str,
    cursor: str | None,
    limit: int,
    newest_first: bool = False,
    *,
    cursor_prefix: str | None = None,
    where: Filter | None = None,
    index: Index | None = None,
    projection: Sequence[str] = (),
    consistent: bool = False,
    between: tuple[str, str] | None = None,
) -> tuple[list[Item], str | None]:
    """One Query on a partition and a sort-key prefix; the cursor continues where it stopped.
    A cursor must start with `cursor_prefix` (the key prefix unless given: a query with no
    key prefix may still only ever page through, say, timeline items)."""
    names: dict[str, str] = {}
    values: Item = {":pk": string(pk)}
    request: Item = {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk",
        "Limit": limit,
        "ScanIndexForward": not newest_first,
    }
    if index:
        request["IndexName"] = index.name
    if consistent:
        request["ConsistentRead"] = True
    if prefix:
        if index:
            names["#isk"] = index.sort
        request["KeyConditionExpression"] += f" AND begins_with({'#isk' if index else 'sk'}, :prefix)"
        values[":prefix"] = string(prefix)
    elif between:
        # Sort keys from the first to the last, both included (a range of dates on the table's key).
        request["KeyConditionExpression"] += " AND sk BETWEEN :low AND :high"
        values[":low"], values[":high"] = string(between[0]), string(between[1])
    if where:
        request["FilterExpression"] = where.expression
        names |= where.names
        values |= where.values
    if projection:
        request["ProjectionExpression"] = ", ".join(f"#p{position}" for position in range(len(projection)))
        names |= {f"#p{position}": attribute for position, attribute in enumerate(projection)}
    if cursor:
        request["ExclusiveStartKey"] = _start_key(
            pk, decode_cursor(cursor, prefix if cursor_prefix is None else cursor_prefix), index
        )
    if names:
        request["ExpressionAttributeNames"] = names
    request["ExpressionAttributeValues"] = values
    response = aws.client("dynamodb").query(**request)
    last = response.get("LastEvaluatedKey")
    items: list[Item] = response.get("Items", [])
    if not last:
        return items, None
    position: str = last["sk"]["S"] if index is None else last[index.sort]["S"] + _SEPARATOR + last["sk"]["S"]
    return items, encode_cursor(position)


def _start_key(pk: str, position: str, index: Index | None) -> Item:
    if index is None:
        return item_key(pk, position)
    index_sort, _, table_sort = position.partition(_SEPARATOR)
    if not table_sort:
        raise InvalidInput.field("cursor", "The cursor is not valid; start from the first page.")
    return {**item_key(pk, table_sort), index.sort: string(index_sort)}


def query_all(table: str, pk: str, prefix: str) -> list[Item]:
    items: list[Item] = []
    cursor = None
    while True:
        page, cursor = query(table, pk, prefix, cursor, 1000)
        items.extend(page)
        if not cursor:
            return items


def batch_get(keys: Mapping[str, Sequence[Item]]) -> dict[str, list[Item]]:
    """Consistent BatchGetItem of every key (by table), 100 keys to a call, asking again for
    the keys DynamoDB leaves unprocessed. The items found, by table, in no given order."""
    found: dict[str, list[Item]] = {table: [] for table in keys}
    pending = [(table, key) for table, table_keys in keys.items() for key in table_keys]
    for start in range(0, len(pending), 100):
        request: Item = {}
        for table, key in pending[start : start + 100]:
            request.setdefault(table, {"Keys": [], "ConsistentRead": True})["Keys"].append(key)
        while request:
            response = aws.client("dynamodb").batch_get_item(RequestItems=request)
            for table, items in response.get("Responses", {}).items():
                found[table].extend(items)
            request = response.get("UnprocessedKeys") or {}
    return found
