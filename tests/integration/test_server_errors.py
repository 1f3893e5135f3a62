"""A 500 is in the one error shape, with the request's correlation id and nothing of what
went wrong: whether a route's own code fails (handled by http.endpoint), Chalice answers an
error itself, or something escapes before the route runs. A small app of its own with the
project's middleware, so that the API's route registry and document stay as they are."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from chalice.app import Chalice, ChaliceUnhandledError
from chalice.test import Client

from chalicelib.handlers.middleware import http_middleware

SECRET = "db password hunter2 at line 42"


@pytest.fixture
def failing() -> Iterator[Any]:
    app = Chalice(app_name="failing")
    app.register_middleware(http_middleware, "http")

    @app.route("/view-fails")
    def view_fails() -> Any:
        raise RuntimeError(SECRET)

    @app.route("/escapes")
    def escapes() -> Any:
        raise ChaliceUnhandledError(SECRET)  # Chalice lets this one through to the middleware

    with Client(app) as client:
        yield client


@pytest.mark.parametrize("path", ["/view-fails", "/escapes"])
def test_a_500_is_in_the_one_shape_with_the_correlation_id_and_no_internals(failing: Any, path: str) -> None:
    response = failing.http.get(path, headers={"X-Correlation-Id": "trace-500"})
    assert response.status_code == 500
    assert response.json_body == {
        "error": {"code": "internal_error", "message": "Something went wrong on our side.", "details": []}
    }
    assert response.headers["X-Correlation-Id"] == "trace-500"
    assert response.headers["Cache-Control"] == "no-store"
    assert SECRET not in response.body.decode()
    assert "Traceback" not in response.body.decode()


def test_the_endpoint_routes_answer_500_in_the_one_shape() -> None:
    """http.endpoint's own handler: the view's bug is logged and answered without details."""
    from chalice.app import Blueprint

    from chalicelib.handlers.http import Audience, _handle

    app = Chalice(app_name="failing-endpoint")
    app.register_middleware(http_middleware, "http")
    bp = Blueprint(__name__)

    def broken(ctx: Any) -> Any:
        raise KeyError(SECRET)

    @bp.route("/broken")
    def route() -> Any:
        return _handle(bp.current_request, broken, {}, {}, Audience.PUBLIC, None, None, 200, False)

    app.register_blueprint(bp)
    with Client(app) as client:
        response = client.http.get("/broken", headers={"X-Correlation-Id": "trace-501"})
    assert response.status_code == 500
    assert json.loads(response.body)["error"]["code"] == "internal_error"
    assert SECRET not in response.body.decode()
    assert response.headers["X-Correlation-Id"] == "trace-501"
