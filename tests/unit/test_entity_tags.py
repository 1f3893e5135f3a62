"""Entity tags (handlers/caching.py): what If-None-Match and If-Match lists say (RFC 9110)."""

from __future__ import annotations

import pytest

from chalicelib.handlers.caching import IfMatch, entity_tag, none_match, version_in

TAG = entity_tag('{"id":"a","version":3}', 3)


def test_the_tag_is_weak_carries_the_version_and_follows_the_body() -> None:
    assert TAG.startswith('W/"v3-') and TAG.endswith('"')
    assert entity_tag('{"id":"a","version":3}', 3) == TAG
    assert entity_tag('{"id":"b","version":3}', 3) != TAG
    assert entity_tag("[]", None).startswith('W/"') and not entity_tag("[]", None).startswith('W/"v')


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        (TAG, True),
        (TAG.removeprefix("W/"), True),  # weak comparison
        (f' "x" ,{TAG} ', True),
        (f'"a,b", {TAG}', True),  # a comma inside a tag is part of it
        ("*", True),
        (' "x", W/"y"', False),
        ("garbage", False),
        (f"{TAG} garbage", False),
        ("", False),
    ],
)
def test_if_none_match(header: str, matches: bool) -> None:
    assert none_match(header, TAG) is matches


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (TAG, IfMatch(version=3)),
        (f'"x", {TAG}', IfMatch(version=3)),
        (f"{TAG}, {TAG.removeprefix('W/')}", IfMatch(version=3)),
        ("*", IfMatch(any=True)),
        (f'{TAG}, W/"v4-{"0" * 32}"', IfMatch(several=True)),
        ('"v3"', IfMatch()),
        ('W/"v-12"', IfMatch()),
        ("v3-abc", IfMatch()),  # not quoted: not an entity tag
        ("", IfMatch()),
    ],
)
def test_if_match(header: str, expected: IfMatch) -> None:
    assert IfMatch.parse(header) == expected


def test_the_version_is_read_where_the_route_says() -> None:
    assert version_in({"version": 2}, "version") == 2
    assert version_in({"request": {"version": 5}}, "request.version") == 5
    assert version_in({"override": None}, "override.version") is None
    assert version_in({"version": True}, "version") is None
    assert version_in([{"version": 1}], "version") is None
