"""SES (v2) sends the portal's e-mails."""

from __future__ import annotations

from email.utils import formataddr

from ..domain.ports import OutgoingEmail
from . import aws


class SesMailer:
    def __init__(self, sender_address: str, configuration_set: str | None) -> None:
        self.sender_address = sender_address
        self.configuration_set = configuration_set

    def send(self, email: OutgoingEmail) -> str:
        request = {
            # The firm's name shows as the sender; the address is the platform's verified identity.
            "FromEmailAddress": formataddr((email.sender_name, self.sender_address), charset="utf-8"),
            "Destination": {"ToAddresses": email.to},
            "Content": {
                "Simple": {
                    "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                    "Body": {
                        "Html": {"Data": email.html, "Charset": "UTF-8"},
                        "Text": {"Data": email.text, "Charset": "UTF-8"},
                    },
                }
            },
            "EmailTags": [{"Name": k, "Value": v} for k, v in email.tags.items()],
        }
        if email.reply_to:
            request["ReplyToAddresses"] = [email.reply_to]
        if self.configuration_set:
            request["ConfigurationSetName"] = self.configuration_set
        return aws.client("sesv2").send_email(**request)["MessageId"]
