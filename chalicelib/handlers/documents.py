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
from ..domain.documents import (
    Document,
    DocumentPublication,
    DocumentRequest,
    DocumentRequestChange,
    DocumentRequestInput,
    DownloadLink,
    FilesToSend,
    ReviewChange,
    UploadRequest,
)
from ..services.documents import MALWARE_FOUND
from .events import process_batch
from .http import Audience, RequestContext, endpoint
from .views import DocumentRequestDetailView, DocumentRequestView, DocumentView, ReviewQueueView, UploadTicketView

bp = Blueprint(__name__)

# The local name of the queue the documents bucket notifies; in AWS the merge template (infra/)
# points the event source at the queue it creates.
QUEUE = "documents"
# GuardDuty Malware Protection for S3's event for each object it scanned.
MALWARE_VERDICT = "GuardDuty Malware Protection Object Scan Result"


@endpoint(
    bp,
    "POST",
    "/portal/documents/uploads",
    operation_id="createMyDocumentUploads",
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
    operation_id="listMyDocuments",
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
    operation_id="getMyDocumentDownload",
    audience=Audience.CLIENT,
    tag="documents",
    response=DownloadLink,
    cacheable=False,  # a fresh signed link each time
    summary="A link of one minute to download a document the client may see (audited).",
)
def download_my_document(ctx: RequestContext, document_id: str) -> DownloadLink:
    return services().documents.client_download(ctx.signed_in(), document_id)


@endpoint(
    bp,
    "GET",
    "/portal/matters/{matter_id}/documents",
    operation_id="listMyMatterDocuments",
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
    operation_id="createMatterDocumentUploads",
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
    operation_id="changeDocumentPublication",
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
    operation_id="listClientDocuments",
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
    operation_id="listMatterDocuments",
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
    operation_id="getDocumentDownload",
    audience=Audience.STAFF,
    tag="documents",
    response=DownloadLink,
    cacheable=False,  # a fresh signed link each time
    summary="A link of one minute to download a document of the firm (audited).",
)
def download_document(ctx: RequestContext, document_id: str) -> DownloadLink:
    return services().documents.staff_download(ctx.signed_in().actor, document_id)


@endpoint(
    bp,
    "PUT",
    "/documents/{document_id}/review",
    operation_id="reviewDocument",
    audience=Audience.STAFF,
    tag="documents",
    body=ReviewChange,
    response=DocumentView,
    summary="Accept a document a client sent, or reject it with a reason the client reads (send its version).",
)
def review_document(ctx: RequestContext, document_id: str, body: ReviewChange) -> DocumentView:
    return DocumentView.of(services().documents.review(ctx.signed_in().actor, document_id, body))


@endpoint(
    bp,
    "GET",
    "/documents/review-queue",
    operation_id="listReviewQueue",
    audience=Audience.STAFF,
    tag="documents",
    query=ListQuery,
    response=ReviewQueueView,
    summary="What clients sent that nobody reviewed yet, newest first, with how many per client and per matter.",
)
def review_queue(ctx: RequestContext, query: ListQuery) -> ReviewQueueView:
    return ReviewQueueView.of(services().documents.review_queue(ctx.signed_in().firm_id, query.cursor, query.limit))


# --- document requests (F19) ----------------------------------------------------------------------


@endpoint(
    bp,
    "POST",
    "/document-requests",
    operation_id="createDocumentRequest",
    audience=Audience.STAFF,
    tag="documents",
    body=DocumentRequestInput,
    response=DocumentRequestView,
    status=201,
    summary="Ask a client for a document, on their profile or one of their matters; they are told by e-mail.",
)
def request_documents(ctx: RequestContext, body: DocumentRequestInput) -> DocumentRequestView:
    return DocumentRequestView.of(services().documents.request_documents(ctx.signed_in().actor, body))


@endpoint(
    bp,
    "GET",
    "/clients/{client_id}/document-requests",
    operation_id="listClientDocumentRequests",
    audience=Audience.STAFF,
    tag="documents",
    query=ListQuery,
    response=Page[DocumentRequestView],
    summary="The document requests of a client (their profile and their matters), newest first.",
)
def client_requests(ctx: RequestContext, client_id: str, query: ListQuery) -> Page[DocumentRequestView]:
    documents = services().documents
    return _request_views(documents.requests_of_client(ctx.signed_in().firm_id, client_id, query.cursor, query.limit))


@endpoint(
    bp,
    "GET",
    "/matters/{matter_id}/document-requests",
    operation_id="listMatterDocumentRequests",
    audience=Audience.STAFF,
    tag="documents",
    query=ListQuery,
    response=Page[DocumentRequestView],
    summary="The document requests of a matter, newest first.",
)
def matter_requests(ctx: RequestContext, matter_id: str, query: ListQuery) -> Page[DocumentRequestView]:
    documents = services().documents
    return _request_views(documents.requests_of_matter(ctx.signed_in().firm_id, matter_id, query.cursor, query.limit))


@endpoint(
    bp,
    "GET",
    "/document-requests/{request_id}",
    operation_id="getDocumentRequest",
    audience=Audience.STAFF,
    tag="documents",
    response=DocumentRequestDetailView,
    etag_version="request.version",
    summary="A document request with its history and the files sent for it.",
)
def document_request(ctx: RequestContext, request_id: str) -> DocumentRequestDetailView:
    return DocumentRequestDetailView.of(services().documents.request_detail(ctx.signed_in().firm_id, request_id))


@endpoint(
    bp,
    "PUT",
    "/document-requests/{request_id}",
    operation_id="changeDocumentRequest",
    audience=Audience.STAFF,
    tag="documents",
    body=DocumentRequestChange,
    response=DocumentRequestView,
    summary="Change what a request asks for and by when (send its version).",
)
def edit_request(ctx: RequestContext, request_id: str, body: DocumentRequestChange) -> DocumentRequestView:
    return DocumentRequestView.of(services().documents.edit_request(ctx.signed_in().actor, request_id, body))


@endpoint(
    bp,
    "DELETE",
    "/document-requests/{request_id}",
    operation_id="deleteDocumentRequest",
    audience=Audience.STAFF,
    tag="documents",
    status=204,
    summary="Delete a document request; what the client sent for it stays with their documents.",
)
def delete_request(ctx: RequestContext, request_id: str) -> None:
    services().documents.delete_request(ctx.signed_in().actor, request_id)


@endpoint(
    bp,
    "PUT",
    "/document-requests/{request_id}/review",
    operation_id="reviewDocumentRequest",
    audience=Audience.STAFF,
    tag="documents",
    body=ReviewChange,
    response=DocumentRequestView,
    summary="Accept what the client sent (done), or reject it with a reason (pending again; the client is told).",
)
def review_request(ctx: RequestContext, request_id: str, body: ReviewChange) -> DocumentRequestView:
    return DocumentRequestView.of(services().documents.review_request(ctx.signed_in().actor, request_id, body))


@endpoint(
    bp,
    "GET",
    "/portal/document-requests",
    operation_id="listMyDocumentRequests",
    audience=Audience.CLIENT,
    tag="documents",
    query=ListQuery,
    response=Page[DocumentRequestView],
    summary="What the firm asked the client for, newest first: the client's checklist.",
)
def my_requests(ctx: RequestContext, query: ListQuery) -> Page[DocumentRequestView]:
    return _request_views(services().documents.my_requests(ctx.signed_in(), query.cursor, query.limit))


@endpoint(
    bp,
    "GET",
    "/portal/document-requests/{request_id}",
    operation_id="getMyDocumentRequest",
    audience=Audience.CLIENT,
    tag="documents",
    response=DocumentRequestDetailView,
    etag_version="request.version",
    summary="One of the client's document requests, with its history and the files they sent for it.",
)
def my_request(ctx: RequestContext, request_id: str) -> DocumentRequestDetailView:
    return DocumentRequestDetailView.of(services().documents.my_request(ctx.signed_in(), request_id))


@endpoint(
    bp,
    "POST",
    "/portal/document-requests/{request_id}/uploads",
    operation_id="createMyDocumentRequestUploads",
    audience=Audience.CLIENT,
    tag="documents",
    body=FilesToSend,
    response=list[UploadTicketView],
    status=201,
    summary="Send up to 20 files for a pending request: a form per file, to POST straight to S3 within five "
    "minutes (409 once the firm has what was sent).",
)
def send_to_request(ctx: RequestContext, request_id: str, body: FilesToSend) -> list[UploadTicketView]:
    tickets = services().documents.send_to_request(ctx.signed_in(), request_id, body)
    return [UploadTicketView.of(t) for t in tickets]


def _request_views(page: Page[DocumentRequest]) -> Page[DocumentRequestView]:
    return Page(items=[DocumentRequestView.of(r) for r in page.items], next_cursor=page.next_cursor)


def _views(page: Page[Document]) -> Page[DocumentView]:
    return Page(items=[DocumentView.of(d) for d in page.items], next_cursor=page.next_cursor)


@bp.on_sqs_message(queue=QUEUE, batch_size=10)
def check_documents(event: Any) -> dict[str, Any]:
    """Each object S3 reports created is checked once: a document already checked is left as
    it is, so a redelivered event changes nothing (DocumentsService.check). With malware scans
    on, GuardDuty's verdicts come here too: one found infected is withdrawn, once."""
    return process_batch(event, _check_objects)


def _check_objects(body: str) -> None:
    message = json.loads(body)
    if message.get("detail-type") == MALWARE_VERDICT:  # from the EventBridge rule (infra/), when scans are on
        detail = message["detail"]
        if detail["scanResultDetails"]["scanResultStatus"] == MALWARE_FOUND:
            services().documents.malware_found(detail["s3ObjectDetails"]["objectKey"])
        return
    # S3's own test event (sent when the notification is set) has no Records; keys arrive URL-encoded.
    for record in message.get("Records", []):
        services().documents.check(unquote_plus(record["s3"]["object"]["key"]))
