"""Cursors the client directory's plain list never hands out, which it refuses as invalid
input on the `cursor` field: one table for the unit test (the service over the fakes) and
the API test (GET /clients over DynamoDB). The codec's own table, cursor by listing prefix,
is tests/unit/test_cursors.py."""

from __future__ import annotations

import base64
import json


def raw_cursor(value: object) -> str:
    """A cursor as the API makes them: base64 of a small JSON document."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# (what it is, the cursor)
REFUSED_BY_THE_CLIENT_LIST: tuple[tuple[str, str], ...] = (
    ("not base64", "garbage!"),
    ("not base64, longer", "not-base64-at-all!"),
    ("base64 of no JSON", base64.urlsafe_b64encode(b"\xff\xfe\x00").decode()),
    ("an empty object", raw_cursor({})),
    ("a number for the key", raw_cursor({"k": 1})),
    ("a larger number for the key", raw_cursor({"k": 12})),
    ("a null key", raw_cursor({"k": None})),
    ("an empty key", raw_cursor({"k": ""})),
    ("a list", raw_cursor(["k"])),
    ("a bare string", raw_cursor("k")),
    ("a search's cursor", raw_cursor({"k": "TERM#x"})),
    ("a search's cursor with a client id", raw_cursor({"k": "TERM#maria#x"})),
    ("a key of another partition", raw_cursor({"k": "FIRM#other"})),
)
