"""F13: the integration API (a firm's API key) and the admins' management of the keys."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint, Response

from ..bootstrap import services
from ..domain.common import ListQuery, Page
from ..domain.integration import (
    ApiKeyRequest,
    BatchAccepted,
    IngestionChunk,
    IngestionStatus,
    MatterUpsert,
    MovementBatch,
)
from ..domain.matters import Matter
from .events import process_batch
from .http import Audience, RequestContext, endpoint
from .views import ApiKeyView, NewApiKey

bp = Blueprint(__name__)

# The local name of the queue; in AWS the merge template (infra/) points the event source at it.
QUEUE = "ingestion"


@endpoint(
    bp,
    "GET",
    "/api-keys",
    operation_id="listApiKeys",
    audience=Audience.ADMIN,
    tag="integration",
    query=ListQuery,
    response=Page[ApiKeyView],
    summary="The firm's integration keys, a page at a time.",
)
def list_api_keys(ctx: RequestContext, query: ListQuery) -> Page[ApiKeyView]:
    page = services().integration.list_keys(ctx.signed_in().firm_id, query.cursor, query.limit)
    return Page(items=[ApiKeyView.of(k) for k in page.items], next_cursor=page.next_cursor)


@endpoint(
    bp,
    "POST",
    "/api-keys",
    operation_id="createApiKey",
    audience=Audience.ADMIN,
    tag="integration",
    body=ApiKeyRequest,
    response=NewApiKey,
    status=201,
    summary="Create an integration key; its secret is shown in this answer only.",
)
def create_api_key(ctx: RequestContext, body: ApiKeyRequest) -> NewApiKey:
    key, secret = services().integration.create_key(ctx.signed_in().actor, body)
    return NewApiKey(**ApiKeyView.of(key).model_dump(), secret=secret)


@endpoint(
    bp,
    "DELETE",
    "/api-keys/{key_id}",
    operation_id="revokeApiKey",
    audience=Audience.ADMIN,
    tag="integration",
    status=204,
    summary="Revoke an integration key.",
)
def revoke_api_key(ctx: RequestContext, key_id: str) -> None:
    services().integration.revoke_key(ctx.signed_in().actor, key_id)


@endpoint(
    bp,
    "POST",
    "/integration/movements",
    operation_id="sendMovements",
    audience=Audience.INTEGRATION,
    tag="integration",
    body=MovementBatch,
    response=BatchAccepted,
    status=202,
    summary="Up to 1,000 court movements (DataJud records or plain movements); stored through a queue, each once.",
)
def ingest_movements(ctx: RequestContext, body: MovementBatch) -> BatchAccepted:
    return services().integration.accept(ctx.integrated(), body, status_url="/integration/batches/{batch_id}")


@endpoint(
    bp,
    "GET",
    "/integration/batches/{batch_id}",
    operation_id="getMovementBatch",
    audience=Audience.INTEGRATION,
    tag="integration",
    response=IngestionStatus,
    summary="How far a batch of movements has been stored.",
)
def batch_status(ctx: RequestContext, batch_id: str) -> IngestionStatus:
    return services().integration.status(ctx.integrated(), batch_id)


@endpoint(
    bp,
    "PUT",
    "/integration/matters",
    operation_id="syncMatter",
    audience=Audience.INTEGRATION,
    tag="integration",
    body=MatterUpsert,
    response=Matter,
    also=(201,),
    summary="Create the matter with this number, or bring its court data up to date (201 when created).",
)
def upsert_matter(ctx: RequestContext, body: MatterUpsert) -> Response:
    matter, created = services().integration.upsert_matter(ctx.integrated(), body)
    return Response(body=matter.model_dump(mode="json"), status_code=201 if created else 200)


@bp.on_sqs_message(queue=QUEUE, batch_size=10)
def store_movements(event: Any) -> dict[str, Any]:
    # Idempotent by construction: a movement's id comes from its content and is written
    # only if absent, and a chunk's first recorded result stays in the batch status.
    return process_batch(event, lambda body: services().integration.process(IngestionChunk.model_validate_json(body)))
