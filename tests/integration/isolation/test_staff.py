"""Tenant isolation (B5) of chalicelib/handlers/staff.py: the firm's staff.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import secrets

import pytest

from tests.integration.isolation.matrix import (
    Route,
    cases,
    check,
    own,
    record,
)

ROUTES: list[Route] = [
    own("GET", "/staff", "The caller's own firm's staff."),
    own(
        "POST",
        "/staff",
        "Invites staff into the caller's own firm.",
        body=lambda w, p: {
            "email": f"invitee.{secrets.token_hex(4)}@example.com",
            "name": "Ivo Invitee",
            "role": "staff",
        },
        ok=201,
    ),
    record(
        "PUT",
        "/staff/{staff_id}",
        "Renames a staff member of firm A.",
        params=lambda w: {"staff_id": w.fresh_staff()["id"]},
        body=lambda w, p: {
            "name": "Renamed Member",
            "role": "staff",
            "version": next(s["version"] for s in w.admin("GET", "/staff")["items"] if s["id"] == p["staff_id"]),
        },
    ),
    record(
        "DELETE",
        "/staff/{staff_id}",
        "Removes a staff member of firm A.",
        params=lambda w: {"staff_id": w.fresh_staff()["id"]},
        ok=204,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
