"""F23: the client's phones that get push notifications. The mobile app registers the
phone's push token (Firebase Cloud Messaging on Android, Apple Push Notification service on
iOS); each token becomes an Amazon SNS platform endpoint, and the device is kept under the
client with the session that registered it, so signing out of that session removes it.

A device's id is derived from its platform and token: the same phone registering again is
the same device (idempotent), never a second one."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints

from .common import DomainModel, Id, Language, SingleLine
from .errors import InvalidInput

# A client's phones and tablets: past this, registering one more is refused (each push goes
# to every device, so the fan-out of one notification stays bounded).
MAX_DEVICES = 10


class PushPlatform(StrEnum):
    FCM = "fcm"  # Firebase Cloud Messaging (Android; SNS's "GCM" platform)
    APNS = "apns"  # Apple Push Notification service (iOS)


# FCM registration tokens are about 150-200 characters of letters, digits, `-`, `_` and `:`;
# APNs device tokens are 64 hexadecimal digits (longer ones are allowed for the future).
_FCM_TOKEN = r"^[A-Za-z0-9_:\-\.]{20,4096}$"
_APNS_TOKEN = r"^[0-9a-fA-F]{64,200}$"


def device_id(platform: PushPlatform, token: str) -> str:
    """The one id of a platform's token: the same phone registering again is the same device."""
    return hashlib.sha256(f"{platform}:{token}".encode()).hexdigest()[:32]


class Device(DomainModel):
    """One of the client's phones: where its pushes go (the SNS endpoint) and the session
    that registered it."""

    firm_id: Id
    client_id: Id
    id: Id
    platform: PushPlatform
    endpoint: str  # the SNS platform endpoint's ARN
    session_id: str | None = None
    app_version: str | None = None
    language: Language | None = None
    registered_at: datetime

    @property
    def owner(self) -> str:
        """What the SNS endpoint is marked with (its CustomUserData): a token registered since
        by someone else takes the endpoint over, and this device then stops getting pushes."""
        return f"{self.firm_id}/{self.client_id}/{self.id}"


class DeviceInput(DomainModel):
    """What the mobile app sends once it has a push token."""

    platform: PushPlatform
    token: Annotated[str, StringConstraints(min_length=1, max_length=4096)]
    app_version: Annotated[str, SingleLine(min_length=1, max_length=40)] | None = None
    language: Language | None = None


def check_token(platform: PushPlatform, token: str) -> None:
    """InvalidInput on `token` when it is not a push token of the platform."""
    if not re.match(_FCM_TOKEN if platform is PushPlatform.FCM else _APNS_TOKEN, token):
        what = "a Firebase registration token" if platform is PushPlatform.FCM else "64 hexadecimal digits"
        raise InvalidInput.field("token", f"This is not a push token of this platform ({what}).")


# --- what a push says ---------------------------------------------------------------------


class PushUnavailable(Exception):
    """The push platform cannot take a push now (throttled, failing, out of reach): that phone
    misses this one. The notification's e-mail or text went already, and sending it all again
    for a push would give her the same e-mail twice, so the push is not retried."""


class PushText(DomainModel):
    """A push's words: a short title and one line, as a phone's lock screen shows them."""

    title: str
    body: str


class Push(DomainModel):
    """One push to one device: the words, and what the app opens when it is tapped."""

    title: str
    body: str
    deep_link: str
    kind: str
    matter_id: str | None = None
    update_id: str | None = None

    def data(self) -> dict[str, str]:
        data = {"deep_link": self.deep_link, "kind": self.kind}
        if self.matter_id:
            data["matter_id"] = self.matter_id
        if self.update_id:
            data["update_id"] = self.update_id
        return data

    def sns_message(self) -> str:
        """The SNS message (MessageStructure=json): one payload per platform, each a JSON
        string itself, plus the `default` SNS requires."""
        data = self.data()
        gcm = {"notification": {"title": self.title, "body": self.body}, "data": data}
        apns = {"aps": {"alert": {"title": self.title, "body": self.body}, "sound": "default"}, **data}
        return json.dumps(
            {
                "default": self.body,
                "GCM": json.dumps(gcm, ensure_ascii=False),
                "APNS": json.dumps(apns, ensure_ascii=False),
                "APNS_SANDBOX": json.dumps(apns, ensure_ascii=False),
            },
            ensure_ascii=False,
        )
