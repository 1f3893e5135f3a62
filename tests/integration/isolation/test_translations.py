"""Tenant isolation (B5) of chalicelib/handlers/translations.py: plain-language texts of a
firm's updates, its model consent and its credits.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import pytest

from tests.integration.isolation.matrix import Route, bearer, cases, check, fresh_update, own, record, update_version

ROUTES: list[Route] = [
    record(
        "POST",
        "/matters/{matter_id}/timeline/{update_id}/translation",
        "Queues a plain-language text of an update of firm A.",
        params=fresh_update,
        ok=202,
    ),
    record(
        "PUT",
        "/matters/{matter_id}/timeline/{update_id}/translation",
        "Writes staff's plain text of an update of firm A.",
        params=fresh_update,
        body=lambda w, p: {
            "language": "pt-BR",
            "plain": {"happened": "O escritório explicou o andamento.", "next": "", "action_needed": False},
            "version": update_version(w, p),
        },
    ),
    own("GET", "/firm/translation", "The caller's own firm's consent, credits and their use."),
    own(
        "PUT",
        "/firm/translation/consent",
        "Withdraws the caller's own firm's consent to the model provider (audited).",
        body=lambda w, p: {"granted": False, "version": w.admin("GET", "/firm/translation")["firm_version"]},
        # Another firm's admin sends their own firm's version: it changes their firm, never firm A's.
        attack_body=lambda w, p: {
            "granted": False,
            "version": w.ok("GET", "/firm/translation", bearer(w.b.admin_token))["firm_version"],
        },
        unchanged=lambda w: w.admin("GET", "/firm/translation"),
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
