"""The opaque list cursors the DynamoDB adapters hand out and take back (pure functions,
no AWS): a cursor only ever moves within the caller's own partition and prefix."""

from __future__ import annotations

import base64
import json

import pytest

from chalicelib.adapters.dynamodb import decode_cursor, encode_cursor
from chalicelib.domain.errors import InvalidInput


def raw_cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "sort_key",
    ["NAME#joao da silva#abc123", "TERM#ana@example.com#x", "20250101T000000000000Z-ab12cd34", "NAME#ção 🙂#1"],
)
def test_a_cursor_gives_back_its_sort_key(sort_key: str) -> None:
    prefix = sort_key.split("#")[0] + "#" if "#" in sort_key else ""
    assert decode_cursor(encode_cursor(sort_key), prefix) == sort_key


@pytest.mark.parametrize(
    ("cursor", "prefix"),
    [
        ("***", ""),
        (raw_cursor({}), ""),
        (raw_cursor({"k": 5}), ""),
        (raw_cursor({"k": None}), ""),
        (raw_cursor("k"), ""),
        (raw_cursor(["k"]), ""),
        (raw_cursor({"k": ""}), ""),  # DynamoDB refuses an empty key value
        (raw_cursor({"k": "TERM#maria#1"}), "NAME#"),  # from another listing
        (raw_cursor({"k": "NAME#maria#1"}), "TERM#ana"),  # from another search
    ],
)
def test_a_cursor_that_we_did_not_hand_out_is_invalid_input(cursor: str, prefix: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        decode_cursor(cursor, prefix)
    assert refused.value.details[0]["path"] == "cursor"
