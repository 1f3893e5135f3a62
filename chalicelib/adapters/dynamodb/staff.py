"""Staff members in the directory table, with their logins (see principals.py)."""

from __future__ import annotations

from ...domain.audit import AuditEntry
from ...domain.clients import Client
from ...domain.common import Page
from ...domain.ports import StaffRepository
from ...domain.staff import StaffMember
from .audit import audit_put
from .items import Item, batch_get, delete, firm_pk, get, item_key, load, put_new, query, query_all, transact
from .principals import load_principal, login_item, principal_item, update_principal


def _staff(item: Item) -> StaffMember:
    staff = load_principal(StaffMember, item)
    assert staff is not None
    return staff


class DynamoStaffRepository:
    def __init__(self, directory: str, audit: str) -> None:
        self.directory = directory
        self.audit = audit

    def get(self, firm_id: str, staff_id: str) -> StaffMember | None:
        return load_principal(StaffMember, get(self.directory, firm_pk(firm_id), f"STAFF#{staff_id}"))

    def get_with_client(self, firm_id: str, staff_id: str, client_id: str) -> tuple[StaffMember | None, Client | None]:
        staff_sk, client_sk = f"STAFF#{staff_id}", f"CLIENT#{client_id}"
        keys = [item_key(firm_pk(firm_id), staff_sk), item_key(firm_pk(firm_id), client_sk)]
        found = {item["sk"]["S"]: item for item in batch_get({self.directory: keys})[self.directory]}
        return load_principal(StaffMember, found.get(staff_sk)), load(Client, found.get(client_sk))

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
            put_new(self.directory, login_item(staff.firm_id, "staff", staff.email, staff.id)),
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
        return item_key(firm_pk(staff.firm_id), f"STAFF#{staff.id}")

    def _write(self, update: Item, audit: AuditEntry | None) -> None:
        transact([update, audit_put(self.audit, audit)] if audit else [update])

    def delete(self, staff: StaffMember, audit: AuditEntry) -> None:
        transact(
            [
                delete(self.directory, item_key(firm_pk(staff.firm_id), f"STAFF#{staff.id}")),
                delete(self.directory, item_key(firm_pk(staff.firm_id), f"LOGIN#staff#{staff.email}")),
                audit_put(self.audit, audit),
            ]
        )


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_staff_repository: type[StaffRepository] = DynamoStaffRepository
