"""The firms' own e-mail templates, in memory."""

from __future__ import annotations

import json

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.common import Language
from chalicelib.domain.errors import Conflict
from chalicelib.domain.ports import TemplateRepository
from chalicelib.domain.templates import EmailTemplate, TemplateFailure, TemplateName
from tests.support.fakes.store import Store, Transaction, dump, load

STALE = "This template was changed by someone else. Reload and try again."


class InMemoryTemplateRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.reads = 0  # calls of get and of_firm

    def get(self, firm_id: str, name: TemplateName, language: Language) -> EmailTemplate | None:
        self.reads += 1
        return load(EmailTemplate, self.store.email_templates.get(firm_id, {}).get(_key(name, language)))

    def of_firm(self, firm_id: str) -> list[EmailTemplate]:
        self.reads += 1
        templates = self.store.email_templates.get(firm_id, {})
        return [EmailTemplate.model_validate_json(templates[key]) for key in sorted(templates)]

    def save(self, template: EmailTemplate, previous: EmailTemplate | None, audit: AuditEntry) -> None:
        templates = self.store.email_templates.setdefault(template.firm_id, {})
        key = _key(template.name, template.language)
        tx = Transaction(STALE)
        if previous is None:
            tx.require(lambda: key not in templates)
        else:
            tx.require(lambda: _version(templates.get(key)) == previous.version)
        tx.then(lambda: templates.__setitem__(key, dump(template)))
        self.store.audit_new(tx, audit)
        tx.commit()

    def delete(self, template: EmailTemplate, audit: AuditEntry) -> None:
        templates = self.store.email_templates.setdefault(template.firm_id, {})
        key = _key(template.name, template.language)
        tx = Transaction(STALE)
        tx.require(lambda: _version(templates.get(key)) == template.version)
        tx.then(lambda: templates.pop(key, None))
        self.store.audit_new(tx, audit)
        tx.commit()

    def record_failure(self, template: EmailTemplate, failure: TemplateFailure) -> None:
        templates = self.store.email_templates.setdefault(template.firm_id, {})
        key = _key(template.name, template.language)
        noted = template.model_copy(update={"failure": failure})
        tx = Transaction(STALE)
        tx.require(lambda: _version(templates.get(key)) == template.version)
        tx.then(lambda: templates.__setitem__(key, dump(noted)))
        try:
            tx.commit()
        except Conflict:
            pass


def _key(name: str, language: Language) -> str:
    # Sorted as the DynamoDB sort key is: by name, then language.
    return f"{name}#{language.value}"


def _version(raw: str | None) -> int | None:
    return None if raw is None else int(json.loads(raw)["version"])


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_: type[TemplateRepository] = InMemoryTemplateRepository
