"""Tenant isolation (B5) of chalicelib/handlers/documents.py: the documents clients send.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.isolation.matrix import Route, cases, check, fresh_document, own, record

ROUTES: list[Route] = [
    own(
        "POST",
        "/portal/documents/uploads",
        "Starts uploads to the signed-in client's own profile: nobody else's, and staff and firm B are refused.",
        owner="client",
        body=lambda w, p: {"files": [{"file_name": "RG.pdf", "content_type": "application/pdf", "size": 1000}]},
        ok=201,
    ),
    own("GET", "/portal/documents", "The signed-in client's own documents, never client 1's.", owner="client"),
    record(
        "GET",
        "/portal/documents/{document_id}/download",
        "A download link to client 1's document: only client 1 gets one.",
        params=fresh_document,
        owner="client",
    ),
    record(
        "GET",
        "/portal/matters/{matter_id}/documents",
        "The documents of client 1's published matter that client 1 may see.",
        params=lambda w: {"matter_id": w.matter["id"]},
        owner="client",
    ),
    record(
        "POST",
        "/matters/{matter_id}/documents/uploads",
        "Starts uploads to a matter of firm A.",
        params=lambda w: {"matter_id": w.fresh_matter()["id"]},
        body=lambda w, p: {"files": [{"file_name": "Sentença.pdf", "content_type": "application/pdf", "size": 1000}]},
        ok=201,
    ),
    record(
        "PUT",
        "/documents/{document_id}/publication",
        "Shows a document of firm A's matter to its clients.",
        params=lambda w: fresh_matter_document(w),
        body=lambda w, p: {"published": True, "version": matter_document_version(w, p)},
    ),
    record(
        "GET",
        "/clients/{client_id}/documents",
        "Client 1's documents, as firm A's staff see them.",
        params=lambda w: {"client_id": w.client["id"]},
    ),
    record(
        "GET",
        "/matters/{matter_id}/documents",
        "A matter of firm A's documents.",
        params=lambda w: {"matter_id": w.matter["id"]},
    ),
    record(
        "GET",
        "/documents/{document_id}/download",
        "A download link to a document of firm A: only firm A's staff get one.",
        params=fresh_document,
    ),
    record(
        "PUT",
        "/documents/{document_id}/review",
        "Accepts a document client 1 sent to firm A.",
        params=fresh_document,
        body=lambda w, p: {"accepted": True, "version": document_version(w, p)},
    ),
]


def fresh_matter_document(w: Any) -> dict[str, str]:
    """A PDF firm A's admin sent to a fresh matter, uploaded and checked."""
    from tests.support.document_fixtures import pdf
    from tests.support.documents import post_form

    matter = w.fresh_matter()
    body = {"files": [{"file_name": w.mark("Sentença") + ".pdf", "content_type": "application/pdf", "size": 300}]}
    (ticket,) = w.admin("POST", f"/matters/{matter['id']}/documents/uploads", body, 201)
    post_form(ticket["form"], pdf().data, "application/pdf")
    w.driver.pump.drain()
    w.secret("a matter document of firm A", ticket["document"]["id"], ticket["document"]["file_name"])
    return {"document_id": ticket["document"]["id"], "matter_id": matter["id"]}


def matter_document_version(w: Any, p: dict[str, str]) -> int:
    items = w.admin("GET", f"/matters/{p['matter_id']}/documents?limit=100")["items"]
    return int(next(d["version"] for d in items if d["id"] == p["document_id"]))


def document_version(w: Any, p: dict[str, str]) -> int:
    items = w.admin("GET", f"/clients/{w.client['id']}/documents?limit=100")["items"]
    return int(next(d["version"] for d in items if d["id"] == p["document_id"]))


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
