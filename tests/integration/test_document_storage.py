"""The documents bucket adapter (S3DocumentStorage) against the session's moto stack: the
upload form's POST policy, a real browser-style POST, the download link's headers (straight
from S3, and through the download origin: the local web server in CloudFront's place, which
adds nosniff), versions after replace and delete, tags, and the bucket's ObjectCreated events
on the documents queue.

moto (5.2) accepts a presigned POST without checking its policy: neither
`content-length-range`, the `Content-Type` condition, the key nor the expiration is enforced
(a test below pins that, so an upgrade that starts enforcing them says so). Those promises are
asserted on the decoded policy instead; S3 itself refuses a form that breaks any of them.
Nor does it check a presigned GET's signature: that a link still reaches S3 as it was signed is
checked with S3's own computation (tests/support/sigv4.py). Its expiry moto would not enforce
either; devstack/moto_patches.py makes it answer 403 as S3 does, which a test below pins."""

from __future__ import annotations

import base64
import io
import json
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse, urlsplit

import pytest
import requests

from chalicelib.adapters import aws
from chalicelib.adapters.storage import S3DocumentStorage, content_disposition
from chalicelib.domain.errors import NotFound
from tests.support.sigv4 import presigned_signature_holds
from tests.support.stack import TEST_AWS, MotoStack

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def storage(stack: MotoStack) -> S3DocumentStorage:
    return S3DocumentStorage(stack.environment["PORTAL_DOCUMENTS_BUCKET"])


@pytest.fixture
def through_origin(stack: MotoStack) -> S3DocumentStorage:
    """The adapter as the API runs it: download links on the download origin."""
    environment = stack.environment
    return S3DocumentStorage(environment["PORTAL_DOCUMENTS_BUCKET"], environment["PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN"])


@pytest.fixture
def key() -> str:
    return f"firms/{uuid.uuid4().hex}/documents/{uuid.uuid4().hex}"


def soon(seconds: int) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def policy_of(fields: dict[str, str]) -> dict[str, Any]:
    policy: dict[str, Any] = json.loads(base64.b64decode(fields["policy"]))
    return policy


def post(url: str, fields: dict[str, str], content: bytes, file_type: str = "application/pdf") -> requests.Response:
    # multipart/form-data with the fields first and the file last, as S3 requires.
    return requests.post(url, data=fields, files={"file": ("upload.pdf", content, file_type)}, timeout=10)


def versions(key: str, bucket: str) -> list[dict[str, Any]]:
    listing = aws.client("s3").list_object_versions(Bucket=bucket, Prefix=key)
    return [v for v in listing.get("Versions", []) + listing.get("DeleteMarkers", []) if v["Key"] == key]


# --- the upload form ---------------------------------------------------------------------------


def test_the_upload_form_policy_has_exactly_the_conditions(storage: S3DocumentStorage, key: str) -> None:
    expires_at = soon(300)
    form = storage.upload_form(key, "application/pdf", 1024, expires_at)
    assert form.expires_at == expires_at
    assert form.fields["key"] == key and form.fields["Content-Type"] == "application/pdf"
    policy = policy_of(form.fields)
    conditions = policy["conditions"]
    signature = {
        "x-amz-algorithm": form.fields["x-amz-algorithm"],
        "x-amz-credential": form.fields["x-amz-credential"],
        "x-amz-date": form.fields["x-amz-date"],
    }
    if "x-amz-security-token" in form.fields:  # temporary credentials (Lambda's role, moto's test keys)
        signature["x-amz-security-token"] = form.fields["x-amz-security-token"]
    expected: list[Any] = [
        ["eq", "$Content-Type", "application/pdf"],
        ["content-length-range", 1, 1024],
        {"bucket": storage.bucket},
        {"key": key},
    ] + [{name: value} for name, value in signature.items()]
    assert sorted(map(json.dumps, conditions)) == sorted(map(json.dumps, expected))
    assert form.fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    # Every form field except the policy and the signature is named by a condition, so a
    # client can add none (no other type, no other key, no encryption or ACL of its own).
    named = {next(iter(c)) for c in conditions if isinstance(c, dict)} | {"Content-Type"}
    assert set(form.fields) - {"policy", "x-amz-signature"} <= named
    expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert expiration <= expires_at and expires_at - expiration < timedelta(seconds=2)


def test_a_form_valid_for_more_than_five_minutes_or_already_expired_is_refused(
    storage: S3DocumentStorage, key: str
) -> None:
    # Whole seconds, rounded down: the form itself never lives longer than 300 s.
    with pytest.raises(ValueError, match="at most 300"):
        storage.upload_form(key, "application/pdf", 1024, soon(302))
    with pytest.raises(ValueError, match="not in the future"):
        storage.upload_form(key, "application/pdf", 1024, datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(ValueError, match="timezone"):
        storage.upload_form(key, "application/pdf", 1024, datetime.now() + timedelta(seconds=60))  # noqa: DTZ005
    with pytest.raises(ValueError):
        storage.upload_form(key, "application/pdf", 0, soon(60))


def test_a_browser_post_of_the_form_stores_the_object(storage: S3DocumentStorage, key: str) -> None:
    form = storage.upload_form(key, "application/pdf", 1024, soon(120))
    response = post(form.url, form.fields, PDF)
    assert response.status_code == 204, response.text
    stored = storage.stat(key)
    assert stored is not None
    assert (stored.key, stored.size, stored.content_type) == (key, len(PDF), "application/pdf")
    assert storage.open(key).read() == PDF


def test_moto_does_not_enforce_the_post_policy(storage: S3DocumentStorage, key: str) -> None:
    """S3 answers 400 EntityTooLarge and 403 AccessDenied (Policy Condition failed) to these;
    moto stores them. The policy tests above are what holds the promise locally."""
    form = storage.upload_form(key, "application/pdf", 16, soon(60))
    too_big = post(form.url, form.fields, b"x" * 17)
    other_type = post(form.url, form.fields | {"Content-Type": "text/html"}, b"<html>")
    if too_big.status_code == 204 and other_type.status_code == 204:
        pytest.xfail("moto accepts a POST that breaks content-length-range and the Content-Type condition")
    assert too_big.status_code == 400 and "EntityTooLarge" in too_big.text
    assert other_type.status_code == 403


# --- the download link -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "fallback", "encoded"),
    [
        ("Procuração – João.pdf", "Procuracao - Joao.pdf", "Procura%C3%A7%C3%A3o%20%E2%80%93%20Jo%C3%A3o.pdf"),
        ('contrato "final" \\ v2.pdf', "contrato _final_ _ v2.pdf", "contrato%20%22final%22%20_%20v2.pdf"),
        ("linha\r\nSet-Cookie: x=1.pdf", "linha__Set-Cookie: x=1.pdf", "linha__Set-Cookie%3A%20x%3D1.pdf"),
        ("../../etc/passwd", ".._.._etc_passwd", ".._.._etc_passwd"),
        ("", "document", "document"),
    ],
)
def test_content_disposition_follows_rfc_6266(file_name: str, fallback: str, encoded: str) -> None:
    value = content_disposition(file_name)
    assert value == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    assert value.isascii() and "\r" not in value and "\n" not in value


def test_the_download_link_expires_within_a_minute_and_answers_the_bytes_as_an_attachment(
    storage: S3DocumentStorage, key: str
) -> None:
    storage.replace(key, io.BytesIO(PDF), "application/octet-stream")
    name = "Procuração – João.pdf"
    link = storage.download_link(key, name, "application/pdf", soon(60))
    query = parse_qs(urlparse(link).query)
    assert query["response-content-disposition"] == [content_disposition(name)]
    assert query["response-content-type"] == ["application/pdf"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert 0 < int(query["X-Amz-Expires"][0]) <= 60
    response = requests.get(link, timeout=10)
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == content_disposition(name)
    with pytest.raises(ValueError, match="at most 60"):
        storage.download_link(key, name, "application/pdf", soon(62))


def test_a_download_link_answers_403_once_it_has_expired(storage: S3DocumentStorage, key: str) -> None:
    """As S3 does; moto alone would serve it for ever (devstack/moto_patches.py)."""
    storage.replace(key, io.BytesIO(PDF), "application/pdf")
    link = storage.download_link(key, "contrato.pdf", "application/pdf", soon(2))
    assert requests.get(link, timeout=10).status_code == 200
    time.sleep(3)
    expired = requests.get(link, timeout=10)
    assert expired.status_code == 403 and b"Request has expired" in expired.content


def signed_for(link: str) -> dict[str, str]:
    """The link's query, one value per name; the expiry as S3 reads it (X-Amz-Date + X-Amz-Expires)."""
    query = {name: values[0] for name, values in parse_qs(urlsplit(link).query).items()}
    assert {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders"} <= set(query)
    assert "X-Amz-Signature" in query and query["X-Amz-SignedHeaders"] == "host"
    signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert 0 < int(query["X-Amz-Expires"]) <= 60
    assert signed_at + timedelta(seconds=int(query["X-Amz-Expires"])) <= datetime.now(UTC) + timedelta(seconds=61)
    return query


def test_through_the_download_origin_a_link_keeps_its_signed_path_and_query_and_answers_with_nosniff(
    storage: S3DocumentStorage, through_origin: S3DocumentStorage, stack: MotoStack, key: str
) -> None:
    storage.replace(key, io.BytesIO(PDF), "application/pdf")
    name = "Procuração – João.pdf"
    direct = storage.download_link(key, name, "application/pdf", soon(60))
    link = through_origin.download_link(key, name, "application/pdf", soon(60))
    origin = urlsplit(stack.environment["PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN"])
    parts, signed = urlsplit(link), urlsplit(direct)
    # Only the scheme and host are the origin's: the path and every parameter are S3's.
    assert (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc) != (signed.scheme, signed.netloc)
    assert parts.path == signed.path == f"/{storage.bucket}/{key}"
    query = signed_for(link)
    assert set(query) == set(signed_for(direct))
    assert query["response-content-disposition"] == content_disposition(name)
    assert query["response-content-type"] == "application/pdf"
    # S3 would take it: signed for the host the origin sends it to, the local S3 itself.
    target = f"{parts.path}?{parts.query}"
    assert presigned_signature_holds("GET", signed.netloc, target, TEST_AWS["AWS_SECRET_ACCESS_KEY"])
    assert not presigned_signature_holds("GET", parts.netloc, target, TEST_AWS["AWS_SECRET_ACCESS_KEY"])

    response = requests.get(link, timeout=10)
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == content_disposition(name)
    assert response.headers["Content-Length"] == str(len(PDF))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Referrer-Policy"] == "no-referrer"
    # The origin answers downloads only: what S3 answers a missing key, and no other method.
    missing = requests.get(link.replace(key, key + "-missing"), timeout=10)
    assert missing.status_code in (403, 404) and missing.headers["X-Content-Type-Options"] == "nosniff"
    assert requests.post(link, timeout=10).status_code == 405


class Recorded:
    """A stand-in for S3 that answers every request with a file and keeps what it was sent."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        recorded = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                recorded.requests.append((self.command, self.path, dict(self.headers.items())))
                self.send_response(200)
                for header, value in (
                    ("Content-Type", "text/plain"),
                    ("Content-Disposition", 'attachment; filename="a.txt"'),
                    ("Content-Length", "5"),
                    ("X-Content-Type-Options", "sniff-away"),  # replaced, as CloudFront's Override does
                ):
                    self.send_header(header, value)
                self.end_headers()
                self.wfile.write(b"bytes")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"


def test_the_local_web_server_passes_a_download_on_exactly_as_signed_and_nothing_of_the_viewers(
    monkeypatch: pytest.MonkeyPatch, stack: MotoStack
) -> None:
    """What CloudFront's /firms/* behaviour does with DocumentsOriginRequestPolicy: the path
    and query as they came, Host the one signed, no header or cookie of the viewer's."""
    import boto3
    from botocore.config import Config

    s3 = Recorded()
    bucket = stack.environment["PORTAL_DOCUMENTS_BUCKET"]
    # A client of its own, for the stand-in (the adapters' cached clients keep talking to moto).
    presigner = boto3.session.Session().client("s3", endpoint_url=s3.url, config=Config(signature_version="s3v4"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3.url)
    try:
        link = presigner.generate_presigned_url(
            "get_object",
            Params={"Bucket": bucket, "Key": "firms/f/documents/d", "ResponseContentDisposition": "attachment"},
            ExpiresIn=60,
        )
        origin = stack.environment["PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN"]
        parts = urlsplit(link)
        viewer = {"Cookie": "session=secret", "Authorization": "Bearer secret", "X-Amz-Date": "20000101T000000Z"}
        response = requests.get(f"{origin}{parts.path}?{parts.query}", headers=viewer, timeout=10)
    finally:
        s3.server.shutdown()
        s3.server.server_close()
    assert response.status_code == 200 and response.content == b"bytes"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == 'attachment; filename="a.txt"'
    ((method, target, headers),) = s3.requests
    assert method == "GET" and target == f"{parts.path}?{parts.query}"
    assert headers["Host"] == parts.netloc
    assert not {name.lower() for name in headers} & {"cookie", "authorization", "x-amz-date"}
    assert presigned_signature_holds(method, headers["Host"], target, TEST_AWS["AWS_SECRET_ACCESS_KEY"])


# --- stat, open, replace, delete ---------------------------------------------------------------


def test_stat_sees_the_tags_and_nothing_is_none(storage: S3DocumentStorage, key: str) -> None:
    assert storage.stat(key) is None
    storage.replace(key, io.BytesIO(PDF), "application/pdf")
    aws.client("s3").put_object_tagging(
        Bucket=storage.bucket,
        Key=key,
        Tagging={"TagSet": [{"Key": "GuardDutyMalwareScanStatus", "Value": "NO_THREATS_FOUND"}]},
    )
    stored = storage.stat(key)
    assert stored is not None and stored.tags == {"GuardDutyMalwareScanStatus": "NO_THREATS_FOUND"}


def test_open_streams_and_a_missing_object_is_not_found(storage: S3DocumentStorage, key: str) -> None:
    with pytest.raises(NotFound):
        storage.open(key)
    storage.replace(key, io.BytesIO(PDF), "application/pdf")
    stream = storage.open(key)
    assert stream.read(4) == b"%PDF" and stream.read() == PDF[4:]


def test_replace_leaves_only_the_new_version(storage: S3DocumentStorage, key: str) -> None:
    form = storage.upload_form(key, "image/jpeg", 1024, soon(60))
    assert post(form.url, form.fields, b"original with GPS", "image/jpeg").status_code == 204
    aws.client("s3").put_object(Bucket=storage.bucket, Key=key, Body=b"a second version")
    # A neighbour whose key starts with this one keeps its versions.
    neighbour = key + "-other"
    storage.replace(neighbour, io.BytesIO(b"neighbour"), "text/plain")
    assert len(versions(key, storage.bucket)) == 2
    storage.replace(key, io.BytesIO(b"stripped"), "image/jpeg")
    left = versions(key, storage.bucket)
    assert len(left) == 1 and left[0]["IsLatest"]
    assert storage.open(key).read() == b"stripped"
    assert len(versions(neighbour, storage.bucket)) == 1


def test_delete_leaves_no_version_or_marker_and_nothing_is_fine(storage: S3DocumentStorage, key: str) -> None:
    storage.delete(key)
    s3 = aws.client("s3")
    for body in (b"one", b"two"):
        s3.put_object(Bucket=storage.bucket, Key=key, Body=body)
    s3.delete_object(Bucket=storage.bucket, Key=key)  # a delete marker
    assert len(versions(key, storage.bucket)) == 3
    storage.delete(key)
    assert versions(key, storage.bucket) == []
    assert storage.stat(key) is None


# --- the bucket's events ---------------------------------------------------------------------


@pytest.fixture
def documents_queue(stack: MotoStack) -> Iterator[str]:
    url = stack.environment["PORTAL_DOCUMENTS_QUEUE_URL"]
    yield url


def events_for(queue_url: str, key: str, attempts: int = 5) -> list[dict[str, Any]]:
    sqs = aws.client("sqs")
    found: list[dict[str, Any]] = []
    for _ in range(attempts):
        for message in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        ):
            body = json.loads(message["Body"])
            records = [r for r in body.get("Records", []) if unquote(r["s3"]["object"]["key"]) == key]
            if records:
                found += records
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        if found:
            break
    return found


def test_an_upload_under_firms_reaches_the_documents_queue(
    storage: S3DocumentStorage, key: str, documents_queue: str
) -> None:
    form = storage.upload_form(key, "application/pdf", 1024, soon(60))
    assert post(form.url, form.fields, PDF).status_code == 204
    records = events_for(documents_queue, key)
    assert [r["eventName"] for r in records] == ["ObjectCreated:Post"]
    assert records[0]["s3"]["bucket"]["name"] == storage.bucket
    assert records[0]["s3"]["object"]["size"] == len(PDF)


def test_an_object_outside_firms_sends_no_event(storage: S3DocumentStorage, documents_queue: str) -> None:
    key = f"elsewhere/{uuid.uuid4().hex}"
    aws.client("s3").put_object(Bucket=storage.bucket, Key=key, Body=b"x")
    assert events_for(documents_queue, key, attempts=2) == []
