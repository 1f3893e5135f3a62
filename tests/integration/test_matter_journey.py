"""Issue 4's journey through the API against moto: staff open a matter, publish it to one
of two involved clients and notify; a DataJud batch arrives through the integration API;
the right client sees the matter and its movements, the other sees nothing; staff see
the read receipt."""

from __future__ import annotations

from typing import Any

from tests.support.portal import PortalDriver

CNJ_NUMBER = "0000832-35.2018.4.01.3202"


def datajud_record(number_digits: str, movements: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "_source": {
            "numeroProcesso": number_digits,
            "classe": {"codigo": 7, "nome": "Procedimento Comum Cível"},
            "tribunal": "TRF1",
            "grau": "G1",
            "orgaoJulgador": {"codigo": 16403, "nome": "1ª Vara Federal de Tefé"},
            "movimentos": movements,
        }
    }


def test_published_matter_reaches_only_its_client(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, maria_token = portal.invited_client(firm)
    joao, joao_token = portal.invited_client(firm)

    matter = portal.ok(
        "POST",
        "/matters",
        firm.admin_token,
        {
            "kind": "court_case",
            "number": CNJ_NUMBER,
            "title": "Maria Souza x INSS",
            "court": "TRF1",
            "parties": [
                {"name": "Maria Souza", "role": "plaintiff", "client_id": maria["id"], "published": True},
                {"name": "João Pereira", "role": "third_party", "client_id": joao["id"]},
                {"name": "INSS", "role": "defendant", "published": True},
            ],
            "court_published": True,
        },
        status=201,
    )
    published = portal.ok(
        "PUT",
        f"/matters/{matter['id']}/publication",
        firm.admin_token,
        {"client_ids": [maria["id"]], "version": matter["version"]},
    )
    assert published["published_to"] == [maria["id"]] and published["notification_pending"] is True
    portal.ok("POST", f"/matters/{matter['id']}/notify", firm.admin_token)
    assert any("Maria Souza x INSS" in m["subject"] for m in portal.mails_to(maria["emails"][0]))
    assert portal.ok("GET", f"/matters/{matter['id']}", firm.admin_token)["notification_pending"] is False

    key = portal.ok("POST", "/api-keys", firm.admin_token, {"name": "Court feed"}, status=201)["secret"]
    movements = [
        {"codigo": 26, "nome": "Distribuição", "dataHora": "2018-10-01T10:00:00.000Z"},
        {"codigo": 51, "nome": "Conclusão", "dataHora": "2018-10-03T09:00:00.000Z"},
        {
            "codigo": 85,
            "nome": "Petição",
            "dataHora": "2018-10-02T15:30:00.000Z",
            "complementosTabelados": [
                {"codigo": 19, "valor": 57, "nome": "Contestação", "descricao": "tipo_de_peticao"}
            ],
        },
    ]
    batch = {"format": "datajud", "records": [datajud_record("00008323520184013202", movements)]}
    for _ in range(2):  # the same batch twice: each movement is stored once
        accepted = portal.ok("POST", "/integration/movements", body=batch, status=202, headers={"X-Api-Key": key})
        portal.pump.drain()
    status = portal.ok("GET", f"/integration/batches/{accepted['batch_id']}", headers={"X-Api-Key": key})
    assert status["status"] == "done" and status["duplicates"] == 3 and status["stored"] == 0

    mine = portal.ok("GET", "/portal/matters", maria_token)["items"]
    assert [m["title"] for m in mine] == ["Maria Souza x INSS"]
    assert [p["name"] for p in mine[0]["parties"]] == ["Maria Souza", "INSS"]
    timeline = portal.ok("GET", f"/portal/matters/{matter['id']}/timeline", maria_token)["items"]
    # Ordered by date, not arrival; code 85's "Petição" is shown by its whole name.
    assert [i["text"] for i in timeline] == ["Conclusão", "Juntada - Petição", "Distribuição"]
    assert timeline[1]["details"] == ["Tipo de petição: Contestação"]
    assert all(i["translation_state"] == "translated" for i in timeline)  # stored in plain words

    assert portal.ok("GET", "/portal/matters", joao_token)["items"] == []
    assert portal.call("GET", f"/portal/matters/{matter['id']}", joao_token).status_code == 404
    assert portal.call("GET", f"/portal/matters/{matter['id']}/timeline", joao_token).status_code == 404

    opened = timeline[1]["id"]
    portal.ok("POST", f"/portal/matters/{matter['id']}/timeline/{opened}/read", maria_token, status=204)
    staff_view = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    receipts = {i["id"]: i["read_by"] for i in staff_view}
    assert [r["client_id"] for r in receipts[opened]] == [maria["id"]]
    assert all(not r for item_id, r in receipts.items() if item_id != opened)
