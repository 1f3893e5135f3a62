"""How a route is declared: who may call it, what it reads and what it returns.

`endpoint` wraps a view so that every route authenticates the same way, parses its body
and query into pydantic models, maps domain errors to one JSON error shape, and records
itself for the OpenAPI document and the tenant-isolation matrix.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Callable

from chalice.app import Blueprint, Request, Response, handle_extra_types
from pydantic import BaseModel, ValidationError

from ..domain.auth import Caller
from ..domain.errors import (
    Conflict,
    DomainError,
    Expired,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    Unauthenticated,
)
from ..domain.integration import Integration
from ..observability import identify_firm, logger
from .caching import CACHE_CONTROL, IfMatch, entity_tag, none_match, version_in


class Audience(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"  # any staff member or client
    STAFF = "staff"
    ADMIN = "admin"
    CLIENT = "client"
    INTEGRATION = "integration"  # a firm's system, with one of the firm's API keys


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    audience: Audience
    summary: str
    tag: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: Any
    status: int
    read_only_ok: bool
    path_params: dict[str, Any]
    # Other success statuses the view answers with the same body (it returns a Response).
    also: tuple[int, ...] = ()
    # The OpenAPI operationId: a lowerCamelCase verb of the firm's world (`listMatters`), stable
    # because generated clients name their methods after it (tests/integration/test_openapi.py).
    operation_id: str | None = None
    # A GET of one record or of a list's first page: answered with an ETag, and 304 when
    # If-None-Match names it (handlers/caching.py). `etag_version`: where the record's version is.
    cached: bool = False
    etag_version: str = "version"


OPERATIONS: list[Operation] = []

STATUS_OF: dict[type[DomainError], int] = {
    InvalidInput: 422,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Expired: 410,
    RateLimited: 429,
}

_PATH_PARAM = re.compile(r"^[A-Za-z0-9._-]{1,300}$")


@dataclass
class RequestContext:
    request: Request
    caller: Caller | None
    integration: Integration | None = None

    @property
    def address(self) -> str:
        return (self.request.context or {}).get("identity", {}).get("sourceIp") or "unknown"

    def signed_in(self) -> Caller:
        assert self.caller is not None, "route declared PUBLIC but needs a caller"
        return self.caller

    def integrated(self) -> Integration:
        assert self.integration is not None, "route not declared INTEGRATION"
        return self.integration


def error(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str | list[str]] | None = None,
) -> Response:
    return Response(
        body={"error": {"code": code, "message": message, "details": details or []}},
        status_code=status,
        headers=dict(headers or {}),
    )


def domain_error(exc: DomainError) -> Response:
    status = next((s for kind, s in STATUS_OF.items() if isinstance(exc, kind)), 400)
    headers = {"Retry-After": str(exc.retry_after_seconds)} if isinstance(exc, RateLimited) else {}
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    return error(status, exc.code, exc.message, exc.details, headers)


def validation_error(exc: ValidationError, where: str) -> Response:
    if any(e["type"] == "json_invalid" for e in exc.errors()):
        return error(400, "malformed_json", "The request body is not valid JSON.")
    details = [
        {"path": ".".join(str(p) for p in e["loc"]) or where, "message": e["msg"], "type": e["type"]}
        for e in exc.errors()
    ]
    return error(422, "invalid_input", f"Some {where} fields are not valid.", details)


_CHALICE_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def standard_error_shape(response: Response) -> Response:
    """Errors Chalice answers itself (405, 415, malformed JSON) get our one error shape too."""
    body = response.body
    if response.status_code >= 400 and isinstance(body, dict) and "Code" in body and "Message" in body:
        code = (
            "internal_error" if response.status_code >= 500 else _CHALICE_CODES.get(response.status_code, "bad_request")
        )
        message = "Something went wrong on our side." if response.status_code >= 500 else body["Message"]
        return error(response.status_code, code, message, headers=response.headers)
    return response


def _bearer(request: Request) -> str | None:
    headers: Mapping[str, str] = request.headers or {}
    header = headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _authorize(caller: Caller, audience: Audience) -> None:
    allowed = {
        Audience.SIGNED_IN: True,
        Audience.STAFF: caller.staff is not None,
        Audience.ADMIN: caller.role == "admin",
        Audience.CLIENT: caller.access is not None,
    }[audience]
    if not allowed:
        raise Forbidden("You are not allowed to do this.", code="forbidden")


def endpoint(
    bp: Blueprint,
    method: str,
    path: str,
    *,
    audience: Audience,
    summary: str,
    tag: str,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: Any = None,
    status: int = 200,
    read_only_ok: bool = False,
    path_params: dict[str, Any] | None = None,
    also: tuple[int, ...] = (),
    content_types: list[str] | None = None,
    reads_client: bool = False,
    operation_id: str | None = None,
    cacheable: bool = True,
    etag_version: str = "version",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a route. The view is called as view(ctx, **path_params[, body=][, query=]).

    Path parameters are strings unless `path_params` gives them a type (an enum, say);
    a value that does not fit answers 404. `content_types`: the request bodies the route
    accepts when not only JSON (a form POSTed by a mail app). `reads_client`: a staff route
    about the client in its path reads that client with the staff member, in the same call
    (`ctx.signed_in().client`). `operation_id`: the route's name in the OpenAPI document and in
    the clients generated from it (`listMatters`); a test fails on a route without one. A GET
    answering a model carries an ETag unless `cacheable` is False (an answer that is new each
    time, such as a signed download link); `etag_version` is the dotted path of the record's
    version in the answer, which the tag then carries so that the record's writes accept it
    in If-Match."""
    typed = path_params or {}
    cached = cacheable and method == "GET" and status == 200 and response is not None

    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        OPERATIONS.append(
            Operation(
                method,
                path,
                audience,
                summary,
                tag,
                body,
                query,
                response,
                status,
                read_only_ok,
                typed,
                also,
                operation_id,
                cached,
                etag_version,
            )
        )
        validator = etag_version if cached else None

        def handle(**params: str) -> Response:
            return _handle(
                bp.current_request,
                view,
                params,
                typed,
                audience,
                body,
                query,
                status,
                read_only_ok,
                reads_client,
                validator,
            )

        # Applied as calls rather than as decorators: what Chalice's route() returns is typed Any.
        options: dict[str, Any] = {"content_types": content_types} if content_types else {}
        registered: Callable[..., Any] = bp.route(path, methods=[method], **options)(functools.wraps(view)(handle))
        return registered

    return register


def _authenticate(
    request: Request, audience: Audience, path_params: dict[str, str], read_only_ok: bool, reads_client: bool = False
) -> RequestContext:
    """Who is calling, verified: an API key for integration routes, a session token for the
    others (public routes: nobody). The firm comes only from what is verified here."""
    from ..bootstrap import services

    if audience is Audience.PUBLIC:
        return RequestContext(request=request, caller=None)
    if audience is Audience.INTEGRATION:
        headers: Mapping[str, str] = request.headers or {}
        key = headers.get("x-api-key") or _bearer(request)
        if key is None:
            raise Unauthenticated("Send the firm's API key in the X-Api-Key header.", code="unauthenticated")
        integration = services().integration.authenticate(key)
        identify_firm(integration.firm_id)
        return RequestContext(request=request, caller=None, integration=integration)
    token = _bearer(request)
    if token is None:
        raise Unauthenticated("Please sign in.", code="unauthenticated")
    # A client's request about a matter reads it with the client's access: one call for both.
    matter_id = path_params.get("matter_id") if audience is Audience.CLIENT else None
    # A staff request about a client (routes that ask) reads the client with the staff member.
    client_id = path_params.get("client_id") if reads_client and audience is not Audience.CLIENT else None
    caller = services().auth.authenticate(
        token,
        matter_id=matter_id if matter_id and _PATH_PARAM.match(matter_id) else None,
        client_id=client_id if client_id and _PATH_PARAM.match(client_id) else None,
    )
    identify_firm(caller.firm_id)
    _authorize(caller, audience)
    if caller.claims.read_only and request.method != "GET" and not read_only_ok:
        raise Forbidden("This session is read-only.", code="read_only_session")
    return RequestContext(request=request, caller=caller)


def _handle(
    request: Request,
    view: Callable[..., Any],
    path_params: dict[str, str],
    typed: dict[str, Any],
    audience: Audience,
    body: type[BaseModel] | None,
    query: type[BaseModel] | None,
    status: int,
    read_only_ok: bool,
    reads_client: bool = False,
    etag_version: str | None = None,
) -> Response:
    precondition = False  # the version came from If-Match: a stale one is 412, not 409
    try:
        context = _authenticate(request, audience, path_params, read_only_ok, reads_client)
        kwargs: dict[str, Any] = {}
        for name, value in path_params.items():
            if not _PATH_PARAM.match(value):
                raise NotFound("Not found.")
            try:
                kwargs[name] = typed[name](value) if name in typed else value
            except ValueError:
                raise NotFound("Not found.") from None
        if body is not None:
            parsed = _parse_body(request, body)
            if isinstance(parsed, Response):
                return parsed
            kwargs["body"], precondition = parsed
        if query is not None:
            params: Mapping[str, str] = request.query_params or {}
            # Every query field is single-valued: `?cursor=a&cursor=b` is ambiguous, not "the last one".
            repeated = [
                name
                for name in params
                if name in query.model_fields and hasattr(params, "getlist") and len(params.getlist(name)) > 1
            ]
            if repeated:
                details = [
                    {"path": name, "message": "Give this parameter once.", "type": "repeated"} for name in repeated
                ]
                return error(422, "invalid_input", "Some query fields are not valid.", details)
            try:
                kwargs["query"] = query.model_validate(params)
            except ValidationError as exc:
                return validation_error(exc, "query")
        result = view(context, **kwargs)
    except DomainError as exc:
        if precondition and isinstance(exc, Conflict) and exc.code in _STALE:
            return error(412, "precondition_failed", exc.message)
        return domain_error(exc)
    except Exception:
        # Input is validated before the view runs, so anything else (a pydantic error
        # included) is our bug: logged, and answered 500 without details.
        logger.exception("unhandled error", extra={"route": (request.context or {}).get("resourcePath")})
        return error(500, "internal_error", "Something went wrong on our side.")
    if result is None:
        return Response(body="", status_code=204 if status == 200 else status)
    if isinstance(result, Response):
        return result
    asked: Mapping[str, str] = request.query_params or {}
    if etag_version is None or asked.get("cursor"):
        return Response(body=_dump(result), status_code=status)
    return _validated(request, _dump(result), etag_version)


# What a stale version is called where it is detected (the services; a conditional write).
_STALE = {"stale_version", "conflict"}


def _parse_body(request: Request, model: type[BaseModel]) -> tuple[BaseModel, bool] | Response:
    """The body as its model; for a model with a `version`, the version may come from
    If-Match instead (RFC 9110, 13.1.1): (the body, whether If-Match gave the version).
    The body's other fields are checked first, as without If-Match."""
    raw: str | bytes = request.raw_body or b"{}"
    headers: Mapping[str, str] = request.headers or {}
    field = model.model_fields.get("version")
    header = headers.get("if-match") if field is not None else None
    condition = IfMatch.parse(header) if header is not None else None
    if field is None or condition is None or condition.any:
        # `*` says that the record exists, not which version was read: the body must say it.
        try:
            return model.model_validate_json(raw), False
        except ValidationError as exc:
            missing = [e for e in exc.errors() if e["type"] == "missing" and tuple(e["loc"]) == ("version",)]
            if field is not None and missing and len(exc.errors()) == 1:
                return _precondition_required()
            return validation_error(exc, "body")
    data = _json_object(raw)
    if data is None or ("version" in data and data["version"] is not None and not _is_number(data["version"])):
        return _parse_body_as_is(model, raw, True)  # not an object, or a version of the wrong type: as before
    given, present = data.get("version"), "version" in data
    # A stand-in version while the tag names none, only to check the other fields.
    version = given if present else (condition.version if condition.version is not None else 1)
    parsed = _parse_body_as_is(model, json.dumps(data | {"version": version}).encode(), True)
    if isinstance(parsed, Response):
        return parsed
    if condition.several:
        message = "Send one entity tag in If-Match: the ETag of the record as you read it."
        return error(422, "invalid_input", message, [{"path": "If-Match", "message": message, "type": "several"}])
    if condition.version is None:
        return error(
            412,
            "precondition_failed",
            "This record has changed, or the If-Match header is not an ETag it had. Reload it and try again.",
        )
    if present and given != condition.version:
        message = f"The body's version ({given}) and the If-Match header's ({condition.version}) differ: send one."
        return error(422, "version_mismatch", message, [{"path": "version", "message": message, "type": "mismatch"}])
    return parsed


def _parse_body_as_is(
    model: type[BaseModel], raw: str | bytes, precondition: bool
) -> tuple[BaseModel, bool] | Response:
    try:
        return model.model_validate_json(raw), precondition
    except ValidationError as exc:
        return validation_error(exc, "body")


def _json_object(raw: str | bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _precondition_required() -> Response:
    message = "Send the version you read: as `version` in the body, or the record's ETag in the If-Match header."
    return error(
        428,
        "precondition_required",
        message,
        [{"path": "version", "message": "Required unless the If-Match header is sent.", "type": "missing"}],
    )


def _validated(request: Request, payload: Any, etag_version: str) -> Response:
    """The answer with its ETag; 304 without a body when If-None-Match names it."""
    sent = json.dumps(payload, separators=(",", ":"), default=handle_extra_types)  # as Chalice would send it
    tag = entity_tag(sent, version_in(payload, etag_version))
    headers: dict[str, str | list[str]] = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    request_headers: Mapping[str, str] = request.headers or {}
    condition = request_headers.get("if-none-match")
    if condition is not None and none_match(condition, tag):
        return Response(body="", status_code=304, headers=headers)
    return Response(body=sent, status_code=200, headers=headers | {"Content-Type": "application/json"})


def _dump(result: Any) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, list):
        return [_dump(item) for item in result]
    return result
