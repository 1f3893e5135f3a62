"""Tenant isolation (B5) of chalicelib/handlers/preferences.py: a client's notification
choices and mobile number, staff's read-only view of them, and one-click unsubscribe.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.integration.isolation.matrix import (
    CALLERS,
    Request,
    Route,
    World,
    bearer,
    cases,
    check,
    client_1,
    own,
    public,
    record,
)

PREFERENCES = "/portal/notification-preferences"


def client_of(w: World, caller: str) -> tuple[str, str, dict[str, str]]:
    """The firm, client and headers of the client a caller is (client 1 as "owner")."""
    return {
        "owner": (w.a.id, w.client["id"], bearer(w.client_token)),
        "same_firm_client": (w.a.id, w.other_client["id"], bearer(w.other_client_token)),
        "other_firm_client": (w.b.id, w.b_client["id"], bearer(w.b_client_token)),
    }[caller]


def own_version(w: World, caller: str) -> int:
    version: int = w.ok("GET", PREFERENCES, client_of(w, caller)[2])["version"]
    return version


def client_1_preferences(w: World) -> Any:
    return w.admin("GET", f"/clients/{w.client['id']}/notification-preferences")


def planted_code(w: World, caller: str) -> str:
    """A code waiting for the caller's client, put straight in the store (no SMS, no rate limit)."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.preferences import MobileChallenge

    firm_id, client_id, _ = client_of(w, caller)
    current = services().preferences.of(firm_id, client_id)
    code, challenge = MobileChallenge.issue(f"+55119{secrets.randbelow(10**7):07d}1", services().adapters.clock.now())
    services().adapters.preferences.save(current.challenged(challenge))
    return code


def unsubscribe_path(w: World, topic: str = "news") -> str:
    from chalicelib.bootstrap import services
    from chalicelib.domain.notifications import Topic

    firm = services().adapters.firms.get(w.a.id)
    assert firm is not None
    url = urlsplit(services().preferences.unsubscribe_url(firm, w.client["id"], Topic(topic)))
    return f"{url.path}?{url.query}"


def tampered(w: World) -> str:
    """Client 1's genuine link with its signature changed."""
    path = unsubscribe_path(w)
    return path[:-4] + ("AAAA" if not path.endswith("AAAA") else "BBBB")


def unsubscribe_attempts(method: str) -> dict[str, Any]:
    return {caller: (lambda w, c: Request(method, tampered(w))) for caller in CALLERS}


ROUTES: list[Route] = [
    own(
        "GET",
        PREFERENCES,
        "The signed-in client's own choices: client 2 and firm B's client read only theirs; staff are refused.",
        owner="client",
    ),
    own(
        "PUT",
        PREFERENCES,
        "Changes the signed-in client's own choices, never client 1's (over the caller's own version).",
        owner="client",
        body=lambda w, p: {"channels": {"news": "none"}, "version": own_version(w, "owner")},
        attack_body=lambda w, p: {"channels": {"news": "none"}, "version": own_version(w, p["caller"])},
        unchanged=client_1_preferences,
    ),
    own(
        "POST",
        "/portal/mobile",
        "A code by SMS for the signed-in client's own number: client 1's preferences do not change.",
        owner="client",
        body=lambda w, p: {"number": f"+55119{secrets.randbelow(10**7):07d}2"},
        ok=202,
        unchanged=client_1_preferences,
    ),
    own(
        "POST",
        "/portal/mobile/verify",
        "Confirms the signed-in client's own code: client 1's waiting code is neither used nor counted.",
        owner="client",
        body=lambda w, p: {"code": planted_code(w, "owner")},
        attack_body=lambda w, p: {"code": planted_code(w, p["caller"])},
        unchanged=client_1_preferences,
    ),
    own(
        "DELETE",
        "/portal/mobile",
        "Forgets the signed-in client's own number, never client 1's.",
        owner="client",
        unchanged=client_1_preferences,
    ),
    record(
        "GET",
        "/clients/{client_id}/notification-preferences",
        "Client 1's choices, for firm A's staff only.",
        params=client_1,
    ),
    public(
        "POST",
        "/unsubscribe",
        "Public (mail apps POST it, RFC 8058): only a token signed for a client stops anything. Client 1's "
        "genuine link with its signature changed is refused (404) whoever sends it, and changes nothing; the "
        "genuine one stops client 1's news.",
        attempts=unsubscribe_attempts("POST"),
        owner_request=lambda w, c: Request("POST", unsubscribe_path(w)),
        expect=404,
    ),
    public(
        "GET",
        "/unsubscribe",
        "Public (a browser opening the link): sent on to the portal's page, which asks; a tampered token is "
        "refused (404) and nothing ever changes on a GET.",
        attempts=unsubscribe_attempts("GET"),
        owner_request=lambda w, c: Request("GET", unsubscribe_path(w, "billing")),
        expect=404,
        ok=303,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
