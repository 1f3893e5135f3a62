"""The audit log, newest first."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.audit import AuditEntry
from ..domain.common import ListQuery, Page
from .http import Audience, RequestContext, endpoint

bp = Blueprint(__name__)


@endpoint(
    bp,
    "GET",
    "/audit",
    operation_id="listAuditEntries",
    audience=Audience.ADMIN,
    tag="audit",
    query=ListQuery,
    response=Page[AuditEntry],
    summary="Who changed what and when, newest first.",
)
def list_audit(ctx: RequestContext, query: ListQuery) -> Page[AuditEntry]:
    return services().audit.list(ctx.signed_in().firm_id, query.cursor, query.limit)
