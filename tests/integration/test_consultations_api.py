"""F20: consultations through the API against moto: a thread two lawyers write at once, the
filters and the subject search, documents, tasks and "my tasks", and the conversion into a
matter, all at once or not at all."""

from __future__ import annotations

import os
import threading
from typing import Any

import boto3

from tests.support.document_fixtures import pdf
from tests.support.documents import post_form
from tests.support.portal import PortalDriver

PDF = {"file_name": "Procuração.pdf", "content_type": "application/pdf", "size": 1000}


def new_consultation(portal: PortalDriver, token: str, **fields: Any) -> dict[str, Any]:
    body = {
        "subject": "Divórcio consensual",
        "prospect": {
            "name": "Joana Prado",
            "emails": ["joana.prado@prospect.example.com"],
            "phone": "+55 11 99999-0000",
        },
        **fields,
    }
    created: dict[str, Any] = portal.ok("POST", "/consultations", token, body, status=201)
    return created


def me(portal: PortalDriver, token: str) -> dict[str, Any]:
    answer: dict[str, Any] = portal.ok("GET", "/me", token)
    return answer.get("staff") or answer


def test_two_lawyers_write_at_once_and_both_entries_are_kept(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    admin = me(portal, firm.admin_token)
    bruno, bruno_token = portal.staff_member(firm)
    c = new_consultation(portal, firm.admin_token, staff_ids=[admin["id"], bruno["id"]], text="Primeira conversa")
    assert c["entry_count"] == 1 and [s["name"] for s in c["staff"]] == [admin["name"], "Bruno Lima"]

    # At once: each lawyer's requests on threads of their own, through the service and the
    # DynamoDB adapter (Chalice's local app keeps one current request for all threads, so the
    # HTTP layer is not where two Lambdas at once can be imitated in one process).
    from chalicelib.bootstrap import services
    from chalicelib.domain.consultations import EntryInput

    actors = {
        who: services().auth.authenticate(token).actor
        for who, token in (("Ana", firm.admin_token), ("Bruno", bruno_token))
    }
    failures: list[BaseException] = []
    start = threading.Barrier(6)

    def write(who: str, text: str) -> None:
        start.wait()
        try:
            services().consultations.add_entry(actors[who], c["id"], EntryInput(text=text))
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(who, f"{who} {n}")) for n in range(3) for who in ("Ana", "Bruno")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    entries = portal.ok("GET", f"/consultations/{c['id']}/entries?limit=100", firm.admin_token)["items"]
    assert sorted(e["text"] for e in entries) == sorted(
        ["Primeira conversa"] + [f"{w} {n}" for n in range(3) for w in ("Ana", "Bruno")]
    )
    assert entries[0]["text"] == "Primeira conversa"  # oldest first
    assert portal.ok("GET", f"/consultations/{c['id']}", firm.admin_token)["entry_count"] == 7
    (listed,) = portal.ok("GET", f"/consultations?staff_id={bruno['id']}", firm.admin_token)["items"]
    assert listed["entry_count"] == 7

    # Only its author changes an entry, over the version read.
    mine = next(e for e in entries if e["text"] == "Bruno 0")
    path = f"/consultations/{c['id']}/entries/{mine['id']}"
    assert portal.call("PUT", path, firm.admin_token, {"text": "x", "version": 1}).status_code == 403
    portal.ok("PUT", path, bruno_token, {"text": "Bruno, corrigido", "version": 1})
    assert portal.call("PUT", path, bruno_token, {"text": "y", "version": 1}).status_code == 409


def test_filters_and_search_without_a_scan(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm, "Carlos Dias")
    a = new_consultation(portal, firm.admin_token, subject="Divórcio consensual", occurred_at="2026-05-04T15:00:00Z")
    b = new_consultation(
        portal,
        firm.admin_token,
        subject="Pensão alimentícia",
        prospect=None,
        client_id=client["id"],
        occurred_at="2026-05-05T15:00:00Z",
        important=True,
    )
    c = new_consultation(portal, firm.admin_token, subject="Divisão de bens", occurred_at="2026-05-06T15:00:00Z")

    def ids(query: str = "") -> list[str]:
        page = portal.ok("GET", f"/consultations{query}", firm.admin_token)
        return [item["id"] for item in page["items"]]

    assert ids() == [c["id"], b["id"], a["id"]]
    assert ids("?important=true") == [b["id"]]
    assert ids(f"?client_id={client['id']}") == [b["id"]]
    assert ids("?matter=unlinked&from=2026-05-05&to=2026-05-06") == [c["id"], b["id"]]
    assert ids("?q=div") == [c["id"], a["id"]]
    assert ids("?q=DIVORCIO%20cons") == [a["id"]]
    assert ids("?q=pens%C3%A3o&important=true") == [b["id"]]
    assert ids("?q=div&to=2026-05-04") == [a["id"]]
    assert b["client_name"] == "Carlos Dias"
    assert [i["id"] for i in portal.ok("GET", f"/clients/{client['id']}/consultations", firm.admin_token)["items"]] == [
        b["id"]
    ]
    assert portal.call("GET", "/consultations?q=de", firm.admin_token).status_code == 422

    # Pages: the cursor goes on where the page stopped.
    first = portal.ok("GET", "/consultations?limit=2", firm.admin_token)
    rest = portal.ok("GET", f"/consultations?limit=2&cursor={first['next_cursor']}", firm.admin_token)
    assert [i["id"] for i in first["items"] + rest["items"]] == [c["id"], b["id"], a["id"]]

    # The star needs no version; a change does, and a stale one is 409.
    portal.ok("PUT", f"/consultations/{a['id']}/importance", firm.admin_token, {"important": True})
    assert ids("?important=true") == [b["id"], a["id"]]
    current = portal.ok("GET", f"/consultations/{a['id']}", firm.admin_token)
    change = {"subject": "Inventário", "prospect": current["prospect"], "version": current["version"]}
    portal.ok("PUT", f"/consultations/{a['id']}", firm.admin_token, change)
    assert portal.call("PUT", f"/consultations/{a['id']}", firm.admin_token, change).status_code == 409
    assert ids("?q=div") == [c["id"]] and ids("?q=invent") == [a["id"]]


def test_documents_and_tasks_and_my_tasks(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    bruno, bruno_token = portal.staff_member(firm)
    c = new_consultation(portal, firm.admin_token)
    entry = portal.ok("POST", f"/consultations/{c['id']}/entries", firm.admin_token, {"text": "Segue"}, status=201)

    (ticket,) = portal.ok(
        "POST",
        f"/consultations/{c['id']}/documents/uploads",
        firm.admin_token,
        {"files": [PDF], "entry_id": entry["id"]},
        status=201,
    )
    assert ticket["document"]["consultation_entry_id"] == entry["id"] and ticket["form"]["url"]
    bad = {"files": [PDF, {"file_name": "x.exe", "content_type": "application/x-msdownload", "size": 10}]}
    assert portal.call("POST", f"/consultations/{c['id']}/documents/uploads", firm.admin_token, bad).status_code == 422
    listed = portal.ok("GET", f"/consultations/{c['id']}/documents", firm.admin_token)["items"]
    assert [d["id"] for d in listed] == [ticket["document"]["id"]]
    assert portal.ok("GET", f"/consultations/{c['id']}", firm.admin_token)["document_count"] == 1

    tasks = f"/consultations/{c['id']}/tasks"
    late = portal.ok(
        "POST", tasks, firm.admin_token, {"title": "Certidões", "due_at": "2026-06-10T12:00:00Z"}, status=201
    )
    soon = portal.ok("POST", tasks, firm.admin_token, {"title": "Ligar", "due_at": "2026-06-01T12:00:00Z"}, status=201)
    theirs = portal.ok("POST", tasks, firm.admin_token, {"title": "Minuta", "assignee_id": bruno["id"]}, status=201)
    assert theirs["assignee"]["name"] == "Bruno Lima" and theirs["source_title"] == "Divórcio consensual"
    assert [t["id"] for t in portal.ok("GET", "/me/tasks", firm.admin_token)["items"]] == [soon["id"], late["id"]]
    assert [t["id"] for t in portal.ok("GET", "/me/tasks", bruno_token)["items"]] == [theirs["id"]]
    portal.ok("PUT", f"/tasks/{soon['id']}", firm.admin_token, {"done": True, "version": 1})
    assert [t["id"] for t in portal.ok("GET", tasks, firm.admin_token)["items"]] == [
        late["id"],
        theirs["id"],
        soon["id"],
    ]
    assert portal.ok("GET", f"/consultations/{c['id']}", firm.admin_token)["open_task_count"] == 2
    assert (
        portal.call("PUT", f"/tasks/{soon['id']}", firm.admin_token, {"done": False, "version": 1}).status_code == 409
    )


def test_conversion_makes_the_client_and_the_matter_at_once(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    c = new_consultation(portal, firm.admin_token, text="Quer o divórcio")
    result = portal.ok("POST", f"/consultations/{c['id']}/conversion", firm.admin_token, {"version": 1}, status=201)
    matter, converted = result["matter"], result["consultation"]
    assert matter["title"] == "Divórcio consensual" and matter["consultation_id"] == c["id"]
    assert matter["responsible_lawyer_id"] == me(portal, firm.admin_token)["id"]
    (party,) = matter["parties"]
    assert party["role"] == "plaintiff" and party["name"] == "Joana Prado"
    client = portal.ok("GET", f"/clients/{party['client_id']}", firm.admin_token)
    assert client["emails"] == ["joana.prado@prospect.example.com"] and client["phone"] == "+55 11 99999-0000"
    assert converted["client_id"] == client["id"] and converted["prospect"] is None
    assert converted["matter_id"] == matter["id"] and converted["matter_title"] == matter["title"]
    assert portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)["consultation_count"] == 1
    linked = portal.ok("GET", f"/matters/{matter['id']}/consultations", firm.admin_token)["items"]
    assert [i["id"] for i in linked] == [c["id"]]
    again = portal.call("POST", f"/consultations/{c['id']}/conversion", firm.admin_token, {"version": 2})
    assert again.status_code == 409
    assert portal.call("DELETE", f"/consultations/{c['id']}", firm.admin_token).status_code == 409


def test_a_conversion_cancelled_between_building_and_writing_writes_nothing(portal: PortalDriver) -> None:
    """The fault: the prospect's e-mail is claimed by another client after the service
    checked it and before the transaction (the repository's own convert is run on a write
    built by the service, with the conflicting client created in between)."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.clients import ClientInput
    from chalicelib.domain.consultations import Conversion
    from chalicelib.domain.errors import Conflict

    firm = portal.open_firm()
    c = new_consultation(portal, firm.admin_token)
    repository = services().consultations.consultations
    matters_before = portal.ok("GET", "/matters", firm.admin_token)["items"]

    class Racing:
        def __getattr__(self, name: str) -> Any:
            return getattr(repository, name)

        def convert(self, write: Any) -> None:
            actor = services().auth.authenticate(firm.admin_token).actor
            services().clients.create(actor, ClientInput(name="Outra", emails=["joana.prado@prospect.example.com"]))
            repository.convert(write)

    from dataclasses import replace

    racing = replace(services().consultations, consultations=Racing())
    actor = services().auth.authenticate(firm.admin_token).actor
    try:
        racing.convert(actor, c["id"], Conversion(version=1))
        raise AssertionError("the conversion was written")
    except Conflict:
        pass
    assert portal.ok("GET", "/matters", firm.admin_token)["items"] == matters_before
    assert [cl["name"] for cl in portal.ok("GET", "/clients", firm.admin_token)["items"]] == ["Outra"]
    after = portal.ok("GET", f"/consultations/{c['id']}", firm.admin_token)
    assert after == c
    assert portal.ok("GET", "/consultations?matter=unlinked", firm.admin_token)["items"] == [c]


def test_delete_takes_its_entries_tasks_and_lists(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    bruno, bruno_token = portal.staff_member(firm)
    c = new_consultation(portal, firm.admin_token, text="x")
    portal.ok("POST", f"/consultations/{c['id']}/tasks", firm.admin_token, {"title": "Ligar"}, status=201)
    assert portal.call("DELETE", f"/consultations/{c['id']}", bruno_token).status_code == 403
    assert portal.call("DELETE", f"/consultations/{c['id']}", firm.admin_token).status_code == 204
    assert portal.call("GET", f"/consultations/{c['id']}", firm.admin_token).status_code == 404
    assert portal.ok("GET", "/consultations", firm.admin_token)["items"] == []
    assert portal.ok("GET", "/me/tasks", firm.admin_token)["items"] == []
    assert portal.call("GET", f"/consultations/{c['id']}/entries", firm.admin_token).status_code == 404
    assert bruno["id"]


def test_delete_takes_its_documents_records_and_files(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    c = new_consultation(portal, firm.admin_token)
    upload = pdf()
    file = {"file_name": upload.file_name, "content_type": "application/pdf", "size": len(upload.data)}
    (ticket,) = portal.ok(
        "POST", f"/consultations/{c['id']}/documents/uploads", firm.admin_token, {"files": [file]}, status=201
    )
    post_form(ticket["form"], upload.data, "application/pdf", upload.file_name)
    portal.pump.drain()
    document_id, key = ticket["document"]["id"], ticket["form"]["fields"]["key"]
    listed = portal.ok("GET", f"/consultations/{c['id']}/documents", firm.admin_token)["items"]
    assert [(d["id"], d["status"]) for d in listed] == [(document_id, "available")]
    assert portal.ok("GET", f"/documents/{document_id}/download", firm.admin_token)["url"]

    portal.ok("DELETE", f"/consultations/{c['id']}", firm.admin_token, status=204)
    assert portal.call("GET", f"/documents/{document_id}/download", firm.admin_token).status_code == 404
    versions = boto3.client("s3").list_object_versions(Bucket=os.environ["PORTAL_DOCUMENTS_BUCKET"], Prefix=key)
    assert versions.get("Versions", []) == [] and versions.get("DeleteMarkers", []) == []


def test_a_client_token_of_the_same_firm_is_refused(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, session = portal.invited_client(firm)
    assert portal.call("GET", "/consultations", session).status_code == 403
    assert portal.call("POST", "/consultations", session, {"subject": "x", "client_id": "a"}).status_code == 403


def test_my_tasks_hold_the_matters_timeline_tasks_too_in_two_calls(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    bruno, bruno_token = portal.staff_member(firm)
    matter = portal.open_matter(firm, [], title="Inventário Souza")
    c = new_consultation(portal, firm.admin_token)
    consultation_task = portal.ok(
        "POST",
        f"/consultations/{c['id']}/tasks",
        firm.admin_token,
        {"title": "Ligar", "due_at": "2026-09-03T12:00:00Z"},
        status=201,
    )
    first = portal.add_update(firm, matter, "task", "Protocolar", due_at="2026-09-02T12:00:00Z")
    undated = portal.add_update(firm, matter, "task", "Arquivar")
    given = portal.add_update(firm, matter, "task", "Minuta", assignee_id=bruno["id"], published=False)
    mine = portal.ok("GET", "/me/tasks", firm.admin_token)["items"]
    assert [t["id"] for t in mine] == [first["id"], consultation_task["id"], undated["id"]]
    assert (mine[0]["matter_id"], mine[0]["source_title"], mine[0]["consultation_id"]) == (
        matter["id"],
        "Inventário Souza",
        None,
    )
    assert [t["id"] for t in portal.ok("GET", "/me/tasks", bruno_token)["items"]] == [given["id"]]

    # Done in the timeline: gone from the open tasks.
    change = {"done": True, "version": first["version"]}
    portal.ok("PUT", f"/matters/{matter['id']}/timeline/{first['id']}", firm.admin_token, change)
    assert [t["id"] for t in portal.ok("GET", "/me/tasks", firm.admin_token)["items"]] == [
        consultation_task["id"],
        undated["id"],
    ]
    bad = {"kind": "task", "occurred_at": "2026-09-01T12:00:00Z", "text": "x", "assignee_id": "nobody"}
    assert portal.call("POST", f"/matters/{matter['id']}/timeline", firm.admin_token, bad).status_code == 422
