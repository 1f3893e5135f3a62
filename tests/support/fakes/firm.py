"""Firms and their slugs, in memory."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.firm import Firm
from chalicelib.domain.ports import FirmRepository
from chalicelib.domain.staff import StaffMember
from tests.support.fakes.store import Store, Transaction, dump, load

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class InMemoryFirmRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str) -> Firm | None:
        return load(Firm, self.store.firms.get(firm_id))

    def by_slug(self, slug: str) -> Firm | None:
        return load(Firm, self.store.slugs.get(slug))

    def create(self, firm: Firm, admin: StaffMember) -> None:
        s = self.store
        login = (admin.firm_id, "staff", admin.email)
        tx = Transaction("This portal address is taken.")
        tx.require(lambda: firm.id not in s.firms and firm.portal.slug not in s.slugs)
        tx.require(lambda: (admin.firm_id, admin.id) not in s.staff and login not in s.logins)
        tx.then(lambda: s.firms.__setitem__(firm.id, dump(firm)))
        tx.then(lambda: s.slugs.__setitem__(firm.portal.slug, dump(firm)))
        tx.then(lambda: s.staff.__setitem__((admin.firm_id, admin.id), dump(admin)))
        tx.then(lambda: s.staff_credentials.__setitem__((admin.firm_id, admin.id), dump(admin.credentials)))
        tx.then(lambda: s.logins.__setitem__(login, admin.id))
        tx.commit()

    def save(self, firm: Firm, previous: Firm, audit: AuditEntry) -> None:
        s = self.store
        old_slug, new_slug = previous.portal.slug, firm.portal.slug
        tx = Transaction("This portal address is taken, or the settings were changed by someone else.")
        tx.require(lambda: s.version_of(s.firms, firm.id) == previous.version)
        if new_slug == old_slug:
            tx.require(lambda: new_slug in s.slugs)
        else:
            tx.require(lambda: new_slug not in s.slugs)
            tx.then(lambda: s.slugs.pop(old_slug, None))
        tx.then(lambda: s.firms.__setitem__(firm.id, dump(firm)))
        tx.then(lambda: s.slugs.__setitem__(new_slug, dump(firm)))
        s.audit_new(tx, audit)
        tx.commit()


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_: type[FirmRepository] = InMemoryFirmRepository
