"""The firms' own e-mail templates, in the directory table: one item per firm, template name
and language in the firm's partition (`TEMPLATE#<name>#<language>`), so a firm's whole set
is one Query and the one an e-mail needs one GetItem."""

from __future__ import annotations

from ...domain.audit import AuditEntry
from ...domain.common import Language
from ...domain.errors import Conflict
from ...domain.ports import TemplateRepository
from ...domain.templates import EmailTemplate, TemplateFailure, TemplateName
from .audit import audit_put
from .items import delete, document, firm_pk, get, item_key, load, load_each, put_new, put_versioned, query, transact

PREFIX = "TEMPLATE#"
STALE = "This template was changed by someone else. Reload and try again."


def template_sk(name: str, language: Language) -> str:
    return f"{PREFIX}{name}#{language.value}"


class DynamoTemplateRepository:
    def __init__(self, table: str, audit_table: str) -> None:
        self.table = table
        self.audit_table = audit_table

    def get(self, firm_id: str, name: TemplateName, language: Language) -> EmailTemplate | None:
        return load(EmailTemplate, get(self.table, firm_pk(firm_id), template_sk(name, language)))

    def of_firm(self, firm_id: str) -> list[EmailTemplate]:
        # At most 14 names x 3 languages of at most ~12 KB each: one page of one Query.
        items, _ = query(self.table, firm_pk(firm_id), PREFIX, None, 100, consistent=True)
        return sorted(load_each(EmailTemplate, items), key=lambda t: (t.name, t.language))

    def save(self, template: EmailTemplate, previous: EmailTemplate | None, audit: AuditEntry) -> None:
        item = document(firm_pk(template.firm_id), template_sk(template.name, template.language), template)
        write = put_new(self.table, item) if previous is None else put_versioned(self.table, item, previous.version)
        transact([write, audit_put(self.audit_table, audit)], conflict=STALE)

    def delete(self, template: EmailTemplate, audit: AuditEntry) -> None:
        key = item_key(firm_pk(template.firm_id), template_sk(template.name, template.language))
        transact([delete(self.table, key, template.version), audit_put(self.audit_table, audit)], conflict=STALE)

    def record_failure(self, template: EmailTemplate, failure: TemplateFailure) -> None:
        noted = template.model_copy(update={"failure": failure})
        item = document(firm_pk(template.firm_id), template_sk(template.name, template.language), noted)
        try:
            transact([put_versioned(self.table, item, template.version)])
        except Conflict:
            pass  # saved again or reset since: the failure is not that template's any more


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_template_repository: type[TemplateRepository] = DynamoTemplateRepository
