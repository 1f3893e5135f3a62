"""A moto server with the project's resources, for integration tests and benchmarks."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from http.server import ThreadingHTTPServer

from moto.server import ThreadedMotoServer

TEST_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]  # (host, port) for AF_INET
        return port


@dataclass
class MotoStack:
    server: ThreadedMotoServer
    url: str
    environment: dict[str, str]
    # The local web server's download pass-through (devstack/web.py), where download links point.
    downloads: ThreadingHTTPServer

    def stop(self) -> None:
        self.downloads.shutdown()
        self.downloads.server_close()
        self.server.stop()


def start(stack_name: str = "law-portal-test") -> MotoStack:
    """Start moto on a free port, create the resources and export their environment; download
    links point at a local web server that passes them on to moto and adds nosniff, as
    CloudFront does in AWS."""
    from devstack import moto_patches
    from devstack.resources import deploy
    from devstack.web import serve_downloads

    moto_patches.apply()
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    os.environ.update(TEST_AWS | {"AWS_ENDPOINT_URL": url})
    environment = deploy(
        stack_name,
        {"Stage": "local", "MailFrom": "no-reply@portal.example.com", "PortalOrigin": "http://localhost:8080"},
    ).environment
    downloads = serve_downloads("127.0.0.1", 0)  # a free port
    environment |= {
        "PORTAL_PORTAL_URL_TEMPLATE": "http://portal.test/p/{slug}",
        "PORTAL_ADMIN_URL": "http://admin.test",
        "PORTAL_API_URL": "https://api.test",
        "PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN": f"http://127.0.0.1:{downloads.server_port}",
    }
    os.environ.update(environment)
    return MotoStack(server=server, url=url, environment=environment, downloads=downloads)
