"""F01: the firm's staff."""

from __future__ import annotations

from chalice import Blueprint

from ..bootstrap import services
from ..domain.common import ListQuery, Page
from ..domain.staff import StaffChange, StaffInvite
from .http import Audience, RequestContext, endpoint
from .views import StaffView

bp = Blueprint(__name__)


@endpoint(
    bp,
    "GET",
    "/staff",
    audience=Audience.STAFF,
    tag="firm",
    query=ListQuery,
    response=Page[StaffView],
    summary="The firm's staff, a page at a time.",
)
def list_staff(ctx: RequestContext, query: ListQuery) -> Page[StaffView]:
    page = services().staff.list(ctx.signed_in().firm_id, query.cursor, query.limit)
    return Page(items=[StaffView.of(m) for m in page.items], next_cursor=page.next_cursor)


@endpoint(
    bp,
    "POST",
    "/staff",
    audience=Audience.ADMIN,
    tag="firm",
    body=StaffInvite,
    response=StaffView,
    status=201,
    summary="Invite a staff member by e-mail.",
)
def invite_staff(ctx: RequestContext, body: StaffInvite) -> StaffView:
    return StaffView.of(services().staff.invite(ctx.signed_in().actor, body))


@endpoint(
    bp,
    "PUT",
    "/staff/{staff_id}",
    audience=Audience.ADMIN,
    tag="firm",
    body=StaffChange,
    response=StaffView,
    summary="Rename a staff member or change their role.",
)
def change_staff(ctx: RequestContext, staff_id: str, body: StaffChange) -> StaffView:
    return StaffView.of(services().staff.change(ctx.signed_in().actor, staff_id, body))


@endpoint(
    bp, "DELETE", "/staff/{staff_id}", audience=Audience.ADMIN, tag="firm", status=204, summary="Remove a staff member."
)
def remove_staff(ctx: RequestContext, staff_id: str) -> None:
    services().staff.remove(ctx.signed_in().actor, staff_id)
