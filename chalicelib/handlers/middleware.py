"""Every request and every SQS batch passes here: a fresh correlation id, one log line and
the metrics per request, errors in the one JSON shape, no-store (with an ETag: private,
no-cache) and nosniff headers."""

from __future__ import annotations

import time
from typing import Any, Callable

from aws_lambda_powertools.metrics import MetricUnit

from ..observability import begin, logger, metrics, segment
from .http import error, standard_error_shape


def http_middleware(request: Any, get_response: Callable[[Any], Any]) -> Any:
    headers = request.headers or {}
    cid = begin(headers.get("x-correlation-id") or (request.context or {}).get("requestId"))
    route = (request.context or {}).get("resourcePath", "?")
    started = time.perf_counter()
    with segment(f"{request.method} {route}"):
        try:
            response = standard_error_shape(get_response(request))
        except Exception:
            # What escaped the routes' own handling (http.endpoint): Chalice would answer it in
            # its shape, without our headers. Logged; the caller learns nothing of it.
            logger.exception("unhandled error", extra={"route": route})
            response = error(500, "internal_error", "Something went wrong on our side.")
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    response.headers.update({"X-Correlation-Id": cid, "X-Content-Type-Options": "nosniff"})
    # Nothing is kept by any cache, except answers with an ETag: the caller's own cache may keep
    # those and revalidate them (private, no-cache; handlers/caching.py); and a route that says
    # how its answer may be kept keeps its word (a portal's public manifest).
    if "ETag" not in response.headers:
        response.headers.setdefault("Cache-Control", "no-store")
    logger.info(
        "request",
        extra={"method": request.method, "route": route, "status": response.status_code, "duration_ms": elapsed_ms},
    )
    metrics.add_metric(name="Latency", unit=MetricUnit.Milliseconds, value=elapsed_ms)
    metrics.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
    if response.status_code >= 500:
        metrics.add_metric(name="ServerErrors", unit=MetricUnit.Count, value=1)
    metrics.flush_metrics()
    return response


def sqs_middleware(event: Any, get_response: Callable[[Any], Any]) -> Any:
    begin(None)
    with segment("sqs batch"):
        result = get_response(event)
    failures = len((result or {}).get("batchItemFailures", []))
    metrics.add_metric(name="MessageFailures", unit=MetricUnit.Count, value=failures)
    metrics.flush_metrics()
    return result
