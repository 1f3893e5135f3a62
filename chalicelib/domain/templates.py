"""The e-mails' templates (F03) and text messages (A3): which e-mails there are, the
placeholders each one offers (the keys the notifications worker passes, and what firms
see in the editor), sample data for previews, and the firm's own templates.

A template is a subject and a body in a small language: text with `{{ placeholder }}` and
`{% if placeholder %}…{% elif … %}…{% else %}…{% endif %}`, paragraphs split by blank
lines. The defaults (email_templates/<name>/<language>.txt) are written in the same
language and go through the same validator and rendering as a firm's (adapters/templates.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from .common import DomainModel, Id, Language, MultiLine, SingleLine
from .errors import InvalidInput
from .notifications import NotificationKind, day_in_words


class TemplateName(StrEnum):
    """Every e-mail a firm may make its own: the notification kinds, and the invitation and
    password reset sent to the firm's staff."""

    INVITATION = "invitation"
    ACCESS_LINK = "access_link"
    PASSWORD_RESET = "password_reset"
    MATTER_UPDATED = "matter_updated"
    NEWS = "news"
    DOCUMENT_REQUESTED = "document_requested"
    REQUEST_REJECTED = "request_rejected"
    UPLOAD_RECEIVED = "upload_received"
    TRANSLATION_FLAGGED = "translation_flagged"
    INVOICE_ISSUED = "invoice_issued"
    PROFORMA_ISSUED = "proforma_issued"
    FUNDS_REQUESTED = "funds_requested"
    STAFF_INVITATION = "staff_invitation"
    STAFF_PASSWORD_RESET = "staff_password_reset"


# Several notifications to one client in one e-mail (B3). Not firm-editable.
DIGEST = "digest"

# Sizes: what a firm may write, and what one rendered e-mail may become.
MAX_SUBJECT_SOURCE = 300
MAX_BODY_SOURCE = 10_000
MAX_SUBJECT_OUTPUT = 500
MAX_OUTPUT = 100_000  # characters of one rendered part (the body's text)


def template_name(kind: NotificationKind | TemplateName | str) -> TemplateName:
    """The template of a notification kind, or of a template name such as "staff_invitation"."""
    try:
        return TemplateName(str(kind))
    except ValueError:
        raise InvalidInput.field("kind", f"There is no e-mail template {kind!r}.") from None


# --- the placeholders --------------------------------------------------------------------

ALWAYS = (
    "firm_name",
    "brand_color",
    "logo_url",
    "recipient_name",
    "portal_link",
    "link",
    "language",
    "unsubscribe_link",
)
_MATTER = ("matter_title", "matter_number")
_LINK = ("expires_at", "valid_days", "valid_hours")
_REQUEST = ("item_title", "item_details", "due_date", "reason")
_BILLING = ("item_title", "amount", "due_date")

PLACEHOLDERS: dict[TemplateName, tuple[str, ...]] = {
    TemplateName.INVITATION: (*ALWAYS, *_LINK),
    TemplateName.ACCESS_LINK: (*ALWAYS, *_LINK),
    TemplateName.PASSWORD_RESET: (*ALWAYS, *_LINK),
    TemplateName.STAFF_INVITATION: (*ALWAYS, *_LINK),
    TemplateName.STAFF_PASSWORD_RESET: (*ALWAYS, *_LINK),
    TemplateName.MATTER_UPDATED: (*ALWAYS, *_MATTER),
    TemplateName.NEWS: (*ALWAYS, *_MATTER, "item_title", "item_details"),
    TemplateName.DOCUMENT_REQUESTED: (*ALWAYS, *_MATTER, *_REQUEST),
    TemplateName.REQUEST_REJECTED: (*ALWAYS, *_MATTER, *_REQUEST),
    TemplateName.UPLOAD_RECEIVED: (*ALWAYS, *_MATTER, "client_name", "file_name", "item_title"),
    TemplateName.TRANSLATION_FLAGGED: (*ALWAYS, *_MATTER, "item_details"),
    TemplateName.INVOICE_ISSUED: (*ALWAYS, *_BILLING),
    TemplateName.PROFORMA_ISSUED: (*ALWAYS, *_BILLING),
    TemplateName.FUNDS_REQUESTED: (*ALWAYS, *_BILLING),
}
DIGEST_PLACEHOLDERS: tuple[str, ...] = (*ALWAYS, "count")

# Those a firm's e-mails go to its own staff with (the rest go to clients).
TO_STAFF = frozenset(
    {
        TemplateName.UPLOAD_RECEIVED,
        TemplateName.TRANSLATION_FLAGGED,
        TemplateName.STAFF_INVITATION,
        TemplateName.STAFF_PASSWORD_RESET,
    }
)

_PT, _ES, _EN = Language.PT_BR, Language.ES, Language.EN

DESCRIPTIONS: dict[str, dict[Language, str]] = {
    "firm_name": {
        _PT: "Nome do escritório no portal",
        _ES: "Nombre del despacho en el portal",
        _EN: "The firm's name on the portal",
    },
    "brand_color": {
        _PT: "Cor do escritório (#rrggbb)",
        _ES: "Color del despacho (#rrggbb)",
        _EN: "The firm's colour (#rrggbb)",
    },
    "logo_url": {
        _PT: "Endereço do logotipo (vazio se não houver)",
        _ES: "Dirección del logotipo (vacía si no hay)",
        _EN: "The logo's address (empty if none)",
    },
    "recipient_name": {
        _PT: "Nome de quem recebe o e-mail",
        _ES: "Nombre de quien recibe el correo",
        _EN: "The recipient's name",
    },
    "portal_link": {
        _PT: "Link da página inicial do portal",
        _ES: "Enlace a la página de inicio del portal",
        _EN: "Link to the portal's home page",
    },
    "link": {
        _PT: "Link da página de que o e-mail trata",
        _ES: "Enlace a la página de la que trata el correo",
        _EN: "Link to the page the e-mail is about",
    },
    "language": {
        _PT: "Idioma do e-mail (pt-BR, es, en)",
        _ES: "Idioma del correo (pt-BR, es, en)",
        _EN: "The e-mail's language (pt-BR, es, en)",
    },
    "unsubscribe_link": {
        _PT: "Link para deixar de receber estes e-mails (só em novidades)",
        _ES: "Enlace para dejar de recibir estos correos (solo en novedades)",
        _EN: "Link to stop these e-mails (news only)",
    },
    "matter_title": {_PT: "Título do processo", _ES: "Título del expediente", _EN: "The matter's title"},
    "matter_number": {
        _PT: "Número do processo (pode estar vazio)",
        _ES: "Número del expediente (puede estar vacío)",
        _EN: "The matter's number (may be empty)",
    },
    "item_title": {
        _PT: "Título do item (novidade, solicitação, fatura)",
        _ES: "Título del elemento (novedad, solicitud, factura)",
        _EN: "The item's title (news, request, invoice)",
    },
    "item_details": {_PT: "Texto do item", _ES: "Texto del elemento", _EN: "The item's text"},
    "due_date": {
        _PT: "Prazo, por extenso (pode estar vazio)",
        _ES: "Plazo, en palabras (puede estar vacío)",
        _EN: "The due date, in words (may be empty)",
    },
    "reason": {
        _PT: "Motivo da recusa (pode estar vazio)",
        _ES: "Motivo del rechazo (puede estar vacío)",
        _EN: "Why it was refused (may be empty)",
    },
    "expires_at": {_PT: "Quando o link expira", _ES: "Cuándo caduca el enlace", _EN: "When the link expires"},
    "valid_days": {
        _PT: "Por quantos dias o link vale",
        _ES: "Cuántos días vale el enlace",
        _EN: "How many days the link is valid",
    },
    "valid_hours": {
        _PT: "Por quantas horas o link vale",
        _ES: "Cuántas horas vale el enlace",
        _EN: "How many hours the link is valid",
    },
    "client_name": {
        _PT: "Nome do cliente que enviou",
        _ES: "Nombre del cliente que lo envió",
        _EN: "The name of the client who sent it",
    },
    "file_name": {_PT: "Nome do arquivo enviado", _ES: "Nombre del archivo enviado", _EN: "The name of the file sent"},
    "amount": {_PT: "Valor, já formatado", _ES: "Importe, ya con formato", _EN: "The amount, formatted"},
    "count": {
        _PT: "Quantas novidades o resumo traz",
        _ES: "Cuántas novedades trae el resumen",
        _EN: "How many updates the digest holds",
    },
}


def placeholders_of(name: TemplateName | str) -> tuple[str, ...]:
    """The placeholders a template may use: its kind's keys (the digest's for "digest")."""
    return DIGEST_PLACEHOLDERS if name == DIGEST else PLACEHOLDERS[TemplateName(name)]


@dataclass(frozen=True)
class DigestItem:
    """One notification in a digest: what it is about and the page to open."""

    title: str
    matter_title: str
    link: str


def as_text(value: object, language: Language) -> str:
    """A context value as the text a template shows: dates in the e-mail's language, nothing
    else of Python's (a template only ever sees strings)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo else value
        return f"{day_in_words(moment.date(), language)} {moment.strftime('%H:%M')} UTC"
    if isinstance(value, date):
        return day_in_words(value, language)
    return str(value)


def template_values(name: TemplateName | str, language: Language, context: dict[str, Any]) -> dict[str, str]:
    """The values a template of `name` is rendered with: every one of its placeholders as
    text ("" for a key the caller left out), and the language."""
    values = {key: as_text(context.get(key), language) for key in placeholders_of(name)}
    values["language"] = language.value
    return values


# --- the sources: defaults and the firm's own -----------------------------------------------


class EmailSource(DomainModel):
    """What one e-mail is written from. A firm writes `subject` and `body`; the button's label,
    the footer, the unsubscribe label and the text message come from the default."""

    subject: str
    body: str
    button: str = ""
    footer: str = ""
    unsubscribe: str = ""
    sms: str = ""
    # The push notification's line (F23), for the kinds that go to clients' phones; the title
    # is the firm's name. Empty: the text message's words without its link.
    push: str = ""


class TemplateFailure(DomainModel):
    """A firm's template failed when an e-mail was rendered, and the default was sent instead."""

    at: datetime
    message: str


class EmailTemplate(DomainModel):
    """A firm's own subject and body for one e-mail in one language."""

    firm_id: Id
    name: TemplateName
    language: Language
    subject: str
    body: str
    updated_at: datetime
    updated_by: str | None = None
    # Set when the template failed on an e-mail (the default went); cleared when it is saved again.
    failure: TemplateFailure | None = None
    version: int = 1


class TemplateDraft(DomainModel):
    """A subject and body to preview or send as a test."""

    subject: Annotated[str, SingleLine(min_length=1, max_length=MAX_SUBJECT_SOURCE)]
    body: Annotated[str, MultiLine(min_length=1, max_length=MAX_BODY_SOURCE)]


class TemplateChange(TemplateDraft):
    """Save the firm's template: over the version read, or (no version) as its first."""

    version: Annotated[int, Field(ge=1, strict=True)] | None = Field(
        None, description="The version read; leave it out when the firm has no template of its own yet."
    )


class InvalidTemplate(InvalidInput):
    """A template that may not be used: each detail names the field, the line and the
    placeholder (if any), as {"path", "field", "line", "placeholder", "type", "message"}."""

    code = "invalid_template"

    def __init__(self, details: list[dict[str, Any]]) -> None:
        first = details[0]["message"] if details else "This template cannot be used."
        super().__init__(first, details, code="invalid_template")

    @classmethod
    def problem(cls, field: str, line: int, kind: str, message: str, placeholder: str | None = None) -> dict[str, Any]:
        return {
            "path": field,
            "field": field,
            "line": line,
            "placeholder": placeholder,
            "type": kind,
            "message": message,
        }


# --- what the editor shows ------------------------------------------------------------------


class Placeholder(DomainModel):
    name: str
    descriptions: dict[Language, str]


def placeholder_list(name: TemplateName) -> list[Placeholder]:
    return [Placeholder(name=key, descriptions=DESCRIPTIONS[key]) for key in placeholders_of(name)]


class TemplateSummary(DomainModel):
    name: TemplateName
    language: Language
    to_staff: bool
    customized: bool
    failing: bool
    failed_at: datetime | None = None
    updated_at: datetime | None = None


class TemplateList(DomainModel):
    """Every e-mail a firm may make its own, in every language, in one list (one read)."""

    items: list[TemplateSummary]


class DefaultTemplate(DomainModel):
    subject: str
    body: str


class TemplateDetail(DomainModel):
    name: TemplateName
    language: Language
    default: DefaultTemplate
    override: EmailTemplate | None = None
    placeholders: list[Placeholder]


# --- sample data for previews and test e-mails ------------------------------------------


_SAMPLE_TEXT: dict[Language, dict[str, str]] = {
    _PT: {
        "recipient_name": "Maria Oliveira",
        "matter_title": "Ação de indenização contra a Construtora Alfa",
        "news_title": "Audiência marcada",
        "news_details": "A audiência de conciliação foi marcada. Vamos conversar antes para preparar você.",
        "request_title": "Comprovante de residência",
        "request_details": "Uma conta de luz, água ou telefone dos últimos três meses, em seu nome.",
        "reason": "A foto ficou cortada: envie o documento inteiro, por favor.",
        "client_name": "Maria Oliveira",
        "movement": "Juntada de petição de manifestação da parte autora.",
        "invoice_title": "Fatura 2026/0042",
        "amount": "R$ 1.250,00",
    },
    _ES: {
        "recipient_name": "María González",
        "matter_title": "Reclamación de daños contra Constructora Alfa",
        "news_title": "Audiencia fijada",
        "news_details": "Se ha fijado la audiencia de conciliación. Hablaremos antes para prepararla.",
        "request_title": "Certificado de domicilio",
        "request_details": "Una factura de luz, agua o teléfono de los últimos tres meses, a su nombre.",
        "reason": "La foto salió cortada: envíe el documento completo, por favor.",
        "client_name": "María González",
        "movement": "Se presenta escrito de la parte demandante.",
        "invoice_title": "Factura 2026/0042",
        "amount": "1.250,00 €",
    },
    _EN: {
        "recipient_name": "Mary Johnson",
        "matter_title": "Damages claim against Alfa Builders",
        "news_title": "Hearing scheduled",
        "news_details": "The settlement hearing has been scheduled. We will talk beforehand to prepare you.",
        "request_title": "Proof of address",
        "request_details": "A power, water or phone bill from the last three months, in your name.",
        "reason": "The photo was cut off: please send the whole document.",
        "client_name": "Mary Johnson",
        "movement": "Filing of the plaintiff's statement.",
        "invoice_title": "Invoice 2026/0042",
        "amount": "$1,250.00",
    },
}
_SAMPLE_DAY = date(2026, 12, 15)
_SAMPLE_EXPIRY = datetime(2026, 12, 15, 18, 0)


def sample_context(name: TemplateName | str, language: Language, portal_link: str) -> dict[str, object]:
    """What a preview or test e-mail of `name` is rendered with (the firm's branding is added
    by the caller): plausible values for every placeholder of the kind."""
    t = _SAMPLE_TEXT[language]
    matter = "#/matters/sample"
    values: dict[str, object] = {
        "recipient_name": t["recipient_name"],
        "portal_link": portal_link,
        "link": f"{portal_link}/{matter}",
        "unsubscribe_link": "",
        "matter_title": t["matter_title"],
        "matter_number": "0001234-56.2026.8.26.0100",
        "expires_at": _SAMPLE_EXPIRY,
        "valid_days": 7,
        "valid_hours": 1,
        "due_date": day_in_words(_SAMPLE_DAY, language),
        "count": 3,
    }
    if name in (TemplateName.NEWS, DIGEST):
        values["unsubscribe_link"] = f"{portal_link}/#/preferences"
    if name == TemplateName.NEWS:
        values |= {"item_title": t["news_title"], "item_details": t["news_details"]}
    elif name in (TemplateName.DOCUMENT_REQUESTED, TemplateName.REQUEST_REJECTED):
        values |= {"item_title": t["request_title"], "item_details": t["request_details"], "reason": t["reason"]}
        values["link"] = f"{portal_link}/#/requests/sample"
    elif name == TemplateName.UPLOAD_RECEIVED:
        values |= {"client_name": t["client_name"], "file_name": "comprovante.pdf", "item_title": t["request_title"]}
    elif name == TemplateName.TRANSLATION_FLAGGED:
        values["item_details"] = t["movement"]
    elif name in (TemplateName.INVOICE_ISSUED, TemplateName.PROFORMA_ISSUED, TemplateName.FUNDS_REQUESTED):
        values |= {"item_title": t["invoice_title"], "amount": t["amount"]}
        values["link"] = f"{portal_link}/#/billing/sample"
    return values


def sample_digest_items(language: Language, portal_link: str) -> list[DigestItem]:
    t = _SAMPLE_TEXT[language]
    return [
        DigestItem(title=t["news_title"], matter_title=t["matter_title"], link=f"{portal_link}/#/matters/sample"),
        DigestItem(title=t["request_title"], matter_title="", link=f"{portal_link}/#/requests/sample"),
        DigestItem(title=t["invoice_title"], matter_title=t["matter_title"], link=f"{portal_link}/#/billing/sample"),
    ]
