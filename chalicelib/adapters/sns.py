"""Amazon SNS sends the portal's text messages (SMS) straight to phone numbers, as
transactional messages (delivered first, also to numbers on do-not-disturb lists), and its
push notifications to the clients' phones through platform endpoints (F23)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..domain.devices import Push, PushPlatform, PushUnavailable
from ..domain.errors import InvalidInput
from ..domain.ports import PushSender, SmsSender
from . import aws
from .dynamodb.items import error_code


class SnsSmsSender:
    def __init__(self, sender_id: str = "") -> None:
        # Shown as the sender where the country allows alphanumeric sender ids (not in the
        # US or Canada, where SNS ignores it); 1-11 letters and digits.
        self.sender_id = sender_id

    def send(self, phone: str, text: str) -> str | None:
        sns = aws.client("sns")
        # A number that replied STOP is on SNS's opt-out list: publishing to it would fail.
        if sns.check_if_phone_number_is_opted_out(phoneNumber=phone).get("isOptedOut"):
            return None
        attributes: dict[str, Any] = {
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
        }
        if self.sender_id:
            attributes["AWS.SNS.SMS.SenderID"] = {"DataType": "String", "StringValue": self.sender_id}
        message_id: str = sns.publish(PhoneNumber=phone, Message=text, MessageAttributes=attributes)["MessageId"]
        return message_id


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_sms_sender: type[SmsSender] = SnsSmsSender


# --- push notifications to the clients' phones (F23): SNS mobile push ------------------------

# CreatePlatformEndpoint's answer when the token has an endpoint with other attributes.
_EXISTING_ENDPOINT = re.compile(r"Endpoint (arn:[^ ]+) already exists")


class SnsPushSender:
    """Pushes through SNS platform endpoints: one per phone token, on the platform application
    of its platform (FCM or APNs, whose ARNs the stack is given); each endpoint is marked with
    its owner (CustomUserData) so a token registered again by someone else is theirs alone."""

    def __init__(self, applications: Mapping[PushPlatform, str]) -> None:
        self.applications = dict(applications)

    def register(self, platform: PushPlatform, token: str, owner: str) -> str:
        from botocore.exceptions import ClientError

        application = self.applications.get(platform)
        if not application:
            raise InvalidInput.field("platform", "Push notifications to this kind of phone are not set up.")
        sns = aws.client("sns")
        try:
            arn: str = sns.create_platform_endpoint(PlatformApplicationArn=application, Token=token)["EndpointArn"]
        except ClientError as error:
            # The token has an endpoint already, with other attributes (another owner, disabled):
            # SNS names it in the error; it is taken over below (AWS's documented pattern).
            found = _EXISTING_ENDPOINT.search(str(error.response.get("Error", {}).get("Message", "")))
            if error_code(error) != "InvalidParameter" or found is None:
                raise
            arn = found.group(1)
        sns.set_endpoint_attributes(
            EndpointArn=arn, Attributes={"Token": token, "Enabled": "true", "CustomUserData": owner}
        )
        return arn

    def send(self, endpoint: str, owner: str, push: Push) -> str | None:
        from botocore.exceptions import BotoCoreError, ClientError

        sns = aws.client("sns")
        try:
            attributes = self._attributes(endpoint)
            if attributes is None or attributes.get("Enabled") == "false" or attributes.get("CustomUserData") != owner:
                return None
            message_id: str = sns.publish(TargetArn=endpoint, Message=push.sns_message(), MessageStructure="json")[
                "MessageId"
            ]
        except ClientError as error:
            if error_code(error) in ("EndpointDisabled", "NotFound"):
                return None  # disabled (or deleted) between the two calls
            raise PushUnavailable(f"SNS answered {error_code(error)}") from error
        except BotoCoreError as error:  # no answer at all: SNS out of reach, retries used up
            raise PushUnavailable(f"SNS did not answer: {type(error).__name__}") from error
        return message_id

    def remove(self, endpoint: str, owner: str) -> None:
        attributes = self._attributes(endpoint)
        if attributes is not None and attributes.get("CustomUserData") in (owner, None):
            aws.client("sns").delete_endpoint(EndpointArn=endpoint)

    def _attributes(self, endpoint: str) -> dict[str, str] | None:
        from botocore.exceptions import ClientError

        try:
            attributes: dict[str, str] = aws.client("sns").get_endpoint_attributes(EndpointArn=endpoint)["Attributes"]
        except ClientError as error:
            if error_code(error) == "NotFound":
                return None
            raise
        return attributes


_push_sender: type[PushSender] = SnsPushSender
