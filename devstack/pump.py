"""Deliver SQS messages to the app's @on_sqs_message handlers the way Lambda's event
source mapping does: batches of up to `batch_size`, the handler's partial batch response
honoured (only failed records come back), failed records left to reappear after the
queue's visibility timeout, and moto moving a message to the dead-letter queue once it
has been received maxReceiveCount times."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import boto3
from chalice.app import SQSEventConfig


@dataclass
class Source:
    name: str
    queue_url: str
    queue_arn: str
    batch_size: int
    handler: Any


class LambdaContext:
    """The parts of Lambda's context object handlers and Powertools read."""

    def __init__(self, function_name: str, timeout_seconds: int = 30) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 512
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{function_name}"
        self.aws_request_id = str(uuid.uuid4())
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def queue_env_name(queue: str) -> str:
    """The environment variable that holds a queue's URL: notifications -> PORTAL_NOTIFICATIONS_QUEUE_URL."""
    return f"PORTAL_{queue.upper().replace('-', '_')}_QUEUE_URL"


def sources(app: Any, environment: dict[str, str]) -> list[Source]:
    sqs = boto3.client("sqs")
    found = []
    for config in app.event_sources:
        if isinstance(config, SQSEventConfig):
            url = environment[queue_env_name(config.queue)]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            found.append(Source(config.name, url, arn, config.batch_size, app.handler_map[config.name]))
    return found


class EventPump:
    def __init__(self, app: Any, environment: dict[str, str], wait_seconds: int = 1) -> None:
        self.sources = sources(app, environment)
        self.wait_seconds = wait_seconds
        self.sqs = boto3.client("sqs")
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def poll_once(self, source: Source, wait_seconds: int | None = None) -> int:
        """Receive one batch and invoke the handler; return how many messages it held."""
        messages: list[dict[str, Any]] = []
        while len(messages) < source.batch_size:
            response = self.sqs.receive_message(
                QueueUrl=source.queue_url,
                MaxNumberOfMessages=min(10, source.batch_size - len(messages)),
                WaitTimeSeconds=self.wait_seconds if wait_seconds is None else wait_seconds,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
            received = response.get("Messages", [])
            messages.extend(received)
            if len(received) < 10:
                break
        if not messages:
            return 0
        event = {"Records": [self._record(source, m) for m in messages]}
        try:
            result = source.handler(event, LambdaContext(source.name))
            failed = {f["itemIdentifier"] for f in (result or {}).get("batchItemFailures", [])}
        except Exception:
            # The whole batch failed, as when a Lambda invocation raises.
            failed = {m["MessageId"] for m in messages}
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), 10):
            entries = [
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done[start : start + 10])
            ]
            self.sqs.delete_message_batch(QueueUrl=source.queue_url, Entries=entries)
        return len(messages)

    def drain(self, timeout_seconds: float = 30) -> None:
        """Deliver until every queue is empty of visible messages (tests, benchmarks)."""
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            if sum(self.poll_once(source, wait_seconds=0) for source in self.sources) == 0:
                return
        raise TimeoutError("queues did not drain")

    def start(self) -> None:
        for source in self.sources:
            thread = threading.Thread(target=self._run, args=(source,), name=f"pump-{source.name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.wait_seconds + 5)

    def _run(self, source: Source) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once(source)
            except Exception as error:  # keep pumping; report and back off
                print(f"[pump] {source.name}: {error}", flush=True)
                self._stop.wait(2)

    @staticmethod
    def _record(source: Source, message: dict[str, Any]) -> dict[str, Any]:
        return {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": message.get("Attributes", {}),
            "messageAttributes": message.get("MessageAttributes", {}),
            "md5OfBody": message.get("MD5OfBody", ""),
            "eventSource": "aws:sqs",
            "eventSourceARN": source.queue_arn,
            "awsRegion": source.queue_arn.split(":")[3],
        }
