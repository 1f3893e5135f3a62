"""One-time links and credentials (pure domain): what a link token is, what it carries,
what the caller is told when it does not fit, and how credentials revisions follow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.errors import Expired, Unauthenticated
from chalicelib.domain.identity import (
    Credentials,
    IssuedLink,
    LinkPurpose,
    OneTimeLink,
    check_next_revision,
    hash_secret,
    with_credentials,
)
from chalicelib.domain.staff import StaffMember

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
INVALID = "This link is not valid. Ask for a new one."


def test_an_issued_link_carries_256_random_bits_kept_only_as_a_hash() -> None:
    link, issued = OneTimeLink.issue("abc123", timedelta(days=3), NOW)
    # token_urlsafe(32): 32 random bytes, 43 URL-safe characters.
    assert len(link.secret) == 43
    assert issued.secret_hash == hash_secret(link.secret) != link.secret
    assert issued.expires_at == NOW + timedelta(days=3)
    assert str(link) == f"abc123.{link.secret}"
    assert OneTimeLink.parse(str(link)) == link


def test_a_secret_of_32_characters_is_the_shortest_a_link_may_carry() -> None:
    assert OneTimeLink.parse("abc123." + "s" * 32).secret == "s" * 32
    with pytest.raises(Unauthenticated):
        OneTimeLink.parse("abc123." + "s" * 31)


@pytest.mark.parametrize(
    "token",
    [
        "abc123",  # no secret
        "." + "s" * 40,  # no principal
        "abc123." + "s" * 20,  # too short a secret
        "ab-c." + "s" * 40,  # not an id we issue (pattern checked first)
        "ABC123." + "s" * 40,  # upper case: refused by the model
        "a" * 41 + "." + "s" * 40,  # too long an id: refused by the model
    ],
)
def test_a_token_that_does_not_fit_tells_the_caller_the_link_is_not_valid(token: str) -> None:
    with pytest.raises(Unauthenticated) as caught:
        OneTimeLink.parse(token)
    assert (caught.value.code, caught.value.message, str(caught.value)) == ("invalid_link", INVALID, INVALID)


def test_checking_a_link_refuses_an_unknown_purpose_or_secret_then_an_expired_one() -> None:
    link, issued = OneTimeLink.issue("abc123", timedelta(hours=1), NOW)
    credentials = Credentials().with_link(LinkPurpose.PASSWORD_RESET, issued)

    credentials.check_link(LinkPurpose.PASSWORD_RESET, link.secret, NOW)
    for purpose, secret in ((LinkPurpose.INVITATION, link.secret), (LinkPurpose.PASSWORD_RESET, "x" * 43)):
        with pytest.raises(Unauthenticated) as caught:
            credentials.check_link(purpose, secret, NOW)
        assert (caught.value.code, caught.value.message) == ("invalid_link", INVALID)
    with pytest.raises(Expired) as expired:
        credentials.check_link(LinkPurpose.PASSWORD_RESET, link.secret, NOW + timedelta(hours=1))
    assert (expired.value.code, expired.value.message) == ("expired", "This link has expired. Ask for a new one.")
    credentials.check_link(LinkPurpose.PASSWORD_RESET, link.secret, NOW + timedelta(minutes=59))


def test_links_are_added_and_taken_away_per_purpose() -> None:
    issued = IssuedLink(secret_hash="h", expires_at=NOW)
    both = Credentials().with_link(LinkPurpose.INVITATION, issued).with_link(LinkPurpose.ACCESS_LINK, issued)
    assert set(both.links) == {LinkPurpose.INVITATION, LinkPurpose.ACCESS_LINK}
    assert set(both.without_link(LinkPurpose.INVITATION).links) == {LinkPurpose.ACCESS_LINK}
    assert both.with_password("p").password_hash == "p" and both.password_hash is None
    assert both.with_next_generation().generation == both.generation + 1 == 2


def test_new_credentials_are_the_next_revision_of_those_read() -> None:
    member = StaffMember(
        id="s1", firm_id="f1", email="a@b.example.com", name="A", role="admin", status="active", created_at=NOW
    )
    read = member.credentials.model_copy(update={"revision": 4})
    member = member.model_copy(update={"credentials": read})

    changed = with_credentials(member, read.with_password("p"))

    assert changed.credentials.revision == 5 and changed.credentials.password_hash == "p"
    check_next_revision(changed.credentials, read)
    for wrong in (4, 6):
        with pytest.raises(ValueError, match=f"credentials revision {wrong} does not follow 4: use with_credentials"):
            check_next_revision(read.model_copy(update={"revision": wrong}), read)


def test_a_links_principal_is_what_comes_before_the_first_dot() -> None:
    link = OneTimeLink.parse("abc123.part." + "s" * 40)
    assert (link.principal_id, link.secret) == ("abc123", "part." + "s" * 40)
    # Secrets we issue have no dot, so such a token then fails the check as an invalid link.
    _, issued = OneTimeLink.issue("abc123", timedelta(hours=1), NOW)
    with pytest.raises(Unauthenticated) as caught:
        Credentials().with_link(LinkPurpose.INVITATION, issued).check_link(LinkPurpose.INVITATION, link.secret, NOW)
    assert caught.value.code == "invalid_link"
