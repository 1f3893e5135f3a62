"""The two web apps, served locally the way CloudFront serves them in production: the built
files with a fallback to index.html, `/api/*` passed to the API on the same origin (so no
CORS), and document downloads passed to the local S3 with nosniff added (CloudFront's
`/firms/*` behaviour). The portal lives at `/p/<slug>/` here and at
`https://<slug>.<portal domain>/` in production; the admin app at `/`."""

from __future__ import annotations

import http.client
import mimetypes
import os
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .resources import ROOT

WEB = ROOT / "web"
PORTAL_DIST = WEB / "portal" / "dist"
ADMIN_DIST = WEB / "admin" / "dist"

# The pages' Content-Security-Policy. connect-src names the documents bucket besides the API
# (same origin): the portal posts documents straight to it. In AWS that is the bucket's own
# regional endpoint, https://<bucket>.s3.<region>.amazonaws.com, where the S3 adapter's forms
# and links point (chalicelib/adapters/aws.py): CloudFront's WebResponseHeadersPolicy names it
# with Fn::Sub, and `make deploy-web` writes it into the portal page's <meta> tag, which says the
# local S3's loopback addresses in the repository (web/portal/index.html). Here it is the local
# S3's origin (moto's, AWS_ENDPOINT_URL).
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "connect-src 'self'{storage}; "
    "font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# What a download gets besides S3's own headers: the same, without the pages' policy
# (CloudFront's DocumentsResponseHeadersPolicy, which adds HSTS as the web policy does).
DOWNLOAD_HEADERS = dict(SECURITY_HEADERS)


def content_security_policy(storage: str, header: bool = True) -> str:
    """The policy with `storage` (origins, space-separated; none: "") allowed to be connected
    to; as a header, with what only a header can say (frame-ancestors)."""
    policy = PAGE_POLICY.format(storage=f" {storage}" if storage else "")
    return policy + "; frame-ancestors 'none'" if header else policy


def local_security_headers() -> dict[str, str]:
    """The production headers, with the local S3 (moto) where production names the bucket."""
    endpoint = urllib.parse.urlsplit(os.environ.get("AWS_ENDPOINT_URL", ""))
    storage = f"{endpoint.scheme}://{endpoint.netloc}" if endpoint.scheme and endpoint.netloc else ""
    return SECURITY_HEADERS | {"Content-Security-Policy": content_security_policy(storage)}


# Hop-by-hop headers (RFC 9110) are not passed through the proxy.
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
}
PORTAL_PATH = re.compile(r"^/p/([a-z0-9][a-z0-9-]*)(/.*)?$")
CHUNK_BYTES = 64 * 1024

mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("text/javascript", ".js")


def apps_built() -> bool:
    return (PORTAL_DIST / "index.html").exists() and (ADMIN_DIST / "index.html").exists()


def serve_apps(args: Any, api_url: str) -> list[ThreadingHTTPServer]:
    """Start the portal and admin servers; none when the apps are not built (`make web`)."""
    if not apps_built():
        return []
    return [
        _start(args.host, args.portal_port, _portal_files, api_url, name="portal"),
        _start(args.host, args.admin_port, _admin_files, api_url, name="admin"),
    ]


def serve_downloads(host: str, port: int) -> ThreadingHTTPServer:
    """A server that passes document downloads on and nothing else, for what runs no apps
    (the integration tests): its origin is what PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN names."""
    return _start(host, port, None, None, name="downloads")


def download_target(path: str) -> tuple[str, int, str] | None:
    """(host, port, Host header) of the local S3 for a download's path, None for any other path.

    In AWS a link is the presigned GET for https://<bucket>.s3.<region>.amazonaws.com/firms/...
    with a host of the distribution in place of the bucket's, and the `/firms/*` behaviour
    sends it to that bucket host. Here the S3 adapter presigns for the local S3 with the bucket
    in the path (http://127.0.0.1:<port>/<bucket>/firms/...), so `/<bucket>/firms/...` goes
    to the local S3, the path and query untouched and the Host header the one the signature
    covers: S3 checks what it would have checked without this server."""
    storage = urllib.parse.urlsplit(os.environ.get("AWS_ENDPOINT_URL", ""))
    bucket = os.environ.get("PORTAL_DOCUMENTS_BUCKET", "")
    if not (storage.hostname and bucket and path.startswith(f"/{bucket}/firms/")):
        return None
    return storage.hostname, storage.port or 80, storage.netloc


def _portal_files(path: str) -> tuple[int, dict[str, str], bytes]:
    match = PORTAL_PATH.match(path)
    if not match:
        return _text(404, "The client portal of a firm lives at /p/<firm portal slug>/.")
    slug, rest = match.groups()
    if not rest:
        return 301, {"Location": f"/p/{slug}/"}, b""
    return _static(PORTAL_DIST, rest)


def _admin_files(path: str) -> tuple[int, dict[str, str], bytes]:
    return _static(ADMIN_DIST, path)


def _static(root: Path, rest: str) -> tuple[int, dict[str, str], bytes]:
    """A built file, or index.html for any other path (the apps route in the URL fragment)."""
    relative = urllib.parse.unquote(rest).lstrip("/")
    found = _built_file(root, relative)
    if found is not None:
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        # Hashed assets never change; everything else is checked at every load.
        cache = "public, max-age=31536000, immutable" if found.parent.name == "assets" else "no-cache"
        return 200, {"Content-Type": content_type, "Cache-Control": cache}, found.read_bytes()
    if "." in relative.rsplit("/", 1)[-1]:
        return _text(404, "Not found")
    index = (root / "index.html").read_bytes()
    return 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"}, index


def _built_file(root: Path, relative: str) -> Path | None:
    """`a/b/assets/x.js` is `assets/x.js`: index.html served at a deeper path loads its
    relative asset paths from there, so leading folders that do not exist are dropped."""
    parts = [part for part in relative.split("/") if part]
    base = root.resolve()
    for start in range(len(parts)):
        candidate = base.joinpath(*parts[start:]).resolve()
        if candidate.is_file() and candidate.is_relative_to(base):
            return candidate
    return None


def _text(status: int, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "text/plain; charset=utf-8"}, message.encode()


def _start(host: str, port: int, files: Any, api_url: str | None, name: str) -> ThreadingHTTPServer:
    api = urllib.parse.urlsplit(api_url) if api_url else None

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            api_path = _api_path(path) if api else None
            download = download_target(path)
            if download is not None:
                if self.command in ("GET", "HEAD"):
                    self._download(*download)
                else:
                    self._reply(405, {"Allow": "GET, HEAD", "Content-Type": "text/plain"}, b"Method not allowed")
            elif api_path is not None:
                self._proxy(api_path + (f"?{urllib.parse.urlsplit(self.path).query}" if "?" in self.path else ""))
            elif files is None:
                self._reply(*_text(404, "Not found"))
            elif self.command in ("GET", "HEAD"):
                status, headers, body = files(path)
                self._reply(status, headers | local_security_headers(), body)
            else:
                self._reply(405, {"Allow": "GET, HEAD", "Content-Type": "text/plain"}, b"Method not allowed")

        do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _handle  # noqa: N815

        def _proxy(self, target: str) -> None:
            assert api is not None
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            try:
                status, passed, data = _forward(
                    api.hostname or "127.0.0.1", api.port or 80, self.command, target, body, headers
                )
            except OSError:
                status, passed = 502, {"Content-Type": "application/json"}
                data = b'{"error":{"code":"bad_gateway","message":"The API is not answering.","details":[]}}'
            self._reply(status, passed, data)

        def _download(self, host: str, port: int, signed_host: str) -> None:
            """The request as CloudFront's `/firms/*` behaviour sends it to the bucket: the path
            and query as they came, Host the one signed, no header or cookie of the viewer's
            (DocumentsOriginRequestPolicy); S3's answer streamed back with its status and
            headers (Content-Type, Content-Disposition, Content-Length...), and nosniff."""
            connection = http.client.HTTPConnection(host, port, timeout=60)
            try:
                try:
                    connection.request(self.command, self.path, headers={"Host": signed_host})
                    response = connection.getresponse()
                except OSError:
                    self._reply(502, {"Content-Type": "text/plain"}, b"The local S3 is not answering.")
                    return
                # send_response writes this server's Date and Server; the rest is S3's.
                mine = HOP_BY_HOP | {"date", "server"} | {name.lower() for name in DOWNLOAD_HEADERS}
                passed = {k: v for k, v in response.getheaders() if k.lower() not in mine}
                self.send_response(response.status)
                for key, value in (passed | DOWNLOAD_HEADERS).items():
                    self.send_header(key, value)
                if "content-length" not in {key.lower() for key in passed}:
                    self.send_header("Connection", "close")  # the end of the body is the end of the connection
                    self.close_connection = True
                self.end_headers()
                if self.command != "HEAD":
                    while chunk := response.read(CHUNK_BYTES):
                        self.wfile.write(chunk)
            finally:
                connection.close()

        def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"web-{name}", daemon=True).start()
    return server


def _forward(
    host: str,
    port: int,
    method: str,
    target: str,
    body: bytes | None,
    headers: dict[str, str],
    patience_seconds: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """One request to the API. `chalice local` restarts whenever a file of the repository
    changes: while it does, wait (a refused connection sent nothing, so any method may be
    sent again; a dropped one is sent again only when it is safe to repeat)."""
    deadline = time.monotonic() + patience_seconds
    while True:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            return (
                response.status,
                {k: v for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP | {"content-length"}},
                data,
            )
        except (ConnectionRefusedError, ConnectionResetError, http.client.RemoteDisconnected) as error:
            repeatable = isinstance(error, ConnectionRefusedError) or method in ("GET", "HEAD", "OPTIONS")
            if not repeatable or time.monotonic() > deadline:
                raise
            time.sleep(0.25)
        finally:
            connection.close()


def _api_path(path: str) -> str | None:
    """`/api/clients` (or `/p/<slug>/api/clients`, relative to the portal) → `/clients`."""
    match = PORTAL_PATH.match(path)
    if match and match.group(2):
        path = match.group(2)
    if path == "/api" or path.startswith("/api/"):
        return path[len("/api") :] or "/"
    return None
