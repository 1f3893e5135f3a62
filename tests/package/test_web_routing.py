"""CloudFront's routing of the web apps: which behaviour answers a path, and what the
viewer-request functions (JavaScript, in infra/resources.json) turn the path into.

The functions run in Node, as CloudFront's cloudfront-js runtime would run them. They are
read from infra/resources.json, so this needs no packaging."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest

from .conftest import ROOT

INFRA = json.loads((ROOT / "infra" / "resources.json").read_text())
DISTRIBUTION = INFRA["Resources"]["WebDistribution"]["Properties"]["DistributionConfig"]
HARNESS = """
const [code, uris] = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const handler = new Function(code + '\\nreturn handler;')();
const out = uris.map((uri) => {
  const result = handler({request: {uri, method: 'GET', querystring: {}, headers: {}, cookies: {}}});
  return result.statusCode ? {status: result.statusCode, location: result.headers.location.value} : {uri: result.uri};
});
process.stdout.write(JSON.stringify(out));
"""


def run_function(resource: str, uris: list[str]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run the CloudFront functions (README: Node 20).")
    code = INFRA["Resources"][resource]["Properties"]["FunctionCode"]
    result = subprocess.run(
        [node, "-e", HARNESS], input=json.dumps([code, uris]), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def behaviour_for(uri: str) -> dict[str, Any]:
    """CloudFront's choice: the first cache behaviour whose pattern matches, else the default."""
    for behaviour in DISTRIBUTION["CacheBehaviors"]:
        pattern = "^" + re.escape(behaviour["PathPattern"]).replace(r"\*", ".*").replace(r"\?", ".") + "$"
        if re.match(pattern, uri):
            return behaviour
    return DISTRIBUTION["DefaultCacheBehavior"]


def viewer_function(behaviour: dict[str, Any]) -> str | None:
    for association in behaviour.get("FunctionAssociations", []):
        if association["EventType"] == "viewer-request":
            return association["FunctionARN"]["Fn::GetAtt"][0]
    return None


def served(uri: str) -> tuple[str, dict[str, Any]]:
    """(origin id, what reaches it) for a viewer's path."""
    behaviour = behaviour_for(uri)
    function = viewer_function(behaviour)
    outcome = run_function(function, [uri])[0] if function else {"uri": uri}
    return behaviour["TargetOriginId"], outcome


@pytest.mark.parametrize(
    ("viewer", "bucket_key"),
    [
        ("/", "/portal/index.html"),
        ("/index.html", "/portal/index.html"),
        ("/sw.js", "/portal/sw.js"),
        ("/assets/index-3f2a.js", "/portal/assets/index-3f2a.js"),
        ("/invite/abc", "/portal/index.html"),
        ("/p/silva/", "/portal/index.html"),
        ("/p/silva/manifest.webmanifest", "/portal/manifest.webmanifest"),
        ("/p/silva/assets/index-3f2a.css", "/portal/assets/index-3f2a.css"),
        ("/admin/", "/admin/index.html"),
        ("/admin/config.json", "/admin/config.json"),
        ("/admin/assets/index-9c1b.js", "/admin/assets/index-9c1b.js"),
        ("/administrator", "/portal/index.html"),
    ],
)
def test_app_paths_reach_the_right_folder_of_the_web_bucket(viewer: str, bucket_key: str) -> None:
    origin, outcome = served(viewer)
    assert origin == "web"
    assert outcome == {"uri": bucket_key}


@pytest.mark.parametrize(("viewer", "location"), [("/admin", "/admin/"), ("/p/silva", "/p/silva/")])
def test_an_app_root_without_its_slash_is_redirected(viewer: str, location: str) -> None:
    assert served(viewer) == ("web", {"status": 301, "location": location})


@pytest.mark.parametrize(
    ("viewer", "api_path"),
    [
        ("/api/clients", "/api/clients"),
        ("/api/auth/staff/sign-in", "/api/auth/staff/sign-in"),
        # The apps call ./api relative to their page.
        ("/admin/api/clients", "/api/clients"),
        ("/p/silva/api/auth/client/sign-in", "/api/auth/client/sign-in"),
    ],
)
def test_api_paths_reach_the_api_stage_named_api(viewer: str, api_path: str) -> None:
    origin, outcome = served(viewer)
    assert origin == "api"
    assert outcome == {"uri": api_path}


@pytest.mark.parametrize("viewer", ["/firms/0a1b/documents/9f8e", "/firms/firm-1/documents/doc-2"])
def test_document_keys_reach_the_documents_bucket_unchanged(viewer: str) -> None:
    """A download link: the presigned GET's path (the key, firms/<firm>/documents/<id>) on a host
    of the distribution; it must reach the bucket as it was signed, so no function touches it."""
    assert served(viewer) == ("documents", {"uri": viewer})


@pytest.mark.parametrize(
    ("viewer", "bucket_key"), [("/firms", "/portal/index.html"), ("/p/silva/firms/x", "/portal/index.html")]
)
def test_only_paths_under_firms_are_documents(viewer: str, bucket_key: str) -> None:
    assert served(viewer) == ("web", {"uri": bucket_key})
