"""`make run`: the whole system on this machine. Ctrl-C stops it; its data stays in
.devstack/ for the next start."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

from .resources import ROOT

LOCAL_ENVIRONMENT = "environment.json"
LOCAL_AWS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_DEV": "false",
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m devstack", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--moto-port", type=int, default=int(os.environ.get("MOTO_PORT", 5100)))
    parser.add_argument("--api-port", type=int, default=int(os.environ.get("API_PORT", 8000)))
    parser.add_argument("--mailbox-port", type=int, default=int(os.environ.get("MAILBOX_PORT", 8025)))
    parser.add_argument("--portal-port", type=int, default=int(os.environ.get("PORTAL_PORT", 8080)))
    parser.add_argument("--admin-port", type=int, default=int(os.environ.get("ADMIN_PORT", 8081)))
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("DEVSTACK_DATA", ROOT / ".devstack")))
    parser.add_argument("--fresh", action="store_true", help="start with empty data (the old data is discarded)")
    parser.add_argument("--reload", action="store_true", help="restart the API when Python code changes")
    args = parser.parse_args()

    moto_url = f"http://{args.host}:{args.moto_port}"
    api_url = f"http://{args.host}:{args.api_port}"
    portal_url = f"http://localhost:{args.portal_port}"
    admin_url = f"http://localhost:{args.admin_port}"
    os.environ.update(LOCAL_AWS | {"AWS_ENDPOINT_URL": moto_url})

    import logging

    from moto.server import ThreadedMotoServer

    from . import moto_patches

    moto_patches.apply()
    # moto's web server logs every AWS call; the API's own log is what matters here.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    moto = ThreadedMotoServer(ip_address=args.host, port=args.moto_port, verbose=False)
    moto.start()
    _wait_for(moto_url + "/moto-api/data.json")

    from . import state
    from .resources import deploy

    # No model unless one is named: OPENAI_BASE_URL=http://localhost:8089/v1 make run (docs/TRANSLATIONS.md).
    model = {"OpenAiBaseUrl": os.environ.get("OPENAI_BASE_URL", ""), "OpenAiModel": os.environ.get("OPENAI_MODEL", "")}
    # The documents bucket's CORS origin: both apps post files straight to it (the portal a
    # client's, the admin app a matter's). In production they share an origin pattern
    # (*.<PortalDomain>, or the CloudFront host); here they are two ports of localhost.
    deployment = deploy(
        "law-portal-local",
        {"Stage": "local", "MailFrom": "no-reply@portal.example.com", "PortalOrigin": "http://localhost:*"}
        | {name: value for name, value in model.items() if value},
    )
    environment = deployment.environment | {
        "PORTAL_PORTAL_URL_TEMPLATE": portal_url + "/p/{slug}",
        "PORTAL_ADMIN_URL": admin_url,
        # One-click unsubscribe links in e-mails are POSTed straight to the API.
        "PORTAL_API_URL": api_url,
        # Download links point at the portal's local server, which passes them on to the local
        # S3 and adds nosniff as CloudFront's /firms/* behaviour does (devstack/web.py); with no
        # app built there is no such server, and they go to the local S3 itself.
        "PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN": portal_url if _apps_built() else "",
    }
    os.environ.update(environment)
    # For the maintenance tools run beside it (python -m tools.credits --local).
    args.data.mkdir(parents=True, exist_ok=True)
    (args.data / LOCAL_ENVIRONMENT).write_text(json.dumps(environment | {"AWS_ENDPOINT_URL": moto_url}, indent=2))
    if os.environ.get("OPENAI_API_KEY"):  # a hosted provider's key, into the secret the worker reads
        import boto3

        boto3.client("secretsmanager").put_secret_value(
            SecretId=environment["PORTAL_OPENAI_API_KEY_SECRET"], SecretString=os.environ["OPENAI_API_KEY"]
        )
    if args.fresh and (args.data / state.STATE_FILE).exists():
        (args.data / state.STATE_FILE).unlink()
        (args.data / "mailbox.json").unlink(missing_ok=True)
    restored = state.restore(deployment, args.data)

    from .seed import DEMO_SLUG, SIGN_INS, seed

    seeded = seed()

    api = subprocess.Popen(
        [
            # `chalice local`, answering unmatched paths as API Gateway does (devstack/gateway.py).
            sys.executable,
            "-m",
            "devstack.gateway",
            "local",
            "--stage",
            "local",
            "--host",
            args.host,
            "--port",
            str(args.api_port),
        ]
        # Chalice's reloader polls every file under the project (node_modules and .venv
        # included) each second and restarts on any change; opt in with --reload.
        + ([] if args.reload else ["--no-autoreload"]),
        cwd=ROOT,
        env=os.environ.copy(),
    )
    _wait_for(api_url + "/openapi.json", process=api)

    import app

    from .mailbox import Mailbox
    from .pump import EventPump

    pump = EventPump(app.app, environment)
    pump.start()
    args.data.mkdir(parents=True, exist_ok=True)
    mailbox = Mailbox(
        moto_url, archive=args.data / "mailbox.json", email_events_topic=deployment.resources["EmailEventsTopic"][1]
    )
    mailbox_server = mailbox.serve(args.host, args.mailbox_port)
    web_servers = _serve_web(args, api_url)

    stopping = threading.Event()
    saver = threading.Thread(target=_save_every_minute, args=(deployment, args.data, stopping), daemon=True)
    saver.start()

    print(
        f"""
  Law-firm client portal, running locally ({"data restored" if restored else "fresh data"}\
{", demo seeded" if seeded else ""})

  API             {api_url}          (OpenAPI: {api_url}/openapi.json)
  Admin app       {admin_url}{"" if web_servers else "   (not built: run `make web`)"}
  Client portal   {portal_url}/p/{DEMO_SLUG}/
  Local mailbox   http://{args.host}:{args.mailbox_port}   (e-mails and text messages)
  AWS (moto)      {moto_url}

  Demo firm portal slug: {DEMO_SLUG}
""",
        flush=True,
    )
    for sign_in in SIGN_INS:
        print(f"  {sign_in.who:<20} {sign_in.email:<32} password: {sign_in.password}", flush=True)
    print("\n  Ctrl-C stops everything; data is kept in", args.data, "\n", flush=True)

    def stop(*_: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping.is_set() and api.poll() is None:
        stopping.wait(1)

    print("\nStopping...", flush=True)
    if api.poll() is None:
        api.terminate()
    try:
        api.wait(timeout=10)
    except subprocess.TimeoutExpired:
        api.kill()
    try:
        pump.drain(timeout_seconds=10)
    except Exception as error:  # noqa: BLE001 - keep stopping
        print(f"  messages left in queues: {error}", flush=True)
    pump.stop()
    state.dump(deployment, args.data)
    mailbox.messages()  # archive what was sent last
    mailbox_server.shutdown()
    for server in web_servers:
        server.shutdown()
    moto.stop()
    print("Stopped; data saved in", args.data, flush=True)


def _apps_built() -> bool:
    try:
        from .web import apps_built
    except ImportError:
        return False
    return apps_built()


def _serve_web(args: argparse.Namespace, api_url: str) -> list[ThreadingHTTPServer]:
    try:
        from .web import serve_apps
    except ImportError:
        return []
    return serve_apps(args, api_url)


def _save_every_minute(deployment: object, folder: Path, stopping: threading.Event) -> None:
    from . import state

    while not stopping.wait(60):
        try:
            state.dump(deployment, folder)  # type: ignore[arg-type]
        except Exception as error:  # noqa: BLE001 - a failed save must not stop the stack
            print(f"[devstack] could not save data: {error}", flush=True)


def _wait_for(url: str, process: subprocess.Popen[bytes] | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"{url} did not start (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


if __name__ == "__main__":
    main()
