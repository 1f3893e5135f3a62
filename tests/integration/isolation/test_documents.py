"""Tenant isolation (B5) of chalicelib/handlers/documents.py: the documents clients send.

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.isolation.matrix import Route, bearer, cases, check, fresh_document, own, record

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
    own("GET", "/documents/review-queue", "The review queue of the caller's own firm, never firm A's documents."),
    record(
        "POST",
        "/document-requests",
        "Asks client 1 of firm A for a document: the client is not found from firm B.",
        params=lambda w: {"client_id": w.client["id"]},
        body=lambda w, p: {"client_id": p["client_id"], "title": w.mark("Comprovante de residência")},
        ok=201,
    ),
    record(
        "GET",
        "/clients/{client_id}/document-requests",
        "Client 1's document requests, as firm A's staff see them.",
        params=lambda w: {"client_id": w.client["id"], **fresh_request(w)},
    ),
    record(
        "GET",
        "/matters/{matter_id}/document-requests",
        "A matter of firm A's document requests.",
        params=lambda w: {"matter_id": w.matter["id"], **fresh_request(w, on_matter=True)},
    ),
    record(
        "GET", "/document-requests/{request_id}", "A document request of firm A.", params=lambda w: fresh_request(w)
    ),
    record(
        "PUT",
        "/document-requests/{request_id}",
        "Changes a document request of firm A.",
        params=lambda w: fresh_request(w),
        body=lambda w, p: {"title": w.mark("Procuração"), "version": request_version(w, p)},
    ),
    record(
        "DELETE",
        "/document-requests/{request_id}",
        "Deletes a document request of firm A.",
        params=lambda w: fresh_request(w),
        ok=204,
    ),
    record(
        "PUT",
        "/document-requests/{request_id}/review",
        "Accepts what client 1 sent for a request of firm A.",
        params=lambda w: fresh_request(w, answered=True),
        body=lambda w, p: {"accepted": True, "version": request_version(w, p)},
    ),
    own("GET", "/portal/document-requests", "The signed-in client's own checklist, never client 1's.", owner="client"),
    record(
        "GET",
        "/portal/document-requests/{request_id}",
        "One of client 1's document requests.",
        params=lambda w: fresh_request(w),
        owner="client",
    ),
    record(
        "POST",
        "/portal/document-requests/{request_id}/uploads",
        "Sends a file for client 1's request: only client 1 can.",
        params=lambda w: fresh_request(w),
        body=lambda w, p: {"files": [{"file_name": "RG.pdf", "content_type": "application/pdf", "size": 1000}]},
        owner="client",
        ok=201,
    ),
]


def fresh_request(w: Any, on_matter: bool = False, answered: bool = False) -> dict[str, str]:
    """Firm A asks client 1 for a document (on the shared matter, or on their profile); with
    `answered`, client 1 sent a PDF for it that passed the checks."""
    from tests.support.document_fixtures import pdf
    from tests.support.documents import post_form

    body: dict[str, Any] = {"client_id": w.client["id"], "title": w.mark("Comprovante de residência")}
    if on_matter:
        body["matter_id"] = w.matter["id"]
    request = w.admin("POST", "/document-requests", body, 201)
    w.secret("a document request of firm A", request["id"], request["title"])
    if answered:
        files = {
            "files": [{"file_name": w.mark("Conta de luz") + ".pdf", "content_type": "application/pdf", "size": 300}]
        }
        (ticket,) = w.ok(
            "POST", f"/portal/document-requests/{request['id']}/uploads", bearer(w.client_token), files, 201
        )
        post_form(ticket["form"], pdf().data, "application/pdf")
        w.driver.pump.drain()
        w.secret("a file client 1 sent", ticket["document"]["id"], ticket["document"]["file_name"])
    return {"request_id": request["id"]}


def request_version(w: Any, p: dict[str, str]) -> int:
    return int(w.admin("GET", f"/document-requests/{p['request_id']}")["request"]["version"])


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
