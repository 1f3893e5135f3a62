"""Staff members with their credentials beside the document, in memory."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.clients import Client
from chalicelib.domain.common import Page
from chalicelib.domain.identity import Credentials
from chalicelib.domain.ports import StaffRepository
from chalicelib.domain.staff import StaffMember
from tests.support.fakes.store import Store, Transaction, dump, load, load_principal, query_page

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class InMemoryStaffRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, staff_id: str) -> StaffMember | None:
        key = (firm_id, staff_id)
        return load_principal(StaffMember, self.store.staff.get(key), self.store.staff_credentials.get(key))

    def get_with_client(self, firm_id: str, staff_id: str, client_id: str) -> tuple[StaffMember | None, Client | None]:
        return self.get(firm_id, staff_id), load(Client, self.store.clients.get((firm_id, client_id)))

    def by_email(self, firm_id: str, email: str) -> StaffMember | None:
        staff_id = self.store.logins.get((firm_id, "staff", email.lower()))
        return self.get(firm_id, staff_id) if staff_id else None

    def list(self, firm_id: str) -> list[StaffMember]:
        return [self._member(key) for key in sorted(self.store.staff) if key[0] == firm_id]

    def page(self, firm_id: str, cursor: str | None, limit: int) -> Page[StaffMember]:
        entries = {f"STAFF#{staff_id}": staff_id for (firm, staff_id) in self.store.staff if firm == firm_id}
        chosen, next_cursor = query_page(entries, "STAFF#", cursor, limit)
        return Page(items=[self._member((firm_id, staff_id)) for _, staff_id in chosen], next_cursor=next_cursor)

    def _member(self, key: tuple[str, str]) -> StaffMember:
        member = self.get(*key)
        assert member is not None
        return member

    def create(self, staff: StaffMember, audit: AuditEntry | None) -> None:
        s = self.store
        key, login = (staff.firm_id, staff.id), (staff.firm_id, "staff", staff.email)
        tx = Transaction("Someone on the staff already signs in with this e-mail.")
        tx.require(lambda: key not in s.staff and login not in s.logins)
        tx.then(lambda: s.staff.__setitem__(key, dump(staff)))
        tx.then(lambda: s.staff_credentials.__setitem__(key, dump(staff.credentials)))
        tx.then(lambda: s.logins.__setitem__(login, staff.id))
        s.audit_new(tx, audit)
        tx.commit()

    def save(self, staff: StaffMember, audit: AuditEntry | None) -> None:
        self._write(staff, audit, document_over=staff.version - 1)

    def save_credentials(self, staff: StaffMember, previous: StaffMember, audit: AuditEntry | None) -> None:
        self._write(staff, audit, credentials_over=previous.credentials)

    def save_with_credentials(self, staff: StaffMember, previous: StaffMember, audit: AuditEntry | None) -> None:
        self._write(staff, audit, document_over=previous.version, credentials_over=previous.credentials)

    def _write(
        self,
        staff: StaffMember,
        audit: AuditEntry | None,
        document_over: int | None = None,
        credentials_over: Credentials | None = None,
    ) -> None:
        s = self.store
        tx = Transaction()
        s.principal_write(
            tx, s.staff, s.staff_credentials, (staff.firm_id, staff.id), staff, document_over, credentials_over
        )
        s.audit_new(tx, audit)
        tx.commit()

    def delete(self, staff: StaffMember, audit: AuditEntry) -> None:
        s = self.store
        tx = Transaction()
        tx.then(lambda: s.staff.pop((staff.firm_id, staff.id), None))
        tx.then(lambda: s.staff_credentials.pop((staff.firm_id, staff.id), None))
        tx.then(lambda: s.logins.pop((staff.firm_id, "staff", staff.email), None))
        s.audit_new(tx, audit)
        tx.commit()


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_: type[StaffRepository] = InMemoryStaffRepository
