"""Her unread counts of a matter are one number in her feed's summary (adapters/dynamodb/feed.py)."""

from chalicelib.adapters.dynamodb.feed import packed_counts, unpacked_counts
from chalicelib.domain.feed import CATEGORIES


def test_every_category_keeps_its_own_count_up_to_99999():
    counts = {category: 99_999 - index for index, category in enumerate(CATEGORIES)}
    packed = packed_counts(counts)
    assert unpacked_counts(packed) == counts
    assert len(str(packed)) <= 38  # DynamoDB's precision


def test_deltas_of_several_categories_add_up_in_one_number():
    start = {"automatic_movement": 3, "news": 1}
    delta = packed_counts({"automatic_movement": -1, "task": 2, "news": -1})
    assert unpacked_counts(packed_counts(start) + delta) == {"automatic_movement": 2, "task": 2}


def test_no_unread_is_zero_and_no_category():
    assert packed_counts({}) == 0
    assert unpacked_counts(0) == {}
