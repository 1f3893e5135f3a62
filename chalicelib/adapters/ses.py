"""SES (v2) sends the portal's e-mails."""

from __future__ import annotations

from email.utils import formataddr
from typing import Any

from ..domain.ports import Mailer, OutgoingEmail
from . import aws


class SesMailer:
    def __init__(self, sender_address: str, configuration_set: str | None) -> None:
        self.sender_address = sender_address
        self.configuration_set = configuration_set

    def send(self, email: OutgoingEmail) -> str:
        simple: dict[str, Any] = {
            "Subject": {"Data": email.subject, "Charset": "UTF-8"},
            "Body": {
                "Html": {"Data": email.html, "Charset": "UTF-8"},
                "Text": {"Data": email.text, "Charset": "UTF-8"},
            },
        }
        if email.headers:
            simple["Headers"] = [{"Name": k, "Value": v} for k, v in email.headers.items()]
        request: dict[str, Any] = {
            # The firm's name shows as the sender; the address is the platform's verified identity.
            "FromEmailAddress": formataddr((email.sender_name, self.sender_address), charset="utf-8"),
            "Destination": {"ToAddresses": email.to},
            "Content": {"Simple": simple},
            "EmailTags": [{"Name": k, "Value": v} for k, v in email.tags.items()],
        }
        if email.reply_to:
            request["ReplyToAddresses"] = [email.reply_to]
        if self.configuration_set:
            request["ConfigurationSetName"] = self.configuration_set
        message_id: str = aws.client("sesv2").send_email(**request)["MessageId"]
        return message_id


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_mailer: type[Mailer] = SesMailer
