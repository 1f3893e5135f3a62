"""Tenant isolation (B5) of chalicelib/handlers/integration.py: API keys (admins) and the API a firm's
systems call with a key.

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
    timeline_of,
    valid_cnj,
)

ROUTES: list[Route] = [
    own("GET", "/api-keys", "The caller's own firm's API keys."),
    own(
        "POST",
        "/api-keys",
        "Creates a key of the caller's own firm.",
        body=lambda w, p: {"name": "Nightly feed"},
        ok=201,
    ),
    record(
        "DELETE",
        "/api-keys/{key_id}",
        "Revokes one of firm A's keys.",
        params=lambda w: {"key_id": w.fresh_key()["id"]},
        ok=204,
    ),
    own(
        "POST",
        "/integration/movements",
        "Movements pushed with a firm's key land in that firm's matters only: firm B's key sending firm A's matter "
        "number stores nothing in firm A (its matter's timeline is unchanged once the queue is drained).",
        owner="integration",
        ok=202,
        body=lambda w, p: {
            "format": "plain",
            "movements": [
                {
                    "matter_number": w.matter["number"],
                    "occurred_at": "2026-09-04T10:00:00Z",
                    "text": f"Juntada {secrets.token_hex(3)}",
                }
            ],
        },
        unchanged=lambda w: (w.driver.pump.drain(), timeline_of(w, w.matter["id"]))[1],
    ),
    record(
        "GET",
        "/integration/batches/{batch_id}",
        "Firm A's ingestion batch.",
        params=lambda w: {"batch_id": w.batch_id},
        owner="integration",
    ),
    own(
        "PUT",
        "/integration/matters",
        "Creates or updates a matter of the key's own firm by number: firm B's key creates its own matter, so firm "
        "A's later request with the same number still creates firm A's (201).",
        owner="integration",
        ok=201,
        body=lambda w, p: {"number": valid_cnj(), "title": "Ação de cobrança"},
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
