"""Issue 10: the client's notification choices and mobile number in the portal's profile,
what staff see of them on the client's page, and the e-mails' one-click unsubscribe."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from ..bootstrap import services
from ..domain.preferences import (
    MobileChallengeStarted,
    MobileCodeInput,
    MobileNumberInput,
    NotificationPreferencesChange,
    UnsubscribeQuery,
    UnsubscribeResult,
)
from .http import Audience, RequestContext, endpoint
from .views import NotificationPreferencesView

bp = Blueprint(__name__)

TAG = "preferences"


@endpoint(
    bp,
    "GET",
    "/portal/notification-preferences",
    operation_id="getMyNotificationPreferences",
    audience=Audience.CLIENT,
    tag=TAG,
    response=NotificationPreferencesView,
    summary="How the client is told of each topic (e-mail, SMS or none; e-mail unless chosen) and their mobile number.",
)
def my_preferences(ctx: RequestContext) -> NotificationPreferencesView:
    return NotificationPreferencesView.of(services().preferences.mine(ctx.signed_in()))


@endpoint(
    bp,
    "PUT",
    "/portal/notification-preferences",
    operation_id="changeMyNotificationPreferences",
    audience=Audience.CLIENT,
    tag=TAG,
    body=NotificationPreferencesChange,
    response=NotificationPreferencesView,
    summary="The client chooses e-mail, SMS or none for some or all topics, over the version read (0: never saved). "
    "SMS needs a verified mobile number.",
)
def change_preferences(ctx: RequestContext, body: NotificationPreferencesChange) -> NotificationPreferencesView:
    return NotificationPreferencesView.of(services().preferences.change(ctx.signed_in(), body))


@endpoint(
    bp,
    "POST",
    "/portal/mobile",
    operation_id="sendMobileCode",
    audience=Audience.CLIENT,
    tag=TAG,
    body=MobileNumberInput,
    response=MobileChallengeStarted,
    status=202,
    summary="Send a six-digit code by SMS to the client's mobile number (valid 10 minutes, 5 tries).",
)
def start_mobile(ctx: RequestContext, body: MobileNumberInput) -> MobileChallengeStarted:
    return services().preferences.start_mobile_verification(ctx.signed_in(), body)


@endpoint(
    bp,
    "POST",
    "/portal/mobile/verify",
    operation_id="verifyMobile",
    audience=Audience.CLIENT,
    tag=TAG,
    body=MobileCodeInput,
    response=NotificationPreferencesView,
    summary="The code the client received: the number is verified and texts may go to it.",
)
def verify_mobile(ctx: RequestContext, body: MobileCodeInput) -> NotificationPreferencesView:
    return NotificationPreferencesView.of(services().preferences.confirm_mobile(ctx.signed_in(), body))


@endpoint(
    bp,
    "DELETE",
    "/portal/mobile",
    operation_id="deleteMyMobile",
    audience=Audience.CLIENT,
    tag=TAG,
    response=NotificationPreferencesView,
    summary="Forget the client's mobile number; topics that went by SMS go by e-mail again.",
)
def remove_mobile(ctx: RequestContext) -> NotificationPreferencesView:
    return NotificationPreferencesView.of(services().preferences.remove_mobile(ctx.signed_in()))


@endpoint(
    bp,
    "GET",
    "/clients/{client_id}/notification-preferences",
    operation_id="getClientNotificationPreferences",
    audience=Audience.STAFF,
    tag=TAG,
    response=NotificationPreferencesView,
    summary="What the client chose for each topic, and their mobile number (read only: only the client changes it).",
)
def client_preferences(ctx: RequestContext, client_id: str) -> NotificationPreferencesView:
    return NotificationPreferencesView.of(services().preferences.client_preferences(ctx.signed_in().firm_id, client_id))


@endpoint(
    bp,
    "POST",
    "/unsubscribe",
    operation_id="unsubscribe",
    audience=Audience.PUBLIC,
    tag=TAG,
    query=UnsubscribeQuery,
    response=UnsubscribeResult,
    content_types=["application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data"],
    summary="One-click unsubscribe (RFC 8058): the e-mail's List-Unsubscribe URL, POSTed with "
    "List-Unsubscribe=One-Click; the signed token's topic is set to none for its client. The same token again "
    "changes nothing more.",
)
def unsubscribe(ctx: RequestContext, query: UnsubscribeQuery) -> UnsubscribeResult:
    return services().preferences.unsubscribe(query.token)


@endpoint(
    bp,
    "GET",
    "/unsubscribe",
    operation_id="openUnsubscribeLink",
    audience=Audience.PUBLIC,
    tag=TAG,
    query=UnsubscribeQuery,
    status=303,
    summary="An unsubscribe link opened in a browser: sent on to the portal's page, which asks before anything "
    "changes (a GET never unsubscribes: mail scanners open links).",
)
def unsubscribe_page(ctx: RequestContext, query: UnsubscribeQuery) -> Response:
    location = services().preferences.unsubscribe_page(query.token)
    return Response(body="", status_code=303, headers={"Location": location, "Cache-Control": "no-store"})
