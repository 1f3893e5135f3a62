"""SQS: where requests leave slow work (e-mails) for the workers."""

from __future__ import annotations

from pydantic import BaseModel

from ..domain.ports import Outbox, Queue
from . import aws


class SqsQueue:
    def __init__(self, queue_url: str) -> None:
        self.queue_url = queue_url

    def send(self, message: BaseModel) -> None:
        aws.client("sqs").send_message(QueueUrl=self.queue_url, MessageBody=message.model_dump_json())


# The ports this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_outbox: type[Outbox] = SqsQueue
_queue: type[Queue] = SqsQueue
