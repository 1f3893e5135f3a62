"""What every SQS consumer shares: partial batch failures, as Lambda expects them."""

from __future__ import annotations

from typing import Any, Callable

from ..observability import logger


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
