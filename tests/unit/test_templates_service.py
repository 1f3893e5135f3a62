"""F03: the admins' templates (save over a version, reset, preview, test e-mail) and what
the notifications worker gets from them: the firm's own, or the default when it fails."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.common import Language
from chalicelib.domain.errors import Conflict, RateLimited
from chalicelib.domain.notifications import NotificationKind
from chalicelib.domain.templates import (
    EmailTemplate,
    InvalidTemplate,
    TemplateChange,
    TemplateDraft,
    TemplateFailure,
    TemplateName,
)
from chalicelib.services.templates import TEST_EMAILS_PER_HOUR
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm

NEWS, EN, PT = TemplateName.NEWS, Language.EN, Language.PT_BR
CONTEXT: dict[str, object] = {
    "recipient_name": "Ana Souza",
    "matter_title": "Case A",
    "item_title": "Hearing",
    "item_details": "On Monday.",
    "link": "https://silva.portal.test/#/matters/m1",
}


def change(body: str = "Dear {{ recipient_name }},\n\n{{ item_title }}", version: int | None = None) -> TemplateChange:
    return TemplateChange(subject="{{ firm_name }}: {{ item_title }}", body=body, version=version)


def test_a_saved_template_is_what_the_firm_sends_in_that_language_only(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.templates
    detail = service.save(firm.actor, NEWS, EN, change())

    assert detail.override is not None and detail.override.version == 1
    own = service.render_email(firm.firm, NotificationKind.NEWS, EN, CONTEXT)
    assert own.subject == f"{firm.firm.portal.display_name}: Hearing"
    assert "Dear Ana Souza," in own.text
    assert "Read it on the portal" in own.html  # the button and layout stay the default's
    other = service.render_email(firm.firm, NotificationKind.NEWS, PT, CONTEXT)
    assert other.subject == "Hearing — Case A"


def test_saves_go_over_the_version_read_and_are_audited(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.templates
    service.save(firm.actor, NEWS, EN, change())
    with pytest.raises(Conflict):
        service.save(firm.actor, NEWS, EN, change())  # no version: someone created it first
    second = service.save(firm.actor, NEWS, EN, change("Second {{ link }}", version=1))
    assert second.override is not None and second.override.version == 2
    with pytest.raises(Conflict):
        service.save(firm.actor, NEWS, EN, change("Stale", version=1))
    with pytest.raises(Conflict):
        service.save(firm.actor, TemplateName.INVOICE_ISSUED, EN, change("{{ link }}", version=3))

    actions = [e.action for e in system.audit.list(firm.id, None, 100).items]
    assert actions.count("email_template.saved") == 2


def test_an_invalid_template_is_refused_with_its_line_and_nothing_is_stored(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(InvalidTemplate) as raised:
        system.services.templates.save(firm.actor, NEWS, EN, change("Hello\n\n{{ config }}"))
    assert raised.value.details[0] == {
        "path": "body",
        "field": "body",
        "line": 3,
        "placeholder": "config",
        "type": "unknown_placeholder",
        "message": "Line 3: {{ config }} is not a placeholder of this e-mail.",
    }
    assert system.templates.of_firm(firm.id) == []


def test_reset_goes_back_to_the_default(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.templates
    service.save(firm.actor, NEWS, EN, change())
    service.reset(firm.actor, NEWS, EN)
    service.reset(firm.actor, NEWS, EN)  # nothing left: nothing to do

    assert service.detail(firm.id, NEWS, EN).override is None
    assert service.render_email(firm.firm, NotificationKind.NEWS, EN, CONTEXT).subject == "Hearing — Case A"
    assert "email_template.reset" in [e.action for e in system.audit.list(firm.id, None, 100).items]


def test_overview_lists_every_template_and_language_in_one_read(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.templates
    service.save(firm.actor, NEWS, EN, change())
    reads = system.templates.reads

    listed = service.overview(firm.id).items

    assert system.templates.reads == reads + 1
    assert len(listed) == len(TemplateName) * len(Language)
    customized = [(i.name, i.language) for i in listed if i.customized]
    assert customized == [(NEWS, EN)]
    staff = {i.name for i in listed if i.to_staff}
    assert staff == {"upload_received", "translation_flagged", "staff_invitation", "staff_password_reset"}


def test_detail_gives_the_default_source_and_the_placeholders(system: FakeSystem, firm: OpenFirm) -> None:
    detail = system.services.templates.detail(firm.id, TemplateName.INVOICE_ISSUED, Language.ES)
    assert detail.default.subject == "Nueva factura de {{ firm_name }}: {{ item_title }}"
    names = [p.name for p in detail.placeholders]
    assert "amount" in names and "matter_title" not in names
    assert detail.placeholders[0].descriptions[Language.ES] == "Nombre del despacho en el portal"


def test_a_template_that_fails_later_sends_the_default_and_says_so_until_saved_again(
    system: FakeSystem, firm: OpenFirm
) -> None:
    service = system.services.templates
    service.save(firm.actor, NEWS, EN, change())
    # As if a placeholder it uses had since been removed from the kind.
    stored = system.templates.get(firm.id, NEWS, EN)
    assert stored is not None
    broken = stored.model_copy(update={"body": "Dear {{ retired_placeholder }}"})
    system.store.email_templates[firm.id]["news#en"] = broken.model_dump_json()

    sent = service.render_email(firm.firm, NotificationKind.NEWS, EN, CONTEXT)

    assert sent.subject == "Hearing — Case A"  # the default
    noted = system.templates.get(firm.id, NEWS, EN)
    assert noted is not None and noted.failure is not None and noted.version == stored.version
    assert "retired_placeholder" in noted.failure.message
    assert noted.failure.at == system.clock.now()
    summary = next(i for i in service.overview(firm.id).items if i.customized)
    assert summary.failing and summary.failed_at == system.clock.now()

    system.clock.advance(timedelta(hours=1))
    service.render_email(firm.firm, NotificationKind.NEWS, EN, CONTEXT)
    again = system.templates.get(firm.id, NEWS, EN)
    assert again is not None and again.failure == noted.failure  # the first failure is kept

    saved = service.save(firm.actor, NEWS, EN, change(version=stored.version))
    assert saved.override is not None and saved.override.failure is None


def test_a_template_whose_output_is_too_big_sends_the_default(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.templates
    service.save(firm.actor, NEWS, EN, change("{{ item_details }}\n\n" * 10))

    sent = service.render_email(firm.firm, NotificationKind.NEWS, EN, {**CONTEXT, "item_details": "x" * 50_000})

    assert sent.subject == "Hearing — Case A"
    noted = system.templates.get(firm.id, NEWS, EN)
    assert noted is not None and noted.failure is not None and "longer than" in noted.failure.message


def test_a_failure_noted_after_a_save_does_not_touch_the_new_version(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.templates
    service.save(firm.actor, NEWS, EN, change())
    first = system.templates.get(firm.id, NEWS, EN)
    assert first is not None
    service.save(firm.actor, NEWS, EN, change("New {{ link }}", version=1))
    system.templates.record_failure(first, TemplateFailure(at=system.clock.now(), message="x"))

    now = system.templates.get(firm.id, NEWS, EN)
    assert now is not None and now.version == 2 and now.failure is None


def test_preview_uses_sample_data_and_the_firms_branding(system: FakeSystem, firm: OpenFirm) -> None:
    preview = system.services.templates.preview(
        firm.id, TemplateName.INVOICE_ISSUED, PT, TemplateDraft(subject="Fatura {{ item_title }}", body="{{ amount }}")
    )
    assert preview.subject == "Fatura Fatura 2026/0042"
    assert "R$ 1.250,00" in preview.text
    assert firm.firm.portal.primary_color in preview.html
    assert system.templates.of_firm(firm.id) == []  # nothing stored


def test_a_test_email_goes_to_the_admin_only_and_is_rate_limited(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.templates
    draft = TemplateDraft(subject="Hi {{ recipient_name }}", body="Body {{ link }}")
    service.send_test(firm.actor, NEWS, EN, draft)

    (mail,) = system.mailer.sent
    assert mail.to == [firm.admin.email]
    assert mail.subject == "[Test] Hi Mary Johnson"
    assert mail.tags == {"firm": firm.id, "kind": "template_test"}
    for _ in range(TEST_EMAILS_PER_HOUR - 1):
        service.send_test(firm.actor, NEWS, EN, draft)
    with pytest.raises(RateLimited):
        service.send_test(firm.actor, NEWS, EN, draft)
    assert len(system.mailer.sent) == TEST_EMAILS_PER_HOUR


def test_an_invalid_draft_sends_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(InvalidTemplate):
        system.services.templates.send_test(firm.actor, NEWS, EN, TemplateDraft(subject="x", body="{{ self }}"))
    assert system.mailer.sent == []


def test_templates_belong_to_their_firm(system: FakeSystem, firm: OpenFirm) -> None:
    from tests.unit.builders import open_firm

    other = open_firm(system, slug="outra", name="Outra Advocacia")
    system.services.templates.save(firm.actor, NEWS, EN, change())

    assert system.services.templates.detail(other.id, NEWS, EN).override is None
    assert not any(i.customized for i in system.services.templates.overview(other.id).items)
    sent = system.services.templates.render_email(other.firm, NotificationKind.NEWS, EN, CONTEXT)
    assert sent.subject == "Hearing — Case A"


def test_stored_template_round_trips(system: FakeSystem, firm: OpenFirm) -> None:
    system.services.templates.save(firm.actor, NEWS, EN, change())
    stored = system.templates.get(firm.id, NEWS, EN)
    assert isinstance(stored, EmailTemplate) and stored.updated_by == firm.admin.id
