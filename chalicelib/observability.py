"""Logging, metrics and tracing with Powertools (wired as Chalice middleware by
handlers/middleware.py).

Every log line is JSON with the correlation id and, once the caller is known, the firm id.
Nothing logs a token, a password or a document's content: requests are logged by route
and status, never by body or headers.
"""

from __future__ import annotations

import os
import re
import uuid
from contextlib import nullcontext
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "law-portal"))
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "LawPortal"))

_CORRELATION_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@cache
def tracer() -> Any:
    # The X-Ray SDK costs about 0.3 s to import: load it only when tracing is on.
    from aws_lambda_powertools import Tracer

    return Tracer()


def _tracing_on() -> bool:
    return os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").lower() not in ("1", "true")


def segment(name: str) -> Any:
    return tracer().provider.in_subsegment(name) if _tracing_on() else nullcontext()


def begin(correlation_id: str | None) -> str:
    """Start a unit of work (a request, a message): fresh keys on every log line."""
    cid = correlation_id if correlation_id and _CORRELATION_ID.match(correlation_id) else str(uuid.uuid4())
    logger.remove_keys(["firm_id"])
    logger.set_correlation_id(cid)
    return cid


def identify_firm(firm_id: str) -> None:
    logger.append_keys(firm_id=firm_id)
