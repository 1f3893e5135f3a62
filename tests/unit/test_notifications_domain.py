"""The notifications' domain rules on their own: a client's held set (versions), SES's events
read from every place SES puts an id, a time or a type, and the firm's pacing settings (their
text form, their refusals, the edges of the quiet hours, the time zone of the answer)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.domain.firm import NotificationSettings
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import (
    HeldNotifications,
    Notification,
    NotificationKind,
    SuppressionReason,
    parse_email_event,
)

NOON = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def notification(id: str) -> Notification:
    return Notification(id=id, kind=NotificationKind.NEWS, firm_id="f1", principal_kind=PrincipalKind.CLIENT)


# --- the held set -------------------------------------------------------------------------------


def test_each_change_of_a_held_set_is_its_next_version() -> None:
    held = HeldNotifications(
        firm_id="f1", client_id="c1", release_at=NOON, notifications=[notification("a")], version=3
    )

    added = held.adding(notification("b"))
    kept = added.without({"a"})

    assert (added.version, [n.id for n in added.notifications]) == (4, ["a", "b"])
    assert (kept.version, [n.id for n in kept.notifications]) == (5, ["b"])
    assert held.version == 3 and added.id == kept.id == held.id


# --- SES's events -------------------------------------------------------------------------------


def envelope(event: dict[str, Any], **fields: Any) -> str:
    return json.dumps({"Type": "Notification", "Message": json.dumps(event), **fields})


def bounce(**bounce: Any) -> dict[str, Any]:
    return {
        "eventType": "Bounce",
        "bounce": {
            "bounceType": "Permanent",
            "bouncedRecipients": [{"emailAddress": "ana@example.com"}],
            **bounce,
        },
        "mail": {"messageId": "mail-1", "timestamp": "2026-12-01T10:00:00+00:00", "tags": {"firm": ["firm1"]}},
    }


def test_the_id_is_the_sns_message_id_else_the_mails() -> None:
    with_sns = parse_email_event(envelope(bounce(), MessageId="sns-1"))
    without = parse_email_event(envelope(bounce()))

    assert with_sns is not None and with_sns.id == "sns-1"
    assert without is not None and without.id == "mail-1"


def test_the_time_is_the_bounces_else_the_mails_else_the_envelopes() -> None:
    event = bounce(timestamp="2026-12-01T12:00:00+00:00")
    assert parse_email_event(envelope(event)).at == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # type: ignore[union-attr]

    event = bounce()
    assert parse_email_event(envelope(event)).at == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # type: ignore[union-attr]

    del event["mail"]["timestamp"]
    parsed = parse_email_event(envelope(event, Timestamp="2026-12-01T11:00:00+00:00"))
    assert parsed is not None and parsed.at == datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


def test_a_complaints_time_is_its_own() -> None:
    event = {
        "eventType": "Complaint",
        "complaint": {"complainedRecipients": [{"emailAddress": "a@example.com"}], "timestamp": "2026-12-01T13:00:00Z"},
        "mail": {"messageId": "m", "timestamp": "2026-12-01T10:00:00Z", "tags": {"firm": ["firm1"]}},
    }

    parsed = parse_email_event(envelope(event))

    assert parsed is not None and parsed.reason is SuppressionReason.COMPLAINED
    assert parsed.at == datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


def test_the_older_notification_type_field_is_read_too() -> None:
    event = bounce()
    event["notificationType"] = event.pop("eventType")

    parsed = parse_email_event(envelope(event))

    assert parsed is not None and parsed.reason is SuppressionReason.BOUNCED


def test_a_kind_tag_that_is_not_text_is_no_kind() -> None:
    event = bounce()
    event["mail"]["tags"]["kind"] = [7]

    parsed = parse_email_event(envelope(event))

    assert parsed is not None and parsed.kind is None


def test_a_diagnostic_is_kept_to_500_characters() -> None:
    event = bounce(bouncedRecipients=[{"emailAddress": "ana@example.com", "diagnosticCode": "x" * 600}])

    parsed = parse_email_event(envelope(event))

    assert parsed is not None and parsed.diagnostics == {"ana@example.com": "x" * 500}


# --- the firm's pacing settings ------------------------------------------------------------------


def test_quiet_hours_are_written_as_hh_mm_and_seconds_only_when_there_are_some() -> None:
    settings = NotificationSettings(quiet_from=time(20, 0), quiet_until=time(8, 0, 30))

    dumped = settings.model_dump(mode="json")

    assert (dumped["quiet_from"], dumped["quiet_until"]) == ("20:00", "08:00:30")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"quiet_from": "8pm"}, "Value error, A time of day as HH:MM, such as 20:00."),
        ({"time_zone": "Mars/Olympus"}, "Value error, Unknown time zone; use a name such as America/Sao_Paulo."),
    ],
)
def test_the_settings_refusals_say_what_to_write(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        NotificationSettings.model_validate(fields)
    assert [error["msg"] for error in refused.value.errors()] == [message]


def test_quiet_hours_within_a_day_start_at_their_first_minute() -> None:
    lunch = NotificationSettings(digest_minutes=0, time_zone="UTC", quiet_from="12:00", quiet_until="13:00")

    assert lunch.release_at(datetime(2026, 1, 5, 12, 0, tzinfo=UTC)) == datetime(2026, 1, 5, 13, 0, tzinfo=UTC)
    assert lunch.release_at(datetime(2026, 1, 5, 11, 59, tzinfo=UTC)) == datetime(2026, 1, 5, 11, 59, tzinfo=UTC)


def test_the_release_is_given_in_the_time_zone_it_was_asked_in() -> None:
    brasilia = timezone(timedelta(hours=-3))

    release = NotificationSettings().release_at(datetime(2026, 12, 1, 21, 0, tzinfo=brasilia))

    assert release == datetime(2026, 12, 2, 8, 0, tzinfo=brasilia)
    assert release.utcoffset() == timedelta(hours=-3)
