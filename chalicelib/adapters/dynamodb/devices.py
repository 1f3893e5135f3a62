"""The client's devices (F23), in the directory table:

- `FIRM#<id>` / `DEVICE#<client id>#<device id>`: one device, its SNS endpoint and the
  session that registered it; one Query on `DEVICE#<client id>#` lists the client's (at most
  ten), a GetItem reads one. Not under `CLIENT#<client id>`, whose prefix Query reads the
  client with its preferences (adapters/dynamodb/preferences.py) and must stay two items."""

from __future__ import annotations

from ...domain.devices import Device
from ...domain.errors import Conflict
from ...domain.ports import DeviceRepository
from .items import delete_same_document, document, firm_pk, get, item_key, load, load_each, put, query, transact

# One page: a client has at most MAX_DEVICES, a few more if registrations raced.
_PAGE = 100


def devices_sk(client_id: str) -> str:
    return f"DEVICE#{client_id}#"


def device_sk(client_id: str, device_id: str) -> str:
    return f"{devices_sk(client_id)}{device_id}"


class DynamoDeviceRepository:
    def __init__(self, directory: str) -> None:
        self.directory = directory

    def get(self, firm_id: str, client_id: str, device_id: str) -> Device | None:
        return load(Device, get(self.directory, firm_pk(firm_id), device_sk(client_id, device_id)))

    def of_client(self, firm_id: str, client_id: str) -> list[Device]:
        items, _ = query(self.directory, firm_pk(firm_id), devices_sk(client_id), None, _PAGE, consistent=True)
        return sorted(load_each(Device, items), key=lambda d: (d.registered_at, d.id))

    def save(self, device: Device) -> None:
        transact(
            [put(self.directory, document(firm_pk(device.firm_id), device_sk(device.client_id, device.id), device))]
        )

    def remove(self, device: Device) -> bool:
        key = item_key(firm_pk(device.firm_id), device_sk(device.client_id, device.id))
        try:
            transact([delete_same_document(self.directory, key, device)])
        except Conflict:
            return False
        return True


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_device_repository: type[DeviceRepository] = DynamoDeviceRepository
