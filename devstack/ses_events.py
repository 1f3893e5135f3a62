"""SES bounce and complaint events as they reach the e-mail events queue: SES's event JSON
published to the SNS topic, in SNS's envelope (the subscription's raw delivery is off)."""

from __future__ import annotations

import json
import uuid
from typing import Any

WHEN = "2026-12-01T14:00:00.000Z"


def ses_event(
    event_type: str,
    recipients: list[str],
    tags: dict[str, list[str]],
    bounce_type: str = "Permanent",
    diagnostic: str = "smtp; 550 5.1.1 user unknown",
) -> dict[str, Any]:
    mail = {
        "timestamp": WHEN,
        "source": "Silva Advogados <mail@portal.test>",
        "messageId": f"0100{uuid.uuid4().hex}",
        "destination": recipients,
        "tags": {"ses:configuration-set": ["portal"], **tags},
    }
    if event_type == "Bounce":
        return {
            "eventType": "Bounce",
            "bounce": {
                "feedbackId": uuid.uuid4().hex,
                "bounceType": bounce_type,
                "bounceSubType": "General",
                "bouncedRecipients": [
                    {"emailAddress": r, "action": "failed", "status": "5.1.1", "diagnosticCode": diagnostic}
                    for r in recipients
                ],
                "timestamp": WHEN,
                "reportingMTA": "dsn; a27-1.smtp-out.us-east-1.amazonses.com",
            },
            "mail": mail,
        }
    return {
        "eventType": "Complaint",
        "complaint": {
            "feedbackId": uuid.uuid4().hex,
            "complainedRecipients": [{"emailAddress": r} for r in recipients],
            "timestamp": WHEN,
            "complaintFeedbackType": "abuse",
        },
        "mail": mail,
    }


def sns_envelope(event: dict[str, Any], message_id: str | None = None) -> str:
    """The SQS body of an SNS notification (raw message delivery off)."""
    return json.dumps(
        {
            "Type": "Notification",
            "MessageId": message_id or str(uuid.uuid4()),
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:email-events",
            "Message": json.dumps(event),
            "Timestamp": WHEN,
            "SignatureVersion": "1",
        }
    )
