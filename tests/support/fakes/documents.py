"""Documents in memory: the records, the bucket (objects with their versions and tags) and
an inspector that reads a few signatures, enough for the use cases' tests."""

from __future__ import annotations

import builtins
import io
from datetime import datetime
from functools import partial
from typing import BinaryIO

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.common import Page
from chalicelib.domain.documents import (
    Document,
    DocumentRequest,
    DocumentRequestDetail,
    DocumentType,
    Inspection,
    InspectionLimits,
    Refusal,
    ReviewCount,
    ReviewQueue,
    StoredObject,
    UploadForm,
    accept,
    refuse,
)
from chalicelib.domain.errors import NotFound
from chalicelib.domain.ports import DocumentInspector, DocumentRepository, DocumentStorage
from tests.support.fakes.store import Store, Transaction, dump, load, query_page


def list_keys(document: Document) -> list[str]:
    """The lists a document is in, as the DynamoDB adapter keeps them."""
    keys = []
    if document.client_id:
        keys.append(f"{document.firm_id}#CLIENT#{document.client_id}")
    if document.matter_id:
        keys.append(f"{document.firm_id}#MATTER#{document.matter_id}")
    return keys


class InMemoryDocumentRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, firm_id: str, document_id: str) -> Document | None:
        return load(Document, self.store.documents.get((firm_id, document_id)))

    def create_many(self, documents: builtins.list[Document], audit: AuditEntry | None) -> None:
        s = self.store
        tx = Transaction(conflict="This document exists already.")
        for document in documents:
            self._write_new(tx, document)
        s.audit_new(tx, audit)
        tx.commit()

    def _write_new(self, tx: Transaction, document: Document) -> None:
        s, key = self.store, (document.firm_id, document.id)
        entry = f"{document.created_at.isoformat()}#{document.id}"
        tx.require(lambda: key not in s.documents)
        tx.then(lambda: s.documents.__setitem__(key, dump(document)))
        for partition in list_keys(document):
            tx.then(partial(_enter, s.document_lists.setdefault(partition, {}), entry, document.id))

    def save(
        self, document: Document, previous: Document, request: tuple[DocumentRequest, DocumentRequest] | None = None
    ) -> None:
        tx = Transaction()
        if request:
            self._request_over(tx, *request)
        self._write_over(tx, document, previous, request[0] if request else None)
        tx.commit()

    def _write_over(
        self, tx: Transaction, document: Document, previous: Document, request: DocumentRequest | None
    ) -> None:
        s, key = self.store, (document.firm_id, document.id)
        tx.require(lambda: s.version_of(s.documents, key) == previous.version)
        tx.then(lambda: s.documents.__setitem__(key, dump(document)))
        self._beside(tx, document, request)

    def _beside(self, tx: Transaction, document: Document, request: DocumentRequest | None) -> None:
        """The request's copy of one of its files, written only with the request."""
        if request is not None and document.request_id == request.id:
            files = self.store.request_files.setdefault((request.firm_id, request.id), {})
            tx.then(partial(_enter, files, f"{document.created_at.isoformat()}#{document.id}", dump(document)))

    def review_queue(self, firm_id: str, cursor: str | None, limit: int) -> ReviewQueue:
        # Derived from the documents, as the adapter's copies are kept by their transactions.
        raw = [load(Document, doc) for (f, _), doc in self.store.documents.items() if f == firm_id]
        waiting = {f"DOC#{(d.checked_at or d.created_at).isoformat()}#{d.id}": d for d in raw if d and d.awaits_review}
        chosen, next_cursor = query_page({k: k for k in waiting}, "DOC#", cursor, limit, newest_first=True)
        clients: dict[str, ReviewCount] = {}
        matters: dict[str, ReviewCount] = {}
        for d in waiting.values() if cursor is None else []:
            for counts, key, name in ((clients, d.client_id, d.client_name), (matters, d.matter_id, d.matter_title)):
                if key:
                    seen = counts.get(key)
                    counts[key] = ReviewCount(id=key, name=name or "", count=(seen.count if seen else 0) + 1)
        return ReviewQueue(
            clients=_most_first(clients),
            matters=_most_first(matters),
            items=[waiting[k] for k, _ in chosen],
            next_cursor=next_cursor,
        )

    # --- requests -----------------------------------------------------------------------------

    def get_request(self, firm_id: str, request_id: str) -> DocumentRequest | None:
        return load(DocumentRequest, self.store.document_requests.get((firm_id, request_id)))

    def request_detail(self, firm_id: str, request_id: str) -> DocumentRequestDetail | None:
        request = self.get_request(firm_id, request_id)
        if request is None:
            return None
        files = self.store.request_files.get((firm_id, request_id), {})
        documents = [load(Document, files[entry]) for entry in sorted(files, reverse=True)]
        return DocumentRequestDetail(request=request, documents=[d for d in documents if d is not None])

    def create_request(self, request: DocumentRequest, audit: AuditEntry) -> None:
        s, key = self.store, (request.firm_id, request.id)
        tx = Transaction(conflict="This request exists already.")
        tx.require(lambda: key not in s.document_requests)
        tx.then(lambda: s.document_requests.__setitem__(key, dump(request)))
        entry = f"{request.created_at.isoformat()}#{request.id}"
        for partition in _request_lists(request):
            tx.then(partial(_enter, s.request_lists.setdefault(partition, {}), entry, request.id))
        s.audit_new(tx, audit)
        tx.commit()

    def save_request(
        self,
        request: DocumentRequest,
        previous: DocumentRequest,
        audit: AuditEntry | None,
        documents: builtins.list[tuple[Document, Document]] | None = None,
        created: builtins.list[Document] | None = None,
    ) -> None:
        tx = Transaction()
        self._request_over(tx, request, previous)
        for document, before in documents or []:
            self._write_over(tx, document, before, request)
        for document in created or []:
            self._write_new(tx, document)
            self._beside(tx, document, request)
        self.store.audit_new(tx, audit)
        tx.commit()

    def _request_over(self, tx: Transaction, request: DocumentRequest, previous: DocumentRequest) -> None:
        s, key = self.store, (request.firm_id, request.id)
        tx.require(lambda: s.version_of(s.document_requests, key) == previous.version)
        tx.then(lambda: s.document_requests.__setitem__(key, dump(request)))

    def delete_request(self, request: DocumentRequest, audit: AuditEntry) -> None:
        s, key = self.store, (request.firm_id, request.id)
        entry = f"{request.created_at.isoformat()}#{request.id}"
        tx = Transaction()
        tx.require(lambda: key in s.document_requests)
        tx.then(lambda: s.document_requests.pop(key))
        tx.then(lambda: s.request_files.pop(key, None))
        for partition in _request_lists(request):
            tx.then(partial(s.request_lists.setdefault(partition, {}).pop, entry, None))
        s.audit_new(tx, audit)
        tx.commit()

    def requests_of_client(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        return self._requests(firm_id, f"{firm_id}#CLIENT#{client_id}", cursor, limit)

    def requests_of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        return self._requests(firm_id, f"{firm_id}#MATTER#{matter_id}", cursor, limit)

    def _requests(self, firm_id: str, partition: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
        entries = self.store.request_lists.get(partition, {})
        chosen, next_cursor = query_page(entries, "", cursor, limit, newest_first=True)
        found = [self.get_request(firm_id, request_id) for _, request_id in chosen]
        return Page(items=[r for r in found if r is not None], next_cursor=next_cursor)

    def of_client(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[Document]:
        return self._page(firm_id, f"{firm_id}#CLIENT#{client_id}", cursor, limit)

    def of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[Document]:
        return self._page(firm_id, f"{firm_id}#MATTER#{matter_id}", cursor, limit)

    def _page(self, firm_id: str, partition: str, cursor: str | None, limit: int) -> Page[Document]:
        entries = self.store.document_lists.get(partition, {})
        chosen, next_cursor = query_page(entries, "", cursor, limit, newest_first=True)
        found = [self.get(firm_id, document_id) for _, document_id in chosen]
        return Page(items=[d for d in found if d is not None], next_cursor=next_cursor)


def _enter(entries: dict[str, str], entry: str, document_id: str) -> None:
    entries[entry] = document_id


def _request_lists(request: DocumentRequest) -> list[str]:
    lists = [f"{request.firm_id}#CLIENT#{request.client_id}"]
    if request.matter_id:
        lists.append(f"{request.firm_id}#MATTER#{request.matter_id}")
    return lists


def _most_first(counts: dict[str, ReviewCount]) -> list[ReviewCount]:
    return sorted(counts.values(), key=lambda c: (-c.count, c.name, c.id))


class FakeDocumentStorage:
    """The bucket: every version of every key, newest last, and each key's tags."""

    def __init__(self) -> None:
        self.versions: dict[str, list[bytes]] = {}
        self.types: dict[str, str] = {}
        self.tags: dict[str, dict[str, str]] = {}
        self.forms: list[tuple[str, str, int, datetime]] = []
        self.links: list[tuple[str, str, str, datetime]] = []

    def upload_form(self, key: str, content_type: str, max_bytes: int, expires_at: datetime) -> UploadForm:
        self.forms.append((key, content_type, max_bytes, expires_at))
        return UploadForm(
            url="https://documents.test/", fields={"key": key, "Content-Type": content_type}, expires_at=expires_at
        )

    def download_link(self, key: str, file_name: str, content_type: str, expires_at: datetime) -> str:
        self.links.append((key, file_name, content_type, expires_at))
        return f"https://documents.test/{key}?download"

    def post(self, key: str, content: bytes, content_type: str = "application/pdf") -> None:
        """What the browser does with the form."""
        self.versions.setdefault(key, []).append(content)
        self.types[key] = content_type

    def stat(self, key: str) -> StoredObject | None:
        if not self.versions.get(key):
            return None
        return StoredObject(
            key=key, size=len(self.versions[key][-1]), content_type=self.types.get(key), tags=self.tags.get(key, {})
        )

    def open(self, key: str) -> BinaryIO:
        if not self.versions.get(key):
            raise NotFound("No such object.")
        return io.BytesIO(self.versions[key][-1])

    def replace(self, key: str, content: BinaryIO, content_type: str) -> None:
        self.versions[key] = [content.read()]
        self.types[key] = content_type

    def delete(self, key: str) -> None:
        self.versions.pop(key, None)
        self.types.pop(key, None)

    def content(self, key: str) -> bytes | None:
        found = self.versions.get(key)
        return found[-1] if found else None


class FakeInspector:
    """PDFs (refused when they hold /JavaScript), JPEGs (whose "EXIF" part is stripped) and
    anything else refused as a disguise: the real inspector is tested on real files."""

    def inspect(
        self, stream: BinaryIO, size: int, declared_type: str, file_name: str, limits: InspectionLimits
    ) -> Inspection:
        data = stream.read()
        if not data:
            return refuse(Refusal.EMPTY, 0)
        if size > limits.max_bytes:
            return refuse(Refusal.TOO_BIG, size)
        if data.startswith(b"%PDF"):
            if b"/JavaScript" in data:
                return refuse(Refusal.PDF_ACTIVE_CONTENT, size, DocumentType.PDF)
            return accept(DocumentType.PDF, size)
        if data.startswith(b"\xff\xd8\xff"):
            return accept(DocumentType.JPEG, size)
        return refuse(Refusal.DISGUISED, size)

    def strip_metadata(self, stream: BinaryIO, document_type: DocumentType) -> BinaryIO | None:
        if document_type is not DocumentType.JPEG:
            return None
        return io.BytesIO(stream.read().replace(b"EXIF-GPS", b""))


# The ports these fakes implement (chalicelib.domain.ports): mypy reports any drift here.
_document_repository: type[DocumentRepository] = InMemoryDocumentRepository
_document_storage: type[DocumentStorage] = FakeDocumentStorage
_document_inspector: type[DocumentInspector] = FakeInspector
