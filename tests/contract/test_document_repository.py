"""DocumentRepository: documents created together or not at all, saved over the version
read, and listed per client and per matter, newest first, in pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.documents import (
    Document,
    DocumentRequest,
    DocumentRequestDetail,
    DocumentStatus,
    RequestEvent,
    RequestEventKind,
    RequestParty,
    RequestStatus,
    Review,
    Uploader,
    document_key,
)
from chalicelib.domain.errors import Conflict
from chalicelib.domain.ports import DocumentRepository
from tests.contract.builders import an_audit_entry, unique
from tests.contract.conftest import Backend

T0 = datetime(2026, 9, 1, 12, tzinfo=UTC)


def a_document(firm_id: str, minutes: int = 0, client_id: str | None = "c1", matter_id: str | None = None) -> Document:
    document_id = unique()
    return Document(
        id=document_id,
        firm_id=firm_id,
        client_id=client_id,
        matter_id=matter_id,
        file_name="Procuração – João.pdf",
        declared_type="application/pdf",
        key=document_key(firm_id, document_id),
        uploaded_by="c1",
        uploader=Uploader.CLIENT,
        created_at=T0 + timedelta(minutes=minutes),
    )


def test_documents_created_together_read_back(documents: DocumentRepository, firm_id: str) -> None:
    made = [a_document(firm_id, 0), a_document(firm_id, 1)]
    documents.create_many(made, None)
    assert [documents.get(firm_id, d.id) for d in made] == made
    assert documents.get(firm_id, "nodocument") is None


def test_a_batch_with_an_existing_id_writes_nothing(
    backend: Backend, documents: DocumentRepository, firm_id: str
) -> None:
    first = a_document(firm_id)
    documents.create_many([first], None)
    fresh = a_document(firm_id, 1)
    entry: AuditEntry = an_audit_entry(firm_id)
    with pytest.raises(Conflict):
        documents.create_many([fresh, first.model_copy(update={"file_name": "other.pdf"})], entry)
    assert documents.get(firm_id, fresh.id) is None
    assert documents.get(firm_id, first.id) == first
    assert entry.id not in backend.audit_ids(firm_id)
    assert [d.id for d in documents.of_client(firm_id, "c1", None, 10).items] == [first.id]


def test_a_save_over_a_stale_version_is_refused(documents: DocumentRepository, firm_id: str) -> None:
    document = a_document(firm_id, matter_id="m1")
    documents.create_many([document], None)
    available = document.model_copy(update={"status": DocumentStatus.AVAILABLE, "size": 10, "version": 2})
    documents.save(available, document)
    assert documents.get(firm_id, document.id) == available
    with pytest.raises(Conflict):
        documents.save(document.model_copy(update={"status": DocumentStatus.REFUSED, "version": 2}), document)
    # The lists show the document as saved.
    assert documents.of_client(firm_id, "c1", None, 10).items == [available]
    assert documents.of_matter(firm_id, "m1", None, 10).items == [available]


def test_lists_are_newest_first_in_pages_and_per_firm(
    documents: DocumentRepository, firm_id: str, other_firm_id: str
) -> None:
    made = [a_document(firm_id, minutes, matter_id="m1") for minutes in range(5)]
    documents.create_many(made, None)
    documents.create_many([a_document(other_firm_id, 9, matter_id="m1")], None)
    first = documents.of_matter(firm_id, "m1", None, 3)
    assert [d.id for d in first.items] == [d.id for d in reversed(made)][:3] and first.next_cursor
    rest = documents.of_matter(firm_id, "m1", first.next_cursor, 3)
    assert [d.id for d in rest.items] == [made[1].id, made[0].id]
    assert documents.of_client(firm_id, "nobody", None, 10).items == []


# --- F18: the review queue ------------------------------------------------------------------------


def checked(document: Document, minutes: int, review: Review | None = Review.NEW) -> Document:
    return document.model_copy(
        update={
            "status": DocumentStatus.AVAILABLE,
            "review": review,
            "checked_at": T0 + timedelta(hours=1, minutes=minutes),
            "version": document.version + 1,
        }
    )


def named(document: Document) -> Document:
    return document.model_copy(update={"client_name": f"Client {document.client_id}", "matter_title": "Despejo"})


def counts(
    documents: DocumentRepository, firm_id: str
) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    queue = documents.review_queue(firm_id, None, 1)
    return [(c.id, c.name, c.count) for c in queue.clients], [(m.id, m.name, m.count) for m in queue.matters]


def waiting(documents: DocumentRepository, firm_id: str) -> list[Document]:
    return documents.review_queue(firm_id, None, 100).items


def test_the_review_queue_holds_what_awaits_review_newest_checked_first_with_counts(
    documents: DocumentRepository, firm_id: str
) -> None:
    made = [named(a_document(firm_id, i, client_id=c, matter_id="m1")) for i, c in enumerate(["c1", "c1", "c2"])]
    documents.create_many(made, None)
    assert waiting(documents, firm_id) == [] and counts(documents, firm_id) == ([], [])
    queued = [checked(d, i) for i, d in enumerate(made)]
    for before, after in zip(made, queued, strict=True):
        documents.save(after, before)
    first = documents.review_queue(firm_id, None, 2)
    assert first.items == [queued[2], queued[1]]
    second = documents.review_queue(firm_id, first.next_cursor, 2)
    assert (second.items, second.next_cursor, second.clients) == ([queued[0]], None, [])  # counts: the first page's
    assert counts(documents, firm_id) == (
        [("c1", "Client c1", 2), ("c2", "Client c2", 1)],
        [("m1", "Despejo", 3)],
    )
    # Judged, a document leaves the queue and its counts; a count back at zero is not listed.
    judged = queued[2].model_copy(update={"review": Review.ACCEPTED, "version": queued[2].version + 1})
    documents.save(judged, queued[2])
    assert counts(documents, firm_id) == ([("c1", "Client c1", 2)], [("m1", "Despejo", 2)])
    assert [d.id for d in waiting(documents, firm_id)] == [queued[1].id, queued[0].id]
    # Saved again while waiting (a description changed): in the queue once, counted once.
    edited = queued[1].model_copy(update={"description": "Frente e verso", "version": queued[1].version + 1})
    documents.save(edited, queued[1])
    assert waiting(documents, firm_id) == [edited, queued[0]]
    assert counts(documents, firm_id)[0] == [("c1", "Client c1", 2)]


def test_a_refused_upload_or_a_staff_document_never_waits_for_review(
    documents: DocumentRepository, firm_id: str
) -> None:
    refused, by_staff = a_document(firm_id), a_document(firm_id, 1, client_id=None, matter_id="m1")
    documents.create_many([refused, by_staff], None)
    documents.save(
        refused.model_copy(update={"status": DocumentStatus.REFUSED, "review": Review.NEW, "version": 2}), refused
    )
    documents.save(checked(by_staff, 0, review=None), by_staff)
    assert waiting(documents, firm_id) == [] and counts(documents, firm_id) == ([], [])


def test_a_document_created_awaiting_review_is_queued_and_counted(documents: DocumentRepository, firm_id: str) -> None:
    document = checked(named(a_document(firm_id, client_id="c9")), 0)  # moved in from elsewhere, already checked
    documents.create_many([document], None)
    assert waiting(documents, firm_id) == [document]
    assert counts(documents, firm_id) == ([("c9", "Client c9", 1)], [])


# --- F19: document requests -----------------------------------------------------------------------


def a_request(firm_id: str, minutes: int = 0, client_id: str = "c1", matter_id: str | None = None) -> DocumentRequest:
    return DocumentRequest(
        id=unique(),
        firm_id=firm_id,
        client_id=client_id,
        client_name="Maria Souza",
        matter_id=matter_id,
        matter_title="Despejo" if matter_id else None,
        title="Comprovante de residência",
        history=[RequestEvent(at=T0, kind=RequestEventKind.REQUESTED, by=RequestParty.FIRM)],
        created_by="s1",
        created_at=T0 + timedelta(minutes=minutes),
    )


def test_requests_are_created_with_their_audit_entry_and_listed_newest_first(
    backend: Backend, documents: DocumentRepository, firm_id: str
) -> None:
    made = [a_request(firm_id, i, matter_id="m1" if i % 2 else None) for i in range(3)]
    entries = [an_audit_entry(firm_id) for _ in made]
    for request, entry in zip(made, entries, strict=True):
        documents.create_request(request, entry)
    assert documents.get_request(firm_id, made[0].id) == made[0]
    assert documents.get_request(firm_id, "norequest") is None
    assert {e.id for e in entries} <= set(backend.audit_ids(firm_id))
    first = documents.requests_of_client(firm_id, "c1", None, 2)
    assert first.items == [made[2], made[1]]
    assert documents.requests_of_client(firm_id, "c1", first.next_cursor, 2).items == [made[0]]
    assert documents.requests_of_matter(firm_id, "m1", None, 10).items == [made[1]]
    assert documents.requests_of_client("otherfirm", "c1", None, 10).items == []
    with pytest.raises(Conflict):
        documents.create_request(made[0], an_audit_entry(firm_id))


def test_a_request_saved_with_new_documents_writes_all_or_nothing(
    backend: Backend, documents: DocumentRepository, firm_id: str
) -> None:
    request = a_request(firm_id, matter_id="m1")
    documents.create_request(request, an_audit_entry(firm_id))
    sent = [a_document(firm_id, i, matter_id="m1").model_copy(update={"request_id": request.id}) for i in (1, 2)]
    answered = request.model_copy(update={"document_ids": [d.id for d in sent], "version": 2})
    documents.save_request(answered, request, None, created=sent)
    assert documents.get_request(firm_id, request.id) == answered
    assert documents.requests_of_matter(firm_id, "m1", None, 10).items == [answered]  # the copies follow
    assert documents.request_detail(firm_id, request.id) == DocumentRequestDetail(
        request=answered, documents=[sent[1], sent[0]]
    )
    assert documents.request_detail(firm_id, "norequest") is None
    # Over a stale version: neither the request, nor the documents, nor the audit entry.
    late, entry = a_document(firm_id, 3), an_audit_entry(firm_id)
    with pytest.raises(Conflict):
        documents.save_request(answered.model_copy(update={"title": "x", "version": 2}), request, entry, created=[late])
    assert documents.get(firm_id, late.id) is None and entry.id not in backend.audit_ids(firm_id)
    assert documents.get_request(firm_id, request.id) == answered


def test_a_request_is_saved_with_the_documents_it_reviews_and_the_queue_follows(
    documents: DocumentRepository, firm_id: str
) -> None:
    request = a_request(firm_id)
    documents.create_request(request, an_audit_entry(firm_id))
    document = named(a_document(firm_id)).model_copy(update={"request_id": request.id})
    documents.create_many([document], None)
    queued = checked(document, 0)
    submitted = request.model_copy(
        update={"status": RequestStatus.SUBMITTED, "document_ids": [document.id], "version": 2}
    )
    documents.save(queued, document, (submitted, request))  # the worker: the file and its request together
    assert documents.get_request(firm_id, request.id) == submitted
    assert [c.count for c in documents.review_queue(firm_id, None, 10).clients] == [1]
    accepted = queued.model_copy(update={"review": Review.ACCEPTED, "version": queued.version + 1})
    done = submitted.model_copy(update={"status": RequestStatus.ACCEPTED, "version": 3})
    with pytest.raises(Conflict):
        documents.save_request(done, request, None, [(accepted, queued)])  # the request read is stale
    assert documents.get(firm_id, document.id) == queued
    documents.save_request(done, submitted, an_audit_entry(firm_id), [(accepted, queued)])
    assert documents.get(firm_id, document.id) == accepted
    assert documents.requests_of_client(firm_id, "c1", None, 10).items == [done]
    assert counts(documents, firm_id) == ([], []) and waiting(documents, firm_id) == []
    assert documents.request_detail(firm_id, request.id) == DocumentRequestDetail(request=done, documents=[accepted])


def test_a_deleted_request_leaves_its_lists_and_its_documents_stay(
    backend: Backend, documents: DocumentRepository, firm_id: str
) -> None:
    request = a_request(firm_id, matter_id="m1")
    documents.create_request(request, an_audit_entry(firm_id))
    document = a_document(firm_id, matter_id="m1").model_copy(update={"request_id": request.id})
    answered = request.model_copy(update={"document_ids": [document.id], "version": 2})
    documents.save_request(answered, request, None, created=[document])
    entry = an_audit_entry(firm_id)
    documents.delete_request(answered, entry)
    assert documents.get_request(firm_id, request.id) is None
    assert documents.request_detail(firm_id, request.id) is None
    assert documents.requests_of_client(firm_id, "c1", None, 10).items == []
    assert documents.requests_of_matter(firm_id, "m1", None, 10).items == []
    assert documents.get(firm_id, document.id) == document and entry.id in backend.audit_ids(firm_id)
