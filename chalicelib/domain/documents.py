"""Issue 9: what a client may upload. The allow-list of document types, why an upload is
refused, the limits an inspection holds it to, and the pure rules that decide from what
the bytes are and what the name and the declared type claim.

The bytes are read elsewhere (the DocumentInspector port): here are only the verdicts."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from .common import DomainModel, Id, MultiLine, SingleLine, Version
from .errors import InvalidInput

MB = 1024 * 1024


class DocumentType(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    HEIC = "heic"
    DOCX = "docx"
    XLSX = "xlsx"
    ODT = "odt"
    TXT = "txt"


@dataclass(frozen=True)
class TypeSpec:
    mime: str
    # The first is the one a stored copy is named with.
    extensions: tuple[str, ...]
    # Other MIME types browsers and phones declare for it.
    aliases: tuple[str, ...] = ()
    image: bool = False


ALLOWED: dict[DocumentType, TypeSpec] = {
    DocumentType.PDF: TypeSpec("application/pdf", (".pdf",), ("application/x-pdf",)),
    DocumentType.JPEG: TypeSpec("image/jpeg", (".jpg", ".jpeg", ".jpe", ".jfif"), ("image/pjpeg",), image=True),
    DocumentType.PNG: TypeSpec("image/png", (".png",), ("image/x-png",), image=True),
    DocumentType.HEIC: TypeSpec(
        "image/heic", (".heic", ".heif"), ("image/heif", "image/heic-sequence", "image/heif-sequence"), image=True
    ),
    DocumentType.DOCX: TypeSpec("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    DocumentType.XLSX: TypeSpec("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    DocumentType.ODT: TypeSpec("application/vnd.oasis.opendocument.text", (".odt",)),
    DocumentType.TXT: TypeSpec("text/plain", (".txt", ".text")),
}

# What a name or a declared type may say that is none of the allowed types, but says
# something: a claim that the bytes must then match (an executable named .exe holding a
# PDF is as suspicious as the other way round). Any other extension says nothing.
FOREIGN_EXTENSIONS = frozenset(
    ".exe .dll .com .scr .msi .bat .cmd .ps1 .vbs .js .jse .wsf .hta .sh .bash .py .pl .php .jar .apk .app "
    ".html .htm .xhtml .svg .svgz .xml .zip .rar .7z .gz .tar .iso .dmg .lnk .docm .xlsm .dotm .xltm .pptm "
    ".doc .xls .ppt .pptx .ods .odp .rtf .gif .webp .avif .bmp .tif .tiff".split()
)
# Declared types that say nothing about the content (a browser that does not know).
VAGUE_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})


class Refusal(StrEnum):
    EMPTY = "empty"
    TOO_BIG = "too_big"
    TYPE_NOT_ALLOWED = "type_not_allowed"
    DISGUISED = "disguised"
    PDF_ACTIVE_CONTENT = "pdf_active_content"
    MACROS = "macros"
    DECOMPRESSION_BOMB = "decompression_bomb"
    MALWARE = "malware"
    UNREADABLE = "unreadable"

    @property
    def message(self) -> str:
        return REFUSAL_MESSAGES[self]


REFUSAL_MESSAGES: dict[Refusal, str] = {
    Refusal.EMPTY: "The file is empty.",
    Refusal.TOO_BIG: "The file is larger than your law firm accepts.",
    Refusal.TYPE_NOT_ALLOWED: (
        "This type of file is not accepted. Send a PDF, a photo (JPEG, PNG or HEIC), "
        "a Word (DOCX), Excel (XLSX) or OpenDocument (ODT) document, or plain text."
    ),
    Refusal.DISGUISED: "The file's contents do not match its name or type.",
    Refusal.PDF_ACTIVE_CONTENT: (
        "The PDF contains scripts, actions or attached files, which are not accepted. "
        "Print it to a new PDF and send that one."
    ),
    Refusal.MACROS: "The document contains macros, which are not accepted. Save it without macros and send it again.",
    Refusal.DECOMPRESSION_BOMB: "The file expands to far more than its size when opened, and is not accepted.",
    Refusal.MALWARE: "The file was flagged by the virus scan and is not accepted.",
    Refusal.UNREADABLE: "The file is damaged or could not be read.",
}


class Found(StrEnum):
    """What the bytes are when they are none of the allowed types."""

    EXECUTABLE = "executable"
    HTML = "html"
    SVG = "svg"
    XML = "xml"
    SCRIPT = "script"
    ARCHIVE = "archive"
    OTHER = "other"


ABSOLUTE_MAX_BYTES = 100 * MB


@dataclass(frozen=True)
class InspectionLimits:
    """What an upload is held to. `max_bytes` is the firm's setting (25 MB unless it chose
    otherwise, never above 100 MB)."""

    max_bytes: int = 25 * MB
    max_pixels: int = 50_000_000
    max_zip_ratio: int = 100
    max_unpacked_bytes: int = 200 * MB

    def __post_init__(self) -> None:
        if not 0 < self.max_bytes <= ABSOLUTE_MAX_BYTES:
            raise InvalidInput.field("max_bytes", f"The size limit must be between 1 byte and {ABSOLUTE_MAX_BYTES}.")
        if self.max_pixels <= 0 or self.max_zip_ratio <= 0 or self.max_unpacked_bytes <= 0:
            raise InvalidInput("Inspection limits must be positive.")

    @classmethod
    def for_firm(cls, max_megabytes: int | None) -> InspectionLimits:
        return cls() if max_megabytes is None else cls(max_bytes=max_megabytes * MB)


class Inspection(DomainModel):
    accepted: bool
    detected_type: DocumentType | None = None
    mime: str | None = None
    # What the bytes turned out to be when no allowed type (logs, support).
    found: Found | None = None
    reason: Refusal | None = None
    size: int
    metadata_stripped: bool = False

    @property
    def message(self) -> str | None:
        return self.reason.message if self.reason else None

    def with_metadata_stripped(self) -> Inspection:
        return self.model_copy(update={"metadata_stripped": True})


def accept(document_type: DocumentType, size: int) -> Inspection:
    return Inspection(accepted=True, detected_type=document_type, mime=ALLOWED[document_type].mime, size=size)


def refuse(
    reason: Refusal, size: int, detected_type: DocumentType | None = None, found: Found | None = None
) -> Inspection:
    mime = ALLOWED[detected_type].mime if detected_type else None
    return Inspection(accepted=False, reason=reason, size=size, detected_type=detected_type, mime=mime, found=found)


def check_size(size: int, limits: InspectionLimits) -> Refusal | None:
    if size <= 0:
        return Refusal.EMPTY
    if size > limits.max_bytes:
        return Refusal.TOO_BIG
    return None


# --- what the name and the declared type claim ------------------------------------------------

Claim = DocumentType | Found


def extension(file_name: str) -> str:
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def claimed_by_name(file_name: str) -> Claim | None:
    ext = extension(file_name)
    for document_type, spec in ALLOWED.items():
        if ext in spec.extensions:
            return document_type
    return Found.OTHER if ext in FOREIGN_EXTENSIONS else None


def claimed_by_type(declared_type: str) -> Claim | None:
    mime = declared_type.split(";", 1)[0].strip().lower()
    if mime in VAGUE_TYPES:
        return None
    for document_type, spec in ALLOWED.items():
        if mime == spec.mime or mime in spec.aliases:
            return document_type
    return Found.OTHER


def _compatible(found: DocumentType, claim: Claim) -> bool:
    if claim == found:
        return True
    # A photo named .jpg that is a HEIC or a PNG (phones and messaging apps do this): same kind, no harm.
    return isinstance(claim, DocumentType) and ALLOWED[claim].image and ALLOWED[found].image


def judge(found: Claim, file_name: str, declared_type: str, size: int) -> Inspection:
    """The verdict on what the bytes are, against what the name and the declared type say.
    Bytes of an allowed type are accepted when every claim agrees (or claims nothing);
    bytes of any other kind are disguised when something claims an allowed type."""
    claims = [c for c in (claimed_by_name(file_name), claimed_by_type(declared_type)) if c is not None]
    if isinstance(found, Found):
        if any(isinstance(claim, DocumentType) for claim in claims):
            return refuse(Refusal.DISGUISED, size, found=found)
        return refuse(Refusal.TYPE_NOT_ALLOWED, size, found=found)
    if all(_compatible(found, claim) for claim in claims):
        return accept(found, size)
    return refuse(Refusal.DISGUISED, size, detected_type=found)


# --- the rules on what was measured -------------------------------------------------------------


def too_many_pixels(width: int, height: int, limits: InspectionLimits) -> bool:
    return width * height > limits.max_pixels


def zip_bomb(packed_bytes: int, unpacked_bytes: int, limits: InspectionLimits) -> bool:
    """An archive that unpacks to more than the limit, or more than `max_zip_ratio` times its size."""
    return unpacked_bytes > limits.max_unpacked_bytes or unpacked_bytes > limits.max_zip_ratio * max(packed_bytes, 1)


# ISO media files (HEIF, AVIF, MP4, QuickTime) open with an `ftyp` box naming brands.
HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
HEIF_BRANDS = frozenset({b"mif1", b"msf1"})
AVIF_BRANDS = frozenset({b"avif", b"avis"})


def heif_type(head: bytes) -> DocumentType | None:
    """HEIC when the `ftyp` box names an HEVC image brand, or the plain HEIF brands without
    AVIF's (an AVIF is also `mif1`); None for any other ISO media file."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    box_size = int.from_bytes(head[0:4], "big")
    end = min(max(box_size, 16), len(head))
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    if brands & AVIF_BRANDS:
        return None
    if brands & HEIC_BRANDS or head[8:12] in HEIF_BRANDS:
        return DocumentType.HEIC
    return None


# Office content types (the main part in [Content_Types].xml) and the ODF mimetype member.
OFFICE_MAIN_TYPES: dict[str, DocumentType] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DocumentType.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": DocumentType.XLSX,
}
MACRO_MAIN_TYPES = frozenset(
    {
        "application/vnd.ms-word.document.macroenabled.main+xml",
        "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
        "application/vnd.ms-excel.sheet.macroenabled.main+xml",
        "application/vnd.ms-excel.template.macroenabled.main+xml",
        "application/vnd.ms-excel.addin.macroenabled.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml",
    }
)
ODF_MIMETYPE = ALLOWED[DocumentType.ODT].mime


def office_type(content_types: list[str]) -> DocumentType | Refusal | None:
    """From the content types an OOXML package declares: DOCX, XLSX, MACROS when it is a
    macro-enabled one (or declares a VBA project), None for any other package."""
    lowered = [c.strip().lower() for c in content_types]
    if any(c in MACRO_MAIN_TYPES or c == "application/vnd.ms-office.vbaproject" for c in lowered):
        return Refusal.MACROS
    for content_type in lowered:
        if content_type in OFFICE_MAIN_TYPES:
            return OFFICE_MAIN_TYPES[content_type]
    return None


def has_macro_member(member_names: list[str]) -> bool:
    """VBA projects in OOXML, Basic and scripts in ODF."""
    for name in member_names:
        lowered = name.lower()
        if lowered.endswith("vbaproject.bin") or lowered.startswith(("basic/", "scripts/")):
            return True
    return False


# --- plain text -----------------------------------------------------------------------------------

# Markup and scripts a browser or a shell would run; plain text never opens with them and
# a client's letter does not hold them.
_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>]|<iframe[\s>]|<svg[\s>]|<\?xml|<\?php|"
    rb"<object[\s>]|<embed[\s>]|javascript:|\bon(?:load|error|click)\s*=",
    re.IGNORECASE,
)
_LONGEST_MARKER = 16
# C0 controls other than tab, line feed, form feed and carriage return (and DEL): binary.
_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class TextVerdict(StrEnum):
    TEXT = "text"
    NOT_TEXT = "not_text"
    MARKUP = "markup"
    SCRIPT = "script"


class TextScan:
    """Decides, chunk by chunk, whether bytes are plain UTF-8 text: valid UTF-8, no NUL or
    other binary control, no shebang, no HTML, SVG or script markers."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        self._tail = b""
        self._start = True
        self.verdict = TextVerdict.TEXT
        self.found: Found | None = None

    def feed(self, chunk: bytes, final: bool = False) -> TextVerdict:
        if self.verdict is not TextVerdict.TEXT:
            return self.verdict
        if self._start:
            head = chunk.removeprefix(codecs.BOM_UTF8).lstrip()
            if head.startswith(b"#!"):
                return self._stop(TextVerdict.SCRIPT, Found.SCRIPT)
            self._start = False
        try:
            self._decoder.decode(chunk, final)
        except UnicodeDecodeError:
            return self._stop(TextVerdict.NOT_TEXT, Found.OTHER)
        if _CONTROLS.search(chunk):
            return self._stop(TextVerdict.NOT_TEXT, Found.OTHER)
        window = self._tail + chunk
        marker = _MARKERS.search(window)
        if marker:
            return self._stop(TextVerdict.MARKUP, _markup_kind(window, marker.group(0)))
        self._tail = window[-_LONGEST_MARKER:]
        return self.verdict

    def _stop(self, verdict: TextVerdict, found: Found) -> TextVerdict:
        self.verdict = verdict
        self.found = found
        return verdict


def _markup_kind(window: bytes, marker: bytes) -> Found:
    lowered = window.lower()
    if b"<svg" in lowered:
        return Found.SVG
    if marker.lower().startswith(b"<?xml") and b"<html" not in lowered:
        return Found.XML
    return Found.HTML


def scan_text(data: bytes) -> TextScan:
    scan = TextScan()
    scan.feed(data, final=True)
    return scan


# --- the stored object -----------------------------------------------------------------------

UPLOAD_FORM_SECONDS = 300  # a presigned POST is valid for at most five minutes
DOWNLOAD_LINK_SECONDS = 60  # a presigned GET for at most one minute


class UploadForm(DomainModel):
    """What a browser or app posts the file with, straight to S3 (multipart/form-data: the
    fields first, then `file`)."""

    url: str
    fields: dict[str, str]
    expires_at: datetime


class StoredObject(DomainModel):
    key: str
    size: int
    content_type: str | None = None
    # The object's tags: GuardDuty Malware Protection for S3 writes GuardDutyMalwareScanStatus.
    tags: dict[str, str] = {}


# --- documents ---------------------------------------------------------------------------------

_NOT_IN_A_NAME = frozenset('/\\"<>:*?|')


def _plain_file_name(name: str) -> str:
    found = sorted(set(name) & _NOT_IN_A_NAME)
    if found or name in (".", ".."):
        raise ValueError(f"A file name cannot hold {' '.join(found) or name}; rename the file and send it again.")
    return name


# The server chooses every key, so a name is never a path; it is still refused when it could
# read as one, or break the download's Content-Disposition, rather than quietly changed.
FileName = Annotated[str, SingleLine(min_length=1, max_length=255), AfterValidator(_plain_file_name)]
MAX_FILES_PER_REQUEST = 20  # as Clio allows; no zip workaround


class DocumentStatus(StrEnum):
    AWAITING_UPLOAD = "awaiting_upload"  # the form was given; nothing checked yet
    AVAILABLE = "available"  # passed the checks: downloadable by whoever may see it
    REFUSED = "refused"  # failed them: the object is deleted, the reason kept


class Review(StrEnum):
    """What staff made of a document a client sent (F18)."""

    NEW = "new"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Uploader(StrEnum):
    CLIENT = "client"
    STAFF = "staff"


class Document(DomainModel):
    id: Id
    firm_id: Id
    # Whose it is: a client's profile document, or a matter's (sent by its client or by staff).
    client_id: Id | None = None
    matter_id: Id | None = None
    file_name: str
    description: str | None = None
    declared_type: str
    key: str  # chosen by the server: firms/<firm>/documents/<id>
    status: DocumentStatus = DocumentStatus.AWAITING_UPLOAD
    size: int | None = None
    detected_type: DocumentType | None = None
    mime: str | None = None
    refusal: Refusal | None = None
    metadata_stripped: bool = False
    uploaded_by: str
    uploader: Uploader
    created_at: datetime
    checked_at: datetime | None = None
    # F17: a matter's document the firm chose to show to the matter's clients. Until then a
    # document is seen by staff and by the client who sent it, nobody else.
    published: bool = False
    # When it was published (kept while it is, None once hidden): its place in the feeds (A6).
    published_at: datetime | None = None
    # Client uploads wait for staff: accepted, or rejected with a reason the client reads.
    review: Review | None = None
    review_reason: str | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    # F19: the document request it answers, if any.
    request_id: Id | None = None
    # F20: the consultation it is attached to (staff only), and the entry, if one.
    consultation_id: Id | None = None
    consultation_entry_id: Id | None = None
    # Names as they were when it was sent, so the review queue reads in words at one Query.
    client_name: str | None = None
    matter_title: str | None = None
    version: int = 1

    @property
    def refusal_message(self) -> str | None:
        return self.refusal.message if self.refusal else None

    @property
    def awaits_review(self) -> bool:
        """A client's upload that passed the checks and that staff have not judged yet: in the
        firm's review queue."""
        return self.status is DocumentStatus.AVAILABLE and self.review is Review.NEW


def document_key(firm_id: str, document_id: str) -> str:
    return f"firms/{firm_id}/documents/{document_id}"


def parse_document_key(key: str) -> tuple[str, str] | None:
    """(firm id, document id) of a key the server chose; None for any other key."""
    parts = key.split("/")
    if len(parts) != 4 or parts[0] != "firms" or parts[2] != "documents" or not all(parts):
        return None
    return parts[1], parts[3]


class FileToUpload(DomainModel):
    file_name: FileName
    content_type: Annotated[str, SingleLine(min_length=1, max_length=100)]
    size: int = Field(gt=0, description="The file's size in bytes, as the browser or app reads it.")


class UploadRequest(DomainModel):
    files: list[FileToUpload] = Field(min_length=1, max_length=MAX_FILES_PER_REQUEST)
    description: Annotated[str, SingleLine(max_length=500)] | None = None
    matter_id: Id | None = Field(None, description="One of the client's matters; none: the client's profile.")


class FilesToSend(DomainModel):
    """What a client sends to a document request: the request says where the files go."""

    files: list[FileToUpload] = Field(min_length=1, max_length=MAX_FILES_PER_REQUEST)
    description: Annotated[str, SingleLine(max_length=500)] | None = None


class UploadTicket(DomainModel):
    document: Document
    form: UploadForm


class DownloadLink(DomainModel):
    url: str
    expires_at: datetime


class ReviewChange(DomainModel):
    accepted: bool
    reason: Annotated[str, SingleLine(max_length=500)] | None = Field(
        None, description="Why it is rejected, for the client (required to reject)."
    )
    version: Version


class DocumentPublication(DomainModel):
    published: bool = Field(description="Show the matter's document to the matter's clients, or hide it.")
    version: Version


class ReviewCount(DomainModel):
    """How many documents of one client, or of one matter, wait for staff."""

    id: Id
    name: str
    count: int


class ReviewQueue(DomainModel):
    """F18: what clients sent that staff have not judged yet, counted per client and per matter."""

    clients: list[ReviewCount]
    matters: list[ReviewCount]
    items: list[Document]
    next_cursor: str | None = None


# --- F19: document requests ---------------------------------------------------------------------

MAX_FILES_PER_DOCUMENT_REQUEST = 60  # three full sends: more is a sign the request should be split


class RequestStatus(StrEnum):
    PENDING = "pending"  # waiting for the client (again, after a rejection)
    SUBMITTED = "submitted"  # a file the client sent passed the checks: the firm reviews it
    ACCEPTED = "accepted"  # done


class RequestEventKind(StrEnum):
    REQUESTED = "requested"
    EDITED = "edited"
    FILE_RECEIVED = "file_received"
    FILE_REFUSED = "file_refused"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class RequestParty(StrEnum):
    FIRM = "firm"
    CLIENT = "client"


class RequestEvent(DomainModel):
    at: datetime
    kind: RequestEventKind
    by: RequestParty
    note: str | None = Field(None, description="The file's name for a file event; the reason of a rejection.")
    refusal: Refusal | None = Field(None, description="Why the file was refused, for file_refused.")


class DocumentRequest(DomainModel):
    """Staff ask a client for documents, on the client's profile or on one of their matters
    (F19). The client answers by sending files to it; staff accept it (done) or reject it
    with a reason (pending again). Every step is kept in `history`, oldest first."""

    id: Id
    firm_id: Id
    client_id: Id
    client_name: str
    matter_id: Id | None = None
    matter_title: str | None = None
    title: str
    details: str = ""
    due_date: date | None = None
    status: RequestStatus = RequestStatus.PENDING
    rejection_reason: str | None = None
    history: list[RequestEvent]
    document_ids: list[Id] = Field(default_factory=list)
    created_by: str
    created_at: datetime
    version: int = 1

    @property
    def takes_files(self) -> bool:
        return self.status is RequestStatus.PENDING

    def with_event(self, event: RequestEvent, **changes: object) -> DocumentRequest:
        return self.model_copy(update={"history": [*self.history, event], "version": self.version + 1, **changes})

    def file_checked(self, document: Document, at: datetime) -> DocumentRequest:
        """What the check of one of its files does to the request: a file that passed makes
        a pending request submitted; a refused one is only told in the history."""
        if document.status is DocumentStatus.AVAILABLE:
            event = RequestEvent(
                at=at, kind=RequestEventKind.FILE_RECEIVED, by=RequestParty.CLIENT, note=document.file_name
            )
            status = RequestStatus.SUBMITTED if self.status is RequestStatus.PENDING else self.status
            return self.with_event(
                event,
                status=status,
                rejection_reason=None if status is RequestStatus.SUBMITTED else self.rejection_reason,
            )
        event = RequestEvent(
            at=at,
            kind=RequestEventKind.FILE_REFUSED,
            by=RequestParty.CLIENT,
            note=document.file_name,
            refusal=document.refusal,
        )
        return self.with_event(event)


Title = Annotated[str, SingleLine(min_length=1, max_length=200)]
Details = Annotated[str, MultiLine(max_length=2000)]


class DocumentRequestInput(DomainModel):
    client_id: Id
    matter_id: Id | None = Field(None, description="One of the client's matters; none: the client's profile.")
    title: Title = Field(description='What the firm needs, in a line ("Proof of address").')
    details: Details = ""
    due_date: date | None = None


class DocumentRequestChange(DomainModel):
    title: Title
    details: Details = ""
    due_date: date | None = None
    version: Version


class DocumentRequestDetail(DomainModel):
    request: DocumentRequest
    documents: list[Document]
