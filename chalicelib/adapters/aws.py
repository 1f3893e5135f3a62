"""boto3 clients, created on first use and cached per container (never at import).

The endpoint comes from boto3's own AWS_ENDPOINT_URL when set (moto locally), so the
same code runs against moto and AWS. S3's client signs with SigV4 (presigned POSTs and
URLs included) against the region's own endpoint."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=10)
    if service == "s3":
        config = config.merge(Config(signature_version="s3v4"))
    return boto3.session.Session().client(service, config=config)
