"""Tenant isolation (B5) of chalicelib/handlers/consultations.py: consultations (F20), staff
only: a client of firm A (same_firm_client) is refused with 403 on every route, firm B's
staff get 404 for firm A's records and only their own firm's lists.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.isolation.matrix import Route, World, cases, check, own, record, version_of

PDF = {"file_name": "Procuração.pdf", "content_type": "application/pdf", "size": 1000}


def fresh_consultation(w: World) -> dict[str, Any]:
    consultation: dict[str, Any] = w.admin(
        "POST",
        "/consultations",
        {"subject": w.mark("Atendimento"), "client_id": w.client["id"], "text": w.mark("Primeira conversa")},
        201,
    )
    w.secret("a consultation of firm A", consultation["id"], consultation["subject"])
    return consultation


def consultation(w: World) -> dict[str, str]:
    return {"consultation_id": fresh_consultation(w)["id"]}


def entry(w: World) -> dict[str, str]:
    c = fresh_consultation(w)
    written = w.admin("POST", f"/consultations/{c['id']}/entries", {"text": w.mark("Anotação")}, 201)
    w.secret("an entry of firm A", written["id"], written["text"])
    return {"consultation_id": c["id"], "entry_id": written["id"]}


def task(w: World) -> dict[str, str]:
    c = fresh_consultation(w)
    created = w.admin("POST", f"/consultations/{c['id']}/tasks", {"title": w.mark("Ligar")}, 201)
    w.secret("a task of firm A", created["id"], created["title"])
    return {"task_id": created["id"]}


def change_of(w: World, p: dict[str, str]) -> dict[str, Any]:
    current = w.admin("GET", f"/consultations/{p['consultation_id']}")
    return {"subject": w.mark("Outro assunto"), "client_id": current["client_id"], "version": current["version"]}


ROUTES: list[Route] = [
    own("GET", "/consultations", "The caller's own firm's consultations, never firm A's."),
    own(
        "POST",
        "/consultations",
        "Records a consultation in the caller's own firm.",
        body=lambda w, p: {"subject": "Primeira reunião", "prospect": {"name": "Joana Prado"}},
        ok=201,
    ),
    own("GET", "/me/tasks", "The caller's own open tasks, never firm A's."),
    record("GET", "/consultations/{consultation_id}", "One consultation of firm A.", params=consultation),
    record(
        "PUT",
        "/consultations/{consultation_id}",
        "Changes a consultation of firm A.",
        params=consultation,
        body=change_of,
    ),
    record(
        "PUT",
        "/consultations/{consultation_id}/importance",
        "Stars a consultation of firm A.",
        params=consultation,
        body=lambda w, p: {"important": True},
    ),
    record(
        "DELETE",
        "/consultations/{consultation_id}",
        "Deletes a consultation of firm A.",
        params=consultation,
        ok=204,
    ),
    record(
        "GET",
        "/consultations/{consultation_id}/entries",
        "The thread of a consultation of firm A.",
        params=consultation,
    ),
    record(
        "POST",
        "/consultations/{consultation_id}/entries",
        "Writes in the thread of a consultation of firm A.",
        params=consultation,
        body=lambda w, p: {"text": "Uma anotação"},
        ok=201,
    ),
    record(
        "PUT",
        "/consultations/{consultation_id}/entries/{entry_id}",
        "Changes an entry of a consultation of firm A.",
        params=entry,
        body=lambda w, p: {"text": "Corrigida", "version": 1},
    ),
    record(
        "POST",
        "/consultations/{consultation_id}/documents/uploads",
        "Starts uploads to a consultation of firm A.",
        params=consultation,
        body=lambda w, p: {"files": [PDF]},
        ok=201,
    ),
    record(
        "GET",
        "/consultations/{consultation_id}/documents",
        "The documents of a consultation of firm A.",
        params=consultation,
    ),
    record(
        "GET",
        "/consultations/{consultation_id}/tasks",
        "The tasks of a consultation of firm A.",
        params=consultation,
    ),
    record(
        "POST",
        "/consultations/{consultation_id}/tasks",
        "Creates a task in a consultation of firm A.",
        params=consultation,
        body=lambda w, p: {"title": "Ligar"},
        ok=201,
    ),
    record(
        "PUT",
        "/tasks/{task_id}",
        "Changes a task of firm A.",
        params=task,
        body=lambda w, p: {"done": True, "version": 1},
    ),
    record(
        "POST",
        "/consultations/{consultation_id}/conversion",
        "Converts a consultation of firm A into a matter.",
        params=consultation,
        body=version_of("/consultations/{consultation_id}"),
        ok=201,
    ),
    record(
        "GET",
        "/clients/{client_id}/consultations",
        "The consultations of client 1 of firm A.",
        params=lambda w: {"client_id": w.client["id"]},
    ),
    record(
        "GET",
        "/matters/{matter_id}/consultations",
        "The consultations linked to a matter of firm A.",
        params=lambda w: {"matter_id": w.matter["id"]},
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
