"""A local chat-completions server for the plain-language model's tests (F16).

The openai SDK is a real HTTP client (respx cannot intercept it), so the tests talk to a
real server: stdlib http.server in a thread on 127.0.0.1, a free port. Each test scripts
a queue of behaviours, one per request (answer a PlainText, answer malformed JSON, 429
with Retry-After, 500, hang past the client's timeout), and reads back every request the
server received. When the queue is empty, `then` answers (a 500 unless the test says)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chalicelib.domain.translations import PlainText

_DATE = re.compile(r"\s*(?:on |em |el |para )?\b\d{1,2}/\d{1,2}/\d{2,4}\b")


@dataclass(frozen=True)
class Behaviour:
    status: int = 200
    content: str | None = None  # the answer's choices[0].message.content
    body: str | None = None  # the whole body instead (an error's)
    headers: dict[str, str] = field(default_factory=dict)
    hang_seconds: float = 0.0


def answer(plain: PlainText) -> Behaviour:
    return Behaviour(content=plain.model_dump_json())


def drop_date(plain: PlainText) -> Behaviour:
    """The answer with every dd/mm/yyyy date taken out."""
    return answer(
        plain.model_copy(update={"happened": _DATE.sub("", plain.happened), "next": _DATE.sub("", plain.next)})
    )


def invent_amount(plain: PlainText, amount: str = "R$ 2.000,00") -> Behaviour:
    return answer(plain.model_copy(update={"happened": f"{plain.happened} You may have to pay {amount}."}))


def malformed() -> Behaviour:
    return Behaviour(content='{"happened": "The judge scheduled a hearing", ')


def wrong_shape() -> Behaviour:
    return Behaviour(content=json.dumps({"summary": "The judge scheduled a hearing."}))


def error(status: int, message: str = "failing", headers: dict[str, str] | None = None) -> Behaviour:
    body = json.dumps({"error": {"message": message, "type": "server_error", "param": None, "code": None}})
    return Behaviour(status=status, body=body, headers=headers or {})


def rate_limited(retry_after: float = 0.01) -> Behaviour:
    return error(429, "rate limited", {"Retry-After": str(retry_after)})


def failing() -> Behaviour:
    return error(500)


def hang(seconds: float = 5.0) -> Behaviour:
    """Sleep past the client's timeout (until the server stops, at most `seconds`)."""
    return Behaviour(hang_seconds=seconds, content=json.dumps({"happened": "Too late."}))


def json_schema_unsupported() -> Behaviour:
    """What a server without structured output says to a json_schema response format."""
    return error(400, "response_format json_schema is not supported")


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))


class ChatServer:
    def __init__(self, model: str = "stub-1") -> None:
        self.model = model
        self.script: deque[Behaviour] = deque()
        self.then: Behaviour = error(500, "nothing scripted")
        self.requests: list[Received] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._http.daemon_threads = True
        self._http.block_on_close = False
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), name="chat-server", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def queue(self, *behaviours: Behaviour) -> ChatServer:
        self.script.extend(behaviours)
        return self

    def start(self) -> ChatServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._http.shutdown()
        self._http.server_close()

    def _next(self, received: Received) -> Behaviour:
        with self._lock:
            self.requests.append(received)
            return self.script.popleft() if self.script else self.then

    def _completion(self, content: str) -> str:
        return json.dumps(
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": self.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": None},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
            }
        )

    def _handler(self) -> Callable[..., BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                received = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw))
                behaviour = server._next(received)
                if self.path.rstrip("/") != "/v1/chat/completions":
                    behaviour = error(404, f"no route {self.path}")
                if behaviour.hang_seconds:
                    server._stopping.wait(behaviour.hang_seconds)
                body = behaviour.body if behaviour.body is not None else server._completion(behaviour.content or "")
                data = body.encode()
                try:
                    self.send_response(behaviour.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in behaviour.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a hang past its timeout)

        return Handler
