"""F16, F25, B1: movements in plain language, cheapest source first: the code table (and a
local code's national parent, approximate), the cache, then the model, which needs the
plan, the admin's consent and a credit, and whose answer is fact-checked. Staff's text wins."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.domain.common import Language
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput
from chalicelib.domain.timeline import TimelineItem, UpdateInput
from chalicelib.domain.translations import (
    ConsentChange,
    ModelUnavailable,
    PlainText,
    StaffTranslationEdit,
    TranslationJob,
    TranslationSource,
    TranslationState,
    Untranslated,
)
from tests.support.fakes.system import FakeSystem
from tests.support.fakes.translations import ScriptedModel
from tests.unit.builders import (
    OpenFirm,
    add_client,
    caller,
    integration,
    invited_client,
    open_firm,
    open_matter,
    publish,
    send_movements,
)

CNJ = "0000832-35.2018.4.01.3202"
GOOD = PlainText(happened="O juiz pediu mais informações.", next="Seu advogado vai responder.", action_needed=False)


def movimento(nome: str | None, codigo: int | None = 51, **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"dataHora": "2026-08-03T10:00:00.000Z", **extra}
    if nome is not None:
        found["nome"] = nome
    if codigo is not None:
        found["codigo"] = codigo
    return found


def arrive(system: FakeSystem, firm: OpenFirm, *movements: dict[str, Any]) -> list[TimelineItem]:
    """A DataJud record reaches the firm, the ingestion worker stores it and the translations
    worker does what was queued; the movements as staff see them, in the order sent."""
    batch = {"format": "datajud", "records": [{"numeroProcesso": CNJ, "movimentos": list(movements)}]}
    send_movements(system, integration(system, firm), batch)
    system.translate_queued()
    matter = system.matters.by_number(firm.id, "00008323520184013202")
    assert matter is not None
    return list(system.services.timeline.page(firm.id, matter.id, None, 100).items)


def one(system: FakeSystem, firm: OpenFirm, movement: dict[str, Any]) -> TimelineItem:
    """The movement as staff see it once it arrived (the matter may hold others)."""
    items = arrive(system, firm, movement)
    return next(
        i for i in items if i.occurred_at.isoformat().startswith(movement["dataHora"][:19]) and _named(i, movement)
    )


def _named(item: TimelineItem, movement: dict[str, Any]) -> bool:
    return movement.get("nome") in (None, item.text) and item.code == movement.get("codigo")


def with_model(
    system: FakeSystem, firm: OpenFirm, *answers: Any, credits: int = 10, consent: bool = True
) -> ScriptedModel:
    model = ScriptedModel(answers=list(answers))
    system.reconfigure(model=model)
    system.credits.grant(firm.id, credits)
    if consent:
        settings = system.services.translations.settings(firm.id)
        system.services.translations.change_consent(
            firm.actor, ConsentChange(granted=True, version=settings.firm_version)
        )
    return model


def sources(item: TimelineItem) -> dict[str, str]:
    return {t.language.value: t.source.value for t in item.translations}


# --- the code table --------------------------------------------------------------------------------


def test_a_code_in_the_table_is_in_plain_words_in_every_language_at_no_cost(system: FakeSystem, firm: OpenFirm) -> None:
    item = one(system, firm, movimento("Conclusão", 51))
    assert sources(item) == {"pt-BR": "table", "es": "table", "en": "table"}
    assert item.translation_state is TranslationState.TRANSLATED
    assert "juiz" in item.translation(Language.PT_BR).plain.happened  # type: ignore[union-attr]
    assert system.credits.account(firm.id).usage == []


def test_a_local_code_falls_back_to_its_national_parent_marked_approximate(system: FakeSystem, firm: OpenFirm) -> None:
    item = one(system, firm, movimento(None, 90051, codigoPaiNacional=51))
    assert item.text == "Conclusão"  # named from the parent, as the ingestion does
    assert sources(item) == {"pt-BR": "parent", "es": "parent", "en": "parent"}
    assert all(t.approximate for t in item.translations)
    assert item.translation_state is TranslationState.TRANSLATED


def test_a_complement_that_changes_the_meaning_chooses_the_variant_and_fills_in_its_label(
    system: FakeSystem, firm: OpenFirm
) -> None:
    complement = {"codigo": 1, "valor": 2, "nome": "Conciliação", "descricao": "tipo_de_audiencia"}
    item = one(system, firm, movimento("Audiência", 970, complementosTabelados=[complement]))
    plain = {t.language.value: t.plain.happened for t in item.translations}
    assert "Conciliação".casefold() in plain["pt-BR"].casefold()
    assert "conciliación" in plain["es"].casefold()
    assert (
        plain["pt-BR"]
        != one(system, open_firm(system, "outra"), movimento("Audiência", 970)).translations[0].plain.happened
    )


# --- without a model ---------------------------------------------------------------------------------


def test_without_a_model_other_movements_show_the_original_marked_not_translated(
    system: FakeSystem, firm: OpenFirm
) -> None:
    item = one(system, firm, movimento("Petição juntada pela parte autora", None))
    assert item.translations == []
    assert (item.translation_state, item.untranslated) == (TranslationState.NOT_TRANSLATED, Untranslated.NO_MODEL)


def test_the_client_reads_the_plain_text_and_the_original_and_a_flag_only_as_not_translated(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [client], number=CNJ)
    publish(system, firm, matter, [client])
    batch = {
        "format": "datajud",
        "records": [{"numeroProcesso": matter.number, "movimentos": [movimento("Conclusão", 51)]}],
    }
    send_movements(system, integration(system, firm), batch)
    system.translate_queued()
    (seen,) = system.portal.timeline_page(caller(system, tokens), matter.id, None, 25).items
    assert seen.text == "Conclusão"  # the court's original, one tap away
    assert {t.language for t in seen.translations} == set(Language)
    assert seen.translation_state is TranslationState.TRANSLATED
    assert "made_by" not in seen.model_dump()["translations"][0]


# --- the model: plan, consent, credits -----------------------------------------------------------------


def test_without_consent_no_model_call_is_made(system: FakeSystem, firm: OpenFirm) -> None:
    model = with_model(system, firm, GOOD, consent=False)
    item = one(system, firm, movimento("Ofício recebido do INSS", None))
    assert model.calls == []
    assert item.untranslated is Untranslated.NO_CONSENT


def test_a_plan_without_the_model_makes_no_call_and_consent_is_refused(system: FakeSystem) -> None:
    firm = open_firm(system, "basico")
    stored = json.loads(system.store.firms[firm.id])
    system.store.firms[firm.id] = json.dumps(stored | {"plan": "essential"})
    model = with_model(system, firm, GOOD, consent=False)
    version = system.services.translations.settings(firm.id).firm_version
    with pytest.raises(Forbidden):
        system.services.translations.change_consent(firm.actor, ConsentChange(granted=True, version=version))
    item = one(system, firm, movimento("Ofício recebido do INSS", None))
    assert (model.calls, item.untranslated) == ([], Untranslated.NOT_IN_PLAN)


def test_without_credit_no_call_is_made_and_the_month_counts_what_was_left(system: FakeSystem, firm: OpenFirm) -> None:
    model = with_model(system, firm, GOOD, credits=0)
    item = one(system, firm, movimento("Ofício recebido do INSS", None))
    assert model.calls == []
    assert item.untranslated is Untranslated.NO_CREDIT
    (month,) = system.credits.account(firm.id).usage
    assert (month.model_calls, month.credits, month.untranslated_no_credit) == (0, 0, 1)


def test_a_model_translation_takes_one_credit_and_is_cached_for_the_firm(system: FakeSystem, firm: OpenFirm) -> None:
    model = with_model(system, firm, GOOD, credits=5)
    item = one(system, firm, movimento("Ofício recebido do INSS", None))
    assert sources(item) == {"pt-BR": "model"}  # only the language the matter's readers need
    assert item.translation_state is TranslationState.TRANSLATED
    account = system.credits.account(firm.id)
    assert (account.balance, account.usage[0].model_calls, account.usage[0].credits) == (4, 1, 1)
    # The same text again, in this firm: the cache answers, no call, no credit.
    again = one(system, firm, movimento("Ofício recebido do INSS", None, dataHora="2026-09-01T10:00:00.000Z"))
    assert sources(again)["pt-BR"] == "cache"
    assert len(model.calls) == 1 and system.credits.account(firm.id).balance == 4


def test_free_text_is_cached_per_firm_and_code_only_text_is_shared(system: FakeSystem, firm: OpenFirm) -> None:
    local = PlainText(happened="O tribunal registrou o andamento 99123.", next="Seu advogado vai explicar.")
    model = with_model(system, firm, GOOD, local, credits=5)
    one(system, firm, movimento("Ofício recebido do INSS", None))
    one(system, firm, movimento(None, 99123))  # a local code with no parent: "Movimento 99123"
    other = open_firm(system, "outra")
    system.credits.grant(other.id, 5)
    version = system.services.translations.settings(other.id).firm_version
    system.services.translations.change_consent(other.actor, ConsentChange(granted=True, version=version))
    model.answers.append(GOOD)
    free = one(system, other, movimento("Ofício recebido do INSS", None))
    shared = one(system, other, movimento(None, 99123))
    assert (sources(free)["pt-BR"], sources(shared)["pt-BR"]) == ("model", "cache")
    assert len(model.calls) == 3


def test_the_languages_the_matters_clients_read_are_translated(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Ana Ruiz", language="es")
    matter = open_matter(system, firm, [client], number=CNJ)
    publish(system, firm, matter, [client])
    model = with_model(system, firm, GOOD, GOOD)
    item = one(system, firm, movimento("Ofício recebido do INSS", None))
    assert sorted(sources(item)) == ["es", "pt-BR"]
    assert sorted(language.value for _, language, _ in model.calls) == ["es", "pt-BR"]


# --- the fact check ------------------------------------------------------------------------------------


def test_an_answer_that_drops_a_date_is_retried_once_with_the_failure_stated_then_flagged(
    system: FakeSystem, firm: OpenFirm
) -> None:
    dropped = PlainText(happened="Uma audiência foi marcada.", next="Seu advogado vai orientar.")
    model = with_model(system, firm, dropped, dropped)
    item = one(system, firm, movimento("Audiência de conciliação designada para 10/03/2027 14:00", None))
    assert len(model.calls) == 2
    assert model.calls[0][2] == [] and any("10/03/2027" in p for p in model.calls[1][2])
    assert (item.translation_state, item.untranslated) == (TranslationState.FLAGGED, Untranslated.FACT_CHECK)
    assert item.translations == []
    assert item.for_client().translation_state is TranslationState.NOT_TRANSLATED


def test_a_retry_that_passes_is_kept(system: FakeSystem, firm: OpenFirm) -> None:
    dropped = PlainText(happened="Uma audiência foi marcada.")
    kept = PlainText(happened="Uma audiência foi marcada para 10/03/2027 às 14:00.", action_needed=True)
    with_model(system, firm, dropped, kept)
    item = one(system, firm, movimento("Audiência de conciliação designada para 10/03/2027 14:00", None))
    assert item.translation(Language.PT_BR).plain == kept  # type: ignore[union-attr]


# --- reliability ------------------------------------------------------------------------------------------


def test_the_same_job_delivered_three_times_makes_one_call_and_takes_one_credit(
    system: FakeSystem, firm: OpenFirm
) -> None:
    model = with_model(system, firm, GOOD, credits=5)
    batch = {
        "format": "datajud",
        "records": [{"numeroProcesso": CNJ, "movimentos": [movimento("Ofício do INSS", None)]}],
    }
    send_movements(system, integration(system, firm), batch)
    (job,) = system.translation_queue.take(TranslationJob)
    for _ in range(3):
        system.services.translations.translate(job)
    assert len(model.calls) == 1 and system.credits.account(firm.id).balance == 4


def test_a_model_that_is_down_fails_the_job_for_the_queue_and_a_later_try_takes_no_second_credit(
    system: FakeSystem, firm: OpenFirm
) -> None:
    model = with_model(system, firm, ModelUnavailable("429"), GOOD, credits=5)
    batch = {
        "format": "datajud",
        "records": [{"numeroProcesso": CNJ, "movimentos": [movimento("Ofício do INSS", None)]}],
    }
    send_movements(system, integration(system, firm), batch)
    (job,) = system.translation_queue.take(TranslationJob)
    with pytest.raises(ModelUnavailable):
        system.services.translations.translate(job)
    assert system.services.translations.translate(job) is TranslationState.TRANSLATED
    assert len(model.calls) == 2 and system.credits.account(firm.id).balance == 4


# --- staff ---------------------------------------------------------------------------------------------------


def test_staff_text_wins_and_is_kept_when_the_court_sends_the_movement_again(
    system: FakeSystem, firm: OpenFirm
) -> None:
    item = one(system, firm, movimento("Conclusão", 51))
    mine = PlainText(happened="O processo está com a juíza para decidir o pedido de urgência.", action_needed=False)
    edited = system.services.translations.edit(
        firm.actor,
        item.matter_id,
        item.id,
        StaffTranslationEdit(language=Language.PT_BR, plain=mine, version=item.version),
    )
    assert edited.translation(Language.PT_BR).source is TranslationSource.STAFF  # type: ignore[union-attr]
    again = one(system, firm, movimento("Conclusão", 51))
    assert again.id == item.id
    assert again.translation(Language.PT_BR).plain == mine  # type: ignore[union-attr]
    with pytest.raises(Conflict):  # the version read before the edit is stale
        system.services.translations.edit(
            firm.actor,
            item.matter_id,
            item.id,
            StaffTranslationEdit(language=Language.ES, plain=mine, version=item.version),
        )


def test_staff_ask_for_a_translation_of_any_update(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    change = system.services.timeline.add(
        firm.actor,
        matter.id,
        UpdateInput(kind="news", occurred_at="2026-08-03T10:00:00Z", text="Protocolamos a petição inicial."),
    )
    pending = system.services.translations.request(firm.actor, matter.id, change.item.id)
    assert pending.translation_state is TranslationState.PENDING
    model = with_model(system, firm, GOOD)
    system.translate_queued()
    done = system.timeline.get(firm.id, matter.id, change.item.id)
    assert done is not None and sources(done) == {"pt-BR": "model"}
    assert model.calls[0][0].text == "Protocolamos a petição inicial."


def test_consent_is_an_admins_audited_choice_against_the_version_read(system: FakeSystem, firm: OpenFirm) -> None:
    system.reconfigure(model=ScriptedModel())
    settings = system.services.translations.settings(firm.id)
    assert (settings.consent.granted, settings.provider, settings.model_available) == (
        False,
        "Scripted model (tests)",
        True,
    )
    granted = system.services.translations.change_consent(
        firm.actor, ConsentChange(granted=True, version=settings.firm_version)
    )
    assert granted.consent.granted and granted.consent.provider == "Scripted model (tests)"
    with pytest.raises(Conflict):
        system.services.translations.change_consent(
            firm.actor, ConsentChange(granted=False, version=settings.firm_version)
        )
    actions = [e.action for e in system.services.audit.list(firm.id, None, 50).items]
    assert "translation.consent_granted" in actions


def test_consent_without_a_configured_model_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    version = system.services.translations.settings(firm.id).firm_version
    with pytest.raises(InvalidInput):
        system.services.translations.change_consent(firm.actor, ConsentChange(granted=True, version=version))


def test_two_firms_following_the_same_case_get_jobs_of_their_own(system: FakeSystem, firm: OpenFirm) -> None:
    other = open_firm(system, "outra")
    batch = {"format": "datajud", "records": [{"numeroProcesso": CNJ, "movimentos": [movimento("Conclusão", 51)]}]}
    send_movements(system, integration(system, firm), batch)
    send_movements(system, integration(system, other), batch)
    first, second = system.translation_queue.take(TranslationJob)
    assert first.item_id == second.item_id  # the same movement, the same id in each firm
    assert first.id != second.id  # but the worker's idempotency keeps them apart


def test_rewriting_an_update_drops_its_plain_texts_which_said_the_old_words(system: FakeSystem, firm: OpenFirm) -> None:
    from chalicelib.domain.timeline import UpdateChange

    matter = open_matter(system, firm)
    added = system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind="news", occurred_at="2026-08-03T10:00:00Z", text="Protocolamos.")
    ).item
    system.services.translations.request(firm.actor, matter.id, added.id)
    with_model(system, firm, GOOD)
    system.translate_queued()
    current = system.timeline.get(firm.id, matter.id, added.id)
    assert current is not None and current.translations
    kept = system.services.timeline.update(
        firm.actor, matter.id, added.id, UpdateChange(published=True, version=current.version)
    ).item
    assert kept.translations == current.translations  # nothing said changed
    rewritten = system.services.timeline.update(
        firm.actor, matter.id, added.id, UpdateChange(text="Protocolamos a inicial.", version=kept.version)
    ).item
    assert (rewritten.translations, rewritten.translation_state) == ([], None)
