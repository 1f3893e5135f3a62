"""F03, A3: every default e-mail and text message in every language, and the one check and
rendering every template goes through (adapters/templates.py), defaults and firms' alike."""

from __future__ import annotations

import re

import html5lib
import pytest

from chalicelib.adapters.templates import JinjaEmailRenderer, paragraphs
from chalicelib.domain.common import Language
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.notifications import NotificationKind
from chalicelib.domain.templates import (
    DESCRIPTIONS,
    DIGEST,
    PLACEHOLDERS,
    InvalidTemplate,
    TemplateName,
    placeholders_of,
    sample_context,
    sample_digest_items,
    template_values,
)
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm

ENGINE = JinjaEmailRenderer()
NAMES = [*TemplateName, DIGEST]
PORTAL = "https://silva.portal.test"


def strict_html(markup: str) -> None:
    """Parsed as browsers and webmail parse it, failing on any error they would repair."""
    html5lib.HTMLParser(strict=True).parse(markup)


def values(name: str, language: Language, **extra: object) -> dict[str, str]:
    context = {
        "firm_name": "Silva & Associados",
        "brand_color": "#224466",
        "logo_url": "",
        "portal_link": PORTAL,
        **sample_context(name, language, PORTAL),
        **extra,
    }
    return template_values(name, language, context)


def test_every_notification_kind_has_a_template() -> None:
    assert {str(kind) for kind in NotificationKind} <= {str(name) for name in TemplateName}
    assert set(PLACEHOLDERS) == set(TemplateName)


def test_every_placeholder_is_described_in_the_three_languages() -> None:
    for name in NAMES:
        for key in placeholders_of(name):
            assert set(DESCRIPTIONS[key]) == set(Language), key
            assert all(text.strip() for text in DESCRIPTIONS[key].values()), key


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("name", NAMES)
def test_every_default_passes_the_check_firms_templates_pass(name: str, language: Language) -> None:
    source = ENGINE.default(name, language)
    ENGINE.check(source.subject, source.body, placeholders_of(name))
    for part in (source.button, source.footer, source.unsubscribe, source.sms):
        ENGINE.check("x", part or "x", placeholders_of(name))
    assert source.subject and source.body and source.button and source.footer and source.sms


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("name", NAMES)
def test_every_default_renders_with_its_sample_data_as_valid_html_and_text(name: str, language: Language) -> None:
    items = sample_digest_items(language, PORTAL) if name == DIGEST else ()
    rendered = ENGINE.render_source(
        ENGINE.default(name, language), values(name, language), placeholders_of(name), items
    )

    strict_html(rendered.html)
    link = values(name, language)["link"]
    assert f'href="{link}"' in rendered.html  # the button
    assert f'<html lang="{language.value}">' in rendered.html
    assert "Silva &amp; Associados" in rendered.html and "#224466" in rendered.html
    assert link in rendered.text and "Silva & Associados" in rendered.text
    assert "{{" not in rendered.html + rendered.text + rendered.subject
    assert "\n" not in rendered.subject and "&amp;" not in rendered.subject
    assert "<" not in rendered.text
    for item in items:
        assert item.title in rendered.text and item.link in rendered.html


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("name", NAMES)
def test_every_text_message_names_the_firm_says_what_happened_and_fits(name: str, language: Language) -> None:
    sms = ENGINE.render_text(ENGINE.default(name, language).sms, values(name, language), placeholders_of(name))

    assert sms.startswith("Silva & Associados") or "Silva & Associados" in sms
    assert len(sms) <= 160, sms
    assert "\n" not in sms


def test_the_logo_replaces_the_name_in_the_header_when_the_firm_has_one() -> None:
    logo = "https://cdn.example.com/silva.png"
    rendered = ENGINE.render_source(
        ENGINE.default("news", Language.EN), values("news", Language.EN, logo_url=logo), placeholders_of("news")
    )
    strict_html(rendered.html)
    assert f'<img src="{logo}" alt="Silva &amp; Associados"' in rendered.html


def test_a_colour_or_logo_that_is_not_one_falls_back_and_never_reaches_the_style() -> None:
    rendered = ENGINE.render_source(
        ENGINE.default("news", Language.EN),
        values("news", Language.EN, brand_color="red;background:url(x)", logo_url="javascript:alert(1)"),
        placeholders_of("news"),
    )
    assert "url(x)" not in rendered.html and "javascript:" not in rendered.html
    assert "#1f4e79" in rendered.html


def test_unsubscribe_shows_only_where_there_is_a_link() -> None:
    news = ENGINE.render_source(
        ENGINE.default("news", Language.EN), values("news", Language.EN), placeholders_of("news")
    )
    none = ENGINE.render_source(
        ENGINE.default("news", Language.EN), values("news", Language.EN, unsubscribe_link=""), placeholders_of("news")
    )
    assert "Stop sending me news by e-mail" in news.html
    assert "Stop sending me news by e-mail" not in none.html


def test_paragraphs_split_on_blank_lines_and_drop_the_empty_ones() -> None:
    assert paragraphs("One\ntwo\n\n  \n\nThree\n\n\n") == [["One", "two"], ["Three"]]


# --- firm text: escaped, one line for the subject ------------------------------------------


def test_firm_text_and_values_are_escaped_into_the_html_and_the_subject_is_one_plain_line() -> None:
    source = ENGINE.default("news", Language.EN).model_copy(
        update={"subject": "<b>Hi</b> & {{ item_title }}", "body": "<script>alert(1)</script>\n\n{{ item_details }}"}
    )
    rendered = ENGINE.render_source(
        source,
        values("news", Language.EN, item_title="Q&A\r\nBcc: x@example.com", item_details='<img src=x onerror="y">'),
        placeholders_of("news"),
    )
    strict_html(rendered.html)
    assert "<script>" not in rendered.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "<img src=x" not in rendered.html and "&lt;img src=x" in rendered.html
    assert rendered.subject == "<b>Hi</b> & Q&A Bcc: x@example.com"


# --- the check: line and placeholder ------------------------------------------------------------


def problems(body: str, subject: str = "Subject", name: str = "news") -> list[dict[str, object]]:
    with pytest.raises(InvalidTemplate) as raised:
        ENGINE.check(subject, body, placeholders_of(name))
    assert raised.value.code == "invalid_template"
    return raised.value.details


def test_an_unknown_placeholder_is_named_with_its_line() -> None:
    (problem,) = problems("Hello {{ recipient_name }},\n\nsee\n{{ config }} here")
    assert problem == {
        "path": "body",
        "field": "body",
        "line": 4,
        "placeholder": "config",
        "type": "unknown_placeholder",
        "message": "Line 4: {{ config }} is not a placeholder of this e-mail.",
    }


def test_every_problem_is_reported_with_its_own_line_and_field() -> None:
    found = problems("ok\n{{ a }}\n\n{% if b %}x{% endif %}", subject="{{ c }}")
    assert [(p["field"], p["line"], p["placeholder"]) for p in found] == [
        ("subject", 1, "c"),
        ("body", 2, "a"),
        ("body", 4, "b"),
    ]


def test_a_placeholder_of_another_kind_is_not_one_of_this_kind() -> None:
    (problem,) = problems("{{ amount }}", name="news")
    assert problem["placeholder"] == "amount"
    ENGINE.check("s", "{{ amount }}", placeholders_of("invoice_issued"))


def test_syntax_errors_give_their_line() -> None:
    (unclosed,) = problems("one\ntwo\n{% if recipient_name %}\nno end")  # the `if` left open
    assert unclosed["type"] == "syntax" and unclosed["line"] == 3
    assert str(unclosed["message"]).startswith("Line 3: ")
    (broken,) = problems("one\n\nHello {{ recipient_name }, and")
    assert broken["type"] == "syntax" and broken["line"] == 3


def test_if_elif_else_and_not_on_placeholders_are_allowed() -> None:
    ENGINE.check(
        "s",
        "{% if matter_number %}{{ matter_number }}{% elif not matter_title %}-{% else %}{{ matter_title }}{% endif %}"
        "{% if item_title and item_details or link %}x{% endif %}{# a comment #}",
        placeholders_of("news"),
    )


@pytest.mark.parametrize(
    ("body", "placeholder"),
    [
        ("{{ ''.__class__.__mro__ }}", None),
        ("{{ config }}", "config"),
        ("{{ self }}", "self"),
        ("{% for x in range(10**9) %}{{ x }}{% endfor %}", "x"),
        ("{{ cycler.__init__.__globals__ }}", "cycler"),
        ("{{ recipient_name.__class__ }}", "recipient_name"),
        ("{{ recipient_name['x'] }}", "recipient_name"),
        ("{{ recipient_name|upper }}", "recipient_name"),
        ("{{ recipient_name() }}", "recipient_name"),
        ("{{ 'a' * 10**9 }}", None),
        ("{% set x = 1 %}", None),
        ("{% macro m() %}x{% endmacro %}", None),
        ("{% include 'news/en.txt' %}", None),
        ("{% import 'x' as y %}", None),
        ("{% extends '_layout.html' %}", None),
        ("{% raw %}{{ config }}{% endraw %}", None),
        ("{% if recipient_name is defined %}x{% endif %}", "recipient_name"),
        ("{% with x = 1 %}{% endwith %}", None),
        ("{% filter upper %}x{% endfilter %}", None),
        ("{% include %}", None),
        ("{% do x %}", None),
    ],
)
def test_injections_are_refused_at_the_check(body: str, placeholder: str | None) -> None:
    found = problems(body)
    assert found[0]["line"] == 1
    if placeholder is not None:
        assert found[0]["placeholder"] == placeholder


def test_a_huge_output_is_cut_off_and_fails() -> None:
    source = ENGINE.default("news", Language.EN).model_copy(update={"body": "{{ item_details }}" * 20})
    with pytest.raises(InvalidTemplate) as raised:
        ENGINE.render_source(source, values("news", Language.EN, item_details="x" * 10_000), placeholders_of("news"))
    assert raised.value.details[0]["type"] == "too_big"


# --- the service's rendering: the firm's own, or the default ----------------------------------


def test_a_firm_without_its_own_gets_the_default(system: FakeSystem, firm: OpenFirm) -> None:
    rendered = system.services.templates.render_email(
        firm.firm, NotificationKind.MATTER_UPDATED, Language.ES, {"recipient_name": "Ana", "matter_title": "Caso A"}
    )
    assert rendered.subject == "Novedades en su expediente: Caso A"
    assert firm.firm.portal.display_name in rendered.text
    assert system.urls.portal(firm.slug) in rendered.text  # the portal's home in the footer


def test_staff_variants_are_their_own_templates(system: FakeSystem, firm: OpenFirm) -> None:
    rendered = system.services.templates.render_email(
        firm.firm, "staff_invitation", Language.EN, {"recipient_name": "Sofia", "link": "https://a.test/#/invite/x"}
    )
    assert rendered.subject.startswith("You are invited to the")


def test_digest_and_text_messages(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.templates
    link = f"{system.urls.portal(firm.slug)}/#/"
    items = sample_digest_items(Language.EN, system.urls.portal(firm.slug))
    digest = service.render_digest(firm.firm, Language.EN, {"recipient_name": "Ana", "link": link}, items)
    assert digest.subject.endswith(": 3 updates on the portal")
    strict_html(digest.html)

    sms = service.render_sms(
        firm.firm, NotificationKind.DOCUMENT_REQUESTED, Language.PT_BR, {"link": "https://s.test/#/requests/1"}
    )
    assert sms.endswith(" https://s.test/#/requests/1") and sms.startswith(firm.firm.portal.display_name)
    assert "3 updates" in service.render_sms_digest(firm.firm, Language.EN, {"link": link}, 3)


def test_an_unknown_kind_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(InvalidInput):
        system.services.templates.render_email(firm.firm, "nonsense", Language.EN, {})


def test_html_has_no_unexpanded_markup_in_any_language() -> None:
    for name in NAMES:
        for language in Language:
            source = ENGINE.default(name, language)
            assert not re.search(r"<[a-z]", source.body), f"{name}/{language}: HTML in a default's body"


def test_template_syntax_inside_a_value_is_shown_as_it_is_never_run() -> None:
    rendered = ENGINE.render_source(
        ENGINE.default("news", Language.EN),
        values("news", Language.EN, item_title="{{ config }}", item_details="{% for x in y %}{{ self }}{% endfor %}"),
        placeholders_of("news"),
    )
    assert "{{ config }}" in rendered.subject and "{{ config }}" in rendered.text
    assert "{% for x in y %}{{ self }}{% endfor %}" in rendered.text
