"""tools/deploy_web.py against moto: uploads, cache headers, config, prune, invalidation.

moto runs as its own server here: `mock_aws` would reset every moto backend of the process,
the integration tests' stack included."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.support.stack import free_port
from tools import deploy_web

from .conftest import ROOT

STACK = "law-portal-test"
TEMPLATE = "https://{slug}.portal.test/"


class Session:
    """boto3 clients of the moto server, and the stack as describe_stacks shows it (moto's
    CloudFormation cannot create a CloudFront distribution)."""

    def __init__(self, endpoint: str, stack: dict[str, Any] | None = None) -> None:
        self.endpoint = endpoint
        self.stack = stack

    def client(self, service: str) -> Any:
        if service == "cloudformation":
            stack = self.stack

            class Stacks:
                def describe_stacks(self, StackName: str) -> dict[str, Any]:  # noqa: N803 - boto3's name
                    assert StackName == STACK
                    return {"Stacks": [stack]}

            return Stacks()
        return boto3.client(
            service,
            region_name="us-east-1",
            endpoint_url=self.endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws(endpoint: str) -> Session:
    return Session(endpoint)


# The pages as built: their <meta> Content-Security-Policy as in the repository (the portal's
# names the local S3).
PORTAL_PAGE = (ROOT / "web" / "portal" / "index.html").read_text()
ADMIN_PAGE = (ROOT / "web" / "admin" / "index.html").read_text()
DOCUMENTS_ORIGIN = "https://law-portal-dev-documents-123456789012-sa-east-1.s3.sa-east-1.amazonaws.com"


def built(tmp_path: Path) -> dict[str, Path]:
    files = {
        "admin/index.html": ADMIN_PAGE,
        "admin/assets/index-1a2b.js": "console.log('admin')",
        "portal/index.html": PORTAL_PAGE,
        "portal/sw.js": "self.addEventListener('fetch', () => {})",
        "portal/manifest.webmanifest": "{}",
        "portal/assets/index-3c4d.css": "body{}",
        "portal/assets/index-3c4d.css.map": "{}",
    }
    for name, content in files.items():
        path = tmp_path / name.replace("/", "/dist/", 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return {"admin": tmp_path / "admin" / "dist", "portal": tmp_path / "portal" / "dist"}


def stack_with(bucket: str, distribution: str) -> dict[str, Any]:
    return {
        "StackName": STACK,
        "Outputs": [
            {"OutputKey": "WebBucketName", "OutputValue": bucket},
            {"OutputKey": "WebDistributionId", "OutputValue": distribution},
            {"OutputKey": "DocumentsBucketOrigin", "OutputValue": DOCUMENTS_ORIGIN},
        ],
        "Parameters": [{"ParameterKey": "PortalUrlTemplate", "ParameterValue": TEMPLATE}],
    }


def create_bucket(aws: Session) -> str:
    bucket = f"web-{uuid.uuid4().hex[:12]}"
    aws.client("s3").create_bucket(Bucket=bucket)
    return bucket


def create_distribution(aws: Session) -> str:
    config = {
        "CallerReference": uuid.uuid4().hex,
        "Comment": "",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "web",
                    "DomainName": "web.s3.us-east-1.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "web",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
    }
    return aws.client("cloudfront").create_distribution(DistributionConfig=config)["Distribution"]["Id"]


def test_uploads_both_apps_with_their_cache_headers_and_invalidates(aws: Session, tmp_path: Path) -> None:
    s3, bucket, distribution_id = aws.client("s3"), create_bucket(aws), create_distribution(aws)
    s3.put_object(Bucket=bucket, Key="portal/assets/index-old.js", Body=b"old")
    s3.put_object(Bucket=bucket, Key="elsewhere/keep.txt", Body=b"not ours")
    aws.stack = stack_with(bucket, distribution_id)

    report = deploy_web.deploy(aws, STACK, built(tmp_path), prune_stale=True)

    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"])
    assert keys == [
        "admin/assets/index-1a2b.js",
        "admin/index.html",
        "elsewhere/keep.txt",
        "portal/assets/index-3c4d.css",
        "portal/index.html",
        "portal/manifest.webmanifest",
        "portal/sw.js",
    ]
    assert report["deleted"] == ["portal/assets/index-old.js"]

    def head(key: str) -> dict[str, Any]:
        return s3.head_object(Bucket=bucket, Key=key)

    assert head("portal/assets/index-3c4d.css")["CacheControl"] == "public, max-age=31536000, immutable"
    assert head("portal/assets/index-3c4d.css")["ContentType"] == "text/css; charset=utf-8"
    assert head("portal/index.html")["CacheControl"] == "no-cache"
    assert head("portal/index.html")["ContentType"] == "text/html; charset=utf-8"
    assert head("portal/sw.js")["CacheControl"] == "no-cache"
    assert head("portal/manifest.webmanifest")["ContentType"].startswith("application/manifest+json")
    assert head("admin/assets/index-1a2b.js")["ContentType"] == "text/javascript; charset=utf-8"
    # Hashed assets go up before the pages that load them.
    assert report["uploaded"].index("portal/assets/index-3c4d.css") < report["uploaded"].index("portal/index.html")

    invalidations = aws.client("cloudfront").list_invalidations(DistributionId=distribution_id)["InvalidationList"]
    assert invalidations["Quantity"] == 1 and report["invalidation"] == invalidations["Items"][0]["Id"]


def test_the_pages_may_connect_to_the_stacks_documents_bucket_and_nothing_else(aws: Session, tmp_path: Path) -> None:
    from devstack import web

    s3, bucket, distribution_id = aws.client("s3"), create_bucket(aws), create_distribution(aws)
    aws.stack = stack_with(bucket, distribution_id)

    deploy_web.deploy(aws, STACK, built(tmp_path))

    def page(key: str) -> str:
        body: bytes = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        return body.decode()

    portal = page("portal/index.html")
    (policy,) = re.findall(r'http-equiv="Content-Security-Policy"\s+content="([^"]*)"', portal)
    # The header's policy (CloudFront's, for the same bucket), without what only a header says.
    assert policy == web.content_security_policy(DOCUMENTS_ORIGIN, header=False)
    assert "127.0.0.1" not in portal and "localhost" not in portal
    assert portal.replace(DOCUMENTS_ORIGIN, "http://127.0.0.1:* http://localhost:*") == PORTAL_PAGE
    # The admin app posts a matter's files to the same bucket: its page names it the same way.
    admin = page("admin/index.html")
    assert "127.0.0.1" not in admin and "localhost" not in admin
    assert f"connect-src 'self' {DOCUMENTS_ORIGIN};" in admin
    assert admin.replace(DOCUMENTS_ORIGIN, "http://127.0.0.1:* http://localhost:*") == ADMIN_PAGE


def test_a_stack_without_the_documents_bucket_origin_is_refused() -> None:
    stack = stack_with("web", "E123")
    stack["Outputs"] = [o for o in stack["Outputs"] if o["OutputKey"] != "DocumentsBucketOrigin"]
    with pytest.raises(SystemExit, match="DocumentsBucketOrigin"):
        deploy_web.target_of(stack)


def test_without_prune_old_files_stay_and_a_dry_run_changes_nothing(aws: Session, tmp_path: Path) -> None:
    s3, bucket, distribution_id = aws.client("s3"), create_bucket(aws), create_distribution(aws)
    s3.put_object(Bucket=bucket, Key="portal/assets/index-old.js", Body=b"old")
    aws.stack = stack_with(bucket, distribution_id)

    dry = deploy_web.deploy(aws, STACK, built(tmp_path), dry_run=True)
    assert dry["dry_run"] and "portal/index.html" in dry["uploaded"]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["portal/assets/index-old.js"]
    assert (
        aws.client("cloudfront").list_invalidations(DistributionId=distribution_id)["InvalidationList"]["Quantity"] == 0
    )

    deploy_web.deploy(aws, STACK, built(tmp_path))
    assert "portal/assets/index-old.js" in [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]


def test_a_stack_without_the_web_outputs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="WebBucketName"):
        deploy_web.target_of({"StackName": STACK, "Outputs": [], "Parameters": []})


def test_nothing_built_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="No web app is built"):
        deploy_web.built_apps({"admin": tmp_path / "admin", "portal": tmp_path / "portal"})
