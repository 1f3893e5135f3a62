"""DeviceRepository: the client's phones (F23), kept under the firm and the client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.common import Language
from chalicelib.domain.devices import Device, PushPlatform, device_id
from chalicelib.domain.ports import DeviceRepository
from tests.contract.builders import unique

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def a_device(firm_id: str, client_id: str, token: str | None = None, minutes: int = 0, **changes: object) -> Device:
    token = token or unique()
    device = Device(
        firm_id=firm_id,
        client_id=client_id,
        id=device_id(PushPlatform.FCM, token),
        platform=PushPlatform.FCM,
        endpoint=f"arn:aws:sns:us-east-1:000000000000:endpoint/GCM/portal/{unique()}",
        session_id=unique(),
        app_version="1.2.0",
        language=Language.ES,
        registered_at=NOW + timedelta(minutes=minutes),
    )
    return device.model_copy(update=changes)


def test_nothing_registered(devices: DeviceRepository, firm_id: str) -> None:
    client_id = unique()
    assert devices.of_client(firm_id, client_id) == []
    assert devices.get(firm_id, client_id, unique()) is None


def test_a_device_reads_back_whole_and_the_clients_are_listed_oldest_first(
    devices: DeviceRepository, firm_id: str
) -> None:
    client_id = unique()
    later = a_device(firm_id, client_id, minutes=5)
    first = a_device(firm_id, client_id, minutes=1)
    devices.save(later)
    devices.save(first)
    assert devices.get(firm_id, client_id, first.id) == first
    assert devices.of_client(firm_id, client_id) == [first, later]


def test_the_same_phone_again_replaces_it(devices: DeviceRepository, firm_id: str) -> None:
    client_id = unique()
    first = a_device(firm_id, client_id, token="the-phone")
    devices.save(first)
    again = first.model_copy(update={"session_id": unique(), "app_version": "1.3.0"})
    devices.save(again)
    assert devices.of_client(firm_id, client_id) == [again]


def test_removed_as_read_only(devices: DeviceRepository, firm_id: str) -> None:
    client_id = unique()
    first = a_device(firm_id, client_id)
    devices.save(first)
    again = first.model_copy(update={"session_id": unique()})
    devices.save(again)  # registered again in another session since `first` was read
    assert devices.remove(first) is False
    assert devices.get(firm_id, client_id, first.id) == again
    assert devices.remove(again) is True
    assert devices.remove(again) is False  # gone already
    assert devices.of_client(firm_id, client_id) == []


def test_clients_and_firms_are_kept_apart(devices: DeviceRepository, firm_id: str, other_firm_id: str) -> None:
    client_id = unique()
    mine = a_device(firm_id, client_id, token="shared")
    devices.save(mine)
    assert devices.of_client(other_firm_id, client_id) == []
    assert devices.get(other_firm_id, client_id, mine.id) is None
    assert devices.of_client(firm_id, unique()) == []
    # Another client whose id begins with this one's is not listed with it.
    longer = a_device(firm_id, client_id + "x")
    devices.save(longer)
    assert devices.of_client(firm_id, client_id) == [mine]
    assert devices.get(firm_id, client_id, longer.id) is None
