"""The translations worker with a model (F16, F25, B1): the real openai adapter against the
local chat-completions server, through SQS (the event pump), DynamoDB and the Powertools
idempotency table in moto. One model call and one credit however often a message comes;
one bad message fails alone; a model that keeps failing leaves the job to the queue (and,
after five tries, to the dead-letter queue, which `make redrive` empties)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from chalicelib.domain.translations import PlainText
from tests.support import chat_server as behaviours
from tests.support.chat_server import ChatServer
from tests.support.portal import Firm, PortalDriver

CNJ = "0000832-35.2018.4.01.3202"
LETTER = "Ofício recebido do INSS em 12/08/2026"
PLAIN = PlainText(
    happened="Chegou ao processo uma carta do INSS, recebida em 12/08/2026.",
    next="Seu advogado vai ler a carta e explicar o que ela muda.",
    action_needed=False,
)


@pytest.fixture
def model(chat_server: ChatServer) -> Iterator[ChatServer]:
    """The app's services rebuilt with the model configured at the local server."""
    from chalicelib import bootstrap
    from chalicelib.settings import get_settings

    before = os.environ.get("OPENAI_BASE_URL")
    os.environ["OPENAI_BASE_URL"] = chat_server.base_url
    get_settings.cache_clear()
    bootstrap.services.cache_clear()
    yield chat_server
    os.environ["OPENAI_BASE_URL"] = before or ""
    get_settings.cache_clear()
    bootstrap.services.cache_clear()


def consenting_firm(portal: PortalDriver, credits: int = 5) -> Firm:
    from chalicelib.bootstrap import services

    firm = portal.open_firm()
    settings = portal.ok("GET", "/firm/translation", firm.admin_token)
    portal.ok(
        "PUT", "/firm/translation/consent", firm.admin_token, {"granted": True, "version": settings["firm_version"]}
    )
    services().translations.credits.grant(firm.id, credits)
    return firm


def court_feed(portal: PortalDriver, firm: Firm, *names: str) -> dict[str, Any]:
    key = portal.ok("POST", "/api-keys", firm.admin_token, {"name": "feed"}, status=201)["secret"]
    movements = [{"nome": name, "dataHora": f"2026-08-{12 + i:02d}T10:00:00.000Z"} for i, name in enumerate(names)]
    batch = {"format": "datajud", "records": [{"numeroProcesso": CNJ, "movimentos": movements}]}
    portal.ok("POST", "/integration/movements", body=batch, status=202, headers={"X-Api-Key": key})
    portal.pump.drain()
    (matter,) = portal.ok("GET", "/matters", firm.admin_token)["items"]
    return matter


def timeline(portal: PortalDriver, firm: Firm, matter: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    return items


def test_the_model_answers_what_the_table_does_not_fact_checked_and_paid_once(
    portal: PortalDriver, model: ChatServer
) -> None:
    firm = consenting_firm(portal)
    model.queue(behaviours.answer(PLAIN))
    matter = court_feed(portal, firm, LETTER)
    (item,) = timeline(portal, firm, matter)
    assert item["translation_state"] == "translated"
    assert [(t["language"], t["source"], t["plain"]) for t in item["translations"]] == [
        ("pt-BR", "model", PLAIN.model_dump())
    ]
    (request,) = model.requests
    assert LETTER in json.dumps(request.body, ensure_ascii=False)
    settings = portal.ok("GET", "/firm/translation", firm.admin_token)
    assert settings["credits"] == 4 and settings["usage"][0]["model_calls"] == 1
    assert settings["consent"]["granted"] and settings["provider"].startswith("OpenAI-compatible server at 127.0.0.1")


def test_an_answer_that_invents_an_amount_is_retried_then_flagged_and_never_shown(
    portal: PortalDriver, model: ChatServer
) -> None:
    firm = consenting_firm(portal)
    model.queue(behaviours.invent_amount(PLAIN), behaviours.drop_date(PLAIN))
    matter = court_feed(portal, firm, LETTER)
    (item,) = timeline(portal, firm, matter)
    assert (item["translation_state"], item["untranslated"], item["translations"]) == ("flagged", "fact_check", [])
    assert len(model.requests) == 2
    assert "R$ 2.000,00" in json.dumps(model.requests[1].messages, ensure_ascii=False)  # the failure, stated


def test_the_same_message_delivered_three_times_makes_one_call_and_takes_one_credit(
    portal: PortalDriver, model: ChatServer, chalice_app: Any
) -> None:
    firm = consenting_firm(portal)
    model.queue(behaviours.answer(PLAIN))
    model.then = behaviours.answer(PLAIN)  # a second call would be answered, and counted
    matter = court_feed(portal, firm, LETTER)
    (item,) = timeline(portal, firm, matter)
    job = {"id": f"{firm.id}#{matter['id']}#{item['id']}", "firm_id": firm.id, "matter_id": matter["id"]}
    job["item_id"] = item["id"]
    queue = os.environ["PORTAL_TRANSLATIONS_QUEUE_URL"]
    for _ in range(3):  # the ingestion's own message was the first
        boto3.client("sqs").send_message(QueueUrl=queue, MessageBody=json.dumps(job))
    portal.pump.drain()
    assert len(model.requests) == 1
    assert portal.ok("GET", "/firm/translation", firm.admin_token)["credits"] == 4


def test_one_bad_message_of_a_batch_is_the_only_one_reported_failed(
    portal: PortalDriver, model: ChatServer, chalice_app: Any
) -> None:
    from devstack.pump import LambdaContext

    firm = consenting_firm(portal)
    model.queue(behaviours.answer(PLAIN))
    matter = court_feed(portal, firm, LETTER)
    (item,) = timeline(portal, firm, matter)
    good = {"id": f"{item['id']}:again", "firm_id": firm.id, "matter_id": matter["id"], "item_id": item["id"]}
    records = [
        {"messageId": "m1", "body": json.dumps(good), "eventSourceARN": "arn:aws:sqs:us-east-1:0:translations"},
        {"messageId": "m2", "body": "{not json", "eventSourceARN": "arn:aws:sqs:us-east-1:0:translations"},
        {"messageId": "m3", "body": json.dumps(good | {"id": "x"}), "eventSourceARN": "arn:aws:sqs:::translations"},
    ]
    answer = chalice_app.handler_map["translate_movements"]({"Records": records}, LambdaContext("translate_movements"))
    assert answer == {"batchItemFailures": [{"itemIdentifier": "m2"}]}


def test_a_model_that_keeps_failing_fails_the_job_and_a_redrive_finishes_it(
    portal: PortalDriver, model: ChatServer
) -> None:
    from tools.redrive import dead_letter_url, redrive

    firm = consenting_firm(portal)
    model.then = behaviours.failing()
    matter = court_feed(portal, firm, LETTER)  # the worker's try fails: the message stays on the queue
    (item,) = timeline(portal, firm, matter)
    assert item["translation_state"] == "pending" and item["translations"] == []  # the client: not translated yet
    assert len(model.requests) == 2  # the adapter's own retry, then the job failed
    # What five failed tries leave in the dead-letter queue goes back and is done once the model answers.
    queue = os.environ["PORTAL_TRANSLATIONS_QUEUE_URL"]
    sqs = boto3.client("sqs")
    sqs.purge_queue(QueueUrl=queue)  # the failed message would reappear only after the visibility timeout
    job = {"id": item["id"], "firm_id": firm.id, "matter_id": matter["id"], "item_id": item["id"]}
    sqs.send_message(QueueUrl=dead_letter_url(queue), MessageBody=json.dumps(job))
    model.then = behaviours.answer(PLAIN)
    assert redrive(queue) == 1
    portal.pump.drain()
    (done,) = timeline(portal, firm, matter)
    assert done["translation_state"] == "translated"
    assert portal.ok("GET", "/firm/translation", firm.admin_token)["credits"] == 4  # one credit in all


def test_the_translations_queue_gives_up_after_five_tries_into_its_dead_letter_queue() -> None:
    queue = os.environ["PORTAL_TRANSLATIONS_QUEUE_URL"]
    attributes = boto3.client("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    policy = json.loads(attributes["RedrivePolicy"])
    assert policy["maxReceiveCount"] == 5 and policy["deadLetterTargetArn"].split(":")[-1] in dead_letter_names()
    assert int(attributes["VisibilityTimeout"]) >= 6 * 60  # six times the worker's timeout, as AWS advises


def dead_letter_names() -> list[str]:
    urls = boto3.client("sqs").list_queues().get("QueueUrls", [])
    return [url.rsplit("/", 1)[-1] for url in urls if "TranslationsDeadLetter" in url]
