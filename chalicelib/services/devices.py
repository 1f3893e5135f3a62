"""F23: the client's phones that get push notifications: registered by the mobile app in an
account session, listed and removed by the client, removed when the session that registered
them signs out (every one of them when the client signs out everywhere), and removed when
the platform says the phone no longer has the token. The dispatcher
(services/notifications.py) sends each client notification to every device through here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..domain.auth import Caller
from ..domain.devices import MAX_DEVICES, Device, DeviceInput, Push, PushUnavailable, check_token, device_id
from ..domain.errors import Conflict, Forbidden, NotFound
from ..domain.ports import Clock, DeviceRepository, PushSender


@dataclass(frozen=True)
class DevicesService:
    devices: DeviceRepository
    push: PushSender
    clock: Clock

    # --- the client's own -----------------------------------------------------------------

    def register(self, caller: Caller, request: DeviceInput) -> Device:
        """The phone's token becomes (or stays) an SNS endpoint and a device of the client,
        tied to this session. The same token again is the same device: its session, app
        version and language are updated, nothing is added."""
        client_id = _client_id(caller)
        if caller.claims.read_only:
            raise Forbidden("Sign in with your password to get notifications on this phone.", code="read_only_session")
        check_token(request.platform, request.token)
        new_id = device_id(request.platform, request.token)
        known = self.devices.of_client(caller.firm_id, client_id)
        if len(known) >= MAX_DEVICES and all(d.id != new_id for d in known):
            raise Conflict(
                f"At most {MAX_DEVICES} phones get notifications. Remove one you no longer use first.",
                code="too_many_devices",
            )
        device = Device(
            firm_id=caller.firm_id,
            client_id=client_id,
            id=new_id,
            platform=request.platform,
            endpoint="",
            session_id=caller.claims.session_id,
            app_version=request.app_version,
            language=request.language,
            registered_at=self.clock.now(),
        )
        device = device.model_copy(
            update={"endpoint": self.push.register(request.platform, request.token, device.owner)}
        )
        self.devices.save(device)
        return device

    def mine(self, caller: Caller) -> list[Device]:
        return self.devices.of_client(caller.firm_id, _client_id(caller))

    def remove(self, caller: Caller, device_id: str) -> None:
        """The client removes one of their phones (it gets no more pushes)."""
        client_id = _client_id(caller)
        if caller.claims.read_only:
            raise Forbidden("This session is read-only.", code="read_only_session")
        device = self.devices.get(caller.firm_id, client_id, device_id)
        if device is None:
            raise NotFound("This phone is not registered for notifications.", code="device_not_found")
        self._forget(device)

    # --- what other areas call ------------------------------------------------------------

    def signed_out(self, firm_id: str, client_id: str, session_id: str | None, everywhere: bool) -> int:
        """The client signed out: the devices this session registered go (every device, when
        signing out everywhere). Returns how many."""
        devices = self.devices.of_client(firm_id, client_id)
        gone = [d for d in devices if everywhere or (session_id is not None and d.session_id == session_id)]
        return sum(self._forget(device) for device in gone)

    def remove_all(self, firm_id: str, client_id: str) -> int:
        """Every device of the client goes (the access blocked or removed, the client deleted)."""
        return sum(self._forget(device) for device in self.devices.of_client(firm_id, client_id))

    def of_client(self, firm_id: str, client_id: str) -> list[Device]:
        return self.devices.of_client(firm_id, client_id)

    def send(self, devices: list[Device], compose: Callable[[Device], Push]) -> list[str]:
        """Each device gets its push (`compose`: in its language); a device the platform no
        longer reaches (disabled, deleted, its token registered by someone else since) is
        removed with its endpoint, and the others still get theirs. A push the platform cannot
        take now is skipped (PushUnavailable): her e-mail or text went already. The message ids sent."""
        sent = []
        for device in devices:
            try:
                message_id = self.push.send(device.endpoint, device.owner, compose(device))
            except PushUnavailable:
                continue  # this phone misses this push; it keeps its place for the next
            if message_id:
                sent.append(message_id)
            else:
                self._forget(device)
        return sent

    def _forget(self, device: Device) -> bool:
        removed = self.devices.remove(device)
        if removed:
            self.push.remove(device.endpoint, device.owner)
        return removed


def _client_id(caller: Caller) -> str:
    if caller.client_id is None:
        raise Forbidden("Only a client registers phones for notifications.")
    return caller.client_id
