"""IngestionRepository: a batch of movements and the result of each of its chunks. The
first result recorded for a chunk stays: SQS delivers at least once, and a message
delivered again would count the movements its first delivery stored as duplicates."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.integration import IngestionBatch
from chalicelib.domain.ports import IngestionRepository
from tests.contract.builders import a_batch, a_result


def receive(batches: IngestionRepository, firm_id: str, chunks: int = 2) -> IngestionBatch:
    batch = a_batch(firm_id, chunks)
    batches.create(batch)
    return batch


def test_a_batch_never_created_is_none(batches: IngestionRepository, firm_id: str) -> None:
    assert batches.get(firm_id, "nobatch") is None


def test_a_created_batch_reads_back_with_no_results_yet(batches: IngestionRepository, firm_id: str) -> None:
    batch = a_batch(firm_id)

    batches.create(batch)

    stored = batches.get(firm_id, batch.id)
    assert stored == batch and stored.results == {} and not stored.done


def test_a_batch_id_created_twice_is_refused_and_the_first_batch_stays(
    batches: IngestionRepository, firm_id: str
) -> None:
    batch = receive(batches, firm_id)

    with pytest.raises(Conflict):
        batches.create(batch.model_copy(update={"movements": 999}))

    assert batches.get(firm_id, batch.id) == batch


def test_a_recorded_chunk_is_read_with_its_batch(batches: IngestionRepository, firm_id: str) -> None:
    batch = receive(batches, firm_id, chunks=1)

    batches.record_chunk(firm_id, batch.id, 0, a_result(stored=7))

    stored = batches.get(firm_id, batch.id)
    assert stored.results == {"0": a_result(stored=7)} and stored.done


def test_each_chunk_keeps_its_own_result(batches: IngestionRepository, firm_id: str) -> None:
    batch = receive(batches, firm_id, chunks=3)

    batches.record_chunk(firm_id, batch.id, 2, a_result(stored=1))
    batches.record_chunk(firm_id, batch.id, 0, a_result(stored=5, duplicates=2))

    stored = batches.get(firm_id, batch.id)
    assert stored.results == {"0": a_result(stored=5, duplicates=2), "2": a_result(stored=1)} and not stored.done


def test_a_chunk_recorded_again_keeps_its_first_result(batches: IngestionRepository, firm_id: str) -> None:
    batch = receive(batches, firm_id)
    batches.record_chunk(firm_id, batch.id, 1, a_result(stored=10))

    batches.record_chunk(firm_id, batch.id, 1, a_result(stored=0, duplicates=10))  # the same message delivered again
    batches.record_chunk(firm_id, batch.id, 1, a_result(stored=0, duplicates=10))

    assert batches.get(firm_id, batch.id).results == {"1": a_result(stored=10)}


def test_a_chunk_of_a_batch_never_created_is_not_found_and_creates_nothing(
    batches: IngestionRepository, firm_id: str
) -> None:
    with pytest.raises(NotFound):
        batches.record_chunk(firm_id, "nobatch", 0, a_result())

    assert batches.get(firm_id, "nobatch") is None


def test_another_firms_batch_is_not_found_there(batches: IngestionRepository, firm_id: str, other_firm_id: str) -> None:
    batch = receive(batches, firm_id)
    batches.record_chunk(firm_id, batch.id, 0, a_result())

    assert batches.get(other_firm_id, batch.id) is None
