"""Tenant isolation (B5) of chalicelib/handlers/audit.py: the audit log.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import pytest

from tests.integration.isolation.matrix import (
    Route,
    cases,
    check,
    own,
)

ROUTES: list[Route] = [
    own("GET", "/audit", "The caller's own firm's audit log."),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
