"""API keys and ingestion batches, in memory."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.common import Page
from chalicelib.domain.integration import ApiKey, ChunkResult, IngestionBatch
from tests.support.fakes.store import Store, Transaction, dump, load, query_page

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class InMemoryApiKeyRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, key_id: str) -> ApiKey | None:
        return load(ApiKey, self.store.api_keys.get((firm_id, key_id)))

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[ApiKey]:
        entries = {f"APIKEY#{key_id}": raw for (firm, key_id), raw in self.store.api_keys.items() if firm == firm_id}
        chosen, next_cursor = query_page(entries, "APIKEY#", cursor, limit)
        return Page(items=[ApiKey.model_validate_json(raw) for _, raw in chosen], next_cursor=next_cursor)

    def create(self, key: ApiKey, audit: AuditEntry) -> None:
        s = self.store
        tx = (
            Transaction()
            .require(lambda: (key.firm_id, key.id) not in s.api_keys)
            .then(lambda: s.api_keys.__setitem__((key.firm_id, key.id), dump(key)))
        )
        s.audit_new(tx, audit)
        tx.commit()

    def save(self, key: ApiKey, audit: AuditEntry) -> None:
        s = self.store
        tx = Transaction().then(lambda: s.api_keys.__setitem__((key.firm_id, key.id), dump(key)))
        s.audit_new(tx, audit)
        tx.commit()


class InMemoryIngestionRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, batch: IngestionBatch) -> None:
        s = self.store
        key = (batch.firm_id, batch.id)
        tx = Transaction().require(lambda: key not in s.batches)
        tx.then(lambda: s.batches.__setitem__(key, dump(batch)))
        tx.then(lambda: s.batch_results.__setitem__(key, {}))
        tx.commit()

    def get(self, firm_id: str, batch_id: str) -> IngestionBatch | None:
        batch = load(IngestionBatch, self.store.batches.get((firm_id, batch_id)))
        if batch is None:
            return None
        results = {
            chunk: ChunkResult.model_validate_json(raw)
            for chunk, raw in self.store.batch_results.get((firm_id, batch_id), {}).items()
        }
        return batch.model_copy(update={"results": results})

    def record_chunk(self, firm_id: str, batch_id: str, chunk: int, result: ChunkResult) -> None:
        key = (firm_id, batch_id)
        tx = Transaction().require(lambda: key in self.store.batches)
        # if_not_exists: the first result recorded for a chunk stays.
        tx.then(lambda: self.store.batch_results[key].setdefault(str(chunk), dump(result)))
        tx.commit()
