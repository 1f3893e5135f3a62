"""boto3 clients, created on first use and cached per container (never at import).

The endpoint comes from boto3's own AWS_ENDPOINT_URL when set (moto locally), so the
same code runs against moto and AWS."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        service, config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=10)
    )
