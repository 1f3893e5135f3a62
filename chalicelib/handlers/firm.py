"""F02: the firm and its portal settings."""

from __future__ import annotations

import json

from chalice.app import Blueprint, Response

from ..bootstrap import services
from ..domain.firm import Firm, NotificationSettingsChange, PortalManifest, PortalSettingsChange, UploadLimitChange
from .http import Audience, RequestContext, endpoint
from .views import FirmView, PortalBranding

bp = Blueprint(__name__)


@endpoint(
    bp,
    "GET",
    "/portals/{slug}",
    operation_id="getPortalBranding",
    audience=Audience.PUBLIC,
    tag="firm",
    response=PortalBranding,
    summary="A portal's public branding, shown before anyone signs in.",
)
def portal_branding(ctx: RequestContext, slug: str) -> PortalBranding:
    return PortalBranding.of(services().firm.portal_by_slug(slug.lower()))


@endpoint(
    bp,
    "GET",
    "/portals/{slug}/manifest.webmanifest",
    operation_id="getPortalManifest",
    audience=Audience.PUBLIC,
    tag="firm",
    response=PortalManifest,
    summary="A portal's web app manifest: the firm's name and colour on the client's home screen (404 for a closed "
    "portal).",
    cacheable=False,  # public, kept five minutes by any cache: it says so itself
)
def portal_manifest(ctx: RequestContext, slug: str) -> Response:
    manifest = services().firm.portal_manifest(slug.lower())
    return Response(
        body=json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False),
        status_code=200,
        headers={"Content-Type": MANIFEST_TYPE, "Cache-Control": "public, max-age=300"},
    )


MANIFEST_TYPE = "application/manifest+json"


@endpoint(
    bp,
    "GET",
    "/firm",
    operation_id="getFirm",
    audience=Audience.STAFF,
    tag="firm",
    response=FirmView,
    summary="The signed-in staff member's firm and portal settings.",
)
def get_firm(ctx: RequestContext) -> FirmView:
    return _view(services().firm.firm(ctx.signed_in().firm_id))


@endpoint(
    bp,
    "PUT",
    "/firm/portal-settings",
    operation_id="changePortalSettings",
    audience=Audience.ADMIN,
    tag="firm",
    body=PortalSettingsChange,
    response=FirmView,
    summary="Change the portal settings (send the version you read; 409 if it changed).",
)
def change_portal_settings(ctx: RequestContext, body: PortalSettingsChange) -> FirmView:
    return _view(services().firm.change_portal_settings(ctx.signed_in().actor, body))


@endpoint(
    bp,
    "PUT",
    "/firm/upload-limit",
    operation_id="changeUploadLimit",
    audience=Audience.ADMIN,
    tag="firm",
    body=UploadLimitChange,
    response=FirmView,
    summary="Change the largest file clients and staff may send, 1 to 100 MB (send the version you read).",
)
def change_upload_limit(ctx: RequestContext, body: UploadLimitChange) -> FirmView:
    return _view(services().firm.change_upload_limit(ctx.signed_in().actor, body))


@endpoint(
    bp,
    "PUT",
    "/firm/notification-settings",
    operation_id="changeNotificationSettings",
    audience=Audience.ADMIN,
    tag="firm",
    body=NotificationSettingsChange,
    response=FirmView,
    summary="Change how notifications to clients are paced: digest window, quiet hours, time zone, SMS cap (send "
    "the version you read).",
)
def change_notification_settings(ctx: RequestContext, body: NotificationSettingsChange) -> FirmView:
    return _view(services().firm.change_notification_settings(ctx.signed_in().actor, body))


def _view(firm: Firm) -> FirmView:
    return FirmView.of(firm, portal_url=services().firm.portal_url(firm))
