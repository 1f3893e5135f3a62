"""DocumentRepository: documents created together or not at all, saved over the version
read, and listed per client and per matter, newest first, in pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.documents import Document, DocumentStatus, Uploader, document_key
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
