"""The local mailbox: every e-mail the system sent through (moto's) SES, every text
message (SMS) and every push notification to a phone (F23) it sent through (moto's) SNS,
newest first. Each e-mail shows its HTML, with its links clickable, and its text version
(devstack/moto_patches.py keeps that part, which moto alone drops); each text its number and
words; each push its device, title, body and deep link. Everything is kept in an archive
file so the mailbox survives a restart of the stack."""

from __future__ import annotations

import html
import json
import threading
import urllib.request
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def _moto_data(moto_url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{moto_url}/moto-api/data.json", timeout=10) as response:
        data: dict[str, Any] = json.load(response)
    return data


def sent_by_moto(moto_url: str) -> list[dict[str, Any]]:
    """Messages moto's SES accepted, in the order they were sent. `text` is the text part
    and `headers` the headers given to SES, by name (None and {} without the local stack's patch)."""
    return [
        {
            "id": m["id"],
            "from": m["source"],
            "to": m["destinations"].get("ToAddresses", []),
            "subject": m["subject"],
            "html": m["body"],
            # Kept by devstack/moto_patches.py: moto itself keeps the HTML part only.
            "text": m.get("text"),
            "headers": m.get("headers") or {},
            "tags": m.get("tags") or {},
        }
        for m in _moto_data(moto_url).get("ses", {}).get("Message", [])
    ]


def texts_by_moto(moto_url: str) -> list[dict[str, Any]]:
    """Text messages (SMS) moto's SNS accepted for phone numbers, in the order they were sent."""
    return [
        {"id": m["message_id"], "to": m["phone_number"], "text": m["message"]}
        for m in _moto_data(moto_url).get("sns", {}).get("SMS", [])
    ]


def pushes_by_moto(moto_url: str | None = None) -> list[dict[str, Any]]:
    """Push notifications moto's SNS accepted for platform endpoints, in the order they were
    sent, as a phone would show them: the device (platform and token), title, body, deep link
    and the rest of the data. Read in this process (devstack/moto_patches.py keeps them: moto
    forgets an endpoint's messages with the endpoint); `moto_url` is for symmetry with the others."""
    from .moto_patches import SENT_PUSHES

    pushes = []
    for sent in list(SENT_PUSHES):
        payload = json.loads(sent["message"])
        gcm = json.loads(payload.get("GCM") or "{}")
        notification, data = gcm.get("notification", {}), gcm.get("data", {})
        pushes.append(
            {
                "id": sent["id"],
                "endpoint": sent["endpoint"],
                "platform": sent["platform"],
                "token": sent["token"],
                "device": f"{sent['platform']} …{sent['token'][-8:]}",
                "title": notification.get("title", ""),
                "body": notification.get("body", payload.get("default", "")),
                "deep_link": data.get("deep_link", ""),
                "data": data,
                "message": sent["message"],
                "sent_at": sent["at"],
            }
        )
    return pushes


class Mailbox:
    def __init__(self, moto_url: str, archive: Path | None = None, email_events_topic: str | None = None) -> None:
        self.moto_url = moto_url
        self.archive = archive
        # Where SES would report a bounce (the stack's EmailEventsTopic): "Bounce" on a
        # message publishes the event SES would, so the whole path can be tried locally.
        self.email_events_topic = email_events_topic
        self._lock = threading.Lock()
        self._messages: dict[str, dict[str, Any]] = {}
        self._texts: dict[str, dict[str, Any]] = {}
        self._pushes: dict[str, dict[str, Any]] = {}
        if archive and archive.exists():
            kept = json.loads(archive.read_text())
            # An archive of e-mails only (before texts were kept) is a list.
            if isinstance(kept, list):
                kept = {"messages": kept, "texts": []}
            self._messages = {m["id"]: m for m in kept.get("messages", [])}
            self._texts = {t["id"]: t for t in kept.get("texts", [])}
            self._pushes = {p["id"]: p for p in kept.get("pushes", [])}

    def messages(self) -> list[dict[str, Any]]:
        """E-mails, newest first."""
        self._refresh()
        with self._lock:
            return list(reversed(self._messages.values()))

    def texts(self) -> list[dict[str, Any]]:
        """Text messages, newest first."""
        self._refresh()
        with self._lock:
            return list(reversed(self._texts.values()))

    def pushes(self) -> list[dict[str, Any]]:
        """Push notifications to phones, newest first."""
        self._refresh()
        with self._lock:
            return list(reversed(self._pushes.values()))

    def _refresh(self) -> None:
        with self._lock:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            fresh = [m for m in sent_by_moto(self.moto_url) if m["id"] not in self._messages]
            for m in fresh:
                self._messages[m["id"]] = {**m, "received_at": now}
            new_texts = [t for t in texts_by_moto(self.moto_url) if t["id"] not in self._texts]
            for t in new_texts:
                self._texts[t["id"]] = {**t, "received_at": now}
            new_pushes = [p for p in pushes_by_moto(self.moto_url) if p["id"] not in self._pushes]
            for p in new_pushes:
                self._pushes[p["id"]] = {**p, "received_at": now}
            if (fresh or new_texts or new_pushes) and self.archive:
                self.archive.write_text(
                    json.dumps(
                        {
                            "messages": list(self._messages.values()),
                            "texts": list(self._texts.values()),
                            "pushes": list(self._pushes.values()),
                        },
                        ensure_ascii=False,
                    )
                )

    def bounce(self, message_id: str) -> bool:
        """Report a permanent bounce of every recipient of the message, as SES would (its
        event, with the mail's tags, published to the e-mail events topic)."""
        found = next((m for m in self.messages() if m["id"] == message_id), None)
        if found is None or not self.email_events_topic:
            return False
        import boto3

        from .ses_events import ses_event

        tags = {name: [value] for name, value in (found.get("tags") or {}).items()}
        event = ses_event("Bounce", found["to"], tags)
        boto3.client("sns").publish(TopicArn=self.email_events_topic, Message=json.dumps(event))
        return True

    def serve(self, host: str, port: int) -> ThreadingHTTPServer:
        mailbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                path = self.path.split("?")[0]
                message_id, _, action = path.removeprefix("/message/").partition("/")
                if path.startswith("/message/") and action == "bounce" and mailbox.bounce(message_id):
                    self.send_response(303)
                    self.send_header("Location", "/")
                    self.end_headers()
                else:
                    self._send(404, "text/plain", "No such message, or no e-mail events topic")

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = self.path.split("?")[0]
                if path == "/api/messages":
                    self._send(200, "application/json", json.dumps(mailbox.messages(), ensure_ascii=False))
                elif path == "/api/texts":
                    self._send(200, "application/json", json.dumps(mailbox.texts(), ensure_ascii=False))
                elif path == "/api/pushes":
                    self._send(200, "application/json", json.dumps(mailbox.pushes(), ensure_ascii=False))
                elif path.startswith("/message/"):
                    message_id, _, part = path.removeprefix("/message/").partition("/")
                    found = next((m for m in mailbox.messages() if m["id"] == message_id), None)
                    if found and part == "text":
                        self._send(200, "text/plain; charset=utf-8", found.get("text") or "")
                    elif found and not part:
                        self._send(200, "text/html; charset=utf-8", found["html"])
                    else:
                        self._send(404, "text/plain", "No such message")
                elif path == "/":
                    self._send(
                        200, "text/html; charset=utf-8", _page(mailbox.messages(), mailbox.texts(), mailbox.pushes())
                    )
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


def _email(m: dict[str, Any]) -> str:
    headers = "".join(
        f"<br><small>{html.escape(str(name))}: {html.escape(str(value))}</small>"
        for name, value in (m.get("headers") or {}).items()
    )
    text = m.get("text")
    text_part = (
        f"<details><summary>Text version</summary><pre>{html.escape(text)}</pre></details>"
        if text
        else "<p><small>No text version was kept for this e-mail.</small></p>"
    )
    return f"""<article>
<header><strong>{html.escape(m["subject"])}</strong><br>
<small>To {html.escape(", ".join(m["to"]))} · from {html.escape(m["from"])} · \
{html.escape(m.get("received_at", ""))}</small>
· <a href="/message/{html.escape(m["id"])}" target="_blank">open alone</a>
<form method="post" action="/message/{html.escape(m["id"])}/bounce" class="bounce">\
<button type="submit" title="Report a permanent bounce of this e-mail, as SES would">Bounce</button></form>\
{headers}</header>
<iframe title="{html.escape(m["subject"])}" \
sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" \
srcdoc="{html.escape(_links_open_outside(m["html"]))}"></iframe>
{text_part}
</article>"""


def _text(t: dict[str, Any]) -> str:
    return f"""<article class="sms"><header><strong>SMS to {html.escape(t["to"])}</strong> · \
<small>{html.escape(t.get("received_at", ""))}</small></header><p>{html.escape(t["text"])}</p></article>"""


def _push(p: dict[str, Any]) -> str:
    link = html.escape(p.get("deep_link", ""))
    return f"""<article class="push"><header><strong>Push to {html.escape(p.get("device", ""))}</strong> · \
<small>{html.escape(p.get("received_at", ""))}</small></header>\
<p><strong>{html.escape(p.get("title", ""))}</strong><br>{html.escape(p.get("body", ""))}</p>\
<p><small>Opens <a href="{link}" target="_blank">{link}</a></small></p></article>"""


def _page(
    messages: list[dict[str, Any]],
    texts: list[dict[str, Any]] | None = None,
    pushes: list[dict[str, Any]] | None = None,
) -> str:
    texts = texts or []
    pushes = pushes or []
    rows = "\n".join(_email(m) for m in messages)
    sms = "\n".join(_text(t) for t in texts)
    push = "\n".join(_push(p) for p in pushes)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Local mailbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="10">
<style>body{{font-family:system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px;background:#f4f5f7}}
form.bounce{{display:inline;margin-left:8px}}
main{{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:16px}}\
@media (max-width:800px){{main{{grid-template-columns:1fr}}}}
article{{background:#fff;border-radius:8px;margin:0 0 16px;padding:12px}}\
article.sms{{border-left:4px solid #1f4e79}}article.push{{border-left:4px solid #2e7d32}}\
pre{{white-space:pre-wrap}}
iframe{{width:100%;height:420px;border:1px solid #e6e8eb;border-radius:6px;margin-top:8px}}</style>
</head><body><h1>Local mailbox</h1><p>{len(messages)} e-mail(s) sent through SES, {len(texts)} text \
message(s) and {len(pushes)} push notification(s) through SNS, newest first. This page refreshes every 10 seconds.</p>
<main><section aria-label="E-mails"><h2>E-mails</h2>
{rows or "<p>No e-mail yet.</p>"}</section>
<section aria-label="Text messages"><h2>Text messages (SMS)</h2>
{sms or "<p>No text message yet.</p>"}
<h2>Push notifications</h2>
{push or "<p>No push notification yet.</p>"}</section></main></body></html>"""


def _links_open_outside(markup: str) -> str:
    # Links in an e-mail open in the real browser window, not inside the preview frame.
    return markup.replace("<a ", '<a target="_top" ')
