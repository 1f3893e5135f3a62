"""Tenant isolation (B5) of chalicelib/handlers/matters.py: matters (staff).

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import pytest

from tests.integration.isolation.matrix import (
    Route,
    cases,
    check,
    own,
    record,
    version_of,
)

ROUTES: list[Route] = [
    own("GET", "/matters", "The caller's own firm's matters."),
    own(
        "POST",
        "/matters",
        "Opens a matter in the caller's own firm.",
        body=lambda w, p: {"kind": "case", "title": "Consultoria societária"},
        ok=201,
    ),
    own(
        "GET",
        "/matters/pending-notifications",
        "The caller's own firm's matters with a notification pending: never firm A's titles or clients.",
    ),
    own(
        "POST",
        "/matters/notify-pending",
        "Notifies the caller's own firm's pending matters; firm A's stay pending and its clients get no e-mail.",
        unchanged=lambda w: w.admin("GET", "/matters/pending-notifications?limit=100")["items"],
    ),
    record("GET", "/matters/{matter_id}", "One matter of firm A.", params=lambda w: {"matter_id": w.matter["id"]}),
    record(
        "PUT",
        "/matters/{matter_id}",
        "Edits a matter of firm A.",
        params=lambda w: {"matter_id": w.fresh_matter()["id"]},
        body=lambda w, p: {
            **{
                k: v
                for k, v in w.admin("GET", f"/matters/{p['matter_id']}").items()
                if k in ("kind", "title", "parties", "version")
            },
            "court": "TJSP",
        },
    ),
    record(
        "PUT",
        "/matters/{matter_id}/publication",
        "Publishes a matter of firm A to its client.",
        params=lambda w: {"matter_id": w.fresh_matter()["id"]},
        body=lambda w, p: {"client_ids": [w.client["id"]], **version_of("/matters/{matter_id}")(w, p)},
    ),
    record(
        "POST",
        "/matters/{matter_id}/notify",
        "E-mails the clients of a matter of firm A.",
        params=lambda w: {"matter_id": w.fresh_matter()["id"]},
    ),
    record(
        "POST",
        "/matters/{matter_id}/archive",
        "Archives a matter of firm A.",
        params=lambda w: {"matter_id": w.fresh_matter()["id"]},
    ),
    record(
        "PUT",
        "/matters/{matter_id}/stage",
        "Sets the stage of a matter of firm A (its clients would see it).",
        params=lambda w: {"matter_id": w.fresh_matter()["id"]},
        body=lambda w, p: {"stage": "negotiation", **version_of("/matters/{matter_id}")(w, p)},
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
