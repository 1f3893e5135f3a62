"""Notification preferences and the firms' SMS counters, in the directory table:

- `FIRM#<id>` / `CLIENT#<client id>#PREFS`: the client's choices, verified mobile and any
  code waiting (its hash), one document over a version; it sorts right after the client's
  own item (`CLIENT#<client id>`), so one Query reads the client and its preferences together;
- `FIRM#<id>` / `SMS#<yyyy-mm>`: `count`, the texts the firm sent that month, raised by one
  conditional UpdateItem per text, which fails once it reaches the firm's cap."""

from __future__ import annotations

from ...domain.clients import Client
from ...domain.ports import PreferencesRepository, SmsAllowance
from ...domain.preferences import NotificationPreferences
from .items import (
    ConditionFailed,
    document,
    firm_pk,
    get,
    item_key,
    load,
    number,
    put_new,
    put_versioned,
    query,
    transact,
    update,
)


def client_sk(client_id: str) -> str:
    return f"CLIENT#{client_id}"


def preferences_sk(client_id: str) -> str:
    return f"{client_sk(client_id)}#PREFS"


class DynamoPreferencesRepository:
    def __init__(self, directory: str) -> None:
        self.directory = directory

    def get(self, firm_id: str, client_id: str) -> NotificationPreferences | None:
        return load(NotificationPreferences, get(self.directory, firm_pk(firm_id), preferences_sk(client_id)))

    def with_client(self, firm_id: str, client_id: str) -> tuple[Client | None, NotificationPreferences | None]:
        # One Query: the client ("CLIENT#<id>") and its preferences ("CLIENT#<id>#PREFS") begin
        # with the same key; exact keys are picked, so another id that starts with this one is not.
        items, _ = query(self.directory, firm_pk(firm_id), client_sk(client_id), None, 10, consistent=True)
        by_key = {item["sk"]["S"]: item for item in items}
        return (
            load(Client, by_key.get(client_sk(client_id))),
            load(NotificationPreferences, by_key.get(preferences_sk(client_id))),
        )

    def save(self, preferences: NotificationPreferences) -> None:
        item = document(firm_pk(preferences.firm_id), preferences_sk(preferences.client_id), preferences)
        previous = preferences.version - 1
        transact([put_new(self.directory, item) if previous == 0 else put_versioned(self.directory, item, previous)])


class DynamoSmsAllowance:
    def __init__(self, directory: str) -> None:
        self.directory = directory

    def take(self, firm_id: str, month: str, cap: int) -> bool:
        if cap <= 0:
            return False
        try:
            update(
                self.directory,
                item_key(firm_pk(firm_id), f"SMS#{month}"),
                "ADD #c :one",
                condition="attribute_not_exists(#c) OR #c < :cap",
                names={"#c": "count"},
                values={":one": number(1), ":cap": number(cap)},
            )
        except ConditionFailed:
            return False
        return True


# The ports this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_preferences_repository: type[PreferencesRepository] = DynamoPreferencesRepository
_sms_allowance: type[SmsAllowance] = DynamoSmsAllowance
