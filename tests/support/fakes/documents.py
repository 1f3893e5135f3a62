"""Documents in memory: the records, the bucket (objects with their versions and tags) and
an inspector that reads a few signatures, enough for the use cases' tests."""

from __future__ import annotations

import builtins
import io
import re
from datetime import datetime
from functools import partial
from typing import BinaryIO
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from chalicelib.adapters.storage import content_disposition, seconds_until
from chalicelib.domain import documents as rules
from chalicelib.domain import ports
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
    refuse,
)
from chalicelib.domain.errors import NotFound
from chalicelib.domain.feed import FeedEntry, document_entry_id, document_shown, request_entry_id
from chalicelib.domain.ports import DocumentInspector, DocumentRepository, DocumentStorage
from tests.support.fakes.feed import readers, write_entries
from tests.support.fakes.store import Store, Transaction, dump, load, query_page


def list_keys(document: Document) -> list[str]:
    """The lists a document is in, as the DynamoDB adapter keeps them."""
    keys = []
    if document.client_id:
        keys.append(f"{document.firm_id}#CLIENT#{document.client_id}")
    if document.matter_id:
        keys.append(f"{document.firm_id}#MATTER#{document.matter_id}")
    if document.consultation_id:
        keys.append(f"{document.firm_id}#CONSULTATION#{document.consultation_id}")
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
        tx.then(lambda: self._feeds_of_document(document, previous))
        self._beside(tx, document, request)

    def _feeds_of_document(self, document: Document, previous: Document) -> None:
        """The feeds of the matter's clients: its entry while published and available, gone after."""
        shown, was = document_shown(document), document_shown(previous)
        if document.matter_id is None or not (shown or was):
            return
        clients, title = readers(self.store, document.firm_id, document.matter_id)
        changes: builtins.list[tuple[str, str, FeedEntry | None]] = []
        if not shown:
            changes = [(c, document_entry_id(previous), None) for c in clients]
        else:
            entry = FeedEntry.of_document(document, title)
            if was and document_entry_id(previous) != entry.id:
                changes = [(c, document_entry_id(previous), None) for c in clients]
            changes += [(c, entry.id, entry) for c in clients]
        write_entries(self.store, document.firm_id, changes)

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
        tx.then(lambda: self._feed_of_request(request, FeedEntry.of_request(request)))
        s.audit_new(tx, audit)
        tx.commit()

    def _feed_of_request(self, request: DocumentRequest, entry: FeedEntry | None) -> None:
        """Her feed's entry of the request: as it is now, or gone once deleted."""
        write_entries(self.store, request.firm_id, [(request.client_id, request_entry_id(request), entry)])

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
        tx.then(lambda: self._feed_of_request(request, FeedEntry.of_request(request)))

    def delete_request(self, request: DocumentRequest, audit: AuditEntry) -> None:
        s, key = self.store, (request.firm_id, request.id)
        entry = f"{request.created_at.isoformat()}#{request.id}"
        tx = Transaction()
        tx.require(lambda: key in s.document_requests)
        tx.then(lambda: s.document_requests.pop(key))
        tx.then(lambda: s.request_files.pop(key, None))
        for partition in _request_lists(request):
            tx.then(partial(s.request_lists.setdefault(partition, {}).pop, entry, None))
        tx.then(lambda: self._feed_of_request(request, None))
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

    def of_consultation(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[Document]:
        return self._page(firm_id, f"{firm_id}#CONSULTATION#{consultation_id}", cursor, limit)

    def create_into(self, tx: Transaction, documents: builtins.list[Document]) -> None:
        """Like DynamoDocumentRepository.create_operations: new documents of no client and no matter."""
        assert all(d.client_id is None and d.matter_id is None for d in documents)
        for document in documents:
            self._write_new(tx, document)

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
    """The bucket: every version of every key, newest last, and each key's tags. Forms and links
    are held to S3's limits (five minutes, one minute, at the system's clock), and a link can be
    followed (`follow`) as a browser would. A version's tags go with it: replace and delete leave
    none (a tag set before a `post`, as a unit test may, stays: S3 would tag after the upload)."""

    def __init__(self, clock: ports.Clock) -> None:
        self.clock = clock
        self.versions: dict[str, list[bytes]] = {}
        self.types: dict[str, str] = {}
        self.tags: dict[str, dict[str, str]] = {}
        self.forms: list[tuple[str, str, int, datetime]] = []
        self.links: list[tuple[str, str, str, datetime]] = []

    def upload_form(self, key: str, content_type: str, max_bytes: int, expires_at: datetime) -> UploadForm:
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        seconds_until(expires_at, rules.UPLOAD_FORM_SECONDS, now=self.clock.now())
        self.forms.append((key, content_type, max_bytes, expires_at))
        return UploadForm(
            url="https://documents.test/", fields={"key": key, "Content-Type": content_type}, expires_at=expires_at
        )

    def download_link(self, key: str, file_name: str, content_type: str, expires_at: datetime) -> str:
        seconds_until(expires_at, rules.DOWNLOAD_LINK_SECONDS, now=self.clock.now())
        self.links.append((key, file_name, content_type, expires_at))
        query = urlencode({"file_name": file_name, "content_type": content_type, "expires": expires_at.isoformat()})
        return f"https://documents.test/{quote(key)}?{query}"

    def follow(self, url: str) -> tuple[dict[str, str], bytes]:
        """What a browser gets for a download link before it expires: the bytes, and the
        headers S3 would answer them with (names in lower case)."""
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        if datetime.fromisoformat(query["expires"]) <= self.clock.now():
            raise PermissionError("The link has expired.")
        with self.open(unquote(parts.path.removeprefix("/"))) as stream:
            content = stream.read()
        headers = {
            "content-disposition": content_disposition(query["file_name"]),
            "content-type": query["content_type"],
        }
        return headers, content

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
        self.tags.pop(key, None)  # the old versions' tags went with them

    def delete(self, key: str) -> None:
        self.versions.pop(key, None)
        self.types.pop(key, None)
        self.tags.pop(key, None)

    def content(self, key: str) -> bytes | None:
        found = self.versions.get(key)
        return found[-1] if found else None


class FakeInspector:
    """Signatures, not structure. PDF (%PDF; active content is an action, script or attached
    file named anywhere in its bytes; without a trailer or startxref it is damaged), JPEG, PNG,
    executables, and plain text by the domain's TextScan; anything else is Found.OTHER. The
    verdict is the domain's (documents.judge), as the real inspector's is. Stripping drops a
    JPEG's APP1/APP13/COM segments and a PNG's text, eXIf and tIME chunks (and the marker
    b"EXIF-GPS" that unit tests put in toy photos); it does not decode pixels, so it cannot
    apply an orientation. HEIC, office packages, bombs and damaged pictures are the real
    inspector's, tested on real files (tests/contract/test_document_inspector.py says which)."""

    _ACTIVE_PDF = re.compile(
        rb"/(?:JavaScript|JS|AA|Launch|EmbeddedFiles?|EF|RichMedia|XFA|GoToE|ImportData|FileAttachment)(?![A-Za-z0-9])"
    )
    _EXECUTABLE = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
    _PNG = b"\x89PNG\r\n\x1a\n"

    def inspect(
        self, stream: BinaryIO, size: int, declared_type: str, file_name: str, limits: InspectionLimits
    ) -> Inspection:
        refusal = rules.check_size(size, limits)
        if refusal:
            return refuse(refusal, size)
        data = _read_at_most(stream, limits.max_bytes + 1)
        refusal = rules.check_size(len(data), limits)
        if refusal:
            return refuse(refusal, len(data))
        verdict = rules.judge(self._kind(data), file_name, declared_type, len(data))
        if verdict.detected_type is DocumentType.PDF and verdict.accepted:
            if self._ACTIVE_PDF.search(data):
                return refuse(Refusal.PDF_ACTIVE_CONTENT, len(data), DocumentType.PDF)
            if b"trailer" not in data and b"startxref" not in data:
                return refuse(Refusal.UNREADABLE, len(data), DocumentType.PDF)
        return verdict

    def _kind(self, data: bytes) -> DocumentType | rules.Found:
        if data.startswith(b"%PDF"):
            return DocumentType.PDF
        if data.startswith(b"\xff\xd8\xff"):
            return DocumentType.JPEG
        if data.startswith(self._PNG):
            return DocumentType.PNG
        if data.startswith(self._EXECUTABLE):
            return rules.Found.EXECUTABLE
        scan = rules.scan_text(data)
        return DocumentType.TXT if scan.verdict is rules.TextVerdict.TEXT else scan.found or rules.Found.OTHER

    def strip_metadata(self, stream: BinaryIO, document_type: DocumentType) -> BinaryIO | None:
        if document_type is DocumentType.JPEG:
            return io.BytesIO(_without_jpeg_metadata(stream.read()).replace(b"EXIF-GPS", b""))
        if document_type is DocumentType.PNG:
            return io.BytesIO(_without_png_metadata(stream.read()))
        return None


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes, however few each read of the stream returns."""
    data = bytearray()
    while len(data) < limit:
        chunk = stream.read(limit - len(data))
        if not chunk:
            break
        data += chunk
    return bytes(data)


# JPEG segments that carry metadata: APP1 (EXIF, XMP), APP13 (IPTC), COM.
_JPEG_METADATA = frozenset({0xE1, 0xED, 0xFE})
# PNG chunks that carry metadata.
_PNG_METADATA = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})


def _without_jpeg_metadata(data: bytes) -> bytes:
    """The segments before the scan without the metadata ones; bytes that are not a run of
    segments are left as they are from there on."""
    out, at = bytearray(data[:2]), 2
    while at + 4 <= len(data) and data[at] == 0xFF and data[at + 1] != 0xDA:
        end = at + 2 + int.from_bytes(data[at + 2 : at + 4], "big")
        if end > len(data):
            break
        if data[at + 1] not in _JPEG_METADATA:
            out += data[at:end]
        at = end
    return bytes(out + data[at:])


def _without_png_metadata(data: bytes) -> bytes:
    out, at = bytearray(data[:8]), 8
    while at + 12 <= len(data):
        end = at + 12 + int.from_bytes(data[at : at + 4], "big")
        if data[at + 4 : at + 8] not in _PNG_METADATA:
            out += data[at:end]
        at = end
    return bytes(out + data[at:])


# The ports these fakes implement (chalicelib.domain.ports): mypy reports any drift here.
_document_repository: type[DocumentRepository] = InMemoryDocumentRepository
_document_storage: type[DocumentStorage] = FakeDocumentStorage
_document_inspector: type[DocumentInspector] = FakeInspector
