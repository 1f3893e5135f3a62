"""The notifications worker: each notification delivered once, however often SQS delivers
it, and held notifications released when the scheduler says they are due;
the consumer of SES's bounce and complaint events; and the firm's suppression list."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint
from pydantic import TypeAdapter

from ..bootstrap import services
from ..domain.common import ListQuery, Page
from ..domain.notifications import (
    ClientSuppressions,
    EmailEvent,
    HeldRelease,
    Notification,
    Suppression,
    SuppressionLift,
    parse_email_event,
)
from .events import idempotent_consumer, process_batch
from .http import Audience, RequestContext, endpoint

bp = Blueprint(__name__)

# The local name of the queue; in AWS the merge template (infra/) points the event source
# at the queue it creates.
QUEUE = "notifications"


# The queue carries the notifications requests leave, and the scheduler's releases of a
# client's held notifications (B3) when they are due.
_MESSAGE: TypeAdapter[Notification | HeldRelease] = TypeAdapter(Notification | HeldRelease)


@bp.on_sqs_message(queue=QUEUE, batch_size=10)
def deliver_notifications(event: Any) -> dict[str, Any]:
    deliver = idempotent_consumer(_deliver, "notification", event.context)
    release = idempotent_consumer(_release, "release", event.context)

    def handle(body: str) -> None:
        message = _MESSAGE.validate_json(body)
        if isinstance(message, HeldRelease):
            release(release=message.model_dump(mode="json"))
        else:
            deliver(notification=message.model_dump(mode="json"))

    return process_batch(event, handle)


def _deliver(notification: dict[str, Any]) -> dict[str, Any]:
    return {"message_ids": services().notifications.deliver(Notification.model_validate(notification))}


def _release(release: dict[str, Any]) -> dict[str, Any]:
    return {"message_ids": services().notifications.release(HeldRelease.model_validate(release))}


# SES's bounce and complaint events: SES -> the EmailEventsTopic (SNS) -> this queue.
EMAIL_EVENTS_QUEUE = "email-events"


@bp.on_sqs_message(queue=EMAIL_EVENTS_QUEUE, batch_size=10)
def record_email_events(event: Any) -> dict[str, Any]:
    record = idempotent_consumer(_record_email_event, "email_event", event.context)

    def handle(body: str) -> None:
        parsed = parse_email_event(body)
        if parsed is not None:  # a transient bounce, another event: nothing to do
            record(email_event=parsed.model_dump(mode="json"))

    return process_batch(event, handle)


def _record_email_event(email_event: dict[str, Any]) -> dict[str, Any]:
    added = services().notifications.record_email_event(EmailEvent.model_validate(email_event))
    return {"added": added}


@endpoint(
    bp,
    "GET",
    "/clients/{client_id}/suppressions",
    operation_id="listClientSuppressions",
    audience=Audience.STAFF,
    tag="notifications",
    response=ClientSuppressions,
    summary="The client's access and notification e-mails that are not delivered any more, and why.",
    reads_client=True,
)
def client_suppressions(ctx: RequestContext, client_id: str) -> ClientSuppressions:
    caller = ctx.signed_in()
    items = services().notifications.client_suppressions(caller.firm_id, client_id, caller.client)
    return ClientSuppressions(items=items)


@endpoint(
    bp,
    "GET",
    "/suppressions",
    operation_id="listSuppressions",
    audience=Audience.STAFF,
    tag="notifications",
    query=ListQuery,
    response=Page[Suppression],
    summary="The firm's suppression list (bounced and complained addresses), newest first.",
)
def list_suppressions(ctx: RequestContext, query: ListQuery) -> Page[Suppression]:
    return services().notifications.suppression_page(ctx.signed_in().firm_id, query.cursor, query.limit)


@endpoint(
    bp,
    "POST",
    "/suppressions/lift",
    operation_id="liftSuppression",
    audience=Audience.ADMIN,
    tag="notifications",
    body=SuppressionLift,
    status=204,
    summary="Lift a suppression: the address gets the firm's e-mails again (404 if it is not on the list).",
)
def lift_suppression(ctx: RequestContext, body: SuppressionLift) -> None:
    services().notifications.lift_suppression(ctx.signed_in().actor, body.address)
