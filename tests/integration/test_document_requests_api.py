"""F19 through HTTP, SES, S3, SQS and DynamoDB in moto: staff ask for two documents; the
client is e-mailed in their language; a real PDF answers one, an HTML page named .pdf is
refused for the other and a photo is sent instead; staff accept one and reject the other
with a reason the client is e-mailed; the history tells it all, and the review queue counts
what waits."""

from __future__ import annotations

import os
from typing import Any

import boto3

from tests.support.document_fixtures import html_named_pdf, jpeg_with_gps, pdf
from tests.support.documents import post_form
from tests.support.portal import Firm, PortalDriver


def ask(portal: PortalDriver, firm: Firm, client: dict[str, Any], title: str, **extra: Any) -> dict[str, Any]:
    body = {"client_id": client["id"], "title": title, **extra}
    return dict(portal.ok("POST", "/document-requests", firm.admin_token, body, status=201))


def send(portal: PortalDriver, token: str, request_id: str, name: str, content_type: str, data: bytes) -> Any:
    body = {"files": [{"file_name": name, "content_type": content_type, "size": len(data)}]}
    response = portal.call("POST", f"/portal/document-requests/{request_id}/uploads", token, body=body)
    if response.status_code != 201:
        return response
    (ticket,) = response.json_body
    post_form(ticket["form"], data, content_type, name)
    portal.pump.drain()  # S3 -> the documents queue -> the worker
    return ticket


def test_two_requests_answered_refused_replaced_accepted_and_rejected(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    address = client["emails"][0]
    before = len(portal.mails_to(address))  # the invitation
    proof = ask(
        portal, firm, client, "Comprovante de residência", details="Conta de luz recente.", due_date="2027-03-10"
    )
    portal.mails_to(address)  # released alone: asked together, the two would make one digest
    power = ask(portal, firm, client, "Procuração assinada")
    mails = portal.mails_to(address)[before:]
    assert [m["subject"] for m in mails] == [
        "Silva Advogados precisa de um documento: Comprovante de residência",
        "Silva Advogados precisa de um documento: Procuração assinada",
    ]
    assert "10/03/2027" in mails[0]["html"] and f"#/requests/{proof['id']}" in mails[0]["html"]

    checklist = portal.ok("GET", "/portal/document-requests", token)["items"]
    assert [(r["title"], r["status"]) for r in checklist] == [
        ("Procuração assinada", "pending"),
        ("Comprovante de residência", "pending"),
    ]
    send(portal, token, proof["id"], "Conta de luz – março.pdf", "application/pdf", pdf().data)
    disguised = html_named_pdf()
    send(portal, token, power["id"], disguised.file_name, "application/pdf", disguised.data)
    detail = portal.ok("GET", f"/portal/document-requests/{power['id']}", token)
    assert detail["request"]["status"] == "pending"
    assert [d["refusal"] for d in detail["documents"]] == ["disguised"]
    assert detail["request"]["history"][-1]["kind"] == "file_refused"
    photo = jpeg_with_gps()
    send(portal, token, power["id"], "Procuração.jpg", "image/jpeg", photo.data)
    detail = portal.ok("GET", f"/portal/document-requests/{power['id']}", token)
    assert detail["request"]["status"] == "submitted"
    assert [(d["status"], d["metadata_stripped"]) for d in detail["documents"]][0] == ("available", True)

    # A second send to a request the firm now has is refused, and leaves nothing.
    refused = send(portal, token, proof["id"], "Outra.pdf", "application/pdf", pdf().data)
    assert refused.status_code == 409 and refused.json_body["error"]["code"] == "request_fulfilled"
    assert len(portal.ok("GET", f"/portal/document-requests/{proof['id']}", token)["documents"]) == 1

    queue = portal.ok("GET", "/documents/review-queue", firm.admin_token)
    assert [(c["name"], c["count"]) for c in queue["clients"]] == [(client["name"], 2)]
    assert {d["request_id"] for d in queue["items"]} == {proof["id"], power["id"]}

    current = portal.ok("GET", f"/document-requests/{proof['id']}", firm.admin_token)["request"]
    portal.ok(
        "PUT",
        f"/document-requests/{proof['id']}/review",
        firm.admin_token,
        {"accepted": True, "version": current["version"]},
    )
    current = portal.ok("GET", f"/document-requests/{power['id']}", firm.admin_token)["request"]
    no_reason = portal.call(
        "PUT",
        f"/document-requests/{power['id']}/review",
        firm.admin_token,
        body={"accepted": False, "version": current["version"]},
    )
    assert no_reason.status_code == 422 and no_reason.json_body["error"]["details"][0]["path"] == "reason"
    reason = "A assinatura não aparece; envie a página inteira."
    body = {"accepted": False, "reason": reason, "version": current["version"]}
    portal.ok("PUT", f"/document-requests/{power['id']}/review", firm.admin_token, body)
    stale = portal.call("PUT", f"/document-requests/{power['id']}/review", firm.admin_token, body=body)
    assert stale.status_code == 409

    checklist = {r["id"]: r for r in portal.ok("GET", "/portal/document-requests", token)["items"]}
    assert (checklist[proof["id"]]["status"], checklist[power["id"]]["status"]) == ("accepted", "pending")
    assert checklist[power["id"]]["rejection_reason"] == reason
    assert [e["kind"] for e in checklist[power["id"]]["history"]] == [
        "requested", "file_refused", "file_received", "rejected",
    ]  # fmt: skip
    (rejection,) = portal.mails_to(address)[before + 2 :]
    assert (
        rejection["subject"] == "Envie novamente: Procuração assinada" and "envie a página inteira" in rejection["html"]
    )
    assert portal.ok("GET", "/documents/review-queue", firm.admin_token)["clients"] == []


def test_staff_edit_and_delete_requests_and_lists_follow(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    matter = portal.open_matter(firm, [client])
    hidden = ask_response = portal.call(
        "POST",
        "/document-requests",
        firm.admin_token,
        body={"client_id": client["id"], "matter_id": matter["id"], "title": "RG"},
    )
    assert hidden.status_code == 422 and ask_response.json_body["error"]["details"][0]["path"] == "matter_id"
    portal.publish(firm, matter, [client])
    request = ask(portal, firm, client, "RG", matter_id=matter["id"])
    assert request["matter_title"] == "Contrato de locação"
    assert [
        r["id"] for r in portal.ok("GET", f"/matters/{matter['id']}/document-requests", firm.admin_token)["items"]
    ] == [request["id"]]
    change = {
        "title": "RG e CPF",
        "details": "Frente e verso.",
        "due_date": "2027-01-05",
        "version": request["version"],
    }
    edited = portal.ok("PUT", f"/document-requests/{request['id']}", firm.admin_token, change)
    assert (edited["title"], edited["history"][-1]["kind"]) == ("RG e CPF", "edited")
    assert portal.call("PUT", f"/document-requests/{request['id']}", firm.admin_token, body=change).status_code == 409
    assert portal.ok("GET", "/portal/document-requests", token)["items"][0]["title"] == "RG e CPF"
    assert portal.call("DELETE", f"/document-requests/{request['id']}", firm.admin_token).status_code == 204
    # Nothing of it is left in the table: not the request, nor the copies of it in the lists.
    table = os.environ["PORTAL_UPDATES_TABLE"]
    assert not [
        i
        for i in boto3.client("dynamodb").scan(TableName=table)["Items"]
        if request["id"] in i["pk"]["S"] + i["sk"]["S"]
    ]
    assert portal.ok("GET", f"/clients/{client['id']}/document-requests", firm.admin_token)["items"] == []
    assert portal.call("GET", f"/portal/document-requests/{request['id']}", token).status_code == 404
    assert portal.call("GET", "/clients/nosuchclient/document-requests", firm.admin_token).status_code == 404
