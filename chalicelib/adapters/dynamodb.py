"""DynamoDB repositories. Every key starts with the firm id (but the slug and rate-limit
keys, which are looked up before anyone is signed in); every read is a GetItem or a Query
on keys. The item layout is in docs/DATA_MODEL.md.

Entities are stored whole as a JSON document (`doc`) beside the keys and a `version`
number that conditional writes check, so a stale edit fails instead of overwriting. Staff
members and accesses keep their credentials beside the document (`credentials`, with its
own `credentials_revision`), written with their own condition.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from ..domain.accesses import Access
from ..domain.audit import AuditEntry
from ..domain.clients import Client
from ..domain.common import Page, decode_cursor, encode_cursor
from ..domain.errors import Conflict, RateLimited
from ..domain.firm import Firm
from ..domain.identity import Credentials, RefreshSession, check_next_revision
from ..domain.matters import ClientMatterView
from ..domain.staff import StaffMember
from . import aws

M = TypeVar("M", bound=BaseModel)
P = TypeVar("P", StaffMember, Access)
Item = dict[str, Any]

STALE = "This record was changed by someone else. Reload and try again."


def _s(value: str) -> dict[str, str]:
    return {"S": value}


def _key(pk: str, sk: str) -> Item:
    return {"pk": _s(pk), "sk": _s(sk)}


def document(pk: str, sk: str, model: BaseModel, **extra: Any) -> Item:
    item = {**_key(pk, sk), "doc": _s(model.model_dump_json())}
    version = getattr(model, "version", None)
    if version is not None:
        item["version"] = {"N": str(version)}
    item.update(extra)
    return item


def load(model: type[M], item: Item | None) -> M | None:
    return None if item is None else model.model_validate_json(item["doc"]["S"])


def put(table: str, item: Item, condition: str | None = None, values: Item | None = None) -> Item:
    op: Item = {"TableName": table, "Item": item}
    if condition:
        op["ConditionExpression"] = condition
        if "#v" in condition:
            op["ExpressionAttributeNames"] = {"#v": "version"}
        if values:
            op["ExpressionAttributeValues"] = values
    return {"Put": op}


def put_new(table: str, item: Item) -> Item:
    return put(table, item, "attribute_not_exists(pk)")


def put_versioned(table: str, item: Item, previous_version: int) -> Item:
    """Write only over the version the caller read: a concurrent edit makes it fail."""
    return put(table, item, "#v = :v", {":v": {"N": str(previous_version)}})


def update_document(
    table: str, key: Item, model: BaseModel, previous_version: int, exclude: set[str] | None = None
) -> Item:
    """Replace the document and version only, over the version the caller read; attributes
    kept beside the document (an access's published matters, an update's read receipts)
    are left as they are."""
    return {
        "Update": {
            "TableName": table,
            "Key": key,
            "UpdateExpression": "SET doc = :doc, #v = :v",
            "ConditionExpression": "#v = :previous",
            "ExpressionAttributeNames": {"#v": "version"},
            "ExpressionAttributeValues": {
                ":doc": _s(model.model_dump_json(exclude=exclude)),
                ":v": {"N": str(model.version)},
                ":previous": {"N": str(previous_version)},
            },
        }
    }


def put_existing(table: str, item: Item) -> Item:
    return put(table, item, "attribute_exists(pk)")


def delete(table: str, key: Item) -> Item:
    return {"Delete": {"TableName": table, "Key": key}}


def _error_code(error: Exception) -> str:
    return getattr(error, "response", {}).get("Error", {}).get("Code", "")


def transact(operations: list[Item], conflict: str = STALE) -> None:
    """All or nothing; a failed condition becomes Conflict and nothing is written."""
    from botocore.exceptions import ClientError

    try:
        if len(operations) == 1:
            # One write needs no transaction: the matching single call is cheaper.
            ((kind, request),) = operations[0].items()
            single = {"Put": "put_item", "Update": "update_item", "Delete": "delete_item", "ConditionCheck": None}[kind]
            if single:
                getattr(aws.client("dynamodb"), single)(**request)
                return
        aws.client("dynamodb").transact_write_items(TransactItems=operations)
    except ClientError as error:
        code = _error_code(error)
        if code == "ConditionalCheckFailedException":
            raise Conflict(conflict, code="conflict") from None
        if code == "TransactionCanceledException":
            reasons = error.response.get("CancellationReasons", [])
            if any(r.get("Code") == "ConditionalCheckFailed" for r in reasons) or not reasons:
                raise Conflict(conflict, code="conflict") from None
        raise


def get(table: str, pk: str, sk: str) -> Item | None:
    return aws.client("dynamodb").get_item(TableName=table, Key=_key(pk, sk), ConsistentRead=True).get("Item")


def query(
    table: str, pk: str, prefix: str, cursor: str | None, limit: int, newest_first: bool = False
) -> tuple[list[Item], str | None]:
    """One Query on a partition and a sort-key prefix; the cursor continues where it stopped."""
    request: Item = {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": _s(pk)},
        "Limit": limit,
        "ScanIndexForward": not newest_first,
    }
    if prefix:
        request["KeyConditionExpression"] += " AND begins_with(sk, :prefix)"
        request["ExpressionAttributeValues"][":prefix"] = _s(prefix)
    if cursor:
        request["ExclusiveStartKey"] = _key(pk, decode_cursor(cursor, prefix))
    response = aws.client("dynamodb").query(**request)
    last = response.get("LastEvaluatedKey")
    return response.get("Items", []), encode_cursor(last["sk"]["S"]) if last else None


def query_all(table: str, pk: str, prefix: str) -> list[Item]:
    items: list[Item] = []
    cursor = None
    while True:
        page, cursor = query(table, pk, prefix, cursor, 1000)
        items.extend(page)
        if not cursor:
            return items


def firm_pk(firm_id: str) -> str:
    return f"FIRM#{firm_id}"


def audit_put(table: str, entry: AuditEntry) -> Item:
    return put_new(table, document(firm_pk(entry.firm_id), entry.id, entry))


# --- principals (staff members, accesses): a document and credentials beside it ---------


def _n(value: int) -> dict[str, str]:
    return {"N": str(value)}


def _credentials_attributes(credentials: Credentials) -> Item:
    return {
        "credentials": _s(credentials.model_dump_json(exclude={"revision"})),
        "credentials_revision": _n(credentials.revision),
    }


def _principal_doc(principal: StaffMember | Access) -> str:
    doc = json.loads(principal.model_dump_json())
    if principal.credentials.revision == 0:
        # Credentials never written on their own still live in the document: carry them
        # over, or an edit would lose them. Their first change moves them beside it.
        doc["credentials"] = json.loads(principal.credentials.model_dump_json(exclude={"revision"}))
    return json.dumps(doc)


def principal_item(pk: str, sk: str, principal: StaffMember | Access) -> Item:
    """A new principal: its document, and its credentials beside it."""
    return {**document(pk, sk, principal), **_credentials_attributes(principal.credentials)}


def load_principal(model: type[P], item: Item | None) -> P | None:
    if item is None:
        return None
    doc = json.loads(item["doc"]["S"])
    if "credentials" in item:
        credentials = {**json.loads(item["credentials"]["S"]), "revision": int(item["credentials_revision"]["N"])}
    else:
        # Written before credentials moved beside the document (revision 0): they are in it.
        credentials = {**doc.get("credentials", {}), "revision": 0}
        sent_at = doc.pop("invitation_sent_at", None)
        if sent_at:
            credentials.setdefault("invitation_sent_at", sent_at)
    doc["credentials"] = credentials
    return model.model_validate_json(json.dumps(doc))


def update_principal(
    table: str,
    key: Item,
    principal: StaffMember | Access,
    *,
    document_over: int | None = None,
    credentials_over: Credentials | None = None,
) -> Item:
    """One UpdateItem on a principal: its document over the version read (`document_over`),
    its credentials over the revision read (`credentials_over`), or both with both
    conditions. What is not written is not touched, so an admin's edit never overwrites
    credentials and a credentials change never changes the version."""
    sets: list[str] = []
    conditions = ["attribute_exists(pk)"]
    names: dict[str, str] = {}
    values: Item = {}
    if document_over is not None:
        sets += ["doc = :doc", "#v = :v"]
        conditions.append("#v = :previous")
        names["#v"] = "version"
        values |= {":doc": _s(_principal_doc(principal)), ":v": _n(principal.version), ":previous": _n(document_over)}
    if credentials_over is not None:
        check_next_revision(principal.credentials, credentials_over)
        attributes = _credentials_attributes(principal.credentials)
        sets += ["credentials = :credentials", "credentials_revision = :revision"]
        values |= {":credentials": attributes["credentials"], ":revision": attributes["credentials_revision"]}
        if credentials_over.revision:
            conditions.append("credentials_revision = :read")
            values[":read"] = _n(credentials_over.revision)
        else:
            conditions.append("attribute_not_exists(credentials_revision)")
    assert sets, "nothing to write"
    update: Item = {
        "TableName": table,
        "Key": key,
        "UpdateExpression": "SET " + ", ".join(sets),
        "ConditionExpression": " AND ".join(conditions),
        "ExpressionAttributeValues": values,
    }
    if names:
        update["ExpressionAttributeNames"] = names
    return {"Update": update}


# --- the directory table: firms, staff, clients, accesses ------------------------------


class DirectoryTables:
    def __init__(self, directory: str, audit: str) -> None:
        self.directory = directory
        self.audit = audit


class DynamoFirmRepository(DirectoryTables):
    def get(self, firm_id: str) -> Firm | None:
        return load(Firm, get(self.directory, firm_pk(firm_id), "FIRM"))

    def by_slug(self, slug: str) -> Firm | None:
        # The slug item carries a copy of the firm, written in the same transaction.
        return load(Firm, get(self.directory, f"SLUG#{slug}", "SLUG"))

    def create(self, firm: Firm, admin: StaffMember) -> None:
        transact(
            [
                put_new(self.directory, document(firm_pk(firm.id), "FIRM", firm)),
                put_new(self.directory, document(f"SLUG#{firm.portal.slug}", "SLUG", firm)),
                put_new(self.directory, principal_item(firm_pk(firm.id), f"STAFF#{admin.id}", admin)),
                put_new(self.directory, _login(admin.firm_id, "staff", admin.email, admin.id)),
            ],
            conflict="This portal address is taken.",
        )

    def save(self, firm: Firm, previous: Firm, audit: AuditEntry) -> None:
        operations = [put_versioned(self.directory, document(firm_pk(firm.id), "FIRM", firm), previous.version)]
        if firm.portal.slug == previous.portal.slug:
            operations.append(put_existing(self.directory, document(f"SLUG#{firm.portal.slug}", "SLUG", firm)))
        else:
            operations.append(put_new(self.directory, document(f"SLUG#{firm.portal.slug}", "SLUG", firm)))
            operations.append(delete(self.directory, _key(f"SLUG#{previous.portal.slug}", "SLUG")))
        operations.append(audit_put(self.audit, audit))
        transact(operations, conflict="This portal address is taken, or the settings were changed by someone else.")


def _login(firm_id: str, kind: str, email: str, principal_id: str) -> Item:
    return {**_key(firm_pk(firm_id), f"LOGIN#{kind}#{email}"), "principal_id": _s(principal_id)}


class DynamoStaffRepository(DirectoryTables):
    def get(self, firm_id: str, staff_id: str) -> StaffMember | None:
        return load_principal(StaffMember, get(self.directory, firm_pk(firm_id), f"STAFF#{staff_id}"))

    def by_email(self, firm_id: str, email: str) -> StaffMember | None:
        login = get(self.directory, firm_pk(firm_id), f"LOGIN#staff#{email.lower()}")
        return self.get(firm_id, login["principal_id"]["S"]) if login else None

    def list(self, firm_id: str) -> list[StaffMember]:
        return [_staff(i) for i in query_all(self.directory, firm_pk(firm_id), "STAFF#")]

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[StaffMember]:
        items, next_cursor = query(self.directory, firm_pk(firm_id), "STAFF#", cursor, limit)
        return Page(items=[_staff(i) for i in items], next_cursor=next_cursor)

    def create(self, staff: StaffMember, audit: AuditEntry | None) -> None:
        operations = [
            put_new(self.directory, principal_item(firm_pk(staff.firm_id), f"STAFF#{staff.id}", staff)),
            put_new(self.directory, _login(staff.firm_id, "staff", staff.email, staff.id)),
        ]
        if audit:
            operations.append(audit_put(self.audit, audit))
        transact(operations, conflict="Someone on the staff already signs in with this e-mail.")

    def save(self, staff: StaffMember, audit: AuditEntry | None) -> None:
        self._write(update_principal(self.directory, self._key(staff), staff, document_over=staff.version - 1), audit)

    def save_credentials(self, staff: StaffMember, previous: StaffMember, audit: AuditEntry | None) -> None:
        self._write(
            update_principal(self.directory, self._key(staff), staff, credentials_over=previous.credentials), audit
        )

    def save_with_credentials(self, staff: StaffMember, previous: StaffMember, audit: AuditEntry | None) -> None:
        update = update_principal(
            self.directory,
            self._key(staff),
            staff,
            document_over=previous.version,
            credentials_over=previous.credentials,
        )
        self._write(update, audit)

    def _key(self, staff: StaffMember) -> Item:
        return _key(firm_pk(staff.firm_id), f"STAFF#{staff.id}")

    def _write(self, update: Item, audit: AuditEntry | None) -> None:
        transact([update, audit_put(self.audit, audit)] if audit else [update])

    def delete(self, staff: StaffMember, audit: AuditEntry) -> None:
        transact(
            [
                delete(self.directory, _key(firm_pk(staff.firm_id), f"STAFF#{staff.id}")),
                delete(self.directory, _key(firm_pk(staff.firm_id), f"LOGIN#staff#{staff.email}")),
                audit_put(self.audit, audit),
            ]
        )


def _listing_pk(firm_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENTS"


def _listing_keys(client: Client) -> list[str]:
    """The client's entries in the directory listing: one by name, one per search term."""
    from ..domain.clients import normalize

    return [f"NAME#{normalize(client.name)}#{client.id}"] + [
        f"TERM#{term}#{client.id}" for term in client.search_terms()
    ]


def _listing_items(client: Client) -> list[Item]:
    return [document(_listing_pk(client.firm_id), key, client) for key in _listing_keys(client)]


class DynamoClientRepository(DirectoryTables):
    def get(self, firm_id: str, client_id: str) -> Client | None:
        return load(Client, get(self.directory, firm_pk(firm_id), f"CLIENT#{client_id}"))

    def create(self, client: Client, audit: AuditEntry) -> None:
        transact(
            [put_new(self.directory, document(firm_pk(client.firm_id), f"CLIENT#{client.id}", client))]
            + [put(self.directory, item) for item in _listing_items(client)]
            + [audit_put(self.audit, audit)]
        )

    def save(self, client: Client, previous: Client, audit: AuditEntry | None) -> None:
        transact(self.save_operations(client, previous) + ([audit_put(self.audit, audit)] if audit else []))

    def save_operations(self, client: Client, previous: Client) -> list[Item]:
        """Rewrite the client and its listing entries; entries it no longer has are removed."""
        stale = set(_listing_keys(previous)) - set(_listing_keys(client))
        return (
            [
                put_versioned(
                    self.directory, document(firm_pk(client.firm_id), f"CLIENT#{client.id}", client), previous.version
                )
            ]
            + [put(self.directory, item) for item in _listing_items(client)]
            + [delete(self.directory, _key(_listing_pk(client.firm_id), key)) for key in sorted(stale)]
        )

    def delete(self, client: Client, access: Access | None, audit: AuditEntry) -> None:
        operations = [delete(self.directory, _key(firm_pk(client.firm_id), f"CLIENT#{client.id}"))]
        operations += [delete(self.directory, _key(_listing_pk(client.firm_id), key)) for key in _listing_keys(client)]
        if access:
            operations += _access_deletes(self.directory, access)
        transact(operations + [audit_put(self.audit, audit)])

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[Client]:
        items, next_cursor = query(self.directory, _listing_pk(firm_id), "NAME#", cursor, limit)
        return Page(items=[Client.model_validate_json(i["doc"]["S"]) for i in items], next_cursor=next_cursor)

    def search(self, firm_id: str, prefix: str, cursor: str | None, limit: int) -> Page[Client]:
        items, next_cursor = query(self.directory, _listing_pk(firm_id), f"TERM#{prefix}", cursor, limit)
        found = []
        for item in items:
            client = Client.model_validate_json(item["doc"]["S"])
            # A client has several terms; list it only at the first that matches.
            if item["sk"]["S"] == f"TERM#{client.first_term_matching(prefix)}#{client.id}":
                found.append(client)
        return Page(items=found, next_cursor=next_cursor)


def _staff(item: Item) -> StaffMember:
    staff = load_principal(StaffMember, item)
    assert staff is not None
    return staff


def _access(item: Item | None) -> Access | None:
    access = load_principal(Access, item)
    if access is None or item is None:
        return None
    signed_in = item.get("last_sign_in_at", {}).get("S")
    return access.model_copy(update={"last_sign_in_at": datetime.fromisoformat(signed_in) if signed_in else None})


def portal_view_key(firm_id: str, client_id: str, matter_id: str) -> Item:
    """Where the client's view of a matter lives (matters table): it exists while the matter
    is published to the client."""
    return _key(f"FIRM#{firm_id}#CLIENT#{client_id}#PORTAL", f"MATTER#{matter_id}")


def _access_deletes(table: str, access: Access) -> list[Item]:
    return [
        delete(table, _key(firm_pk(access.firm_id), f"ACCESS#{access.client_id}")),
        delete(table, _key(firm_pk(access.firm_id), f"LOGIN#client#{access.email}")),
    ]


class DynamoAccessRepository(DirectoryTables):
    def __init__(self, directory: str, audit: str, matters: str, clients: DynamoClientRepository) -> None:
        super().__init__(directory, audit)
        self.matters = matters
        self.clients = clients

    def get(self, firm_id: str, client_id: str) -> Access | None:
        return _access(get(self.directory, firm_pk(firm_id), f"ACCESS#{client_id}"))

    def get_with_matter(
        self, firm_id: str, client_id: str, matter_id: str
    ) -> tuple[Access | None, ClientMatterView | None]:
        access_key = _key(firm_pk(firm_id), f"ACCESS#{client_id}")
        request: Item = {
            self.directory: {"Keys": [access_key], "ConsistentRead": True},
            self.matters: {"Keys": [portal_view_key(firm_id, client_id, matter_id)], "ConsistentRead": True},
        }
        found: dict[str, list[Item]] = {self.directory: [], self.matters: []}
        while request:
            response = aws.client("dynamodb").batch_get_item(RequestItems=request)
            for table, items in response.get("Responses", {}).items():
                found[table].extend(items)
            request = response.get("UnprocessedKeys") or {}
        access = _access(found[self.directory][0]) if found[self.directory] else None
        view = load(ClientMatterView, found[self.matters][0]) if found[self.matters] else None
        return access, view

    def by_email(self, firm_id: str, email: str) -> Access | None:
        login = get(self.directory, firm_pk(firm_id), f"LOGIN#client#{email.lower()}")
        return self.get(firm_id, login["principal_id"]["S"]) if login else None

    def create(self, access: Access, client: Client, audit: AuditEntry) -> None:
        transact(
            [
                put_new(self.directory, principal_item(firm_pk(access.firm_id), f"ACCESS#{access.client_id}", access)),
                put_new(self.directory, _login(access.firm_id, "client", access.email, access.client_id)),
                *self._listing(client),
                audit_put(self.audit, audit),
            ],
            conflict="This client already has portal access, or another client signs in with this e-mail.",
        )

    def save(self, access: Access, client: Client | None, audit: AuditEntry | None) -> None:
        self._write(
            update_principal(self.directory, self._key(access), access, document_over=access.version - 1), client, audit
        )

    def save_credentials(self, access: Access, previous: Access, audit: AuditEntry | None) -> None:
        self._write(
            update_principal(self.directory, self._key(access), access, credentials_over=previous.credentials),
            None,
            audit,
        )

    def save_with_credentials(
        self, access: Access, previous: Access, client: Client | None, audit: AuditEntry | None
    ) -> None:
        update = update_principal(
            self.directory,
            self._key(access),
            access,
            document_over=previous.version,
            credentials_over=previous.credentials,
        )
        self._write(update, client, audit)

    def _key(self, access: Access) -> Item:
        return _key(firm_pk(access.firm_id), f"ACCESS#{access.client_id}")

    def _write(self, update: Item, client: Client | None, audit: AuditEntry | None) -> None:
        operations = [update]
        if client:
            operations += self._listing(client)
        if audit:
            operations.append(audit_put(self.audit, audit))
        transact(operations)

    def delete(self, access: Access, client: Client, audit: AuditEntry) -> None:
        transact([*_access_deletes(self.directory, access), *self._listing(client), audit_put(self.audit, audit)])

    def record_sign_in(self, firm_id: str, client_id: str, at: datetime) -> None:
        from botocore.exceptions import ClientError

        try:
            aws.client("dynamodb").update_item(
                TableName=self.directory,
                Key=_key(firm_pk(firm_id), f"ACCESS#{client_id}"),
                UpdateExpression="SET last_sign_in_at = :at",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={":at": _s(at.isoformat())},
            )
        except ClientError as error:
            if _error_code(error) != "ConditionalCheckFailedException":
                raise  # an access removed meanwhile has nothing to record

    def _listing(self, client: Client) -> list[Item]:
        # The access summary shown in the directory changes; the client record itself does
        # not, so its version stays and a concurrent edit of the client still fails cleanly.
        return self.clients.save_operations(client, client)


# --- the security table: refresh sessions and rate-limit counters ------------------------


class DynamoSessionRepository:
    def __init__(self, table: str) -> None:
        self.table = table

    def _item(self, session: RefreshSession) -> Item:
        return document(
            f"FIRM#{session.firm_id}#SESSION#{session.session_id}",
            "SESSION",
            session,
            secret_hash=_s(session.secret_hash),
            expires_at={"N": str(int(session.expires_at.timestamp()))},
        )

    def create(self, session: RefreshSession) -> None:
        transact([put_new(self.table, self._item(session))])

    def get(self, firm_id: str, session_id: str) -> RefreshSession | None:
        return load(RefreshSession, get(self.table, f"FIRM#{firm_id}#SESSION#{session_id}", "SESSION"))

    def rotate(self, session: RefreshSession, previous_secret_hash: str) -> None:
        # Two refreshes racing with the same token: only the first one rotates.
        transact(
            [put(self.table, self._item(session), "secret_hash = :previous", {":previous": _s(previous_secret_hash)})]
        )

    def delete(self, firm_id: str, session_id: str) -> None:
        aws.client("dynamodb").delete_item(
            TableName=self.table, Key=_key(f"FIRM#{firm_id}#SESSION#{session_id}", "SESSION")
        )


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
                Key=_key(f"RATE#{key}#{window_start}", "RATE"),
                UpdateExpression="ADD attempts :one SET expires_at = :expires",
                ConditionExpression="attribute_not_exists(attempts) OR attempts < :limit",
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":limit": {"N": str(limit)},
                    ":expires": {"N": str(window_start + window_seconds)},
                },
            )
        except ClientError as error:
            if _error_code(error) == "ConditionalCheckFailedException":
                raise RateLimited(
                    "Too many attempts. Please wait and try again.",
                    retry_after_seconds=window_start + window_seconds - now,
                ) from None
            raise


# --- the audit table --------------------------------------------------------------------


class DynamoAuditRepository:
    def __init__(self, table: str) -> None:
        self.table = table

    def append(self, entry: AuditEntry) -> None:
        transact([audit_put(self.table, entry)])

    def list(self, firm_id: str, cursor: str | None, limit: int) -> Page[AuditEntry]:
        items, next_cursor = query(self.table, firm_pk(firm_id), "", cursor, limit, newest_first=True)
        return Page(items=[AuditEntry.model_validate_json(i["doc"]["S"]) for i in items], next_cursor=next_cursor)
