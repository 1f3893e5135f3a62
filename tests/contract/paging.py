"""Walking a list page by page, and the cursors no list ever hands out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from chalicelib.domain.common import Page, encode_cursor
from chalicelib.domain.errors import InvalidInput

T = TypeVar("T")

GARBLED = "not*a*cursor"
EMPTY_SORT_KEY = encode_cursor("")


def bad_cursors(another_lists_key: str | None) -> list[Any]:
    """A garbled cursor, one with an empty sort key (DynamoDB would refuse it with a 500)
    and, for lists under a sort-key prefix, one another list handed out."""
    cursors = [pytest.param(GARBLED, id="garbled"), pytest.param(EMPTY_SORT_KEY, id="empty-sort-key")]
    if another_lists_key is not None:
        cursors.append(pytest.param(encode_cursor(another_lists_key), id="another-list"))
    return cursors


def pages(fetch: Callable[[str | None], Page[T]], most: int = 50) -> list[Page[T]]:
    """Every page, following next_cursor from the first page to the one without it."""
    found = [fetch(None)]
    while found[-1].next_cursor:
        assert len(found) < most, "the cursor never ends"
        found.append(fetch(found[-1].next_cursor))
    return found


def every_item(fetch: Callable[[str | None], Page[T]]) -> list[T]:
    return [item for page in pages(fetch) for item in page.items]


def assert_cursor_refused(call: Callable[[], Any]) -> None:
    with pytest.raises(InvalidInput) as refused:
        call()
    assert [d["path"] for d in refused.value.details] == ["cursor"]
