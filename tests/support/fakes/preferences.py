"""Notification preferences, the SMS sender and the firms' monthly SMS counters, in memory."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from chalicelib.domain.clients import Client
from chalicelib.domain.ports import PreferencesRepository, SmsAllowance, SmsSender
from chalicelib.domain.preferences import NotificationPreferences
from tests.support.fakes.store import Store, Transaction, dump, load


class InMemoryPreferencesRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, client_id: str) -> NotificationPreferences | None:
        return load(NotificationPreferences, self.store.preferences.get((firm_id, client_id)))

    def with_client(self, firm_id: str, client_id: str) -> tuple[Client | None, NotificationPreferences | None]:
        return load(Client, self.store.clients.get((firm_id, client_id))), self.get(firm_id, client_id)

    def save(self, preferences: NotificationPreferences) -> None:
        key = (preferences.firm_id, preferences.client_id)
        previous = preferences.version - 1
        Transaction().require(lambda: (self.store.version_of(self.store.preferences, key) or 0) == previous).then(
            lambda: self.store.preferences.__setitem__(key, dump(preferences))
        ).commit()


@dataclass(frozen=True)
class SentSms:
    phone: str
    text: str
    message_id: str


class FakeSmsSender:
    """Keeps every text; numbers ending in 99 have opted out, as in moto's SNS."""

    def __init__(self) -> None:
        self.sent: list[SentSms] = []

    def send(self, phone: str, text: str) -> str | None:
        if phone.endswith("99"):
            return None
        message = SentSms(phone=phone, text=text, message_id=f"sms-{len(self.sent) + 1}")
        self.sent.append(message)
        return message.message_id

    def to(self, phone: str) -> list[str]:
        return [m.text for m in self.sent if m.phone == phone]


class InMemorySmsAllowance:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()  # one conditional update, as DynamoDB's

    def take(self, firm_id: str, month: str, cap: int) -> bool:
        key = (firm_id, month)
        with self._lock:
            if self.store.sms_counts.get(key, 0) >= cap:
                return False
            self.store.sms_counts[key] = self.store.sms_counts.get(key, 0) + 1
            return True


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_preferences: type[PreferencesRepository] = InMemoryPreferencesRepository
_sms: type[SmsSender] = FakeSmsSender
_sms_allowance: type[SmsAllowance] = InMemorySmsAllowance
