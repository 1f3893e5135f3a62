"""TemplateRepository: one template per firm, name and language; the first written only once,
later ones over the version read, each with its audit entry; a firm's whole set in one read;
a failure noted on the very version that failed, keeping it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.common import Language
from chalicelib.domain.errors import Conflict
from chalicelib.domain.ports import AuditRepository, TemplateRepository
from chalicelib.domain.templates import EmailTemplate, TemplateFailure, TemplateName
from tests.contract.builders import NOW, an_audit_entry


def a_template(
    firm_id: str, name: TemplateName = TemplateName.NEWS, language: Language = Language.EN, **changes: object
) -> EmailTemplate:
    return EmailTemplate(
        firm_id=firm_id,
        name=name,
        language=language,
        subject="{{ firm_name }}: {{ item_title }}",
        body="Olá, {{ recipient_name }}.\n\n{{ item_details }} — ação",
        updated_at=NOW,
        updated_by="staff1",
    ).model_copy(update=changes)


def test_a_saved_template_is_read_back_as_written(templates: TemplateRepository, firm_id: str) -> None:
    template = a_template(firm_id)
    templates.save(template, None, an_audit_entry(firm_id))

    assert templates.get(firm_id, TemplateName.NEWS, Language.EN) == template
    assert templates.get(firm_id, TemplateName.NEWS, Language.ES) is None
    assert templates.get(firm_id, TemplateName.MATTER_UPDATED, Language.EN) is None


def test_the_first_of_a_name_and_language_is_written_once(templates: TemplateRepository, firm_id: str) -> None:
    templates.save(a_template(firm_id), None, an_audit_entry(firm_id))

    with pytest.raises(Conflict):
        templates.save(a_template(firm_id, subject="Other"), None, an_audit_entry(firm_id))
    stored = templates.get(firm_id, TemplateName.NEWS, Language.EN)
    assert stored is not None and stored.subject == "{{ firm_name }}: {{ item_title }}"


def test_a_save_goes_over_the_version_read_only(templates: TemplateRepository, firm_id: str) -> None:
    first = a_template(firm_id)
    templates.save(first, None, an_audit_entry(firm_id))
    second = first.model_copy(update={"subject": "Second", "version": 2})
    templates.save(second, first, an_audit_entry(firm_id))

    with pytest.raises(Conflict):
        templates.save(first.model_copy(update={"subject": "Stale", "version": 2}), first, an_audit_entry(firm_id))
    assert templates.get(firm_id, TemplateName.NEWS, Language.EN) == second


def test_each_write_has_its_audit_entry_and_a_refused_one_writes_neither(
    templates: TemplateRepository, audit: AuditRepository, firm_id: str
) -> None:
    first = a_template(firm_id)
    saved, deleted, refused = (an_audit_entry(firm_id, NOW + timedelta(seconds=s)) for s in (1, 2, 3))
    templates.save(first, None, saved)
    with pytest.raises(Conflict):
        templates.save(first, None, refused)
    templates.delete(first, deleted)

    assert {e.id for e in audit.list(firm_id, None, 10).items} == {saved.id, deleted.id}


def test_delete_removes_only_the_version_read(templates: TemplateRepository, firm_id: str) -> None:
    first = a_template(firm_id)
    templates.save(first, None, an_audit_entry(firm_id))
    second = first.model_copy(update={"version": 2})
    templates.save(second, first, an_audit_entry(firm_id))

    with pytest.raises(Conflict):
        templates.delete(first, an_audit_entry(firm_id))
    templates.delete(second, an_audit_entry(firm_id))
    assert templates.get(firm_id, TemplateName.NEWS, Language.EN) is None
    with pytest.raises(Conflict):
        templates.delete(second, an_audit_entry(firm_id))


def test_a_firms_templates_are_listed_by_name_then_language(templates: TemplateRepository, firm_id: str) -> None:
    wanted = [
        (TemplateName.NEWS, Language.PT_BR),
        (TemplateName.INVOICE_ISSUED, Language.ES),
        (TemplateName.NEWS, Language.EN),
        (TemplateName.STAFF_INVITATION, Language.EN),
    ]
    for name, language in wanted:
        templates.save(a_template(firm_id, name, language), None, an_audit_entry(firm_id))

    listed = [(t.name, t.language) for t in templates.of_firm(firm_id)]

    assert listed == sorted(wanted, key=lambda pair: (pair[0].value, pair[1].value))


def test_every_template_of_a_firm_comes_back_at_once(templates: TemplateRepository, firm_id: str) -> None:
    for name in TemplateName:
        for language in Language:
            templates.save(a_template(firm_id, name, language, body="x" * 9_000), None, an_audit_entry(firm_id))

    assert len(templates.of_firm(firm_id)) == len(TemplateName) * len(Language)


def test_templates_belong_to_their_firm(templates: TemplateRepository, firm_id: str, other_firm_id: str) -> None:
    templates.save(a_template(firm_id), None, an_audit_entry(firm_id))

    assert templates.get(other_firm_id, TemplateName.NEWS, Language.EN) is None
    assert templates.of_firm(other_firm_id) == []
    templates.save(a_template(other_firm_id), None, an_audit_entry(other_firm_id))


def test_a_failure_is_noted_on_the_version_that_failed_keeping_it(templates: TemplateRepository, firm_id: str) -> None:
    first = a_template(firm_id)
    templates.save(first, None, an_audit_entry(firm_id))
    failure = TemplateFailure(at=NOW, message="Line 1: {{ gone }} is not a placeholder of this e-mail.")

    templates.record_failure(first, failure)

    noted = templates.get(firm_id, TemplateName.NEWS, Language.EN)
    assert noted == first.model_copy(update={"failure": failure})
    # The version is kept: an admin holding it can still save over it.
    templates.save(first.model_copy(update={"version": 2}), first, an_audit_entry(firm_id))


def test_a_failure_of_a_version_saved_over_or_deleted_is_dropped(templates: TemplateRepository, firm_id: str) -> None:
    first = a_template(firm_id)
    templates.save(first, None, an_audit_entry(firm_id))
    second = first.model_copy(update={"subject": "Second", "version": 2})
    templates.save(second, first, an_audit_entry(firm_id))
    failure = TemplateFailure(at=NOW, message="failed")

    templates.record_failure(first, failure)
    assert templates.get(firm_id, TemplateName.NEWS, Language.EN) == second

    templates.delete(second, an_audit_entry(firm_id))
    templates.record_failure(second, failure)
    assert templates.get(firm_id, TemplateName.NEWS, Language.EN) is None
