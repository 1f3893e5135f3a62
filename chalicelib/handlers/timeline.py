"""F13-F15, B2: staff write a matter's timeline and see who has read what."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.common import Page
from ..domain.timeline import CommentChange, StaffTimelineItem, TimelineChange, TimelineQuery, UpdateChange, UpdateInput
from .http import Audience, RequestContext, endpoint

bp = Blueprint(__name__)
TIMELINE = "/matters/{matter_id}/timeline"


@endpoint(
    bp,
    "GET",
    TIMELINE,
    operation_id="listTimeline",
    audience=Audience.STAFF,
    tag="timeline",
    query=TimelineQuery,
    response=Page[StaffTimelineItem],
    summary="Every update of the matter, newest first, with read receipts.",
)
def staff_timeline(ctx: RequestContext, matter_id: str, query: TimelineQuery) -> Page[StaffTimelineItem]:
    return services().timeline.page(ctx.signed_in().firm_id, matter_id, query.cursor, query.limit)


@endpoint(
    bp,
    "POST",
    TIMELINE,
    operation_id="createUpdate",
    audience=Audience.STAFF,
    tag="timeline",
    body=UpdateInput,
    response=TimelineChange,
    status=201,
    summary="Write a manual movement, a task, a gazette publication or news (news e-mails the clients at once).",
)
def add_update(ctx: RequestContext, matter_id: str, body: UpdateInput) -> TimelineChange:
    return services().timeline.add(ctx.signed_in().actor, matter_id, body)


@endpoint(
    bp,
    "PUT",
    TIMELINE + "/{update_id}",
    operation_id="changeUpdate",
    audience=Audience.STAFF,
    tag="timeline",
    body=UpdateChange,
    response=TimelineChange,
    summary="Edit an update, or publish / hide it (court movements: publish or hide only).",
)
def change_update(ctx: RequestContext, matter_id: str, update_id: str, body: UpdateChange) -> TimelineChange:
    return services().timeline.update(ctx.signed_in().actor, matter_id, update_id, body)


@endpoint(
    bp,
    "PUT",
    TIMELINE + "/{update_id}/comment",
    operation_id="changeUpdateComment",
    audience=Audience.STAFF,
    tag="timeline",
    body=CommentChange,
    response=TimelineChange,
    summary="Comment on an update for the client (null removes the comment).",
)
def comment_update(ctx: RequestContext, matter_id: str, update_id: str, body: CommentChange) -> TimelineChange:
    return services().timeline.comment(ctx.signed_in().actor, matter_id, update_id, body)


@endpoint(
    bp,
    "DELETE",
    TIMELINE + "/{update_id}",
    operation_id="deleteUpdate",
    audience=Audience.STAFF,
    tag="timeline",
    status=204,
    summary="Delete an update written by staff (court movements can only be hidden).",
)
def delete_update(ctx: RequestContext, matter_id: str, update_id: str) -> None:
    services().timeline.delete(ctx.signed_in().actor, matter_id, update_id)
