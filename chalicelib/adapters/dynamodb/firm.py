"""Firms in the directory table, and the slug item that finds a firm's portal before
anyone is signed in (a copy of the firm, written in the same transaction)."""

from __future__ import annotations

from ...domain.audit import AuditEntry
from ...domain.firm import Firm
from ...domain.ports import FirmRepository
from ...domain.staff import StaffMember
from .audit import audit_put
from .items import delete, document, firm_pk, get, item_key, load, put_existing, put_new, put_versioned, transact
from .principals import login_item, principal_item


class DynamoFirmRepository:
    def __init__(self, directory: str, audit: str) -> None:
        self.directory = directory
        self.audit = audit

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
                put_new(self.directory, login_item(admin.firm_id, "staff", admin.email, admin.id)),
            ],
            conflict="This portal address is taken.",
        )

    def save(self, firm: Firm, previous: Firm, audit: AuditEntry) -> None:
        operations = [put_versioned(self.directory, document(firm_pk(firm.id), "FIRM", firm), previous.version)]
        if firm.portal.slug == previous.portal.slug:
            operations.append(put_existing(self.directory, document(f"SLUG#{firm.portal.slug}", "SLUG", firm)))
        else:
            operations.append(put_new(self.directory, document(f"SLUG#{firm.portal.slug}", "SLUG", firm)))
            operations.append(delete(self.directory, item_key(f"SLUG#{previous.portal.slug}", "SLUG")))
        operations.append(audit_put(self.audit, audit))
        transact(operations, conflict="This portal address is taken, or the settings were changed by someone else.")


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_firm_repository: type[FirmRepository] = DynamoFirmRepository
