"""The notifications worker: one e-mail per notification, however often SQS delivers it."""

from __future__ import annotations

from functools import cache
from typing import Any, Callable

from chalice import Blueprint

from ..bootstrap import services
from ..domain.notifications import Notification
from ..settings import get_settings
from .events import process_batch

bp = Blueprint(__name__)

# The local name of the queue; in AWS the merge template (infra/) points the event source
# at the queue it creates.
QUEUE = "notifications"


@bp.on_sqs_message(queue=QUEUE, batch_size=10)
def deliver_notifications(event: Any) -> dict[str, Any]:
    deliver, config = _idempotent_delivery()
    config.register_lambda_context(event.context)
    return process_batch(
        event, lambda body: deliver(notification=Notification.model_validate_json(body).model_dump(mode="json"))
    )


@cache
def _idempotent_delivery() -> tuple[Callable[..., Any], Any]:
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    persistence = DynamoDBPersistenceLayer(table_name=get_settings().idempotency_table)
    # A notification id delivered again within a day sends nothing more.
    config = IdempotencyConfig(event_key_jmespath="id", expires_after_seconds=24 * 3600)

    @idempotent_function(data_keyword_argument="notification", persistence_store=persistence, config=config)
    def deliver(notification: dict[str, Any]) -> dict[str, Any]:
        return {"message_id": services().notifications.deliver(Notification.model_validate(notification))}

    return deliver, config
