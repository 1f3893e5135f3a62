"""Amazon SNS sends the portal's text messages (SMS) straight to phone numbers, as
transactional messages (delivered first, also to numbers on do-not-disturb lists)."""

from __future__ import annotations

from typing import Any

from ..domain.ports import SmsSender
from . import aws


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
