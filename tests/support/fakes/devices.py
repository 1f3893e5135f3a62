"""The client's devices and the push sender (SNS platform endpoints), in memory."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from chalicelib.domain.devices import Device, Push, PushPlatform, PushUnavailable
from chalicelib.domain.ports import DeviceRepository, PushSender
from tests.support.fakes.store import Store, dump, load


class InMemoryDeviceRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, client_id: str, device_id: str) -> Device | None:
        return load(Device, self.store.devices.get((firm_id, client_id), {}).get(device_id))

    def of_client(self, firm_id: str, client_id: str) -> list[Device]:
        devices = [Device.model_validate_json(raw) for raw in self.store.devices.get((firm_id, client_id), {}).values()]
        return sorted(devices, key=lambda d: (d.registered_at, d.id))

    def save(self, device: Device) -> None:
        self.store.devices.setdefault((device.firm_id, device.client_id), {})[device.id] = dump(device)

    def remove(self, device: Device) -> bool:
        stored = self.store.devices.get((device.firm_id, device.client_id), {})
        if stored.get(device.id) != dump(device):
            return False
        del stored[device.id]
        return True


@dataclass
class FakeEndpoint:
    platform: PushPlatform
    token: str
    owner: str
    enabled: bool = True


@dataclass(frozen=True)
class SentPush:
    endpoint: str
    token: str
    push: Push
    message_id: str

    @property
    def payload(self) -> dict[str, object]:
        loaded: dict[str, object] = json.loads(self.push.sns_message())
        return loaded


@dataclass
class FakePushSender:
    """SNS's platform endpoints as the adapter sees them: one per token, marked with an owner;
    `disable` is what the platform does to a token the phone no longer has."""

    endpoints: dict[str, FakeEndpoint] = field(default_factory=dict)
    sent: list[SentPush] = field(default_factory=list)
    unavailable: bool = False  # the platform failing: every send raises PushUnavailable

    def register(self, platform: PushPlatform, token: str, owner: str) -> str:
        arn = next((a for a, e in self.endpoints.items() if e.platform is platform and e.token == token), None)
        if arn is None:
            arn = f"arn:aws:sns:us-east-1:000000000000:endpoint/{platform}/portal/{len(self.endpoints) + 1}"
        self.endpoints[arn] = FakeEndpoint(platform=platform, token=token, owner=owner)
        return arn

    def send(self, endpoint: str, owner: str, push: Push) -> str | None:
        if self.unavailable:
            raise PushUnavailable("the platform is failing")
        found = self.endpoints.get(endpoint)
        if found is None or not found.enabled or found.owner != owner:
            return None
        message = SentPush(endpoint=endpoint, token=found.token, push=push, message_id=f"push-{len(self.sent) + 1}")
        self.sent.append(message)
        return message.message_id

    def remove(self, endpoint: str, owner: str) -> None:
        found = self.endpoints.get(endpoint)
        if found is not None and found.owner == owner:
            del self.endpoints[endpoint]

    def disable(self, token: str) -> None:
        for endpoint in self.endpoints.values():
            if endpoint.token == token:
                endpoint.enabled = False

    def to(self, token: str) -> list[Push]:
        return [s.push for s in self.sent if s.token == token]


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_devices: type[DeviceRepository] = InMemoryDeviceRepository
_push: type[PushSender] = FakePushSender
