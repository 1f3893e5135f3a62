"""The plain-text cache (updates table) and each firm's credits (directory table):

- `PLAIN#<scope>#<digest>` / `PLAIN`: a model's answer, shared by every firm (scope
  "shared") or kept to one firm (scope the firm's id);
- `FIRM#<id>` / `FIRM#CREDITS`: the balance, and beside it the use of each month as
  attributes `<yyyy-mm>#model_calls`, `#credits`, `#untranslated_no_credit`; it sorts right
  after the firm's own item, so one Query reads the firm and its credits together;
- `FIRM#<id>` / `CHARGE#<id>`: a charge taken (or a lack of credit counted) once, whatever
  the redeliveries."""

from __future__ import annotations

from ...domain.firm import Firm
from ...domain.ports import CreditLedger, TranslationCache
from ...domain.translations import CreditAccount, MonthlyUsage, PlainText
from .items import Item, firm_pk, get, item_key, load, number, put, query, string, transact, try_transact, update_op

CREDITS = "FIRM#CREDITS"
COUNTERS = frozenset(MonthlyUsage.model_fields) - {"month"}


class DynamoTranslationCache:
    def __init__(self, table: str) -> None:
        self.table = table

    def get(self, key: str) -> PlainText | None:
        item = get(self.table, f"PLAIN#{key}", "PLAIN")
        return None if item is None else PlainText.model_validate_json(item["doc"]["S"])

    def put(self, key: str, plain: PlainText) -> None:
        item = {**item_key(f"PLAIN#{key}", "PLAIN"), "doc": string(plain.model_dump_json())}
        try_transact([put(self.table, item, "attribute_not_exists(pk)")])  # the first answer stays


class DynamoCreditLedger:
    def __init__(self, directory: str) -> None:
        self.directory = directory

    def account(self, firm_id: str) -> CreditAccount:
        return _account(firm_id, get(self.directory, firm_pk(firm_id), CREDITS))

    def firm_and_account(self, firm_id: str) -> tuple[Firm | None, CreditAccount]:
        # One Query: the firm's item ("FIRM") and its credits ("FIRM#CREDITS") are the only
        # sort keys of the firm's partition that begin with "FIRM".
        items, _ = query(self.directory, firm_pk(firm_id), "FIRM", None, 10, consistent=True)
        by_key = {item["sk"]["S"]: item for item in items}
        return load(Firm, by_key.get("FIRM")), _account(firm_id, by_key.get(CREDITS))

    def grant(self, firm_id: str, credits: int) -> None:
        transact([self._balance_change(firm_id, credits)])

    def charge(self, firm_id: str, charge_id: str, credits: int, month: str) -> bool:
        failed = try_transact(
            [
                put(self.directory, item_key(firm_pk(firm_id), f"CHARGE#{charge_id}"), "attribute_not_exists(pk)"),
                self._balance_change(firm_id, -credits, month, model_calls=1, credits=credits),
            ]
        )
        if not failed:
            return True
        return 0 in failed  # taken before (the charge exists); else the balance is short

    def record_untranslated(self, firm_id: str, charge_id: str, month: str) -> None:
        try_transact(
            [
                put(
                    self.directory,
                    item_key(firm_pk(firm_id), f"CHARGE#untranslated#{charge_id}"),
                    "attribute_not_exists(pk)",
                ),
                self._balance_change(firm_id, 0, month, untranslated_no_credit=1),
            ]
        )

    def _balance_change(self, firm_id: str, added: int, month: str | None = None, **counted: int) -> Item:
        """ADD to the balance (only if it covers a charge) and to the month's counters, which
        live beside it as attributes `<yyyy-mm>#<counter>` (ADD makes them on first use)."""
        names = {"#b": "balance"} | {f"#c{i}": f"{month}#{name}" for i, name in enumerate(counted)}
        values = {":n": number(added)} | {f":c{i}": number(value) for i, value in enumerate(counted.values())}
        expression = "ADD #b :n" + "".join(f", #c{i} :c{i}" for i in range(len(counted)))
        condition = None
        if added < 0:
            condition = "#b >= :need"
            values[":need"] = number(-added)
        return update_op(
            self.directory,
            item_key(firm_pk(firm_id), CREDITS),
            expression,
            condition=condition,
            names=names,
            values=values,
        )


def _account(firm_id: str, item: Item | None) -> CreditAccount:
    if item is None:
        return CreditAccount(firm_id=firm_id)
    months: dict[str, dict[str, int]] = {}
    for attribute, value in item.items():
        month, _, counter = attribute.partition("#")
        if counter in COUNTERS and "N" in value:
            months.setdefault(month, {})[counter] = int(value["N"])
    usage = [MonthlyUsage(month=month, **counters) for month, counters in months.items()]
    return CreditAccount(
        firm_id=firm_id,
        balance=int(item.get("balance", {"N": "0"})["N"]),
        usage=sorted(usage, key=lambda u: u.month, reverse=True),
    )


# The ports this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_translation_cache: type[TranslationCache] = DynamoTranslationCache
_credit_ledger: type[CreditLedger] = DynamoCreditLedger
