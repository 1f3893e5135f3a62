"""The OpenAPI document is served, and the committed copy (docs/openapi.json, from which
the apps' and the mobile app's clients are generated) is current."""

from __future__ import annotations

import json
import re
from typing import Any

from tools.openapi import DOCUMENT, render


def test_committed_openapi_document_is_current(chalice_app: Any) -> None:
    assert json.loads(DOCUMENT.read_text()) == json.loads(render()), "docs/openapi.json is stale: run `make openapi`"


def test_served_document_covers_every_route(portal: Any, chalice_app: Any) -> None:
    served = portal.ok("GET", "/openapi.json")
    assert served["openapi"] == "3.1.0"
    declared = {(path, method.lower()) for path, methods in chalice_app.routes.items() for method in methods}
    documented = {(path, method) for path, operations in served["paths"].items() for method in operations}
    assert declared == documented


def test_schema_names_are_plain_model_names() -> None:
    """Two models with one name get module-qualified names (chalicelib__...__X), which the
    clients generated from the document would carry: every model name must be unique."""
    names = json.loads(render())["components"]["schemas"]
    assert [name for name in names if "__" in name] == []


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def _nodes(node: Any, where: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every JSON object in the document, with where it is."""
    if isinstance(node, dict):
        return [(where, node)] + [found for key, value in node.items() for found in _nodes(value, (*where, key))]
    if isinstance(node, list):
        return [found for index, value in enumerate(node) for found in _nodes(value, (*where, index))]
    return []


def test_every_route_declares_its_own_unique_operation_id() -> None:
    """Generated clients name their methods after operationIds: each route names its own
    (`endpoint(..., operation_id="listMatters")`), never two the same."""
    import app  # noqa: F401  (registers every route)
    from chalicelib.handlers.http import OPERATIONS

    assert [f"{op.method} {op.path}" for op in OPERATIONS if not op.operation_id] == []
    ids = [op.operation_id for op in OPERATIONS]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert [i for i in ids if not re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", i or "")] == []


def test_every_operation_tag_is_declared_with_a_description() -> None:
    document = json.loads(render())
    declared = {tag["name"]: tag.get("description") for tag in document["tags"]}
    assert [name for name, text in declared.items() if not text] == []
    used = {tag for _, _, op in _operations(document) for tag in op["tags"]}
    assert sorted(used - set(declared)) == []


def test_every_operation_declares_429_with_retry_after_and_500_in_the_error_shape() -> None:
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, op in _operations(json.loads(render())):
        responses = op["responses"]
        assert responses["500"]["content"]["application/json"]["schema"] == error, (method, path)
        assert responses["429"]["content"]["application/json"]["schema"] == error, (method, path)
        assert "Retry-After" in responses["429"]["headers"], (method, path)


def test_every_enum_is_one_named_schema() -> None:
    """An enum inline (a path parameter's, a query's, a field's) would be a type per use in a
    generated client; every one is a component referenced by $ref (the five `{kind}`s: one)."""
    document = json.loads(render())
    schemas = document["components"]["schemas"]
    inline = [where for where, node in _nodes(document) if "enum" in node and where[:2] != ("components", "schemas")]
    inline += [where for where, node in _nodes(schemas) if "enum" in node and len(where) != 1]
    assert inline == []
    kinds = [
        parameter["schema"]
        for path, _, op in _operations(document)
        if path.startswith("/auth/{kind}/")
        for parameter in op["parameters"]
    ]
    assert len(kinds) == 5 and all(kind == {"$ref": "#/components/schemas/PrincipalKind"} for kind in kinds)


def test_every_integer_and_number_has_a_format() -> None:
    nodes = [node for _, node in _nodes(json.loads(render()))]
    assert [n for n in nodes if n.get("type") == "integer" and n.get("format") not in ("int32", "int64")] == []
    assert [n for n in nodes if n.get("type") == "number" and n.get("format") != "double"] == []


def test_responses_require_every_field_the_server_sends_and_requests_keep_defaults_optional() -> None:
    schemas = json.loads(render())["components"]["schemas"]
    # A response: a default (version, a list) is still always sent; nullable stays nullable.
    matter = schemas["Matter"]
    assert set(matter["required"]) == set(matter["properties"])
    assert {"type": "null"} in matter["properties"]["number"]["anyOf"]
    # The same model as a request keeps what has a default optional.
    assert "PartyWrite" in schemas and set(schemas["PartyWrite"].get("required", [])) < set(
        schemas["PartyWrite"]["properties"]
    )
    assert set(schemas["Party"]["required"]) == set(schemas["Party"]["properties"])
    # A computed field is sent too.
    assert "details" in schemas["StaffTimelineItem"]["required"]


def test_servers_are_absolute_and_the_committed_document_names_no_machine() -> None:
    from chalicelib.handlers.openapi import servers

    committed = json.loads(DOCUMENT.read_text())["servers"]
    assert [server["url"] for server in committed] == ["https://{host}/api", "http://127.0.0.1:8000"]
    assert committed[0]["variables"]["host"]["default"] == "portal.example.com"
    assert servers("https://portal.firm.example/api")[0]["variables"]["host"]["default"] == "portal.firm.example"
    assert servers("http://localhost:8000")[0]["variables"]["host"]["default"] == "portal.example.com"
