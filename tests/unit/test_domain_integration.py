"""API keys and batch status (pure domain): the key text, what is refused as no key, and how
the status of a batch adds its chunks up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.errors import Unauthenticated
from chalicelib.domain.integration import ApiKey, ChunkResult, IngestionBatch, IngestionStatus, parse_key

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
NOT_VALID = ("invalid_api_key", "The API key is not valid.")


def test_a_key_text_names_its_firm_and_key_and_carries_256_random_bits() -> None:
    key, text = ApiKey.issue("firm1", "key1", "Court feed", "staff1", NOW)
    prefix, firm_id, key_id, secret = text.split("_", 3)
    assert (prefix, firm_id, key_id, len(secret)) == ("lpk", "firm1", "key1", 43)
    assert parse_key(text) == ("firm1", "key1", secret)
    assert (key.id, key.firm_id, key.name, key.created_at, key.created_by, key.revoked_at) == (
        "key1",
        "firm1",
        "Court feed",
        NOW,
        "staff1",
        None,
    )
    key.check(secret)


def test_a_key_secret_of_20_characters_is_the_shortest_accepted() -> None:
    assert parse_key("lpk_f1_k1_" + "s" * 20) == ("f1", "k1", "s" * 20)
    with pytest.raises(Unauthenticated):
        parse_key("lpk_f1_k1_" + "s" * 19)


@pytest.mark.parametrize(
    "text",
    [
        "xyz_f1_k1_" + "s" * 30,  # another prefix
        "lpk_f-1_k1_" + "s" * 30,  # a firm id we never issue
        "lpk_f1_k-1_" + "s" * 30,  # a key id we never issue
        "lpk_f1_k1",  # no secret
        "lpk__k1_" + "s" * 30,
    ],
)
def test_text_that_is_no_key_of_ours_is_refused_before_any_lookup(text: str) -> None:
    with pytest.raises(Unauthenticated) as caught:
        parse_key(text)
    assert (caught.value.code, caught.value.message) == NOT_VALID


def test_a_wrong_secret_or_a_revoked_key_is_refused() -> None:
    key, text = ApiKey.issue("firm1", "key1", "Court feed", "staff1", NOW)
    secret = text.split("_", 3)[3]
    for bad_key, bad_secret in ((key, "x" * 43), (key.model_copy(update={"revoked_at": NOW}), secret)):
        with pytest.raises(Unauthenticated) as caught:
            bad_key.check(bad_secret)
        assert (caught.value.code, caught.value.message) == NOT_VALID


def test_a_batch_is_done_when_every_chunk_reported_and_its_status_adds_them_up() -> None:
    batch = IngestionBatch(id="b1", firm_id="f1", received_at=NOW, movements=5, chunks=2)
    assert IngestionStatus.of(batch).model_dump() == {
        "id": "b1",
        "received_at": NOW,
        "movements": 5,
        "status": "processing",
        "stored": 0,
        "duplicates": 0,
        "matters_created": 0,
        "unknown_matters": [],
        "refused_count": 0,
        "refused": [],
    }
    one = batch.model_copy(
        update={"results": {"0": ChunkResult(stored=2, duplicates=1, matters_created=1, unknown_matters=["b", "a"])}}
    )
    assert not one.done and IngestionStatus.of(one).status == "processing"
    both = one.model_copy(
        update={"results": {**one.results, "1": ChunkResult(stored=1, duplicates=1, unknown_matters=["a", "c"])}}
    )
    status = IngestionStatus.of(both)
    assert both.done and status.status == "done"
    assert (status.stored, status.duplicates, status.matters_created, status.unknown_matters) == (
        3,
        2,
        1,
        ["a", "b", "c"],
    )
