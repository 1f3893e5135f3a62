"""Make moto fit for a local stack that holds real amounts of data and real client files.

S3: moto serves a presigned GET at any time, however long ago it expired; S3 answers
403 "Request has expired" once X-Amz-Date + X-Amz-Expires has passed. A document's download
link is valid for a minute (chalicelib/adapters/storage.py): the local stack and the tests
hold it to that, as S3 does.

SES (v2): moto keeps an e-mail's HTML part only; the local mailbox shows its text part and
its headers (List-Unsubscribe) too, and can bounce it as SES would report it (with the
mail's tags), so they are kept on moto's message as `text`, `headers` and `tags`, which
moto's data.json then lists with the rest.

DynamoDB:
moto backs up every table a transaction touches with `copy.deepcopy` before writing (once
per operation in the transaction), so each TransactWriteItems costs time in proportion to
everything stored: with ten thousand items a staff edit takes seconds, and a deep copy
racing a request on another server thread fails with "dictionary changed size during
iteration". This replacement keeps DynamoDB's semantics (all conditions checked first,
nothing written if one fails, the per-operation cancellation reasons, ALL_OLD on request)
but backs up only the items it writes, and serializes transactions with other writes.

SES v2: moto keeps only one part of a simple e-mail (the HTML when there is one), and none of
its headers. This keeps the text part (`text`) and the headers (`headers`, as sent) on the
message too, so the local mailbox can show both versions (and List-Unsubscribe).
SNS mobile push (F23): moto keeps what a platform endpoint was sent on the endpoint, and
forgets it with the endpoint (a dead token's device is removed at once): every push is also
kept in SENT_PUSHES (in this process, where the local stack and the tests run moto), with its
endpoint and token, for the local mailbox's Push list and the tests.
Applied by the local stack and the tests before moto starts; AWS is unaffected."""

from __future__ import annotations

import copy
import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

_LOCK = threading.RLock()
_applied = False
# Every push moto's SNS accepted for a platform endpoint, in the order sent (see the docstring).
SENT_PUSHES: list[dict[str, Any]] = []


def apply() -> None:
    global _applied
    if _applied:
        return
    from moto.dynamodb.models import DynamoDBBackend
    from moto.s3.responses import S3Response
    from moto.sesv2.responses import SESV2Response

    SESV2Response.send_email = _keeps_text_and_headers(SESV2Response.send_email)  # type: ignore[method-assign]
    S3Response.key_response = _presigned_links_expire(S3Response.key_response)  # type: ignore[method-assign]
    DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]
    from moto.sns.models import PlatformEndpoint

    PlatformEndpoint.publish = _keeps_pushes(PlatformEndpoint.publish)  # type: ignore[method-assign]
    for name in ("put_item", "update_item", "delete_item", "get_item", "query", "scan"):
        setattr(DynamoDBBackend, name, _serialized(getattr(DynamoDBBackend, name)))
    _applied = True


_EXPIRED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>Request has expired</Message></Error>"
)


def _presigned_links_expire(key_response: Any) -> Any:
    def checked(self: Any, request: Any, full_url: str, headers: Any) -> Any:
        query = parse_qs(urlparse(full_url).query)
        if request.method in ("GET", "HEAD") and "X-Amz-Date" in query and "X-Amz-Expires" in query:
            signed = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            if datetime.now(UTC) > signed + timedelta(seconds=int(query["X-Amz-Expires"][0])):
                return 403, {"Content-Type": "application/xml"}, _EXPIRED
        return key_response(self, request, full_url, headers)

    checked.__wrapped__ = key_response  # type: ignore[attr-defined]
    return checked


def _keeps_text_and_headers(send_email: Any) -> Any:
    """moto's response passes its backend the subject and the HTML only: once it has sent,
    the message it stored gets the request's text part and headers."""

    def keeping(self: Any) -> Any:
        import json

        answer = send_email(self)
        request = json.loads(self.body)
        simple = request.get("Content", {}).get("Simple")
        if simple:
            message_id = json.loads(answer)["MessageId"]
            for message in reversed(self.sesv2_backend.core_backend.sent_messages):
                if message.id == message_id:
                    message.text = simple.get("Body", {}).get("Text", {}).get("Data", "")
                    message.headers = {h["Name"]: h["Value"] for h in simple.get("Headers", [])}
                    message.tags = {t["Name"]: t["Value"] for t in request.get("EmailTags", [])}
                    break
        return answer

    keeping.__wrapped__ = send_email  # type: ignore[attr-defined]
    return keeping


def _keeps_pushes(publish: Any) -> Any:
    def keeping(self: Any, message: str) -> Any:
        message_id = publish(self, message)  # raises EndpointDisabled on a disabled endpoint
        with _LOCK:
            SENT_PUSHES.append(
                {
                    "id": message_id,
                    "endpoint": self.arn,
                    "token": self.token,
                    "platform": self.application.platform,
                    "owner": self.attributes.get("CustomUserData") or self.custom_user_data or "",
                    "message": message,
                    "at": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            )
        return message_id

    keeping.__wrapped__ = publish  # type: ignore[attr-defined]
    return keeping


def _serialized(method: Any) -> Any:
    def locked(self: Any, *args: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return method(self, *args, **kwargs)

    locked.__wrapped__ = method  # type: ignore[attr-defined]
    return locked


def _transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
    from moto.dynamodb.comparisons import get_filter_expression as condition_of
    from moto.dynamodb.exceptions import (
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    with _LOCK:
        seen: set[tuple[str, str]] = set()
        plan: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        reasons: list[tuple[Any, Any, Any]] = []
        for entry in transact_items:
            if len(entry) > 1:
                raise TransactWriteSingleOpException
            op_type, op = next(iter(entry.items()))
            table = self.get_table(op["TableName"])
            if op_type == "Put":
                key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = op["Item"][table.range_key_attr]
            else:
                key = op["Key"]
            identity = (op["TableName"], str(dict(sorted(key.items()))))
            if identity in seen:
                raise MultipleTransactionsException()
            seen.add(identity)
            current = self.get_item(op["TableName"], key)
            condition = op.get("ConditionExpression")
            if condition and not condition_of(
                condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            ).expr(current):
                old = (
                    current.to_json()["Attributes"]
                    if current and op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
                    else None
                )
                reasons.append(("ConditionalCheckFailed", "The conditional request failed", old))
            else:
                reasons.append((None, None, None))
            plan.append((op_type, op, key))
        if any(code is not None for code, _, _ in reasons):
            raise TransactionCanceledException(reasons)

        backups: list[tuple[str, dict[str, Any], Any]] = []
        try:
            for op_type, op, key in plan:
                table_name = op["TableName"]
                backups.append((table_name, key, copy.deepcopy(self.get_item(table_name, key))))
                names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
                if op_type == "Put":
                    self.put_item(table_name, op["Item"])
                elif op_type == "Delete":
                    self.delete_item(table_name, key)
                elif op_type == "Update":
                    self.update_item(
                        table_name,
                        key,
                        update_expression=op["UpdateExpression"],
                        expression_attribute_names=names,
                        expression_attribute_values=values,
                    )
        except Exception:
            for table_name, key, before in reversed(backups):
                if before is None:
                    self.delete_item(table_name, key)
                else:
                    self.put_item(table_name, before.to_json()["Attributes"])
            raise
