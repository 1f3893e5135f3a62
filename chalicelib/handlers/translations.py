"""F16, F25, B1: court movements in plain language. Staff ask for a translation or write
their own; admins see the credits and give or withdraw consent to the model provider; the
worker puts each queued movement in plain words."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.timeline import TimelineItem
from ..domain.translations import ConsentChange, StaffTranslationEdit, TranslationJob, TranslationSettings
from .events import idempotent_consumer, process_batch
from .http import Audience, RequestContext, endpoint

bp = Blueprint(__name__)

# The local name of the queue; in AWS the merge template (infra/) points the event source
# at the queue it creates.
QUEUE = "translations"
TRANSLATION = "/matters/{matter_id}/timeline/{update_id}/translation"


@endpoint(
    bp,
    "POST",
    TRANSLATION,
    operation_id="requestTranslation",
    audience=Audience.STAFF,
    tag="translations",
    response=TimelineItem,
    status=202,
    summary="Ask for the update in plain language, in the languages it has none in yet; answered as pending.",
)
def request_translation(ctx: RequestContext, matter_id: str, update_id: str) -> TimelineItem:
    return services().translations.request(ctx.signed_in().actor, matter_id, update_id)


@endpoint(
    bp,
    "PUT",
    TRANSLATION,
    operation_id="changeTranslation",
    audience=Audience.STAFF,
    tag="translations",
    body=StaffTranslationEdit,
    response=TimelineItem,
    summary="Write or correct the plain text in one language; it wins over the table, the cache and the model.",
)
def edit_translation(ctx: RequestContext, matter_id: str, update_id: str, body: StaffTranslationEdit) -> TimelineItem:
    return services().translations.edit(ctx.signed_in().actor, matter_id, update_id, body)


@endpoint(
    bp,
    "GET",
    "/firm/translation",
    operation_id="getTranslationSettings",
    audience=Audience.ADMIN,
    tag="translations",
    response=TranslationSettings,
    etag_version="firm_version",  # what PUT /firm/translation/consent checks
    summary="The plan, the model provider, the consent, the credits left and their use per month.",
)
def translation_settings(ctx: RequestContext) -> TranslationSettings:
    return services().translations.settings(ctx.signed_in().firm_id)


@endpoint(
    bp,
    "PUT",
    "/firm/translation/consent",
    operation_id="changeTranslationConsent",
    audience=Audience.ADMIN,
    tag="translations",
    body=ConsentChange,
    response=TranslationSettings,
    summary="Give or withdraw consent to send movement text to the model provider (audited; send the firm's version).",
)
def change_consent(ctx: RequestContext, body: ConsentChange) -> TranslationSettings:
    return services().translations.change_consent(ctx.signed_in().actor, body)


@bp.on_sqs_message(queue=QUEUE, batch_size=10)
def translate_movements(event: Any) -> dict[str, Any]:
    translate = idempotent_consumer(_translate, "job", event.context)
    return process_batch(
        event, lambda body: translate(job=TranslationJob.model_validate_json(body).model_dump(mode="json"))
    )


def _translate(job: dict[str, Any]) -> dict[str, Any]:
    state = services().translations.translate(TranslationJob.model_validate(job))
    return {"state": state.value if state else None}
