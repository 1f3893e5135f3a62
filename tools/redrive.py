"""Send the messages a worker gave up on (after five tries SQS moves a message to its
queue's dead-letter queue) back to the queue, for the worker to try again.

    python -m tools.redrive --stack law-portal-prod --queue translations
    make redrive QUEUE=translations            # the local stack (`make run`)

The workers are idempotent, so a message that had partly done its work before failing
does the rest and nothing twice. Moves every message in the dead-letter queue (or at most
--max), each sent to the queue before it is deleted from the dead-letter queue."""

from __future__ import annotations

import argparse
import json
import os

import boto3

LOCAL = {
    "AWS_ENDPOINT_URL": "http://localhost:5100",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def queue_url(stack: str, queue: str) -> str:
    """The URL of the stack's queue: translations -> the TranslationsQueue resource."""
    logical = "".join(part.capitalize() for part in queue.split("-")) + "Queue"
    resources = boto3.client("cloudformation").describe_stack_resources(StackName=stack)["StackResources"]
    found = [r["PhysicalResourceId"] for r in resources if r["LogicalResourceId"] == logical]
    if not found:
        raise SystemExit(f"the stack {stack} has no queue {logical}")
    url: str = found[0]
    return url


def dead_letter_url(url: str) -> str:
    sqs = boto3.client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])["Attributes"]
    arn = json.loads(attributes["RedrivePolicy"])["deadLetterTargetArn"]
    account, name = arn.split(":")[4], arn.split(":")[5]
    dead: str = sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
    return dead


def redrive(url: str, limit: int | None = None) -> int:
    """Move the dead-letter queue's messages back to `url`; return how many were moved."""
    sqs = boto3.client("sqs")
    dead = dead_letter_url(url)
    moved = 0
    while limit is None or moved < limit:
        wanted = 10 if limit is None else min(10, limit - moved)
        messages = sqs.receive_message(
            QueueUrl=dead, MaxNumberOfMessages=wanted, MessageAttributeNames=["All"], WaitTimeSeconds=0
        ).get("Messages", [])
        if not messages:
            break
        for message in messages:
            sent = {"QueueUrl": url, "MessageBody": message["Body"]}
            if message.get("MessageAttributes"):
                sent["MessageAttributes"] = message["MessageAttributes"]
            sqs.send_message(**sent)
            sqs.delete_message(QueueUrl=dead, ReceiptHandle=message["ReceiptHandle"])
            moved += 1
    return moved


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tools.redrive", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stack", default="law-portal-local", help="the CloudFormation stack (default: the local one)")
    parser.add_argument("--queue", required=True, help="translations, ingestion or notifications")
    parser.add_argument("--max", type=int, help="move at most this many messages")
    parser.add_argument("--local", action="store_true", help="the local stack of `make run` (moto on port 5100)")
    args = parser.parse_args()
    if args.local:
        os.environ.update(LOCAL)
    moved = redrive(queue_url(args.stack, args.queue), args.max)
    print(f"Sent {moved} message(s) from the dead-letter queue back to {args.queue}.")


if __name__ == "__main__":
    main()
