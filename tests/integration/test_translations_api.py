"""F16, B1 through HTTP, SQS and DynamoDB in moto: a court feed arrives, the ingestion
worker queues each new movement, the translations worker writes the plain text beside it,
and the client reads it with the original one tap away; staff ask for one or write their own."""

from __future__ import annotations

from typing import Any

from tests.support.portal import Firm, PortalDriver

CNJ = "0000832-35.2018.4.01.3202"


def key_headers(portal: PortalDriver, firm: Firm) -> dict[str, str]:
    return {"X-Api-Key": portal.ok("POST", "/api-keys", firm.admin_token, {"name": "feed"}, status=201)["secret"]}


def court_feed(portal: PortalDriver, firm: Firm, movements: list[dict[str, Any]]) -> None:
    batch = {"format": "datajud", "records": [{"numeroProcesso": CNJ, "movimentos": movements}]}
    portal.ok("POST", "/integration/movements", body=batch, status=202, headers=key_headers(portal, firm))
    portal.pump.drain()  # ingestion, then the translations it queued


def published_case(portal: PortalDriver) -> tuple[Firm, dict[str, Any], str]:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    matter = portal.open_matter(firm, [client], kind="court_case", number=CNJ)
    portal.publish(firm, matter, [client])
    return firm, matter, token


def test_a_court_feed_reaches_the_client_in_plain_words_and_the_rest_marked_not_translated(
    portal: PortalDriver,
) -> None:
    firm, matter, token = published_case(portal)
    hearing = {"codigo": 1, "valor": 2, "nome": "Conciliação", "descricao": "tipo_de_audiencia"}
    court_feed(
        portal,
        firm,
        [
            {"codigo": 51, "nome": "Conclusão", "dataHora": "2026-08-03T10:00:00.000Z"},
            {"codigo": 90051, "codigoPaiNacional": 51, "dataHora": "2026-08-04T10:00:00.000Z"},
            {"codigo": 970, "dataHora": "2026-08-05T10:00:00.000Z", "complementosTabelados": [hearing]},
            {"nome": "Ofício recebido do INSS", "dataHora": "2026-08-06T10:00:00.000Z"},
        ],
    )
    items = portal.ok("GET", f"/portal/matters/{matter['id']}/timeline", token)["items"]
    by_day = {i["occurred_at"][:10]: i for i in items}
    conclusion, local, hearing_item, letter = (by_day[f"2026-08-0{d}"] for d in (3, 4, 5, 6))
    assert conclusion["translation_state"] == "translated"
    assert {t["language"] for t in conclusion["translations"]} == {"pt-BR", "es", "en"}
    assert not any(t["approximate"] for t in conclusion["translations"])
    assert local["text"] == "Conclusão" and all(t["approximate"] for t in local["translations"])
    assert hearing_item["details"] == ["Tipo de audiência: Conciliação"]  # the original, labelled properly
    assert letter["translation_state"] == "not_translated" and letter["translations"] == []
    # Staff see where each text came from; the client does not.
    staff = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    assert {i["translations"][0]["source"] for i in staff if i["translations"]} == {"table", "parent"}
    assert "source" not in conclusion["translations"][0]


def test_staff_write_their_own_text_and_it_wins(portal: PortalDriver) -> None:
    firm, matter, token = published_case(portal)
    court_feed(portal, firm, [{"codigo": 51, "nome": "Conclusão", "dataHora": "2026-08-03T10:00:00.000Z"}])
    (item,) = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    path = f"/matters/{matter['id']}/timeline/{item['id']}/translation"
    mine = {"happened": "A juíza vai decidir o pedido de urgência.", "next": "", "action_needed": False}
    edited = portal.ok("PUT", path, firm.admin_token, {"language": "pt-BR", "plain": mine, "version": item["version"]})
    (text,) = [t for t in edited["translations"] if t["language"] == "pt-BR"]
    assert (text["plain"], text["source"]) == (mine, "staff") and text["made_by"]
    stale = portal.call(
        "PUT", path, firm.admin_token, body={"language": "es", "plain": mine, "version": item["version"]}
    )
    assert stale.status_code == 409
    # The court sends it again: the firm's text stays.
    court_feed(portal, firm, [{"codigo": 51, "nome": "Conclusão", "dataHora": "2026-08-03T10:00:00.000Z"}])
    (seen,) = portal.ok("GET", f"/portal/matters/{matter['id']}/timeline", token)["items"]
    assert [t["happened"] for t in seen["translations"] if t["language"] == "pt-BR"] == [mine["happened"]]


def test_staff_ask_for_a_translation_and_without_a_model_it_is_not_translated(portal: PortalDriver) -> None:
    firm, matter, _ = published_case(portal)
    news = portal.add_update(firm, matter, "news", "Protocolamos a petição inicial.")
    path = f"/matters/{matter['id']}/timeline/{news['id']}/translation"
    pending = portal.ok("POST", path, firm.admin_token, status=202)
    assert pending["translation_state"] == "pending"
    portal.pump.drain()
    (item,) = portal.ok("GET", f"/matters/{matter['id']}/timeline", firm.admin_token)["items"]
    assert (item["translation_state"], item["untranslated"]) == ("not_translated", "no_model")


def test_admins_see_the_consent_and_the_credits_and_staff_do_not(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    settings = portal.ok("GET", "/firm/translation", firm.admin_token)
    assert settings | {"firm_version": 0} == {
        "plan": "standard",
        "model_available": True,
        "provider": None,
        "consent": {"granted": False, "provider": None, "changed_by": None, "changed_at": None},
        "credits": 0,
        "usage": [],
        "firm_version": 0,
    }
    refused = portal.call(
        "PUT",
        "/firm/translation/consent",
        firm.admin_token,
        body={"granted": True, "version": settings["firm_version"]},
    )
    assert refused.status_code == 422  # no model is configured: nothing to consent to
    _, lawyer = portal.staff_member(firm)
    assert portal.call("GET", "/firm/translation", lawyer).status_code == 403
