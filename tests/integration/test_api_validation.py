"""Bad input gets a 4xx in the one error shape, with the field that is wrong; never a 500."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.client_input import INVALID_CLIENT_FIELDS, client_body
from tests.support.cursors import REFUSED_BY_THE_CLIENT_LIST
from tests.support.portal import Firm, PortalDriver, source_address


def cursor_of(raw: Any) -> str:
    """A cursor as the API makes them: base64 of a small JSON document."""
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


def raw_call(
    portal: PortalDriver,
    method: str,
    path: str,
    token: str | None,
    body: bytes | str | None,
    content_type: str = "application/json",
) -> Any:
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return portal.http.http.request(method, path, headers=headers, body=body)


def assert_error_shape(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.body[:500])
    error = response.json_body["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    if code:
        assert error["code"] == code, error
    return error


@pytest.fixture(scope="module")
def api(chalice_app: Any, pump: Any, stack: Any) -> Iterator[PortalDriver]:
    """One driver, firm and client for the whole module: bad input changes nothing, and
    opening a firm per test would cost a third of a second each."""
    from chalice.test import Client

    with Client(chalice_app) as http, source_address():
        yield PortalDriver(http, pump, stack.url)


@pytest.fixture(scope="module")
def firm(api: PortalDriver) -> Firm:
    with source_address():
        return api.open_firm()


@pytest.fixture(scope="module")
def client(api: PortalDriver, firm: Firm) -> dict[str, Any]:
    return api.add_client(firm, "Maria Souza")


VALID_SETTINGS = {"enabled": True, "display_name": "Silva", "sender_name": "Silva", "version": 1}


# (method, path with {client}/{slug}, body, the detail paths expected)
INVALID_FIELDS = [
    ("POST", "/clients", {}, ["name"]),
    # each field of a client the unit test refuses too (tests/support/client_input.py)
    *[("POST", "/clients", client_body(field, value), [path]) for field, value, path in INVALID_CLIENT_FIELDS],
    ("POST", "/clients", [], ["body"]),
    ("POST", "/clients", "a string", ["body"]),
    ("PUT", "/clients/{client}", {"name": "X", "version": 0}, ["version"]),
    ("PUT", "/clients/{client}", {"name": "X", "version": "one"}, ["version"]),
    ("POST", "/clients/{client}/access", {}, ["type"]),
    ("POST", "/clients/{client}/access", {"type": "superuser"}, ["type"]),
    ("POST", "/clients/{client}/access", {"type": "account", "profile": {"tasks": "perhaps"}}, ["profile.tasks"]),
    ("POST", "/clients/{client}/access", {"type": "account", "profile": {"everything": True}}, ["profile.everything"]),
    ("POST", "/clients/{client}/access", {"type": "account", "email": "x"}, ["email"]),
    ("PUT", "/firm/portal-settings", {**VALID_SETTINGS, "slug": "-bad-"}, ["slug"]),
    ("PUT", "/firm/portal-settings", {**VALID_SETTINGS, "slug": "{slug}", "primary_color": "red"}, ["primary_color"]),
    (
        "PUT",
        "/firm/portal-settings",
        {**VALID_SETTINGS, "slug": "{slug}", "logo_url": "javascript:alert(1)"},
        ["logo_url"],
    ),
    (
        "PUT",
        "/firm/portal-settings",
        {**VALID_SETTINGS, "slug": "{slug}", "default_language": "de"},
        ["default_language"],
    ),
    ("PUT", "/firm/portal-settings", {"slug": "{slug}"}, ["display_name", "sender_name", "version"]),
    ("POST", "/staff", {"email": "bruno", "name": "Bruno"}, ["email"]),
    ("POST", "/staff", {"email": "bruno@example.com", "name": "Bruno", "role": "owner"}, ["role"]),
    ("POST", "/auth/staff/sign-in", {"portal": "x", "email": "a@example.com", "password": "p"}, ["portal"]),
    ("POST", "/auth/staff/sign-in", {"portal": "{slug}", "email": "a@example.com"}, ["password"]),
    (
        "POST",
        "/auth/client/invitation/accept",
        {"portal": "{slug}", "token": "t" * 50, "password": "short"},
        ["password"],
    ),
    (
        "POST",
        "/auth/client/reset-password",
        {"portal": "{slug}", "token": "short", "new_password": "long enough password"},
        ["token"],
    ),
    ("POST", "/auth/refresh", {}, ["refresh_token"]),
    ("POST", "/auth/client/forgot-password", {"portal": "{slug}", "email": "not an e-mail"}, ["email"]),
    ("POST", "/auth/sign-out", {"everywhere": "sometimes"}, ["everywhere"]),
    ("POST", "/auth/password", {"current_password": "x", "new_password": "short"}, ["new_password"]),
]


@pytest.mark.parametrize(("method", "path", "body", "paths"), INVALID_FIELDS)
def test_invalid_fields_answer_422_with_their_paths(
    api: PortalDriver, firm: Firm, client: dict[str, Any], method: str, path: str, body: Any, paths: list[str]
) -> None:
    path = path.format(client=client["id"], slug=firm.slug)
    body = json.loads(json.dumps(body).replace("{slug}", firm.slug))
    response = api.call(method, path, firm.admin_token, body)
    error = assert_error_shape(response, 422, "invalid_input")
    assert sorted({d["path"] for d in error["details"]}) == sorted(paths), error["details"]
    assert all(d["message"] for d in error["details"])


@pytest.mark.parametrize(
    ("path", "body"),
    [("/clients/{client}", {"name": "X"}), ("/clients/{client}/access/profile", {"profile": {}})],
)
def test_a_write_without_its_version_answers_428(
    api: PortalDriver, firm: Firm, client: dict[str, Any], path: str, body: Any
) -> None:
    """Otherwise valid, with neither `version` nor If-Match (README, "Caching and concurrency for apps")."""
    error = assert_error_shape(api.call("PUT", path.format(client=client["id"]), firm.admin_token, body), 428)
    assert error["code"] == "precondition_required"
    assert [d["path"] for d in error["details"]] == ["version"]


@pytest.mark.parametrize(
    ("path", "paths"),
    [
        ("/clients?limit=0", ["limit"]),
        ("/clients?limit=101", ["limit"]),
        ("/clients?limit=ten", ["limit"]),
        ("/clients?q=" + "x" * 101, ["q"]),
        ("/clients?cursor=" + "c" * 1025, ["cursor"]),
        ("/audit?limit=-1", ["limit"]),
    ],
)
def test_invalid_query_parameters_answer_422(api: PortalDriver, firm: Firm, path: str, paths: list[str]) -> None:
    error = assert_error_shape(api.call("GET", path, firm.admin_token), 422, "invalid_input")
    assert [d["path"] for d in error["details"]] == paths


@pytest.mark.parametrize(
    ("what", "cursor"), REFUSED_BY_THE_CLIENT_LIST, ids=[what for what, _ in REFUSED_BY_THE_CLIENT_LIST]
)
def test_a_bad_cursor_answers_422_on_the_cursor_field(api: PortalDriver, firm: Firm, what: str, cursor: str) -> None:
    """The table the unit test of the directory runs too (tests/support/cursors.py)."""
    error = assert_error_shape(api.call("GET", f"/clients?cursor={cursor}", firm.admin_token), 422, "invalid_input")
    assert [d["path"] for d in error["details"]] == ["cursor"]


def test_a_list_cursor_is_refused_by_a_search(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    for name in ("Ana", "Bruno", "Carla"):
        portal.add_client(firm, name)
    page = portal.ok("GET", "/clients?limit=1", firm.admin_token)
    assert page["next_cursor"]
    error = assert_error_shape(
        portal.call("GET", f"/clients?q=ana&cursor={page['next_cursor']}", firm.admin_token), 422
    )
    assert [d["path"] for d in error["details"]] == ["cursor"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"name": "Maria"',
        b"{name: 'Maria'}",
        b'{"name": "Maria",}',
        b"\xff\xfe\xfd",
        b'{"name": "Maria"} trailing',
        b"nul\x00l",
    ],
)
def test_malformed_json_answers_400(api: PortalDriver, firm: Firm, body: bytes) -> None:
    assert_error_shape(raw_call(api, "POST", "/clients", firm.admin_token, body), 400, "malformed_json")


def test_an_empty_body_is_an_empty_object(api: PortalDriver, firm: Firm) -> None:
    error = assert_error_shape(raw_call(api, "POST", "/clients", firm.admin_token, b""), 422)
    assert [d["path"] for d in error["details"]] == ["name"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/clients/nosuchclient"),
        ("GET", "/clients/UPPER"),
        ("GET", "/clients/with.dots"),
        ("GET", "/clients/" + "a" * 301),
        ("GET", "/clients/%F0%9F%98%80"),
        ("GET", "/clients/a%20b"),
        ("PUT", "/clients/nosuchclient"),
        ("DELETE", "/clients/nosuchclient"),
        ("GET", "/clients/nosuchclient/access"),
        ("POST", "/clients/nosuchclient/access"),
        ("POST", "/clients/nosuchclient/access/block"),
        ("POST", "/clients/nosuchclient/access/simulation"),
        ("DELETE", "/clients/nosuchclient/access"),
        ("PUT", "/staff/nosuchstaff"),
        ("DELETE", "/staff/nosuchstaff"),
        ("GET", "/portals/nowhere"),
        ("GET", "/portals/x"),
        ("POST", "/auth/owner/sign-in"),
        ("POST", "/auth/STAFF/sign-in"),
    ],
)
def test_unknown_or_malformed_ids_in_the_path_answer_404(api: PortalDriver, firm: Firm, method: str, path: str) -> None:
    bodies = {
        "PUT /clients": {"name": "X", "version": 1},
        "POST /clients": {"type": "account"},
        "PUT /staff": {"name": "X", "role": "staff", "version": 1},
        "POST /auth": {"portal": firm.slug, "email": "a@example.com", "password": "p"},
    }
    body = next((b for prefix, b in bodies.items() if f"{method} {path}".startswith(prefix)), None)
    assert_error_shape(api.call(method, path, firm.admin_token, body), 404)


def test_another_firms_client_is_404_not_403(portal: PortalDriver, firm: Firm, client: dict[str, Any]) -> None:
    other = portal.open_firm("Outra Sociedade")  # the shared firm's client, seen from another firm
    for method, path in [
        ("GET", f"/clients/{client['id']}"),
        ("GET", f"/clients/{client['id']}/access"),
        ("DELETE", f"/clients/{client['id']}"),
    ]:
        assert_error_shape(portal.call(method, path, other.admin_token), 404)
    assert portal.ok("GET", f"/clients/{client['id']}", firm.admin_token)["name"] == "Maria Souza"


def test_requests_without_a_valid_token_answer_401(api: PortalDriver, firm: Firm) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer not.a.jwt"},
    ):
        response = api.http.http.request("GET", "/clients", headers={"Content-Type": "application/json", **headers})
        assert_error_shape(response, 401)
        assert response.headers.get("WWW-Authenticate") == "Bearer"


def test_wrong_content_type_and_wrong_method_keep_the_error_shape(api: PortalDriver, firm: Firm) -> None:
    assert_error_shape(
        raw_call(api, "POST", "/clients", firm.admin_token, "name=Maria", "application/x-www-form-urlencoded"), 415
    )
    assert_error_shape(api.call("PATCH", "/clients", firm.admin_token, {}), 405)


def test_a_staff_member_who_is_no_admin_gets_403_on_admin_routes(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm)
    _, token = portal.staff_member(firm)
    assert portal.ok("GET", "/clients", token)["items"]
    for method, path, body in [
        ("POST", f"/clients/{client['id']}/access", {"type": "account"}),
        ("GET", "/audit", None),
        ("POST", "/staff", {"email": "x@example.com", "name": "X"}),
    ]:
        assert_error_shape(portal.call(method, path, token, body), 403, "forbidden")


# Every route, with what a confused or hostile caller might send: nothing answers 500.
def hostile_requests(firm: Firm, client_id: str) -> list[tuple[str, str, Any]]:
    weird_values: list[Any] = [
        None,
        0,
        -1,
        2**64,
        1.5,
        True,
        "",
        " ",
        "x" * 5000,
        "\u0000",
        "\ud800",
        "🙂",
        [],
        {},
        {"$ne": 1},
    ]
    requests: list[tuple[str, str, Any]] = []
    for value in weird_values:
        requests += [
            ("POST", "/clients", {"name": value, "emails": [value]}),
            ("PUT", f"/clients/{client_id}", {"name": "X", "version": value}),
            ("POST", f"/clients/{client_id}/access", {"type": "account", "email": value, "profile": value}),
            ("PUT", f"/clients/{client_id}/access/profile", {"profile": {}, "version": value}),
            ("PUT", "/firm/portal-settings", {**VALID_SETTINGS, "slug": firm.slug, "logo_url": value}),
            ("POST", "/staff", {"email": value, "name": value, "role": value}),
            ("POST", "/auth/staff/sign-in", {"portal": firm.slug, "email": "a@example.com", "password": value}),
            ("POST", "/auth/refresh", {"refresh_token": value}),
            ("POST", "/auth/client/link-session", {"portal": firm.slug, "token": value}),
            ("POST", "/auth/client/invitation", {"portal": value, "token": value}),
        ]
    for cursor in [
        "",
        "=",
        "%",
        "a" * 1024,
        cursor_of({"k": ""}),
        cursor_of({"k": "\ud800"}),
        cursor_of({"k": "x" * 700}),
        cursor_of({"k": None}),
    ]:
        requests += [
            ("GET", f"/clients?cursor={cursor}", None),
            ("GET", f"/clients?q=ma&cursor={cursor}", None),
            ("GET", f"/audit?cursor={cursor}", None),
        ]
    for q in ["%", "#", "TERM#", "a#b", "\u0000", "🙂", "ma" * 50, "' OR 1=1 --"]:
        requests.append(("GET", f"/clients?q={q}", None))
    for token in [
        f"{client_id}." + "a" * 40,
        "UPPER." + "a" * 40,
        "x" * 300 + "." + "a" * 40,
        "é." + "a" * 40,
        "..........",
        "a.b.c",
    ]:
        requests += [
            ("POST", "/auth/client/invitation", {"portal": firm.slug, "token": token}),
            (
                "POST",
                "/auth/client/invitation/accept",
                {"portal": firm.slug, "token": token, "password": "long enough password"},
            ),
            (
                "POST",
                "/auth/client/reset-password",
                {"portal": firm.slug, "token": token, "new_password": "long enough password"},
            ),
            ("POST", "/auth/client/link-session", {"portal": firm.slug, "token": token}),
            ("POST", "/auth/refresh", {"refresh_token": token}),
        ]
    return requests


def test_no_bad_input_gets_a_500(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm)
    answers: dict[tuple[str, str], int] = {}
    for method, path, body in hostile_requests(firm, client["id"]):
        response = portal.call(method, path, firm.admin_token, body)
        answers[(method, path[:80] + " " + json.dumps(body)[:80])] = response.status_code
        assert 400 <= response.status_code < 500 or response.status_code in (200, 201, 202), (
            method,
            path,
            body,
            response.body[:300],
        )
        if response.status_code >= 400:
            assert set(response.json_body["error"]) == {"code", "message", "details"}
    assert all(status < 500 for status in answers.values())
    # The firm still works after all that.
    assert portal.ok("GET", f"/clients/{client['id']}", firm.admin_token)["id"] == client["id"]


# --- free text: no control or invisible format character, stored NFC ----------------------


def test_a_client_name_with_a_bidi_override_is_refused_on_its_field(api: PortalDriver, firm: Firm) -> None:
    response = api.call(
        "POST", "/clients", firm.admin_token, {"name": "Maria \u202eazuoS", "emails": ["spoof@example.com"]}
    )
    error = assert_error_shape(response, 422, "invalid_input")
    assert error["details"] == [
        {"path": "name", "message": "Control characters are not allowed (U+202E).", "type": "control_characters"}
    ]
    assert api.ok("GET", "/clients?q=spoof", firm.admin_token)["items"] == []


def test_text_sent_decomposed_is_stored_nfc(api: PortalDriver, firm: Firm, client: dict[str, Any]) -> None:
    matter = api.open_matter(
        firm, [client], title="Ac\u0327a\u0303o de despejo e\u0301 🙂", court="Tribunal de Justic\u0327a"
    )
    stored = api.ok("GET", f"/matters/{matter['id']}", firm.admin_token)
    assert (stored["title"], stored["court"]) == ("Ação de despejo é 🙂", "Tribunal de Justiça")
    item = api.add_update(
        firm, matter, "news", "Audie\u0302ncia marcada", body="Olá,\r\na audie\u0302ncia é amanhã.\r\n"
    )
    assert (item["text"], item["body"]) == ("Audiência marcada", "Olá,\na audiência é amanhã.")


# Strings of a request that are not free text: secrets and opaque tokens, checked as such.
NOT_FREE_TEXT = {"password", "current_password", "new_password", "token", "refresh_token", "cursor"}


def _strings(
    schema: Any, path: str, wrappers: tuple[Any, ...], definitions: dict[str, Any], seen: frozenset[str]
) -> Iterator[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """(field path, the functions wrapping it, the str schema) of every string in a core schema."""
    if isinstance(schema, list):
        for item in schema:
            yield from _strings(item, path, wrappers, definitions, seen)
        return
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if kind == "str":
        yield path, wrappers, schema
        return
    if kind == "definitions":
        definitions = {**definitions, **{d["ref"]: d for d in schema["definitions"]}}
    if kind == "definition-ref":
        ref = schema["schema_ref"]
        if ref not in seen:
            yield from _strings(definitions[ref], path, wrappers, definitions, seen | {ref})
        return
    if kind in ("model-fields", "typed-dict"):
        for name, field in schema["fields"].items():
            yield from _strings(field, f"{path}.{name}".lstrip("."), (), definitions, seen)
        return
    if kind and kind.startswith("function-"):
        wrappers = (*wrappers, schema["function"]["function"])
    for key, value in schema.items():
        if key not in ("function", "metadata", "serialization", "ref", "cls", "definitions"):
            yield from _strings(value, path, wrappers, definitions, seen)


def test_every_free_text_field_of_every_request_is_single_or_multi_line(chalice_app: Any) -> None:
    """A new field of free text cannot be added as a bare str: it would store controls again."""
    from chalicelib.domain import common, firm, integration
    from chalicelib.handlers.http import OPERATIONS

    free_text = {common._single_line, common._single_line_cleaned, common._multi_line}
    models = {model for op in OPERATIONS for model in (op.body, op.query) if model is not None}
    # A movement batch keeps its records as sent and checks each on its own (MovementBatch.check).
    models |= {integration.DataJudRecord, integration.PlainMovement}
    checked, bare = set(), []
    for model in models:
        model.model_rebuild()
        for path, wrappers, schema in _strings(model.__pydantic_core_schema__, "", (), {}, frozenset()):
            formats = (
                schema.get("pattern")
                or firm._not_reserved in wrappers
                or firm._known_time_zone in wrappers  # one of the IANA zone names, nothing else
                or any("EmailStr" in getattr(w, "__qualname__", "") for w in wrappers)
            )
            if free_text & set(wrappers):
                checked.add(f"{model.__name__}.{path}")
            elif not (formats or path.rsplit(".", 1)[-1] in NOT_FREE_TEXT):
                bare.append(f"{model.__name__}.{path}")
    assert bare == []
    assert {
        "ClientInput.name",
        "MatterInput.parties.name",
        "UpdateChange.body",
        "ApiKeyRequest.name",
        "DataJudRecord.movimentos.nome",
    } <= checked
