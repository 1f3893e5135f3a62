"""A partition index for moto's DynamoDB Query, for the benchmark only.

moto answers every Query by sorting *every item of the table* (`Table.all_items()` in
moto/dynamodb/models/table.py), then the partition, then walking it: a few seconds per
Query once the table holds the 100,000 items this benchmark stores, and growing with the
table. DynamoDB reads a partition's items in sort-key order from where the key condition
starts, so its Query costs the same whatever else the table holds. Left alone, moto would
make every latency figure here a figure of moto, and the run would take an hour.

So, while the benchmark runs, Query on a table's own key (no index, no filter, no
projection: what our repositories send) reads a sorted copy of the one partition, kept
until the table is next written; anything else goes to moto's own Query. Nothing else of
moto changes: requests still go over HTTP to the moto server, which parses, validates and
serializes them as before.

`verify()` asks moto's own Query the same question and compares the answers; the benchmark
does it for each distinct query it makes, on the real data, before measuring.
"""

from __future__ import annotations

import bisect
import copy
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from moto.dynamodb.comparisons import OpDefault
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import RESULT_SIZE_LIMIT, Table


@dataclass
class Stats:
    indexed: int = 0
    fallback: int = 0
    verified: int = 0
    mismatches: list[str] = field(default_factory=list)
    moto_seconds: list[float] = field(default_factory=list)


stats = Stats()
_lock = threading.Lock()
_versions: dict[int, int] = {}  # id(table) -> writes so far
_partitions: dict[tuple[int, str], tuple[int, list[str], list[Any]]] = {}
_original_query = Table.query
_original_put = Table.put_item
_original_delete = Table.delete_item
_installed = False
_MAX_ITEM_BYTES = 400 * 1024  # DynamoDB's item size limit


def _bump(table: Table) -> None:
    with _lock:
        _versions[id(table)] = _versions.get(id(table), 0) + 1


def _put(self: Table, *args: Any, **kwargs: Any) -> Any:
    _bump(self)
    return _original_put(self, *args, **kwargs)


def _delete(self: Table, *args: Any, **kwargs: Any) -> Any:
    _bump(self)
    return _original_delete(self, *args, **kwargs)


def _sorted_partition(table: Table, hash_key: DynamoType) -> tuple[list[str], list[Any]] | None:
    partition = table.items.get(hash_key)
    if not partition:
        return [], []
    version = _versions.get(id(table), 0)
    cache_key = (id(table), str(hash_key.value))
    cached = _partitions.get(cache_key)
    if cached and cached[0] == version:
        return cached[1], cached[2]
    pairs = []
    for range_key, item in partition.items():
        if range_key.type != "S":
            return None
        pairs.append((range_key.value, item))
    pairs.sort(key=lambda pair: pair[0])
    keys, items = [p[0] for p in pairs], [p[1] for p in pairs]
    _partitions[cache_key] = (version, keys, items)
    return keys, items


def _indexed_query(table: Table, hash_key: DynamoType, range_comparison: str | None, range_objs: list[DynamoType], limit: int | None,
                   exclusive_start_key: dict[str, Any] | None, forward: bool) -> tuple[list[Any], int, dict[str, Any] | None] | None:  # fmt: skip
    partition = _sorted_partition(table, hash_key)
    if partition is None:
        return None
    keys, items = partition
    prefix = ""
    if range_comparison:
        if range_comparison.upper() != "BEGINS_WITH" or len(range_objs) != 1 or range_objs[0].type != "S":
            return None
        prefix = range_objs[0].value
    start_after = None
    if exclusive_start_key:
        start_after = exclusive_start_key.get(table.range_key_attr, {}).get("S")
        if start_after is None:
            return None
    # The positions, in reading order, of the items the key condition matches.
    lo = bisect.bisect_left(keys, prefix)
    hi = bisect.bisect_left(keys, prefix + "\U0010ffff") if prefix else len(keys)
    if forward:
        if start_after is not None:
            lo = max(lo, bisect.bisect_right(keys, start_after))
        order = range(lo, len(keys))
    else:
        if start_after is not None:
            hi = min(hi, bisect.bisect_left(keys, start_after))
        order = range(hi - 1, -1, -1)
    # moto's rules from here on: stop before an item (matching or not) once the page has
    # `limit` items or would pass 1 MB, and then say where the next page starts.
    results: list[Any] = []
    size = 0
    last_evaluated_key = None
    for position in order:
        item = items[position]
        if (limit is not None and len(results) == limit) or size + item.size() > RESULT_SIZE_LIMIT:
            last = results[-1]
            last_evaluated_key = {table.hash_key_attr: last.hash_key, table.range_key_attr: last.range_key}
            break
        if lo <= position < hi:
            results.append(item)
            size += item.size()
        elif size + _MAX_ITEM_BYTES <= RESULT_SIZE_LIMIT:
            # Past the matching range with a page that is not full: moto walks the rest of
            # the partition, but only an item bigger than any DynamoDB item could stop it.
            break
    return copy.deepcopy(results), len(results), last_evaluated_key


def _filtered(
    answer: tuple[list[Any], int, dict[str, Any] | None], filter_expression: Any, projection_expressions: Any
) -> Any:
    """What moto does after reading a page: the filter (after the Limit, as in DynamoDB), then the projection."""
    results, scanned, last_evaluated_key = answer
    if filter_expression is not None and not isinstance(filter_expression, OpDefault):
        results = [item for item in results if filter_expression.expr(item)]
    if projection_expressions:
        results = [item.project(projection_expressions) for item in results]
    return results, scanned, last_evaluated_key


def _query(self: Table, hash_key: Any, range_comparison: Any, range_objs: Any, limit: Any, exclusive_start_key: Any, scan_index_forward: Any,
           projection_expressions: Any, index_name: Any = None, consistent_read: Any = False, filter_expression: Any = None,
           hash_key_conditions: Any = None, range_key_conditions: Any = None, **filter_kwargs: Any) -> Any:  # fmt: skip
    simple = (
        hash_key is not None
        and index_name is None
        and not filter_kwargs
        and self.range_key_attr is not None
        and (not range_key_conditions or len(range_key_conditions) <= 1)
        and (not hash_key_conditions or len(hash_key_conditions) <= 1)
    )
    if simple:
        answer = _indexed_query(
            self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward
        )
        if answer is not None:
            stats.indexed += 1
            return _filtered(answer, filter_expression, projection_expressions)
    stats.fallback += 1
    return _original_query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward, projection_expressions,
                           index_name, consistent_read, filter_expression, hash_key_conditions=hash_key_conditions,
                           range_key_conditions=range_key_conditions, **filter_kwargs)  # fmt: skip


def install() -> None:
    global _installed
    if not _installed:
        Table.query = _query  # type: ignore[method-assign]
        Table.put_item = _put  # type: ignore[method-assign]
        Table.delete_item = _delete  # type: ignore[method-assign]
        _installed = True


def backend_of(table_name: str) -> Any:
    """The moto DynamoDB backend (of this process's moto server) that holds the table."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    for backend in dynamodb_backends[DEFAULT_ACCOUNT_ID].values():
        if table_name in backend.tables:
            return backend
    raise KeyError(table_name)


def _backend_table(table_name: str) -> Table:
    return backend_of(table_name).tables[table_name]  # type: ignore[no-any-return]


def verify(request: dict[str, Any]) -> str | None:
    """Ask moto's own Query (the slow one) what `request`, a Query our repositories sent,
    returns, and compare it with the indexed answer. Returns a description of a mismatch."""
    table = _backend_table(request["TableName"])
    values = request["ExpressionAttributeValues"]
    hash_key = DynamoType(values[":pk"])
    prefix = [DynamoType(values[":prefix"])] if ":prefix" in values else []
    comparison = "BEGINS_WITH" if prefix else None
    args = (
        hash_key,
        comparison,
        prefix,
        request.get("Limit"),
        request.get("ExclusiveStartKey"),
        request.get("ScanIndexForward", True),
        None,
    )
    from moto.dynamodb.comparisons import get_filter_expression

    names = request.get("ExpressionAttributeNames")
    filter_expression = get_filter_expression(request.get("FilterExpression"), names, values)
    started = time.perf_counter()
    expected = _original_query(table, *args, None, False, filter_expression)
    stats.moto_seconds.append(time.perf_counter() - started)
    indexed = _indexed_query(table, *args[:6])
    stats.verified += 1
    if indexed is None:
        return None
    actual = _filtered(indexed, filter_expression, None)
    same_items = [i.to_json() for i in expected[0]] == [i.to_json() for i in actual[0]]
    same_next = (expected[2] or {}) == (actual[2] or {})
    if not (same_items and same_next):
        problem = f"{request['TableName']} {values}: moto {len(expected[0])} items, next {expected[2]}; indexed {len(actual[0])} items, next {actual[2]}"
        stats.mismatches.append(problem)
        return problem
    return None


def self_check() -> int:
    """Every page, both directions, several limits and prefixes, on a small table: the
    index and moto's own Query must agree on the items and on where the next page starts.
    Returns the number of pages compared; raises AssertionError on the first difference."""
    import random

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.comparisons import get_filter_expression

    table = Table("bench-self-check", DEFAULT_ACCOUNT_ID, "us-east-1",
                  schema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                  attr=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}])  # fmt: skip
    rng = random.Random(7)
    words = ["ana", "sa", "sara", "são", "sá", "zé", "ágata", "b", ""]
    for pk in ("P#1", "P#2"):
        for n in range(120):
            sk = f"{rng.choice(['NAME#', 'TERM#', 'STAFF#', 'Z'])}{rng.choice(words)}{n:04d}"
            table.put_item(
                {
                    "pk": {"S": pk},
                    "sk": {"S": sk},
                    "kind": {"S": rng.choice("abc")},
                    "doc": {"S": "x" * rng.randint(10, 400)},
                }
            )
    kind_filter = get_filter_expression("#k IN (:a, :b)", {"#k": "kind"}, {":a": {"S": "a"}, ":b": {"S": "b"}})
    pages = 0
    for prefix in ("", "NAME#", "TERM#sa", "TERM#s", "STAFF#", "Q#", "Z"):
        for limit in (7, 25, 1000):
            for forward, filtered in ((True, False), (False, False), (False, True)):
                start: dict[str, Any] | None = None
                filter_expression = kind_filter if filtered else None
                while True:
                    args = (
                        DynamoType({"S": "P#1"}),
                        "BEGINS_WITH" if prefix else None,
                        [DynamoType({"S": prefix})] if prefix else [],
                        limit,
                        start,
                        forward,
                    )
                    expected = _original_query(table, *args, None, None, False, filter_expression)
                    indexed = _indexed_query(table, *args)
                    assert indexed is not None
                    actual = _filtered(indexed, filter_expression, None)
                    assert [i.to_json() for i in expected[0]] == [i.to_json() for i in actual[0]], (
                        prefix,
                        limit,
                        forward,
                        start,
                    )
                    assert (expected[2] or {}) == (actual[2] or {}), (
                        prefix,
                        limit,
                        forward,
                        start,
                        expected[2],
                        actual[2],
                    )
                    pages += 1
                    if not expected[2]:
                        break
                    start = {k: v.to_json() for k, v in expected[2].items()}
    return pages
