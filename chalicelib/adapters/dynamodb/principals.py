"""Principals (staff members and accesses) in the directory table: a versioned document
and, beside it in the same item, the credentials (`credentials`, with its own
`credentials_revision`), written with their own condition; and the login item that makes
an e-mail unique per firm.

Its own module rather than part of items.py: this is the layout of two areas (staff.py,
accesses.py; firm.py writes the first admin, clients.py removes a client's access), not
plumbing every repository uses.
"""

from __future__ import annotations

import json
from typing import TypeVar

from ...domain.accesses import Access
from ...domain.identity import Credentials, check_next_revision
from ...domain.staff import StaffMember
from .items import Item, delete, document, firm_pk, item_key, number, string

P = TypeVar("P", StaffMember, Access)


def _credentials_attributes(credentials: Credentials) -> Item:
    return {
        "credentials": string(credentials.model_dump_json(exclude={"revision"})),
        "credentials_revision": number(credentials.revision),
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
        values |= {
            ":doc": string(_principal_doc(principal)),
            ":v": number(principal.version),
            ":previous": number(document_over),
        }
    if credentials_over is not None:
        check_next_revision(principal.credentials, credentials_over)
        attributes = _credentials_attributes(principal.credentials)
        sets += ["credentials = :credentials", "credentials_revision = :revision"]
        values |= {":credentials": attributes["credentials"], ":revision": attributes["credentials_revision"]}
        if credentials_over.revision:
            conditions.append("credentials_revision = :read")
            values[":read"] = number(credentials_over.revision)
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


def login_item(firm_id: str, kind: str, email: str, principal_id: str) -> Item:
    return {**item_key(firm_pk(firm_id), f"LOGIN#{kind}#{email}"), "principal_id": string(principal_id)}


def access_deletes(table: str, access: Access) -> list[Item]:
    """Removing an access: its item and its login."""
    return [
        delete(table, item_key(firm_pk(access.firm_id), f"ACCESS#{access.client_id}")),
        delete(table, item_key(firm_pk(access.firm_id), f"LOGIN#client#{access.email}")),
    ]
