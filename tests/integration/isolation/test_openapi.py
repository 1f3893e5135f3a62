"""Tenant isolation (B5) of chalicelib/handlers/openapi.py: the API's description.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import pytest

from tests.integration.isolation.matrix import (
    CALLERS,
    Request,
    Route,
    cases,
    check,
    public,
)

ROUTES: list[Route] = [
    public(
        "GET",
        "/openapi.json",
        "Public: the API's description, the same for everyone and about no firm.",
        attempts={caller: (lambda w, c: Request("GET", "/openapi.json")) for caller in CALLERS},
        owner_request=lambda w, c: Request("GET", "/openapi.json"),
        expect=200,
        same_answer_as_owner=True,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
