"""S3: the documents bucket. Browsers post uploads straight to it with a presigned POST and
fetch downloads with a presigned GET; the workers read, replace and delete objects.

The bucket is versioned and encrypted by default (SSE-S3, AES256, infra/resources.json), so
the upload form carries no encryption field: S3 encrypts every object it stores, and as a
POST policy must name every field a form sends, a client cannot add one of its own.

Downloads and `X-Content-Type-Options: nosniff`: a presigned GET can override only the
response headers S3 lets a request override (Content-Type, Content-Disposition,
Cache-Control, Content-Language, Content-Encoding, Expires); nosniff is none of them, and S3
never sends it. So with a download origin (`PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN`, a host of the
web distribution) the link is the presigned GET with that origin's scheme and host in place
of the bucket's, its path and query exactly as signed: CloudFront's `/firms/*` behaviour
passes the request on to the bucket's regional endpoint, the host it was signed for, with the
query untouched, so S3 still checks the signature and its expiry; CloudFront adds nosniff to
the answer (DocumentsResponseHeadersPolicy in infra/resources.json; locally devstack/web.py
does the same). Without one the link goes to the bucket itself and carries no nosniff. Either way
`Content-Disposition: attachment` makes the browser save the file, never render it, and the
type is the one the inspection detected, not what the client declared."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any, BinaryIO, cast
from urllib.parse import quote, urlsplit, urlunsplit

from ..domain.documents import DOWNLOAD_LINK_SECONDS, UPLOAD_FORM_SECONDS, StoredObject, UploadForm
from ..domain.errors import NotFound
from ..domain.ports import DocumentStorage
from . import aws

# Characters a quoted-string fallback must not carry: quotes and backslashes (they end or
# escape it), path separators (a name is never a path), and controls (CR/LF split headers).
_UNSAFE_IN_FALLBACK = re.compile(r'["\\/\x00-\x1f\x7f]')
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# RFC 5987 attr-char, besides letters and digits (which quote() never escapes).
_ATTR_CHARS = "!#$&+-.^_`|~"
# Typographic punctuation with a plain ASCII look-alike (the rest of non-ASCII becomes "_").
_ASCII_LOOKALIKES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u00a0": " "})
_MISSING = ("404", "NoSuchKey", "NotFound", "NoSuchVersion")


def content_disposition(file_name: str) -> str:
    """`attachment` with the name per RFC 6266: an ASCII fallback in `filename` (accents
    dropped, anything else non-ASCII, quotes, backslashes, slashes and controls made `_`)
    and the exact name, UTF-8 percent-encoded, in `filename*` (RFC 5987)."""
    name = _CONTROLS.sub("_", file_name).replace("/", "_").replace("\\", "_").strip() or "document"
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_ASCII_LOOKALIKES)
    ascii_name = "".join(c if c.isascii() else "_" for c in ascii_name)
    fallback = _UNSAFE_IN_FALLBACK.sub("_", ascii_name)
    encoded = quote(unicodedata.normalize("NFC", name), safe=_ATTR_CHARS, encoding="utf-8")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def seconds_until(expires_at: datetime, limit: int, now: datetime | None = None) -> int:
    """Whole seconds from now to `expires_at` (rounded down, so a form or link never outlives
    what was promised); ValueError when it is past, naive, or more than `limit` away."""
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must be timezone-aware")
    seconds = math.floor((expires_at - (now or datetime.now(UTC))).total_seconds())
    if seconds <= 0:
        raise ValueError(f"expires_at {expires_at.isoformat()} is not in the future")
    if seconds > limit:
        raise ValueError(f"expires_at is {seconds} s away; at most {limit} s is allowed")
    return seconds


def through_origin(url: str, origin: str) -> str:
    """`url` with the scheme and host of `origin` (`https://host[:port]`), its path and query
    exactly as they were: a presigned URL stays signed for the host it was presigned for, which
    the origin passes the request on to."""
    target = urlsplit(origin)
    parts = urlsplit(url)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))


def _missing(error: Exception) -> bool:
    response: dict[str, Any] = getattr(error, "response", {})
    code = str(response.get("Error", {}).get("Code", ""))
    status = str(response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))
    return code in _MISSING or status == "404"


class S3DocumentStorage:
    def __init__(self, bucket: str, download_origin: str | None = None) -> None:
        self.bucket = bucket
        # Where download links point instead of the bucket (module docstring); uploads always
        # go to the bucket itself.
        self.download_origin = download_origin

    def upload_form(self, key: str, content_type: str, max_bytes: int, expires_at: datetime) -> UploadForm:
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        seconds = seconds_until(expires_at, UPLOAD_FORM_SECONDS)
        # botocore adds {"bucket": ...} and {"key": key} to the conditions itself, and the
        # signature's own fields (x-amz-algorithm, -credential, -date, -security-token).
        post = aws.client("s3").generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[["eq", "$Content-Type", content_type], ["content-length-range", 1, max_bytes]],
            ExpiresIn=seconds,
        )
        return UploadForm(url=post["url"], fields=post["fields"], expires_at=expires_at)

    def download_link(self, key: str, file_name: str, content_type: str, expires_at: datetime) -> str:
        seconds = seconds_until(expires_at, DOWNLOAD_LINK_SECONDS)
        url: str = aws.client("s3").generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": content_disposition(file_name),
                "ResponseContentType": content_type,
            },
            ExpiresIn=seconds,
        )
        return url if self.download_origin is None else through_origin(url, self.download_origin)

    def stat(self, key: str) -> StoredObject | None:
        from botocore.exceptions import ClientError

        s3 = aws.client("s3")
        try:
            head = s3.head_object(Bucket=self.bucket, Key=key)
            # The tags of the very version the head described, not of one written since.
            version = {"VersionId": head["VersionId"]} if head.get("VersionId") else {}
            tagging = s3.get_object_tagging(Bucket=self.bucket, Key=key, **version)
        except ClientError as error:
            if _missing(error):
                return None
            raise
        return StoredObject(
            key=key,
            size=int(head["ContentLength"]),
            content_type=head.get("ContentType"),
            tags={tag["Key"]: tag["Value"] for tag in tagging.get("TagSet", [])},
        )

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            response = aws.client("s3").get_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _missing(error):
                raise NotFound("The document is not there.") from error
            raise
        # botocore's StreamingBody reads from the connection as it is read.
        return cast(BinaryIO, response["Body"])

    def replace(self, key: str, content: BinaryIO, content_type: str) -> None:
        s3 = aws.client("s3")
        written = s3.put_object(Bucket=self.bucket, Key=key, Body=content, ContentType=content_type)
        keep = written.get("VersionId")
        self._delete_versions(key, keep=keep)

    def delete(self, key: str) -> None:
        self._delete_versions(key, keep=None)

    def _delete_versions(self, key: str, keep: str | None) -> None:
        """Delete every version and delete marker of exactly this key except `keep`. On an
        unversioned bucket the one version is "null", which deletes the object."""
        s3 = aws.client("s3")
        doomed: list[dict[str, str]] = []
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=self.bucket, Prefix=key):
            for entry in page.get("Versions", []) + page.get("DeleteMarkers", []):
                if entry["Key"] == key and entry["VersionId"] != keep:
                    doomed.append({"Key": key, "VersionId": entry["VersionId"]})
        for start in range(0, len(doomed), 1000):
            response = s3.delete_objects(
                Bucket=self.bucket, Delete={"Objects": doomed[start : start + 1000], "Quiet": True}
            )
            errors = response.get("Errors", [])
            if errors:
                raise RuntimeError(f"S3 kept {len(errors)} versions of {key}: {errors[0].get('Message')}")


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_document_storage: type[DocumentStorage] = S3DocumentStorage
