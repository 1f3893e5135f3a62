"""B7 through the API against moto: court movements move a matter's stage (beside the
matter, no new version), staff set and clear it, the staff answer, the lists and the
client's portal carry it in the caller's language."""

from __future__ import annotations

from typing import Any

from tests.support.portal import Firm, PortalDriver

CNJ = "0000832-35.2018.4.01.3202"
CNJ_BARE = "00008323520184013202"


def feed(portal: PortalDriver, firm: Firm, *movements: tuple[int, int]) -> None:
    """DataJud movements (day of August, code) of the CNJ matter, stored by the worker."""
    headers = {"X-Api-Key": portal.ok("POST", "/api-keys", firm.admin_token, {"name": "feed"}, status=201)["secret"]}
    record = {
        "_source": {
            "numeroProcesso": CNJ_BARE,
            "movimentos": [
                {"codigo": code, "nome": f"Movimento {code}", "dataHora": f"2026-08-{day:02d}T10:00:00.000Z"}
                for day, code in movements
            ],
        }
    }
    portal.ok(
        "POST", "/integration/movements", body={"format": "datajud", "records": [record]}, status=202, headers=headers
    )
    portal.pump.drain()


def stage(answer: dict[str, Any]) -> tuple[Any, ...] | None:
    s = answer["stage"]
    return None if s is None else (s["key"], s["step"], s["steps"], s["set_by_staff"], s["label"])


def put_stage(portal: PortalDriver, firm: Firm, matter_id: str, key: str | None, version: int) -> Any:
    return portal.call("PUT", f"/matters/{matter_id}/stage", firm.admin_token, {"stage": key, "version": version})


def test_court_movements_move_the_stage_and_staff_set_and_clear_it(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, maria_token = portal.invited_client(firm)
    matter = portal.open_matter(firm, [maria], kind="court_case", number=CNJ)
    portal.publish(firm, matter, [maria])
    assert portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)["stage"] is None

    feed(portal, firm, (1, 26), (3, 12288), (2, 51))
    read = portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)
    assert stage(read) == ("summoned", 2, 8, False, "Citação")
    english = portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token, headers={"Accept-Language": "en-GB"})
    assert stage(english) == ("summoned", 2, 8, False, "Defendant summoned")
    # The client's portal and list, in the client's language.
    mine = portal.ok("GET", f"/portal/matters/{matter['id']}", maria_token, headers={"Accept-Language": "es"})
    assert stage(mine) == ("summoned", 2, 8, False, "Citación")
    assert mine["stage"]["explanation"] == "La otra parte fue llamada oficialmente a responder."
    (listed,) = portal.ok("GET", "/portal/matters", maria_token)["items"]
    assert stage(listed) == ("summoned", 2, 8, False, "Citação")
    (summary,) = portal.ok("GET", "/matters", firm.admin_token)["items"]
    assert stage(summary) == ("summoned", 2, 8, False, "Citação")

    # Staff set it: it wins over a later court movement.
    set_ = put_stage(portal, firm, matter["id"], "hearing", read["version"])
    assert set_.status_code == 200, set_.json_body
    assert stage(set_.json_body) == ("hearing", 3, 8, True, "Audiência")
    assert set_.json_body["stage_override"]["set_by_name"]
    feed(portal, firm, (9, 219))
    assert stage(portal.ok("GET", f"/portal/matters/{matter['id']}", maria_token))[0] == "hearing"  # type: ignore[index]
    assert portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)["notification_pending"] is True

    # Cleared: back to what the court says.
    current = portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)
    cleared = put_stage(portal, firm, matter["id"], None, current["version"])
    assert stage(cleared.json_body) == ("judgment", 5, 8, False, "Sentença")
    assert stage(portal.ok("GET", f"/portal/matters/{matter['id']}", maria_token))[0] == "judgment"  # type: ignore[index]
    actions = [e["action"] for e in portal.ok("GET", "/audit", firm.admin_token)["items"]]
    assert "matter.stage_set" in actions and "matter.stage_cleared" in actions


def test_a_stale_version_is_409_an_unknown_or_wrong_kind_stage_422_no_version_428_and_nothing_changes(
    portal: PortalDriver,
) -> None:
    firm = portal.open_firm()
    case = portal.open_matter(firm, [])
    stale = put_stage(portal, firm, case["id"], "negotiation", case["version"] + 1)
    assert stale.status_code == 409 and stale.json_body["error"]["code"] == "stale_version"
    unknown = put_stage(portal, firm, case["id"], "somewhere", case["version"])
    assert unknown.status_code == 422 and unknown.json_body["error"]["details"][0]["path"] == "stage"
    wrong = put_stage(portal, firm, case["id"], "hearing", case["version"])
    assert wrong.status_code == 422 and wrong.json_body["error"]["details"][0]["path"] == "stage"
    # Neither the version nor If-Match: the write cannot say what it was read over.
    missing = portal.call("PUT", f"/matters/{case['id']}/stage", firm.admin_token, {"stage": "negotiation"})
    assert missing.status_code == 428 and missing.json_body["error"]["code"] == "precondition_required"
    after = portal.ok("GET", f"/matters/{case['id']}", firm.admin_token)
    assert (after["version"], after["stage"]) == (case["version"], None)

    agreed = put_stage(portal, firm, case["id"], "agreement", case["version"])
    assert stage(agreed.json_body) == ("agreement", 3, 4, True, "Acordo")


def test_a_court_movement_does_not_make_the_staff_form_stale(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    matter = portal.open_matter(firm, [], kind="court_case", number=CNJ)
    form = portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)
    feed(portal, firm, (1, 26))
    body = {k: form[k] for k in ("kind", "number", "title", "parties", "version")} | {"title": "Maria x INSS"}
    saved = portal.call("PUT", f"/matters/{matter['id']}", firm.admin_token, body)
    assert saved.status_code == 200, saved.json_body
    assert saved.json_body["title"] == "Maria x INSS" and stage(saved.json_body)[0] == "filed"  # type: ignore[index]
