"""Upload the built web apps to a deployed stack and invalidate its CloudFront distribution.

    python -m tools.deploy_web --stack law-portal-prod [--prune] [--dry-run] [--wait]
    make deploy-web STACK=law-portal-prod [DEPLOY_WEB_ARGS="--prune --wait"]

Build the apps first (web/admin/dist and web/portal/dist). The stack's outputs name the
bucket and the distribution; its router (infra/resources.json, WebRequestRouter) serves
admin/ at /admin/ and portal/ at /p/<slug>/ and at https://<slug>.<PortalDomain>/.

- Files under assets/ carry a content hash in their names: cached for a year. Everything
  else (index.html, sw.js, the manifest) is revalidated on every load. Assets go up first,
  so a new index.html never points at a file that is not there yet.
- The admin app learns where the portal is from the API (GET /firm). One thing is written
  per stack: both pages' <meta> Content-Security-Policy (both apps post files straight to the
  bucket: the portal a client's, the admin app a matter's) names the local S3 (loopback
  addresses) in the build, and here the stack's documents bucket instead (the output
  DocumentsBucketOrigin, the bucket's regional endpoint, which CloudFront's header names too:
  a browser enforces both policies, so each must allow the uploads). The stack's
  PortalUrlTemplate is checked, since e-mails link to it.
- --prune deletes what the new build no longer has, old assets included: a client still
  running the previous version may then miss a lazily loaded file. Without it old files stay.
"""

from __future__ import annotations

import argparse
import mimetypes
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Folder in the bucket -> the app's build output.
APPS = {"admin": ROOT / "web" / "admin" / "dist", "portal": ROOT / "web" / "portal" / "dist"}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
EXAMPLE_DOMAIN = "example.com"

mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")


@dataclass(frozen=True)
class Upload:
    key: str
    body: bytes
    content_type: str
    cache_control: str


@dataclass(frozen=True)
class Target:
    bucket: str
    distribution_id: str
    storage_origin: str  # the documents bucket's endpoint: https://<bucket>.s3.<region>.amazonaws.com


# The connect-src directive of a page's <meta> Content-Security-Policy.
CSP_CONNECT_SRC = re.compile(r'(http-equiv="Content-Security-Policy"\s+content="[^"]*?connect-src )([^;"]*)')


def content_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return (
        guessed + "; charset=utf-8"
        if guessed.startswith("text/") or guessed in ("application/json", "application/manifest+json")
        else guessed
    )


def plan(apps: dict[str, Path]) -> list[Upload]:
    """Every file to upload, assets first."""
    uploads: list[Upload] = []
    for folder, dist in apps.items():
        for path in sorted(p for p in dist.rglob("*") if p.is_file()):
            relative = path.relative_to(dist).as_posix()
            if relative.endswith(".map"):
                continue  # source maps stay out of production
            cache = IMMUTABLE if relative.startswith("assets/") else REVALIDATE
            uploads.append(Upload(f"{folder}/{relative}", path.read_bytes(), content_type(path.name), cache))
    return sorted(uploads, key=lambda u: (u.cache_control != IMMUTABLE, u.key))


def for_stack(item: Upload, storage_origin: str) -> Upload:
    """A page (the portal's or the admin app's) whose Content-Security-Policy lets it connect
    to the API and the stack's documents bucket, and nothing else (the build names the local S3
    there)."""
    if not (item.key.startswith(("portal/", "admin/")) and item.key.endswith(".html")):
        return item
    page = CSP_CONNECT_SRC.sub(lambda m: f"{m.group(1)}'self' {storage_origin}", item.body.decode())
    return Upload(item.key, page.encode(), item.content_type, item.cache_control)


def built_apps(apps: dict[str, Path] = APPS) -> dict[str, Path]:
    built = {folder: dist for folder, dist in apps.items() if (dist / "index.html").is_file()}
    if not built:
        raise SystemExit(
            "No web app is built (web/admin/dist, web/portal/dist): build them first "
            "(cd web && npm ci && npm run build)."
        )
    for folder in apps.keys() - built.keys():
        print(
            f"warning: {apps[folder]} has no index.html; the {folder} app is left as it is in the bucket",
            file=sys.stderr,
        )
    return built


def target_of(stack: dict[str, Any]) -> Target:
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    parameters = {p["ParameterKey"]: p.get("ParameterValue", "") for p in stack.get("Parameters", [])}
    missing = [key for key in ("WebBucketName", "WebDistributionId", "DocumentsBucketOrigin") if key not in outputs]
    if missing:
        raise SystemExit(
            f"Stack {stack.get('StackName')} has no output {', '.join(missing)}: deploy build/sam.json first "
            "(docs/DEPLOY.md)."
        )
    template = parameters.get("PortalUrlTemplate") or outputs.get("PortalUrlTemplateSuggested", "")
    if EXAMPLE_DOMAIN in template and "PortalUrlTemplateSuggested" in outputs:
        print(
            f"warning: PortalUrlTemplate is still {template!r}; e-mail links and 'simulate client' will point there. "
            f"This distribution suggests {outputs['PortalUrlTemplateSuggested']!r} (update the stack's parameter).",
            file=sys.stderr,
        )
    return Target(outputs["WebBucketName"], outputs["WebDistributionId"], outputs["DocumentsBucketOrigin"])


def upload(s3: Any, bucket: str, uploads: list[Upload]) -> None:
    for item in uploads:
        s3.put_object(
            Bucket=bucket, Key=item.key, Body=item.body, ContentType=item.content_type, CacheControl=item.cache_control
        )


def prune(s3: Any, bucket: str, folders: list[str], keep: set[str]) -> list[str]:
    stale: list[str] = []
    for folder in folders:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=folder + "/"):
            stale.extend(o["Key"] for o in page.get("Contents", []) if o["Key"] not in keep)
    for start in range(0, len(stale), 1000):
        s3.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[start : start + 1000]], "Quiet": True}
        )
    return stale


def invalidate(cloudfront: Any, distribution_id: str, wait: bool) -> str:
    # One wildcard path: the whole site, billed as one path.
    invalidation = cloudfront.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]},
            "CallerReference": f"deploy-web-{time.time_ns()}",
        },
    )["Invalidation"]
    if wait:
        cloudfront.get_waiter("invalidation_completed").wait(DistributionId=distribution_id, Id=invalidation["Id"])
    invalidation_id: str = invalidation["Id"]
    return invalidation_id


def deploy(
    session: Any,
    stack_name: str,
    apps: dict[str, Path],
    prune_stale: bool = False,
    dry_run: bool = False,
    wait: bool = False,
) -> dict[str, Any]:
    stack = session.client("cloudformation").describe_stacks(StackName=stack_name)["Stacks"][0]
    target = target_of(stack)
    uploads = [for_stack(item, target.storage_origin) for item in plan(apps)]
    report: dict[str, Any] = {
        "bucket": target.bucket,
        "distribution": target.distribution_id,
        "uploaded": [u.key for u in uploads],
    }
    if dry_run:
        return report | {"dry_run": True}
    s3 = session.client("s3")
    upload(s3, target.bucket, uploads)
    if prune_stale:
        report["deleted"] = prune(s3, target.bucket, sorted(apps), {u.key for u in uploads})
    report["invalidation"] = invalidate(session.client("cloudfront"), target.distribution_id, wait)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.deploy_web", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stack", required=True, help="the CloudFormation stack deployed from build/sam.json")
    parser.add_argument("--region", help="the stack's region (default: AWS_REGION / the profile's)")
    parser.add_argument("--prune", action="store_true", help="delete files the new build no longer has")
    parser.add_argument("--dry-run", action="store_true", help="show what would be uploaded; change nothing")
    parser.add_argument("--wait", action="store_true", help="wait until CloudFront has applied the invalidation")
    args = parser.parse_args(argv)

    import boto3

    session = boto3.session.Session(region_name=args.region)
    report = deploy(session, args.stack, built_apps(), prune_stale=args.prune, dry_run=args.dry_run, wait=args.wait)
    verb = "would upload" if report.get("dry_run") else "uploaded"
    print(
        f"{verb} {len(report['uploaded'])} files to s3://{report['bucket']}/ "
        f"({', '.join(sorted({k.split('/')[0] for k in report['uploaded']}))})"
    )
    if report.get("deleted"):
        print(f"deleted {len(report['deleted'])} stale files")
    if "invalidation" in report:
        print(
            f"invalidated distribution {report['distribution']} (invalidation "
            f"{report['invalidation']}{', done' if args.wait else ''})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
