"""Shared domain pieces: cursors as they travel in URLs, the messages errors carry, audit
entry ids, the reserved portal addresses, and the links e-mails point to."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from chalicelib.domain.audit import Actor, AuditEntry
from chalicelib.domain.common import SystemClock, decode_cursor, encode_cursor, utcnow
from chalicelib.domain.errors import Conflict, DomainError, InvalidInput, RateLimited
from chalicelib.domain.firm import Firm, PortalSettings
from chalicelib.domain.identity import OneTimeLink, PrincipalKind
from chalicelib.domain.notifications import PortalUrls

CURSOR_INVALID = "The cursor is not valid; start from the first page."


@pytest.mark.parametrize("sort_key", ["m", "ma", "mat", "NAME#joao#1"])
def test_a_cursor_has_no_padding_to_escape_in_a_url(sort_key: str) -> None:
    cursor = encode_cursor(sort_key)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", cursor)
    assert decode_cursor(cursor, "") == sort_key


@pytest.mark.parametrize("cursor", ["***", encode_cursor("OTHER#1"), encode_cursor("")])
def test_a_cursor_we_did_not_hand_out_tells_the_caller_to_start_again(cursor: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        decode_cursor(cursor, "NAME#")
    assert caught.value.message == CURSOR_INVALID
    assert caught.value.details == [{"path": "cursor", "message": CURSOR_INVALID}]


def test_the_clock_tells_the_utc_time() -> None:
    before = datetime.now(UTC)
    now, clock_now = utcnow(), SystemClock().now()
    assert now.utcoffset() == timedelta(0) and clock_now.utcoffset() == timedelta(0)
    assert before <= now <= clock_now <= datetime.now(UTC)


def test_an_error_reads_as_its_message_and_keeps_its_code_and_details() -> None:
    plain = Conflict("Reload and try again.")
    assert (str(plain), plain.message, plain.code, plain.details) == (
        "Reload and try again.",
        "Reload and try again.",
        "conflict",
        [],
    )
    precise = Conflict("Reload and try again.", [{"path": "version"}], code="stale_version")
    assert (precise.code, precise.details, Conflict.code, DomainError.code) == (
        "stale_version",
        [{"path": "version"}],
        "conflict",
        "error",
    )
    limited = RateLimited("Too many attempts.", retry_after_seconds=30)
    assert (str(limited), limited.message, limited.code, limited.retry_after_seconds) == (
        "Too many attempts.",
        "Too many attempts.",
        "rate_limited",
        30,
    )


def test_an_audit_entry_id_sorts_by_time_and_keeps_two_of_one_instant_apart() -> None:
    at = datetime(2026, 9, 1, 12, 30, 45, 123456, tzinfo=UTC)
    actor = Actor(firm_id="f1", principal_id="s1", kind="staff", email="ana@silva.example.com")
    first = AuditEntry.record(actor, "matter.created", "matter:m1", at, title="T")
    second = AuditEntry.record(actor, "matter.created", "matter:m1", at)
    assert re.fullmatch(r"20260901T123045123456Z-[0-9a-f]{8}", first.id) and first.id != second.id
    assert (first.firm_id, first.actor_id, first.actor_kind, first.actor_email, first.at) == (
        "f1",
        "s1",
        "staff",
        "ana@silva.example.com",
        at,
    )
    assert (first.action, first.target, first.details, second.details) == (
        "matter.created",
        "matter:m1",
        {"title": "T"},
        {},
    )


def test_a_reserved_portal_address_is_refused_with_a_reason() -> None:
    with pytest.raises(ValidationError) as caught:
        PortalSettings(slug="Admin", display_name="Silva", sender_name="Silva")
    [error] = caught.value.errors()
    assert error["loc"] == ("slug",) and error["msg"] == "Value error, This portal address is reserved; choose another."


def test_e_mailed_links_point_at_the_portal_or_the_admin_app_with_the_token_in_the_fragment() -> None:
    # Both apps are served under a path here, and with a trailing slash.
    urls = PortalUrls(portal_template="https://{slug}.portal.test/BOX/", admin="https://admin.portal.test/BOX/")
    firm = Firm(
        id="f1",
        name="Silva",
        portal=PortalSettings(slug="silva", display_name="Silva", sender_name="Silva"),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    token = OneTimeLink(principal_id="p1", secret="s" * 43)
    assert urls.portal("silva") == "https://silva.portal.test/BOX"
    assert (
        urls.link(firm, PrincipalKind.CLIENT, "invite", token)
        == f"https://silva.portal.test/BOX/#/invite/p1.{'s' * 43}"
    )
    assert (
        urls.link(firm, PrincipalKind.STAFF, "reset", token)
        == f"https://admin.portal.test/BOX/#/reset/silva/p1.{'s' * 43}"
    )


def test_a_version_beyond_int64_is_refused_as_the_document_says() -> None:
    from pydantic import TypeAdapter, ValidationError

    from chalicelib.domain.common import Version

    versions = TypeAdapter(Version)
    assert versions.validate_python(2**63 - 1) == 2**63 - 1
    with pytest.raises(ValidationError):
        versions.validate_python(2**63)
