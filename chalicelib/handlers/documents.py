"""F17-F19: documents. Clients send files from their phones straight to S3 with a form the
API gives, see what became of each, and download what they may see; the documents worker
checks each object S3 reports."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.common import ListQuery, Page
from ..domain.documents import Document, DocumentPublication, DownloadLink, ReviewChange, UploadRequest
from .events import process_batch
from .http import Audience, RequestContext, endpoint
from .views import DocumentView, UploadTicketView

bp = Blueprint(__name__)

# The local name of the queue the documents bucket notifies; in AWS the merge template (infra/)
# points the event source at the queue it creates.
QUEUE = "documents"


@endpoint(
    bp,
    "POST",
    "/portal/documents/uploads",
    audience=Audience.CLIENT,
    tag="documents",
    body=UploadRequest,
    response=list[UploadTicketView],
    status=201,
    summary="Send up to 20 files to the client's profile or one of their matters: a form per file, to POST "
    "straight to S3 within five minutes.",
)
def start_uploads(ctx: RequestContext, body: UploadRequest) -> list[UploadTicketView]:
    return [UploadTicketView.of(t) for t in services().documents.start_client_uploads(ctx.signed_in(), body)]


@endpoint(
    bp,
    "GET",
    "/portal/documents",
    audience=Audience.CLIENT,
    tag="documents",
    query=ListQuery,
    response=Page[DocumentView],
    summary="The documents the client sent, newest first, each with its state (and why it was refused).",
)
def my_documents(ctx: RequestContext, query: ListQuery) -> Page[DocumentView]:
    return _views(services().documents.client_documents(ctx.signed_in(), query.cursor, query.limit))


@endpoint(
    bp,
    "GET",
    "/portal/documents/{document_id}/download",
    audience=Audience.CLIENT,
    tag="documents",
    response=DownloadLink,
    summary="A link of one minute to download a document the client may see (audited).",
)
def download_my_document(ctx: RequestContext, document_id: str) -> DownloadLink:
    return services().documents.client_download(ctx.signed_in(), document_id)


@endpoint(
    bp,
    "GET",
    "/portal/matters/{matter_id}/documents",
    audience=Audience.CLIENT,
    tag="documents",
    query=ListQuery,
    response=Page[DocumentView],
    summary="The documents of one of the client's matters they may see: what the firm published, what they sent.",
)
def my_matter_documents(ctx: RequestContext, matter_id: str, query: ListQuery) -> Page[DocumentView]:
    documents = services().documents
    return _views(documents.matter_documents_for_client(ctx.signed_in(), matter_id, query.cursor, query.limit))


# --- staff ------------------------------------------------------------------------------------------


@endpoint(
    bp,
    "POST",
    "/matters/{matter_id}/documents/uploads",
    audience=Audience.STAFF,
    tag="documents",
    body=UploadRequest,
    response=list[UploadTicketView],
    status=201,
    summary="Send up to 20 files to a matter (hidden from its clients until published): a form per file.",
)
def start_matter_uploads(ctx: RequestContext, matter_id: str, body: UploadRequest) -> list[UploadTicketView]:
    tickets = services().documents.start_staff_uploads(ctx.signed_in().actor, matter_id, body)
    return [UploadTicketView.of(t) for t in tickets]


@endpoint(
    bp,
    "PUT",
    "/documents/{document_id}/publication",
    audience=Audience.STAFF,
    tag="documents",
    body=DocumentPublication,
    response=DocumentView,
    summary="Show a matter's document to the matter's clients, or hide it (send its version; audited).",
)
def publish_document(ctx: RequestContext, document_id: str, body: DocumentPublication) -> DocumentView:
    return DocumentView.of(services().documents.publish(ctx.signed_in().actor, document_id, body))


@endpoint(
    bp,
    "GET",
    "/clients/{client_id}/documents",
    audience=Audience.STAFF,
    tag="documents",
    query=ListQuery,
    response=Page[DocumentView],
    summary="The documents of a client (their profile and their matters), newest first.",
)
def client_documents(ctx: RequestContext, client_id: str, query: ListQuery) -> Page[DocumentView]:
    return _views(services().documents.of_client(ctx.signed_in().firm_id, client_id, query.cursor, query.limit))


@endpoint(
    bp,
    "GET",
    "/matters/{matter_id}/documents",
    audience=Audience.STAFF,
    tag="documents",
    query=ListQuery,
    response=Page[DocumentView],
    summary="The documents of a matter, newest first.",
)
def matter_documents(ctx: RequestContext, matter_id: str, query: ListQuery) -> Page[DocumentView]:
    return _views(services().documents.of_matter(ctx.signed_in().firm_id, matter_id, query.cursor, query.limit))


@endpoint(
    bp,
    "GET",
    "/documents/{document_id}/download",
    audience=Audience.STAFF,
    tag="documents",
    response=DownloadLink,
    summary="A link of one minute to download a document of the firm (audited).",
)
def download_document(ctx: RequestContext, document_id: str) -> DownloadLink:
    return services().documents.staff_download(ctx.signed_in().actor, document_id)


@endpoint(
    bp,
    "PUT",
    "/documents/{document_id}/review",
    audience=Audience.STAFF,
    tag="documents",
    body=ReviewChange,
    response=DocumentView,
    summary="Accept a document a client sent, or reject it with a reason the client reads (send its version).",
)
def review_document(ctx: RequestContext, document_id: str, body: ReviewChange) -> DocumentView:
    return DocumentView.of(services().documents.review(ctx.signed_in().actor, document_id, body))


def _views(page: Page[Document]) -> Page[DocumentView]:
    return Page(items=[DocumentView.of(d) for d in page.items], next_cursor=page.next_cursor)


@bp.on_sqs_message(queue=QUEUE, batch_size=10)
def check_documents(event: Any) -> dict[str, Any]:
    """Each object S3 reports created is checked once: a document already checked is left as
    it is, so a redelivered event changes nothing (DocumentsService.check)."""
    return process_batch(event, _check_objects)


def _check_objects(body: str) -> None:
    # S3's own test event (sent when the notification is set) has no Records; keys arrive URL-encoded.
    for record in json.loads(body).get("Records", []):
        services().documents.check(unquote_plus(record["s3"]["object"]["key"]))
