"""F20: consultations (atendimentos), for staff only: no client route, nothing in the portal."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.common import ListQuery, Page
from ..domain.consultations import (
    Consultation,
    ConsultationChange,
    ConsultationInput,
    ConsultationListParams,
    ConsultationUploadRequest,
    Conversion,
    EntryChange,
    EntryInput,
    ImportanceChange,
    TaskChange,
    TaskInput,
)
from ..domain.documents import UploadRequest
from .http import Audience, RequestContext, endpoint
from .views import (
    ConsultationEntryView,
    ConsultationTaskView,
    ConsultationView,
    ConversionView,
    DocumentView,
    UploadTicketView,
)

bp = Blueprint(__name__)
TAG = "consultations"


def _page(page: Page[Consultation]) -> Page[ConsultationView]:
    return Page(items=[ConsultationView.of(c) for c in page.items], next_cursor=page.next_cursor)


@endpoint(
    bp,
    "GET",
    "/consultations",
    operation_id="listConsultations",
    audience=Audience.STAFF,
    tag=TAG,
    query=ConsultationListParams,
    response=Page[ConsultationView],
    summary="Consultations, newest first; filter by importance, client, staff member, matter link, dates and "
    "words of the subject.",
)
def list_consultations(ctx: RequestContext, query: ConsultationListParams) -> Page[ConsultationView]:
    page = services().consultations.list(ctx.signed_in().firm_id, query.filters(), query.cursor, query.limit)
    return _page(page)


@endpoint(
    bp,
    "POST",
    "/consultations",
    operation_id="createConsultation",
    audience=Audience.STAFF,
    tag=TAG,
    body=ConsultationInput,
    response=ConsultationView,
    status=201,
    summary="Record a consultation with a client or a prospect (and its first entry, if `text`).",
)
def create_consultation(ctx: RequestContext, body: ConsultationInput) -> ConsultationView:
    return ConsultationView.of(services().consultations.create(ctx.signed_in().actor, body))


@endpoint(
    bp,
    "GET",
    "/consultations/{consultation_id}",
    operation_id="getConsultation",
    audience=Audience.STAFF,
    tag=TAG,
    response=ConsultationView,
    summary="One consultation, with its counts.",
)
def get_consultation(ctx: RequestContext, consultation_id: str) -> ConsultationView:
    return ConsultationView.of(services().consultations.get(ctx.signed_in().firm_id, consultation_id))


@endpoint(
    bp,
    "PUT",
    "/consultations/{consultation_id}",
    operation_id="changeConsultation",
    audience=Audience.STAFF,
    tag=TAG,
    body=ConsultationChange,
    response=ConsultationView,
    summary="Change a consultation (send the version you read).",
)
def change_consultation(ctx: RequestContext, consultation_id: str, body: ConsultationChange) -> ConsultationView:
    return ConsultationView.of(services().consultations.change(ctx.signed_in().actor, consultation_id, body))


@endpoint(
    bp,
    "PUT",
    "/consultations/{consultation_id}/importance",
    operation_id="markConsultationImportant",
    audience=Audience.STAFF,
    tag=TAG,
    body=ImportanceChange,
    response=ConsultationView,
    summary="Mark a consultation important or not (the list's star; no version needed).",
)
def mark_important(ctx: RequestContext, consultation_id: str, body: ImportanceChange) -> ConsultationView:
    consultation = services().consultations.mark_important(ctx.signed_in().actor, consultation_id, body.important)
    return ConsultationView.of(consultation)


@endpoint(
    bp,
    "DELETE",
    "/consultations/{consultation_id}",
    operation_id="deleteConsultation",
    audience=Audience.STAFF,
    tag=TAG,
    status=204,
    summary="Delete a consultation with its entries and tasks (an admin or its creator; not once converted).",
)
def delete_consultation(ctx: RequestContext, consultation_id: str) -> None:
    services().consultations.delete(ctx.signed_in().actor, consultation_id)


@endpoint(
    bp,
    "GET",
    "/consultations/{consultation_id}/entries",
    operation_id="listConsultationEntries",
    audience=Audience.STAFF,
    tag=TAG,
    query=ListQuery,
    response=Page[ConsultationEntryView],
    summary="The consultation's entries, oldest first.",
)
def list_entries(ctx: RequestContext, consultation_id: str, query: ListQuery) -> Page[ConsultationEntryView]:
    page = services().consultations.entries(ctx.signed_in().firm_id, consultation_id, query.cursor, query.limit)
    return Page(items=[ConsultationEntryView.of(e) for e in page.items], next_cursor=page.next_cursor)


@endpoint(
    bp,
    "POST",
    "/consultations/{consultation_id}/entries",
    operation_id="addConsultationEntry",
    audience=Audience.STAFF,
    tag=TAG,
    body=EntryInput,
    response=ConsultationEntryView,
    status=201,
    summary="Write an entry in the consultation's thread (several staff at once: all kept).",
)
def add_entry(ctx: RequestContext, consultation_id: str, body: EntryInput) -> ConsultationEntryView:
    return ConsultationEntryView.of(services().consultations.add_entry(ctx.signed_in().actor, consultation_id, body))


@endpoint(
    bp,
    "PUT",
    "/consultations/{consultation_id}/entries/{entry_id}",
    operation_id="changeConsultationEntry",
    audience=Audience.STAFF,
    tag=TAG,
    body=EntryChange,
    response=ConsultationEntryView,
    summary="Change an entry (its author only; send the version you read).",
)
def change_entry(ctx: RequestContext, consultation_id: str, entry_id: str, body: EntryChange) -> ConsultationEntryView:
    entry = services().consultations.change_entry(ctx.signed_in().actor, consultation_id, entry_id, body)
    return ConsultationEntryView.of(entry)


@endpoint(
    bp,
    "POST",
    "/consultations/{consultation_id}/documents/uploads",
    operation_id="createConsultationDocumentUploads",
    audience=Audience.STAFF,
    tag=TAG,
    body=ConsultationUploadRequest,
    response=list[UploadTicketView],
    status=201,
    summary="Attach up to 20 files to the consultation (or one of its entries): a form per file, the same checks "
    "as every upload.",
)
def start_uploads(ctx: RequestContext, consultation_id: str, body: ConsultationUploadRequest) -> list[UploadTicketView]:
    request = UploadRequest.model_validate(body.model_dump(exclude={"entry_id"}))
    tickets = services().consultations.start_uploads(ctx.signed_in().actor, consultation_id, request, body.entry_id)
    return [UploadTicketView.of(t) for t in tickets]


@endpoint(
    bp,
    "GET",
    "/consultations/{consultation_id}/documents",
    operation_id="listConsultationDocuments",
    audience=Audience.STAFF,
    tag=TAG,
    query=ListQuery,
    response=Page[DocumentView],
    summary="The consultation's documents, newest first (download: GET /documents/{document_id}/download).",
)
def list_documents(ctx: RequestContext, consultation_id: str, query: ListQuery) -> Page[DocumentView]:
    page = services().consultations.documents_of(ctx.signed_in().firm_id, consultation_id, query.cursor, query.limit)
    return Page(items=[DocumentView.of(d) for d in page.items], next_cursor=page.next_cursor)


@endpoint(
    bp,
    "GET",
    "/consultations/{consultation_id}/tasks",
    operation_id="listConsultationTasks",
    audience=Audience.STAFF,
    tag=TAG,
    query=ListQuery,
    response=Page[ConsultationTaskView],
    summary="The consultation's tasks: open first, soonest due first.",
)
def list_tasks(ctx: RequestContext, consultation_id: str, query: ListQuery) -> Page[ConsultationTaskView]:
    page = services().consultations.tasks_of(ctx.signed_in().firm_id, consultation_id, query.cursor, query.limit)
    return Page(items=[ConsultationTaskView.of(t) for t in page.items], next_cursor=page.next_cursor)


@endpoint(
    bp,
    "POST",
    "/consultations/{consultation_id}/tasks",
    operation_id="createConsultationTask",
    audience=Audience.STAFF,
    tag=TAG,
    body=TaskInput,
    response=ConsultationTaskView,
    status=201,
    summary="A task of the consultation (assignee: the caller unless given).",
)
def create_task(ctx: RequestContext, consultation_id: str, body: TaskInput) -> ConsultationTaskView:
    return ConsultationTaskView.of(services().consultations.create_task(ctx.signed_in().actor, consultation_id, body))


@endpoint(
    bp,
    "PUT",
    "/tasks/{task_id}",
    operation_id="changeTask",
    audience=Audience.STAFF,
    tag=TAG,
    body=TaskChange,
    response=ConsultationTaskView,
    summary="Change a consultation's task: only the fields sent (send the version you read). A matter's tasks "
    "change through its timeline.",
)
def change_task(ctx: RequestContext, task_id: str, body: TaskChange) -> ConsultationTaskView:
    return ConsultationTaskView.of(services().consultations.change_task(ctx.signed_in().actor, task_id, body))


@endpoint(
    bp,
    "GET",
    "/me/tasks",
    operation_id="listMyOpenTasks",
    audience=Audience.STAFF,
    tag=TAG,
    query=ListQuery,
    response=Page[ConsultationTaskView],
    summary="The caller's open tasks, of consultations and of matters, soonest due first (no due date last).",
)
def my_tasks(ctx: RequestContext, query: ListQuery) -> Page[ConsultationTaskView]:
    member = ctx.signed_in().staff
    assert member is not None  # a staff route
    page = services().consultations.my_open_tasks(member, query.cursor, query.limit)
    return Page(items=[ConsultationTaskView.of(t) for t in page.items], next_cursor=page.next_cursor)


@endpoint(
    bp,
    "POST",
    "/consultations/{consultation_id}/conversion",
    operation_id="convertConsultation",
    audience=Audience.STAFF,
    tag=TAG,
    body=Conversion,
    response=ConversionView,
    status=201,
    summary="Convert the consultation into a matter (a prospect becomes a client), all at once; 409 once converted.",
)
def convert(ctx: RequestContext, consultation_id: str, body: Conversion) -> ConversionView:
    result = services().consultations.convert(ctx.signed_in().actor, consultation_id, body)
    return ConversionView(
        consultation=ConsultationView.of(result.consultation), matter=result.matter.answered(ctx.language)
    )


@endpoint(
    bp,
    "GET",
    "/clients/{client_id}/consultations",
    operation_id="listClientConsultations",
    audience=Audience.STAFF,
    tag=TAG,
    query=ListQuery,
    response=Page[ConsultationView],
    reads_client=True,
    summary="The client's consultations, newest first.",
)
def client_consultations(ctx: RequestContext, client_id: str, query: ListQuery) -> Page[ConsultationView]:
    caller = ctx.signed_in()  # the client was read with the staff member, in the same call
    return _page(services().consultations.of_client(caller.firm_id, caller.client, query.cursor, query.limit))


@endpoint(
    bp,
    "GET",
    "/matters/{matter_id}/consultations",
    operation_id="listMatterConsultations",
    audience=Audience.STAFF,
    tag=TAG,
    query=ListQuery,
    response=Page[ConsultationView],
    summary="The consultations linked to the matter, newest first.",
)
def matter_consultations(ctx: RequestContext, matter_id: str, query: ListQuery) -> Page[ConsultationView]:
    page = services().consultations.of_matter(ctx.signed_in().firm_id, matter_id, query.cursor, query.limit)
    return _page(page)
