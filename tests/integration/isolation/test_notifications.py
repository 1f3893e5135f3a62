"""Tenant isolation (B5) of chalicelib/handlers/notifications.py: the firm's suppression
list (bounced and complained addresses) and a client's suppressed addresses.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.integration.isolation.matrix import (
    Route,
    World,
    cases,
    check,
    client_1,
    own,
    record,
)


def suppressed_in_firm_a(w: World) -> dict[str, str]:
    """A fresh address on firm A's suppression list, as a bounce would put it there."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.notifications import Suppression, SuppressionReason

    address = f"gone.{secrets.token_hex(4)}@{w.a.slug}-clients.example.com"
    services().adapters.suppressions.add(
        Suppression(
            firm_id=w.a.id,
            address=address,
            reason=SuppressionReason.BOUNCED,
            diagnostic="smtp; 550 5.1.1 user unknown",
            at=datetime.now(UTC),
            kind="news",
        )
    )
    w.secret("firm A suppressed address", address)
    return {"address": address}


def lift_body(w: World, p: dict[str, Any]) -> dict[str, Any]:
    return {"address": p["address"]}


ROUTES: list[Route] = [
    record(
        "GET",
        "/clients/{client_id}/suppressions",
        "The suppressed addresses of a client of firm A.",
        params=client_1,
    ),
    own(
        "GET",
        "/suppressions",
        "The caller's own firm's suppression list (firm A's suppressed addresses are not listed elsewhere).",
        params=suppressed_in_firm_a,
    ),
    own(
        "POST",
        "/suppressions/lift",
        "Lifts a suppression in the caller's own firm: firm A's address is not on firm B's list (404).",
        params=suppressed_in_firm_a,
        body=lift_body,
        served=404,
        ok=204,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
