"""F16, F25, B1: court movements in plain language, cheapest source first.

Ingestion (or a staff member) puts a job on the translations queue; the worker writes the
plain text beside the update, so the client's timeline read costs nothing more. The code
table and the cache answer in every language at no cost; the model answers the rest, in
the languages the matter's clients read, when the firm's plan includes it, its admin has
consented and a credit is taken; its answer is fact-checked, retried once with the failure
stated, and otherwise flagged for staff. Without a model (the default of `make run`) the
table and cache still serve and the rest shows the original, marked "not translated yet"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import fact_check, plain_table
from ..domain.audit import Actor, AuditEntry
from ..domain.common import Language, new_id
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ..domain.firm import Firm
from ..domain.identity import PrincipalKind
from ..domain.matters import Matter
from ..domain.movement_codes import name_of
from ..domain.notifications import Notification, NotificationKind
from ..domain.ports import (
    ClientRepository,
    Clock,
    CreditLedger,
    FirmRepository,
    MatterRepository,
    Outbox,
    PlainLanguageModel,
    Queue,
    StaffRepository,
    TimelineRepository,
    TranslationCache,
)
from ..domain.timeline import TimelineItem, UpdateKind
from ..domain.translations import (
    CREDITS_PER_TRANSLATION,
    ConsentChange,
    ModelAnswerInvalid,
    ModelConsent,
    MovementText,
    PlainText,
    StaffTranslationEdit,
    Translation,
    TranslationJob,
    TranslationSettings,
    TranslationSource,
    TranslationState,
    Untranslated,
    cache_key,
    plan_of,
    with_court_facts,
)

SAVE_ATTEMPTS = 5


@dataclass(frozen=True)
class TranslationsService:
    firms: FirmRepository
    clients: ClientRepository
    matters: MatterRepository
    timeline: TimelineRepository
    cache: TranslationCache
    credits: CreditLedger
    queue: Queue
    model: PlainLanguageModel | None
    clock: Clock
    staff: StaffRepository
    outbox: Outbox

    # --- asking ------------------------------------------------------------------------------

    def on_arrival(self, item: TimelineItem) -> TimelineItem:
        """A court movement about to be stored, with the code table's texts in every language
        (pure: no call, no cost), so the client reads it in plain words from the moment it is
        stored; pending for the worker when the table does not say it."""
        made = [
            Translation(language=language, plain=found[0], source=found[1], made_at=item.created_at)
            for language in Language
            if (found := self._from_table(item, _movement_text(item), language)) is not None
        ]
        done = len(made) == len(Language)
        return item.model_copy(
            update={
                "translations": made,
                "translation_state": TranslationState.TRANSLATED if done else TranslationState.PENDING,
            }
        )

    def enqueue(self, items: Sequence[TimelineItem]) -> None:
        """Ingestion: a job per movement just stored that the table did not say, keyed by the
        movement, so a chunk processed twice queues nothing new that the worker would not skip."""
        self.queue.send_many([_job(item) for item in items])

    def request(self, actor: Actor, matter_id: str, item_id: str) -> TimelineItem:
        """A staff member asks for the plain text of any update (again: the languages that
        have none yet, say after the firm bought credits). Answered at once as pending."""
        item = self._item(actor.firm_id, matter_id, item_id)
        pending = item.model_copy(
            update={"translation_state": TranslationState.PENDING, "untranslated": None, "version": item.version + 1}
        )
        self.timeline.save(pending, item, None)
        self.queue.send(
            _job(item).model_copy(update={"id": f"{_job(item).id}#{new_id()}", "requested_by": actor.principal_id})
        )
        return pending

    def edit(self, actor: Actor, matter_id: str, item_id: str, edit: StaffTranslationEdit) -> TimelineItem:
        """Staff write or correct the plain text in one language: it wins over every other
        source and is kept when the court sends the movement again."""
        item = self._item(actor.firm_id, matter_id, item_id)
        if item.version != edit.version:
            raise Conflict("This update was changed by someone else. Reload and try again.", code="stale_version")
        now = self.clock.now()
        mine = Translation(
            language=edit.language,
            plain=edit.plain,
            source=TranslationSource.STAFF,
            made_at=now,
            made_by=actor.principal_id,
        )
        changed = _with(item, [mine]).model_copy(update={"version": item.version + 1})
        self.timeline.save(
            changed,
            item,
            AuditEntry.record(
                actor, "translation.edited", f"matter:{matter_id}", now, item=item.id, language=edit.language.value
            ),
        )
        return changed

    # --- the worker ----------------------------------------------------------------------------

    def translate(self, job: TranslationJob) -> TranslationState | None:
        """Put one update in plain words and store them beside it. Safe to run again: the
        languages already done are skipped, a credit is taken once per update and language,
        and a model answer is cached before it is stored. Raises ModelUnavailable for the
        queue to try again later (then the dead-letter queue)."""
        for _ in range(SAVE_ATTEMPTS):
            item = self.timeline.get(job.firm_id, job.matter_id, job.item_id)
            firm = self.firms.get(job.firm_id)
            matter = self.matters.get(job.firm_id, job.matter_id)
            if item is None or firm is None or matter is None:
                return None  # deleted meanwhile: nothing to translate
            done = self._translated(firm, matter, item).model_copy(update={"version": item.version + 1})
            first_flag = done.translation_state is TranslationState.FLAGGED and item.flagged_at is None
            if first_flag:
                done = done.model_copy(update={"flagged_at": self.clock.now()})
            try:
                self.timeline.save(done, item, None)
            except Conflict:
                continue  # staff changed it meanwhile: read it again
            if first_flag:
                self._tell_lawyer_of_flag(matter, done)
            return done.translation_state
        raise Conflict("The update kept changing while it was translated.")

    def _tell_lawyer_of_flag(self, matter: Matter, item: TimelineItem) -> None:
        """The matter's responsible lawyer (an active one) reviews a flagged translation."""
        lawyer = self.staff.get(matter.firm_id, matter.responsible_lawyer_id) if matter.responsible_lawyer_id else None
        if lawyer is None or not lawyer.can_sign_in:
            return
        self.outbox.send(
            Notification(
                kind=NotificationKind.TRANSLATION_FLAGGED,
                firm_id=matter.firm_id,
                principal_kind=PrincipalKind.STAFF,
                principal_id=lawyer.id,
                matter_id=matter.id,
                item_id=item.id,
            )
        )

    def _translated(self, firm: Firm, matter: Matter, item: TimelineItem) -> TimelineItem:
        now = self.clock.now()
        made: list[Translation] = []
        reasons: list[Untranslated] = []
        have = {t.language for t in item.translations}
        wanted = self._languages(firm, matter)
        movement = _movement_text(item)
        scope = _cache_scope(item)
        for language in Language:
            if language in have:
                continue
            free = self._free(item, movement, scope, language)
            if free is not None:
                made.append(Translation(language=language, plain=free[0], source=free[1], made_at=now))
            elif language in wanted:
                plain, reason = self._from_model(firm, item, movement, scope, language)
                if plain is not None:
                    made.append(
                        Translation(language=language, plain=plain, source=TranslationSource.MODEL, made_at=now)
                    )
                elif reason is not None:
                    reasons.append(reason)
        changed = _with(item, made)
        missing = wanted - {t.language for t in changed.translations}
        if not missing:
            return changed.model_copy(update={"translation_state": TranslationState.TRANSLATED, "untranslated": None})
        flagged = Untranslated.FACT_CHECK in reasons
        return changed.model_copy(
            update={
                "translation_state": TranslationState.FLAGGED if flagged else TranslationState.NOT_TRANSLATED,
                "untranslated": Untranslated.FACT_CHECK
                if flagged
                else (reasons[0] if reasons else Untranslated.NO_MODEL),
            }
        )

    def _free(
        self, item: TimelineItem, movement: MovementText, scope: str, language: Language
    ) -> tuple[PlainText, TranslationSource] | None:
        found = self._from_table(item, movement, language)
        if found is not None:
            return found
        if self.model is not None:
            cached = self.cache.get(cache_key(scope, language, self.model.prompt_version, movement.original))
            if cached is not None:
                return cached, TranslationSource.CACHE
        return None

    @staticmethod
    def _from_table(
        item: TimelineItem, movement: MovementText, language: Language
    ) -> tuple[PlainText, TranslationSource] | None:
        if not _from_the_court(item):
            return None
        found = plain_table.explain(item.code, item.national_code, item.complements, language)
        if found is None:
            return None
        plain, source = found
        return with_court_facts(plain, fact_check.facts(movement.original), language), source

    def _from_model(
        self, firm: Firm, item: TimelineItem, movement: MovementText, scope: str, language: Language
    ) -> tuple[PlainText | None, Untranslated | None]:
        if self.model is None:
            return None, Untranslated.NO_MODEL
        if not plan_of(firm.plan).model_translation:
            return None, Untranslated.NOT_IN_PLAN
        if not firm.model_consent.granted:
            return None, Untranslated.NO_CONSENT
        month = self.clock.now().strftime("%Y-%m")
        charge = f"{item.matter_id}#{item.id}#{language.value}"
        if not self.credits.charge(firm.id, charge, CREDITS_PER_TRANSLATION, month):
            self.credits.record_untranslated(firm.id, charge, month)
            return None, Untranslated.NO_CREDIT
        problems: list[str] = []
        for _ in range(2):  # the first answer, then one retry told what was wrong
            try:
                plain = self.model.explain(movement, language, problems)
            except ModelAnswerInvalid as error:
                problems = [f"The answer was not the JSON object asked for ({error})."]
                continue
            problems = fact_check.problems(movement.original, plain, language)
            if not problems:
                self.cache.put(cache_key(scope, language, self.model.prompt_version, movement.original), plain)
                return plain, None
        return None, Untranslated.FACT_CHECK

    def _languages(self, firm: Firm, matter: Matter) -> set[Language]:
        """The languages the matter's published clients read, and the firm's own."""
        wanted = {firm.portal.default_language}
        for client_id in matter.published_to:
            client = self.clients.get(firm.id, client_id)
            if client is not None and client.language is not None:
                wanted.add(client.language)
        return wanted

    # --- consent, plan and credits (F25) -------------------------------------------------------

    def settings(self, firm_id: str) -> TranslationSettings:
        firm, account = self.credits.firm_and_account(firm_id)  # one read
        if firm is None:
            raise NotFound("Firm not found.")
        provider = self.model.provider if self.model else None
        return TranslationSettings.of(firm.plan, firm.model_consent, firm.version, provider, account)

    def change_consent(self, actor: Actor, change: ConsentChange) -> TranslationSettings:
        """An admin turns consent on or off; recorded in the audit log with the provider."""
        firm = self._firm(actor.firm_id)
        if firm.version != change.version:
            raise Conflict(
                "The firm's settings were changed by someone else. Reload and try again.", code="stale_version"
            )
        if change.granted and self.model is None:
            raise InvalidInput.field("granted", "No language model is configured: there is nothing to consent to.")
        if change.granted and not plan_of(firm.plan).model_translation:
            raise Forbidden("The firm's plan does not include translation by a language model.", code="not_in_plan")
        now = self.clock.now()
        provider = self.model.provider if self.model else None
        consent = ModelConsent(granted=change.granted, provider=provider, changed_by=actor.principal_id, changed_at=now)
        changed = firm.model_copy(update={"model_consent": consent, "version": firm.version + 1})
        action = "translation.consent_granted" if change.granted else "translation.consent_withdrawn"
        self.firms.save(
            changed, firm, AuditEntry.record(actor, action, f"firm:{firm.id}", now, provider=provider or "")
        )
        return TranslationSettings.of(changed.plan, consent, changed.version, provider, self.credits.account(firm.id))

    # --- reads -----------------------------------------------------------------------------------

    def _firm(self, firm_id: str) -> Firm:
        firm = self.firms.get(firm_id)
        if firm is None:
            raise NotFound("Firm not found.")
        return firm

    def _item(self, firm_id: str, matter_id: str, item_id: str) -> TimelineItem:
        item = self.timeline.get(firm_id, matter_id, item_id)
        if item is None:
            raise NotFound("Update not found.")
        return item


def _job(item: TimelineItem) -> TranslationJob:
    # Unique across firms: the same court movement has the same item id in every firm that follows the case.
    job_id = f"{item.firm_id}#{item.matter_id}#{item.id}"
    return TranslationJob(id=job_id, firm_id=item.firm_id, matter_id=item.matter_id, item_id=item.id)


def _with(item: TimelineItem, made: list[Translation]) -> TimelineItem:
    """The item with these translations in place of the ones in their languages."""
    languages = {t.language for t in made}
    kept = [t for t in item.translations if t.language not in languages]
    return item.model_copy(update={"translations": sorted(kept + made, key=lambda t: list(Language).index(t.language))})


def _from_the_court(item: TimelineItem) -> bool:
    return item.kind is UpdateKind.AUTOMATIC_MOVEMENT and item.code is not None


def _movement_text(item: TimelineItem) -> MovementText:
    text = item.text if item.body is None else f"{item.text}\n{item.body}"
    return MovementText(text=text, complements=[c.line(Language.PT_BR) for c in item.complements])


def _cache_scope(item: TimelineItem) -> str:
    """A movement that is its code's own name and its complements is the same text in every
    firm, and its plain text is shared; free text may carry names, and stays the firm's."""
    if _from_the_court(item) and item.code is not None and item.body is None:
        if " ".join(item.text.casefold().split()) == " ".join(
            name_of(item.code, item.national_code).casefold().split()
        ):
            return "shared"
    return item.firm_id
