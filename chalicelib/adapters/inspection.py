"""Client uploads (issue 9): what the bytes are, and whether they are safe to keep.

puremagic names the signature family from the first and last bytes; each family is then
opened by the library that reads it: pypdf walks a PDF's objects for scripts, actions and
attached files; Pillow (and pillow-heif for HEIC) reads an image's size before decoding
and re-encodes it without metadata; zipfile reads an office package's content types and
unpacks it against the size and ratio limits. Anything that matches no family is text if
documents.TextScan says so. The verdicts are the domain's (chalicelib/domain/documents.py).

Memory: the bytes go through a temporary file (a stream that cannot seek is copied in 1 MB
chunks), and no step holds a whole PDF, package or text in memory: pypdf resolves only the
document's structure (not page contents or resources), zip members and text are read in
chunks. Decoding an image to strip it holds its pixels (at most `max_pixels`)."""

from __future__ import annotations

import os
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from ..domain.documents import (
    ODF_MIMETYPE,
    DocumentType,
    Found,
    Inspection,
    InspectionLimits,
    Refusal,
    TextScan,
    TextVerdict,
    check_size,
    has_macro_member,
    heif_type,
    judge,
    office_type,
    refuse,
    too_many_pixels,
    zip_bomb,
)
from ..domain.ports import DocumentInspector

if TYPE_CHECKING:
    from PIL import Image

CHUNK = 1024 * 1024
# A stream that cannot seek is copied to a temporary file that stays in memory up to here.
SPOOL_IN_MEMORY = 1024 * 1024
# An office package's [Content_Types].xml, or an ODF mimetype member, larger than this is not one.
MAX_MANIFEST_BYTES = 1024 * 1024
# Past this many objects a PDF's structure is not walked further: it is refused as unreadable.
MAX_PDF_OBJECTS = 200_000


class _Family(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    ISO_MEDIA = "iso_media"
    ZIP = "zip"
    EXECUTABLE = "executable"
    OTHER_BINARY = "other_binary"
    UNKNOWN = "unknown"


_FAMILY_BY_EXTENSION = {
    ".pdf": _Family.PDF,
    ".jpg": _Family.JPEG,
    ".jpeg": _Family.JPEG,
    ".jfif": _Family.JPEG,
    ".jpe": _Family.JPEG,
    ".png": _Family.PNG,
    ".heic": _Family.ISO_MEDIA,
    ".heif": _Family.ISO_MEDIA,
    ".avif": _Family.ISO_MEDIA,
    ".mp4": _Family.ISO_MEDIA,
    ".mov": _Family.ISO_MEDIA,
    ".zip": _Family.ZIP,
    ".docx": _Family.ZIP,
    ".xlsx": _Family.ZIP,
    ".pptx": _Family.ZIP,
    ".odt": _Family.ZIP,
    ".jar": _Family.ZIP,
    ".exe": _Family.EXECUTABLE,
    ".dll": _Family.EXECUTABLE,
    ".elf": _Family.EXECUTABLE,
}
# Formats whose signature is text (puremagic knows many): the text scan decides those.
_TEXT_MIME_PREFIXES = ("text/", "application/xml", "image/svg", "application/x-sh", "application/javascript")
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
_PIL_FORMAT = {DocumentType.JPEG: "JPEG", DocumentType.PNG: "PNG", DocumentType.HEIC: "HEIF"}


class LibraryDocumentInspector:
    def inspect(
        self, stream: BinaryIO, size: int, declared_type: str, file_name: str, limits: InspectionLimits
    ) -> Inspection:
        refusal = check_size(size, limits)
        if refusal:
            return refuse(refusal, size)
        with _seekable(stream, limits.max_bytes) as (file, actual):
            refusal = check_size(actual, limits)
            if refusal:
                return refuse(refusal, actual)
            kind = _classify(file, actual)
            if isinstance(kind, Refusal):
                return refuse(kind, actual)
            verdict = judge(kind, file_name, declared_type, actual)
            if not verdict.accepted or verdict.detected_type is None:
                return verdict
            refusal = _examine(file, verdict.detected_type, actual, limits)
            return refuse(refusal, actual, detected_type=verdict.detected_type) if refusal else verdict

    def strip_metadata(self, stream: BinaryIO, document_type: DocumentType) -> BinaryIO | None:
        if document_type not in _PIL_FORMAT:
            return None
        from PIL import Image, ImageOps

        if document_type is DocumentType.HEIC:
            _register_heif()
        out = cast(BinaryIO, tempfile.SpooledTemporaryFile(max_size=8 * CHUNK))
        # S3's body is read once and does not seek; Pillow seeks. The size was checked already.
        with (
            _seekable(stream, sys.maxsize) as (file, _),
            Image.open(file, formats=[_PIL_FORMAT[document_type]]) as image,
        ):
            # Colour profile, resolution, transparency: all that is kept of the original's info.
            options: dict[str, Any] = {
                k: image.info[k] for k in ("icc_profile", "dpi", "transparency") if k in image.info
            }
            upright = ImageOps.exif_transpose(image)
            upright.info = {}  # EXIF, XMP, comments and text chunks stay behind
            if document_type is DocumentType.JPEG:
                options.update(quality=90)
            elif document_type is DocumentType.HEIC:
                options.update(quality=90, exif=None, xmp=None)
            upright.save(out, format=_PIL_FORMAT[document_type], **options)
        out.seek(0)
        return out


# --- reading the stream -----------------------------------------------------------------------


@contextmanager
def _seekable(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[BinaryIO, int]]:
    """The bytes as a file that seeks, and how many there are (max_bytes + 1 at most: past
    the limit nothing more is read)."""
    if _can_seek(stream):
        stream.seek(0, os.SEEK_END)
        end = stream.tell()
        stream.seek(0)
        yield stream, end
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as copy:
        copied = 0
        while copied <= max_bytes:
            chunk = stream.read(min(CHUNK, max_bytes + 1 - copied))
            if not chunk:
                break
            copy.write(chunk)
            copied += len(chunk)
        copy.seek(0)
        yield cast(BinaryIO, copy), copied


def _can_seek(stream: BinaryIO) -> bool:
    try:
        return stream.seekable()
    except (AttributeError, OSError, ValueError):
        return False


def _head(file: BinaryIO, length: int = 64 * 1024) -> bytes:
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


# --- what the bytes are -------------------------------------------------------------------------


def _family(file: BinaryIO) -> _Family:
    import puremagic

    head = _head(file, 16)
    if head.startswith(_EXECUTABLE_MAGIC):
        return _Family.EXECUTABLE
    try:
        matches = puremagic.magic_stream(file)
    except (puremagic.PureError, ValueError, OSError):
        return _Family.UNKNOWN
    finally:
        file.seek(0)
    for match in matches:
        family = _FAMILY_BY_EXTENSION.get(match.extension.lower())
        if family:
            return family
    if not matches or any(m.mime_type.startswith(_TEXT_MIME_PREFIXES) for m in matches):
        return _Family.UNKNOWN
    return _Family.OTHER_BINARY


def _classify(file: BinaryIO, size: int) -> DocumentType | Found | Refusal:
    family = _family(file)
    if family is _Family.PDF:
        return DocumentType.PDF
    if family is _Family.JPEG:
        return DocumentType.JPEG
    if family is _Family.PNG:
        return DocumentType.PNG
    if family is _Family.ISO_MEDIA:
        return heif_type(_head(file, 256)) or Found.OTHER
    if family is _Family.ZIP:
        return _package_type(file)
    if family is _Family.EXECUTABLE:
        return Found.EXECUTABLE
    scan = _scan_text(file)
    if scan.verdict is TextVerdict.TEXT:
        return DocumentType.TXT
    if family is _Family.OTHER_BINARY:
        return Found.OTHER
    return scan.found or Found.OTHER


def _scan_text(file: BinaryIO) -> TextScan:
    scan = TextScan()
    file.seek(0)
    while scan.verdict is TextVerdict.TEXT:
        chunk = file.read(CHUNK)
        scan.feed(chunk, final=not chunk)
        if not chunk:
            break
    file.seek(0)
    return scan


def _examine(file: BinaryIO, document_type: DocumentType, size: int, limits: InspectionLimits) -> Refusal | None:
    """The checks of an accepted type's contents: active PDFs, bombs, damage."""
    if document_type is DocumentType.PDF:
        return _pdf_refusal(file)
    if document_type in (DocumentType.JPEG, DocumentType.PNG):
        return _image_refusal(file, document_type, limits)
    if document_type is DocumentType.HEIC:
        return _heic_refusal(file, limits)
    if document_type in (DocumentType.DOCX, DocumentType.XLSX, DocumentType.ODT):
        return _package_refusal(file, size, limits)
    return None


# --- PDF --------------------------------------------------------------------------------------------

# Where actions and attached files live. A key from _ACTIVE_KEYS anywhere in the document's
# structure, an action of a type from _ACTIVE_ACTIONS, or an annotation of a subtype from
# _ACTIVE_SUBTYPES is active content. An /OpenAction that only opens a page is not.
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/RichMedia", "/XFA"})
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/GoToE", "/ImportData", "/RichMediaExecute", "/Rendition"})
_ACTIVE_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"})
# Not walked: page contents and resources, appearance streams and thumbnails (drawing, no
# actions; the bulk of a document's bytes), and the way back up the page tree.
_SKIPPED_KEYS = frozenset({"/Parent", "/Contents", "/Resources", "/AP", "/Thumb", "/P", "/StructTreeRoot", "/Font"})


def _pdf_refusal(file: BinaryIO) -> Refusal | None:
    from pypdf import PasswordType, PdfReader
    from pypdf.generic import DictionaryObject

    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            return Refusal.UNREADABLE
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject) or "/Pages" not in root:
            return Refusal.UNREADABLE
        return Refusal.PDF_ACTIVE_CONTENT if _pdf_is_active(root) else None
    except Exception:  # noqa: BLE001 - a malformed PDF fails in pypdf in any of many ways
        return Refusal.UNREADABLE
    finally:
        file.seek(0)


def _pdf_is_active(root: Any) -> bool:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_PDF_OBJECTS:
                raise ValueError("too many objects")
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if _ACTIVE_KEYS.intersection(node.keys()):
                return True
            if node.get("/S") in _ACTIVE_ACTIONS or node.get("/Subtype") in _ACTIVE_SUBTYPES:
                return True
            stack.extend(value for name, value in node.items() if name not in _SKIPPED_KEYS)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False


# --- images -------------------------------------------------------------------------------------------


def _image_refusal(file: BinaryIO, document_type: DocumentType, limits: InspectionLimits) -> Refusal | None:
    from PIL import Image

    file.seek(0)
    try:
        with Image.open(file, formats=[_PIL_FORMAT[document_type]]) as image:
            if too_many_pixels(image.width, image.height, limits):
                return Refusal.DECOMPRESSION_BOMB
            _check_decodes(image, document_type)
    except Image.DecompressionBombError:
        return Refusal.DECOMPRESSION_BOMB
    except Exception:  # noqa: BLE001 - Pillow reports damage as OSError, SyntaxError, ValueError, struct.error...
        return Refusal.UNREADABLE
    finally:
        file.seek(0)
    return None


def _check_decodes(image: Image.Image, document_type: DocumentType) -> None:
    """Raise if the picture is damaged, without holding its full-size pixels: a JPEG is
    decoded at an eighth of its size (every byte of it still read), a PNG's chunks are
    read and their checksums verified."""
    if document_type is DocumentType.JPEG:
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    else:
        image.verify()


def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


def _heic_refusal(file: BinaryIO, limits: InspectionLimits) -> Refusal | None:
    import pillow_heif

    file.seek(0)
    try:
        heif = pillow_heif.open_heif(file, convert_hdr_to_8bit=True)
        if any(too_many_pixels(picture.size[0], picture.size[1], limits) for picture in heif):
            return Refusal.DECOMPRESSION_BOMB
    except Exception:  # noqa: BLE001 - libheif reports damage in several ways
        return Refusal.UNREADABLE
    finally:
        file.seek(0)
    return None


# --- office packages (DOCX, XLSX, ODT) ----------------------------------------------------------------


def _package_type(file: BinaryIO) -> DocumentType | Found | Refusal:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                kind: DocumentType | Found | Refusal | None = office_type(
                    _content_types(_read_capped(archive, "[Content_Types].xml"))
                )
            elif "mimetype" in names:
                mimetype = _read_capped(archive, "mimetype").decode("ascii", "replace").strip()
                kind = DocumentType.ODT if mimetype == ODF_MIMETYPE else Found.OTHER
            else:
                kind = Found.ARCHIVE
            if kind is None:
                kind = Found.OTHER  # another OOXML package (a presentation, a template)
            if isinstance(kind, DocumentType) and has_macro_member(names):
                return Refusal.MACROS
            return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, ValueError, OSError, EOFError):
        return Refusal.UNREADABLE
    except (NotImplementedError, RuntimeError):  # an unknown compression, an encrypted member
        return Refusal.UNREADABLE
    finally:
        file.seek(0)


def _read_capped(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        data = member.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise ValueError(f"{name} is too large")
    return data


def _content_types(xml: bytes) -> list[str]:
    if b"<!DOCTYPE" in xml.upper():  # entities are how an XML file grows when parsed
        raise ValueError("a DOCTYPE in [Content_Types].xml")
    root = ElementTree.fromstring(xml)
    return [element.attrib["ContentType"] for element in root.iter() if "ContentType" in element.attrib]


def _package_refusal(file: BinaryIO, size: int, limits: InspectionLimits) -> Refusal | None:
    """What the package says it unpacks to, then what it does unpack to, member by member in
    chunks (the sizes in a zip's directory can lie), against the limits."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if zip_bomb(size, sum(member.file_size for member in members), limits):
                return Refusal.DECOMPRESSION_BOMB
            unpacked = 0
            for member in members:
                with archive.open(member) as content:
                    while chunk := content.read(CHUNK):
                        unpacked += len(chunk)
                        if zip_bomb(size, unpacked, limits):
                            return Refusal.DECOMPRESSION_BOMB
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return Refusal.UNREADABLE
    except Exception:  # noqa: BLE001 - zlib.error and friends from a damaged member
        return Refusal.UNREADABLE
    finally:
        file.seek(0)
    return None


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_document_inspector: type[DocumentInspector] = LibraryDocumentInspector
