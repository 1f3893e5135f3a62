"""The local stack's replacement of moto's transaction code keeps DynamoDB's semantics:
all conditions are checked before anything is written, the cancellation reasons come
per operation, and a write that fails midway leaves nothing behind."""

from __future__ import annotations

import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.support.stack import MotoStack


@pytest.fixture
def table(stack: MotoStack) -> str:
    return stack.environment["PORTAL_SECURITY_TABLE"]


def key(pk: str) -> dict[str, dict[str, str]]:
    return {"pk": {"S": pk}, "sk": {"S": "X"}}


def test_a_failed_condition_writes_nothing_and_names_the_operation(table: str) -> None:
    db = boto3.client("dynamodb")
    taken, free = f"taken-{uuid.uuid4()}", f"free-{uuid.uuid4()}"
    db.put_item(TableName=table, Item={**key(taken), "n": {"N": "1"}})
    with pytest.raises(ClientError) as raised:
        db.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": {**key(free), "n": {"N": "2"}}}},
                {
                    "Put": {
                        "TableName": table,
                        "Item": {**key(taken), "n": {"N": "3"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    }
                },
            ]
        )
    reasons = raised.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed"]
    assert reasons[1]["Item"]["n"] == {"N": "1"}
    assert "Item" not in db.get_item(TableName=table, Key=key(free))
    assert db.get_item(TableName=table, Key=key(taken))["Item"]["n"] == {"N": "1"}


def test_a_write_failing_midway_is_rolled_back(table: str) -> None:
    db = boto3.client("dynamodb")
    first, second = f"first-{uuid.uuid4()}", f"second-{uuid.uuid4()}"
    db.put_item(TableName=table, Item={**key(second), "n": {"S": "text"}})
    with pytest.raises(ClientError):
        db.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": {**key(first), "n": {"N": "1"}}}},
                # Adding a number to a string fails only when applied.
                {
                    "Update": {
                        "TableName": table,
                        "Key": key(second),
                        "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
            ]
        )
    assert "Item" not in db.get_item(TableName=table, Key=key(first))
    assert db.get_item(TableName=table, Key=key(second))["Item"]["n"] == {"S": "text"}


def test_an_emails_text_part_headers_and_tags_are_kept_for_the_local_mailbox(stack: MotoStack) -> None:
    from chalicelib.adapters.ses import SesMailer
    from chalicelib.domain.ports import OutgoingEmail
    from devstack.mailbox import sent_by_moto

    mailer = SesMailer(stack.environment["PORTAL_MAIL_FROM"], None)
    unsubscribe = {"List-Unsubscribe": "<https://api.example.com/unsubscribe?token=t>"}
    message_id = mailer.send(
        OutgoingEmail(
            to=[f"{uuid.uuid4().hex}@example.com"],
            subject="Novidade",
            html="<p>Olá</p>",
            text="Olá\n",
            sender_name="Silva",
            tags={"firm": "f1", "kind": "news"},
            headers=unsubscribe | {"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
    )

    [sent] = [m for m in sent_by_moto(stack.url) if m["id"] == message_id]
    assert (sent["html"], sent["text"].strip()) == ("<p>Olá</p>", "Olá")
    assert sent["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent["tags"] == {"firm": "f1", "kind": "news"}
