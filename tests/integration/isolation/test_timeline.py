"""Tenant isolation (B5) of chalicelib/handlers/timeline.py: the timelines of matters (staff).

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import pytest

from tests.integration.isolation.matrix import (
    Route,
    cases,
    check,
    fresh_update,
    record,
    update_version,
)

ROUTES: list[Route] = [
    record(
        "GET",
        "/matters/{matter_id}/timeline",
        "A matter of firm A's timeline, with read receipts.",
        params=lambda w: {"matter_id": w.matter["id"]},
    ),
    record(
        "POST",
        "/matters/{matter_id}/timeline",
        "Writes on a matter of firm A's timeline.",
        params=lambda w: {"matter_id": w.fresh_matter()["id"]},
        body=lambda w, p: {
            "kind": "manual_movement",
            "occurred_at": "2026-09-05T09:00:00Z",
            "text": "Audiência designada",
        },
        ok=201,
    ),
    record(
        "PUT",
        "/matters/{matter_id}/timeline/{update_id}",
        "Edits an update of firm A.",
        params=fresh_update,
        body=lambda w, p: {"published": True, "text": "Audiência redesignada", "version": update_version(w, p)},
    ),
    record(
        "PUT",
        "/matters/{matter_id}/timeline/{update_id}/comment",
        "Comments on an update of firm A.",
        params=fresh_update,
        body=lambda w, p: {"comment": "Explicamos na reunião.", "version": update_version(w, p)},
    ),
    record(
        "DELETE",
        "/matters/{matter_id}/timeline/{update_id}",
        "Deletes an update of firm A.",
        params=fresh_update,
        ok=204,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
