"""Read routes: DynamoDB calls per request and latency, with 100 and with 10,000 items of
the kind each route reads in the caller's firm.

Everything runs in this process: moto in server mode with the project's resources
(tests.support.stack), the Chalice app served by `chalice.test.Client`. Both firm sizes
live in the same tables, next to each other and to an unrelated firm, so both are measured
against the same (big) tables and differ only in what the caller's firm holds.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import io
import logging
import random
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from . import data, moto_query
from .imports import ROOT

Progress = Callable[[str], None]


# --- counting DynamoDB calls -------------------------------------------------------------


@dataclass
class Read:
    """One DynamoDB call: what it asked for and how many bytes came back."""

    operation: str
    target: str  # table and key (or partition), ids shown as …
    bytes: int = 0


_ID = re.compile(r"[a-z0-9]{16}")


def _target(params: dict[str, Any]) -> str:
    table = re.sub(r"^law-portal-bench-(\w+?)Table-.*$", r"\1", params.get("TableName", "?"))
    if "Key" in params:
        key = "/".join(v.get("S", "?") for v in params["Key"].values())
    elif "ExpressionAttributeValues" in params:
        key = params["ExpressionAttributeValues"].get(":pk", {}).get("S", "?")
    else:
        key = ",".join(params.get("RequestItems", {}))
    return f"{table} {_ID.sub('…', key)}"


class CallRecorder:
    """Counts calls with botocore event hooks on the app's cached DynamoDB client, times
    the wire part of each (request sent -> response received, before parsing: moto's share
    of the latency; serializing and parsing stay on our side, as on AWS), and notes what
    each call read and how many bytes came back.

    A second counter, around every botocore client in the process, catches AWS calls the
    hooks cannot see: other services, or a DynamoDB client other than the cached one."""

    def __init__(self) -> None:
        self.recording = False
        self.dynamodb: list[str] = []
        self.reads: list[Read] = []
        self.everywhere: Counter[str] = Counter()
        self.wire_seconds = 0.0
        self.queries: list[dict[str, Any]] = []
        self._sent_at = 0.0

    def install(self) -> None:
        import botocore.client

        from chalicelib.adapters import aws

        events = aws.client("dynamodb").meta.events
        events.register("before-parameter-build.dynamodb", self._on_params)
        events.register("before-call.dynamodb", self._on_call)
        events.register("before-send.dynamodb", self._on_send)
        events.register("before-parse.dynamodb", self._on_parse)
        original = botocore.client.BaseClient._make_api_call
        recorder = self

        def counted(client: Any, operation_name: str, api_params: Any) -> Any:
            if recorder.recording:
                recorder.everywhere[f"{client.meta.service_model.service_name}.{operation_name}"] += 1
            return original(client, operation_name, api_params)

        botocore.client.BaseClient._make_api_call = counted

    def _on_params(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if self.recording:
            self.reads.append(Read(model.name, _target(params)))
            if model.name == "Query":
                self.queries.append(copy.deepcopy(params))

    def _on_call(self, event_name: str, **_: Any) -> None:
        if self.recording:
            self.dynamodb.append(event_name.rsplit(".", 1)[-1])

    def _on_send(self, **_: Any) -> None:
        self._sent_at = time.perf_counter()

    def _on_parse(self, response_dict: dict[str, Any], **_: Any) -> None:
        if self.recording:
            self.wire_seconds += time.perf_counter() - self._sent_at
            if self.reads:
                self.reads[-1].bytes += len(response_dict.get("body") or b"")

    def start(self) -> None:
        self.dynamodb, self.reads, self.everywhere, self.wire_seconds, self.queries, self.recording = (
            [],
            [],
            Counter(),
            0.0,
            [],
            True,
        )

    def stop(self) -> None:
        self.recording = False

    @property
    def other_calls(self) -> Counter[str]:
        """AWS calls that are not DynamoDB calls through the cached client."""
        other = Counter(self.everywhere)
        for op in self.dynamodb:
            other[f"dynamodb.{op}"] -= 1
        return Counter({k: v for k, v in other.items() if v > 0})


# --- the firms ----------------------------------------------------------------------------


@dataclass
class FirmFixture:
    size: int
    slug: str
    data: data.FirmData
    admin_token: str
    client_token: str  # of data.caller_client_id, who accepted a real invitation
    reader_tokens: dict[str, str]  # of data.readers, her home's readers: caller -> token
    api_key: str  # a real integration key, made through POST /api-keys
    unsubscribe_token: str  # the caller client's signed news unsubscribe token, as e-mails carry it


# How each read route is called. `kinds` says which items grow from 100 to 10,000 for it.
# Path parameters and `{...}` in the query are filled from the firm's real data.
@dataclass(frozen=True)
class Scenario:
    label: str
    route: str  # the path as declared in app.routes
    caller: str  # "admin", "client", one of data.readers' callers, "integration" or "public"
    kinds: tuple[str, ...] = ()
    query: str = ""
    product_target: bool = (
        False  # issue 4's target: the client's matter list and timeline, the same calls and ≤ 1.1 × at 10,000
    )
    # The path's values by another name of the firm's data ({"client_id": "caller_client_id"}).
    values: tuple[tuple[str, str], ...] = ()
    status: int = 200  # what the route answers when it works (a redirect: 303)


SCENARIOS = [
    Scenario("GET /me (staff)", "/me", "admin", ("staff",)),
    Scenario("GET /me (client)", "/me", "client", ("clients", "matters")),
    Scenario("GET /portals/{slug}", "/portals/{slug}", "public"),
    Scenario("GET /portals/{slug}/manifest.webmanifest", "/portals/{slug}/manifest.webmanifest", "public"),
    Scenario("GET /firm", "/firm", "admin"),
    Scenario("GET /firm/translation", "/firm/translation", "admin"),
    Scenario("GET /staff", "/staff", "admin", ("staff",)),
    Scenario("GET /clients", "/clients", "admin", ("clients",)),
    Scenario(
        f"GET /clients?q={data.SEARCH_PREFIX}", "/clients", "admin", ("clients",), query=f"q={data.SEARCH_PREFIX}"
    ),
    Scenario("GET /clients/{client_id}", "/clients/{client_id}", "admin", ("clients",)),
    Scenario("GET /clients/{client_id}/access", "/clients/{client_id}/access", "admin", ("clients",)),
    Scenario("GET /audit", "/audit", "admin", ("audit",)),
    Scenario("GET /suppressions", "/suppressions", "admin", ("suppressions",)),
    Scenario(
        "GET /clients/{client_id}/suppressions",
        "/clients/{client_id}/suppressions",
        "admin",
        ("suppressions",),
        values=(("client_id", "caller_client_id"),),
    ),
    Scenario(
        "GET /clients/{client_id}/notification-preferences",
        "/clients/{client_id}/notification-preferences",
        "admin",
        ("clients",),
        values=(("client_id", "caller_client_id"),),
    ),
    Scenario("GET /portal/notification-preferences", "/portal/notification-preferences", "client", ("clients",)),
    # F23: a client has at most ten phones; the firm's size must not change the one Query.
    Scenario("GET /portal/devices", "/portal/devices", "client", ("clients",)),
    Scenario(
        "GET /clients/{client_id}/documents",
        "/clients/{client_id}/documents",
        "admin",
        ("documents",),
        values=(("client_id", "caller_client_id"),),  # the client who sent the documents
    ),
    Scenario("GET /documents/review-queue", "/documents/review-queue", "admin", ("documents",)),
    Scenario(
        "GET /clients/{client_id}/document-requests",
        "/clients/{client_id}/document-requests",
        "admin",
        ("requests",),
        values=(("client_id", "caller_client_id"),),
    ),
    Scenario(
        "GET /matters/{matter_id}/document-requests", "/matters/{matter_id}/document-requests", "admin", ("requests",)
    ),
    Scenario("GET /document-requests/{request_id}", "/document-requests/{request_id}", "admin", ("requests",)),
    Scenario("GET /portal/document-requests", "/portal/document-requests", "client", ("requests",)),
    Scenario(
        "GET /portal/document-requests/{request_id}", "/portal/document-requests/{request_id}", "client", ("requests",)
    ),
    Scenario("GET /matters", "/matters", "admin", ("matters",)),
    Scenario("GET /matters?client_id=…", "/matters", "admin", ("matters",), query="client_id={caller_client_id}"),
    Scenario("GET /matters/{matter_id}", "/matters/{matter_id}", "admin", ("matters",)),
    Scenario("GET /matters/pending-notifications", "/matters/pending-notifications", "admin", ("matters",)),
    Scenario("GET /matters/{matter_id}/timeline", "/matters/{matter_id}/timeline", "admin", ("movements",)),
    Scenario("GET /portal/matters", "/portal/matters", "client", ("matters", "movements"), product_target=True),
    Scenario("GET /portal/matters/{matter_id}", "/portal/matters/{matter_id}", "client", ("matters",)),
    Scenario(
        "GET /portal/matters/{matter_id}/timeline",
        "/portal/matters/{matter_id}/timeline",
        "client",
        ("movements", "matters"),
        product_target=True,
    ),
    # Her home: 100 or 10,000 updates in her one case, or over her 200 cases.
    Scenario("GET /portal/feed (1 case)", "/portal/feed", data.ONE_CASE, ("one_case",)),
    Scenario("GET /portal/feed (200 cases)", "/portal/feed", data.SPREAD, ("spread",)),
    Scenario("GET /portal/feed/unread (1 case)", "/portal/feed/unread", data.ONE_CASE, ("one_case",)),
    Scenario("GET /portal/feed/unread (200 cases)", "/portal/feed/unread", data.SPREAD, ("spread",)),
    Scenario("GET /portal/documents", "/portal/documents", "client", ("documents",)),
    Scenario(
        "GET /portal/documents/{document_id}/download",
        "/portal/documents/{document_id}/download",
        "client",
        ("documents",),
    ),
    Scenario("GET /email-templates", "/email-templates", "admin"),
    # A browser opening an e-mail's List-Unsubscribe URL is sent on to the portal's page.
    Scenario("GET /unsubscribe", "/unsubscribe", "public", query="token={unsubscribe_token}", status=303),
    Scenario(
        "GET /email-templates/{kind}/{language}",
        "/email-templates/{kind}/{language}",
        "admin",
        values=(("kind", "template_kind"), ("language", "template_language")),
    ),
    Scenario("GET /api-keys", "/api-keys", "admin", ("api_keys",)),
    Scenario("GET /integration/batches/{batch_id}", "/integration/batches/{batch_id}", "integration", ("batches",)),
    Scenario("GET /openapi.json", "/openapi.json", "public"),
    # F20: consultations, with each filter's own list, the search, and what hangs under one.
    Scenario("GET /consultations", "/consultations", "admin", ("consultations",)),
    Scenario(
        "GET /consultations?important=true", "/consultations", "admin", ("consultations",), query="important=true"
    ),
    Scenario(
        f"GET /consultations?q={data.CONSULTATION_SEARCH}",
        "/consultations",
        "admin",
        ("consultations",),
        query=f"q={data.CONSULTATION_SEARCH}",
    ),
    Scenario(
        "GET /consultations?staff_id=…&matter=unlinked&from=…",
        "/consultations",
        "admin",
        ("consultations",),
        query="staff_id={staff_id}&matter=unlinked&from=2020-01-01",
    ),
    Scenario("GET /consultations/{consultation_id}", "/consultations/{consultation_id}", "admin", ("consultations",)),
    Scenario(
        "GET /consultations/{consultation_id}/entries",
        "/consultations/{consultation_id}/entries",
        "admin",
        ("consultations",),
    ),
    Scenario(
        "GET /consultations/{consultation_id}/tasks",
        "/consultations/{consultation_id}/tasks",
        "admin",
        ("consultations",),
    ),
    Scenario(
        "GET /consultations/{consultation_id}/documents",
        "/consultations/{consultation_id}/documents",
        "admin",
        ("consultations",),
    ),
    Scenario("GET /me/tasks", "/me/tasks", "admin", ("consultations",)),
    Scenario(
        "GET /clients/{client_id}/consultations",
        "/clients/{client_id}/consultations",
        "admin",
        ("consultations",),
        values=(("client_id", "caller_client_id"),),
    ),
    Scenario(
        "GET /matters/{matter_id}/consultations", "/matters/{matter_id}/consultations", "admin", ("consultations",)
    ),
]


def _fill(template: str, firm: FirmFixture) -> str | None:
    """`template` with its `{name}` parts filled from the firm's real data (None: unknown name)."""
    values = {
        "slug": firm.slug,
        "kind": "staff",
        "caller_client_id": firm.data.caller_client_id,
        "template_kind": "news",
        "template_language": "pt-BR",
        "unsubscribe_token": firm.unsubscribe_token,
        **firm.data.samples,
    }
    names = re.findall(r"{(\w+)}", template)
    if any(values.get(name) is None for name in names):
        return None
    return re.sub(r"{(\w+)}", lambda m: values[m.group(1)], template)


def scenarios_for(app: Any) -> list[Scenario]:
    """Every GET route of the app: the ones above, and any other with a generic call (so a
    new route is measured from the day it exists, and flagged until it gets a recipe)."""
    from chalicelib.handlers.http import OPERATIONS, Audience

    audience = {(op.method, op.path): op.audience for op in OPERATIONS}
    known = {s.route for s in SCENARIOS}
    extra = []
    for route, methods in app.routes.items():
        if "GET" in methods and route not in known:
            callers = {
                Audience.PUBLIC: "public",
                Audience.CLIENT: "client",
                getattr(Audience, "INTEGRATION", None): "integration",
            }
            who = callers.get(audience.get(("GET", route)), "admin")
            extra.append(Scenario(f"GET {route}", route, who, ("?",)))
    return [s for s in SCENARIOS if "GET" in app.routes.get(s.route, {})] + extra


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Cell:
    """One route at one firm size."""

    latencies: list[float] = field(default_factory=list)  # wall clock, the whole request
    wire: list[float] = field(default_factory=list)  # of which DynamoDB (moto) answering
    cpu: list[float] = field(default_factory=list)  # CPU time of the request's own thread: our side
    latencies_warm_up: list[float] = field(default_factory=list)
    wire_warm_up: list[float] = field(default_factory=list)
    cpu_warm_up: list[float] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)
    operations: Counter[str] = field(default_factory=Counter)  # of one request
    other: Counter[str] = field(default_factory=Counter)  # over all requests
    items_returned: int | None = None
    error: str | None = None
    queries: list[dict[str, Any]] = field(default_factory=list)  # the Query requests of the warm-up
    read_bytes: int = 0  # bytes DynamoDB answered, per request (the same on every request)
    answer_bytes: int = 0  # bytes the route answered
    biggest: Read | None = None  # the call that brought back the most

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def median_app_ms(self) -> float:
        """Our side of the request: the CPU time of the thread that serves it. moto runs in
        other threads and waiting is not CPU, so neither moto nor a busy machine counts."""
        return statistics.median(self.cpu) * 1000

    @property
    def median_wire_ms(self) -> float:
        return statistics.median(self.wire) * 1000


@dataclass
class Row:
    scenario: Scenario
    cells: dict[int, Cell]


@dataclass
class ApiResult:
    sizes: list[int]
    rows: list[Row]
    loaded: dict[str, int]  # what was loaded -> items written
    tables: dict[str, int]  # table -> items in it
    load_seconds: float
    load_method: str
    openai_installed: bool
    openai_imported: bool
    self_check_pages: int
    moto: moto_query.Stats


def _items_in(body: Any) -> int | None:
    if isinstance(body, list):
        return len(body)
    if isinstance(body, dict) and isinstance(body.get("items"), list):
        return len(body["items"])
    return None


class Runner:
    def __init__(self, http: Any, recorder: CallRecorder, verify: bool) -> None:
        self.http = http
        self.recorder = recorder
        self.verify = verify

    def request(self, scenario: Scenario, firm: FirmFixture, cell: Cell, keep: bool) -> None:
        route = scenario.route
        for name, other in scenario.values:
            route = route.replace("{" + name + "}", "{" + other + "}")
        path = _fill(route + ("?" + scenario.query if scenario.query else ""), firm)
        if path is None:
            cell.error = "no real value for a path parameter"
            return
        headers = {}
        token = {"admin": firm.admin_token, "client": firm.client_token, **firm.reader_tokens}.get(scenario.caller)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if scenario.caller == "integration":
            headers["X-Api-Key"] = firm.api_key
        self.recorder.start()
        cpu_started = time.thread_time()
        started = time.perf_counter()
        response = self.http.request("GET", path, headers=headers)
        elapsed = time.perf_counter() - started
        cpu = time.thread_time() - cpu_started
        self.recorder.stop()
        if response.status_code != scenario.status:
            cell.error = f"HTTP {response.status_code}: {response.body[:200]!r}"
            return
        if keep:
            cell.latencies.append(elapsed)
            cell.wire.append(self.recorder.wire_seconds)
            cell.cpu.append(cpu)
        cell.calls.append(len(self.recorder.dynamodb))
        cell.operations = Counter(self.recorder.dynamodb)  # the same on every request (see calls)
        cell.other.update(self.recorder.other_calls)
        cell.items_returned = _items_in(response.json_body) if response.body else None
        cell.read_bytes = sum(r.bytes for r in self.recorder.reads)
        cell.answer_bytes = len(response.body or b"")
        cell.biggest = max(self.recorder.reads, key=lambda r: r.bytes, default=None)
        if not keep:
            cell.queries = self.recorder.queries
            cell.latencies_warm_up.append(elapsed)
            cell.wire_warm_up.append(self.recorder.wire_seconds)
            cell.cpu_warm_up.append(cpu)

    def measure(self, scenario: Scenario, firms: list[FirmFixture], options: Options) -> Row:
        cells = {firm.size: Cell() for firm in firms}
        # Warm-up, not kept: the first call of a route builds caches and deferred schemas.
        slowest = 0.0
        for firm in firms:
            started = time.perf_counter()
            self.request(scenario, firm, cells[firm.size], keep=False)
            slowest = max(slowest, time.perf_counter() - started)
            if self.verify:
                # moto's own Query must give the same answer as the partition index: the
                # first page and the last one (a cursor, the end of the partition).
                queries = cells[firm.size].queries
                for request in {id(q): q for q in (queries[:1] + queries[-1:])}.values():
                    problem = moto_query.verify(request)
                    if problem:
                        cells[firm.size].error = f"moto's Query disagrees with the index: {problem}"
        # A route that takes seconds a request misses its targets by far: a slow warm-up
        # request stands as the measure (the smaller size ran before it, so the route was
        # warm), a fast one is measured once more, and the run stays within minutes (n = 1).
        if slowest > options.slow_seconds and not any(c.error for c in cells.values()):
            for firm in firms:
                cell = cells[firm.size]
                if cell.latencies_warm_up[0] > options.slow_seconds:
                    cell.latencies, cell.wire, cell.cpu = cell.latencies_warm_up, cell.wire_warm_up, cell.cpu_warm_up
                else:  # a fast one, measured again now that the route is warm
                    self.request(scenario, firm, cell, keep=True)
            return Row(scenario, cells)
        min_reps = options.min_reps
        deadline = time.monotonic() + options.budget_seconds
        rep = 0
        while rep < options.max_reps and not any(c.error for c in cells.values()):
            # The sizes alternate, so a slow moment of the machine hits both alike.
            for firm in firms if rep % 2 == 0 else reversed(firms):
                self.request(scenario, firm, cells[firm.size], keep=True)
            rep += 1
            if rep >= min_reps and time.monotonic() > deadline:
                break
        return Row(scenario, cells)


# --- the run --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    sizes: tuple[int, ...] = (100, 10_000)
    unrelated: int = 1_000  # items of each kind in a firm nobody measured signs in to
    budget_seconds: float = 3.0  # per route, both sizes together, once the minimum is done
    min_reps: int = 5
    max_reps: int = 60
    slow_seconds: float = 2.0  # a warm-up slower than this: one repetition is enough
    verify_moto: bool = False  # also ask moto's own (slow) Query on the real data
    load_over_http: bool = False  # BatchWriteItem requests instead of moto's backend in-process


def _quiet() -> None:
    # moto's server logs every request; the app's logger is already at WARNING (stack env).
    for name in ("werkzeug", "moto", "botocore", "urllib3"):
        logging.getLogger(name).setLevel(logging.ERROR)


def run(options: Options, progress: Progress) -> ApiResult:
    import importlib.util

    _quiet()
    t = time.perf_counter()
    pages = moto_query.self_check()
    progress(
        f"api: moto Query partition index agrees with moto's own Query on {pages} pages "
        f"({time.perf_counter() - t:.1f} s)"
    )
    moto_query.install()
    from tests.support import stack as stack_support

    t = time.perf_counter()
    moto = stack_support.start("law-portal-bench")
    progress(f"api: moto on {moto.url} with the project's resources ({time.perf_counter() - t:.1f} s)")
    openai_installed = importlib.util.find_spec("openai") is not None
    try:
        # Powertools metrics are printed (EMF) on stdout: keep them out of the progress.
        with contextlib.redirect_stdout(io.StringIO()):
            result = _run(moto, options, progress, openai_installed)
    finally:
        moto.stop()
    result.self_check_pages = pages
    return result


def _run(moto: Any, options: Options, progress: Progress, openai_installed: bool) -> ApiResult:
    import secrets

    from chalice.test import Client

    import app as app_module
    from chalicelib.bootstrap import services
    from chalicelib.domain.notifications import Topic
    from chalicelib.domain.preferences import Unsubscription
    from devstack.pump import EventPump
    from tests.support.portal import PortalDriver

    chalice_app = app_module.app
    recorder = CallRecorder()
    recorder.install()
    with Client(chalice_app, stage_name="local", project_dir=str(ROOT)) as http:
        portal = PortalDriver(http, EventPump(chalice_app, moto.environment, wait_seconds=0), moto.url)
        shared_hash = services().adapters.hasher.hash(secrets.token_urlsafe(16))

        # The firms and their signed-in callers first: invitations go through SES and the
        # mailbox, which reads moto's whole state and would be slow once the tables are full.
        fixtures: list[FirmFixture] = []
        for size in [*options.sizes, 0]:
            firm = portal.open_firm(f"Bench {size}" if size else "Unrelated firm")
            client, client_token = portal.invited_client(firm)
            admin_id = portal.ok("GET", "/me", firm.admin_token)["id"]
            api_key = portal.ok("POST", "/api-keys", firm.admin_token, {"name": "Court feed"}, status=201)["secret"]
            readers = {caller: portal.invited_client(firm) for caller in (data.ONE_CASE, data.SPREAD)}
            firm_data = data.FirmData(
                firm.id, admin_id, firm.admin_email, shared_hash, client["id"],
                readers={caller: reader["id"] for caller, (reader, _) in readers.items()},
            )  # fmt: skip
            unsubscribe = services().adapters.signer.sign_unsubscribe(
                Unsubscription(firm_id=firm.id, client_id=client["id"], topic=Topic.NEWS)
            )
            fixtures.append(
                FirmFixture(
                    size,
                    firm.slug,
                    firm_data,
                    firm.admin_token,
                    client_token,
                    {caller: token for caller, (_, token) in readers.items()},
                    api_key,
                    unsubscribe,
                )  # fmt: skip
            )
        unrelated = fixtures.pop().data
        progress(f"api: {len(options.sizes) + 1} firms open, an admin and a client signed in to each")

        # The bulk data, one kind at a time, for each firm, then for the unrelated firm.
        rng = random.Random(20240611)
        loaded: dict[str, int] = {}
        started = time.perf_counter()
        loads = [(f.data, f"firm of {f.size:,}", kind, f.size) for f in fixtures for kind in data.KINDS]
        loads += [(unrelated, "unrelated firm", kind, options.unrelated) for kind in data.KINDS]
        for firm_data, label, kind, count in loads:
            t = time.perf_counter()
            written = data.batch_write(data.KINDS[kind](firm_data, count, rng), over_http=options.load_over_http)
            loaded[f"{label}: {count:,} {kind}"] = written
            progress(f"api: {label:<15} {count:>6} {kind:<8} {written:>6} items  {time.perf_counter() - t:5.1f} s")
        load_seconds = time.perf_counter() - started
        tables = _table_sizes()
        # moto now holds a million objects in this process; a Lambda would not. Out of the
        # garbage collector's sight, they cost the requests nothing.
        gc.collect()
        gc.freeze()
        progress(
            f"api: tables filled in {load_seconds:.0f} s: " + ", ".join(f"{k} {v:,} items" for k, v in tables.items())
        )

        runner = Runner(http.http, recorder, options.verify_moto)
        rows = []
        for scenario in scenarios_for(chalice_app):
            t = time.perf_counter()
            row = runner.measure(scenario, fixtures, options)
            rows.append(row)
            summary = "  ".join(_cell_summary(size, cell) for size, cell in row.cells.items())
            progress(f"api: {scenario.label:<34} {summary}  ({time.perf_counter() - t:.1f} s)")
        # After importing the app and serving every read route above.
        openai_imported = "openai" in sys.modules
    load_method = (
        "BatchWriteItem requests"
        if options.load_over_http
        else "moto's BatchWriteItem per-item `put_item`, called in-process"
    )
    return ApiResult(
        list(options.sizes),
        rows,
        loaded,
        tables,
        load_seconds,
        load_method,
        openai_installed,
        openai_imported,
        0,
        moto_query.stats,
    )


def _cell_summary(size: int, cell: Cell) -> str:
    if cell.error:
        return f"[{size}: {cell.error}]"
    return f"[{size:,}: {max(cell.calls)} calls, {cell.median_ms:.1f} ms]"


def _table_sizes() -> dict[str, int]:
    from chalicelib.adapters import aws
    from chalicelib.settings import get_settings

    s = get_settings()
    client = aws.client("dynamodb")
    names = {
        "directory": s.directory_table,
        "audit": s.audit_table,
        "matters": s.matters_table,
        "updates": s.updates_table,
    }
    return {kind: client.describe_table(TableName=name)["Table"]["ItemCount"] for kind, name in names.items()}
