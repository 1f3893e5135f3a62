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
    DocumentType,
    Inspection,
    InspectionLimits,
    Refusal,
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

    def save(self, document: Document, previous: Document) -> None:
        s = self.store
        key = (document.firm_id, document.id)
        (
            Transaction()
            .require(lambda: s.version_of(s.documents, key) == previous.version)
            .then(lambda: s.documents.__setitem__(key, dump(document)))
            .commit()
        )

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
