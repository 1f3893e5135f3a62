"""The notifications worker: one e-mail per notification, however often SQS delivers it."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.notifications import Notification
from .events import idempotent_consumer, process_batch

bp = Blueprint(__name__)

# The local name of the queue; in AWS the merge template (infra/) points the event source
# at the queue it creates.
QUEUE = "notifications"


@bp.on_sqs_message(queue=QUEUE, batch_size=10)
def deliver_notifications(event: Any) -> dict[str, Any]:
    deliver = idempotent_consumer(_deliver, "notification", event.context)
    return process_batch(
        event, lambda body: deliver(notification=Notification.model_validate_json(body).model_dump(mode="json"))
    )


def _deliver(notification: dict[str, Any]) -> dict[str, Any]:
    return {"message_id": services().notifications.deliver(Notification.model_validate(notification))}
