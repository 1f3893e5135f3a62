"""DocumentStorage: the documents bucket. A form for exactly one key and type, at most five
minutes; a download link of at most a minute that answers the bytes as an attachment; an
object's size, type and tags; its bytes as a stream; replaced with every earlier version
gone; deleted with every version.

Run on the fake the unit tests use (tests/support/fakes/documents.py) and on the S3 adapter
(chalicelib/adapters/storage.py) against the session's moto server, through `bucket`: what a
test does besides calling the port (a browser posting the form or following a link,
GuardDuty tagging an object, another write making a version, counting versions) each
implementation does its own way. The bucket is shared by the session: every test works
under keys of its own. What only S3 can show (the form's POST policy, the events on the
documents queue) is in tests/integration/test_document_storage.py."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.adapters.storage import content_disposition
from chalicelib.domain.common import SystemClock
from chalicelib.domain.documents import UploadForm, document_key
from chalicelib.domain.errors import NotFound
from chalicelib.domain.ports import DocumentStorage
from tests.contract.builders import unique
from tests.support.fakes.documents import FakeDocumentStorage

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MALWARE_VERDICT = {"GuardDutyMalwareScanStatus": "NO_THREATS_FOUND"}


@dataclass
class Bucket:
    """One implementation of the port, and how the world around the bucket reaches it."""

    name: str
    storage: DocumentStorage
    post: Callable[[UploadForm, bytes], None]  # a browser posting the form with the file
    follow: Callable[[str], tuple[dict[str, str], bytes]]  # a browser following a link
    tag: Callable[[str, dict[str, str]], None]  # GuardDuty writing its verdict
    write: Callable[[str, bytes], None]  # another version of the key (a second upload)
    versions: Callable[[str], int]  # versions and delete markers of exactly the key


def memory_bucket() -> Bucket:
    storage = FakeDocumentStorage(SystemClock())
    return Bucket(
        name="memory",
        storage=storage,
        post=lambda form, content: storage.post(form.fields["key"], content, form.fields["Content-Type"]),
        follow=storage.follow,
        tag=lambda key, tags: storage.tags.__setitem__(key, dict(tags)),
        write=lambda key, content: storage.post(key, content, "application/octet-stream"),
        versions=lambda key: len(storage.versions.get(key, [])),
    )


def s3_bucket(bucket_name: str, download_origin: str | None) -> Bucket:
    import requests

    from chalicelib.adapters import aws
    from chalicelib.adapters.storage import S3DocumentStorage

    s3 = aws.client("s3")

    def post(form: UploadForm, content: bytes) -> None:
        # multipart/form-data: the form's fields first, the file last, as S3 requires.
        file = ("upload", content, form.fields["Content-Type"])
        response = requests.post(form.url, data=form.fields, files={"file": file}, timeout=10)
        assert response.status_code == 204, response.text

    def follow(url: str) -> tuple[dict[str, str], bytes]:
        response = requests.get(url, timeout=10)
        if response.status_code == 404:
            raise NotFound(response.text)
        assert response.status_code == 200, response.text
        return {name.lower(): value for name, value in response.headers.items()}, response.content

    def versions(key: str) -> int:
        listing = s3.list_object_versions(Bucket=bucket_name, Prefix=key)
        return len([v for v in listing.get("Versions", []) + listing.get("DeleteMarkers", []) if v["Key"] == key])

    return Bucket(
        name="s3",
        storage=S3DocumentStorage(bucket_name, download_origin),
        post=post,
        follow=follow,
        tag=lambda key, tags: s3.put_object_tagging(
            Bucket=bucket_name, Key=key, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]}
        ),
        write=lambda key, content: s3.put_object(Bucket=bucket_name, Key=key, Body=content),
        versions=versions,
    )


@pytest.fixture(params=["memory", "s3"])
def bucket(request: pytest.FixtureRequest) -> Bucket:
    if request.param == "memory":
        return memory_bucket()
    stack: Any = request.getfixturevalue("stack")
    # Links as the API gives them: through the download origin (the local web server, in
    # CloudFront's place).
    return s3_bucket(
        stack.environment["PORTAL_DOCUMENTS_BUCKET"], stack.environment["PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN"]
    )


@pytest.fixture
def storage(bucket: Bucket) -> DocumentStorage:
    return bucket.storage


@pytest.fixture
def key() -> str:
    return document_key(unique(), unique())


def soon(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def stored(bucket: Bucket, key: str, content: bytes = PDF, content_type: str = "application/pdf") -> None:
    """An upload as the portal makes it: a form, then the browser's POST."""
    bucket.post(bucket.storage.upload_form(key, content_type, 1024 * 1024, soon(60)), content)


# --- upload_form ---------------------------------------------------------------------------------


def test_a_posted_form_stores_the_file_under_its_key_with_its_type(bucket: Bucket, key: str) -> None:
    expires_at = soon(300)
    form = bucket.storage.upload_form(key, "application/pdf", 1024, expires_at)
    assert form.expires_at == expires_at
    assert form.fields["key"] == key and form.fields["Content-Type"] == "application/pdf"

    bucket.post(form, PDF)

    found = bucket.storage.stat(key)
    assert found is not None and (found.key, found.size, found.content_type) == (key, len(PDF), "application/pdf")
    assert bucket.storage.open(key).read() == PDF


@pytest.mark.parametrize(
    ("expires_at", "max_bytes", "message"),
    [
        (lambda: soon(302), 1024, "at most 300"),  # whole seconds, rounded down: 301 is too many
        (lambda: soon(-1), 1024, "not in the future"),
        (lambda: datetime.now() + timedelta(seconds=60), 1024, "timezone"),  # noqa: DTZ005 - naive on purpose
        (lambda: soon(60), 0, "at least 1"),
    ],
    ids=["over-five-minutes", "expired", "naive", "no-bytes"],
)
def test_a_form_over_five_minutes_expired_naive_or_for_no_bytes_is_refused(
    storage: DocumentStorage, key: str, expires_at: Callable[[], datetime], max_bytes: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        storage.upload_form(key, "application/pdf", max_bytes, expires_at())


# --- download_link -------------------------------------------------------------------------------


def test_a_download_link_answers_the_bytes_as_an_attachment_named_per_rfc_6266(bucket: Bucket, key: str) -> None:
    bucket.storage.replace(key, io.BytesIO(PDF), "application/octet-stream")
    name = 'Procuração – João "final".pdf'

    headers, body = bucket.follow(bucket.storage.download_link(key, name, "application/pdf", soon(60)))

    assert body == PDF
    assert headers["content-disposition"] == content_disposition(name)
    assert headers["content-disposition"].startswith('attachment; filename="Procuracao - Joao _final_.pdf"; ')
    assert headers["content-type"] == "application/pdf"  # the type asked for, not the stored one


@pytest.mark.parametrize(
    ("expires_at", "message"),
    [
        (lambda: soon(62), "at most 60"),
        (lambda: soon(-1), "not in the future"),
        (lambda: datetime.now() + timedelta(seconds=30), "timezone"),  # noqa: DTZ005 - naive on purpose
    ],
    ids=["over-a-minute", "expired", "naive"],
)
def test_a_link_over_a_minute_expired_or_naive_is_refused(
    storage: DocumentStorage, key: str, expires_at: Callable[[], datetime], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        storage.download_link(key, "a.pdf", "application/pdf", expires_at())


# --- stat and open -------------------------------------------------------------------------------


def test_stat_says_size_type_and_tags_and_nothing_is_none(bucket: Bucket, key: str) -> None:
    assert bucket.storage.stat(key) is None
    photo = b"\xff\xd8\xff picture"
    stored(bucket, key, photo, "image/jpeg")
    found = bucket.storage.stat(key)
    assert found is not None and (found.key, found.size, found.content_type) == (key, len(photo), "image/jpeg")
    assert found.tags == {}

    bucket.tag(key, MALWARE_VERDICT)

    assert bucket.storage.stat(key) == found.model_copy(update={"tags": MALWARE_VERDICT})


def test_open_streams_the_latest_bytes_and_a_missing_object_is_not_found(bucket: Bucket, key: str) -> None:
    with pytest.raises(NotFound):
        bucket.storage.open(key)
    stored(bucket, key, b"first upload")
    bucket.write(key, PDF)

    with bucket.storage.open(key) as stream:
        assert stream.read(4) == b"%PDF" and stream.read() == PDF[4:]


# --- replace and delete ----------------------------------------------------------------------------


def test_replace_leaves_only_the_new_bytes_without_the_old_tags(bucket: Bucket, key: str) -> None:
    stored(bucket, key, b"\xff\xd8\xff original with GPS", "image/jpeg")
    bucket.write(key, b"\xff\xd8\xff a second version")
    bucket.tag(key, MALWARE_VERDICT)
    neighbour = key + "-other"  # a key that starts with this one keeps its versions
    bucket.storage.replace(neighbour, io.BytesIO(b"neighbour"), "text/plain")
    assert bucket.versions(key) == 2

    stripped = b"\xff\xd8\xff stripped"
    bucket.storage.replace(key, io.BytesIO(stripped), "image/jpeg")

    assert bucket.versions(key) == 1
    assert bucket.storage.open(key).read() == stripped
    found = bucket.storage.stat(key)
    # The tags were the old version's: S3 keeps a version's tags with that version.
    assert found is not None and (found.size, found.content_type, found.tags) == (len(stripped), "image/jpeg", {})
    assert bucket.versions(neighbour) == 1 and bucket.storage.open(neighbour).read() == b"neighbour"


def test_replace_writes_a_key_that_holds_nothing(storage: DocumentStorage, key: str) -> None:
    storage.replace(key, io.BytesIO(b"new"), "text/plain")
    found = storage.stat(key)
    assert found is not None and (found.size, found.content_type) == (3, "text/plain")


def test_delete_leaves_no_version_no_tags_and_nothing_is_fine(bucket: Bucket, key: str) -> None:
    bucket.storage.delete(key)  # nothing there: fine
    stored(bucket, key, b"one")
    bucket.write(key, b"two")
    bucket.tag(key, MALWARE_VERDICT)
    neighbour = key + "-other"
    bucket.storage.replace(neighbour, io.BytesIO(b"neighbour"), "text/plain")

    bucket.storage.delete(key)

    assert bucket.versions(key) == 0 and bucket.storage.stat(key) is None
    with pytest.raises(NotFound):
        bucket.storage.open(key)
    assert bucket.storage.open(neighbour).read() == b"neighbour"
    # Uploaded again, it is a new object: nothing of the deleted one's is left on it.
    stored(bucket, key, b"three")
    again = bucket.storage.stat(key)
    assert again is not None and (again.size, again.tags) == (5, {})
