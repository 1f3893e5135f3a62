"""F01, F02: the firm's portal settings and its staff."""

from __future__ import annotations

from chalice import Blueprint

from ..bootstrap import firm_administration, portal_urls
from ..domain.firm_administration import PortalSettingsChange, StaffChange, StaffInvite
from .http import Audience, RequestContext, endpoint
from ..domain.common import Page
from .schemas import FirmView, ListQuery, PortalBranding, StaffView

bp = Blueprint(__name__)


@endpoint(bp, "GET", "/portals/{slug}", audience=Audience.PUBLIC, tag="firm", response=PortalBranding,
          summary="A portal's public branding, shown before anyone signs in.")
def portal_branding(ctx: RequestContext, slug: str) -> PortalBranding:
    return PortalBranding.of(firm_administration().portal_by_slug(slug.lower()))


@endpoint(bp, "GET", "/firm", audience=Audience.STAFF, tag="firm", response=FirmView, summary="The signed-in staff member's firm and portal settings.")
def get_firm(ctx: RequestContext) -> FirmView:
    return FirmView.of(firm_administration().firm(ctx.signed_in().firm_id), portal_urls())


@endpoint(bp, "PUT", "/firm/portal-settings", audience=Audience.ADMIN, tag="firm", body=PortalSettingsChange, response=FirmView,
          summary="Change the portal settings (send the version you read; 409 if it changed).")
def change_portal_settings(ctx: RequestContext, body: PortalSettingsChange) -> FirmView:
    return FirmView.of(firm_administration().change_portal_settings(ctx.signed_in().actor, body), portal_urls())


@endpoint(bp, "GET", "/staff", audience=Audience.STAFF, tag="firm", query=ListQuery, response=Page[StaffView], summary="The firm's staff, a page at a time.")
def list_staff(ctx: RequestContext, query: ListQuery) -> Page[StaffView]:
    page = firm_administration().list_staff(ctx.signed_in().firm_id, query.cursor, query.limit)
    return Page(items=[StaffView.of(m) for m in page.items], next_cursor=page.next_cursor)


@endpoint(bp, "POST", "/staff", audience=Audience.ADMIN, tag="firm", body=StaffInvite, response=StaffView, status=201,
          summary="Invite a staff member by e-mail.")
def invite_staff(ctx: RequestContext, body: StaffInvite) -> StaffView:
    return StaffView.of(firm_administration().invite_staff(ctx.signed_in().actor, body))


@endpoint(bp, "PUT", "/staff/{staff_id}", audience=Audience.ADMIN, tag="firm", body=StaffChange, response=StaffView,
          summary="Rename a staff member or change their role.")
def change_staff(ctx: RequestContext, staff_id: str, body: StaffChange) -> StaffView:
    return StaffView.of(firm_administration().change_staff(ctx.signed_in().actor, staff_id, body))


@endpoint(bp, "DELETE", "/staff/{staff_id}", audience=Audience.ADMIN, tag="firm", status=204, summary="Remove a staff member.")
def remove_staff(ctx: RequestContext, staff_id: str) -> None:
    firm_administration().remove_staff(ctx.signed_in().actor, staff_id)
