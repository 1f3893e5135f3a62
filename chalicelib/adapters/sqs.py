"""SQS: where requests leave slow work (e-mails) for the workers."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from ..domain.ports import Outbox, Queue
from . import aws


class SqsQueue:
    def __init__(self, queue_url: str) -> None:
        self.queue_url = queue_url

    def send(self, message: BaseModel) -> None:
        aws.client("sqs").send_message(QueueUrl=self.queue_url, MessageBody=message.model_dump_json())

    def send_many(self, messages: Sequence[BaseModel]) -> None:
        sqs = aws.client("sqs")
        for start in range(0, len(messages), 10):
            entries = [
                {"Id": str(i), "MessageBody": m.model_dump_json()} for i, m in enumerate(messages[start : start + 10])
            ]
            failed = sqs.send_message_batch(QueueUrl=self.queue_url, Entries=entries).get("Failed", [])
            if failed:
                raise RuntimeError(f"SQS refused {len(failed)} of {len(entries)} messages: {failed[0].get('Message')}")


# The ports this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_outbox: type[Outbox] = SqsQueue
_queue: type[Queue] = SqsQueue
