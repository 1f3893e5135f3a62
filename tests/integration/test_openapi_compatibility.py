"""The API keeps the promises of its last release (docs/api-releases/, docs/API_CHANGELOG.md):
a change that breaks a client generated from the released document fails here unless it comes
with a new major info.version recorded in the changelog. Then the comparer itself
(tools/openapi_compatibility.py), on small documents: it catches each kind of break and lets
additions pass."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tools.openapi import changelog_versions, latest_release, release_problems, releases, render, semver
from tools.openapi_compatibility import breaking_changes


def test_the_document_keeps_every_promise_of_the_last_release() -> None:
    problems = release_problems(json.loads(render()), latest_release(), changelog_versions())
    assert problems == [], "\n".join(problems)


def test_every_release_is_named_for_its_version_and_recorded_in_the_changelog() -> None:
    recorded = changelog_versions()
    for version, path in releases().items():
        assert json.loads(path.read_text())["info"]["version"] == version, path
        assert version in recorded, f"docs/API_CHANGELOG.md has no section for {version}"
    assert semver(json.loads(render())["info"]["version"]) >= semver(latest_release()["info"]["version"])


# The comparer, on a small document: one operation that reads and one that writes a matter.


def _document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {
            "/matters/{matter_id}": {
                "get": {
                    "operationId": "getMatter",
                    "tags": ["matters"],
                    "parameters": [{"name": "matter_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Matter"}}},
                        },
                        "404": {"description": "Not found"},
                    },
                },
            },
            "/matters": {
                "post": {
                    "operationId": "createMatter",
                    "tags": ["matters"],
                    "parameters": [
                        {"name": "dry_run", "in": "query", "required": False, "schema": {"type": "boolean"}}
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MatterWrite"}}},
                    },
                    "responses": {"201": {"description": "Created"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Status": {"type": "string", "enum": ["active", "closed"]},
                "Matter": {
                    "type": "object",
                    "required": ["id", "title", "status", "version", "number"],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/Status"},
                        "version": {"type": "integer", "format": "int64"},
                        "number": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                        "parties": {"type": "array", "items": {"$ref": "#/components/schemas/Party"}},
                    },
                },
                "Party": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                "MatterWrite": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["title"],
                    "properties": {
                        "title": {"type": "string", "maxLength": 200},
                        "status": {"$ref": "#/components/schemas/Status"},
                        "limit": {"type": "integer", "format": "int64"},
                        "court": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    },
                },
            }
        },
    }


def _changed(change: Any) -> list[str]:
    new = copy.deepcopy(_document())
    change(new)
    return breaking_changes(_document(), new)


def _schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"][name]
    return schema


def test_the_same_document_breaks_nothing() -> None:
    assert breaking_changes(_document(), _document()) == []


def test_a_removed_response_field_breaks_even_inside_a_list() -> None:
    assert _changed(lambda d: _schema(d, "Matter")["properties"].pop("title")) == [
        "GET /matters/{matter_id}: response 200.title: field removed"
    ]
    assert _changed(lambda d: _schema(d, "Party")["properties"].pop("name")) == [
        "GET /matters/{matter_id}: response 200.parties[].name: field removed"
    ]


def test_a_response_field_no_longer_always_sent_breaks() -> None:
    assert _changed(lambda d: _schema(d, "Matter")["required"].remove("title")) == [
        "GET /matters/{matter_id}: response 200.title: no longer always sent"
    ]


def test_a_removed_enum_value_breaks_wherever_the_enum_is_used() -> None:
    assert _changed(lambda d: _schema(d, "Status").update(enum=["active"])) == [
        "GET /matters/{matter_id}: response 200.status: enum value(s) removed: closed",
        "POST /matters: request.status: enum value(s) removed: closed",
    ]


def test_a_removed_operation_and_a_renamed_operation_id_break() -> None:
    assert _changed(lambda d: d["paths"].pop("/matters")) == ["POST /matters: operation removed"]
    assert _changed(lambda d: d["paths"]["/matters"]["post"].update(operationId="openMatter")) == [
        "POST /matters: operationId createMatter renamed openMatter"
    ]


def test_a_changed_path_parameter_breaks() -> None:
    def rename(document: dict[str, Any]) -> None:
        document["paths"]["/matters/{id}"] = document["paths"].pop("/matters/{matter_id}")
        document["paths"]["/matters/{id}"]["get"]["parameters"][0]["name"] = "id"

    assert _changed(rename) == ["GET /matters/{matter_id}: operation removed"]
    assert _changed(
        lambda d: d["paths"]["/matters/{matter_id}"]["get"]["parameters"][0]["schema"].update(pattern="^[a-z]+$")
    ) == ["GET /matters/{matter_id}: path parameter matter_id: pattern None became ^[a-z]+$"]


def test_a_narrowed_type_breaks_in_requests_and_a_widened_one_in_responses() -> None:
    assert _changed(lambda d: _schema(d, "MatterWrite")["properties"].update(court={"type": "string"})) == [
        "POST /matters: request.court: no longer accepts null"
    ]
    assert _changed(lambda d: _schema(d, "MatterWrite")["properties"]["limit"].update(format="int32")) == [
        "POST /matters: request.limit: int64 became int32"
    ]
    assert _changed(lambda d: _schema(d, "MatterWrite")["properties"]["title"].update(maxLength=100)) == [
        "POST /matters: request.title: maxLength 200 became 100"
    ]
    assert _changed(
        lambda d: _schema(d, "Matter")["properties"].update(title={"anyOf": [{"type": "string"}, {"type": "null"}]})
    ) == ["GET /matters/{matter_id}: response 200.title: may now answer null"]
    assert _changed(lambda d: _schema(d, "Matter")["properties"]["version"].update(type="string")) == [
        "GET /matters/{matter_id}: response 200.version: may now answer string"
    ]


def test_a_newly_required_request_field_or_parameter_breaks() -> None:
    assert _changed(lambda d: _schema(d, "MatterWrite")["required"].append("court")) == [
        "POST /matters: request.court: field newly required"
    ]

    def new_required_field(document: dict[str, Any]) -> None:
        schema = _schema(document, "MatterWrite")
        schema["properties"]["team"] = {"type": "boolean"}
        schema["required"].append("team")

    assert _changed(new_required_field) == ["POST /matters: request.team: field newly required"]
    assert _changed(lambda d: d["paths"]["/matters"]["post"]["parameters"][0].update(required=True)) == [
        "POST /matters: query parameter dry_run newly required"
    ]


def test_a_removed_success_status_a_changed_tag_and_a_renamed_schema_break() -> None:
    assert _changed(lambda d: d["paths"]["/matters"]["post"].update(responses={"200": {"description": "OK"}})) == [
        "POST /matters: response 201 no longer answered"
    ]
    assert _changed(lambda d: d["paths"]["/matters"]["post"].update(tags=["cases"])) == [
        "POST /matters: tags ['matters'] became ['cases']"
    ]

    def rename(document: dict[str, Any]) -> None:
        document["components"]["schemas"]["Person"] = document["components"]["schemas"].pop("Party")
        _schema(document, "Matter")["properties"]["parties"]["items"] = {"$ref": "#/components/schemas/Person"}

    assert _changed(rename) == ["components.schemas.Party: removed or renamed (a generated client's type name)"]


def test_additions_pass() -> None:
    def add(document: dict[str, Any]) -> None:
        document["paths"]["/matters/{matter_id}/archive"] = {
            "post": {"operationId": "archiveMatter", "responses": {"204": {"description": "Done"}}}
        }
        document["paths"]["/matters"]["post"]["parameters"].append(
            {"name": "notify", "in": "query", "required": False, "schema": {"type": "boolean"}}
        )
        _schema(document, "Matter")["properties"]["court"] = {"type": "string"}
        _schema(document, "Matter")["required"].append("court")
        _schema(document, "MatterWrite")["properties"]["team"] = {"type": "boolean"}
        _schema(document, "MatterWrite")["properties"]["title"]["maxLength"] = 300
        _schema(document, "MatterWrite")["properties"]["limit"] = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
        _schema(document, "Status")["enum"].append("suspended")
        _schema(document, "MatterWrite")["required"].remove("title")
        document["paths"]["/matters"]["post"]["responses"]["409"] = {"description": "Conflict"}
        document["components"]["schemas"]["Court"] = {"type": "object"}

    assert _changed(add) == []


def test_a_breaking_change_needs_a_new_major_version_recorded_in_the_changelog() -> None:
    released = _document()
    broken = copy.deepcopy(released)
    broken["paths"].pop("/matters")
    assert "break clients of 1.0.0" in release_problems(broken, released, {"1.0.0"})[0]
    broken["info"]["version"] = "1.1.0"
    assert "break clients of 1.0.0" in release_problems(broken, released, {"1.0.0", "1.1.0"})[0]
    broken["info"]["version"] = "2.0.0"
    assert release_problems(broken, released, {"1.0.0"}) == [
        "info.version 2.0.0 has no section (## 2.0.0) in docs/API_CHANGELOG.md"
    ]
    assert release_problems(broken, released, {"1.0.0", "2.0.0"}) == []
    assert changelog_versions("# API changelog\n\n## 2.0.0 (2026-12-01)\n\n- x\n\n## 1.0.0\n") == {"1.0.0", "2.0.0"}


@pytest.mark.parametrize("version", ["0.9.0", "1.0"])
def test_a_version_older_than_the_release_or_malformed_is_refused(version: str) -> None:
    current = _document()
    current["info"]["version"] = version
    if version == "1.0":
        with pytest.raises(ValueError, match="not a version"):
            release_problems(current, _document(), {"1.0.0"})
    else:
        assert release_problems(current, _document(), {"1.0.0"}) == [
            "info.version 0.9.0 is older than the released 1.0.0",
            "info.version 0.9.0 has no section (## 0.9.0) in docs/API_CHANGELOG.md",
        ]
