"""The security table: refresh sessions and rate-limit counters (TTL `expires_at`)."""

from __future__ import annotations

import time

from ...domain.errors import RateLimited
from ...domain.identity import RefreshSession
from .. import aws
from .items import Item, document, error_code, get, item_key, load, put, put_new, string, transact


class DynamoSessionRepository:
    def __init__(self, table: str) -> None:
        self.table = table

    def _item(self, session: RefreshSession) -> Item:
        return document(
            f"FIRM#{session.firm_id}#SESSION#{session.session_id}",
            "SESSION",
            session,
            secret_hash=string(session.secret_hash),
            expires_at={"N": str(int(session.expires_at.timestamp()))},
        )

    def create(self, session: RefreshSession) -> None:
        transact([put_new(self.table, self._item(session))])

    def get(self, firm_id: str, session_id: str) -> RefreshSession | None:
        return load(RefreshSession, get(self.table, f"FIRM#{firm_id}#SESSION#{session_id}", "SESSION"))

    def rotate(self, session: RefreshSession, previous_secret_hash: str) -> None:
        # Two refreshes racing with the same token: only the first one rotates.
        transact([put(self.table, self._item(session), "secret_hash = :previous", {":previous": string(previous_secret_hash)})])

    def delete(self, firm_id: str, session_id: str) -> None:
        aws.client("dynamodb").delete_item(TableName=self.table, Key=item_key(f"FIRM#{firm_id}#SESSION#{session_id}", "SESSION"))


class DynamoRateLimiter:
    """Fixed windows counted with one conditional UpdateItem; DynamoDB's TTL clears them."""

    def __init__(self, table: str) -> None:
        self.table = table

    def hit(self, key: str, limit: int, window_seconds: int) -> None:
        from botocore.exceptions import ClientError

        now = int(time.time())
        window_start = now - now % window_seconds
        try:
            aws.client("dynamodb").update_item(
                TableName=self.table,
                Key=item_key(f"RATE#{key}#{window_start}", "RATE"),
                UpdateExpression="ADD attempts :one SET expires_at = :expires",
                ConditionExpression="attribute_not_exists(attempts) OR attempts < :limit",
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":limit": {"N": str(limit)},
                    ":expires": {"N": str(window_start + window_seconds)},
                },
            )
        except ClientError as error:
            if error_code(error) == "ConditionalCheckFailedException":
                raise RateLimited("Too many attempts. Please wait and try again.", retry_after_seconds=window_start + window_seconds - now) from None
            raise
