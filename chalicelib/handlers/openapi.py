"""The OpenAPI 3.1 document, generated from the declared routes and their pydantic models.
The mobile app is generated from it, so it is served and also committed (docs/openapi.json);
a test fails when the committed copy is stale."""

from __future__ import annotations

import re
import typing
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from chalice.app import Blueprint, Response
from pydantic import BaseModel

from .http import OPERATIONS, Audience, Operation, RequestContext, endpoint

if TYPE_CHECKING:
    from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
    from pydantic_core import core_schema

_REF = "#/components/schemas/"

bp = Blueprint(__name__)

TITLE = "Law-firm client portal API"
# The API's version (semver): a change that breaks a generated client bumps the major and is
# recorded in docs/API_CHANGELOG.md; tests/unit/test_openapi_compatibility.py holds us to it.
VERSION = "2.2.0"
# One tag per area, in the order a reader meets them; an operation's tag must be one of these.
TAGS = {
    "auth": "Signing in and out, sessions, passwords, invitations and access links.",
    "firm": "The firm's settings: portal branding, notification pacing, upload limit.",
    "staff": "The firm's staff members and their roles.",
    "clients": "The firm's client directory.",
    "accesses": "A client's portal access: granting, blocking, what they may see.",
    "matters": "The firm's matters (cases), their parties and publication to clients.",
    "timeline": "The updates of a matter: court movements, tasks, publications, news.",
    "portal": "What a signed-in client sees of their matters, and her home feed across them.",
    "documents": "Documents and document requests, for staff and for clients.",
    "consultations": "Consultations with clients and prospects (atendimentos): threads, documents, tasks, conversion "
    "into a matter. Staff only.",
    "notifications": "E-mail deliverability: the suppression list.",
    "templates": "The e-mails the firm may make its own.",
    "preferences": "How each client is told of each topic; mobile numbers; unsubscribing.",
    "devices": "The client's phones that get push notifications (the mobile app registers them).",
    "integration": "The firm's systems: API keys, matters and court movements sent in.",
    "translations": "Court language in plain words: consent, credits, corrections.",
    "audit": "Who changed what and when.",
    "meta": "About this API.",
}
_ERRORS = {
    400: "Malformed request (e.g. the body is not JSON).",
    401: "Missing, invalid or expired session token.",
    403: "Signed in, but not allowed (role, blocked access, read-only session).",
    404: "Not found in the caller's firm.",
    409: "Conflict: a duplicate, or the record changed since it was read (stale version).",
    410: "The link has expired.",
    422: "A field is not valid; `details` gives the path of each.",
    429: "Too many requests; `Retry-After` says how many seconds to wait.",
    500: "Something went wrong on our side (a bug): code `internal_error`, no details.",
}
# Where the API is reached. The committed document must not depend on the machine that wrote it,
# so a deployed stage's host is a variable; the served document fills it in from settings.api_url.
_DEPLOYED = "https://{host}/api"
_LOCAL = {"url": "http://127.0.0.1:8000", "description": "Local: `make run` (devstack) or `chalice local`."}
_EXAMPLE_HOST = "portal.example.com"


@endpoint(
    bp,
    "GET",
    "/openapi.json",
    operation_id="getOpenApiDocument",
    audience=Audience.PUBLIC,
    tag="meta",
    summary="This API's OpenAPI 3.1 document.",
)
def openapi_document(ctx: RequestContext) -> Response:
    from ..settings import get_settings

    return Response(body={**document(), "servers": servers(get_settings().api_url)}, status_code=200)


def servers(api_url: str | None = None) -> list[dict[str, Any]]:
    """The deployed stage first (its host from `api_url` when that is https://<host>/api), then local."""
    parts = urlsplit(api_url or "")
    host = parts.netloc if parts.scheme == "https" and parts.path.rstrip("/") == "/api" else _EXAMPLE_HOST
    deployed = {
        "url": _DEPLOYED,
        "description": "A deployed stage, behind the apps' CloudFront distribution (the stack's ApiUrl).",
        "variables": {"host": {"default": host, "description": "The stage's web host."}},
    }
    return [deployed, _LOCAL]


@cache
def _schema_generator() -> type[GenerateJsonSchema]:
    """Built on first use: pydantic.json_schema is not imported with the app (cold start)."""
    from pydantic.json_schema import GenerateJsonSchema

    class ClientSchemas(GenerateJsonSchema):
        """pydantic's schemas, for clients: a response's fields are all sent, so all required (a
        default only makes a field optional in a request; nullable stays nullable); integers carry
        int32/int64 and floats double, so typed languages pick the right type."""

        def field_is_required(self, field: Any, total: bool) -> bool:
            if self.mode == "serialization":
                return field.get("serialization_exclude_if") is None
            return super().field_is_required(field, total)

        def int_schema(self, schema: core_schema.IntSchema) -> JsonSchemaValue:
            result = super().int_schema(schema)
            low, high = result.get("minimum", result.get("exclusiveMinimum")), result.get("maximum")
            fits = low is not None and high is not None and -(2**31) <= low and high < 2**31
            result["format"] = "int32" if fits else "int64"
            return result

        def float_schema(self, schema: core_schema.FloatSchema) -> JsonSchemaValue:
            return {**super().float_schema(schema), "format": "double"}

    return ClientSchemas


@cache
def document() -> dict[str, Any]:
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = []
    for op in OPERATIONS:
        if op.body:
            models.append((op.body, "validation"))
        if op.query:
            models.append((op.query, "validation"))
        model = _item_model(op.response)
        if model:
            models.append((model, "serialization"))
    from pydantic.json_schema import models_json_schema

    refs, defs = models_json_schema(models, ref_template=_REF + "{model}", schema_generator=_schema_generator())
    schemas = defs.get("$defs", {})
    schemas["Error"] = _error_schema()
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(OPERATIONS, key=lambda o: (o.path, o.method)):
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs, schemas)
    # Query models are described by their parameters, not as schemas of their own.
    for model in {op.query for op in OPERATIONS if op.query}:
        schemas.pop(refs[(model, "validation")]["$ref"].rsplit("/", 1)[-1], None)
    result: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": TITLE,
            "version": VERSION,
            "description": "Multi-firm client portal for law firms. The firm of every request comes from its verified "
            "session token.",
        },
        "servers": servers(),
        "tags": [{"name": name, "description": text} for name, text in TAGS.items()],
        "paths": paths,
        "components": {
            "schemas": schemas,
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
    _name_schemas(result)
    _name_enums(result)
    result["components"]["schemas"] = dict(sorted(result["components"]["schemas"].items()))
    return result


def _item_model(response: Any) -> type[BaseModel] | None:
    if typing.get_origin(response) is list:
        response = typing.get_args(response)[0]
    return response if isinstance(response, type) and issubclass(response, BaseModel) else None


# Routes whose answer is JSON of another media type.
_MEDIA_TYPES = {"/portals/{slug}/manifest.webmanifest": "application/manifest+json"}


def _operation(op: Operation, refs: dict[Any, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "operationId": op.operation_id or _operation_id(op),
        "summary": op.summary,
        "tags": [op.tag],
        "security": _security(op.audience),
        "x-audience": op.audience.value,
    }
    parameters = [_path_parameter(name, op, schemas) for name in re.findall(r"{(\w+)}", op.path)]
    if op.query:
        parameters += _query_parameters(schemas[refs[(op.query, "validation")]["$ref"].rsplit("/", 1)[-1]])
    if parameters:
        result["parameters"] = parameters
    if op.body:
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(op.body, "validation")]}},
        }
    result["responses"] = {**_success_responses(op, refs), **_error_responses(op)}
    _caching(op, result, refs, schemas)
    return result


def _success_responses(op: Operation, refs: dict[Any, Any]) -> dict[str, Any]:
    model = _item_model(op.response)
    if model:
        schema = refs[(model, "serialization")]
        if typing.get_origin(op.response) is list:
            schema = {"type": "array", "items": schema}
        return {
            str(status): {
                "description": "OK",
                "content": {_MEDIA_TYPES.get(op.path, "application/json"): {"schema": schema}},
            }
            for status in (op.status, *op.also)
        }
    if op.path == "/openapi.json":
        return {
            "200": {
                "description": "The OpenAPI document",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        }
    return {"204" if op.status == 200 else str(op.status): {"description": "Done; no content."}}


def _error_responses(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status in _error_statuses(op):
        response: dict[str, Any] = {
            "description": _ERRORS[status],
            "content": {"application/json": {"schema": {"$ref": _REF + "Error"}}},
        }
        if status == 429:
            # The only rate-limit header the API sends (http.domain_error); no RateLimit-* headers.
            response["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before trying again.",
                    "schema": {"type": "integer", "format": "int32", "minimum": 0},
                }
            }
        responses[str(status)] = response
    return responses


def _caching(op: Operation, result: dict[str, Any], refs: dict[Any, Any], schemas: dict[str, Any]) -> None:
    """ETag, If-None-Match and 304 on cached GETs; If-Match, 412 and 428 on versioned writes,
    whose body's `version` may then be left out (handlers/caching.py, README "Caching and
    concurrency for apps")."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    versioned = op.body is not None and "version" in op.body.model_fields
    if op.cached:
        header = {"schema": {"type": "string"}}
        tag = {
            "description": 'W/"<hash>", or W/"v<version>-<hash>" for a record with a version'
            + (" (first pages only: none with a cursor)." if op.query and "cursor" in op.query.model_fields else "."),
            **header,
        }
        cache = {"description": "private, no-cache: the caller's own cache may keep it and revalidate it.", **header}
        result.setdefault("parameters", []).append(
            {
                "name": "If-None-Match",
                "in": "header",
                "required": False,
                "description": "The ETag of the answer the caller has: 304 while it is still the answer.",
                **header,
            }
        )
        result["responses"][str(op.status)]["headers"] = {"ETag": tag, "Cache-Control": cache}
        result["responses"]["304"] = {
            "description": "Not modified: the caller's copy (If-None-Match) is current. No body.",
            "headers": {"ETag": tag, "Cache-Control": cache},
        }
    if versioned:
        result.setdefault("parameters", []).append(
            {
                "name": "If-Match",
                "in": "header",
                "required": False,
                "description": "The ETag of the record as read, instead of (or with the same version as) the "
                "body's `version`.",
                "schema": {"type": "string"},
            }
        )
        result["responses"]["412"] = {
            "description": "If-Match names a version that is no longer current (precondition_failed).",
            "content": error,
        }
        result["responses"]["428"] = {
            "description": "Neither the body's `version` nor If-Match was sent (precondition_required).",
            "content": error,
        }
        assert op.body is not None
        body = schemas[refs[(op.body, "validation")]["$ref"].rsplit("/", 1)[-1]]
        if "version" in body.get("required", []):
            body["required"] = [name for name in body["required"] if name != "version"]
            if not body["required"]:
                del body["required"]
        version = body["properties"]["version"]
        if "If-Match" not in version.get("description", ""):
            version["description"] = (
                version.get("description", "") + " Required unless the If-Match header is "
                "sent (then it may be left out, or must be the same)."
            ).strip()
    result["responses"] = dict(sorted(result["responses"].items()))


def _security(audience: Audience) -> list[dict[str, list[str]]]:
    if audience is Audience.PUBLIC:
        return []
    return [{"apiKey": []}] if audience is Audience.INTEGRATION else [{"bearer": []}]


def _error_statuses(op: Operation) -> list[int]:
    statuses = {404, 429, 500}
    if op.body or op.query:
        statuses |= {400, 422}
    if op.audience is not Audience.PUBLIC:
        statuses |= {401, 403}
    if op.method in ("PUT", "POST", "DELETE"):
        statuses.add(409)
    if op.path.startswith("/auth/"):
        statuses |= {401, 403, 410}
    return sorted(statuses)


def _operation_id(op: Operation) -> str:
    """Only for a route declared without `operation_id` (a test fails on one): a name from its path."""
    words = re.sub(r"[{}]", "", op.path).replace("-", "/").split("/")
    return op.method.lower() + "".join(w[:1].upper() + w[1:] for w in words if w)


def _path_parameter(name: str, op: Operation, schemas: dict[str, Any]) -> dict[str, Any]:
    kind = op.path_params.get(name)
    schema: dict[str, Any] = {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,300}$"}
    if isinstance(kind, type) and issubclass(kind, Enum):
        schemas.setdefault(
            kind.__name__, {"enum": [member.value for member in kind], "title": kind.__name__, "type": "string"}
        )
        schema = {"$ref": _REF + kind.__name__}
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


def _name_schemas(document: dict[str, Any]) -> None:
    """Names a generated client can carry as its types' names. A model read and written with
    different schemas is named by pydantic `X-Input` and `X-Output`: clients get `X` for what
    the API answers and `XWrite` for what it is sent. A page of X (`Page_X_`) is `XPage`."""
    schemas = document["components"]["schemas"]
    names = {}
    for name in list(schemas):
        for suffix, new in (("-Output", ""), ("-Input", "Write")):
            if name.endswith(suffix):
                names[name] = name.removesuffix(suffix) + new
        page = re.fullmatch(r"Page_(\w+)_", name)
        if page:
            names[name] = page[1] + "Page"
    assert not set(names.values()) & set(schemas), "a renamed schema clashes with a model's name"
    for old, new in names.items():
        schemas[new] = schemas.pop(old)
        schemas[new]["title"] = new
    _rewrite_refs(document, {_REF + old: _REF + new for old, new in names.items()})


def _rewrite_refs(node: Any, refs: dict[str, str]) -> None:
    if isinstance(node, dict):
        if node.get("$ref") in refs:
            node["$ref"] = refs[node["$ref"]]
        for value in node.values():
            _rewrite_refs(value, refs)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, refs)


def _name_enums(document: dict[str, Any]) -> None:
    """Every enum one named schema, referenced: an Enum class is one already (by its class name);
    a `Literal` field's values become one too, named after the field (`AccessGrantKind`), and the
    same values elsewhere reuse the name, so clients get one type, not a copy per use."""
    schemas = document["components"]["schemas"]
    by_values = {_values(schema): name for name, schema in sorted(schemas.items()) if "enum" in schema}
    inline: list[tuple[str, dict[str, Any]]] = []
    for name, schema in sorted(schemas.items()):
        for field, prop in sorted(schema.get("properties", {}).items()):
            inline += [(name + _pascal(field), node) for node in _inline_enums(prop)]
    for _, operations in sorted(document["paths"].items()):
        for _, operation in sorted(operations.items()):
            for parameter in operation.get("parameters", []):
                owner = operation["operationId"][:1].upper() + operation["operationId"][1:]
                inline += [(owner + _pascal(parameter["name"]), node) for node in _inline_enums(parameter["schema"])]
    for suggested, node in inline:
        values = _values(node)
        if values not in by_values:
            assert suggested not in schemas, f"an enum's name clashes with a schema: {suggested}"
            schemas[suggested] = {"enum": node["enum"], "title": suggested, "type": node.get("type", "string")}
            by_values[values] = suggested
        rest = {k: v for k, v in node.items() if k not in ("enum", "type", "title")}
        node.clear()
        node.update({"$ref": _REF + by_values[values], **rest})


def _inline_enums(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        if "enum" in node:
            return [node]
        return [found for value in node.values() for found in _inline_enums(value)]
    if isinstance(node, list):
        return [found for value in node for found in _inline_enums(value)]
    return []


def _values(schema: dict[str, Any]) -> tuple[str, ...]:
    return tuple(sorted(str(value) for value in schema["enum"]))


def _pascal(name: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in name.split("_"))


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
                                    "format": "int32",
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
