"""Tenant isolation (B5) of chalicelib/handlers/templates.py: the firm's own e-mail templates.

Every route works on the caller's own firm (`own`): firm B's admin reads, saves, previews,
tests and resets firm B's templates, never firm A's, and firm A's template is unchanged.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.isolation.matrix import Route, World, bearer, cases, check, own

ONE = "/email-templates/news/pt-BR"


def firm_a_template(w: World) -> dict[str, str]:
    """Firm A has a template of its own for news in Portuguese, with a subject only it wrote."""
    current = w.admin("GET", ONE)["override"]
    if current is None:
        subject = w.mark("Alpha subject")
        w.admin("PUT", ONE, {"subject": subject, "body": "Olá, {{ recipient_name }}.\n\n{{ item_title }}"})
        w.secret("firm A template subject", subject)
    return {}


def draft(w: World, p: dict[str, Any]) -> dict[str, Any]:
    return {"subject": "{{ item_title }}", "body": "Olá, {{ recipient_name }}.\n\n{{ item_details }}"}


def save_body(w: World, p: dict[str, Any]) -> dict[str, Any]:
    current = w.admin("GET", ONE)["override"]
    return {**draft(w, p), "subject": w.mark("Alpha subject"), "version": current["version"] if current else None}


def save_attack_body(w: World, p: dict[str, Any]) -> dict[str, Any]:
    current = w.ok("GET", ONE, bearer(w.b.admin_token))["override"]
    return {**draft(w, p), "version": current["version"] if current else None}


def firm_a_templates(w: World) -> Any:
    return w.admin("GET", ONE)["override"], w.admin("GET", "/email-templates")


ROUTES: list[Route] = [
    own(
        "GET",
        "/email-templates",
        "The caller's own firm's templates: firm A's customized ones are not listed elsewhere.",
        params=firm_a_template,
    ),
    own(
        "GET",
        "/email-templates/{kind}/{language}",
        "The caller's own firm's template of this kind and language, never firm A's subject and body.",
        params=lambda w: {**firm_a_template(w), "kind": "news", "language": "pt-BR"},
    ),
    own(
        "PUT",
        "/email-templates/{kind}/{language}",
        "Saves the caller's own firm's template; firm A's stays as it was.",
        params=lambda w: {**firm_a_template(w), "kind": "news", "language": "pt-BR"},
        body=save_body,
        attack_body=save_attack_body,
        unchanged=lambda w: w.admin("GET", ONE)["override"]["subject"],
    ),
    own(
        "DELETE",
        "/email-templates/{kind}/{language}",
        "Resets the caller's own firm's template; firm A's is still there afterwards for the other callers.",
        params=lambda w: {**firm_a_template(w), "kind": "news", "language": "pt-BR"},
        ok=204,
        unchanged=firm_a_templates,
    ),
    own(
        "POST",
        "/email-templates/{kind}/{language}/preview",
        "Previews with the caller's own firm's branding and sample data only: nothing of firm A in it.",
        params=lambda w: {"kind": "news", "language": "pt-BR"},
        body=draft,
        unchanged=firm_a_templates,
    ),
    own(
        "POST",
        "/email-templates/{kind}/{language}/test",
        "Sends the draft to the signed-in admin's own address with their own firm's branding.",
        params=lambda w: {"kind": "news", "language": "pt-BR"},
        body=draft,
        ok=202,
        unchanged=firm_a_templates,
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
