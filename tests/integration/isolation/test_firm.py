"""Tenant isolation (B5) of chalicelib/handlers/firm.py: the firm, its settings and its portal's public branding.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import secrets

import pytest

from tests.integration.isolation.matrix import (
    CALLERS,
    Request,
    Route,
    bearer,
    cases,
    check,
    own,
    public,
)

ROUTES: list[Route] = [
    public(
        "GET",
        "/portals/{slug}",
        "Public: a portal's branding, shown before sign-in. Whoever asks (any token is ignored) gets the same "
        "branding and nothing but it: no firm id, legal name, staff or clients.",
        attempts={caller: (lambda w, c: Request("GET", f"/portals/{w.a.slug}")) for caller in CALLERS},
        owner_request=lambda w, c: Request("GET", f"/portals/{w.a.slug}"),
        expect=200,
        same_answer_as_owner=True,
    ),
    public(
        "GET",
        "/portals/{slug}/manifest.webmanifest",
        "Public: a portal's web app manifest (name, colour, icons, its paths). Whoever asks (any token is ignored) "
        "gets firm A's manifest and nothing of the caller's firm.",
        attempts={
            caller: (lambda w, c: Request("GET", f"/portals/{w.a.slug}/manifest.webmanifest")) for caller in CALLERS
        },
        owner_request=lambda w, c: Request("GET", f"/portals/{w.a.slug}/manifest.webmanifest"),
        expect=200,
        same_answer_as_owner=True,
    ),
    own("GET", "/firm", "The caller's own firm and settings."),
    own(
        "PUT",
        "/firm/upload-limit",
        "Changes the caller's own firm's upload limit, never firm A's.",
        body=lambda w, p: {"upload_limit_megabytes": 30, "version": w.admin("GET", "/firm")["version"]},
        attack_body=lambda w, p: {
            "upload_limit_megabytes": 30,
            "version": w.ok("GET", "/firm", bearer(w.b.admin_token))["version"],
        },
    ),
    own(
        "PUT",
        "/firm/notification-settings",
        "Changes how the caller's own firm paces its notifications, never firm A's.",
        body=lambda w, p: {
            **w.admin("GET", "/firm")["notifications"],
            "digest_minutes": 15,
            "version": w.admin("GET", "/firm")["version"],
        },
        attack_body=lambda w, p: {
            **w.admin("GET", "/firm")["notifications"],
            "digest_minutes": 0,
            "version": w.ok("GET", "/firm", bearer(w.b.admin_token))["version"],
        },
    ),
    own(
        "PUT",
        "/firm/portal-settings",
        "Changes the caller's own firm's portal. Another firm's admin trying to take firm A's slug is refused (409), "
        "and firm A's portal still answers at its slug with its branding.",
        body=lambda w, p: {
            **w.admin("GET", "/firm")["portal"],
            "primary_color": f"#{secrets.token_hex(3)}",
            "version": w.admin("GET", "/firm")["version"],
        },
        attack_body=lambda w, p: {
            **w.admin("GET", "/firm")["portal"],
            "version": w.ok("GET", "/firm", bearer(w.b.admin_token))["version"],
        },
        served=409,
        unchanged=lambda w: w.call("GET", f"/portals/{w.a.slug}").json_body,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
