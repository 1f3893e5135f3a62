"""boto3 clients, created on first use and cached per container (never at import).

The endpoint comes from boto3's own AWS_ENDPOINT_URL when set (moto locally), so the
same code runs against moto and AWS. S3's client signs with SigV4 (presigned POSTs and
URLs included). In AWS its forms and links point at the bucket's own regional endpoint,
https://<bucket>.s3.<region>.amazonaws.com, the one origin the portal's Content-Security-Policy
lets the browser post to (infra/resources.json, WebResponseHeadersPolicy). botocore would
otherwise presign for the global s3.amazonaws.com, whatever the region, which S3 may answer
with a temporary redirect for a new bucket outside us-east-1. Against a local endpoint (moto)
the bucket stays in the path."""

from __future__ import annotations

import os
from functools import cache
from typing import Any


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=10)
    if service == "s3":
        config = config.merge(Config(signature_version="s3v4"))
        if not (os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")):
            config = config.merge(Config(s3={"addressing_style": "virtual", "us_east_1_regional_endpoint": "regional"}))
    return boto3.session.Session().client(service, config=config)
