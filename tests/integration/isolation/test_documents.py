"""Tenant isolation (B5) of chalicelib/handlers/documents.py: the documents clients send.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

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
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
