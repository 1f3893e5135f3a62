"""What every SQS consumer shares: partial batch failures, as Lambda expects them, and
Powertools idempotency, so a message delivered again does its work once."""

from __future__ import annotations

from functools import cache
from typing import Any, Callable

from ..observability import logger
from ..settings import get_settings

# A message id seen again within a day does nothing more.
IDEMPOTENCY_SECONDS = 24 * 3600


def process_batch(event: Any, handle: Callable[[str], Any]) -> dict[str, Any]:
    """Handle each record's body; report the ones that failed so only they come back
    (the event source has ReportBatchItemFailures) and reach the dead-letter queue after
    maxReceiveCount attempts."""
    failures = []
    for record in event.to_dict()["Records"]:
        try:
            handle(record["body"])
        except Exception:
            logger.exception(
                "message failed",
                extra={"message_id": record["messageId"], "queue": record.get("eventSourceARN", "").rsplit(":", 1)[-1]},
            )
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def idempotent_consumer(work: Callable[..., Any], argument: str, lambda_context: Any) -> Callable[..., Any]:
    """`work`, called with its message as the keyword `argument` (a JSON-ready dict with an
    `id`), done once per id: a redelivered message answers the first result. The records
    are keyed by the function's name, so `work` keeps its name."""
    idempotent, config = _idempotent(work, argument)
    config.register_lambda_context(lambda_context)
    return idempotent


@cache
def _idempotent(work: Callable[..., Any], argument: str) -> tuple[Callable[..., Any], Any]:
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    persistence = DynamoDBPersistenceLayer(table_name=get_settings().idempotency_table)
    config = IdempotencyConfig(event_key_jmespath="id", expires_after_seconds=IDEMPOTENCY_SECONDS)
    # Applied as a call rather than as a decorator, since Powertools types what it returns as Any.
    idempotent: Callable[..., Any] = idempotent_function(
        work, data_keyword_argument=argument, persistence_store=persistence, config=config
    )
    return idempotent, config
