"""The plain-text cache (updates table) and each firm's credits (directory table):

- `PLAIN#<scope>#<digest>` / `PLAIN`: a model's answer, shared by every firm (scope
  "shared") or kept to one firm (scope the firm's id);
- `FIRM#<id>` / `CREDITS`: the balance; `CREDITS#<yyyy-mm>`: the use of the month
  (model calls, credits, movements left untranslated for lack of credit); `CHARGE#<id>`:
  a charge taken (or a lack of credit counted) once, whatever the redeliveries."""

from __future__ import annotations

from ...domain.ports import CreditLedger, TranslationCache
from ...domain.translations import CreditAccount, MonthlyUsage, PlainText
from .items import Item, firm_pk, get, item_key, number, put, query, string, transact, try_transact, update_op

MONTHS_SHOWN = 24


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
        # One Query: the balance item sorts first, the months after it, oldest first.
        items, _ = query(self.directory, firm_pk(firm_id), "CREDITS", None, MONTHS_SHOWN + 1, consistent=True)
        balance = next((int(i["balance"]["N"]) for i in items if i["sk"]["S"] == "CREDITS"), 0)
        usage = [
            MonthlyUsage(
                month=i["sk"]["S"].removeprefix("CREDITS#"),
                model_calls=int(i.get("model_calls", {"N": "0"})["N"]),
                credits=int(i.get("credits", {"N": "0"})["N"]),
                untranslated_no_credit=int(i.get("untranslated_no_credit", {"N": "0"})["N"]),
            )
            for i in items
            if i["sk"]["S"].startswith("CREDITS#")
        ]
        return CreditAccount(firm_id=firm_id, balance=balance, usage=sorted(usage, key=lambda u: u.month, reverse=True))

    def grant(self, firm_id: str, credits: int) -> None:
        transact([self._balance_change(firm_id, credits)])

    def charge(self, firm_id: str, charge_id: str, credits: int, month: str) -> bool:
        failed = try_transact(
            [
                put(self.directory, item_key(firm_pk(firm_id), f"CHARGE#{charge_id}"), "attribute_not_exists(pk)"),
                self._balance_change(firm_id, -credits),
                self._count(firm_id, month, model_calls=1, credits=credits),
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
                self._count(firm_id, month, untranslated_no_credit=1),
            ]
        )

    def _balance_change(self, firm_id: str, credits: int) -> Item:
        if credits >= 0:
            return update_op(
                self.directory,
                item_key(firm_pk(firm_id), "CREDITS"),
                "ADD balance :n",
                values={":n": number(credits)},
            )
        return update_op(
            self.directory,
            item_key(firm_pk(firm_id), "CREDITS"),
            "ADD balance :n",
            condition="balance >= :need",
            values={":n": number(credits), ":need": number(-credits)},
        )

    def _count(self, firm_id: str, month: str, **added: int) -> Item:
        return update_op(
            self.directory,
            item_key(firm_pk(firm_id), f"CREDITS#{month}"),
            "ADD " + ", ".join(f"{name} :{name}" for name in added),
            values={f":{name}": number(value) for name, value in added.items()},
        )


# The ports this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_translation_cache: type[TranslationCache] = DynamoTranslationCache
_credit_ledger: type[CreditLedger] = DynamoCreditLedger
