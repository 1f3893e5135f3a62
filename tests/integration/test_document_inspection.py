"""Issue 9: the document inspector (chalicelib/adapters/inspection.py) against every
fixture of tests/support/document_fixtures.py: what it accepts and as what, what it refuses
and why, and the photos it hands back without their metadata."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO

import pytest
from PIL import ExifTags, Image

from chalicelib.adapters.inspection import LibraryDocumentInspector
from chalicelib.domain.documents import MB, DocumentType, Found, Inspection, InspectionLimits, Refusal
from tests.support import document_fixtures as fixtures
from tests.support.document_fixtures import OneWayStream, Upload

INSPECTOR = LibraryDocumentInspector()
LIMITS = InspectionLimits()


def inspect(upload: Upload, limits: InspectionLimits = LIMITS, stream: BinaryIO | None = None) -> Inspection:
    return INSPECTOR.inspect(
        stream or io.BytesIO(upload.data), len(upload.data), upload.declared_type, upload.file_name, limits
    )


ACCEPTED: list[tuple[Callable[[], Upload], DocumentType]] = [
    (fixtures.pdf, DocumentType.PDF),
    (fixtures.pdf_opening_on_first_page, DocumentType.PDF),
    (fixtures.jpeg_with_gps, DocumentType.JPEG),
    (fixtures.png, DocumentType.PNG),
    (fixtures.heic, DocumentType.HEIC),
    (fixtures.docx, DocumentType.DOCX),
    (fixtures.xlsx, DocumentType.XLSX),
    (fixtures.odt, DocumentType.ODT),
    (fixtures.text, DocumentType.TXT),
]

REFUSED: list[tuple[Callable[[], Upload], Refusal]] = [
    (fixtures.empty, Refusal.EMPTY),
    (fixtures.pdf_with_javascript_open_action, Refusal.PDF_ACTIVE_CONTENT),
    (fixtures.pdf_with_javascript_names, Refusal.PDF_ACTIVE_CONTENT),
    (fixtures.pdf_with_embedded_file, Refusal.PDF_ACTIVE_CONTENT),
    (fixtures.pdf_with_launch_annotation, Refusal.PDF_ACTIVE_CONTENT),
    (fixtures.pdf_with_page_additional_action, Refusal.PDF_ACTIVE_CONTENT),
    (fixtures.broken_pdf, Refusal.UNREADABLE),
    (fixtures.html_named_pdf, Refusal.DISGUISED),
    (fixtures.svg, Refusal.TYPE_NOT_ALLOWED),
    (fixtures.svg_named_png, Refusal.DISGUISED),
    (fixtures.executable, Refusal.TYPE_NOT_ALLOWED),
    (fixtures.executable_named_pdf, Refusal.DISGUISED),
    (fixtures.shell_script, Refusal.DISGUISED),
    (fixtures.text_named_pdf, Refusal.DISGUISED),
    (fixtures.docm_named_docx, Refusal.MACROS),
    (fixtures.docx_with_vba_project, Refusal.MACROS),
    (fixtures.zip_bomb_docx, Refusal.DECOMPRESSION_BOMB),
    (fixtures.plain_zip, Refusal.TYPE_NOT_ALLOWED),
    (fixtures.huge_png, Refusal.DECOMPRESSION_BOMB),
    (fixtures.truncated_jpeg, Refusal.UNREADABLE),
]


@pytest.mark.parametrize(("build", "expected"), ACCEPTED, ids=[b.__name__ for b, _ in ACCEPTED])
def test_accepted_with_the_type_the_bytes_are(build: Callable[[], Upload], expected: DocumentType) -> None:
    upload = build()
    result = inspect(upload)
    assert result.accepted, result
    assert result.detected_type is expected
    assert result.reason is None and result.size == len(upload.data)
    assert result.mime == upload.declared_type


@pytest.mark.parametrize(("build", "reason"), REFUSED, ids=[b.__name__ for b, _ in REFUSED])
def test_refused_with_the_reason(build: Callable[[], Upload], reason: Refusal) -> None:
    result = inspect(build())
    assert not result.accepted
    assert result.reason is reason, result
    assert result.message == reason.message


def test_what_disguised_bytes_turned_out_to_be() -> None:
    assert inspect(fixtures.html_named_pdf()).found is Found.HTML
    assert inspect(fixtures.svg_named_png()).found is Found.SVG
    assert inspect(fixtures.executable_named_pdf()).found is Found.EXECUTABLE
    assert inspect(fixtures.shell_script()).found is Found.SCRIPT
    assert inspect(fixtures.text_named_pdf()).detected_type is DocumentType.TXT


def test_a_one_way_stream_is_inspected_like_a_file() -> None:
    for build, expected in ACCEPTED:
        upload = build()
        assert inspect(upload, stream=OneWayStream(upload.data)).detected_type is expected  # type: ignore[arg-type]
    assert (
        inspect(fixtures.pdf_with_embedded_file(), stream=OneWayStream(fixtures.pdf_with_embedded_file().data)).reason
        is Refusal.PDF_ACTIVE_CONTENT
    )  # type: ignore[arg-type]


def test_over_the_limit_is_refused_from_the_stored_size_without_reading() -> None:
    upload = fixtures.over_the_limit(1 * MB)
    stream = OneWayStream(upload.data)
    limits = InspectionLimits(max_bytes=1 * MB)
    result = INSPECTOR.inspect(stream, len(upload.data), upload.declared_type, upload.file_name, limits)  # type: ignore[arg-type]
    assert result.reason is Refusal.TOO_BIG and stream.read_bytes == 0
    assert inspect(fixtures.over_the_limit(LIMITS.max_bytes)).reason is Refusal.TOO_BIG


def test_a_stream_longer_than_its_stored_size_is_read_to_the_limit_only() -> None:
    upload = fixtures.over_the_limit(1 * MB)
    stream = OneWayStream(upload.data)
    limits = InspectionLimits(max_bytes=1 * MB)
    result = INSPECTOR.inspect(stream, 1000, upload.declared_type, upload.file_name, limits)  # type: ignore[arg-type]
    assert result.reason is Refusal.TOO_BIG and stream.read_bytes == 1 * MB + 1


def test_the_same_pdf_at_a_firms_higher_limit_is_accepted() -> None:
    upload = fixtures.over_the_limit(1 * MB)
    assert inspect(upload, InspectionLimits(max_bytes=2 * MB)).accepted


def test_a_smaller_pixel_limit_refuses_a_photo() -> None:
    assert inspect(fixtures.png(), InspectionLimits(max_pixels=64 * 48 - 1)).reason is Refusal.DECOMPRESSION_BOMB


def test_the_ratio_and_the_total_are_each_a_limit() -> None:
    upload = fixtures.zip_bomb_docx(unpacked_bytes=2 * MB)
    assert inspect(upload).reason is Refusal.DECOMPRESSION_BOMB  # ~1,000 to 1
    assert inspect(upload, InspectionLimits(max_zip_ratio=10_000)).accepted
    tight = InspectionLimits(max_zip_ratio=10_000, max_unpacked_bytes=1 * MB)
    assert inspect(upload, tight).reason is Refusal.DECOMPRESSION_BOMB


# --- metadata --------------------------------------------------------------------------------


def _stripped(upload: Upload, document_type: DocumentType) -> Image.Image:
    cleaned = INSPECTOR.strip_metadata(io.BytesIO(upload.data), document_type)
    assert cleaned is not None
    with cleaned:
        image = Image.open(io.BytesIO(cleaned.read()))
        image.load()
    return image


def test_a_jpeg_loses_its_gps_and_device_and_keeps_its_orientation() -> None:
    upload = fixtures.jpeg_with_gps()
    original = Image.open(io.BytesIO(upload.data))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the fixture has GPS"
    assert original.size == (64, 48)
    image = _stripped(upload, DocumentType.JPEG)
    assert image.format == "JPEG"
    exif = image.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Model not in exif and ExifTags.Base.Make not in exif
    assert ExifTags.Base.Orientation not in exif
    # Orientation 6 applied: shown 48 wide, 64 high, the dark half now on top.
    assert image.size == (48, 64)
    top, bottom = image.getpixel((24, 8)), image.getpixel((24, 56))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert sum(top) < sum(bottom)
    assert (
        INSPECTOR.inspect(io.BytesIO(upload.data), len(upload.data), upload.declared_type, upload.file_name, LIMITS)
        .with_metadata_stripped()
        .metadata_stripped
    )


def test_a_png_loses_its_exif() -> None:
    upload = fixtures.png()
    assert Image.open(io.BytesIO(upload.data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    image = _stripped(upload, DocumentType.PNG)
    assert image.format == "PNG" and image.size == (64, 48)
    assert not image.getexif() and "exif" not in image.info


def test_a_heic_loses_its_exif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    upload = fixtures.heic()
    assert Image.open(io.BytesIO(upload.data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    image = _stripped(upload, DocumentType.HEIC)
    assert image.format == "HEIF" and image.size == (64, 48)
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Model not in image.getexif()


def test_the_stripped_photo_is_accepted_again() -> None:
    for build, document_type in ((fixtures.jpeg_with_gps, DocumentType.JPEG), (fixtures.png, DocumentType.PNG)):
        upload = build()
        cleaned = INSPECTOR.strip_metadata(io.BytesIO(upload.data), document_type)
        assert cleaned is not None
        data = cleaned.read()
        assert inspect(Upload(data, upload.file_name, upload.declared_type)).detected_type is document_type


def test_a_photo_read_from_s3_is_stripped_too() -> None:
    """S3's body does not seek (OneWayStream); Pillow needs to."""
    for build, document_type in ((fixtures.jpeg_with_gps, DocumentType.JPEG), (fixtures.png, DocumentType.PNG)):
        upload = build()
        cleaned = INSPECTOR.strip_metadata(OneWayStream(upload.data), document_type)  # type: ignore[arg-type]
        assert cleaned is not None
        with cleaned:
            image = Image.open(io.BytesIO(cleaned.read()))
            assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_other_types_are_left_as_they_are() -> None:
    for document_type in (DocumentType.PDF, DocumentType.DOCX, DocumentType.XLSX, DocumentType.ODT, DocumentType.TXT):
        assert INSPECTOR.strip_metadata(io.BytesIO(fixtures.pdf().data), document_type) is None
