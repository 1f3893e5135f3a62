"""The OpenAPI document is served, and the committed copy (docs/openapi.json, from which
the apps' and the mobile app's clients are generated) is current."""

from __future__ import annotations

import json
from typing import Any

from tools.openapi import DOCUMENT, render


def test_committed_openapi_document_is_current(chalice_app: Any) -> None:
    assert json.loads(DOCUMENT.read_text()) == json.loads(render()), "docs/openapi.json is stale: run `make openapi`"


def test_served_document_covers_every_route(portal: Any, chalice_app: Any) -> None:
    served = portal.ok("GET", "/openapi.json")
    assert served["openapi"] == "3.1.0"
    declared = {(path, method.lower()) for path, methods in chalice_app.routes.items() for method in methods}
    documented = {(path, method) for path, operations in served["paths"].items() for method in operations}
    assert declared == documented


def test_schema_names_are_plain_model_names() -> None:
    """Two models with one name get module-qualified names (chalicelib__...__X), which the
    clients generated from the document would carry: every model name must be unique."""
    names = json.loads(render())["components"]["schemas"]
    assert [name for name in names if "__" in name] == []
