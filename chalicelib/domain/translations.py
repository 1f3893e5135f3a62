"""F16, F25, B1: court movements in plain language, in the client's language.

The cheapest source answers first: the CNJ code table (no model, no cost; a local code
falls back to its national parent's text, marked approximate), then the cache of earlier
model answers, then the language model, which costs a credit, needs the firm's plan and
its admin's consent, and whose answer is fact-checked before anyone sees it. A staff
member's own text always wins."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from .common import DomainModel, Id, Language, SingleLine, Version

Sentence = Annotated[str, SingleLine(max_length=600)]


class PlainText(DomainModel):
    """A movement said plainly; also the structured answer asked of the model."""

    happened: Annotated[str, SingleLine(min_length=1, max_length=600)] = Field(
        description="What happened, in short sentences for someone with no legal training."
    )
    next: Sentence = Field("", description="What usually comes next.")
    action_needed: bool = Field(
        False, description="Whether the client may need to act; the screens then say the lawyer will contact them."
    )


# A table text is the code's meaning; what the court wrote beside it (the hearing's date, an
# amount, a name) is added as written, so no fact of the original is lost.
COURT_FACTS = {
    Language.PT_BR: "Informado pelo tribunal: {facts}.",
    Language.ES: "Según el tribunal: {facts}.",
    Language.EN: "As the court wrote it: {facts}.",
}


def with_court_facts(plain: PlainText, court_facts: list[str], language: Language) -> PlainText:
    missing = [fact for fact in court_facts if fact not in f"{plain.happened} {plain.next}"]
    if not missing:
        return plain
    added = COURT_FACTS[language].format(facts=", ".join(missing))
    return plain.model_copy(update={"happened": f"{plain.happened} {added}"})


class TranslationSource(StrEnum):
    TABLE = "table"  # the plain-language code table, for the movement's own code
    PARENT = "parent"  # the table's text for the national parent of a court's local code: approximate
    CACHE = "cache"  # an earlier model answer for the same text, language and prompt
    MODEL = "model"
    STAFF = "staff"  # written or corrected by the firm: wins over everything, kept through re-ingestion


class Translation(DomainModel):
    language: Language
    plain: PlainText
    source: TranslationSource
    made_at: datetime
    made_by: str | None = None  # the staff member, for STAFF

    @property
    def approximate(self) -> bool:
        return self.source is TranslationSource.PARENT


class TranslationState(StrEnum):
    PENDING = "pending"  # a job is on the queue
    TRANSLATED = "translated"  # every language the matter's clients read has a text
    NOT_TRANSLATED = "not_translated"  # no model, plan, consent or credit: the original is shown
    FLAGGED = "flagged"  # the model's answers failed the fact check: staff are told


class Untranslated(StrEnum):
    """Why a movement shows its original only."""

    NO_MODEL = "no_model"  # no model configured (the default of `make run`)
    NOT_IN_PLAN = "not_in_plan"
    NO_CONSENT = "no_consent"
    NO_CREDIT = "no_credit"
    FACT_CHECK = "fact_check"  # the model's answer dropped or added a fact, twice


# --- plans and credits (F25) -----------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    name: str
    model_translation: bool


PLANS = {
    "essential": Plan("essential", model_translation=False),
    "standard": Plan("standard", model_translation=True),
    "premium": Plan("premium", model_translation=True),
}

CREDITS_PER_TRANSLATION = 1  # one model answer, in one language


def plan_of(name: str) -> Plan:
    return PLANS.get(name, PLANS["essential"])


class ModelConsent(DomainModel):
    """An admin's consent to send movement text to the configured model provider
    (bar-association guidance on generative AI; LGPD/GDPR). Off until an admin turns it on."""

    granted: bool = False
    provider: str | None = None  # the provider it was given for
    changed_by: str | None = None
    changed_at: datetime | None = None


class ConsentChange(DomainModel):
    granted: bool
    version: Version


class MonthlyUsage(DomainModel):
    month: Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}$")]
    model_calls: int = 0
    credits: int = 0
    untranslated_no_credit: int = 0


class CreditAccount(DomainModel):
    firm_id: Id
    balance: int = 0
    usage: list[MonthlyUsage] = []  # newest month first


class TranslationSettings(DomainModel):
    """What an admin sees in the portal settings: whether the plan includes the model, to whom
    the text would go, the consent, the balance and the use per month."""

    plan: str
    model_available: bool = Field(description="Whether the firm's plan includes translation by a language model.")
    provider: str | None = Field(description="The configured model provider; None when no model is configured.")
    consent: ModelConsent
    credits: int
    usage: list[MonthlyUsage]
    firm_version: int = Field(description="The firm's version, to send back with a consent change.")

    @classmethod
    def of(
        cls, plan: str, consent: ModelConsent, firm_version: int, provider: str | None, account: CreditAccount
    ) -> TranslationSettings:
        return cls(
            plan=plan,
            model_available=plan_of(plan).model_translation,
            provider=provider,
            consent=consent,
            credits=account.balance,
            usage=account.usage,
            firm_version=firm_version,
        )


class StaffTranslationEdit(DomainModel):
    """Staff's own plain text for an update in one language: it wins over every other source."""

    language: Language
    plain: PlainText
    version: Version


# --- the job and what the model is given -------------------------------------------------------


class TranslationJob(DomainModel):
    """One movement to put in plain language; `id` makes a redelivered message a no-op:
    `<firm>#<matter>#<update>` for ingestion, with a suffix of its own for each staff request."""

    id: str
    firm_id: Id
    matter_id: Id
    item_id: str
    requested_by: str | None = None  # a staff member asking for it; None for ingestion


class MovementText(DomainModel):
    """What the model reads: the court's words and the movement's complements, labelled."""

    text: str
    complements: list[str] = []

    @property
    def original(self) -> str:
        return "\n".join([self.text, *self.complements])


class ModelUnavailable(Exception):
    """The model server is busy (429), failing (5xx) or slow (timeout): try again later."""


class ModelAnswerInvalid(Exception):
    """The model answered something that is not the structured shape asked for."""


PROMPT_VERSION_UNKNOWN = "none"


def normalised(text: str) -> str:
    """The form a text is cached under: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def cache_key(scope: str, language: Language, prompt_version: str, text: str) -> str:
    """`scope` is "shared" for texts built only from a code and its complements (the same in
    every firm) and the firm's id for free text, which may carry names."""
    digest = hashlib.sha256(f"{prompt_version}\n{language.value}\n{normalised(text)}".encode()).hexdigest()
    return f"{scope}#{digest}"
