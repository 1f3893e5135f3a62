"""S3's check of a presigned URL's signature (SigV4 in the query string), written out from AWS's
description of it rather than taken from botocore, which made the signature: what S3 computes
from the request it receives (method, path, query, Host) and compares with X-Amz-Signature.

moto does not check signatures (any X-Amz-Signature passes), so a test that a request still
reaches S3 as it was signed (through CloudFront in AWS, through devstack/web.py locally)
checks it with this."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote, unquote


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def _encoded(value: str) -> str:
    return quote(value, safe="-_.~")


def presigned_signature_holds(method: str, host: str, target: str, secret_key: str) -> bool:
    """Whether `method` `target` (path?query, as sent) with this Host header carries a valid
    SigV4 query signature for `secret_key` (only `host` signed, the payload unsigned)."""
    path, _, query = target.partition("?")
    pairs = [(unquote(name), unquote(value)) for name, _, value in (p.partition("=") for p in query.split("&") if p)]
    given = dict(pairs)
    if given.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" or given.get("X-Amz-SignedHeaders") != "host":
        return False
    canonical_query = "&".join(
        f"{name}={value}"
        for name, value in sorted((_encoded(n), _encoded(v)) for n, v in pairs if n != "X-Amz-Signature")
    )
    canonical_request = "\n".join([method, path, canonical_query, f"host:{host}\n", "host", "UNSIGNED-PAYLOAD"])
    _, date, region, service, terminator = given["X-Amz-Credential"].split("/")
    scope = f"{date}/{region}/{service}/{terminator}"
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", given["X-Amz-Date"], scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = _hmac(("AWS4" + secret_key).encode(), date)
    for part in (region, service, terminator):
        key = _hmac(key, part)
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given.get("X-Amz-Signature", ""))
