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
    batch = {"format": "datajud", "records": [{"numeroProcesso": CNJ, "movimentos": [movimento("Conclusão", 51)]}]}
    send_movements(system, integration(system, firm), batch)
    assert system.translation_queue.bodies == []  # stored in plain words already: nothing for the worker
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
    letter = movimento("Ofício recebido do INSS", None)
    batch = {"format": "datajud", "records": [{"numeroProcesso": CNJ, "movimentos": [letter]}]}
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


# --- what each use case says and records ------------------------------------------------------------------


def test_a_staff_edit_is_audited_with_the_update_and_the_language_and_answers_the_next_version(
    system: FakeSystem, firm: OpenFirm
) -> None:
    item = one(system, firm, movimento("Conclusão", 51))
    mine = PlainText(happened="A juíza vai decidir.")
    edited = system.services.translations.edit(
        firm.actor,
        item.matter_id,
        item.id,
        StaffTranslationEdit(language=Language.ES, plain=mine, version=item.version),
    )
    stored = system.timeline.get(firm.id, item.matter_id, item.id)
    assert edited == stored and edited.version == item.version + 1
    written = edited.translation(Language.ES)
    assert written is not None and (written.made_by, written.made_at) == (firm.actor.principal_id, system.clock.now())
    entry = system.audit.entries(firm.id)[0]
    assert (entry.action, entry.target, entry.details) == (
        "translation.edited",
        f"matter:{item.matter_id}",
        {"item": item.id, "language": "es"},
    )
    with pytest.raises(Conflict) as stale:
        system.services.translations.edit(
            firm.actor,
            item.matter_id,
            item.id,
            StaffTranslationEdit(language=Language.ES, plain=mine, version=item.version),
        )
    assert stale.value.code == "stale_version"
    assert stale.value.message == "This update was changed by someone else. Reload and try again."


def test_an_update_that_is_not_there_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    from chalicelib.domain.errors import NotFound

    matter = open_matter(system, firm)
    for attempt in (
        lambda: system.services.translations.request(firm.actor, matter.id, "20260803100000abcdef12"),
        lambda: system.services.translations.edit(
            firm.actor,
            matter.id,
            "20260803100000abcdef12",
            StaffTranslationEdit(language=Language.PT_BR, plain=GOOD, version=1),
        ),
    ):
        with pytest.raises(NotFound) as missing:
            attempt()
        assert missing.value.message == "Update not found."
    with pytest.raises(NotFound) as no_firm:
        system.services.translations.settings("nofirm")
    assert no_firm.value.message == "Firm not found."


def test_a_request_is_pending_at_once_and_its_job_names_who_asked(system: FakeSystem, firm: OpenFirm) -> None:
    item = one(system, firm, movimento("Ofício recebido do INSS", None))
    assert item.untranslated is Untranslated.NO_MODEL
    pending = system.services.translations.request(firm.actor, item.matter_id, item.id)
    assert pending == system.timeline.get(firm.id, item.matter_id, item.id)
    assert (pending.translation_state, pending.untranslated, pending.version) == (
        TranslationState.PENDING,
        None,
        item.version + 1,
    )
    (job,) = system.translation_queue.take(TranslationJob)
    assert job.requested_by == firm.actor.principal_id
    assert job.id.startswith(f"{firm.id}#{item.matter_id}#{item.id}#") and job.item_id == item.id
    again = system.services.translations.request(firm.actor, item.matter_id, item.id)
    (second,) = system.translation_queue.take(TranslationJob)
    assert second.id != job.id and again.version == pending.version + 1  # each request is a job of its own


def test_the_worker_saves_the_update_at_its_next_version_and_a_deleted_update_is_skipped(
    system: FakeSystem, firm: OpenFirm
) -> None:
    batch = {
        "format": "datajud",
        "records": [{"numeroProcesso": CNJ, "movimentos": [movimento("Ofício do INSS", None)]}],
    }
    send_movements(system, integration(system, firm), batch)
    (job,) = system.translation_queue.take(TranslationJob)
    before = system.timeline.get(firm.id, job.matter_id, job.item_id)
    assert system.services.translations.translate(job) is TranslationState.NOT_TRANSLATED
    after = system.timeline.get(firm.id, job.matter_id, job.item_id)
    assert before is not None and after is not None and after.version == before.version + 1
    gone = job.model_copy(update={"item_id": "20260803100000abcdef12"})
    assert system.services.translations.translate(gone) is None
    assert system.services.translations.translate(job.model_copy(update={"matter_id": "nomatter"})) is None
    assert system.services.translations.translate(job.model_copy(update={"firm_id": "nofirm"})) is None


def test_the_worker_reads_again_when_staff_changed_the_update_meanwhile(system: FakeSystem, firm: OpenFirm) -> None:
    batch = {
        "format": "datajud",
        "records": [{"numeroProcesso": CNJ, "movimentos": [movimento("Ofício do INSS", None)]}],
    }
    send_movements(system, integration(system, firm), batch)
    (job,) = system.translation_queue.take(TranslationJob)
    timeline = system.timeline
    real_save = timeline.save
    raced = []

    def save_after_a_staff_edit(item: TimelineItem, previous: TimelineItem, audit: Any) -> None:
        if not raced:  # a staff member hides the movement between the worker's read and its write
            raced.append(True)
            real_save(previous.model_copy(update={"published": False, "version": previous.version + 1}), previous, None)
        real_save(item, previous, audit)

    timeline.save = save_after_a_staff_edit  # type: ignore[method-assign]
    assert system.services.translations.translate(job) is TranslationState.NOT_TRANSLATED
    stored = system.timeline.get(firm.id, job.matter_id, job.item_id)
    assert stored is not None and stored.published is False  # both kept
    assert stored.translation_state is TranslationState.NOT_TRANSLATED
    assert stored.version == 3


def test_an_update_that_keeps_changing_gives_the_worker_up_to_the_queue(system: FakeSystem, firm: OpenFirm) -> None:
    batch = {
        "format": "datajud",
        "records": [{"numeroProcesso": CNJ, "movimentos": [movimento("Ofício do INSS", None)]}],
    }
    send_movements(system, integration(system, firm), batch)
    (job,) = system.translation_queue.take(TranslationJob)

    def always_stale(item: TimelineItem, previous: TimelineItem, audit: Any) -> None:
        raise Conflict("stale")

    system.timeline.save = always_stale  # type: ignore[method-assign]
    with pytest.raises(Conflict) as gave_up:
        system.services.translations.translate(job)
    assert gave_up.value.message == "The update kept changing while it was translated."


def test_a_withdrawn_consent_is_audited_with_the_provider_and_stops_the_model(
    system: FakeSystem, firm: OpenFirm
) -> None:
    model = with_model(system, firm, GOOD)
    version = system.services.translations.settings(firm.id).firm_version
    withdrawn = system.services.translations.change_consent(firm.actor, ConsentChange(granted=False, version=version))
    assert withdrawn.firm_version == version + 1 == system.firms.get(firm.id).version  # type: ignore[union-attr]
    assert (withdrawn.consent.granted, withdrawn.consent.provider) == (False, "Scripted model (tests)")
    assert (withdrawn.consent.changed_by, withdrawn.consent.changed_at) == (firm.actor.principal_id, system.clock.now())
    assert withdrawn.provider == "Scripted model (tests)" and withdrawn.credits == 10
    entry = system.audit.entries(firm.id)[0]
    assert (entry.action, entry.target, entry.details) == (
        "translation.consent_withdrawn",
        f"firm:{firm.id}",
        {"provider": "Scripted model (tests)"},
    )
    item = one(system, firm, movimento("Ofício recebido do INSS", None))
    assert model.calls == [] and item.untranslated is Untranslated.NO_CONSENT


def test_consent_refusals_say_why(system: FakeSystem, firm: OpenFirm) -> None:
    version = system.services.translations.settings(firm.id).firm_version
    with pytest.raises(InvalidInput) as no_model:
        system.services.translations.change_consent(firm.actor, ConsentChange(granted=True, version=version))
    assert no_model.value.details == [
        {"path": "granted", "message": "No language model is configured: there is nothing to consent to."}
    ]
    withdrawn = system.services.translations.change_consent(firm.actor, ConsentChange(granted=False, version=version))
    assert withdrawn.provider is None and withdrawn.consent.provider is None
    assert system.audit.entries(firm.id)[0].details == {"provider": ""}
    with pytest.raises(Conflict) as stale:
        system.services.translations.change_consent(firm.actor, ConsentChange(granted=False, version=version))
    assert (stale.value.code, stale.value.message) == (
        "stale_version",
        "The firm's settings were changed by someone else. Reload and try again.",
    )
    stored = json.loads(system.store.firms[firm.id])
    system.store.firms[firm.id] = json.dumps(stored | {"plan": "essential"})
    system.reconfigure(model=ScriptedModel())
    with pytest.raises(Forbidden) as plan:
        system.services.translations.change_consent(firm.actor, ConsentChange(granted=True, version=version + 1))
    assert (plan.value.code, plan.value.message) == (
        "not_in_plan",
        "The firm's plan does not include translation by a language model.",
    )


def test_each_movement_takes_its_own_credit_in_the_month_it_was_made(system: FakeSystem, firm: OpenFirm) -> None:
    with_model(system, firm, GOOD, PlainText(happened="Chegou um ofício da prefeitura."), credits=5)
    one(system, firm, movimento("Ofício recebido do INSS", None))
    one(system, firm, movimento("Ofício recebido da prefeitura", None, dataHora="2026-08-04T10:00:00.000Z"))
    account = system.credits.account(firm.id)
    assert account.balance == 3
    assert [(u.month, u.model_calls, u.credits) for u in account.usage] == [
        (system.clock.now().strftime("%Y-%m"), 2, 2)
    ]


def test_each_movement_left_for_lack_of_credit_is_counted(system: FakeSystem, firm: OpenFirm) -> None:
    with_model(system, firm, credits=0)
    one(system, firm, movimento("Ofício recebido do INSS", None))
    one(system, firm, movimento("Ofício recebido da prefeitura", None, dataHora="2026-08-04T10:00:00.000Z"))
    assert system.credits.account(firm.id).usage[0].untranslated_no_credit == 2


def test_an_answer_that_is_not_the_shape_asked_for_is_asked_again_saying_so(system: FakeSystem, firm: OpenFirm) -> None:
    from chalicelib.domain.translations import ModelAnswerInvalid

    model = with_model(system, firm, ModelAnswerInvalid("no JSON"), GOOD)
    item = one(system, firm, movimento("Ofício recebido do INSS", None))
    assert sources(item) == {"pt-BR": "model"}
    assert model.calls[1][2] == ["The answer was not the JSON object asked for (no JSON)."]
    other = open_firm(system, "outra")
    flagged = with_model(system, other, ModelAnswerInvalid("a"), ModelAnswerInvalid("b"))
    item = one(system, other, movimento("Ofício recebido do INSS", None))
    assert len(flagged.calls) == 2 and item.translation_state is TranslationState.FLAGGED


def test_the_model_reads_the_update_whole_with_its_complements_named(system: FakeSystem, firm: OpenFirm) -> None:
    model = with_model(system, firm, GOOD)
    complement = {"codigo": 1, "valor": 2, "nome": "Contestação", "descricao": "tipo_de_peticao"}
    one(system, firm, movimento("Petição da parte ré", None, complementosTabelados=[complement]))
    ((movement, language, _),) = model.calls
    assert (movement.text, movement.complements, language) == (
        "Petição da parte ré",
        ["Tipo de petição: Contestação"],
        Language.PT_BR,
    )
    matter = open_matter(system, firm)
    news = system.services.timeline.add(
        firm.actor,
        matter.id,
        UpdateInput(kind="news", occurred_at="2026-08-03T10:00:00Z", text="Acordo", body="Fechamos o acordo."),
    ).item
    model.answers.append(GOOD)
    system.services.translations.request(firm.actor, matter.id, news.id)
    system.translate_queued()
    assert model.calls[-1][0].text == "Acordo\nFechamos o acordo."


def test_the_table_keeps_the_courts_date_in_the_readers_language(system: FakeSystem, firm: OpenFirm) -> None:
    item = one(system, firm, movimento("Audiência de conciliação designada para 10/03/2027 14:00", 970))
    texts = {t.language: t.plain.happened for t in item.translations}
    assert "Informado pelo tribunal: 10/03/2027, 14:00." in texts[Language.PT_BR]
    assert "Según el tribunal: 10/03/2027, 14:00." in texts[Language.ES]
    assert "As the court wrote it: 10/03/2027, 14:00." in texts[Language.EN]


def test_only_the_missing_languages_are_done_when_one_is_there(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    added = system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind="manual_movement", occurred_at="2026-08-03T10:00:00Z", text="Perícia")
    ).item
    mine = PlainText(happened="Um perito vai examinar o caso.")
    system.services.translations.edit(
        firm.actor, matter.id, added.id, StaffTranslationEdit(language=Language.EN, plain=mine, version=added.version)
    )
    model = with_model(system, firm, GOOD)
    system.services.translations.request(firm.actor, matter.id, added.id)
    system.translate_queued()
    done = system.timeline.get(firm.id, matter.id, added.id)
    assert done is not None and sources(done) == {"pt-BR": "model", "en": "staff"}
    assert [language for _, language, _ in model.calls] == [Language.PT_BR]


def test_text_the_court_wrote_beside_a_code_is_cached_for_the_firm_only(system: FakeSystem, firm: OpenFirm) -> None:
    local = PlainText(
        happened="O tribunal registrou o andamento 99123 com uma nota.", next="Seu advogado vai explicar."
    )
    with_model(system, firm, local, credits=5)
    item = one(system, firm, movimento("Movimento 99123 - nota do cartório", 99123))
    assert sources(item) == {"pt-BR": "model"}
    assert [key.split("#")[0] for key in system.store.plain_cache] == [firm.id]
