"""Tenant isolation (B5) of chalicelib/handlers/feed.py: the client's home feed (clients).

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry. Client 1's feed holds the update of firm A's published matter; another
client of firm A and firm B's client are served their own feeds, which never show it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.isolation.matrix import Route, World, bearer, cases, check, own, record


def feed_of_client_1(w: World) -> Any:
    """What client 1's feed holds and has read: no other caller can change it."""
    body = w.ok("GET", "/portal/feed?limit=50", bearer(w.client_token))
    return [(i["id"], i["read"]) for i in body["items"]], body["unread"]


ROUTES: list[Route] = [
    own(
        "GET",
        "/portal/feed",
        "The signed-in client's own feed: client 2 and firm B's client read theirs, never client 1's updates.",
        owner="client",
    ),
    own(
        "GET",
        "/portal/feed/unread",
        "The signed-in client's own unread counts, never client 1's matters.",
        owner="client",
    ),
    own(
        "POST",
        "/portal/feed/read-all",
        "Marks the caller's own feed read: client 1's stays as it was.",
        owner="client",
        unchanged=feed_of_client_1,
    ),
    record(
        "POST",
        "/portal/feed/{entry_id}/read",
        "Client 1's feed entry (the published update's): nobody else can read it in client 1's feed; it is not "
        "in theirs.",
        params=lambda w: {"entry_id": w.update["id"]},
        owner="client",
        ok=204,
        unchanged=feed_of_client_1,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
