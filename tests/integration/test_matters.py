"""Matters, publishing and the client's timeline (issue 4) through the API against moto."""

from __future__ import annotations

import pytest

from tests.support import visibility
from tests.support.portal import PortalDriver
from tests.support.visibility import AUTOMATIC, MANUAL, NEWS, PUBLICATION, TASK

CNJ = "0000832-35.2018.4.01.3202"


def texts(portal: PortalDriver, token: str, matter_id: str) -> list[str]:
    return [i["text"] for i in portal.ok("GET", f"/portal/matters/{matter_id}/timeline", token)["items"]]


def test_cnj_numbers_are_checked_and_other_numbers_are_free_text(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    wrong = portal.call(
        "POST",
        "/matters",
        firm.admin_token,
        {"kind": "court_case", "number": "0000832-36.2018.4.01.3202", "title": "x"},
    )
    assert wrong.status_code == 422 and wrong.json_body["error"]["details"][0]["path"] == "number"
    bare = portal.ok(
        "POST",
        "/matters",
        firm.admin_token,
        {"kind": "court_case", "number": "00008323520184013202", "title": "x"},
        status=201,
    )
    assert bare["number"] == CNJ
    again = portal.call("POST", "/matters", firm.admin_token, {"kind": "court_case", "number": CNJ, "title": "y"})
    assert again.status_code == 409
    portal.ok(
        "POST",
        "/matters",
        firm.admin_token,
        {"kind": "other_court_case", "number": "Rol C-123-2024", "title": "Chile"},
        status=201,
    )
    portal.ok("POST", "/matters", firm.admin_token, {"kind": "case", "title": "Consultoria"}, status=201)
    assert (
        portal.call(
            "POST", "/matters", firm.admin_token, {"kind": "other_court_case", "title": "no number"}
        ).status_code
        == 422
    )


def test_a_matter_is_published_only_to_involved_clients(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, _ = portal.invited_client(firm)
    outsider = portal.add_client(firm, "Outsider Silva")
    matter = portal.open_matter(firm, [maria])
    refused = portal.call(
        "PUT",
        f"/matters/{matter['id']}/publication",
        firm.admin_token,
        {"client_ids": [outsider["id"]], "version": matter["version"]},
    )
    assert refused.status_code == 422 and refused.json_body["error"]["details"][0]["path"] == "client_ids"
    stale = portal.call(
        "PUT",
        f"/matters/{matter['id']}/publication",
        firm.admin_token,
        {"client_ids": [maria["id"]], "version": matter["version"] + 5},
    )
    assert stale.status_code == 409


@pytest.mark.parametrize("row", visibility.MATTERS, ids=lambda row: row.id)
def test_private_and_team_matters_follow_the_profile(portal: PortalDriver, row: visibility.MatterRow) -> None:
    """Every row of MATTERS in the shared table (tests/support/visibility.py), as in the unit tests."""
    visible = row.visible
    firm = portal.open_firm()
    client, token = portal.invited_client(firm, **row.profile)
    matter = portal.open_matter(firm, [client], private=row.private, team=row.team)
    portal.publish(firm, matter, [client])
    listed = [m["id"] for m in portal.ok("GET", "/portal/matters", token)["items"]]
    assert (matter["id"] in listed) is visible
    assert portal.call("GET", f"/portal/matters/{matter['id']}", token).status_code == (200 if visible else 404)
    assert portal.call("GET", f"/portal/matters/{matter['id']}/timeline", token).status_code == (
        200 if visible else 404
    )


@pytest.mark.parametrize("row", visibility.KINDS_OVER_HTTP, ids=lambda row: row.id)
def test_each_kind_of_update_follows_the_profile(portal: PortalDriver, row: visibility.KindRow) -> None:
    """A subset of KINDS in the shared table (tests/support/visibility.py): no kind, every kind
    and each kind alone; the unit tests run every row and its cross with MATTERS. One update
    of each kind, the court's through the integration API and DynamoDB's kind filter."""
    firm = portal.open_firm()
    client, token = portal.invited_client(firm, **row.profile)
    matter = portal.open_matter(firm, [client], kind="court_case", number=CNJ)
    portal.publish(firm, matter, [client])
    key = portal.ok("POST", "/api-keys", firm.admin_token, {"name": "feed"}, status=201)["secret"]
    movement = {"matter_number": CNJ, "occurred_at": "2026-09-01T09:00:00Z", "text": "Movimento do tribunal"}
    portal.ok(
        "POST",
        "/integration/movements",
        body={"format": "plain", "movements": [movement]},
        status=202,
        headers={"X-Api-Key": key},
    )
    portal.pump.drain()
    written = {
        MANUAL: portal.add_update(firm, matter, "manual_movement", "Movimento manual", when="2026-09-02T12:00:00Z"),
        TASK: portal.add_update(firm, matter, "task", "Tarefa", when="2026-09-03T12:00:00Z"),
        PUBLICATION: portal.add_update(firm, matter, "publication", "Publicação no DJe", when="2026-09-04T12:00:00Z"),
        NEWS: portal.add_update(firm, matter, "news", "Novidade", when="2026-09-05T12:00:00Z"),
    }
    staff_items = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    written[AUTOMATIC] = next(i for i in staff_items if i["text"] == "Movimento do tribunal")
    kind_of = {item["id"]: kind for kind, item in written.items()}

    shown = {kind_of[i["id"]] for i in portal.ok("GET", f"/portal/matters/{matter['id']}/timeline", token)["items"]}
    assert shown == row.shown
    for kind, item in written.items():  # a hidden update cannot be opened either
        read = portal.call("POST", f"/portal/matters/{matter['id']}/timeline/{item['id']}/read", token)
        assert read.status_code == (204 if row.shows(kind) else 404), (kind, read.status_code)


def test_timeline_kinds_follow_the_profile_and_hidden_items_stay_hidden(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    everything_profile = {"automatic_movements": True, "manual_movements": True, "tasks": True, "publications": True}
    little_profile = {flag: False for flag in everything_profile}
    everything, all_token = portal.invited_client(firm, **everything_profile)
    little, little_token = portal.invited_client(firm, **little_profile)
    matter = portal.open_matter(firm, [everything, little])
    portal.publish(firm, matter, [everything, little])
    portal.add_update(firm, matter, "manual_movement", "Reunião com a parte contrária", when="2026-09-02T12:00:00Z")
    portal.add_update(firm, matter, "task", "Levar documentos", when="2026-09-03T12:00:00Z")
    portal.add_update(firm, matter, "publication", "Intimação no DJe", when="2026-09-04T12:00:00Z")
    portal.add_update(
        firm, matter, "news", "Acordo proposto", when="2026-09-05T12:00:00Z", body="Recebemos uma proposta de acordo."
    )
    hidden = portal.add_update(
        firm, matter, "manual_movement", "Nota interna", when="2026-09-06T12:00:00Z", published=False
    )

    newest_first = [
        ("Acordo proposto", NEWS),
        ("Intimação no DJe", PUBLICATION),
        ("Levar documentos", TASK),
        ("Reunião com a parte contrária", MANUAL),
    ]
    # What each sees is the shared table's row for its profile (news always reaches the client).
    for token, row in (
        (all_token, visibility.kinds_row(**everything_profile)),
        (little_token, visibility.kinds_row(**little_profile)),
    ):
        assert texts(portal, token, matter["id"]) == [text for text, kind in newest_first if row.shows(kind)]

    # Publishing the hidden item later shows it; a comment reaches the client too.
    portal.ok(
        "PUT",
        f"/matters/{matter['id']}/timeline/{hidden['id']}",
        firm.admin_token,
        {"published": True, "text": "Nota para o cliente", "version": hidden["version"]},
    )
    current = next(
        i
        for i in portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
        if i["text"] == "Nota para o cliente"
    )
    portal.ok(
        "PUT",
        f"/matters/{matter['id']}/timeline/{current['id']}/comment",
        firm.admin_token,
        {"comment": "Leia com atenção.", "version": current["version"]},
    )
    first = portal.ok("GET", f"/portal/matters/{matter['id']}/timeline", all_token)["items"][0]
    assert (first["text"], first["comment"]) == ("Nota para o cliente", "Leia com atenção.")
    assert "created_by" not in first and "read_by" not in first


def test_news_is_e_mailed_at_once_to_the_client_and_extra_addresses(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm, "Ana Lima", notification_emails=["financeiro@lima.example.com"])
    portal.grant(firm, client["id"])
    token = portal.token_of(portal.link_in_last_mail(client["emails"][0]))
    portal.ok(
        "POST",
        "/auth/client/invitation/accept",
        body={"portal": firm.slug, "token": token, "password": "a long client password"},
    )
    matter = portal.open_matter(firm, [client], title="Inventário")
    portal.publish(firm, matter, [client])
    portal.add_update(firm, matter, "news", "Partilha homologada", body="O juiz homologou a partilha.")
    mails = [m for m in portal.mails_to("financeiro@lima.example.com") if "Partilha homologada" in m["subject"]]
    assert len(mails) == 1 and client["emails"][0] in mails[0]["to"]


def test_related_matters_show_only_when_the_client_is_involved_in_them_too(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, token = portal.invited_client(firm)
    joao, _ = portal.invited_client(firm)
    theirs = portal.open_matter(firm, [joao], title="Recurso do João")
    both = portal.open_matter(firm, [maria], title="Desdobramento da Maria")
    main = portal.open_matter(
        firm,
        [maria],
        title="Ação principal",
        related=[{"matter_id": theirs["id"], "kind": "appeal"}, {"matter_id": both["id"], "kind": "offshoot"}],
    )
    for matter in (theirs, both, main):
        involved = [c for c in (maria, joao) if any(p["client_id"] == c["id"] for p in matter["parties"])]
        portal.publish(firm, matter, involved)
    view = portal.ok("GET", f"/portal/matters/{main['id']}", token)
    assert [r["title"] for r in view["related"]] == ["Desdobramento da Maria"]


def test_relations_are_two_way(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, token = portal.invited_client(firm)
    original = portal.open_matter(firm, [maria], title="Ação original")
    read_before = portal.ok("GET", f"/matters/{original['id']}", firm.admin_token)
    appeal = portal.open_matter(
        firm, [maria], title="Apelação", related=[{"matter_id": original["id"], "kind": "appeal"}]
    )
    for matter in (original, appeal):
        portal.publish(firm, matter, [maria])

    stored = portal.ok("GET", f"/matters/{original['id']}", firm.admin_token)
    assert stored["related"] == [{"matter_id": appeal["id"], "kind": "appeal"}]
    assert [r["title"] for r in portal.ok("GET", f"/portal/matters/{original['id']}", token)["related"]] == ["Apelação"]
    # A form of the original opened before the link is stale: saving it would drop the link.
    stale = {**{k: read_before[k] for k in ("kind", "title", "parties", "related", "version")}, "title": "Renomeada"}
    refused = portal.call("PUT", f"/matters/{original['id']}", firm.admin_token, stale)
    assert refused.status_code == 409 and refused.json_body["error"]["code"] == "stale_version"

    # Unlinked from the original's side, it is gone from both.
    unlink = {**{k: stored[k] for k in ("kind", "title", "parties", "version")}, "related": []}
    portal.ok("PUT", f"/matters/{original['id']}", firm.admin_token, unlink)
    assert portal.ok("GET", f"/matters/{appeal['id']}", firm.admin_token)["related"] == []
    assert portal.ok("GET", f"/portal/matters/{appeal['id']}", token)["related"] == []
    assert portal.ok("GET", f"/portal/matters/{original['id']}", token)["related"] == []
    targets = {(e["action"], e["target"]) for e in portal.ok("GET", "/audit", firm.admin_token)["items"][:2]}
    assert targets == {("matter.updated", f"matter:{original['id']}"), ("matter.updated", f"matter:{appeal['id']}")}


def test_relations_the_other_side_cannot_take_are_refused_whole(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    clients = [portal.add_client(firm, f"Cliente {n}") for n in range(20)]
    crowded = [
        portal.publish(firm, portal.open_matter(firm, clients, title=f"Coletiva {n}"), clients) for n in range(3)
    ]
    too_many = portal.call(
        "POST",
        "/matters",
        firm.admin_token,
        {"kind": "case", "title": "Nova", "related": [{"matter_id": m["id"], "kind": "related"} for m in crowded]},
    )
    assert too_many.status_code == 422 and too_many.json_body["error"]["details"][0]["path"] == "related"
    assert [portal.ok("GET", f"/matters/{m['id']}", firm.admin_token)["version"] for m in crowded] == [
        m["version"] for m in crowded
    ]
    assert "Nova" not in [m["title"] for m in portal.ok("GET", "/matters", firm.admin_token)["items"]]

    twice = portal.call(
        "POST",
        "/matters",
        firm.admin_token,
        {
            "kind": "case",
            "title": "Nova",
            "related": [{"matter_id": crowded[0]["id"], "kind": k} for k in ("appeal", "related")],
        },
    )
    assert twice.status_code == 422 and twice.json_body["error"]["details"][0]["path"] == "related"
    # One at a time fits.
    one = portal.ok(
        "POST",
        "/matters",
        firm.admin_token,
        {"kind": "case", "title": "Nova", "related": [{"matter_id": crowded[0]["id"], "kind": "related"}]},
        status=201,
    )
    assert portal.ok("GET", f"/matters/{crowded[0]['id']}", firm.admin_token)["related"] == [
        {"matter_id": one["id"], "kind": "related"}
    ]


def test_ingestion_stores_each_movement_once_and_reports_unknown_matters(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    matter = portal.open_matter(firm, [client], kind="court_case", number=CNJ)
    portal.publish(firm, matter, [client])
    created = portal.ok("POST", "/api-keys", firm.admin_token, {"name": "feed"}, status=201)
    headers = {"X-Api-Key": created["secret"]}
    movements = [
        {
            "matter_number": CNJ,
            "occurred_at": f"2026-08-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
            "text": f"Movimento {i}",
        }
        for i in range(1000)
    ]
    lost = {"matter_number": "9999999-99.9999.9.99.9999", "occurred_at": "2026-08-01T00:00:00Z", "text": "Perdido"}
    too_many = portal.call(
        "POST", "/integration/movements", body={"format": "plain", "movements": [*movements, lost]}, headers=headers
    )
    assert too_many.status_code == 422
    # Three queue messages, the last one partial (each message holds 100 movements); every one
    # of them is translated by the worker afterwards, so the batch stays small enough to drain.
    accepted = portal.ok(
        "POST",
        "/integration/movements",
        body={"format": "plain", "movements": [*movements[:249], lost]},
        status=202,
        headers=headers,
    )
    again = portal.ok(
        "POST",
        "/integration/movements",
        body={"format": "plain", "movements": movements[:10]},
        status=202,
        headers=headers,
    )
    portal.pump.drain(timeout_seconds=120)
    first = portal.ok("GET", f"/integration/batches/{accepted['batch_id']}", headers=headers)
    assert (first["status"], first["stored"], first["duplicates"], first["unknown_matters"]) == (
        "done",
        249,
        0,
        ["9999999-99.9999.9.99.9999"],
    )
    second = portal.ok("GET", f"/integration/batches/{again['batch_id']}", headers=headers)
    assert (second["stored"], second["duplicates"]) == (0, 10)

    page = portal.ok("GET", f"/portal/matters/{matter['id']}/timeline?limit=100", token)
    dates = [i["occurred_at"] for i in page["items"]]
    assert dates == sorted(dates, reverse=True) and page["next_cursor"]
    assert portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)["notification_pending"] is True

    portal.ok("DELETE", f"/api-keys/{created['id']}", firm.admin_token, status=204)
    assert (
        portal.call(
            "POST", "/integration/movements", body={"format": "plain", "movements": movements[:1]}, headers=headers
        ).status_code
        == 401
    )


def test_simulation_sees_exactly_what_the_client_sees_and_leaves_no_receipt(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm, tasks=False)
    matter = portal.open_matter(firm, [client])
    portal.publish(firm, matter, [client])
    news = portal.add_update(firm, matter, "news", "Novidade")
    portal.add_update(firm, matter, "task", "Tarefa interna")
    simulation = portal.ok("POST", f"/clients/{client['id']}/access/simulation", firm.admin_token)["access_token"]
    for path in ("/portal/matters", f"/portal/matters/{matter['id']}", f"/portal/matters/{matter['id']}/timeline"):
        assert portal.ok("GET", path, simulation) == portal.ok("GET", path, token)
    portal.ok("POST", f"/portal/matters/{matter['id']}/timeline/{news['id']}/read", simulation, status=204)
    assert (
        portal.call(
            "POST", "/auth/password", simulation, {"current_password": "x", "new_password": "y" * 12}
        ).status_code
        == 403
    )
    staff_items = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    assert all(i["read_by"] == [] for i in staff_items)
    assert "access.simulated" in [e["action"] for e in portal.ok("GET", "/audit", firm.admin_token)["items"]]


def test_matters_published_before_the_access_existed_show_once_it_is_granted(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client = portal.add_client(firm, "Carla Dias")
    matter = portal.open_matter(firm, [client])
    portal.publish(firm, matter, [client])
    portal.grant(firm, client["id"])
    token = portal.token_of(portal.link_in_last_mail(client["emails"][0]))
    session = portal.ok(
        "POST",
        "/auth/client/invitation/accept",
        body={"portal": firm.slug, "token": token, "password": "a long client password"},
    )
    assert [m["id"] for m in portal.ok("GET", "/portal/matters", session["access_token"])["items"]] == [matter["id"]]
    # Unpublishing takes it away on the next request.
    portal.publish(firm, matter, [])
    assert portal.ok("GET", "/portal/matters", session["access_token"])["items"] == []


def test_staff_lists_filter_by_client_status_and_publication(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria = portal.add_client(firm, "Maria Dias")
    joao = portal.add_client(firm, "Joao Dias")
    published = portal.open_matter(firm, [maria], title="Publicado")
    portal.publish(firm, published, [maria])
    portal.open_matter(firm, [joao], title="Interno")
    archived = portal.open_matter(firm, [maria], title="Arquivado")
    portal.ok("POST", f"/matters/{archived['id']}/archive", firm.admin_token)

    def titles(query: str) -> list[str]:
        return [m["title"] for m in portal.ok("GET", f"/matters?{query}", firm.admin_token)["items"]]

    assert titles("") == ["Arquivado", "Interno", "Publicado"]
    assert titles(f"client_id={maria['id']}") == ["Arquivado", "Publicado"]
    assert titles("public=true") == ["Publicado"]
    assert titles("status=archived") == ["Arquivado"]
    assert portal.call("GET", "/matters?status=lost", firm.admin_token).status_code == 422
    assert portal.call("GET", "/matters/nosuchmatter/timeline", firm.admin_token).status_code == 404
    assert portal.call("DELETE", f"/clients/{maria['id']}", firm.admin_token).status_code == 409


def test_the_largest_matter_saves_in_one_transaction(portal: PortalDriver) -> None:
    """Twenty client parties (the most a matter may have), published, then all replaced by
    twenty others: the biggest change a save writes stays within DynamoDB's 100 items."""
    firm = portal.open_firm()
    first = [portal.add_client(firm, f"Autor {n} Silva") for n in range(20)]
    second = [portal.add_client(firm, f"Autora {n} Souza") for n in range(20)]
    matter = portal.open_matter(firm, first, title="Ação coletiva")
    portal.publish(firm, matter, first)
    current = portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)
    body = {
        **{k: current[k] for k in ("kind", "title", "court_published")},
        "parties": [{"name": c["name"], "role": "plaintiff", "client_id": c["id"], "published": True} for c in second],
    }
    replaced = portal.ok("PUT", f"/matters/{matter['id']}", firm.admin_token, {**body, "version": current["version"]})
    assert replaced["published_to"] == []
    assert len(portal.publish(firm, matter, second)["published_to"]) == 20
    too_many = portal.call(
        "PUT",
        f"/matters/{matter['id']}",
        firm.admin_token,
        {
            **body,
            "parties": body["parties"] + [{"name": "Um a mais", "role": "plaintiff", "client_id": first[0]["id"]}],
            "version": replaced["version"] + 1,
        },
    )
    assert too_many.status_code == 422
