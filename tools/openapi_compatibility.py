"""Does a new OpenAPI document break a client generated from an older one?

`breaking_changes(old, new)` reads the two documents (plain JSON, `$ref`s resolved) and says, one
line each, what a client built from `old` would stumble on when it talks to an API described by
`new`. What is breaking depends on the direction the data goes:

- what the client sends (parameters, request bodies) must still be accepted: a parameter or a
  field newly required, a field or parameter removed, an enum value removed, a type or a limit
  narrowed (fewer types, int64 to int32, a smaller maximum or maxLength, a new pattern);
- what the client reads (response bodies) must still parse: a field removed or no longer always
  sent, an enum value removed, a type widened (a new type, null where there was none, int32 to
  int64);
- an operation removed, its operationId renamed (generated clients name methods after it) or
  its tags changed (they name its module), a success status no longer answered, a path
  parameter changed, a named schema removed or renamed (generated types are named after them).

Additions pass: a new operation, an optional request field, a response field, an enum value, a
wider request type. The releases and the changelog this is checked against: docs/API_CHANGELOG.md.
"""

from __future__ import annotations

from typing import Any

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# Limits a request may not tighten: (keyword, True when a larger value is tighter).
_LIMITS = {
    "minimum": True,
    "exclusiveMinimum": True,
    "minLength": True,
    "minItems": True,
    "maximum": False,
    "exclusiveMaximum": False,
    "maxLength": False,
    "maxItems": False,
}


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What breaks, one sentence each, sorted; [] when `new` keeps every promise of `old`."""
    found: list[str] = []
    for (path, method), before in _operations(old).items():
        where = f"{method.upper()} {path}"
        after = _operations(new).get((path, method))
        if after is None:
            found.append(f"{where}: operation removed")
            continue
        if before.get("operationId") != after.get("operationId"):
            found.append(f"{where}: operationId {before.get('operationId')} renamed {after.get('operationId')}")
        found += _parameters(old, new, where, before, after)
        found += _request_body(old, new, where, before, after)
        found += _responses(old, new, where, before, after)
        if before.get("tags") != after.get("tags"):
            # A generated client's module for the operation is named after its tag.
            found.append(f"{where}: tags {before.get('tags')} became {after.get('tags')}")
    schemas_after = new.get("components", {}).get("schemas", {})
    for name in old.get("components", {}).get("schemas", {}):
        if name not in schemas_after:
            found.append(f"components.schemas.{name}: removed or renamed (a generated client's type name)")
    return sorted(found)


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (path, method): operation
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if method in _METHODS
    }


def _parameters(old: dict[str, Any], new: dict[str, Any], where: str, before: Any, after: Any) -> list[str]:
    found: list[str] = []
    olds = {(p["in"], p["name"]): p for p in (_resolve(old, p) for p in before.get("parameters", []))}
    news = {(p["in"], p["name"]): p for p in (_resolve(new, p) for p in after.get("parameters", []))}
    for key, parameter in news.items():
        if parameter.get("required") and not olds.get(key, {}).get("required"):
            found.append(f"{where}: {key[0]} parameter {key[1]} newly required")
    for key, parameter in olds.items():
        if key not in news:
            found.append(f"{where}: {key[0]} parameter {key[1]} removed")
            continue
        found += _schema(
            old, new, f"{where}: {key[0]} parameter {key[1]}", parameter.get("schema", {}), news[key].get("schema", {})
        )
    return found


def _request_body(old: dict[str, Any], new: dict[str, Any], where: str, before: Any, after: Any) -> list[str]:
    body_before, body_after = _resolve(old, before.get("requestBody")), _resolve(new, after.get("requestBody"))
    if not body_after:
        return []
    if not body_before:
        return [f"{where}: request body newly required"] if body_after.get("required") else []
    found: list[str] = []
    for media, content in body_before.get("content", {}).items():
        if media not in body_after.get("content", {}):
            found.append(f"{where}: request body {media} no longer accepted")
            continue
        found += _schema(
            old, new, f"{where}: request", content.get("schema", {}), body_after["content"][media].get("schema", {})
        )
    return found


def _responses(old: dict[str, Any], new: dict[str, Any], where: str, before: Any, after: Any) -> list[str]:
    found: list[str] = []
    for status, response in before.get("responses", {}).items():
        if not str(status).startswith("2"):
            continue  # errors share the one Error shape; their list may grow
        if status not in after.get("responses", {}):
            found.append(f"{where}: response {status} no longer answered")
            continue
        contents_before = _resolve(old, response).get("content", {})
        contents_after = _resolve(new, after["responses"][status]).get("content", {})
        for media, content in contents_before.items():
            if media not in contents_after:
                found.append(f"{where}: response {status} no longer {media}")
                continue
            found += _schema(
                old,
                new,
                f"{where}: response {status}",
                content.get("schema", {}),
                contents_after[media].get("schema", {}),
                reading=True,
            )
    return found


def _schema(
    old: dict[str, Any],
    new: dict[str, Any],
    where: str,
    before: Any,
    after: Any,
    reading: bool = False,
    seen: frozenset[tuple[str, str]] = frozenset(),
) -> list[str]:
    """`reading`: the client reads this (a response) rather than sends it."""
    refs = (str(before.get("$ref", "")), str(after.get("$ref", "")))
    if refs[0] and refs[1]:
        if refs in seen:
            return []  # a recursive model, already being compared
        seen = seen | {refs}
    found: list[str] = []
    variants_before, variants_after = _variants(old, before), _variants(new, after)
    # The side whose types must stay within the other's: what the server answers, what the client sends.
    narrow, wide = (variants_after, variants_before) if reading else (variants_before, variants_after)
    for kind in narrow:
        if not _accepts(wide, kind):
            found.append(f"{where}: {'may now answer' if reading else 'no longer accepts'} {kind}")
    for kind in set(variants_before) & set(variants_after):
        found += _same_type(old, new, where, variants_before[kind], variants_after[kind], reading, seen)
    return found


def _same_type(
    old: dict[str, Any],
    new: dict[str, Any],
    where: str,
    before: dict[str, Any],
    after: dict[str, Any],
    reading: bool,
    seen: frozenset[tuple[str, str]],
) -> list[str]:
    found: list[str] = []
    if "enum" in before or "enum" in after:
        removed = [v for v in before.get("enum", []) if "enum" in after and v not in after["enum"]]
        if removed:
            found.append(f"{where}: enum value(s) removed: {', '.join(map(str, removed))}")
        if "enum" in after and "enum" not in before and not reading:
            found.append(f"{where}: now limited to {', '.join(map(str, after['enum']))}")
    if before.get("format") != after.get("format") and before.get("type") == "integer":
        low_before, high_before = _integer_range(before)
        low_after, high_after = _integer_range(after)
        # What the client sends must still fit; what it reads must fit what it was built for.
        inner_low, inner_high, outer_low, outer_high = (
            (low_after, high_after, low_before, high_before)
            if not reading
            else (low_before, high_before, low_after, high_after)
        )
        if outer_low < inner_low or outer_high > inner_high:
            found.append(f"{where}: {before.get('format') or 'integer'} became {after.get('format') or 'integer'}")
    if not reading:
        found += _limits(where, before, after)
    properties_before, properties_after = before.get("properties", {}), after.get("properties", {})
    required_before, required_after = set(before.get("required", [])), set(after.get("required", []))
    for name, schema in sorted(properties_before.items()):
        field = f"{where}.{name}"
        if name not in properties_after:
            if reading or after.get("additionalProperties") is False or before.get("additionalProperties") is False:
                found.append(f"{field}: field removed")
            continue
        if reading and name in required_before and name not in required_after:
            found.append(f"{field}: no longer always sent")
        found += _schema(old, new, field, schema, properties_after[name], reading, seen)
    if not reading:
        found += [f"{where}.{name}: field newly required" for name in sorted(required_after - required_before)]
    if "items" in before and "items" in after:
        found += _schema(old, new, f"{where}[]", before["items"], after["items"], reading, seen)
    return found


def _integer_range(schema: dict[str, Any]) -> tuple[float, float]:
    low, high = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}.get(
        schema.get("format", ""), (float("-inf"), float("inf"))
    )
    return max(low, schema.get("minimum", low)), min(high, schema.get("maximum", high))


def _limits(where: str, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for keyword, larger_is_tighter in _LIMITS.items():
        if keyword not in after or before.get(keyword) == after[keyword]:
            continue
        old_value = before.get(keyword)
        if old_value is None or (after[keyword] > old_value) == larger_is_tighter:
            found.append(f"{where}: {keyword} {old_value} became {after[keyword]}")
    if after.get("pattern") and after.get("pattern") != before.get("pattern"):
        found.append(f"{where}: pattern {before.get('pattern')} became {after['pattern']}")
    return found


def _variants(document: dict[str, Any], schema: Any) -> dict[str, dict[str, Any]]:
    """A schema as its alternatives by JSON type (`anyOf`/`oneOf`/a list of types flattened):
    `{"string": {...}, "null": {...}}`; `any` when it says nothing of its type."""
    schema = _resolve(document, schema) or {}
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        found: dict[str, dict[str, Any]] = {}
        for alternative in alternatives:
            found.update(_variants(document, alternative))
        return found
    if len(schema.get("allOf", [])) == 1:
        return _variants(document, {**schema["allOf"][0], **{k: v for k, v in schema.items() if k != "allOf"}})
    kind = schema.get("type")
    if isinstance(kind, list):
        return {each: {**schema, "type": each} for each in kind}
    if kind is None:
        values = schema.get("enum", [schema["const"]] if "const" in schema else None)
        if values is not None:
            kind = sorted({_json_type(value) for value in values})[0]
            schema = {**schema, "enum": values}
        else:
            kind = "object" if "properties" in schema else "any"
    return {kind: schema}


def _accepts(variants: dict[str, dict[str, Any]], kind: str) -> bool:
    return "any" in variants or kind in variants or (kind == "integer" and "number" in variants)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", list: "array", dict: "object"}.get(type(value), "any")


def _resolve(document: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s (`#/components/...`); anything else as it is."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        if node["$ref"] in seen:
            break
        seen.add(node["$ref"])
        target: Any = document
        for part in node["$ref"][2:].split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, dict) else {}
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **extra} if extra and isinstance(target, dict) else target
    return node
