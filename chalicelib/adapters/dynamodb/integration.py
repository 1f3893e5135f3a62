"""The integration API's storage: API keys (directory table) and ingestion batches
(updates table)."""

from __future__ import annotations

from ...domain.audit import AuditEntry
from ...domain.common import Page
from ...domain.errors import NotFound
from ...domain.integration import ApiKey, ChunkResult, IngestionBatch
from ...domain.ports import ApiKeyRepository, IngestionRepository
from .audit import audit_put
from .items import (
    ConditionFailed,
    document,
    firm_pk,
    get,
    item_key,
    load,
    load_each,
    put,
    put_new,
    query,
    string,
    transact,
    update,
)


class DynamoApiKeyRepository:
    def __init__(self, directory: str, audit: str) -> None:
        self.directory = directory
        self.audit = audit

    def get(self, firm_id: str, key_id: str) -> ApiKey | None:
        return load(ApiKey, get(self.directory, firm_pk(firm_id), f"APIKEY#{key_id}"))

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[ApiKey]:
        items, next_cursor = query(self.directory, firm_pk(firm_id), "APIKEY#", cursor, limit)
        return Page(items=load_each(ApiKey, items), next_cursor=next_cursor)

    def create(self, key: ApiKey, audit: AuditEntry) -> None:
        transact(
            [
                put_new(self.directory, document(firm_pk(key.firm_id), f"APIKEY#{key.id}", key)),
                audit_put(self.audit, audit),
            ]
        )

    def save(self, key: ApiKey, audit: AuditEntry) -> None:
        transact(
            [put(self.directory, document(firm_pk(key.firm_id), f"APIKEY#{key.id}", key)), audit_put(self.audit, audit)]
        )


class DynamoIngestionRepository:
    def __init__(self, updates: str) -> None:
        self.table = updates

    def create(self, batch: IngestionBatch) -> None:
        item = document(f"FIRM#{batch.firm_id}#BATCH#{batch.id}", "BATCH", batch, results={"M": {}})
        transact([put_new(self.table, item)])

    def get(self, firm_id: str, batch_id: str) -> IngestionBatch | None:
        item = get(self.table, f"FIRM#{firm_id}#BATCH#{batch_id}", "BATCH")
        batch = load(IngestionBatch, item)
        if batch is None or item is None:
            return None
        results = {k: ChunkResult.model_validate_json(v["S"]) for k, v in item.get("results", {}).get("M", {}).items()}
        return batch.model_copy(update={"results": results})

    def record_chunk(self, firm_id: str, batch_id: str, chunk: int, result: ChunkResult) -> None:
        try:
            update(
                self.table,
                item_key(f"FIRM#{firm_id}#BATCH#{batch_id}", "BATCH"),
                # The first result stays: a message delivered again finds its movements stored
                # already and would report them as duplicates.
                "SET results.#chunk = if_not_exists(results.#chunk, :result)",
                condition="attribute_exists(pk)",
                names={"#chunk": str(chunk)},
                values={":result": string(result.model_dump_json())},
            )
        except ConditionFailed:
            raise NotFound("Batch not found.") from None


# The ports these adapters implement (chalicelib.domain.ports): mypy reports any drift here.
_api_key_repository: type[ApiKeyRepository] = DynamoApiKeyRepository
_ingestion_repository: type[IngestionRepository] = DynamoIngestionRepository
