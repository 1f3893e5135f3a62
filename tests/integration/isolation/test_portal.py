"""Tenant isolation (B5) of chalicelib/handlers/portal.py: the client portal (clients).

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import pytest

from tests.integration.isolation.matrix import (
    Route,
    cases,
    check,
    own,
    record,
    timeline_of,
)

ROUTES: list[Route] = [
    own(
        "GET",
        "/portal/matters",
        "The signed-in client's own matters: client 2 and firm B's client list theirs, never client 1's.",
        owner="client",
    ),
    record(
        "GET",
        "/portal/matters/{matter_id}",
        "Client 1's published matter.",
        params=lambda w: {"matter_id": w.matter["id"]},
        owner="client",
    ),
    record(
        "GET",
        "/portal/matters/{matter_id}/timeline",
        "Client 1's published matter's timeline.",
        params=lambda w: {"matter_id": w.matter["id"]},
        owner="client",
    ),
    record(
        "POST",
        "/portal/matters/{matter_id}/timeline/{update_id}/read",
        "Client 1's read receipt: nobody else can leave one on client 1's matter.",
        params=lambda w: {"matter_id": w.matter["id"], "update_id": w.update["id"]},
        owner="client",
        ok=204,
        unchanged=lambda w: timeline_of(w, w.matter["id"]),
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
