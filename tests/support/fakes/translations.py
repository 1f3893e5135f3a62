"""The translation cache, the credit ledger and a scripted language model, in memory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from chalicelib.domain.common import Language
from chalicelib.domain.firm import Firm
from chalicelib.domain.ports import CreditLedger, PlainLanguageModel, TranslationCache
from chalicelib.domain.translations import CreditAccount, MonthlyUsage, MovementText, PlainText
from tests.support.fakes.store import Store, Transaction, dump, load


class InMemoryTranslationCache:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str) -> PlainText | None:
        return load(PlainText, self.store.plain_cache.get(key))

    def put(self, key: str, plain: PlainText) -> None:
        self.store.plain_cache.setdefault(key, dump(plain))


class InMemoryCreditLedger:
    def __init__(self, store: Store) -> None:
        self.store = store

    def account(self, firm_id: str) -> CreditAccount:
        s = self.store
        usage = [MonthlyUsage.model_validate_json(raw) for (firm, _), raw in s.credit_usage.items() if firm == firm_id]
        return CreditAccount(
            firm_id=firm_id,
            balance=int(s.credit_balances.get(firm_id, "0")),
            usage=sorted(usage, key=lambda u: u.month, reverse=True),
        )

    def firm_and_account(self, firm_id: str) -> tuple[Firm | None, CreditAccount]:
        return load(Firm, self.store.firms.get(firm_id)), self.account(firm_id)

    def grant(self, firm_id: str, credits: int) -> None:
        self._add(firm_id, credits)

    def _add(self, firm_id: str, credits: int) -> None:
        self.store.credit_balances[firm_id] = str(int(self.store.credit_balances.get(firm_id, "0")) + credits)

    def charge(self, firm_id: str, charge_id: str, credits: int, month: str) -> bool:
        s = self.store
        if (firm_id, charge_id) in s.credit_charges:
            return True
        if int(s.credit_balances.get(firm_id, "0")) < credits:
            return False
        tx = (
            Transaction()
            .then(lambda: s.credit_charges.__setitem__((firm_id, charge_id), month))
            .then(lambda: self._add(firm_id, -credits))
            .then(lambda: self._count(firm_id, month, model_calls=1, credits=credits))
        )
        tx.commit()
        return True

    def record_untranslated(self, firm_id: str, charge_id: str, month: str) -> None:
        s = self.store
        key = (firm_id, f"untranslated#{charge_id}")
        if key not in s.credit_charges:
            s.credit_charges[key] = month
            self._count(firm_id, month, untranslated_no_credit=1)

    def _count(self, firm_id: str, month: str, **added: int) -> None:
        usage = load(MonthlyUsage, self.store.credit_usage.get((firm_id, month))) or MonthlyUsage(month=month)
        update = {name: getattr(usage, name) + value for name, value in added.items()}
        self.store.credit_usage[(firm_id, month)] = dump(usage.model_copy(update=update))


Answer = PlainText | Exception | Callable[[MovementText, Language, list[str]], PlainText]


@dataclass
class ScriptedModel:
    """A language model that answers what the test scripted, in order, and keeps every call."""

    answers: list[Answer] = field(default_factory=list)
    calls: list[tuple[MovementText, Language, list[str]]] = field(default_factory=list)
    default: PlainText | None = None

    @property
    def provider(self) -> str:
        return "Scripted model (tests)"

    @property
    def prompt_version(self) -> str:
        return "v-test"

    def explain(self, movement: MovementText, language: Language, problems: list[str]) -> PlainText:
        self.calls.append((movement, language, list(problems)))
        answer = self.answers.pop(0) if self.answers else self.default
        if answer is None:
            raise AssertionError(f"the scripted model was not expecting a call for {movement.text!r}")
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(movement, language, problems)
        return answer


# The ports these fakes implement (chalicelib.domain.ports): mypy reports any drift here.
_translation_cache: type[TranslationCache] = InMemoryTranslationCache
_credit_ledger: type[CreditLedger] = InMemoryCreditLedger
_plain_language_model: type[PlainLanguageModel] = ScriptedModel
