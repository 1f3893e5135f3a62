"""Ingestion throughput: one DataJud batch of 1,000 court movements through the local stack.

The stack is the real one, `python -m devstack --fresh`, started in a child process with
free ports and a temporary DEVSTACK_DATA: moto in server mode, the API under `chalice local`
(its own process), and the event pump that hands the ingestion queue's messages to the
worker (`store_movements`) as Lambda's event source mapping would, in batches of 10.

As an integration would, the benchmark signs in as the demo firm's admin, creates an API
key, POSTs a batch of 10 DataJud records x 100 movements to `/integration/movements`, then
polls `GET /integration/batches/{id}` until it says `done`; then POSTs the very same batch
again (every movement a duplicate). Each pair uses new matter numbers, so the first batch is
all new (and opens its 10 matters, as a DataJud record for an unknown number does).

DynamoDB calls are counted where every one of them arrives, at moto, with moto's request
recorder (`/moto-api/recorder/*`): those of the POST and of the worker; the status polls'
own reads (GetItem of the API key and of the batch) are recognised by key and left out.
"""

from __future__ import annotations

import base64
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .imports import ROOT

Progress = Callable[[str], None]

# The environment the benchmark was started with: the API part exports moto's address and
# test settings into this process later, and the stack must not inherit them.
ENVIRONMENT = dict(os.environ)

DEFAULT_PORTS = {5100, 8000, 8025, 8080, 8081}  # `make run`'s: someone may be using them
ADMIN = ("silva", "admin@silva.example.com", "demo admin password")  # devstack/seed.py's demo admin
POLL_SECONDS = 0.05


# --- a realistic DataJud batch ---------------------------------------------------------------

CLASSES = [(7, "Procedimento Comum Cível"), (159, "Execução de Título Extrajudicial"),
           (120, "Mandado de Segurança Cível"), (985, "Ação Trabalhista - Rito Ordinário"),
           (436, "Procedimento do Juizado Especial Cível")]  # fmt: skip
VENUES = {
    "TJSP": [
        "2ª Vara Cível do Foro Central Cível",
        "5ª Vara da Fazenda Pública",
        "1ª Vara Empresarial e de Conflitos de Arbitragem",
    ],
    "TJRJ": ["3ª Vara Cível da Comarca da Capital", "7º Juizado Especial Cível"],
    "TRT2": ["45ª Vara do Trabalho de São Paulo", "12ª Vara do Trabalho de São Paulo"],
    "TRF3": ["1ª Vara Federal de São Paulo", "10ª Vara Cível Federal de São Paulo"],
}
# DataJud's `complementosTabelados` as they come with the movements that carry them.
COMPLEMENTS: dict[int, list[list[tuple[int, str, int, str]]]] = {
    85: [[(19, "tipo_de_peticao", 57, "Contestação")], [(19, "tipo_de_peticao", 58, "Réplica")],
         [(19, "tipo_de_peticao", 105, "Manifestação")]],
    60: [[(4, "tipo_de_documento", 107, "Mandado")], [(4, "tipo_de_documento", 103, "Ofício")],
         [(4, "tipo_de_documento", 91, "Intimação")]],
    581: [[(4, "tipo_de_documento", 80, "Certidão")], [(4, "tipo_de_documento", 105, "Procuração")]],
    970: [[(16, "tipo_de_audiencia", 12, "Conciliação"), (18, "situacao_da_audiencia", 4, "designada")],
          [(16, "tipo_de_audiencia", 7, "Instrução e Julgamento"), (18, "situacao_da_audiencia", 1, "realizada")]],
    51: [[(3, "tipo_de_conclusao", 6, "para despacho")], [(3, "tipo_de_conclusao", 5, "para decisão")]],
    123: [[(2, "motivo_da_remessa", 38, "em grau de recurso")], [(2, "motivo_da_remessa", 41, "para o contador")]],
}  # fmt: skip


def datajud_batch(first_sequence: int, records: int, per_record: int, rng: random.Random) -> dict[str, Any]:
    """`records` DataJud `_source` records with `per_record` movements each, dated a day or
    two apart (so no two are the same movement), most of the codes bench/data.py's court feed
    uses, with their complements."""
    from .data import COURTS, MOVEMENTS, _cnj_number

    batch = []
    for r in range(records):
        court, segment, tr, _ = rng.choice(COURTS)
        year = 2018 + r % 6
        code, name = rng.choice(CLASSES)
        moment = datetime(year, 2, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=rng.randrange(600))
        movements = []
        for _ in range(per_record):
            moment += timedelta(hours=rng.randrange(20, 60), minutes=rng.randrange(60))
            move_code, move_name = rng.choice(MOVEMENTS)
            complements = rng.choice(COMPLEMENTS.get(move_code, [[]]))
            movements.append({
                "codigo": move_code, "nome": move_name, "dataHora": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "complementosTabelados": [{"codigo": c, "nome": n, "valor": v, "descricao": d}
                                          for c, n, v, d in complements],
            })  # fmt: skip
        batch.append({
            "numeroProcesso": "".join(ch for ch in _cnj_number(first_sequence + r, year, segment, tr) if ch.isdigit()),
            "classe": {"codigo": code, "nome": name}, "tribunal": court, "grau": "G1",
            "orgaoJulgador": {"codigo": rng.randrange(1000, 99999), "nome": rng.choice(VENUES[court])},
            "movimentos": movements,
        })  # fmt: skip
    return {"format": "datajud", "records": batch}


# --- the local stack ---------------------------------------------------------------------------


def _free_ports(count: int) -> list[int]:
    sockets: list[socket.socket] = []
    try:
        while len(sockets) < count:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            if s.getsockname()[1] in DEFAULT_PORTS:
                s.close()
                continue
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


class LocalStack:
    """`python -m devstack --fresh` in a child process (its own session, so it and the
    `chalice local` it starts are stopped together), with free ports and its data and moto's
    request recording in a temporary folder."""

    def __init__(self, progress: Progress, environment: dict[str, str] | None = None) -> None:
        self.progress = progress
        self.environment = environment or {}  # more variables for the stack (a model's address)
        self.folder = tempfile.TemporaryDirectory(prefix="bench-devstack-")
        data = Path(self.folder.name)
        self.recording = data / "moto-recording.jsonl"
        moto, api, mailbox, portal, admin = _free_ports(5)
        self.moto_url, self.api_url = f"http://127.0.0.1:{moto}", f"http://127.0.0.1:{api}"
        self.command = [sys.executable, "-m", "devstack", "--fresh", "--host", "127.0.0.1",
                        "--moto-port", str(moto), "--api-port", str(api), "--mailbox-port", str(mailbox),
                        "--portal-port", str(portal), "--admin-port", str(admin), "--data", str(data)]  # fmt: skip
        self.log_path = data / "devstack.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost, never a proxy
        self.started_seconds = 0.0

    def start(self, timeout: float = 120) -> None:
        env = (
            ENVIRONMENT
            | self.environment
            | {
                "DEVSTACK_DATA": self.folder.name,
                "MOTO_RECORDER_FILEPATH": str(self.recording),
                "PYTHONUNBUFFERED": "1",
            }
        )
        started = time.perf_counter()
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        # The banner comes once moto, the resources, the demo firm, the API and the pump are up.
        while "Ctrl-C stops everything" not in self.log():
            if self.process.poll() is not None:
                raise RuntimeError(f"python -m devstack exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"python -m devstack was not ready within {timeout:.0f} s:\n{self.log()[-3000:]}")
            time.sleep(0.2)
        self.started_seconds = time.perf_counter() - started

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)  # devstack stops its API, drains the pump, saves, stops moto
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the child's own session: it and its `chalice local`
                process.wait(timeout=10)
        self.folder.cleanup()

    # --- HTTP ---

    def call(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.api_url + path,
            data=body,
            method=method,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.read()[:500]

    def ok(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None, status: int = 200
    ) -> Any:
        got, answer = self.call(method, path, None if body is None else json.dumps(body).encode(), headers)
        if got != status:
            raise RuntimeError(f"{method} {path}: {got} {answer!r}")
        return answer

    def recorder(self, action: str) -> str:
        method = "GET" if action == "download-recording" else "POST"
        with self.opener.open(
            urllib.request.Request(
                f"{self.moto_url}/moto-api/recorder/{action}", method=method, data=None if method == "GET" else b""
            ),
            timeout=60,
        ) as r:
            recording: bytes = r.read()
            return recording.decode()


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Calls:
    """What moto received during one batch, from its request recording."""

    dynamodb: Counter[str] = field(default_factory=Counter)  # the POST's and the worker's, by operation
    polls: Counter[str] = field(default_factory=Counter)  # the status polls' own reads
    other: Counter[str] = field(default_factory=Counter)  # other services (SQS), by operation
    scans: int = 0  # the stack saves its data every minute with a Scan of every table

    @property
    def total(self) -> int:
        return sum(self.dynamodb.values())


def _entries(text: str) -> Iterator[dict[str, Any]]:
    """The recording's entries. moto appends one JSON document and then a newline per request,
    in two writes and from several server threads at once, so two documents may share a line."""
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return
        entry, position = decoder.raw_decode(text, position)
        yield entry


def parse_recording(text: str) -> Calls:
    calls = Calls()
    for entry in _entries(text):
        headers = {k.lower(): v for k, v in entry.get("headers", {}).items()}
        target = headers.get("x-amz-target", "")
        service, _, operation = target.partition(".")
        if not operation:
            continue
        if not service.startswith("DynamoDB"):
            calls.other[f"{service.removeprefix('Amazon')}.{operation}"] += 1
            continue
        if operation == "Scan":
            calls.scans += 1
            continue
        body = entry.get("body") or ""
        if entry.get("body_encoded"):
            body = base64.b64decode(body).decode()
        request = json.loads(body or "{}")
        sort_key = request.get("Key", {}).get("sk", {}).get("S", "")
        if operation == "GetItem" and sort_key == "BATCH":
            calls.polls["GetItem"] += 1
            continue
        calls.dynamodb[operation] += 1
    # Each poll also read the API key (GetItem APIKEY#...): take those out too.
    polls = calls.polls["GetItem"]
    calls.dynamodb["GetItem"] -= polls
    calls.polls["GetItem"] += polls
    calls.dynamodb = +calls.dynamodb
    return calls


@dataclass
class Batch:
    accept_seconds: float  # POST sent -> 202 received
    stored_seconds: float  # POST sent -> the first status poll that says `done`
    polls: int
    status: dict[str, Any]
    calls: Calls
    movements: int

    @property
    def per_second(self) -> float:
        return self.movements / self.stored_seconds


@dataclass
class Pair:
    new: Batch
    again: Batch


@dataclass
class IngestionResult:
    records: int
    per_record: int
    how: str
    startup_seconds: float
    pairs: list[Pair]
    discarded: int  # pairs measured again because the stack's minute save ran meanwhile
    warm_up: str
    problems: list[str]
    seconds: float

    @property
    def movements(self) -> int:
        return self.records * self.per_record


@dataclass(frozen=True)
class Options:
    repetitions: int = 3  # pairs (new batch, the same again) measured; the report gives medians
    records: int = 10
    per_record: int = 100


def _measure(stack: LocalStack, headers: dict[str, str], body: bytes, movements: int, timeout: float = 300) -> Batch:
    stack.recorder("reset-recording")
    started = time.perf_counter()
    code, accepted = stack.call("POST", "/integration/movements", body, headers)
    accept = time.perf_counter() - started
    if code != 202:
        raise RuntimeError(f"POST /integration/movements: {code} {accepted!r}")
    polls = 0
    while True:
        status = stack.ok("GET", f"/integration/batches/{accepted['batch_id']}", headers=headers)
        polls += 1
        if status["status"] == "done":
            break
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"batch not done after {timeout:.0f} s: {status}")
        time.sleep(POLL_SECONDS)
    stored = time.perf_counter() - started
    calls = parse_recording(stack.recorder("download-recording"))
    return Batch(accept, stored, polls, status, calls, movements)


def _check(batch: Batch, new: bool, records: int) -> list[str]:
    s, movements = batch.status, batch.movements
    expected = {
        "stored": movements if new else 0,
        "duplicates": 0 if new else movements,
        "matters_created": records if new else 0,
    }
    wrong = {k: s.get(k) for k, v in expected.items() if s.get(k) != v}
    if wrong or s.get("unknown_matters"):
        return [
            f"{'new' if new else 'repeated'} batch: status "
            f"{json.dumps({k: s.get(k) for k in [*expected, 'unknown_matters']})}, expected {json.dumps(expected)}"
        ]
    if batch.calls.polls["GetItem"] != 2 * batch.polls:
        return [
            f"{batch.polls} status polls but {batch.calls.polls['GetItem']} of their reads recognised in moto's "
            "recording"
        ]
    return []


HOW = ("`python -m devstack --fresh` in a child process (free ports, a temporary DEVSTACK_DATA): moto in server mode, "
       "the API under `chalice local` in its own process, and the event pump delivering the ingestion queue to the "
       "worker in batches of up to 10 messages, as Lambda would")  # fmt: skip


def failed(options: Options, error: Exception) -> IngestionResult:
    """The section's content when the run could not finish: what went wrong, in one line."""
    first_line = (str(error).strip().splitlines() or [""])[0][:300]
    return IngestionResult(
        options.records, options.per_record, HOW, 0.0, [], 0, "", [f"{type(error).__name__}: {first_line}"], 0.0
    )


def run(options: Options, progress: Progress) -> IngestionResult:
    started = time.perf_counter()
    stack = LocalStack(progress)
    problems: list[str] = []
    try:
        stack.start()
        progress(
            f"ingestion: `python -m devstack --fresh` ready in {stack.started_seconds:.1f} s (moto {stack.moto_url}, "
            f"API {stack.api_url})"
        )
        slug, email, password = ADMIN
        token = stack.ok("POST", "/auth/staff/sign-in", {"portal": slug, "email": email, "password": password})[
            "access_token"
        ]
        secret = stack.ok(
            "POST", "/api-keys", {"name": "Court feed (bench)"}, {"Authorization": f"Bearer {token}"}, status=201
        )["secret"]
        headers = {"X-Api-Key": secret}
        stack.recorder("start-recording")
        rng = random.Random(20241124)
        sequence = 7_000_000  # matter numbers no other run of this stack has used

        def pair(records: int, per_record: int) -> Pair:
            nonlocal sequence
            body = json.dumps(datajud_batch(sequence, records, per_record, rng)).encode()
            sequence += records
            new = _measure(stack, headers, body, records * per_record)
            again = _measure(stack, headers, body, records * per_record)
            problems.extend(_check(new, True, records) + _check(again, False, records))
            return Pair(new, again)

        # The first requests of a route, and the worker's first message, build caches and
        # schemas: one record of 100 movements, sent twice, is not kept.
        warm = pair(1, 100)
        warm_up = (
            "one record of 100 movements sent twice, stored in "
            f"{_seconds(warm.new.stored_seconds)} and {_seconds(warm.again.stored_seconds)}, not kept"
        )
        progress(f"ingestion: warm-up: {warm_up}")
        pairs: list[Pair] = []
        discarded = 0
        while len(pairs) < options.repetitions and discarded <= options.repetitions:
            measured = pair(options.records, options.per_record)
            for label, batch in (("new", measured.new), ("again", measured.again)):
                progress(f"ingestion: {label:<5} {batch.movements} movements: 202 in "
                         f"{batch.accept_seconds * 1000:.0f} ms, stored in {batch.stored_seconds:.2f} s "
                         f"({batch.per_second:.0f}/s), {batch.calls.total} DynamoDB calls"
                         + (f", {batch.calls.scans} Scans of the stack's minute save meanwhile: measured again"
                            if batch.calls.scans else ""))  # fmt: skip
            if measured.new.calls.scans or measured.again.calls.scans:
                discarded += 1
                continue
            pairs.append(measured)
        stack.recorder("stop-recording")
    except Exception:
        print(stack.log()[-3000:], file=sys.stderr)
        raise
    finally:
        stack.stop()
    return IngestionResult(options.records, options.per_record, HOW, stack.started_seconds, pairs, discarded,
                           warm_up, problems, time.perf_counter() - started)  # fmt: skip


def _seconds(value: float) -> str:
    return f"{value:.2f} s"
