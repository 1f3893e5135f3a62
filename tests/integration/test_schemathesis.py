"""schemathesis against the OpenAPI document the running API serves (target: 0 server
errors, and every response as documented).

The API runs for real: `chalice local` in a child process, with a moto stack of its own and
the demo firm seeded (tests/support/live_api.py). The schema is loaded from its
/openapi.json, and every operation is fuzzed by nobody (no token) and by the demo firm's
admin, and, where the operation's audience admits them, by a staff member who is not an
admin, a client with an active account and the firm's integration key, so that protected
routes are exercised beyond 401. Every check schemathesis has runs on every response
(`call_and_validate`): no 5xx, status codes, content types and bodies as the document
says, schema-valid data accepted, invalid data rejected, and authentication enforced (a
2xx with a token is re-sent without one and with a forged one).

Path parameters are, half the time, those of real records made for the run (a client with
a pending access, a staff member, a matter published to the client with an update, an API
key, an ingestion batch, the demo portal's slug) so the handlers run past "not found".
Operations that destroy what later ones need run last: DELETEs, then signing out (which
may end the caller's session everywhere).

Bounded and deterministic: Hypothesis derandomized, no example database,
SCHEMATHESIS_MAX_EXAMPLES (default 8) examples per operation, caller and generation
mode (valid data, then invalid data); 3 for a caller the operation refuses outright.

One deliberate setting: schema-valid data may be answered 422. The API checks more than
JSON Schema can say, and answers those with 422 and the field: a cursor is valid only
when the API issued it; e-mail addresses at special-use domains (.test, .invalid,
.localhost...) are refused though `format: email` allows them; some rules depend on the
record's state (access needs the client to have an e-mail). A schema-valid request
answered 400 (malformed) is still a failure, and so is any 5xx. Likewise 412 and 428 on the
writes that take If-Match (README, "Caching and concurrency for apps"): a well-formed If-Match
is still stale unless it is the record's current ETag, and a body may leave `version` out only
when If-Match is sent, which JSON Schema cannot say of a header and a body together.
"""

from __future__ import annotations

import collections
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation

from tests.support.live_api import LiveApi, serve

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"))
# A caller the operation's audience refuses is answered before its input is read: a few
# examples show that, more would only spend time generating bodies nobody parses.
REFUSED_EXAMPLES = 3
CALLERS = ("anonymous", "admin", "staff", "client", "integration")
# Who fuzzes an operation, by its audience: always nobody and the admin, plus the callers it admits.
CALLERS_FOR = {
    "public": ("anonymous", "admin"),
    "signed_in": ("anonymous", "admin", "staff", "client"),
    "staff": ("anonymous", "admin", "staff", "client"),
    "admin": ("anonymous", "admin", "staff"),
    "client": ("anonymous", "admin", "client"),
    "integration": ("anonymous", "admin", "integration"),
}
ADMITTED = {
    "public": set(CALLERS),
    "signed_in": {"admin", "staff", "client"},
    "staff": {"admin", "staff"},
    "admin": {"admin"},
    "client": {"client"},
    "integration": {"integration"},
}
# A movement batch's records are checked one by one (docs/INTEGRATION.md): an invalid record is
# refused in the 202's `refused`, not the batch, so a body made invalid inside a record is
# rightly accepted. Its refusals are tested in test_integration_api.py and the unit tests.
CHECKED_ONE_BY_ONE = {("POST", "/integration/movements")}
# schemathesis's defaults, plus 422 for schema-valid data (see above); every check is on.
CONFIG = {
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "412", "422", "428", "429"]
        }
    }
}


def _declared_operations() -> list[tuple[str, str, str]]:
    import app  # noqa: F401 - registers every route in OPERATIONS
    from chalicelib.handlers.http import OPERATIONS

    return [(op.method, op.path, op.audience.value) for op in OPERATIONS]


def _phase(method: str, path: str) -> int:
    if path == "/auth/sign-out":
        return 2  # may end every session of the caller
    if method == "DELETE":
        return 1  # removes the records the other operations are pointed at
    return 0


CASES = sorted(
    (
        (caller, method, path, caller in ADMITTED[audience])
        for method, path, audience in _declared_operations()
        for caller in CALLERS_FOR[audience]
    ),
    key=lambda c: (_phase(c[1], c[2]), CALLERS.index(c[0]), c[2], c[1]),
)


@dataclass
class Run:
    api: LiveApi
    schema: Any
    headers: dict[str, dict[str, str]]  # caller -> its credentials
    records: dict[str, str]  # path parameter -> the id of a real record
    session: requests.Session = field(default_factory=requests.Session)
    examples: collections.Counter[str] = field(default_factory=collections.Counter)
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    succeeded: dict[str, set[str]] = field(
        default_factory=lambda: collections.defaultdict(set)
    )  # caller -> operations answered 2xx


@pytest.fixture(scope="module")
def run() -> Iterator[Run]:
    from chalicelib.domain.cnj import check_digits
    from devstack import seed

    started = time.monotonic()
    with serve() as api:
        schema = schemathesis.openapi.from_url(
            api.url + "/openapi.json", config=schemathesis.Config.from_dict(CONFIG), timeout=30
        )

        def sign_in(kind: str, email: str, password: str) -> str:
            response = requests.post(
                f"{api.url}/auth/{kind}/sign-in",
                json={"portal": seed.DEMO_SLUG, "email": email, "password": password},
                timeout=30,
            )
            assert response.status_code == 200, response.text
            return response.json()["access_token"]

        admin = {"Authorization": f"Bearer {sign_in('staff', seed.ADMIN_EMAIL, seed.ADMIN_PASSWORD)}"}

        def ok(method: str, path: str, body: Any, status: int, headers: dict[str, str] = admin) -> Any:
            response = requests.request(method, api.url + path, json=body, headers=headers, timeout=30)
            assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text}"
            return response.json()

        client_token = sign_in("client", seed.CLIENT_EMAIL, seed.CLIENT_PASSWORD)
        maria = ok("GET", "/me", None, 200, {"Authorization": f"Bearer {client_token}"})
        headers = {
            "anonymous": {},
            "admin": admin,
            "staff": {"Authorization": f"Bearer {sign_in('staff', seed.STAFF_EMAIL, seed.ADMIN_PASSWORD)}"},
            "client": {"Authorization": f"Bearer {client_token}"},
            "integration": {"X-Api-Key": ok("POST", "/api-keys", {"name": "Fuzzing feed"}, 201)["secret"]},
        }
        # The records the path parameters point at, half the time.
        target = ok("POST", "/clients", {"name": "Fuzz Target", "emails": ["fuzz.target@example.com"]}, 201)
        ok("POST", f"/clients/{target['id']}/access", {"type": "account", "profile": {}}, 201)
        member = ok(
            "POST", "/staff", {"email": "fuzz.staff@silva.example.com", "name": "Fuzz Staff", "role": "staff"}, 201
        )
        party = {"name": maria["name"], "role": "plaintiff", "client_id": maria["id"], "published": True}
        number = f"7777777-{check_digits('7777777', '2024', '8', '26', '0100')}.2024.8.26.0100"
        matter = ok(
            "POST",
            "/matters",
            {"kind": "court_case", "number": number, "title": "Fuzz matter", "parties": [party]},
            201,
        )
        ok(
            "PUT",
            f"/matters/{matter['id']}/publication",
            {"client_ids": [maria["id"]], "version": matter["version"]},
            200,
        )
        update = ok(
            "POST",
            f"/matters/{matter['id']}/timeline",
            {"kind": "news", "occurred_at": "2026-09-01T12:00:00Z", "text": "Fuzz news"},
            201,
        )["item"]
        key = ok("POST", "/api-keys", {"name": "Fuzz target key"}, 201)
        movement = {"matter_number": matter["number"], "occurred_at": "2026-09-02T10:00:00Z", "text": "Fuzz movement"}
        batch = ok(
            "POST", "/integration/movements", {"format": "plain", "movements": [movement]}, 202, headers["integration"]
        )
        records = {
            "client_id": target["id"],
            "staff_id": member["id"],
            "slug": seed.DEMO_SLUG,
            "matter_id": matter["id"],
            "update_id": update["id"],
            "key_id": key["id"],
            "batch_id": batch["batch_id"],
        }
        state = Run(api=api, schema=schema, headers=headers, records=records)
        yield state
        print(
            f"\nschemathesis: {sum(state.examples.values())} examples over {len(state.examples)} (caller, operation) "
            f"pairs in {time.monotonic() - started:.0f} s; statuses {dict(sorted(state.statuses.items()))}"
        )


def _strategies(operation: Any, records: dict[str, str], credentialed: bool) -> list[Any]:
    """Valid data (half of it aimed at real records), then invalid data where there is
    something to make invalid (a path parameter, a query parameter or a body)."""
    pinned = {name: value for name, value in records.items() if name in operation.path_parameters}
    positive = [operation.as_strategy(GenerationMode.POSITIVE)]
    if pinned:
        positive.insert(0, operation.as_strategy(GenerationMode.POSITIVE, path_parameters=pinned))
    strategies = [st.one_of(positive)]
    if len(operation.path_parameters) or len(operation.query) or len(operation.body):
        negative = operation.as_strategy(GenerationMode.NEGATIVE)
        if credentialed:
            # The headers the document declares are the credentials and the caching ones (plain
            # strings): a case that negates them is the anonymous caller's, and this caller's
            # credentials would undo it.
            negative = negative.filter(lambda case: not case.meta.is_negative_at(ParameterLocation.HEADER))
        # A query value a URL cannot carry (an object, a list, null) reaches the server as an empty
        # or plain string, which the parameter may well accept: the case tests the serializer.
        negative = negative.filter(lambda case: not _unsendable_query(case))
        # Its only parameter is the body: with credentials, nothing is left to make invalid.
        if not (credentialed and (operation.method.upper(), operation.path) in CHECKED_ONE_BY_ONE):
            strategies.append(negative)
    return strategies


def _unsendable_query(case: Any) -> bool:
    return case.meta.is_negative_at(ParameterLocation.QUERY) and any(
        isinstance(value, (dict, list)) or value is None for value in (case.query or {}).values()
    )


@pytest.mark.parametrize(("caller", "method", "path", "admitted"), CASES, ids=[f"{c}:{m}:{p}" for c, m, p, _ in CASES])
def test_operation_keeps_its_contract(run: Run, caller: str, method: str, path: str, admitted: bool) -> None:
    operations = run.schema[path] if path in run.schema else {}
    assert method in operations, f"{method} {path} is routed but missing from the served /openapi.json"
    operation = operations[method]
    # `chalice local` answers a kept-alive connection only after the client's delayed ACK
    # (40 ms a request); a connection per request is 10 times faster.
    headers = {"Connection": "close"} | run.headers[caller]
    label = f"{caller} {method} {path}"

    for strategy in _strategies(operation, run.records, credentialed=bool(run.headers[caller])):

        @settings(
            max_examples=MAX_EXAMPLES if admitted else min(REFUSED_EXAMPLES, MAX_EXAMPLES),
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        )
        @given(case=strategy)
        def holds(case: Any) -> None:
            response = case.call_and_validate(base_url=run.api.url, session=run.session, headers=headers, timeout=30)
            run.examples[label] += 1
            run.statuses[response.status_code] += 1
            if 200 <= response.status_code < 300:
                run.succeeded[caller].add(f"{method} {path}")

        holds()


def test_signed_in_callers_got_past_authentication(run: Run) -> None:
    """Guards the run itself: if the tokens stopped working, every protected operation would
    answer 401 and the contract test above would pass without exercising anything."""
    protected = {f"{m} {p}" for _, m, p, _ in CASES if not p.startswith(("/auth/", "/portals/", "/openapi"))}
    for caller, at_least in (("admin", 15), ("staff", 8), ("client", 3), ("integration", 2)):
        reached = run.succeeded[caller] & protected
        assert len(reached) >= at_least, f"{caller} got a 2xx on only {sorted(reached)}"


def test_chalice_local_answers_unknown_paths_and_revalidations_as_documented(run: Run) -> None:
    """Over a real socket (`chalice local`, as `make run` serves it): a path no route matches
    is the gateway's 404 in the one error shape (devstack/gateway.py), with or without a
    token; a 304 has no body and keeps the tag."""
    for headers in ({}, run.headers["admin"]):
        unknown = requests.get(run.api.url + "/no/such/route", headers=headers, timeout=30)
        assert unknown.status_code == 404, unknown.text
        assert unknown.json()["error"]["code"] == "not_found"
        assert unknown.headers["Cache-Control"] == "no-store"
    path = f"{run.api.url}/portals/{run.records['slug']}"
    first = requests.get(path, timeout=30)
    tag = first.headers["ETag"]
    again = requests.get(path, headers={"If-None-Match": tag}, timeout=30)
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", tag)
    assert again.headers["Cache-Control"] == "private, no-cache"
