"""F23: the mobile app registers the client's phone for push notifications, lists the
client's phones and removes one."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.devices import DeviceInput
from .http import Audience, RequestContext, endpoint
from .views import DeviceList, DeviceView

bp = Blueprint(__name__)

TAG = "devices"


@endpoint(
    bp,
    "POST",
    "/portal/devices",
    operation_id="registerMyDevice",
    audience=Audience.CLIENT,
    tag=TAG,
    body=DeviceInput,
    response=DeviceView,
    status=201,
    summary="The mobile app registers this phone's push token (FCM or APNs) for the signed-in client: the same "
    "token again is the same phone. Only in a session signed in with a password (not a link, not a simulation); "
    "signing out of this session removes it.",
)
def register_device(ctx: RequestContext, body: DeviceInput) -> DeviceView:
    caller = ctx.signed_in()
    return DeviceView.of(services().devices.register(caller, body), caller.claims.session_id)


@endpoint(
    bp,
    "GET",
    "/portal/devices",
    operation_id="listMyDevices",
    audience=Audience.CLIENT,
    tag=TAG,
    response=DeviceList,
    summary="The client's phones that get push notifications, oldest first.",
)
def my_devices(ctx: RequestContext) -> DeviceList:
    caller = ctx.signed_in()
    return DeviceList.of(services().devices.mine(caller), caller.claims.session_id)


@endpoint(
    bp,
    "DELETE",
    "/portal/devices/{device_id}",
    operation_id="removeMyDevice",
    audience=Audience.CLIENT,
    tag=TAG,
    status=204,
    summary="Stop push notifications to one of the client's phones.",
)
def remove_device(ctx: RequestContext, device_id: str) -> None:
    services().devices.remove(ctx.signed_in(), device_id)
