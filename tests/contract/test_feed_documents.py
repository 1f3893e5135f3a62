"""The feeds the documents repository keeps with what it writes (A6): a matter's document
published to its clients is an entry of each of their feeds until it is hidden or refused;
a document request is an entry of its client's feed, following its edits, gone once deleted.
Both backends: the fake through write_entries, DynamoDB through FeedWrites."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.accesses import VisibilityProfile
from chalicelib.domain.clients import Client
from chalicelib.domain.documents import (
    Document,
    DocumentRequest,
    DocumentStatus,
    Refusal,
    RequestEvent,
    RequestEventKind,
    RequestParty,
    RequestStatus,
    Uploader,
    document_key,
)
from chalicelib.domain.feed import FeedKind, document_entry_id, request_entry_id
from chalicelib.domain.matters import Matter
from tests.contract.builders import a_client, a_matter, an_audit_entry, unique
from tests.contract.conftest import Backend
from tests.contract.test_feed_repository import ids, published, read, unread

T0 = datetime(2026, 9, 1, 12, tzinfo=UTC)


@pytest.fixture
def maria(firm_id: str) -> Client:
    return a_client(firm_id, "Maria Souza")


@pytest.fixture
def joao(firm_id: str) -> Client:
    return a_client(firm_id, "João Pereira")


@pytest.fixture
def matter(backend: Backend, firm_id: str, maria: Client, joao: Client) -> Matter:
    matter = a_matter(firm_id, clients=[maria, joao], title="Locação")
    backend.matters.create(matter, None)
    return published(backend, matter, [maria, joao])


def a_matter_document(matter: Matter, minutes: int = 0) -> Document:
    """A staff member's document of the matter, checked and available, not published yet."""
    document_id = unique()
    created = T0 + timedelta(minutes=minutes)
    return Document(
        id=document_id,
        firm_id=matter.firm_id,
        matter_id=matter.id,
        file_name="Sentença.pdf",
        description="A decisão do juiz",
        declared_type="application/pdf",
        key=document_key(matter.firm_id, document_id),
        status=DocumentStatus.AVAILABLE,
        size=2048,
        uploaded_by="s1",
        uploader=Uploader.STAFF,
        created_at=created,
        checked_at=created,
    )


def add_document(backend: Backend, matter: Matter, minutes: int = 0) -> Document:
    document = a_matter_document(matter, minutes)
    backend.documents.create_many([document], None)
    return document


def changed(backend: Backend, document: Document, **changes: object) -> Document:
    """The document saved with these changes, as the service saves it."""
    after = document.model_copy(update={**changes, "version": document.version + 1})
    backend.documents.save(after, document)
    return after


def publish(backend: Backend, document: Document, minutes: int) -> Document:
    return changed(backend, document, published=True, published_at=T0 + timedelta(minutes=minutes))


def a_request(client: Client, minutes: int = 0, matter: Matter | None = None) -> DocumentRequest:
    return DocumentRequest(
        id=unique(),
        firm_id=client.firm_id,
        client_id=client.id,
        client_name=client.name,
        matter_id=matter.id if matter else None,
        matter_title=matter.title if matter else None,
        title="Comprovante de residência",
        details="Uma conta de luz recente",
        history=[RequestEvent(at=T0, kind=RequestEventKind.REQUESTED, by=RequestParty.FIRM)],
        created_by="s1",
        created_at=T0 + timedelta(minutes=minutes),
    )


def create_request(backend: Backend, client: Client, minutes: int = 0, matter: Matter | None = None) -> DocumentRequest:
    request = a_request(client, minutes, matter)
    backend.documents.create_request(request, an_audit_entry(client.firm_id))
    return request


def test_a_published_document_reaches_every_client_of_its_matter_and_counts_as_unread(
    backend: Backend, matter: Matter, maria: Client, joao: Client
) -> None:
    document = add_document(backend, matter)
    assert ids(read(backend, maria)) == []  # not published yet: nobody's feed

    shown = publish(backend, document, minutes=30)
    for client in (maria, joao):
        feed = read(backend, client)
        assert ids(feed) == [document_entry_id(shown)]
        entry = feed.entries[0].entry
        assert entry.id.startswith("20260901123000")  # sorts by the moment it was published
        assert entry.kind is FeedKind.DOCUMENT and entry.matter_id == matter.id and entry.matter_title == "Locação"
        assert entry.document is not None
        assert (entry.document.id, entry.document.file_name, entry.document.size) == (document.id, "Sentença.pdf", 2048)
        assert entry.occurred_at == T0 + timedelta(minutes=30)
        assert unread(feed.summary) == {matter.id: {"document": 1}}


def test_a_document_saved_again_while_published_keeps_its_entry_and_its_read(
    backend: Backend, matter: Matter, maria: Client
) -> None:
    shown = publish(backend, add_document(backend, matter), minutes=1)
    entry_id = document_entry_id(shown)
    assert backend.feed.mark_read(maria.firm_id, maria.id, entry_id, T0) is True

    changed(backend, shown, description="A sentença, corrigida")
    feed = read(backend, maria)
    assert ids(feed) == [entry_id]
    assert feed.entries[0].read_at == T0
    assert feed.entries[0].entry.document is not None
    assert feed.entries[0].entry.document.description == "A sentença, corrigida"
    assert unread(feed.summary) == {}


def test_a_hidden_or_refused_document_leaves_every_feed_and_its_count(
    backend: Backend, matter: Matter, maria: Client, joao: Client
) -> None:
    hidden = publish(backend, add_document(backend, matter, 0), minutes=1)
    infected = publish(backend, add_document(backend, matter, 1), minutes=2)
    kept = publish(backend, add_document(backend, matter, 2), minutes=3)
    backend.feed.mark_read(maria.firm_id, maria.id, document_entry_id(hidden), T0)

    changed(backend, hidden, published=False, published_at=None)
    changed(backend, infected, status=DocumentStatus.REFUSED, refusal=Refusal.MALWARE)

    assert ids(read(backend, maria)) == [document_entry_id(kept)]
    assert unread(read(backend, maria).summary) == {matter.id: {"document": 1}}
    assert unread(read(backend, joao).summary) == {matter.id: {"document": 1}}


def test_a_document_of_a_matter_not_published_to_her_is_in_no_feed(
    backend: Backend, matter: Matter, maria: Client, joao: Client
) -> None:
    published(backend, matter, [joao])  # withdrawn from maria
    shown = publish(backend, add_document(backend, matter), minutes=1)
    assert ids(read(backend, maria)) == []
    assert ids(read(backend, joao)) == [document_entry_id(shown)]


def test_a_request_is_an_entry_of_its_clients_feed_only(backend: Backend, maria: Client, joao: Client) -> None:
    request = create_request(backend, maria, minutes=5)
    feed = read(backend, maria)
    assert ids(feed) == [request_entry_id(request)]
    entry = feed.entries[0].entry
    assert entry.id.startswith("20260901120500")
    assert entry.kind is FeedKind.DOCUMENT_REQUEST and entry.matter_id is None
    assert entry.request is not None
    assert (entry.request.id, entry.request.title, entry.request.status) == (
        request.id,
        "Comprovante de residência",
        RequestStatus.PENDING,
    )
    assert unread(feed.summary) == {"-": {"document_request": 1}}
    assert ids(read(backend, joao)) == []


def test_a_request_on_a_matter_is_counted_under_its_matter(backend: Backend, matter: Matter, maria: Client) -> None:
    request = create_request(backend, maria, matter=matter)
    feed = read(backend, maria)
    assert ids(feed) == [request_entry_id(request)]
    assert feed.entries[0].entry.matter_id == matter.id
    assert unread(feed.summary) == {matter.id: {"document_request": 1}}


def test_an_edited_request_is_followed_and_a_deleted_one_withdrawn(
    backend: Backend, maria: Client, matter: Matter
) -> None:
    request = create_request(backend, maria, minutes=1)
    other = create_request(backend, maria, minutes=2, matter=matter)
    edited = request.model_copy(
        update={"title": "Conta de luz", "status": RequestStatus.SUBMITTED, "version": request.version + 1}
    )
    backend.documents.save_request(edited, request, an_audit_entry(maria.firm_id))

    feed = read(backend, maria)
    assert ids(feed) == [request_entry_id(other), request_entry_id(request)]
    shown = feed.entries[1].entry.request
    assert shown is not None and (shown.title, shown.status) == ("Conta de luz", RequestStatus.SUBMITTED)
    assert unread(feed.summary) == {"-": {"document_request": 1}, matter.id: {"document_request": 1}}

    backend.documents.delete_request(other, an_audit_entry(maria.firm_id))
    feed = read(backend, maria)
    assert ids(feed) == [request_entry_id(request)]
    assert unread(feed.summary) == {"-": {"document_request": 1}}


def test_documents_requests_and_updates_share_her_feed_newest_first(
    backend: Backend, matter: Matter, maria: Client
) -> None:
    request = create_request(backend, maria, minutes=10)
    shown = publish(backend, add_document(backend, matter), minutes=20)
    assert ids(read(backend, maria)) == [document_entry_id(shown), request_entry_id(request)]
    assert backend.feed.mark_all_read(maria.firm_id, maria.id, T0) == 2
    assert unread(read(backend, maria).summary) == {}


def test_a_matter_published_to_her_again_counts_its_documents_from_zero(
    backend: Backend, matter: Matter, maria: Client, joao: Client
) -> None:
    publish(backend, add_document(backend, matter), minutes=1)
    withdrawn = published(backend, matter, [joao])
    assert unread(read(backend, maria).summary) == {}
    published(backend, withdrawn, [maria, joao])
    feed = read(backend, maria)
    assert unread(feed.summary) == {}
    assert [s for s in feed.entries if feed.summary.shows(s, VisibilityProfile())] == []
