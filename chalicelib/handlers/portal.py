"""F10, F13-F14, B2: the client's own matters and their timelines, as the portal and the
mobile app read them. Simulation sessions (F08) get exactly these answers."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.common import ListQuery, Page
from ..domain.matters import ClientMatterView
from ..domain.timeline import ClientTimelineItem, TimelineQuery
from .http import Audience, RequestContext, endpoint

bp = Blueprint(__name__)


@endpoint(
    bp,
    "GET",
    "/portal/matters",
    operation_id="listMyMatters",
    audience=Audience.CLIENT,
    tag="portal",
    query=ListQuery,
    response=Page[ClientMatterView],
    summary="The matters published to the signed-in client that their access lets them see.",
)
def my_matters(ctx: RequestContext, query: ListQuery) -> Page[ClientMatterView]:
    return services().portal.matters_page(ctx.signed_in(), query.cursor, query.limit)


@endpoint(
    bp,
    "GET",
    "/portal/matters/{matter_id}",
    operation_id="getMyMatter",
    audience=Audience.CLIENT,
    tag="portal",
    response=ClientMatterView,
    summary="One of the client's matters: only its published parts.",
)
def my_matter(ctx: RequestContext, matter_id: str) -> ClientMatterView:
    return services().portal.matter(ctx.signed_in(), matter_id)


@endpoint(
    bp,
    "GET",
    "/portal/matters/{matter_id}/timeline",
    operation_id="listMyTimeline",
    audience=Audience.CLIENT,
    tag="portal",
    query=TimelineQuery,
    response=Page[ClientTimelineItem],
    summary="The matter's published updates the client's profile allows, newest first.",
)
def my_timeline(ctx: RequestContext, matter_id: str, query: TimelineQuery) -> Page[ClientTimelineItem]:
    return services().portal.timeline_page(ctx.signed_in(), matter_id, query.cursor, query.limit)


@endpoint(
    bp,
    "POST",
    "/portal/matters/{matter_id}/timeline/{update_id}/read",
    operation_id="markUpdateRead",
    audience=Audience.CLIENT,
    tag="portal",
    status=204,
    read_only_ok=True,
    summary="Record that the client opened this update (the first time only).",
)
def mark_read(ctx: RequestContext, matter_id: str, update_id: str) -> None:
    services().portal.mark_read(ctx.signed_in(), matter_id, update_id)
