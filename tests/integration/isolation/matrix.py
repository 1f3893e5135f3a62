"""B5: tenant isolation, proven on every route by a matrix: the shared machinery.

Every route the app serves (each path × method of `app.routes` and of
`chalicelib.handlers.http.OPERATIONS`) has an entry in the ROUTES of the area module named
like the handler module that serves it (`chalicelib/handlers/clients.py` ->
`test_clients.py` in this package), and each entry is tried by four callers against firm
A's data:

    other_firm_staff   firm B's admin: B's session token, and B's API key on integration routes
    other_firm_client  a client of firm B with an active account
    same_firm_client   a second client of firm A, who has no rights over what the route is about
    anonymous          no token at all

Each (route, caller) pair is its own test case and checks:

  * the status. A route about one record of firm A (`record`) refuses every caller with
    exactly the status that says nothing about the record: 401 without credentials, 403
    when the caller's kind may not use the route at all (a client on a staff route), 404
    when it may (another firm's admin on a staff route: "not in your firm", the same
    answer as for an id that never existed, so existence does not leak either). A route
    that works on the caller's own firm or account (`own`: lists, creates, settings, /me)
    serves a caller of the right kind from *its own* firm and refuses the others. A
    public route (`public`) shows the behaviour its entry documents.
  * the body: no identifier, name, e-mail or secret of firm A's data (ids, names and
    e-mails of the firm, its staff and clients, matters, API keys...) appears in the raw
    response text. What the caller itself sent is not counted (an echo discloses nothing),
    and on public routes neither is what a portal shows before sign-in (slug, display name).
  * nothing changed in firm A: its audit log is the same before and after the attempt
    (plus a route-specific snapshot where a change would not be audited).
  * the positive control: the same request made afterwards by firm A's rightful caller
    (its admin, the client the record belongs to, its API key) succeeds with the entry's
    status. So an entry cannot pass by sending a request that could never work, and for
    destructive routes it also shows that the record outlived the attack.

A route without an entry fails test_completeness.py with a message naming it and the area
module it belongs in; so does an entry for a route that no longer exists, an entry in the
wrong area module and a route with two entries. The World (both firms) is built once for
the whole package (conftest.py), on the first case that needs it.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest

from tests.support.portal import PortalDriver

CALLERS = ("other_firm_staff", "other_firm_client", "same_firm_client", "anonymous")
OUTSIDERS = ("other_firm_staff", "other_firm_client", "anonymous")
REFUSED = {401, 403, 404}
PASSWORD = "a long password for the matrix"
NEW_PASSWORD = "another long password 2"
PACKAGE = Path(__file__).parent
HERE = "tests/integration/isolation"


def app_routes() -> set[tuple[str, str]]:
    """Every (method, path) the app serves: Chalice's routes and the declared operations."""
    import app
    from chalicelib.handlers.http import OPERATIONS

    return {(method, path) for path, methods in app.app.routes.items() for method in methods} | {
        (op.method, op.path) for op in OPERATIONS
    }


def areas() -> dict[tuple[str, str], str]:
    """The area of each route: the name of the handler module whose view serves it."""
    import app

    return {
        (method, path): entry.view_function.__module__.rsplit(".", 1)[-1]
        for path, methods in app.app.routes.items()
        for method, entry in methods.items()
    }


def _audiences() -> dict[tuple[str, str], str]:
    import app  # noqa: F401 - registers every route
    from chalicelib.handlers.http import OPERATIONS

    return {(op.method, op.path): op.audience.value for op in OPERATIONS}


# --------------------------------------------------------------------------------------
# Firm A (the victim), firm B (the other tenant) and what each caller holds.
# --------------------------------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def api_key(secret: str) -> dict[str, str]:
    return {"X-Api-Key": secret}


def made_up_link(principal_id: str | None = None) -> str:
    """A token shaped like an e-mailed link (`<principal id>.<secret>`) that nobody issued."""
    return f"{principal_id or secrets.token_hex(8)}.{secrets.token_urlsafe(32)}"


def valid_cnj() -> str:
    from chalicelib.domain.cnj import check_digits

    sequence, year, segment, court, origin = f"{secrets.randbelow(10**7):07d}", "2024", "8", "26", "0100"
    return f"{sequence}-{check_digits(sequence, year, segment, court, origin)}.{year}.{segment}.{court}.{origin}"


@dataclass
class Tenant:
    id: str
    slug: str
    name: str
    display_name: str
    admin: dict[str, Any]
    admin_token: str


class World:
    """Firm A with staff, clients, a published matter with updates, an API key and an
    ingestion batch; firm B with its own admin, client and API key. Every value of firm
    A's data is recorded in `secrets` as it is made; `fresh_*` make disposable records
    for routes that change or delete what they are about."""

    def __init__(self, driver: PortalDriver) -> None:
        self.driver = driver
        self.secrets: dict[str, str] = {}  # value -> what it is (for failure messages)
        self.own_of_same_firm_client: set[str] = set()
        self.firm_level: set[str] = set()
        self.public: set[str] = set()
        self.marks = itertools.count(1)

    # --- plumbing ---------------------------------------------------------------------

    def call(self, method: str, path: str, headers: dict[str, str] | None = None, body: Any = None) -> Any:
        return self.driver.call(method, path, body=body, headers=headers)

    def ok(self, method: str, path: str, headers: dict[str, str], body: Any = None, status: int = 200) -> Any:
        response = self.call(method, path, headers, body)
        assert response.status_code == status, (
            f"setup: {method} {path} answered {response.status_code} {response.body[:400]!r}"
        )
        return response.json_body

    def admin(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        return self.ok(method, path, bearer(self.a.admin_token), body, status)

    def secret(self, what: str, *values: Any) -> None:
        for value in values:
            if isinstance(value, str) and len(value) >= 6:
                self.secrets[value] = what

    def mark(self, word: str) -> str:
        return f"{word} {self.tag}{next(self.marks)}"

    def link_token(self, email: str, route: str) -> str:
        """The token of the newest e-mailed link of this kind (invite, reset, link) to `email`."""
        self.driver.pump.drain()
        from devstack.mailbox import sent_by_moto

        for mail in reversed(sent_by_moto(self.driver.moto_url)):
            if email in mail["to"]:
                links = [link for link in re.findall(r'href="([^"]+)"', mail["html"]) if f"#/{route}/" in link]
                if links:
                    return self.driver.token_of(links[0])
        raise AssertionError(f"setup: no {route} link mailed to {email}")

    def mails_with(self, email: str, route: str, slug: str) -> int:
        """How many e-mails to `email` carry a `route` link into the portal `slug`."""
        self.driver.pump.drain()
        from devstack.mailbox import sent_by_moto

        return sum(
            1
            for m in sent_by_moto(self.driver.moto_url)
            if email in m["to"] and f"#/{route}/" in m["html"] and slug in m["html"]
        )

    # --- building ----------------------------------------------------------------------

    def open_firm(self, name: str, display_name: str, admin_name: str) -> Tenant:
        from chalicelib.bootstrap import services
        from chalicelib.domain.firm import PortalSettings

        slug = f"iso-{secrets.token_hex(5)}"
        email = f"{admin_name.split()[0].lower()}.{secrets.token_hex(3)}@{slug}.example.com"
        firm, admin = services().firm.open_firm(
            name,
            PortalSettings(enabled=True, slug=slug, display_name=display_name, sender_name=display_name),
            email,
            admin_name,
            services().adapters.hasher.hash(PASSWORD),
        )
        token = self.driver.sign_in("staff", slug, email, PASSWORD)
        return Tenant(
            id=firm.id,
            slug=slug,
            name=name,
            display_name=display_name,
            admin={"id": admin.id, "email": email, "name": admin_name},
            admin_token=token,
        )

    def client_of(
        self, firm: Tenant, name: str, access: str | None = "account", accept: bool = True, password: str = PASSWORD
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """A client of `firm`; with account access accepted (a session) or pending, or link access."""
        email = f"{name.split()[0].lower()}.{secrets.token_hex(3)}@{firm.slug}-clients.example.com"
        headers = bearer(firm.admin_token)
        client = self.ok("POST", "/clients", headers, {"name": name, "emails": [email]}, 201)
        if firm is self.a:
            self.secret(f"firm A client {name!r}", client["id"], client["name"], email)
        if access is None:
            return client, None
        self.ok("POST", f"/clients/{client['id']}/access", headers, {"type": access, "profile": {"tasks": True}}, 201)
        if access != "account" or not accept:
            return client, None
        token = self.link_token(email, "invite")
        session = self.ok(
            "POST", "/auth/client/invitation/accept", {}, {"portal": firm.slug, "token": token, "password": password}
        )
        return client, session

    def build(self) -> World:
        self.tag = secrets.token_hex(2)
        self.a = self.open_firm(
            f"Alpha Advocacia {self.tag} Ltda", f"Alpha Portal {self.tag}", f"Alice Alpha{self.tag}"
        )
        self.b = self.open_firm(f"Bravo Abogados {self.tag}", f"Bravo Portal {self.tag}", f"Bruno Bravo{self.tag}")
        a = self.a
        self.secret("firm A id", a.id)
        self.secret("firm A slug", a.slug)
        self.secret("firm A name", a.name)
        self.secret("firm A display name", a.display_name)
        self.secret("firm A admin", a.admin["id"], a.admin["email"], a.admin["name"])
        self.firm_level = {a.id, a.slug, a.name, a.display_name}
        self.public = {a.slug, a.display_name}

        # A staff member who accepted the invitation (the rightful caller of sign-in and sign-out).
        staff_email = f"sofia.{secrets.token_hex(3)}@{a.slug}.example.com"
        self.staff = self.admin(
            "POST", "/staff", {"email": staff_email, "name": f"Sofia Staff{self.tag}", "role": "staff"}, 201
        )
        self.ok(
            "POST",
            "/auth/staff/invitation/accept",
            {},
            {"portal": a.slug, "token": self.link_token(staff_email, "invite"), "password": PASSWORD},
        )
        self.secret("firm A staff member", self.staff["id"], self.staff["email"], self.staff["name"])

        # Client 1, whose records the routes are about; client 2, the same-firm caller.
        self.client, session = self.client_of(a, f"Carla Client{self.tag}")
        assert session is not None
        self.client_token, self.client_refresh = session["access_token"], session["refresh_token"]
        self.secret("firm A client 1's e-mail", *self.client["emails"])
        # A second session of client 1, for the refresh attack (a reused refresh token ends its session).
        spare = self.ok(
            "POST",
            "/auth/client/sign-in",
            {},
            {"portal": a.slug, "email": self.client["emails"][0], "password": PASSWORD},
        )
        self.client_spare_refresh = spare["refresh_token"]
        self.other_client, session = self.client_of(a, f"Otto Other{self.tag}")
        assert session is not None
        self.other_client_token, self.other_client_refresh = session["access_token"], session["refresh_token"]
        self.own_of_same_firm_client = {
            self.other_client["id"],
            self.other_client["name"],
            *self.other_client["emails"],
        }
        self.link_client, _ = self.client_of(a, f"Lia Linkaccess{self.tag}", access="link")

        # A court matter involving client 1 (a party), published to them, with a published update.
        self.matter = self.admin(
            "POST",
            "/matters",
            {
                "kind": "court_case",
                "number": valid_cnj(),
                "title": self.mark("Alpha matter"),
                "parties": [
                    {
                        "name": self.client["name"],
                        "role": "plaintiff",
                        "client_id": self.client["id"],
                        "published": True,
                    }
                ],
                "responsible_lawyer_id": self.staff["id"],
            },
            201,
        )
        self.matter = self.admin(
            "PUT",
            f"/matters/{self.matter['id']}/publication",
            {"client_ids": [self.client["id"]], "version": self.matter["version"]},
        )
        self.update = self.admin(
            "POST",
            f"/matters/{self.matter['id']}/timeline",
            {
                "kind": "news",
                "occurred_at": "2026-09-01T12:00:00Z",
                "text": self.mark("Alpha news"),
                "body": self.mark("Alpha news body"),
            },
            201,
        )["item"]
        self.secret(
            "firm A matter",
            self.matter["id"],
            self.matter["number"],
            self.matter["title"],
            *[p["id"] for p in self.matter["parties"]],
        )
        self.secret("firm A update", self.update["id"], self.update["text"], self.update["body"])

        # Firm A's API key and an ingestion batch.
        key = self.admin("POST", "/api-keys", {"name": self.mark("Alpha feed")}, 201)
        self.key_secret = key["secret"]
        self.secret("firm A API key", key["id"], key["name"], key["secret"])
        batch = self.ok(
            "POST",
            "/integration/movements",
            api_key(self.key_secret),
            {
                "format": "plain",
                "movements": [
                    {
                        "matter_number": self.matter["number"],
                        "occurred_at": "2026-09-02T10:00:00Z",
                        "text": self.mark("Alpha movement"),
                    }
                ],
            },
            202,
        )
        self.batch_id = batch["batch_id"]
        self.secret("firm A ingestion batch", self.batch_id)

        # Firm B: its client with an account, its API key, sessions and genuine e-mailed links.
        b = self.b
        self.b_client, session = self.client_of(b, f"Beto Bravoclient{self.tag}")
        assert session is not None
        self.b_client_token, self.b_client_refresh = session["access_token"], session["refresh_token"]
        self.b_admin_refresh = self.ok(
            "POST", "/auth/staff/sign-in", {}, {"portal": b.slug, "email": b.admin["email"], "password": PASSWORD}
        )["refresh_token"]
        self.b_key_secret = self.ok("POST", "/api-keys", bearer(b.admin_token), {"name": "Bravo feed"}, 201)["secret"]
        pending, _ = self.client_of(b, f"Bia Bravopending{self.tag}", accept=False)
        self.b_links = {"invite": self.link_token(pending["emails"][0], "invite")}
        linked, _ = self.client_of(b, f"Bel Bravolink{self.tag}", access="link")
        self.b_links["link"] = self.link_token(linked["emails"][0], "link")
        self.ok(
            "POST", "/auth/client/forgot-password", {}, {"portal": b.slug, "email": self.b_client["emails"][0]}, 202
        )
        self.b_links["reset"] = self.link_token(self.b_client["emails"][0], "reset")
        return self

    # --- disposable records of firm A ----------------------------------------------------

    def fresh_client(
        self, access: str | None = None, status: str | None = None, password: str = PASSWORD
    ) -> dict[str, Any]:
        """A new client of firm A: no access, or account/link access (pending), then blocked or accepted."""
        client, session = self.client_of(
            self.a, self.mark("Fabio Fresh"), access=access, accept=status == "active", password=password
        )
        if status == "blocked":
            self.admin("POST", f"/clients/{client['id']}/access/block")
        client["session"] = session
        return client

    def fresh_staff(self) -> dict[str, Any]:
        email = f"fresh.{secrets.token_hex(4)}@{self.a.slug}.example.com"
        member = self.admin(
            "POST", "/staff", {"email": email, "name": self.mark("Flavia Freshstaff"), "role": "staff"}, 201
        )
        self.secret("a fresh staff member of firm A", member["id"], member["email"], member["name"])
        return member

    def fresh_matter(self) -> dict[str, Any]:
        matter = self.admin(
            "POST",
            "/matters",
            {
                "kind": "case",
                "title": self.mark("Fresh matter"),
                "parties": [
                    {
                        "name": self.client["name"],
                        "role": "plaintiff",
                        "client_id": self.client["id"],
                        "published": True,
                    }
                ],
            },
            201,
        )
        self.secret("a fresh matter of firm A", matter["id"], matter["title"], *[p["id"] for p in matter["parties"]])
        return matter

    def fresh_update(self) -> tuple[dict[str, Any], dict[str, Any]]:
        matter = self.fresh_matter()
        item = self.admin(
            "POST",
            f"/matters/{matter['id']}/timeline",
            {"kind": "manual_movement", "occurred_at": "2026-09-03T09:00:00Z", "text": self.mark("Fresh movement")},
            201,
        )["item"]
        self.secret("a fresh update of firm A", item["id"], item["text"])
        return matter, item

    def fresh_document(self) -> dict[str, Any]:
        """A PDF client 1 sent to their profile, uploaded to S3 and checked by the worker."""
        from tests.support.document_fixtures import pdf
        from tests.support.documents import post_form

        (ticket,) = self.ok(
            "POST",
            "/portal/documents/uploads",
            bearer(self.client_token),
            {
                "files": [
                    {"file_name": self.mark("Comprovante") + ".pdf", "content_type": "application/pdf", "size": 300}
                ]
            },
            201,
        )
        post_form(ticket["form"], pdf().data, "application/pdf")
        self.driver.pump.drain()  # S3 notifies the documents queue; the worker checks the object
        document: dict[str, Any] = ticket["document"]
        self.secret("a document of client 1", document["id"], document["file_name"])
        return document

    def fresh_key(self) -> dict[str, Any]:
        key = self.admin("POST", "/api-keys", {"name": self.mark("Fresh key")}, 201)
        self.secret("a fresh API key of firm A", key["id"], key["name"], key["secret"])
        return key

    def fresh_session(self, who: str) -> dict[str, str]:
        """A new session of a caller (for routes that end the session they are called with)."""
        a, b = self.a, self.b
        email, slug, kind = {
            "owner": (self.staff["email"], a.slug, "staff"),
            "other_firm_staff": (b.admin["email"], b.slug, "staff"),
            "other_firm_client": (self.b_client["emails"][0], b.slug, "client"),
            "same_firm_client": (self.other_client["emails"][0], a.slug, "client"),
        }[who]
        return bearer(self.driver.sign_in(kind, slug, email, PASSWORD))

    # --- who is calling ---------------------------------------------------------------

    def caller_headers(self, caller: str) -> dict[str, str]:
        return {
            "other_firm_staff": bearer(self.b.admin_token) | api_key(self.b_key_secret),
            "other_firm_client": bearer(self.b_client_token),
            "same_firm_client": bearer(self.other_client_token),
            "anonymous": {},
        }[caller]

    def owner_headers(self, owner: str) -> dict[str, str]:
        return {
            "admin": bearer(self.a.admin_token),
            "client": bearer(self.client_token),
            "integration": api_key(self.key_secret),
            "nobody": {},
        }[owner]

    def secrets_hidden_from(self, caller: str, public_route: bool) -> dict[str, str]:
        hidden = dict(self.secrets)
        if caller == "same_firm_client":  # its own firm and its own data are no secret to it
            for value in self.firm_level | self.own_of_same_firm_client:
                hidden.pop(value, None)
        if public_route:  # what any visitor of the portal sees before signing in
            for value in self.public:
                hidden.pop(value, None)
        return hidden

    def audit_head(self) -> Any:
        return self.admin("GET", "/audit?limit=5")["items"]


# --------------------------------------------------------------------------------------
# The matrix.
#
# How to add a route (every route needs an entry, or test_completeness.py fails): add an
# entry to ROUTES in the area module named like the route's handler module
# (`chalicelib/handlers/<area>.py` -> `test_<area>.py` here; a new handler module gets a new
# area module, made like the others: its ROUTES and the two lines of its test). An entry is
#
#   record(METHOD, PATH, why, params=..., body=..., owner=..., ok=...)
#       The route is about one record of firm A named in its path. `params(w)` returns
#       the path parameters (use w.client, w.matter, w.update... or a w.fresh_*() record
#       when the request changes or deletes it); `body(w, params)` a valid body (read the
#       record's current version if the body needs it). `owner` is who in firm A may make
#       the request ("admin", "client" for client 1, "integration" for firm A's API key),
#       `ok` the status they get. Every other caller is refused (401/403/404, derived from
#       the route's audience).
#   own(METHOD, PATH, why, body=..., query=..., owner=..., ok=..., served=...)
#       The route works on the caller's own firm or account (a list, a create, settings,
#       /me). Callers of the right kind are served from their own firm: `served` is the
#       status they get (default `ok`); the others are refused.
#   public(METHOD, PATH, why, attempts=..., owner_request=..., expect=..., ok=...)
#       Anyone may call it. `attempts[caller](w, context)` is the Request each caller tries
#       (its credentials are added to it) and `expect` what it must get; `owner_request` is
#       firm A's own request, answered `ok`. `prepare(w)` makes the context (e.g. a fresh
#       e-mailed link); `same_answer_as_owner` demands the attempt's body equal the owner's;
#       `no_mail` names a kind of e-mailed link ("reset") no attacker may receive.
#       link_routes() and emailed_link_request() (test_auth.py) build these for the
#       e-mailed-link routes.
#
#   Also: `unchanged(w)` (record and own) returns a snapshot of what the route could change
#   in firm A without an audit entry; it must be the same before and after each attempt.
#   `attack_body` (own) is what a served caller sends when the owner's body would only fail
#   on a version (its `p["caller"]` names the caller); `fresh_sessions` gives callers a new
#   session (routes that end it);
#   `owner_session(w, prepared)` makes the owner's credentials (and may add to `prepared`,
#   which the body then sees). `w` is the World above; it is built once for the whole package
#   (conftest.py), so what an entry changes in it is seen by the cases after it.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # filled in, with any query string
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return self.path + " " + json.dumps(self.body) + " " + " ".join(self.headers.values())


Params = Callable[[World], dict[str, str]]
Body = Callable[[World, dict[str, str]], Any]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    kind: Literal["record", "own", "public"]
    why: str
    params: Params = lambda w: {}
    body: Body | None = None
    query: str = ""
    owner: str = "admin"
    ok: int = 200
    served: int | None = None
    # Own routes: the body a served caller sends, when "the same request" would only fail on a version.
    attack_body: Body | None = None
    # Callers get a new session for this route (it ends the session it is called with).
    fresh_sessions: bool = False
    # Owner's request in a new session (or as a fresh principal) rather than the shared one.
    owner_session: Callable[[World, dict[str, Any]], dict[str, str]] | None = None
    unchanged: Callable[[World], Any] | None = None
    # public routes
    attempts: dict[str, Callable[[World, dict[str, Any]], Request]] = field(default_factory=dict)
    owner_request: Callable[[World, dict[str, Any]], Request] | None = None
    prepare: Callable[[World], dict[str, Any]] = lambda w: {}
    expect: int = 401
    same_answer_as_owner: bool = False
    after_owner: Callable[[World, dict[str, Any], Any], None] | None = None
    no_mail: str | None = None  # the kind of e-mailed link ("reset", "link") no attacker may receive

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)


def record(method: str, path: str, why: str, params: Params, **options: Any) -> Route:
    return Route(method, path, "record", why, params=params, **options)


def own(method: str, path: str, why: str, **options: Any) -> Route:
    return Route(method, path, "own", why, **options)


def public(method: str, path: str, why: str, **options: Any) -> Route:
    return Route(method, path, "public", why, **options)


def version_of(path: str, field_name: str = "version") -> Body:
    """A body with only the record's current version (for actions that need one)."""
    return lambda w, p: {field_name: w.admin("GET", path.format(**p))[field_name]}


def client_1(w: World) -> dict[str, str]:
    return {"client_id": w.client["id"]}


def fresh_client(access: str | None = None, status: str | None = None) -> Params:
    return lambda w: {"client_id": w.fresh_client(access, status)["id"]}


def fresh_document(w: World) -> dict[str, str]:
    return {"document_id": w.fresh_document()["id"]}


def fresh_update(w: World) -> dict[str, str]:
    matter, item = w.fresh_update()
    return {"matter_id": matter["id"], "update_id": item["id"]}


def timeline_of(w: World, matter_id: str) -> Any:
    return [
        (i["id"], i["version"], i.get("read_by"))
        for i in w.admin("GET", f"/matters/{matter_id}/timeline?limit=100")["items"]
    ]


def update_version(w: World, p: dict[str, str]) -> int:
    return next(
        i["version"]
        for i in w.admin("GET", f"/matters/{p['matter_id']}/timeline?limit=100")["items"]
        if i["id"] == p["update_id"]
    )


# --------------------------------------------------------------------------------------
# The test each area module runs over its ROUTES.
# --------------------------------------------------------------------------------------


def cases(routes: list[Route]) -> list[Any]:
    """One case per (entry, caller), ordered by path then method as the single matrix was."""
    ordered = sorted(routes, key=lambda r: (r.path, r.method))
    return [
        pytest.param(route, caller, id=f"{route.method} {route.path} as {caller}")
        for route in ordered
        for caller in CALLERS
    ]


def check(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    """The (route, caller) case: refused or served as the route's audience says, nothing of
    firm A's disclosed or changed, and firm A's rightful caller served afterwards."""
    if route.key not in app_routes():
        pytest.fail(
            f"{HERE}: an entry for {route.method} {route.path}, which the app no longer serves: remove or update it."
        )
    audience = _audiences()[route.key]
    assert (route.kind == "public") == (audience == "public"), (
        f"{route.method} {route.path} is declared {audience!r} but its entry is a {route.kind!r} entry"
    )
    world: World = request.getfixturevalue("world")  # only once the entry is known to be right
    if route.kind == "public":
        _check_public(world, route, caller)
    else:
        _check_protected(world, route, audience, caller)


def _check_protected(w: World, route: Route, audience: str, caller: str) -> None:
    params = route.params(w)
    path = route.path.format(**params) + route.query
    prepared = dict(params)  # what the owner's session needs the body to know (e.g. its password)
    owner_headers = route.owner_session(w, prepared) if route.owner_session else w.owner_headers(route.owner)
    owner_body = route.body(w, prepared) if route.body else None
    headers = w.caller_headers(caller)
    if route.fresh_sessions and caller != "anonymous":
        headers |= w.fresh_session(caller)
    served = _is_served(route, audience, caller)
    # A served caller's body may depend on who it is (its own version, its own code): `p["caller"]`.
    body = route.attack_body(w, prepared | {"caller": caller}) if served and route.attack_body else owner_body
    attempt = Request(route.method, path, body, headers)

    # Earlier cases' queued work (e-mails, ingestion) settles before the snapshots.
    w.driver.pump.drain()
    snapshot_before = route.unchanged(w) if route.unchanged else None
    audit_before = w.audit_head()
    response = w.call(attempt.method, attempt.path, attempt.headers, attempt.body)
    expected = (route.served or route.ok) if served else _refusal(route, audience, caller)
    assert response.status_code == expected, (
        f"{route.method} {route.path} as {caller}: expected {expected}, got {response.status_code} "
        f"{response.body[:300]!r}"
    )
    if not served:
        assert response.status_code in REFUSED
    _assert_no_secrets(w, attempt, response, caller, public_route=False)
    assert w.audit_head() == audit_before, f"{route.method} {route.path} as {caller} changed firm A's audit log"
    if route.unchanged:
        assert route.unchanged(w) == snapshot_before, f"{route.method} {route.path} as {caller} changed firm A's data"

    # Positive control: firm A's rightful caller, same request, afterwards.
    control = w.call(route.method, path, owner_headers, owner_body)
    assert control.status_code == route.ok, (
        f"positive control: {route.method} {path} as firm A's {route.owner} answered {control.status_code} "
        f"{control.body[:300]!r}"
    )


def _is_served(route: Route, audience: str, caller: str) -> bool:
    """Own routes serve callers of the right kind from their own firm or account."""
    if route.kind != "own" or caller == "anonymous":
        return False
    kinds = {
        "staff": {"other_firm_staff"},
        "admin": {"other_firm_staff"},
        "integration": {"other_firm_staff"},  # with firm B's API key
        "client": {"other_firm_client", "same_firm_client"},
        "signed_in": {"other_firm_staff", "other_firm_client", "same_firm_client"},
    }[audience]
    return caller in kinds


def _refusal(route: Route, audience: str, caller: str) -> int:
    """The one status that tells the caller nothing about firm A's record."""
    if caller == "anonymous":
        return 401
    if audience == "integration":
        # Only firm B's staff holds a key (firm B's); a session token is not a key.
        return 404 if caller == "other_firm_staff" and route.kind == "record" else 401
    right_kind = {
        "staff": caller == "other_firm_staff",
        "admin": caller == "other_firm_staff",
        "client": caller in ("other_firm_client", "same_firm_client"),
        "signed_in": True,
    }[audience]
    return 404 if right_kind else 403


def _check_public(w: World, route: Route, caller: str) -> None:
    assert route.owner_request is not None and caller in route.attempts, (
        f"public entry {route.method} {route.path} needs owner_request and an attempt per caller"
    )
    context = route.prepare(w)
    attempt = route.attempts[caller](w, context)
    attempt = Request(attempt.method, attempt.path, attempt.body, {**w.caller_headers(caller), **attempt.headers})
    mails_before = w.mails_with(_email_in(attempt), route.no_mail, w.a.slug) if route.no_mail else 0

    response = w.call(attempt.method, attempt.path, attempt.headers, attempt.body)
    assert response.status_code == route.expect, (
        f"{route.method} {route.path} as {caller}: expected {route.expect}, got {response.status_code} "
        f"{response.body[:300]!r}"
    )
    _assert_no_secrets(w, attempt, response, caller, public_route=True)
    if route.no_mail:
        assert w.mails_with(_email_in(attempt), route.no_mail, w.a.slug) == mails_before, (
            f"{caller} was e-mailed a {route.no_mail} link into firm A's portal"
        )

    owner = route.owner_request(w, context)
    control = w.call(owner.method, owner.path, owner.headers, owner.body)
    assert control.status_code == route.ok, (
        f"positive control: {owner.method} {owner.path} answered {control.status_code} {control.body[:300]!r}"
    )
    if route.same_answer_as_owner:
        assert response.json_body == control.json_body, (
            f"{route.method} {route.path} answers {caller} differently from firm A's own request"
        )
    if route.after_owner:
        route.after_owner(w, context, control.json_body)


def _email_in(request: Request) -> str:
    return str((request.body or {}).get("email", ""))


def _assert_no_secrets(w: World, attempt: Request, response: Any, caller: str, public_route: bool) -> None:
    text = response.body.decode(errors="replace") if isinstance(response.body, bytes) else str(response.body)
    sent = attempt.text()
    leaked = {
        value: what
        for value, what in w.secrets_hidden_from(caller, public_route).items()
        if value in text and value not in sent
    }
    assert not leaked, f"{attempt.method} {attempt.path} as {caller} disclosed firm A's data: " + "; ".join(
        f"{what}: {value!r}" for value, what in leaked.items()
    )
