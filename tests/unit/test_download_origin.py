"""Download links on the download origin (PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN): the setting takes an
origin and nothing else, and a link keeps the presigned path and query exactly, with only the
scheme and host replaced (chalicelib/adapters/storage.py; the S3 side is in
tests/integration/test_document_storage.py)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.adapters.storage import through_origin
from chalicelib.settings import Settings

REQUIRED = {
    name: "x"
    for name in (
        "directory_table",
        "security_table",
        "audit_table",
        "idempotency_table",
        "matters_table",
        "updates_table",
        "consultations_table",
        "notifications_queue_url",
        "ingestion_queue_url",
        "translations_queue_url",
        "documents_queue_url",
        "documents_bucket",
        "signing_key_secret",
        "mail_from",
    )
}
PRESIGNED = (
    "https://law-portal-dev-documents-123456789012-sa-east-1.s3.sa-east-1.amazonaws.com"
    "/firms/f1/documents/d1?response-content-disposition=attachment%3B%20filename%3D%22Procuracao%20-%20Joao.pdf%22"
    "%3B%20filename%2A%3DUTF-8%27%27Procura%25C3%25A7%25C3%25A3o.pdf&response-content-type=application%2Fpdf"
    "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA%2F20300101%2Fsa-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20300101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Security-Token=a%2Bb%2F%3D"
    "&X-Amz-Signature=0f"
)


def settings(**values: Any) -> Settings:
    return Settings(**REQUIRED, **values)


@pytest.mark.parametrize(
    ("given", "origin"),
    [
        (None, None),
        ("", None),
        ("https://d111abcdef8.cloudfront.net", "https://d111abcdef8.cloudfront.net"),
        ("https://static.portal.example.com/", "https://static.portal.example.com"),
        ("http://localhost:8080", "http://localhost:8080"),
    ],
)
def test_the_setting_is_an_origin_or_unset(given: str | None, origin: str | None) -> None:
    assert settings(documents_download_origin=given).documents_download_origin == origin


def test_unset_by_default_links_go_to_the_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN", raising=False)  # set by the moto stack's suites
    assert settings().documents_download_origin is None
    monkeypatch.setenv("PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN", "")  # the template's default
    assert settings().documents_download_origin is None


@pytest.mark.parametrize(
    "given",
    [
        "d111abcdef8.cloudfront.net",
        "ftp://files.example.com",
        "https://files.example.com/firms",
        "https://files.example.com?x=1",
        "https://files.example.com#top",
        "https://user@files.example.com",
        "https://files.example.com:port",
        "https://",
    ],
)
def test_anything_but_an_origin_is_refused_at_start(given: str) -> None:
    with pytest.raises(ValidationError, match="documents_download_origin"):
        settings(documents_download_origin=given)


@pytest.mark.parametrize(
    ("origin", "start"),
    [
        ("https://d111abcdef8.cloudfront.net", "https://d111abcdef8.cloudfront.net/firms/"),
        ("http://localhost:8080", "http://localhost:8080/firms/"),
    ],
)
def test_a_link_on_the_origin_keeps_the_signed_path_and_query_exactly(origin: str, start: str) -> None:
    link = through_origin(PRESIGNED, origin)
    path_and_query = PRESIGNED.split(".amazonaws.com", 1)[1]
    assert link == origin + path_and_query
    assert link.startswith(start)
    # Not one character of the signed part re-encoded: S3 computes the signature from it.
    assert link.split("?", 1)[1] == PRESIGNED.split("?", 1)[1]


def test_a_path_style_link_keeps_its_bucket_in_the_path() -> None:
    """Locally the S3 adapter presigns for moto with the bucket in the path."""
    local = "http://127.0.0.1:5100/bucket/firms/f/documents/d?X-Amz-Signature=0f"
    assert (
        through_origin(local, "http://localhost:8080")
        == "http://localhost:8080/bucket/firms/f/documents/d?X-Amz-Signature=0f"
    )
