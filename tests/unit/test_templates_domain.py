"""domain/templates.py: the names, the values a template sees, the sample data and the error
a refused template raises."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from chalicelib.domain.common import Language
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.notifications import NotificationKind
from chalicelib.domain.templates import (
    DIGEST,
    DigestItem,
    InvalidTemplate,
    TemplateName,
    as_text,
    placeholder_list,
    placeholders_of,
    sample_context,
    sample_digest_items,
    template_name,
    template_values,
)

PORTAL = "https://silva.portal.test"


def test_a_kind_or_a_name_gives_its_template_and_anything_else_is_refused_on_kind() -> None:
    assert template_name(NotificationKind.NEWS) is TemplateName.NEWS
    assert template_name("staff_password_reset") is TemplateName.STAFF_PASSWORD_RESET
    with pytest.raises(InvalidInput) as raised:
        template_name("digest")
    assert raised.value.details == [{"path": "kind", "message": "There is no e-mail template 'digest'."}]


def test_values_are_text_in_the_emails_language() -> None:
    assert as_text(None, Language.EN) == ""
    assert as_text(7, Language.EN) == "7"
    assert as_text(date(2026, 12, 5), Language.EN) == "December 5, 2026"
    assert as_text(date(2026, 12, 5), Language.PT_BR) == "05/12/2026"
    assert as_text(datetime(2026, 12, 5, 9, 30, tzinfo=UTC), Language.ES) == "05/12/2026 09:30 UTC"
    brasilia = timezone(timedelta(hours=-3))
    assert as_text(datetime(2026, 12, 5, 22, 15, tzinfo=brasilia), Language.EN) == "December 6, 2026 01:15 UTC"
    assert as_text(datetime(2026, 12, 5, 22, 15), Language.EN) == "December 5, 2026 22:15 UTC"


def test_every_placeholder_of_the_kind_gets_a_value_and_nothing_else_does() -> None:
    values = template_values(TemplateName.INVOICE_ISSUED, Language.ES, {"amount": "10 €", "stranger": "x"})
    assert set(values) == set(placeholders_of(TemplateName.INVOICE_ISSUED))
    assert values["amount"] == "10 €" and values["item_title"] == "" and values["language"] == "es"
    assert "stranger" not in values
    assert template_values(DIGEST, Language.EN, {"count": 3})["count"] == "3"


def test_the_digest_has_its_own_placeholders() -> None:
    assert placeholders_of(DIGEST)[-1] == "count"
    assert "count" not in placeholders_of(TemplateName.NEWS)
    assert [p.name for p in placeholder_list(TemplateName.MATTER_UPDATED)][-2:] == ["matter_title", "matter_number"]


def test_sample_data_fits_each_kind() -> None:
    news = sample_context(TemplateName.NEWS, Language.PT_BR, PORTAL)
    assert news["item_title"] == "Audiência marcada" and news["unsubscribe_link"] == f"{PORTAL}/#/preferences"
    assert news["link"] == f"{PORTAL}/#/matters/sample" and news["portal_link"] == PORTAL
    assert news["recipient_name"] == "Maria Oliveira" and news["matter_number"] == "0001234-56.2026.8.26.0100"
    assert news["due_date"] == "15/12/2026" and news["valid_days"] == 7 and news["valid_hours"] == 1

    request = sample_context(TemplateName.REQUEST_REJECTED, Language.EN, PORTAL)
    assert request["link"] == f"{PORTAL}/#/requests/sample" and request["unsubscribe_link"] == ""
    assert request["item_title"] == "Proof of address" and request["reason"].startswith("The photo")
    assert request["due_date"] == "December 15, 2026"
    assert sample_context(TemplateName.DOCUMENT_REQUESTED, Language.ES, PORTAL)["item_details"].startswith(
        "Una factura"
    )

    upload = sample_context(TemplateName.UPLOAD_RECEIVED, Language.ES, PORTAL)
    assert (upload["client_name"], upload["file_name"], upload["item_title"]) == (
        "María González",
        "comprovante.pdf",
        "Certificado de domicilio",
    )
    assert sample_context(TemplateName.TRANSLATION_FLAGGED, Language.EN, PORTAL)["item_details"] == (
        "Filing of the plaintiff's statement."
    )
    for name in (TemplateName.INVOICE_ISSUED, TemplateName.PROFORMA_ISSUED, TemplateName.FUNDS_REQUESTED):
        billing = sample_context(name, Language.PT_BR, PORTAL)
        assert (billing["item_title"], billing["amount"]) == ("Fatura 2026/0042", "R$ 1.250,00")
        assert billing["link"] == f"{PORTAL}/#/billing/sample"
    invitation = sample_context(TemplateName.INVITATION, Language.EN, PORTAL)
    assert "item_title" not in invitation and invitation["expires_at"] == datetime(2026, 12, 15, 18, 0)
    assert sample_context(DIGEST, Language.EN, PORTAL)["unsubscribe_link"] == f"{PORTAL}/#/preferences"
    assert sample_context(DIGEST, Language.EN, PORTAL)["count"] == 3


def test_sample_digest_items() -> None:
    assert sample_digest_items(Language.EN, PORTAL) == [
        DigestItem(
            title="Hearing scheduled",
            matter_title="Damages claim against Alfa Builders",
            link=f"{PORTAL}/#/matters/sample",
        ),
        DigestItem(title="Proof of address", matter_title="", link=f"{PORTAL}/#/requests/sample"),
        DigestItem(
            title="Invoice 2026/0042",
            matter_title="Damages claim against Alfa Builders",
            link=f"{PORTAL}/#/billing/sample",
        ),
    ]


def test_a_refused_template_says_its_first_problem_and_keeps_them_all() -> None:
    first = InvalidTemplate.problem("body", 3, "unknown_placeholder", "Line 3: {{ x }} is not one.", placeholder="x")
    assert first == {
        "path": "body",
        "field": "body",
        "line": 3,
        "placeholder": "x",
        "type": "unknown_placeholder",
        "message": "Line 3: {{ x }} is not one.",
    }
    second = InvalidTemplate.problem("subject", 1, "syntax", "Line 1: no.")
    assert second["placeholder"] is None
    error = InvalidTemplate([first, second])
    assert isinstance(error, InvalidInput)
    assert (error.message, error.code, error.details) == (
        "Line 3: {{ x }} is not one.",
        "invalid_template",
        [first, second],
    )
    assert InvalidTemplate([]).message == "This template cannot be used."
