"""The integration API against moto, where DynamoDB's part matters: matters upserted by
number, DataJud records opening matters, batches kept to their firm, each movement
stored once (conditional puts), and the worker's chunk results under redelivery."""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any

import boto3

from tests.support.portal import Firm, PortalDriver

CNJ = "0000832-35.2018.4.01.3202"
CNJ_BARE = "00008323520184013202"
WORKER = "store_movements"


def key_headers(portal: PortalDriver, firm: Firm) -> dict[str, str]:
    return {"X-Api-Key": portal.ok("POST", "/api-keys", firm.admin_token, {"name": "feed"}, status=201)["secret"]}


def record(number: str, movements: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    return {
        "_source": {
            "numeroProcesso": number,
            "classe": {"codigo": 7, "nome": "Procedimento Comum Cível"},
            "tribunal": "TRF1",
            "grau": "G1",
            "orgaoJulgador": {"codigo": 16403, "nome": "1ª Vara Federal de Tefé"},
            "movimentos": movements,
            **fields,
        }
    }


def send(portal: PortalDriver, headers: dict[str, str], batch: dict[str, Any]) -> dict[str, Any]:
    accepted = portal.ok("POST", "/integration/movements", body=batch, status=202, headers=headers)
    portal.pump.drain()
    return portal.ok("GET", f"/integration/batches/{accepted['batch_id']}", headers=headers)


def test_upsert_creates_the_matter_then_updates_it(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    headers = key_headers(portal, firm)
    body = {
        "number": CNJ_BARE,
        "title": "Maria x INSS",
        "court": "TRF1",
        "procedural_class": "Procedimento Comum Cível",
    }
    created = portal.call("PUT", "/integration/matters", body=body, headers=headers)
    assert created.status_code == 201
    matter = created.json_body
    assert (matter["kind"], matter["number"], matter["court"], matter["version"]) == ("court_case", CNJ, "TRF1", 1)

    updated = portal.call(
        "PUT",
        "/integration/matters",
        body={**body, "number": CNJ, "title": "Maria Souza x INSS", "venue": "1ª Vara"},
        headers=headers,
    )
    assert updated.status_code == 200
    assert (
        updated.json_body["id"],
        updated.json_body["title"],
        updated.json_body["venue"],
        updated.json_body["version"],
    ) == (matter["id"], "Maria Souza x INSS", "1ª Vara", 2)
    listed = portal.ok("GET", "/matters", firm.admin_token)["items"]
    assert [(m["id"], m["title"]) for m in listed] == [(matter["id"], "Maria Souza x INSS")]

    # Another firm's system pushing the same number opens a matter of its own.
    other = portal.open_firm()
    theirs = portal.call("PUT", "/integration/matters", body=body, headers=key_headers(portal, other))
    assert theirs.status_code == 201 and theirs.json_body["id"] != matter["id"]
    assert portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)["title"] == "Maria Souza x INSS"
    # A staff token is no API key.
    assert portal.call("PUT", "/integration/matters", firm.admin_token, body=body).status_code == 401


def test_a_datajud_record_with_no_movements_still_opens_its_matter(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    headers = key_headers(portal, firm)
    status = send(portal, headers, {"format": "datajud", "records": [record(CNJ_BARE, [])]})
    assert (status["status"], status["movements"], status["matters_created"], status["stored"]) == ("done", 0, 1, 0)
    [matter] = portal.ok("GET", "/matters", firm.admin_token)["items"]
    assert (matter["number"], matter["title"], matter["public"]) == (CNJ, "Procedimento Comum Cível", False)
    full = portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)
    assert (full["court"], full["venue"], full["instance"]) == ("TRF1", "1ª Vara Federal de Tefé", "G1")
    assert portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"] == []
    # Sent again, it finds the matter it opened.
    again = send(portal, headers, {"format": "datajud", "records": [record(CNJ, [])]})
    assert again["matters_created"] == 0 and len(portal.ok("GET", "/matters", firm.admin_token)["items"]) == 1


def test_a_batch_belongs_to_the_firm_whose_key_sent_it(portal: PortalDriver) -> None:
    firm, other = portal.open_firm(), portal.open_firm()
    mine, theirs = key_headers(portal, firm), key_headers(portal, other)
    accepted = portal.ok(
        "POST", "/integration/movements", body={"format": "plain", "movements": []}, status=202, headers=mine
    )
    portal.pump.drain()
    path = f"/integration/batches/{accepted['batch_id']}"
    assert portal.ok("GET", path, headers=mine)["status"] == "done"

    refused = portal.call("GET", path, headers=theirs)
    assert refused.status_code == 404 and accepted["batch_id"] not in refused.body.decode()
    # My key's id and secret presented as the other firm's key: not a key at all.
    _, _, key_id, secret = mine["X-Api-Key"].split("_", 3)
    assert portal.call("GET", path, headers={"X-Api-Key": f"lpk_{other.id}_{key_id}_{secret}"}).status_code == 401
    assert portal.call("GET", path, firm.admin_token).status_code == 401  # staff tokens are no API keys
    assert portal.call("GET", "/integration/batches/nosuchbatch", headers=mine).status_code == 404


def test_the_same_movement_twice_in_one_batch_is_stored_and_counted_once(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    headers = key_headers(portal, firm)
    portal.ok("POST", "/matters", firm.admin_token, {"kind": "court_case", "number": CNJ, "title": "x"}, status=201)
    petition = {
        "codigo": 85,
        "nome": "Petição",
        "dataHora": "2026-08-02T15:30:00.000Z",
        "complementosTabelados": [{"codigo": 19, "valor": 57, "nome": "tipo_de_peticao"}],
    }
    others = [
        {"codigo": 51, "nome": f"Conclusão {i}", "dataHora": f"2026-08-{3 + i:02d}T09:00:00.000Z"} for i in range(3)
    ]
    status = send(
        portal,
        headers,
        {"format": "datajud", "records": [record(CNJ_BARE, [petition, *others, petition]), record(CNJ, [petition])]},
    )
    assert (status["stored"], status["duplicates"], status["matters_created"]) == (4, 2, 0)
    matter = portal.ok("GET", "/matters", firm.admin_token)["items"][0]
    texts = [i["text"] for i in portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]]
    # Code 85's "Petição" is the child part of its whole TPU name.
    assert texts == ["Conclusão 2", "Conclusão 1", "Conclusão 0", "Juntada - Petição"]


def worker_event(body: str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": secrets.token_hex(16),
                "body": body,
                "attributes": {"ApproximateReceiveCount": "2", "SentTimestamp": str(int(time.time() * 1000))},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:ingestion",
                "awsRegion": "us-east-1",
            }
        ]
    }


def test_a_message_delivered_three_times_has_one_effect_on_the_timeline_and_the_status(
    portal: PortalDriver, http: Any, stack: Any
) -> None:
    firm = portal.open_firm()
    headers = key_headers(portal, firm)
    matter = portal.ok(
        "POST", "/matters", firm.admin_token, {"kind": "court_case", "number": CNJ, "title": "x"}, status=201
    )
    movements = [
        {"matter_number": CNJ, "occurred_at": f"2026-08-{1 + i:02d}T10:00:00Z", "text": f"Movimento {i}"}
        for i in range(5)
    ]
    accepted = portal.ok(
        "POST", "/integration/movements", body={"format": "plain", "movements": movements}, status=202, headers=headers
    )

    # Take the message off the queue ourselves and deliver it as Lambda would, three times.
    sqs = boto3.client("sqs")
    queue = stack.environment["PORTAL_INGESTION_QUEUE_URL"]
    [message] = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=0)["Messages"]
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    for _ in range(3):
        assert http.lambda_.invoke(WORKER, worker_event(message["Body"])).payload == {"batchItemFailures": []}

    status = portal.ok("GET", f"/integration/batches/{accepted['batch_id']}", headers=headers)
    assert (status["status"], status["stored"], status["duplicates"]) == ("done", 5, 0)
    assert len(portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]) == 5


def test_a_record_whose_facts_no_matter_could_hold_is_refused_at_once(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    headers = key_headers(portal, firm)
    movement = {"codigo": 26, "nome": "Distribuição", "dataHora": "2026-08-01T10:00:00Z"}
    for fields in ({"classe": {"nome": "C" * 201}}, {"orgaoJulgador": {"nome": "V" * 201}}, {"numeroProcesso": "   "}):
        refused = portal.call(
            "POST",
            "/integration/movements",
            body={"format": "datajud", "records": [record(CNJ_BARE, [movement], **fields)]},
            headers=headers,
        )
        assert refused.status_code == 422, fields
        assert refused.json_body["error"]["details"][0]["path"].startswith("records.0"), refused.json_body
    assert portal.ok("GET", "/matters", firm.admin_token)["items"] == []


def test_a_record_with_a_nameless_codeless_movement_is_refused_alone(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    headers = key_headers(portal, firm)
    other = "10000322220205020061"
    third = "50000012320264036100"
    nameless = {"dataHora": "2026-08-02T10:00:00Z"}
    local = {"codigo": 900001, "codigoPaiNacional": 12750, "dataHora": "2026-08-03T10:00:00Z"}
    batch = {
        "format": "datajud",
        "records": [
            record(CNJ_BARE, [{"codigo": 26, "nome": "Distribuição", "dataHora": "2026-08-01T10:00:00Z"}]),
            record(other, [{"codigo": 51, "nome": "Conclusão", "dataHora": "2026-08-01T11:00:00Z"}, nameless]),
            record(third, [local]),
        ],
    }
    accepted = portal.ok("POST", "/integration/movements", body=batch, status=202, headers=headers)
    refusal = [
        {
            "position": 1,
            "number": other,
            "errors": [
                {
                    "path": "records.1.movimentos.1",
                    "message": "Value error, A movement needs its `codigo` or its `nome`.",
                }
            ],
        }
    ]
    assert (accepted["movements"], accepted["refused_count"], accepted["refused"]) == (2, 1, refusal)
    portal.pump.drain()
    status = portal.ok("GET", f"/integration/batches/{accepted['batch_id']}", headers=headers)
    assert (status["status"], status["stored"], status["matters_created"]) == ("done", 2, 2)
    assert (status["refused_count"], status["refused"]) == (1, refusal)
    matters = {m["number"]: m["id"] for m in portal.ok("GET", "/matters", firm.admin_token)["items"]}
    assert len(matters) == 2 and CNJ in matters
    [third_id] = [i for n, i in matters.items() if n != CNJ]
    [item] = portal.ok("GET", f"/matters/{third_id}/timeline", firm.admin_token)["items"]
    assert item["text"] == "Audiência de Instrução e Julgamento"  # a local code named by its national parent


def test_a_court_feed_with_control_characters_is_stored_cleaned_not_refused(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    headers = key_headers(portal, firm)
    hearing = {
        "codigo": 970,
        "nome": "Audie\u0302ncia\x00 de\r\nInstrução\u202e",
        "dataHora": "2026-08-02T15:30:00.000Z",
        "complementosTabelados": [{"codigo": 1, "nome": "tipo_de_audiencia\u200b", "valor": "Instrução\x1f"}],
    }
    status = send(
        portal,
        headers,
        {
            "format": "datajud",
            "records": [record(CNJ_BARE, [hearing], orgaoJulgador={"nome": "1ª Vara\u2066 Federal"})],
        },
    )
    assert (status["status"], status["stored"], status["matters_created"]) == ("done", 1, 1)
    [matter] = portal.ok("GET", "/matters", firm.admin_token)["items"]
    assert portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)["venue"] == "1ª Vara Federal"
    [item] = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    assert item["text"] == "Audiência de Instrução"
    assert [(c["name"], c["value"]) for c in item["complements"]] == [("tipo_de_audiencia", "Instrução")]
