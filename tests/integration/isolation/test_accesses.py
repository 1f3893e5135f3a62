"""Tenant isolation (B5) of chalicelib/handlers/accesses.py: the clients' portal access.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import pytest

from tests.integration.isolation.matrix import (
    Route,
    cases,
    check,
    client_1,
    fresh_client,
    record,
    version_of,
)

ROUTES: list[Route] = [
    record("GET", "/clients/{client_id}/access", "Client 1's portal access.", params=client_1),
    record(
        "POST",
        "/clients/{client_id}/access",
        "Grants access to a client of firm A.",
        params=fresh_client(),
        body=lambda w, p: {"type": "account", "profile": {"tasks": True}},
        ok=201,
    ),
    record(
        "PUT",
        "/clients/{client_id}/access/profile",
        "Changes what a client of firm A may see.",
        params=fresh_client("account"),
        body=lambda w, p: {
            "profile": {"tasks": True, "documents": False},
            **version_of("/clients/{client_id}/access")(w, p),
        },
    ),
    record(
        "POST",
        "/clients/{client_id}/access/resend",
        "Sends a client of firm A a new invitation.",
        params=fresh_client("account"),
    ),
    record(
        "POST",
        "/clients/{client_id}/access/block",
        "Blocks a client of firm A.",
        params=fresh_client("account", "active"),
    ),
    record(
        "POST",
        "/clients/{client_id}/access/unblock",
        "Unblocks a client of firm A.",
        params=fresh_client("account", "blocked"),
    ),
    record(
        "DELETE",
        "/clients/{client_id}/access",
        "Removes a client of firm A's access.",
        params=fresh_client("account"),
        ok=204,
    ),
    record(
        "POST",
        "/clients/{client_id}/access/simulation",
        "A session that sees firm A's client 1's portal.",
        params=client_1,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
