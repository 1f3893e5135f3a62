"""F03 over HTTP against the local stack: the firm's e-mail templates listed, read, saved over
their version, refused with the line and placeholder, previewed, sent as a test to the admin,
reset; staff may read and not write; and the firm's own template is what the next e-mail of
that kind is made from."""

from __future__ import annotations

from typing import Any

from tests.support.portal import PortalDriver

ONE = "/email-templates/invitation/pt-BR"
DRAFT = {
    "subject": "Bem-vindo ao portal de {{ firm_name }}",
    "body": "Olá, {{ recipient_name }}!\n\nSeu acesso: {{ link }}",
}


def test_list_read_save_and_reset(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    listed = portal.ok("GET", "/email-templates", firm.admin_token)["items"]
    assert len(listed) == 14 * 3 and not any(i["customized"] for i in listed)

    detail = portal.ok("GET", ONE, firm.admin_token)
    assert detail["override"] is None
    assert detail["default"]["subject"] == "Seu acesso ao portal de {{ firm_name }}"
    assert {"firm_name", "link", "valid_days"} <= {p["name"] for p in detail["placeholders"]}

    saved = portal.ok("PUT", ONE, firm.admin_token, DRAFT)
    assert saved["override"]["version"] == 1 and saved["override"]["subject"] == DRAFT["subject"]
    stale = portal.call("PUT", ONE, firm.admin_token, DRAFT)
    assert stale.status_code == 409
    again = portal.ok("PUT", ONE, firm.admin_token, {**DRAFT, "body": "Outro {{ link }}", "version": 1})
    assert again["override"]["version"] == 2

    summary = next(
        i for i in portal.ok("GET", "/email-templates", firm.admin_token)["items"] if i["name"] == "invitation"
    )
    assert summary["language"] == "pt-BR" and summary["customized"] and not summary["failing"]

    portal.ok("DELETE", ONE, firm.admin_token, status=204)
    assert portal.ok("GET", ONE, firm.admin_token)["override"] is None
    actions = [e["action"] for e in portal.ok("GET", "/audit", firm.admin_token)["items"]]
    assert actions[:3] == ["email_template.reset", "email_template.saved", "email_template.saved"]


def test_an_invalid_template_is_refused_with_its_field_line_and_placeholder(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    for path in (ONE, f"{ONE}/preview"):
        method = "PUT" if path == ONE else "POST"
        response = portal.call(method, path, firm.admin_token, {"subject": "Oi", "body": "Olá\n\n\n{{ config }}"})
        assert response.status_code == 422, response.body
        error: dict[str, Any] = response.json_body["error"]
        assert error["code"] == "invalid_template"
        assert error["details"] == [
            {
                "path": "body",
                "field": "body",
                "line": 4,
                "placeholder": "config",
                "type": "unknown_placeholder",
                "message": "Line 4: {{ config }} is not a placeholder of this e-mail.",
            }
        ]
    for body in ("{{ ''.__class__.__mro__ }}", "{% for x in range(10**9) %}x{% endfor %}", "{% include %}"):
        response = portal.call("PUT", ONE, firm.admin_token, {"subject": "Oi", "body": body})
        assert response.status_code == 422 and response.json_body["error"]["details"][0]["line"] == 1
    too_long = portal.call("PUT", ONE, firm.admin_token, {"subject": "Oi", "body": "x" * 10_001})
    assert too_long.status_code == 422
    assert portal.ok("GET", ONE, firm.admin_token)["override"] is None


def test_preview_and_test_email(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    preview = portal.ok("POST", f"{ONE}/preview", firm.admin_token, DRAFT)
    assert preview["subject"].startswith("Bem-vindo ao portal de ")
    assert "Maria Oliveira" in preview["text"] and preview["html"].startswith("<!DOCTYPE html>")

    accepted = portal.ok("POST", f"{ONE}/test", firm.admin_token, DRAFT, status=202)
    assert accepted["status"] == "accepted"
    (mail,) = portal.mails_to(firm.admin_email)[-1:]
    assert mail["subject"].startswith("[Test] Bem-vindo ao portal de ")
    assert "Maria Oliveira" in mail["html"]


def test_staff_may_read_and_preview_and_not_write(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, token = portal.staff_member(firm)
    assert portal.call("GET", "/email-templates", token).status_code == 200
    assert portal.call("GET", ONE, token).status_code == 200
    assert portal.call("POST", f"{ONE}/preview", token, DRAFT).status_code == 200
    for method, path in (("PUT", ONE), ("POST", f"{ONE}/test"), ("DELETE", ONE)):
        assert portal.call(method, path, token, DRAFT).status_code == 403, (method, path)


def test_unknown_kinds_and_languages_are_not_found(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    for path in ("/email-templates/digest/en", "/email-templates/nonsense/en", "/email-templates/news/fr"):
        assert portal.call("GET", path, firm.admin_token).status_code == 404, path


def test_the_firms_own_invitation_is_what_the_next_client_receives(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    portal.ok("PUT", ONE, firm.admin_token, DRAFT)

    client, _ = portal.invited_client(firm)

    (mail,) = portal.mails_to(client["emails"][0])[-1:]
    assert mail["subject"].startswith("Bem-vindo ao portal de ")
    assert "#/invite/" in mail["html"]
