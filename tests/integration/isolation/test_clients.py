"""Tenant isolation (B5) of chalicelib/handlers/clients.py: the client directory.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import secrets

import pytest

from tests.integration.isolation.matrix import (
    Route,
    cases,
    check,
    client_1,
    fresh_client,
    own,
    record,
)

ROUTES: list[Route] = [
    own(
        "GET",
        "/clients",
        "The caller's own firm's client directory (searching firm A's client's name finds nothing elsewhere).",
        query="?q=carla",
    ),
    own(
        "POST",
        "/clients",
        "Adds a client to the caller's own firm.",
        body=lambda w, p: {"name": "Nina Newclient", "emails": [f"nina.{secrets.token_hex(4)}@example.com"]},
        ok=201,
    ),
    record("GET", "/clients/{client_id}", "One client of firm A.", params=client_1),
    record(
        "PUT",
        "/clients/{client_id}",
        "Edits a client of firm A.",
        params=fresh_client(),
        body=lambda w, p: {
            **{
                k: v
                for k, v in w.admin("GET", f"/clients/{p['client_id']}").items()
                if k in ("name", "emails", "version")
            },
            "phone": "+55 11 90000-0000",
        },
    ),
    record("DELETE", "/clients/{client_id}", "Deletes a client of firm A.", params=fresh_client("account"), ok=204),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
