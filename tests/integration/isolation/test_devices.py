"""Tenant isolation (B5) of chalicelib/handlers/devices.py: the client's phones that get push
notifications (F23).

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.integration.isolation.matrix import Route, World, cases, check, own, record

DEVICES = "/portal/devices"


def a_token() -> str:
    """A made-up FCM registration token (SNS, moto's too, takes any)."""
    return f"fcm-{secrets.token_urlsafe(48)}"


def client_1_devices(w: World) -> Any:
    from chalicelib.bootstrap import services

    return sorted((d.id, d.endpoint, d.session_id) for d in services().devices.of_client(w.a.id, w.client["id"]))


def fresh_device(w: World) -> dict[str, str]:
    """A phone of client 1, registered by client 1 (its id a secret of firm A)."""
    device = w.ok("POST", DEVICES, w.owner_headers("client"), {"platform": "fcm", "token": a_token()}, 201)
    w.secret("client 1's device", device["id"])
    return {"device_id": device["id"]}


ROUTES: list[Route] = [
    own(
        "POST",
        DEVICES,
        "Registers a phone for the signed-in client only: client 2 and firm B's client get a device of their "
        "own; client 1's phones do not change. Staff are refused.",
        owner="client",
        body=lambda w, p: {"platform": "fcm", "token": a_token(), "app_version": "1.0.0"},
        attack_body=lambda w, p: {"platform": "fcm", "token": a_token()},
        ok=201,
        unchanged=client_1_devices,
    ),
    own(
        "GET",
        DEVICES,
        "The signed-in client's own phones: client 2 and firm B's client list only theirs.",
        owner="client",
        unchanged=client_1_devices,
    ),
    record(
        "DELETE",
        "/portal/devices/{device_id}",
        "One of client 1's phones: only client 1 removes it; client 2 and firm B's client get 404 (as for an id "
        "that never existed), staff 403; it still gets pushes after every attempt.",
        params=fresh_device,
        owner="client",
        ok=204,
        unchanged=client_1_devices,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
