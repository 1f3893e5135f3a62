"""The client's home feed through the API against moto (A6): her updates across her
matters newest first with their matter and unread state, the counts that drop as she opens
them, "mark all as read", and what her access's profile leaves out."""

from __future__ import annotations

import os

import boto3

from tests.support.portal import PortalDriver


def test_a_client_reads_her_feed_across_matters_and_the_badges_drop(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, token = portal.invited_client(firm)
    lease = portal.publish(firm, portal.open_matter(firm, [maria], title="Locação"), [maria])
    labour = portal.publish(firm, portal.open_matter(firm, [maria], title="Trabalhista"), [maria])
    hidden = portal.publish(firm, portal.open_matter(firm, [maria], title="Sigiloso", private=True), [maria])
    news = portal.add_update(firm, lease, "news", "Acordo assinado", when="2026-09-02T12:00:00Z")
    portal.add_update(firm, labour, "manual_movement", "Audiência marcada", when="2026-09-05T12:00:00Z")
    portal.add_update(firm, labour, "task", "Tarefa interna", when="2026-09-06T12:00:00Z")
    portal.add_update(firm, hidden, "news", "Do sigiloso", when="2026-09-07T12:00:00Z")

    feed = portal.ok("GET", "/portal/feed", token)
    assert [(i["update"]["text"], i["matter_title"], i["read"]) for i in feed["items"]] == [
        ("Audiência marcada", "Trabalhista", False),
        ("Acordo assinado", "Locação", False),
    ]
    assert feed["unread"] == {
        "total": 2,
        "matters": sorted(
            [
                {"matter_id": lease["id"], "unread": 1},
                {"matter_id": labour["id"], "unread": 1},
            ],
            key=lambda m: m["matter_id"],
        ),
    }

    portal.ok("POST", f"/portal/matters/{lease['id']}/timeline/{news['id']}/read", token, status=204)
    assert portal.ok("GET", "/portal/feed/unread", token)["total"] == 1
    assert [i["read"] for i in portal.ok("GET", "/portal/feed", token)["items"]] == [False, True]

    assert portal.ok("POST", "/portal/feed/read-all", token) == {"total": 0, "matters": []}
    assert portal.ok("GET", "/portal/feed/unread", token) == {"total": 0, "matters": []}
    assert all(i["read"] for i in portal.ok("GET", "/portal/feed", token)["items"])


def test_the_feed_pages_with_its_cursor_and_refuses_a_bad_one(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, token = portal.invited_client(firm)
    matter = portal.publish(firm, portal.open_matter(firm, [maria]), [maria])
    for day in range(1, 8):
        portal.add_update(firm, matter, "news", f"Dia {day}", when=f"2026-09-{day:02d}T12:00:00Z")

    texts, cursor = [], None
    while True:
        page = portal.ok("GET", "/portal/feed?limit=3" + (f"&cursor={cursor}" if cursor else ""), token)
        assert len(page["items"]) <= 3 and page["unread"]["total"] == 7
        texts += [i["update"]["text"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert texts == [f"Dia {day}" for day in range(7, 0, -1)]

    bad = portal.call("GET", "/portal/feed?cursor=not-a-cursor", token)
    assert bad.status_code == 422 and bad.json_body["error"]["details"][0]["path"] == "cursor"
    assert portal.call("GET", "/portal/feed?limit=51", token).status_code == 422
    assert portal.call("GET", "/portal/feed", firm.admin_token).status_code == 403


def test_a_simulation_sees_her_feed_and_leaves_it_unread(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, token = portal.invited_client(firm)
    matter = portal.publish(firm, portal.open_matter(firm, [maria]), [maria])
    portal.add_update(firm, matter, "news", "Novidade")
    simulation = portal.ok("POST", f"/clients/{maria['id']}/access/simulation", firm.admin_token)["access_token"]

    assert portal.ok("GET", "/portal/feed", simulation) == portal.ok("GET", "/portal/feed", token)
    assert portal.ok("POST", "/portal/feed/read-all", simulation)["total"] == 1
    assert portal.ok("GET", "/portal/feed/unread", token)["total"] == 1


def test_a_phone_revalidates_her_home_with_its_etag(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, token = portal.invited_client(firm)
    matter = portal.publish(firm, portal.open_matter(firm, [maria]), [maria])
    news = portal.add_update(firm, matter, "news", "Primeira")

    first = portal.call("GET", "/portal/feed", token)
    tag = first.headers["ETag"]
    assert first.status_code == 200 and tag.startswith('W/"')
    again = portal.call("GET", "/portal/feed", token, headers={"If-None-Match": tag})
    assert again.status_code == 304 and not again.body

    portal.ok("POST", f"/portal/matters/{matter['id']}/timeline/{news['id']}/read", token, status=204)
    changed = portal.call("GET", "/portal/feed", token, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    assert changed.json_body["items"][0]["read"] is True
    # Another client's session never gets her 304.
    _, other = portal.invited_client(firm)
    assert portal.call("GET", "/portal/feed", other, headers={"If-None-Match": tag}).status_code == 200


def test_a_published_document_and_a_request_come_to_her_feed_and_are_read_one_by_one(portal: PortalDriver) -> None:
    from tests.support.document_fixtures import pdf
    from tests.support.documents import post_form

    firm = portal.open_firm()
    maria, token = portal.invited_client(firm)
    lease = portal.publish(firm, portal.open_matter(firm, [maria], title="Locação"), [maria])
    data = pdf().data
    files = {"files": [{"file_name": "Sentença.pdf", "content_type": "application/pdf", "size": len(data)}]}
    (ticket,) = portal.ok("POST", f"/matters/{lease['id']}/documents/uploads", firm.admin_token, files, status=201)
    post_form(ticket["form"], data, "application/pdf", "Sentença.pdf")
    portal.pump.drain()  # S3 -> the documents queue -> the worker
    document = portal.ok("GET", f"/matters/{lease['id']}/documents", firm.admin_token)["items"][0]
    assert portal.ok("GET", "/portal/feed", token)["items"] == []  # not published yet

    change = {"published": True, "version": document["version"]}
    portal.ok("PUT", f"/documents/{document['id']}/publication", firm.admin_token, change)
    request = portal.ok(
        "POST", "/document-requests", firm.admin_token, {"client_id": maria["id"], "title": "RG"}, status=201
    )

    feed = portal.ok("GET", "/portal/feed", token)
    kinds = {i["kind"]: i for i in feed["items"]}
    assert set(kinds) == {"document", "document_request"} and feed["unread"]["total"] == 2
    shown = kinds["document"]
    assert (shown["document"]["file_name"], shown["matter_title"], shown["update"]) == ("Sentença.pdf", "Locação", None)
    assert "key" not in shown["document"]  # no storage key for the client
    asked = kinds["document_request"]
    assert (asked["request"]["id"], asked["request"]["title"], asked["matter_id"]) == (request["id"], "RG", None)

    portal.ok("POST", f"/portal/feed/{asked['id']}/read", token, status=204)
    assert portal.ok("GET", "/portal/feed/unread", token) == {
        "total": 1,
        "matters": [{"matter_id": lease["id"], "unread": 1}],
    }
    missing = portal.call("POST", "/portal/feed/20260101000000nothing/read", token)
    assert missing.status_code == 404 and missing.json_body["error"]["code"]
    assert portal.call("POST", f"/portal/feed/{shown['id']}/read", firm.admin_token).status_code == 403

    change = {"published": False, "version": document["version"] + 1}
    portal.ok("PUT", f"/documents/{document['id']}/publication", firm.admin_token, change)
    feed = portal.ok("GET", "/portal/feed", token)
    assert [i["kind"] for i in feed["items"]] == ["document_request"] and feed["unread"]["total"] == 0


def test_a_deleted_client_leaves_no_feed_and_no_preferences_in_the_tables(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, token = portal.invited_client(firm)
    lease = portal.publish(firm, portal.open_matter(firm, [maria], title="Locação"), [maria])
    portal.add_update(firm, lease, "news", "Acordo assinado", when="2026-09-02T12:00:00Z")
    portal.ok("PUT", "/portal/notification-preferences", token, {"channels": {"news": "none"}, "version": 0})
    feed_partition = f"FIRM#{firm.id}#CLIENT#{maria['id']}#FEED"
    prefs_key = {"pk": {"S": f"FIRM#{firm.id}"}, "sk": {"S": f"CLIENT#{maria['id']}#PREFS"}}
    dynamodb = boto3.client("dynamodb")
    updates, directory = os.environ["PORTAL_UPDATES_TABLE"], os.environ["PORTAL_DIRECTORY_TABLE"]

    def her_feed() -> int:
        found = dynamodb.query(
            TableName=updates,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": feed_partition}},
            Select="COUNT",
            ConsistentRead=True,
        )
        return int(found["Count"])

    assert her_feed() > 0 and "Item" in dynamodb.get_item(TableName=directory, Key=prefs_key, ConsistentRead=True)

    # Taken off her matter first (a client in a matter is not deleted), then deleted.
    current = portal.ok("GET", f"/matters/{lease['id']}", firm.admin_token)
    body = {k: current[k] for k in ("kind", "title", "court_published")} | {
        "parties": [],
        "version": current["version"],
    }
    portal.ok("PUT", f"/matters/{lease['id']}", firm.admin_token, body)
    portal.ok("DELETE", f"/clients/{maria['id']}", firm.admin_token, status=204)
    assert her_feed() == 0
    assert "Item" not in dynamodb.get_item(TableName=directory, Key=prefs_key, ConsistentRead=True)
