"""The OpenAPI 3.1 document, generated from the declared routes and their pydantic models.
The mobile app is generated from it, so it is served and also committed (docs/openapi.json);
a test fails when the committed copy is stale."""

from __future__ import annotations

import re
import typing
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any

from chalice.app import Blueprint, Response
from pydantic import BaseModel

from .http import OPERATIONS, Audience, Operation, RequestContext, endpoint

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaMode

bp = Blueprint(__name__)

TITLE = "Law-firm client portal API"
VERSION = "1.0.0"
_ERRORS = {
    400: "Malformed request (e.g. the body is not JSON).",
    401: "Missing, invalid or expired session token.",
    403: "Signed in, but not allowed (role, blocked access, read-only session).",
    404: "Not found in the caller's firm.",
    409: "Conflict: a duplicate, or the record changed since it was read (stale version).",
    410: "The link has expired.",
    422: "A field is not valid; `details` gives the path of each.",
    429: "Too many attempts; see Retry-After.",
}


@endpoint(bp, "GET", "/openapi.json", audience=Audience.PUBLIC, tag="meta", summary="This API's OpenAPI 3.1 document.")
def openapi_document(ctx: RequestContext) -> Response:
    return Response(body=document(), status_code=200)


@cache
def document() -> dict[str, Any]:
    from pydantic.json_schema import models_json_schema

    models: list[tuple[type[BaseModel], JsonSchemaMode]] = []
    for op in OPERATIONS:
        if op.body:
            models.append((op.body, "validation"))
        if op.query:
            models.append((op.query, "validation"))
        model = _item_model(op.response)
        if model:
            models.append((model, "serialization"))
    refs, schemas = models_json_schema(models, ref_template="#/components/schemas/{model}")
    schemas = schemas.get("$defs", {})
    schemas["Error"] = _error_schema()
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(OPERATIONS, key=lambda o: (o.path, o.method)):
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs, schemas)
    # Query models are described by their parameters, not as schemas of their own.
    for model in {op.query for op in OPERATIONS if op.query}:
        schemas.pop(refs[(model, "validation")]["$ref"].rsplit("/", 1)[-1], None)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": TITLE,
            "version": VERSION,
            "description": "Multi-firm client portal for law firms. The firm of every request comes from its verified "
            "session token.",
        },
        "servers": [{"url": "/api", "description": "Behind the apps' CloudFront (or the local web server)"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "apiKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Api-Key",
                    "description": "A firm's integration key (created by an admin).",
                },
            },
        },
    }


def _item_model(response: Any) -> type[BaseModel] | None:
    if typing.get_origin(response) is list:
        response = typing.get_args(response)[0]
    return response if isinstance(response, type) and issubclass(response, BaseModel) else None


# Routes whose answer is JSON of another media type.
_MEDIA_TYPES = {"/portals/{slug}/manifest.webmanifest": "application/manifest+json"}


def _operation(op: Operation, refs: dict[Any, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "operationId": _operation_id(op),
        "summary": op.summary,
        "tags": [op.tag],
        "security": _security(op.audience),
        "x-audience": op.audience.value,
    }
    parameters = [_path_parameter(name, op) for name in re.findall(r"{(\w+)}", op.path)]
    if op.query:
        parameters += _query_parameters(schemas[refs[(op.query, "validation")]["$ref"].rsplit("/", 1)[-1]])
    if parameters:
        result["parameters"] = parameters
    if op.body:
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(op.body, "validation")]}},
        }
    responses: dict[str, Any] = {}
    model = _item_model(op.response)
    if model:
        schema = refs[(model, "serialization")]
        if typing.get_origin(op.response) is list:
            schema = {"type": "array", "items": schema}
        for status in (op.status, *op.also):
            media = _MEDIA_TYPES.get(op.path, "application/json")
            responses[str(status)] = {"description": "OK", "content": {media: {"schema": schema}}}
    elif op.path == "/openapi.json":
        responses["200"] = {
            "description": "The OpenAPI document",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    else:
        responses["204" if op.status == 200 else str(op.status)] = {"description": "Done; no content."}
    for status in _error_statuses(op):
        responses[str(status)] = {
            "description": _ERRORS[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    result["responses"] = responses
    return result


def _security(audience: Audience) -> list[dict[str, list[str]]]:
    if audience is Audience.PUBLIC:
        return []
    return [{"apiKey": []}] if audience is Audience.INTEGRATION else [{"bearer": []}]


def _error_statuses(op: Operation) -> list[int]:
    statuses = {404}
    if op.body or op.query:
        statuses |= {400, 422}
    if op.audience is not Audience.PUBLIC:
        statuses |= {401, 403}
    if op.method in ("PUT", "POST", "DELETE"):
        statuses.add(409)
    if op.path.startswith("/auth/"):
        statuses |= {401, 403, 410, 429}
    return sorted(statuses)


def _operation_id(op: Operation) -> str:
    words = re.sub(r"[{}]", "", op.path).replace("-", "/").split("/")
    return op.method.lower() + "".join(w[:1].upper() + w[1:] for w in words if w)


def _path_parameter(name: str, op: Operation) -> dict[str, Any]:
    kind = op.path_params.get(name)
    schema: dict[str, Any] = {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,300}$"}
    if isinstance(kind, type) and issubclass(kind, Enum):
        schema = {"type": "string", "enum": [member.value for member in kind]}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query_parameters(schema: dict[str, Any]) -> list[dict[str, Any]]:
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": {k: v for k, v in prop.items() if k != "title"},
        }
        for name, prop in schema["properties"].items()
    ]


def _error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "details"],
                "properties": {
                    "code": {
                        "type": "string",
                        "description": "Stable, machine-readable: e.g. invalid_input, access_blocked, stale_version.",
                    },
                    "message": {"type": "string", "description": "For people."},
                    "details": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["path", "message"],
                            "properties": {
                                "path": {"type": "string"},
                                "message": {"type": "string"},
                                "type": {"type": "string"},
                                "client_id": {
                                    "type": "string",
                                    "description": "`email_in_use`: the client who has the e-mail.",
                                },
                                "position": {
                                    "type": "integer",
                                    "description": "A refused movement batch: the record's index in `records` "
                                    "(or `movements`).",
                                },
                                "number": {
                                    "type": ["string", "null"],
                                    "description": "A refused movement batch: the record's case number, when readable.",
                                },
                            },
                        },
                    },
                },
            }
        },
    }
