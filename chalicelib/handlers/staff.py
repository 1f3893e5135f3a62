"""F01: the firm's staff."""

from __future__ import annotations

from chalice.app import Blueprint

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
    operation_id="listStaff",
    audience=Audience.STAFF,
    tag="staff",
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
    operation_id="inviteStaff",
    audience=Audience.ADMIN,
    tag="staff",
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
    operation_id="changeStaff",
    audience=Audience.ADMIN,
    tag="staff",
    body=StaffChange,
    response=StaffView,
    summary="Rename a staff member or change their role.",
)
def change_staff(ctx: RequestContext, staff_id: str, body: StaffChange) -> StaffView:
    return StaffView.of(services().staff.change(ctx.signed_in().actor, staff_id, body))


@endpoint(
    bp,
    "DELETE",
    "/staff/{staff_id}",
    operation_id="deleteStaff",
    audience=Audience.ADMIN,
    tag="staff",
    status=204,
    summary="Remove a staff member.",
)
def remove_staff(ctx: RequestContext, staff_id: str) -> None:
    services().staff.remove(ctx.signed_in().actor, staff_id)
