"""F09-F12: staff keep matters and publish them."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.common import ListQuery, Page
from ..domain.matters import (
    Matter,
    MatterInput,
    MatterListParams,
    MatterListQuery,
    MatterSummary,
    MatterUpdate,
    NotifyPendingResult,
    NotifyResult,
    PendingNotification,
    Publication,
)
from .http import Audience, RequestContext, endpoint

bp = Blueprint(__name__)


@endpoint(
    bp,
    "GET",
    "/matters",
    operation_id="listMatters",
    audience=Audience.STAFF,
    tag="matters",
    query=MatterListParams,
    response=Page[MatterSummary],
    summary="Matters, newest first; filter by client, status and whether published.",
)
def list_matters(ctx: RequestContext, query: MatterListParams) -> Page[MatterSummary]:
    filters = MatterListQuery(client_id=query.client_id, status=query.status, public=query.public)
    return services().matters.list(ctx.signed_in().firm_id, filters, query.cursor, query.limit)


@endpoint(
    bp,
    "POST",
    "/matters",
    operation_id="createMatter",
    audience=Audience.STAFF,
    tag="matters",
    body=MatterInput,
    response=Matter,
    status=201,
    summary="Open a matter (a CNJ number's check digits are verified).",
)
def create_matter(ctx: RequestContext, body: MatterInput) -> Matter:
    return services().matters.create(ctx.signed_in().actor, body)


@endpoint(
    bp,
    "GET",
    "/matters/pending-notifications",
    operation_id="listPendingNotifications",
    audience=Audience.STAFF,
    tag="matters",
    query=ListQuery,
    response=Page[PendingNotification],
    summary="Matters whose clients have not been told about a published change yet, the latest change first.",
)
def pending_notifications(ctx: RequestContext, query: ListQuery) -> Page[PendingNotification]:
    return services().matters.pending_notifications(ctx.signed_in().firm_id, query.cursor, query.limit)


@endpoint(
    bp,
    "POST",
    "/matters/notify-pending",
    operation_id="notifyPendingMatters",
    audience=Audience.STAFF,
    tag="matters",
    response=NotifyPendingResult,
    summary="Notify every matter with a notification pending, up to 100 a call (`more` says whether to call again).",
)
def notify_pending(ctx: RequestContext) -> NotifyPendingResult:
    return services().matters.notify_pending(ctx.signed_in().actor)


@endpoint(
    bp,
    "GET",
    "/matters/{matter_id}",
    operation_id="getMatter",
    audience=Audience.STAFF,
    tag="matters",
    response=Matter,
    summary="One matter.",
)
def get_matter(ctx: RequestContext, matter_id: str) -> Matter:
    return services().matters.get(ctx.signed_in().firm_id, matter_id)


@endpoint(
    bp,
    "PUT",
    "/matters/{matter_id}",
    operation_id="changeMatter",
    audience=Audience.STAFF,
    tag="matters",
    body=MatterUpdate,
    response=Matter,
    summary="Edit a matter, its parties and what of it is published (send the version you read).",
)
def update_matter(ctx: RequestContext, matter_id: str, body: MatterUpdate) -> Matter:
    return services().matters.update(ctx.signed_in().actor, matter_id, body)


@endpoint(
    bp,
    "PUT",
    "/matters/{matter_id}/publication",
    operation_id="changeMatterPublication",
    audience=Audience.STAFF,
    tag="matters",
    body=Publication,
    response=Matter,
    summary="Publish the matter to exactly these involved clients (none hides it). `notification_pending` tells "
    "whether to notify.",
)
def publish_matter(ctx: RequestContext, matter_id: str, body: Publication) -> Matter:
    return services().matters.publish(ctx.signed_in().actor, matter_id, body)


@endpoint(
    bp,
    "POST",
    "/matters/{matter_id}/notify",
    operation_id="notifyMatter",
    audience=Audience.STAFF,
    tag="matters",
    response=NotifyResult,
    summary="E-mail each client the matter is published to about what changed.",
)
def notify_matter(ctx: RequestContext, matter_id: str) -> NotifyResult:
    return services().matters.notify(ctx.signed_in().actor, matter_id)


@endpoint(
    bp,
    "POST",
    "/matters/{matter_id}/archive",
    operation_id="archiveMatter",
    audience=Audience.STAFF,
    tag="matters",
    response=Matter,
    summary="Archive a matter.",
)
def archive_matter(ctx: RequestContext, matter_id: str) -> Matter:
    return services().matters.archive(ctx.signed_in().actor, matter_id)
