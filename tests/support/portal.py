"""Drives the API the way the apps do, for integration tests: each test opens its own
firm, so tests never share data and tenant isolation is exercised all along."""

from __future__ import annotations

import itertools
import json
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from devstack.mailbox import sent_by_moto, texts_by_moto

ADMIN_PASSWORD = "correct horse battery staple"


def json_object(value: Any) -> dict[str, Any]:
    """A parsed JSON value that must be an object: the test fails here if it is not."""
    assert isinstance(value, dict), f"expected a JSON object, got {value!r}"
    return value


def json_str(value: Any) -> str:
    """A parsed JSON value that must be a string: the test fails here if it is not."""
    assert isinstance(value, str), f"expected a JSON string, got {value!r}"
    return value


@dataclass
class Firm:
    id: str
    slug: str
    admin_email: str
    admin_token: str


class PortalDriver:
    def __init__(self, http: Any, pump: Any, moto_url: str) -> None:
        self.http = http
        self.pump = pump
        self.moto_url = moto_url

    def call(
        self, method: str, path: str, token: str | None = None, body: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        payload = None if body is None else json.dumps(body)
        return self.http.http.request(method, path, headers=all_headers, body=payload)

    def ok(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body: Any = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        response = self.call(method, path, token, body, headers)
        expected = status or (201 if method == "POST" and path in ("/clients", "/staff") else 200)
        assert response.status_code == expected, f"{method} {path}: {response.status_code} {response.body[:500]!r}"
        return response.json_body

    def open_firm(self, name: str = "Silva Advogados") -> Firm:
        from chalicelib.bootstrap import services
        from chalicelib.domain.firm import PortalSettings

        slug = f"firm-{secrets.token_hex(4)}"
        admin_email = f"admin@{slug}.example.com"
        firm, _ = services().firm.open_firm(
            name,
            PortalSettings(enabled=True, slug=slug, display_name=name, sender_name=name),
            admin_email,
            "Ana Admin",
            services().adapters.hasher.hash(ADMIN_PASSWORD),
        )
        token = self.sign_in("staff", slug, admin_email, ADMIN_PASSWORD)
        return Firm(id=firm.id, slug=slug, admin_email=admin_email, admin_token=token)

    def sign_in(self, kind: str, slug: str, email: str, password: str) -> str:
        return json_str(
            self.ok("POST", f"/auth/{kind}/sign-in", body={"portal": slug, "email": email, "password": password})[
                "access_token"
            ]
        )

    def add_client(
        self, firm: Firm, name: str = "Maria Souza", email: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        email = email or f"{name.split()[0].lower()}.{secrets.token_hex(3)}@client.example.com"
        return json_object(self.ok("POST", "/clients", firm.admin_token, {"name": name, "emails": [email], **extra}))

    def grant(self, firm: Firm, client_id: str, type: str = "account", **profile: bool) -> dict[str, Any]:
        return json_object(
            self.ok(
                "POST", f"/clients/{client_id}/access", firm.admin_token, {"type": type, "profile": profile}, status=201
            )
        )

    def mails_to(self, address: str) -> list[dict[str, Any]]:
        """Delivers pending notifications, and the clients' held ones as if their time had
        come (B3), then returns the mail sent to `address`, oldest first."""
        self.pump.drain(until=datetime.max.replace(tzinfo=UTC))
        return [m for m in sent_by_moto(self.moto_url) if address in m["to"]]

    def mails_to_now(self, address: str) -> list[dict[str, Any]]:
        """Like mails_to, in real time: what is held stays held until its time."""
        self.pump.drain()
        return [m for m in sent_by_moto(self.moto_url) if address in m["to"]]

    def texts_to(self, phone: str) -> list[str]:
        """The text messages (SMS) moto's SNS captured for the number (E.164), oldest first."""
        return [t["text"] for t in texts_by_moto(self.moto_url) if t["to"] == phone]

    def pushes_to(self, token: str) -> list[dict[str, Any]]:
        """Delivers pending notifications (and the held ones, as mails_to does), then returns
        the push notifications moto's SNS took for the phone with this token, oldest first
        (devstack.mailbox.pushes_by_moto: device, title, body, deep link, data)."""
        from devstack.mailbox import pushes_by_moto

        self.pump.drain(until=datetime.max.replace(tzinfo=UTC))
        return [p for p in pushes_by_moto(self.moto_url) if p["token"] == token]

    def link_in_last_mail(self, address: str) -> str:
        mails = self.mails_to(address)
        assert mails, f"no mail to {address}"
        links: list[str] = re.findall(r'href="([^"]+)"', mails[-1]["html"])
        assert links, "no link in the mail"
        return links[0]

    @staticmethod
    def token_of(link: str) -> str:
        return link.rsplit("/", 1)[-1]

    def open_matter(self, firm: Firm, clients: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
        """A matter with these clients as published plaintiffs (a case out of court unless told)."""
        body = {
            "kind": "case",
            "title": "Contrato de locação",
            "parties": [
                {"name": c["name"], "role": "plaintiff", "client_id": c["id"], "published": True} for c in clients
            ],
            **fields,
        }
        return json_object(self.ok("POST", "/matters", firm.admin_token, body, status=201))

    def publish(self, firm: Firm, matter: dict[str, Any], clients: list[dict[str, Any]]) -> dict[str, Any]:
        current = self.ok("GET", f"/matters/{matter['id']}", firm.admin_token)
        return json_object(
            self.ok(
                "PUT",
                f"/matters/{matter['id']}/publication",
                firm.admin_token,
                {"client_ids": [c["id"] for c in clients], "version": current["version"]},
            )
        )

    def add_update(
        self, firm: Firm, matter: dict[str, Any], kind: str, text: str, when: str = "2026-09-01T12:00:00Z", **extra: Any
    ) -> dict[str, Any]:
        body = {"kind": kind, "occurred_at": when, "text": text, **extra}
        return json_object(
            self.ok("POST", f"/matters/{matter['id']}/timeline", firm.admin_token, body, status=201)["item"]
        )

    def invited_client(
        self, firm: Firm, password: str = "a long client password", **profile: bool
    ) -> tuple[dict[str, Any], str]:
        """A client who accepted an account invitation; returns the client and a session token."""
        client = self.add_client(firm)
        self.grant(firm, client["id"], "account", **profile)
        token = self.token_of(self.link_in_last_mail(client["emails"][0]))
        session = self.ok(
            "POST", "/auth/client/invitation/accept", body={"portal": firm.slug, "token": token, "password": password}
        )
        return client, session["access_token"]

    def invited_client_session(
        self, firm: Firm, password: str = "a long client password", **profile: bool
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Like invited_client, with the whole token pair (access and refresh token)."""
        client = self.add_client(firm)
        self.grant(firm, client["id"], "account", **profile)
        token = self.token_of(self.link_in_last_mail(client["emails"][0]))
        return client, self.ok(
            "POST", "/auth/client/invitation/accept", body={"portal": firm.slug, "token": token, "password": password}
        )

    def staff_member(
        self, firm: Firm, name: str = "Bruno Lima", role: str = "staff", password: str = "a long staff password"
    ) -> tuple[dict[str, Any], str]:
        """A member of staff who accepted the e-mailed invitation; returns the member and a session token."""
        email = f"{name.split()[0].lower()}.{secrets.token_hex(3)}@{firm.slug}.example.com"
        member = self.ok("POST", "/staff", firm.admin_token, {"email": email, "name": name, "role": role})
        token = self.token_of(self.link_in_last_mail(email))
        session = self.ok(
            "POST", "/auth/staff/invitation/accept", body={"portal": firm.slug, "token": token, "password": password}
        )
        return member, session["access_token"]


_addresses = itertools.count(1)


@contextmanager
def source_address(address: str | None = None) -> Iterator[str]:
    """Requests made inside come from `address` (a fresh one by default). Chalice's test
    client says 127.0.0.1 for every request, so without this all tests share the per-address
    rate limits (100 sign-ins per 15 minutes) and a rate-limit test spends everyone's."""
    from chalice.local import LambdaEventConverter

    address = address or f"2001:db8::{next(_addresses):x}"  # the documentation prefix: never a real host
    previous = LambdaEventConverter.LOCAL_SOURCE_IP
    LambdaEventConverter.LOCAL_SOURCE_IP = address
    try:
        yield address
    finally:
        LambdaEventConverter.LOCAL_SOURCE_IP = previous
