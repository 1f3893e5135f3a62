"""In the directory table: the firms' suppression lists (each address's entry, which the
notifications worker reads for all of an e-mail's addresses in one BatchGetItem, and a copy
in the firm's list partition, sorted by time, which staff page through newest first), and
each client's held notifications (one item per client, replaced whole over what was read)."""

from __future__ import annotations

from collections.abc import Sequence

from ...domain.audit import AuditEntry
from ...domain.common import Page
from ...domain.errors import Conflict
from ...domain.notifications import HeldNotifications, Suppression
from ...domain.ports import HeldNotificationsRepository, SuppressionList
from .audit import audit_put
from .items import (
    batch_get,
    delete,
    delete_same_document,
    document,
    firm_pk,
    get,
    item_key,
    load,
    load_each,
    put,
    put_new,
    put_over_document,
    query,
    transact,
)

NOT_THERE = "This address is not on the suppression list any more."


def entry_sk(address: str) -> str:
    return f"SUPPRESSED#{address}"


def list_pk(firm_id: str) -> str:
    return f"{firm_pk(firm_id)}#SUPPRESSED"


def list_sk(suppression: Suppression) -> str:
    return f"{suppression.at.isoformat()}#{suppression.address}"


class DynamoSuppressionList:
    def __init__(self, table: str, audit_table: str) -> None:
        self.table = table
        self.audit_table = audit_table

    def add(self, suppression: Suppression) -> bool:
        try:
            transact(
                [
                    put_new(
                        self.table, document(firm_pk(suppression.firm_id), entry_sk(suppression.address), suppression)
                    ),
                    put(self.table, document(list_pk(suppression.firm_id), list_sk(suppression), suppression)),
                ]
            )
        except Conflict:
            return False
        return True

    def find(self, firm_id: str, addresses: Sequence[str]) -> dict[str, Suppression]:
        wanted = list(dict.fromkeys(addresses))
        if not wanted:
            return {}
        keys = [item_key(firm_pk(firm_id), entry_sk(address)) for address in wanted]
        items = batch_get({self.table: keys})[self.table]
        return {s.address: s for s in load_each(Suppression, items)}

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[Suppression]:
        items, next_cursor = query(self.table, list_pk(firm_id), "", cursor, limit, newest_first=True)
        return Page(items=load_each(Suppression, items), next_cursor=next_cursor)

    def lift(self, suppression: Suppression, audit: AuditEntry) -> None:
        # Only the very entry read: an address lifted and suppressed again since stays.
        entry = item_key(firm_pk(suppression.firm_id), entry_sk(suppression.address))
        transact(
            [
                delete_same_document(self.table, entry, suppression),
                delete(self.table, item_key(list_pk(suppression.firm_id), list_sk(suppression))),
                audit_put(self.audit_table, audit),
            ],
            conflict=NOT_THERE,
        )


def held_sk(client_id: str) -> str:
    return f"HELD#{client_id}"


class DynamoHeldNotifications:
    def __init__(self, table: str) -> None:
        self.table = table

    def get(self, firm_id: str, client_id: str) -> HeldNotifications | None:
        return load(HeldNotifications, get(self.table, firm_pk(firm_id), held_sk(client_id)))

    def save(self, held: HeldNotifications, previous: HeldNotifications | None) -> None:
        item = document(firm_pk(held.firm_id), held_sk(held.client_id), held)
        transact([put_new(self.table, item) if previous is None else put_over_document(self.table, item, previous)])

    def remove(self, held: HeldNotifications) -> None:
        key = item_key(firm_pk(held.firm_id), held_sk(held.client_id))
        transact([delete_same_document(self.table, key, held)])


# The ports these adapters implement (chalicelib.domain.ports): mypy reports any drift here.
_suppression_list: type[SuppressionList] = DynamoSuppressionList
_held_notifications: type[HeldNotificationsRepository] = DynamoHeldNotifications
