"""B3 through the local stack: a client's news is held in DynamoDB, its release scheduled
in EventBridge Scheduler (moto) for the end of the digest window, and sent when the
schedule runs; three quick news items make one digest."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

from tests.support.portal import PortalDriver
from tests.support.stack import MotoStack

AT = re.compile(r"at\((.+)\)")


def pace(portal: PortalDriver, firm: Any, **settings: Any) -> None:
    current = portal.ok("GET", "/firm", firm.admin_token)
    body = {**current["notifications"], **settings, "version": current["version"]}
    portal.ok("PUT", "/firm/notification-settings", firm.admin_token, body)


def schedules(stack: MotoStack) -> list[dict[str, Any]]:
    scheduler = boto3.client("scheduler")
    group = stack.environment["PORTAL_NOTIFICATIONS_SCHEDULE_GROUP"]
    names = [s["Name"] for s in scheduler.list_schedules(GroupName=group)["Schedules"]]
    return [scheduler.get_schedule(Name=name, GroupName=group) for name in names]


def post_news(portal: PortalDriver, firm: Any, matter: dict[str, Any], text: str) -> None:
    body = {"kind": "news", "occurred_at": "2026-12-01T12:00:00Z", "text": text, "published": True}
    portal.ok("POST", f"/matters/{matter['id']}/timeline", firm.admin_token, body, status=201)


def test_news_is_held_for_the_window_and_sent_when_its_schedule_runs(portal: PortalDriver, stack: MotoStack) -> None:
    firm = portal.open_firm()
    pace(portal, firm, digest_minutes=10, quiet_hours=False)
    client, _ = portal.invited_client(firm)
    address = client["emails"][0]
    matter = portal.publish(firm, portal.open_matter(firm, [client], title="Locação"), [client])
    before = len(portal.mails_to(address))
    asked = datetime.now(UTC)

    post_news(portal, firm, matter, "Audiência marcada")
    portal.pump.drain()  # the worker holds it: nothing is due yet

    assert len(portal.mails_to_now(address)) == before
    [schedule] = [s for s in schedules(stack) if client["id"] in s["Target"]["Input"]]
    release = json.loads(schedule["Target"]["Input"])
    assert (release["firm_id"], release["client_id"]) == (firm.id, client["id"])
    assert schedule["Target"]["Arn"].endswith(":" + stack.environment["PORTAL_NOTIFICATIONS_QUEUE_URL"].rsplit("/")[-1])
    due = datetime.fromisoformat(AT.fullmatch(schedule["ScheduleExpression"])[1]).replace(tzinfo=UTC)  # type: ignore[index]
    assert asked + timedelta(minutes=10) - timedelta(seconds=2) <= due <= datetime.now(UTC) + timedelta(minutes=10)

    portal.pump.drain(until=due)

    [mail] = portal.mails_to_now(address)[before:]
    assert mail["subject"].startswith("Audiência marcada")
    assert [s for s in schedules(stack) if client["id"] in s["Target"]["Input"]] == []


def test_three_quick_news_items_arrive_as_one_digest(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    pace(portal, firm, digest_minutes=10, quiet_hours=False)
    client, _ = portal.invited_client(firm)
    address = client["emails"][0]
    lease = portal.publish(firm, portal.open_matter(firm, [client], title="Locação"), [client])
    estate = portal.publish(firm, portal.open_matter(firm, [client], title="Inventário"), [client])
    before = len(portal.mails_to(address))

    for text, matter in (("Audiência marcada", lease), ("Partilha homologada", estate), ("Perícia", lease)):
        post_news(portal, firm, matter, text)

    [digest] = portal.mails_to(address)[before:]
    for text in ("Audiência marcada", "Partilha homologada", "Perícia", "Locação", "Inventário"):
        assert text in digest["html"] and text in digest["text"]
    assert digest["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest["headers"]["List-Unsubscribe"].startswith("<http")


def a_client_with_sms_for_news(portal: PortalDriver, firm: Any) -> tuple[dict[str, Any], str, dict[str, Any]]:
    from tests.integration.test_preferences_api import code_sent_to, unique_mobile

    client, token = portal.invited_client(firm)
    phone = unique_mobile()
    portal.ok("POST", "/portal/mobile", token, {"number": phone}, status=202)
    verified = portal.ok("POST", "/portal/mobile/verify", token, {"code": code_sent_to(portal, phone)})
    body = {"channels": {"news": "sms"}, "version": verified["version"]}
    portal.ok("PUT", "/portal/notification-preferences", token, body)
    matter = portal.publish(firm, portal.open_matter(firm, [client], title="Locação"), [client])
    return client, phone, matter


def test_a_client_who_chose_sms_for_news_gets_a_text_and_no_email(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    pace(portal, firm, digest_minutes=0, quiet_hours=False)
    client, phone, matter = a_client_with_sms_for_news(portal, firm)
    address = client["emails"][0]
    mails = len(portal.mails_to(address))

    post_news(portal, firm, matter, "Audiência marcada")

    assert len(portal.mails_to(address)) == mails  # news goes by text only
    text = portal.texts_to(phone)[-1]
    assert text.startswith("Silva Advogados:") and f"#/matters/{matter['id']}" in text
    assert "Audiência marcada" not in text and "Locação" not in text  # a lock screen shows it


def test_a_text_the_firm_has_no_more_of_goes_by_email(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    pace(portal, firm, digest_minutes=0, quiet_hours=False, sms_monthly_cap=1)  # the code takes it
    client, phone, matter = a_client_with_sms_for_news(portal, firm)
    address = client["emails"][0]
    mails = len(portal.mails_to(address))

    post_news(portal, firm, matter, "Audiência marcada")

    [mail] = portal.mails_to(address)[mails:]
    assert mail["subject"].startswith("Audiência marcada") and len(portal.texts_to(phone)) == 1  # the code only
