"""Deliver SQS messages to the app's @on_sqs_message handlers the way Lambda's event
source mapping does: batches of up to `batch_size`, the handler's partial batch response
honoured (only failed records come back), failed records left to reappear after the
queue's visibility timeout, and moto moving a message to the dead-letter queue once it
has been received maxReceiveCount times. And run EventBridge Scheduler's one-time
schedules, which moto keeps but never runs: each one's input goes to its target queue once
its time has come."""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

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
            if config.queue is None:  # subscribed by ARN: there is no queue name to look up
                raise ValueError(f"{config.name}: the dev stack finds queues by name, not by queue_arn")
            url = environment[queue_env_name(config.queue)]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            found.append(Source(config.name, url, arn, config.batch_size, app.handler_map[config.name]))
    return found


_AT = re.compile(r"at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)")


class Schedules:
    """EventBridge Scheduler's part: a one-time schedule (`at(...)`) of the group that is due
    sends its input to its target queue, and is deleted (ActionAfterCompletion DELETE)."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.scheduler = boto3.client("scheduler")
        self.sqs = boto3.client("sqs")
        # Each schedule read once: its moment, target queue and input (ours never change).
        self._known: dict[str, tuple[datetime, str, str] | None] = {}

    def run_due(self, until: datetime | None = None) -> int:
        """Run the schedules due by `until` (now unless told); return how many ran."""
        moment = until or datetime.now(UTC)
        ran = 0
        pages = self.scheduler.get_paginator("list_schedules").paginate(GroupName=self.group)
        for summary in [s for page in pages for s in page.get("Schedules", [])]:
            name = summary["Name"]
            if name not in self._known:
                self._known[name] = self._read(name)
            known = self._known[name]
            if known is None or known[0] > moment:
                continue
            _, queue_url, body = known
            self.sqs.send_message(QueueUrl=queue_url, MessageBody=body)
            self.scheduler.delete_schedule(Name=name, GroupName=self.group)
            del self._known[name]
            ran += 1
        return ran

    def _read(self, name: str) -> tuple[datetime, str, str] | None:
        schedule = self.scheduler.get_schedule(Name=name, GroupName=self.group)
        found = _AT.fullmatch(schedule["ScheduleExpression"])
        if found is None:
            return None  # not a one-time schedule: nothing of ours
        zone = ZoneInfo(schedule.get("ScheduleExpressionTimezone") or "UTC")
        target = schedule["Target"]
        account, queue = target["Arn"].split(":")[4:6]
        url = self.sqs.get_queue_url(QueueName=queue, QueueOwnerAWSAccountId=account)["QueueUrl"]
        return datetime.fromisoformat(found[1]).replace(tzinfo=zone), url, target.get("Input", "{}")


class EventPump:
    def __init__(self, app: Any, environment: dict[str, str], wait_seconds: int = 1) -> None:
        self.sources = sources(app, environment)
        group = environment.get("PORTAL_NOTIFICATIONS_SCHEDULE_GROUP")
        self.schedules = Schedules(group) if group else None
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

    def drain(self, timeout_seconds: float = 30, until: datetime | None = None) -> None:
        """Deliver until every queue is empty of visible messages and no schedule is due
        (tests, benchmarks). `until`: run the schedules due by then, as if it were then
        (a client's held notifications, released without waiting for their time)."""
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            delivered = sum(self.poll_once(source, wait_seconds=0) for source in self.sources)
            ran = self.schedules.run_due(until) if self.schedules else 0
            if delivered == 0 and ran == 0:
                return
        raise TimeoutError("queues did not drain")

    def start(self) -> None:
        for source in self.sources:
            thread = threading.Thread(target=self._run, args=(source,), name=f"pump-{source.name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        if self.schedules:
            thread = threading.Thread(target=self._run_schedules, name="pump-schedules", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _run_schedules(self) -> None:
        assert self.schedules is not None
        while not self._stop.wait(1):
            try:
                self.schedules.run_due()
            except Exception as error:  # keep running; report and back off
                print(f"[pump] schedules: {error}", flush=True)
                self._stop.wait(2)

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
