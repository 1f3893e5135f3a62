"""Caching and concurrency for apps over HTTP (handlers/caching.py): ETag and 304 on single
records and first pages, never before the caller is authenticated and authorized; If-Match as
the version of a write; the one error shape for paths no route matches."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.portal import Firm, PortalDriver

WEAK = re.compile(r'^W/"[0-9a-f]{32}"$')
VERSIONED = re.compile(r'^W/"v(\d+)-[0-9a-f]{32}"$')


def get(portal: PortalDriver, path: str, token: str | None, tag: str | None = None) -> Any:
    return portal.call("GET", path, token, headers={"If-None-Match": tag} if tag else None)


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.body[:500])
    error: dict[str, Any] = response.json_body["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    assert error["code"] == code, error
    return error


@pytest.fixture
def firm(portal: PortalDriver) -> Firm:
    return portal.open_firm()


@pytest.fixture
def client(portal: PortalDriver, firm: Firm) -> dict[str, Any]:
    return portal.add_client(firm, "Maria Souza")


# --- ETag and If-None-Match ---------------------------------------------------------------------


def test_a_single_record_has_a_versioned_tag_and_304_while_unchanged(
    portal: PortalDriver, firm: Firm, client: dict[str, Any]
) -> None:
    path = f"/clients/{client['id']}"
    first = get(portal, path, firm.admin_token)
    assert first.status_code == 200
    tag = first.headers["ETag"]
    assert (match := VERSIONED.match(tag)) and int(match.group(1)) == first.json_body["version"] == 1
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert get(portal, path, firm.admin_token).headers["ETag"] == tag  # the same body, the same tag

    for condition in (tag, tag.removeprefix("W/"), f'"other", {tag}', "*"):
        unchanged = get(portal, path, firm.admin_token, condition)
        assert unchanged.status_code == 304, condition
        assert unchanged.body in (b"", "")
        assert unchanged.headers["ETag"] == tag
        assert unchanged.headers["Cache-Control"] == "private, no-cache"
    for condition in ('W/"v1-0000"', '"other"', "not a tag"):
        assert get(portal, path, firm.admin_token, condition).status_code == 200, condition


def test_a_change_gives_a_new_tag_and_the_old_one_gets_the_new_answer(
    portal: PortalDriver, firm: Firm, client: dict[str, Any]
) -> None:
    path = f"/clients/{client['id']}"
    old = get(portal, path, firm.admin_token).headers["ETag"]
    portal.ok("PUT", path, firm.admin_token, {"name": "Maria Souza Lima", "emails": client["emails"], "version": 1})
    after = get(portal, path, firm.admin_token, old)
    assert after.status_code == 200 and after.json_body["name"] == "Maria Souza Lima"
    assert VERSIONED.match(after.headers["ETag"]).group(1) == "2"  # type: ignore[union-attr]
    assert after.headers["ETag"] != old


def test_a_first_page_has_a_tag_that_changes_with_the_list_and_a_cursor_page_none(
    portal: PortalDriver, firm: Firm, client: dict[str, Any]
) -> None:
    first = get(portal, "/clients?limit=1", firm.admin_token)
    tag = first.headers["ETag"]
    assert WEAK.match(tag), tag  # a list has no version
    assert get(portal, "/clients?limit=1", firm.admin_token, tag).status_code == 304
    # Another query is another answer.
    assert get(portal, "/clients?limit=2", firm.admin_token, tag).status_code == 200

    portal.add_client(firm, "Ana Lima")  # sorts before Maria: the first page changes
    changed = get(portal, "/clients?limit=1", firm.admin_token, tag)
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    cursor = changed.json_body["next_cursor"]
    assert cursor

    page = get(portal, f"/clients?limit=1&cursor={cursor}", firm.admin_token, "*")
    assert page.status_code == 200 and page.json_body["items"]
    assert "ETag" not in page.headers
    assert page.headers["Cache-Control"] == "no-store"


def test_no_304_before_the_caller_is_known_and_allowed(
    portal: PortalDriver, firm: Firm, client: dict[str, Any]
) -> None:
    path = f"/clients/{client['id']}"
    tag = get(portal, path, firm.admin_token).headers["ETag"]
    other = portal.open_firm("Outra Firma")
    _, client_token = portal.invited_client(firm)
    for token, status, code in (
        (None, 401, "unauthenticated"),
        ("not.a.jwt", 401, "invalid_token"),
        (other.admin_token, 404, "not_found"),
        (client_token, 403, "forbidden"),
    ):
        for condition in (tag, "*"):
            response = get(portal, path, token, condition)
            assert_error(response, status, code)
            assert "ETag" not in response.headers
            assert response.headers["Cache-Control"] == "no-store"


def test_errors_and_writes_carry_no_tag(portal: PortalDriver, firm: Firm, client: dict[str, Any]) -> None:
    written = portal.call(
        "PUT", f"/clients/{client['id']}", firm.admin_token, {"name": "M", "emails": client["emails"], "version": 1}
    )
    assert written.status_code == 200 and "ETag" not in written.headers
    assert written.headers["Cache-Control"] == "no-store"
    missing = get(portal, "/clients/nobody", firm.admin_token, "*")
    assert_error(missing, 404, "not_found")
    assert "ETag" not in missing.headers


def test_nested_versions_are_in_the_tag(portal: PortalDriver, firm: Firm) -> None:
    """The record a write changes: the firm's version in the translation settings; the
    document request in its detail."""
    firm_view = portal.ok("GET", "/firm", firm.admin_token)
    translation = get(portal, "/firm/translation", firm.admin_token)
    assert VERSIONED.match(translation.headers["ETag"]).group(1) == str(firm_view["version"])  # type: ignore[union-attr]
    client = portal.add_client(firm, "Paula Dias")
    request = portal.ok(
        "POST",
        "/document-requests",
        firm.admin_token,
        {"client_id": client["id"], "title": "Comprovante de residência", "details": "Uma conta recente."},
        status=201,
    )
    detail = get(portal, f"/document-requests/{request['id']}", firm.admin_token)
    assert VERSIONED.match(detail.headers["ETag"]).group(1) == str(request["version"])  # type: ignore[union-attr]


# --- If-Match --------------------------------------------------------------------------------


def put_client(portal: PortalDriver, firm: Firm, client: dict[str, Any], body: dict[str, Any], **headers: str) -> Any:
    return portal.call(
        "PUT",
        f"/clients/{client['id']}",
        firm.admin_token,
        {"emails": client["emails"], **body},
        headers={k.replace("_", "-"): v for k, v in headers.items()},
    )


def stored_name(portal: PortalDriver, firm: Firm, client: dict[str, Any]) -> tuple[str, int]:
    stored = portal.ok("GET", f"/clients/{client['id']}", firm.admin_token)
    return stored["name"], stored["version"]


def test_if_match_stands_for_the_body_version(portal: PortalDriver, firm: Firm, client: dict[str, Any]) -> None:
    tag = get(portal, f"/clients/{client['id']}", firm.admin_token).headers["ETag"]
    done = put_client(portal, firm, client, {"name": "Maria Souza Lima"}, If_Match=tag)
    assert done.status_code == 200, done.body
    assert done.json_body["version"] == 2
    # The strong form of the tag, and both with the same version, are accepted too.
    tag = get(portal, f"/clients/{client['id']}", firm.admin_token).headers["ETag"]
    assert put_client(portal, firm, client, {"name": "M. S. Lima"}, If_Match=tag.removeprefix("W/")).status_code == 200
    tag = get(portal, f"/clients/{client['id']}", firm.admin_token).headers["ETag"]
    both = put_client(portal, firm, client, {"name": "Maria", "version": 3}, If_Match=tag)
    assert both.status_code == 200 and both.json_body["version"] == 4


def test_a_stale_if_match_is_412_and_a_stale_body_version_stays_409(
    portal: PortalDriver, firm: Firm, client: dict[str, Any]
) -> None:
    old = get(portal, f"/clients/{client['id']}", firm.admin_token).headers["ETag"]
    assert put_client(portal, firm, client, {"name": "Maria Souza Lima", "version": 1}).status_code == 200

    assert_error(put_client(portal, firm, client, {"name": "Late"}, If_Match=old), 412, "precondition_failed")
    assert_error(put_client(portal, firm, client, {"name": "Late", "version": 1}), 409, "stale_version")
    # A tag this API did not give, or one of a list (no version), matches nothing.
    for tag in ('"something else"', "garbage", get(portal, "/clients", firm.admin_token).headers["ETag"]):
        assert_error(put_client(portal, firm, client, {"name": "Late"}, If_Match=tag), 412, "precondition_failed")
    # An invalid body is answered 422 first, whatever If-Match says.
    bad = assert_error(put_client(portal, firm, client, {"name": ""}, If_Match=old), 422, "invalid_input")
    assert [d["path"] for d in bad["details"]] == ["name"]
    assert stored_name(portal, firm, client) == ("Maria Souza Lima", 2)


def test_neither_version_nor_if_match_is_428(portal: PortalDriver, firm: Firm, client: dict[str, Any]) -> None:
    error = assert_error(put_client(portal, firm, client, {"name": "Nobody"}), 428, "precondition_required")
    assert error["details"][0]["path"] == "version"
    # `*` says the record exists, not which version was read.
    assert_error(put_client(portal, firm, client, {"name": "Nobody"}, If_Match="*"), 428, "precondition_required")
    assert put_client(portal, firm, client, {"name": "Star", "version": 1}, If_Match="*").status_code == 200
    # Other mistakes in the body are answered as before, the missing version among them.
    invalid = assert_error(put_client(portal, firm, client, {"name": ""}), 422, "invalid_input")
    assert {d["path"] for d in invalid["details"]} == {"name", "version"}
    assert stored_name(portal, firm, client) == ("Star", 2)


def test_if_match_and_a_different_body_version_is_422(portal: PortalDriver, firm: Firm, client: dict[str, Any]) -> None:
    tag = get(portal, f"/clients/{client['id']}", firm.admin_token).headers["ETag"]
    error = assert_error(
        put_client(portal, firm, client, {"name": "Two", "version": 5}, If_Match=tag), 422, "version_mismatch"
    )
    assert error["details"][0]["path"] == "version"
    several = put_client(portal, firm, client, {"name": "Two"}, If_Match=f'{tag}, W/"v9-{"0" * 32}"')
    assert_error(several, 422, "invalid_input")
    # A version of the wrong type is the same validation error as without If-Match.
    wrong = assert_error(
        put_client(portal, firm, client, {"name": "Two", "version": "1"}, If_Match=tag), 422, "invalid_input"
    )
    assert [d["path"] for d in wrong["details"]] == ["version"]
    null = assert_error(
        put_client(portal, firm, client, {"name": "Two", "version": None}, If_Match=tag), 422, "invalid_input"
    )
    assert [d["path"] for d in null["details"]] == ["version"]
    assert stored_name(portal, firm, client) == ("Maria Souza", 1)


def test_if_match_on_a_client_preference_from_version_zero(portal: PortalDriver, firm: Firm) -> None:
    _, token = portal.invited_client(firm)
    read = get(portal, "/portal/notification-preferences", token)
    assert VERSIONED.match(read.headers["ETag"]).group(1) == "0"  # type: ignore[union-attr]
    changed = portal.call(
        "PUT",
        "/portal/notification-preferences",
        token,
        {"channels": {"news": "none"}},
        headers={"If-Match": read.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.body
    again = portal.call(
        "PUT",
        "/portal/notification-preferences",
        token,
        {"channels": {"news": "email"}},
        headers={"If-Match": read.headers["ETag"]},
    )
    assert_error(again, 412, "precondition_failed")


# --- unknown routes ----------------------------------------------------------------------------


def test_unknown_paths_and_methods_answer_in_the_one_error_shape(portal: PortalDriver, firm: Firm) -> None:
    for token in (None, firm.admin_token):
        response = portal.call("GET", "/no/such/route", token)
        assert_error(response, 404, "not_found")
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert_error(portal.call("PATCH", "/clients", firm.admin_token, {}), 405, "method_not_allowed")
