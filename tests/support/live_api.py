"""The HTTP API served for real by `chalice local`, in a child process with a moto stack
of its own and the demo firm seeded (devstack.seed), for contract tests (schemathesis).

Why a child process with its own moto rather than the test session's stack: the API rate
limits by source address, and `chalice local` and `chalice.test.Client` both report
127.0.0.1, so fuzzing the sign-in and e-mail routes would use up the limits every other
test in the session relies on. `--no-autoreload`, because a file saved in the working
tree must not restart the server in the middle of a run.

    python -m tests.support.live_api --port 6201      # serves until stopped
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class LiveApi:
    url: str
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def serve(startup_timeout: float = 90) -> Iterator[LiveApi]:
    """Start the API on a free port; stop it (and only it) on exit."""
    from tests.support.stack import free_port

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="live-api-") as folder:
        log = Path(folder) / "api.log"
        api = LiveApi(url=f"http://127.0.0.1:{port}", log=log)
        # The child builds its own AWS environment: drop the session stack's, if any.
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PORTAL_"))}
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.support.live_api", "--port", str(port)],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_until_up(api, process, startup_timeout)
                yield api
            finally:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=15)


def _wait_until_up(api: LiveApi, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the API exited with code {process.returncode} before serving:\n{api.log_tail()}")
        try:
            with urllib.request.urlopen(api.url + "/openapi.json", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the API did not answer within {timeout:.0f} s:\n{api.log_tail()}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.support.live_api", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    import logging

    from tests.support import stack

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log would bury the API's
    stack.start("law-portal-live")  # moto in this process, on a free port; exports the environment
    from devstack.seed import seed

    seed()
    # `chalice local` itself (its stage config, its request/event translation), in this process,
    # with API Gateway's answer to unmatched paths (devstack/gateway.py).
    from chalice.cli import main as chalice_main

    from devstack import gateway

    gateway.apply()

    sys.argv = [
        "chalice",
        "local",
        "--no-autoreload",
        "--stage",
        "local",
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
    ]
    chalice_main()


if __name__ == "__main__":
    main()
