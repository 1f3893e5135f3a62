"""The timeline through the API against moto, where DynamoDB's part matters: cursors over
the staff's timeline (and its marker), read receipts kept beside each update, court
movements written only if absent, the Notify e-mails, and link-access clients."""

from __future__ import annotations

from typing import Any

from tests.support.portal import PortalDriver

CNJ = "0000832-35.2018.4.01.3202"


def every_page(portal: PortalDriver, path: str, token: str, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Follow the cursors to the end; the items in order and how many pages it took."""
    items: list[dict[str, Any]] = []
    cursor, pages = None, 0
    while True:
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        page = portal.ok("GET", path + query, token)
        assert len(page["items"]) <= limit
        items += page["items"]
        pages += 1
        cursor = page.get("next_cursor")
        if not cursor:
            return items, pages


def test_the_staff_timeline_pages_newest_first_without_repeats_or_the_marker(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm, tasks=False)
    matter = portal.publish(firm, portal.open_matter(firm, [client]), [client])
    # Written out of date order; every third one a task the client's profile hides.
    days = [7, 2, 11, 5, 1, 9, 3, 12, 8, 4, 10, 6, 13, 15, 14, 16, 17]
    for day in days:
        kind = "task" if day % 3 == 0 else "manual_movement"
        portal.add_update(firm, matter, kind, f"{kind} {day}", when=f"2026-09-{day:02d}T12:00:00Z")

    items, pages = every_page(portal, f"/matters/{matter['id']}/timeline", firm.admin_token, 5)
    assert [i["text"].split()[-1] for i in items] == [str(d) for d in sorted(days, reverse=True)]
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids)) == len(days) and ids == sorted(ids, reverse=True)
    assert all(i["id"][:14].isdigit() and i["matter_id"] == matter["id"] for i in items)  # never the marker
    assert pages in (4, 5)  # 17 items by 5 (DynamoDB may end on an empty page)

    # The client's pages are filtered by kind after each read: shorter pages, each update once.
    seen, _ = every_page(portal, f"/portal/matters/{matter['id']}/timeline", token, 4)
    expected = [f"manual_movement {d}" for d in sorted(days, reverse=True) if d % 3]
    assert [i["text"] for i in seen] == expected

    # A cursor of another matter's timeline starts nowhere it should not.
    garbage = portal.call("GET", f"/matters/{matter['id']}/timeline?cursor=not-a-cursor", firm.admin_token)
    assert garbage.status_code == 422 and garbage.json_body["error"]["details"][0]["path"] == "cursor"
    assert portal.call("GET", "/matters/nosuchmatter/timeline", firm.admin_token).status_code == 404


def test_an_empty_timeline_is_an_empty_page(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    matter = portal.open_matter(firm, [])
    assert portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token) == {"items": [], "next_cursor": None}
    other = portal.open_firm()
    assert portal.call("GET", f"/matters/{matter['id']}/timeline", other.admin_token).status_code == 404


def test_a_receipt_keeps_the_first_opening(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, maria_token = portal.invited_client(firm)
    joao, joao_token = portal.invited_client(firm)
    matter = portal.publish(firm, portal.open_matter(firm, [maria, joao]), [maria, joao])
    news = portal.add_update(firm, matter, "news", "Acordo")
    read = f"/portal/matters/{matter['id']}/timeline/{news['id']}/read"

    portal.ok("POST", read, maria_token, status=204)
    first = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"][0]["read_by"]
    portal.ok("POST", read, maria_token, status=204)
    portal.ok("POST", read, joao_token, status=204)
    # A comment rewrites the update's document; the receipts beside it stay.
    portal.ok(
        "PUT",
        f"/matters/{matter['id']}/timeline/{news['id']}/comment",
        firm.admin_token,
        {"comment": "Leia", "version": news["version"]},
    )
    after = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"][0]["read_by"]

    assert [r["client_id"] for r in first] == [maria["id"]]
    read_at = {r["client_id"]: r["read_at"] for r in after}
    assert len(after) == 2 and set(read_at) == {maria["id"], joao["id"]}
    assert read_at[maria["id"]] == first[0]["read_at"] < read_at[joao["id"]]
    assert (
        portal.call(
            "POST", f"/portal/matters/{matter['id']}/timeline/20260901120000abcdefab/read", maria_token
        ).status_code
        == 404
    )


def test_a_court_movement_hidden_by_staff_stays_hidden_when_sent_again(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    matter = portal.publish(firm, portal.open_matter(firm, [client], kind="court_case", number=CNJ), [client])
    headers = {"X-Api-Key": portal.ok("POST", "/api-keys", firm.admin_token, {"name": "feed"}, status=201)["secret"]}
    batch = {
        "format": "plain",
        "movements": [
            {"matter_number": CNJ, "occurred_at": "2026-08-01T10:00:00Z", "text": "Juntada de documento", "code": 85}
        ],
    }
    portal.ok("POST", "/integration/movements", body=batch, status=202, headers=headers)
    portal.pump.drain()
    [movement] = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    assert [i["text"] for i in portal.ok("GET", f"/portal/matters/{matter['id']}/timeline", token)["items"]] == [
        "Juntada de documento"
    ]

    rewrite = portal.call(
        "PUT",
        f"/matters/{matter['id']}/timeline/{movement['id']}",
        firm.admin_token,
        {"published": True, "text": "Outra", "version": movement["version"]},
    )
    assert rewrite.status_code == 422
    assert (
        portal.call("DELETE", f"/matters/{matter['id']}/timeline/{movement['id']}", firm.admin_token).status_code == 409
    )
    portal.ok(
        "PUT",
        f"/matters/{matter['id']}/timeline/{movement['id']}",
        firm.admin_token,
        {"published": False, "version": movement["version"]},
    )
    assert portal.ok("GET", f"/portal/matters/{matter['id']}/timeline", token)["items"] == []

    again = portal.ok("POST", "/integration/movements", body=batch, status=202, headers=headers)
    portal.pump.drain()
    status = portal.ok("GET", f"/integration/batches/{again['batch_id']}", headers=headers)
    assert (status["stored"], status["duplicates"]) == (0, 1)
    assert portal.ok("GET", f"/portal/matters/{matter['id']}/timeline", token)["items"] == []
    [still] = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    assert (still["id"], still["published"], still["version"]) == (movement["id"], False, movement["version"] + 1)
    assert (
        portal.call("POST", f"/portal/matters/{matter['id']}/timeline/{movement['id']}/read", token).status_code == 404
    )


def test_notify_e_mails_each_published_client_once_in_their_language(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria = portal.add_client(firm, "Maria Souza")  # no language: the firm's (pt-BR)
    carlos = portal.add_client(firm, "Carlos Ruiz", language="es", notification_emails=["oficina.ruiz@example.com"])
    emma = portal.add_client(firm, "Emma Stone", language="en")
    ana = portal.add_client(firm, "Ana Lima")  # involved, not published
    for client in (maria, carlos, emma, ana):
        portal.grant(firm, client["id"], type="link")
    matter = portal.open_matter(firm, [maria, carlos, emma, ana], title="Sociedade Souza & Ruiz")
    portal.publish(firm, matter, [maria, carlos, emma])
    before = {c["id"]: len(portal.mails_to(c["emails"][0])) for c in (maria, carlos, emma, ana)}

    result = portal.ok("POST", f"/matters/{matter['id']}/notify", firm.admin_token)
    assert sorted(result["notified_client_ids"]) == sorted(c["id"] for c in (maria, carlos, emma))

    subjects = {
        "Maria Souza": "Novidades no seu processo: Sociedade Souza & Ruiz",
        "Carlos Ruiz": "Novedades en su expediente: Sociedade Souza & Ruiz",
        "Emma Stone": "News on your case: Sociedade Souza & Ruiz",
    }
    for client in (maria, carlos, emma):
        new = portal.mails_to(client["emails"][0])[before[client["id"]] :]
        assert [m["subject"] for m in new] == [subjects[client["name"]]], client["name"]
        assert client["name"] in new[0]["html"] and f"/#/matters/{matter['id']}" in new[0]["html"]
    assert len(portal.mails_to(ana["emails"][0])) == before[ana["id"]]
    [copy] = [m for m in portal.mails_to("oficina.ruiz@example.com") if m["subject"] == subjects["Carlos Ruiz"]]
    assert sorted(copy["to"]) == sorted([carlos["emails"][0], "oficina.ruiz@example.com"])
    assert portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)["notification_pending"] is False


def test_a_link_access_client_reads_the_matters_too(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm, "Luiza Link")
    portal.grant(firm, client["id"], type="link")
    token = portal.token_of(portal.link_in_last_mail(client["emails"][0]))
    session = portal.ok("POST", "/auth/client/link-session", body={"portal": firm.slug, "token": token})["access_token"]
    matter = portal.publish(firm, portal.open_matter(firm, [client], title="Do link"), [client])
    news = portal.add_update(firm, matter, "news", "Novidade")
    hidden = portal.open_matter(firm, [client], title="Não publicado")

    assert [m["title"] for m in portal.ok("GET", "/portal/matters", session)["items"]] == ["Do link"]
    assert portal.ok("GET", f"/portal/matters/{matter['id']}", session)["title"] == "Do link"
    assert [i["text"] for i in portal.ok("GET", f"/portal/matters/{matter['id']}/timeline", session)["items"]] == [
        "Novidade"
    ]
    assert portal.call("GET", f"/portal/matters/{hidden['id']}", session).status_code == 404
    portal.ok("POST", f"/portal/matters/{matter['id']}/timeline/{news['id']}/read", session, status=204)
    [item] = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    assert [r["client_id"] for r in item["read_by"]] == [client["id"]]
