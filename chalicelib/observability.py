"""Logging, metrics and tracing with Powertools, wired as Chalice middleware.

Every log line is JSON with the correlation id and, once the caller is known, the firm id.
Nothing logs a token, a password or a document's content: requests are logged by route
and status, never by body or headers.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from contextlib import nullcontext
from functools import cache
from typing import Any, Callable

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

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


def _segment(name: str) -> Any:
    return tracer().provider.in_subsegment(name) if _tracing_on() else nullcontext()


def begin(correlation_id: str | None) -> str:
    """Start a unit of work (a request, a message): fresh keys on every log line."""
    cid = correlation_id if correlation_id and _CORRELATION_ID.match(correlation_id) else str(uuid.uuid4())
    logger.remove_keys(["firm_id"])
    logger.set_correlation_id(cid)
    return cid


def identify_firm(firm_id: str) -> None:
    logger.append_keys(firm_id=firm_id)


def http_middleware(request: Any, get_response: Callable[[Any], Any]) -> Any:
    from .handlers.http import standard_error_shape

    headers = request.headers or {}
    cid = begin(headers.get("x-correlation-id") or (request.context or {}).get("requestId"))
    route = (request.context or {}).get("resourcePath", "?")
    started = time.perf_counter()
    with _segment(f"{request.method} {route}"):
        response = standard_error_shape(get_response(request))
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    response.headers.update({"X-Correlation-Id": cid, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
    logger.info("request", extra={"method": request.method, "route": route, "status": response.status_code, "duration_ms": elapsed_ms})
    metrics.add_metric(name="Latency", unit=MetricUnit.Milliseconds, value=elapsed_ms)
    metrics.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
    if response.status_code >= 500:
        metrics.add_metric(name="ServerErrors", unit=MetricUnit.Count, value=1)
    metrics.flush_metrics()
    return response


def sqs_middleware(event: Any, get_response: Callable[[Any], Any]) -> Any:
    begin(None)
    with _segment("sqs batch"):
        result = get_response(event)
    failures = len((result or {}).get("batchItemFailures", []))
    metrics.add_metric(name="MessageFailures", unit=MetricUnit.Count, value=failures)
    metrics.flush_metrics()
    return result
