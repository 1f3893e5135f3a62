"""Every log line is JSON with the correlation id, authenticated lines carry the firm id,
and no token, password or secret ever reaches the log."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from tests.support.portal import ADMIN_PASSWORD, PortalDriver


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    from chalicelib.observability import logger

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    previous = logger.log_level
    logger.addHandler(handler)
    logger.setLevel("DEBUG")
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(previous)


def test_request_logs_are_json_with_correlation_and_firm_and_no_secrets(
    portal: PortalDriver, log_lines: io.StringIO
) -> None:
    firm = portal.open_firm()
    client, client_token = portal.invited_client(firm, password="client secret password 9")
    response = portal.call("GET", "/clients", firm.admin_token, headers={"X-Correlation-Id": "trace-123"})
    assert response.headers["X-Correlation-Id"] == "trace-123"
    portal.call("GET", "/me", client_token)
    portal.call(
        "POST",
        "/auth/staff/sign-in",
        body={"portal": firm.slug, "email": firm.admin_email, "password": "wrong password 77"},
    )

    lines = [json.loads(line) for line in log_lines.getvalue().splitlines() if line.strip()]
    requests = [line for line in lines if line.get("message") == "request"]
    assert len(requests) >= 3
    assert all(line.get("correlation_id") for line in lines)
    assert any(line["correlation_id"] == "trace-123" and line.get("firm_id") == firm.id for line in requests)
    authenticated = [line for line in requests if line["route"] in ("/clients", "/me")]
    assert authenticated and all(line.get("firm_id") == firm.id for line in authenticated)
    # A public request after them carries no firm left over from the previous one.
    assert requests[-1]["route"] == "/auth/{kind}/sign-in" and "firm_id" not in requests[-1]

    text = log_lines.getvalue()
    for secret in (firm.admin_token, client_token, ADMIN_PASSWORD, "client secret password 9", "wrong password 77"):
        assert secret not in text
