"""The local mailbox: every e-mail the system sent through (moto's) SES, newest first,
with its HTML shown and its links clickable. Messages are kept in an archive file so the
mailbox survives a restart of the stack."""

from __future__ import annotations

import html
import json
import threading
import urllib.request
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def sent_by_moto(moto_url: str) -> list[dict[str, Any]]:
    """Messages moto's SES accepted, in the order they were sent."""
    with urllib.request.urlopen(f"{moto_url}/moto-api/data.json", timeout=10) as response:
        data = json.load(response)
    return [
        {
            "id": m["id"],
            "from": m["source"],
            "to": m["destinations"].get("ToAddresses", []),
            "subject": m["subject"],
            "html": m["body"],
            # Kept by devstack/moto_patches.py: moto itself keeps the HTML part only.
            "text": m.get("text", ""),
            "headers": m.get("headers", {}),
            "tags": m.get("tags", {}),
        }
        for m in data.get("ses", {}).get("Message", [])
    ]


class Mailbox:
    def __init__(self, moto_url: str, archive: Path | None = None) -> None:
        self.moto_url = moto_url
        self.archive = archive
        self._lock = threading.Lock()
        self._messages: dict[str, dict[str, Any]] = {}
        if archive and archive.exists():
            self._messages = {m["id"]: m for m in json.loads(archive.read_text())}

    def messages(self) -> list[dict[str, Any]]:
        """Newest first."""
        with self._lock:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            fresh = [m for m in sent_by_moto(self.moto_url) if m["id"] not in self._messages]
            for m in fresh:
                self._messages[m["id"]] = {**m, "received_at": now}
            if fresh and self.archive:
                self.archive.write_text(json.dumps(list(self._messages.values()), ensure_ascii=False))
            return list(reversed(self._messages.values()))

    def serve(self, host: str, port: int) -> ThreadingHTTPServer:
        mailbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = self.path.split("?")[0]
                if path == "/api/messages":
                    self._send(200, "application/json", json.dumps(mailbox.messages(), ensure_ascii=False))
                elif path.startswith("/message/"):
                    found = next((m for m in mailbox.messages() if m["id"] == path.removeprefix("/message/")), None)
                    if found:
                        self._send(200, "text/html; charset=utf-8", found["html"])
                    else:
                        self._send(404, "text/plain", "No such message")
                elif path == "/":
                    self._send(200, "text/html; charset=utf-8", _page(mailbox.messages()))
                else:
                    self._send(404, "text/plain", "Not found")

            def _send(self, status: int, content_type: str, body: str) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer((host, port), Handler)
        threading.Thread(target=server.serve_forever, name="mailbox", daemon=True).start()
        return server


def _page(messages: list[dict[str, Any]]) -> str:
    rows = "\n".join(
        f"""<article>
<header><strong>{html.escape(m["subject"])}</strong><br>
<small>To {html.escape(", ".join(m["to"]))} · from {html.escape(m["from"])} · \
{html.escape(m.get("received_at", ""))}</small>
· <a href="/message/{html.escape(m["id"])}" target="_blank">open alone</a></header>
<iframe title="{html.escape(m["subject"])}" \
sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" \
srcdoc="{html.escape(_links_open_outside(m["html"]))}"></iframe>
</article>"""
        for m in messages
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Local mailbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="10">
<style>body{{font-family:system-ui,sans-serif;margin:0 auto;max-width:900px;padding:16px;background:#f4f5f7}}
article{{background:#fff;border-radius:8px;margin:0 0 16px;padding:12px}}\
iframe{{width:100%;height:420px;border:1px solid #e6e8eb;border-radius:6px;margin-top:8px}}</style>
</head><body><h1>Local mailbox</h1><p>{len(messages)} e-mail(s) sent through SES, newest first. \
This page refreshes every 10 seconds.</p>
{rows or "<p>No e-mail yet.</p>"}</body></html>"""


def _links_open_outside(markup: str) -> str:
    # Links in an e-mail open in the real browser window, not inside the preview frame.
    return markup.replace("<a ", '<a target="_top" ')
