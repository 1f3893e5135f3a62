"""F03: the firm's e-mail templates. Staff may read and preview them; admins change and test them."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.common import Language
from ..domain.ports import RenderedEmail
from ..domain.templates import TemplateChange, TemplateDetail, TemplateDraft, TemplateList, TemplateName
from .http import Audience, RequestContext, endpoint
from .views import Accepted

bp = Blueprint(__name__)

_ONE = "/email-templates/{kind}/{language}"
_PATH = {"kind": TemplateName, "language": Language}


@endpoint(
    bp,
    "GET",
    "/email-templates",
    operation_id="listEmailTemplates",
    audience=Audience.STAFF,
    tag="templates",
    response=TemplateList,
    summary="Every e-mail the firm may make its own, in every language: customized, failing, last saved.",
)
def list_templates(ctx: RequestContext) -> TemplateList:
    return services().templates.overview(ctx.signed_in().firm_id)


@endpoint(
    bp,
    "GET",
    _ONE,
    operation_id="getEmailTemplate",
    audience=Audience.STAFF,
    tag="templates",
    path_params=_PATH,
    response=TemplateDetail,
    etag_version="override.version",  # the firm's own template, which PUT changes
    summary="One e-mail in one language: the default's subject and body, the firm's own if any, the placeholders.",
)
def get_template(ctx: RequestContext, kind: TemplateName, language: Language) -> TemplateDetail:
    return services().templates.detail(ctx.signed_in().firm_id, kind, language)


@endpoint(
    bp,
    "PUT",
    _ONE,
    operation_id="changeEmailTemplate",
    audience=Audience.ADMIN,
    tag="templates",
    path_params=_PATH,
    body=TemplateChange,
    response=TemplateDetail,
    summary="Save the firm's own subject and body (send the version read, none for the first; 409 if it changed; "
    "422 with the field, line and placeholder of each problem).",
)
def save_template(ctx: RequestContext, kind: TemplateName, language: Language, body: TemplateChange) -> TemplateDetail:
    return services().templates.save(ctx.signed_in().actor, kind, language, body)


@endpoint(
    bp,
    "DELETE",
    _ONE,
    operation_id="deleteEmailTemplate",
    audience=Audience.ADMIN,
    tag="templates",
    path_params=_PATH,
    status=204,
    summary="Reset to the default: the firm's own template is removed.",
)
def reset_template(ctx: RequestContext, kind: TemplateName, language: Language) -> None:
    services().templates.reset(ctx.signed_in().actor, kind, language)


@endpoint(
    bp,
    "POST",
    f"{_ONE}/preview",
    operation_id="previewEmailTemplate",
    audience=Audience.STAFF,  # it changes nothing: staff see the e-mails as admins do
    tag="templates",
    path_params=_PATH,
    body=TemplateDraft,
    response=RenderedEmail,
    summary="A draft rendered with sample data and the firm's branding: subject, HTML and text (422 as on save).",
)
def preview_template(ctx: RequestContext, kind: TemplateName, language: Language, body: TemplateDraft) -> RenderedEmail:
    return services().templates.preview(ctx.signed_in().firm_id, kind, language, body)


@endpoint(
    bp,
    "POST",
    f"{_ONE}/test",
    operation_id="sendTestEmail",
    audience=Audience.ADMIN,
    tag="templates",
    path_params=_PATH,
    body=TemplateDraft,
    response=Accepted,
    status=202,
    summary='A draft with sample data sent to the signed-in admin\'s own e-mail, its subject prefixed "[Test]" '
    "(a few an hour; 429 past them).",
)
def send_test_template(ctx: RequestContext, kind: TemplateName, language: Language, body: TemplateDraft) -> Accepted:
    services().templates.send_test(ctx.signed_in().actor, kind, language, body)
    return Accepted(message="The test e-mail is on its way to your address.")
