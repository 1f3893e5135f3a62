"""DocumentInspector: the verdict on an upload's bytes by the domain's rules (documents.judge),
read as a stream that may not seek, never past the firm's limit, never an error for what the
bytes hold; a photo handed back without its metadata, anything else left as it is.

Run on the fake the unit tests use (tests/support/fakes/documents.py, which reads signatures)
and on the inspector production runs (chalicelib/adapters/inspection.py, which reads the files
with pypdf, Pillow and pillow-heif), over real files built in tests/support/document_fixtures.py.
The fake knows PDF, JPEG, PNG, plain text and executables by their bytes; HEIC and the office
packages it does not open, so they are the libraries' alone (tests/integration/test_document_inspection.py),
as are decompression bombs and damaged pictures."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO, cast

import pytest
from PIL import ExifTags, Image, ImageOps

from chalicelib.adapters.inspection import LibraryDocumentInspector
from chalicelib.domain.documents import MB, DocumentType, Found, Inspection, InspectionLimits, Refusal
from chalicelib.domain.ports import DocumentInspector
from tests.support import document_fixtures as fixtures
from tests.support.document_fixtures import OneWayStream, Upload
from tests.support.fakes.documents import FakeInspector

LIMITS = InspectionLimits()


@pytest.fixture(params=["memory", "libraries"])
def inspector(request: pytest.FixtureRequest) -> DocumentInspector:
    if request.param == "memory":
        gap = request.node.get_closest_marker("fake_gap")
        if gap is not None:
            request.applymarker(pytest.mark.xfail(strict=True, reason=f"the fake: {gap.args[0]}"))
        return FakeInspector()
    return LibraryDocumentInspector()


def inspect(
    inspector: DocumentInspector, upload: Upload, limits: InspectionLimits = LIMITS, stream: BinaryIO | None = None
) -> Inspection:
    return inspector.inspect(
        stream or io.BytesIO(upload.data), len(upload.data), upload.declared_type, upload.file_name, limits
    )


def one_way(data: bytes) -> OneWayStream:
    return OneWayStream(data)


# --- the verdict ---------------------------------------------------------------------------------

ACCEPTED: list[tuple[Callable[[], Upload], DocumentType]] = [
    (fixtures.pdf, DocumentType.PDF),
    (fixtures.jpeg_with_gps, DocumentType.JPEG),
    (fixtures.png, DocumentType.PNG),
    (fixtures.text, DocumentType.TXT),
]


@pytest.mark.parametrize(("build", "expected"), ACCEPTED, ids=[b.__name__ for b, _ in ACCEPTED])
def test_an_allowed_type_is_accepted_as_what_its_bytes_are(
    inspector: DocumentInspector, build: Callable[[], Upload], expected: DocumentType
) -> None:
    upload = build()
    result = inspect(inspector, upload)
    assert (result.accepted, result.detected_type, result.reason) == (True, expected, None)
    assert (result.size, result.mime) == (len(upload.data), upload.declared_type)


def png_named_jpg() -> Upload:
    return Upload(fixtures.png().data, "foto.jpg", "image/jpeg")


REFUSED: list[tuple[Callable[[], Upload], Refusal, DocumentType | Found]] = [
    (fixtures.html_named_pdf, Refusal.DISGUISED, Found.HTML),
    (fixtures.svg_named_png, Refusal.DISGUISED, Found.SVG),
    (fixtures.executable_named_pdf, Refusal.DISGUISED, Found.EXECUTABLE),
    (fixtures.shell_script, Refusal.DISGUISED, Found.SCRIPT),
    (fixtures.text_named_pdf, Refusal.DISGUISED, DocumentType.TXT),
    (fixtures.executable, Refusal.TYPE_NOT_ALLOWED, Found.EXECUTABLE),
    (fixtures.svg, Refusal.TYPE_NOT_ALLOWED, Found.SVG),
]


@pytest.mark.parametrize(("build", "reason", "found"), REFUSED, ids=[b.__name__ for b, _, _ in REFUSED])
def test_what_the_name_or_type_claims_is_held_to_what_the_bytes_are(
    inspector: DocumentInspector, build: Callable[[], Upload], reason: Refusal, found: DocumentType | Found
) -> None:
    result = inspect(inspector, build())
    assert (result.accepted, result.reason) == (False, reason)
    assert (result.detected_type if isinstance(found, DocumentType) else result.found) is found


def test_a_photo_named_as_another_kind_of_photo_is_accepted_as_what_it_is(inspector: DocumentInspector) -> None:
    result = inspect(inspector, png_named_jpg())
    assert (result.accepted, result.detected_type, result.mime) == (True, DocumentType.PNG, "image/png")


def test_an_empty_object_is_refused_as_empty(inspector: DocumentInspector) -> None:
    result = inspect(inspector, fixtures.empty())
    assert (result.accepted, result.reason, result.size) == (False, Refusal.EMPTY, 0)


@pytest.mark.parametrize(
    "build",
    [fixtures.pdf_with_javascript_open_action, fixtures.pdf_with_embedded_file, fixtures.pdf_with_launch_annotation],
)
def test_a_pdf_with_scripts_actions_or_attached_files_is_refused(
    inspector: DocumentInspector, build: Callable[[], Upload]
) -> None:
    result = inspect(inspector, build())
    assert (result.accepted, result.reason, result.detected_type) == (
        False,
        Refusal.PDF_ACTIVE_CONTENT,
        DocumentType.PDF,
    )


def test_damaged_content_is_refused_as_unreadable_never_raised(inspector: DocumentInspector) -> None:
    result = inspect(inspector, fixtures.broken_pdf())
    assert (result.accepted, result.reason) == (False, Refusal.UNREADABLE)


# --- how the bytes are read --------------------------------------------------------------------------


def test_a_stream_that_cannot_seek_is_inspected_like_a_file(inspector: DocumentInspector) -> None:
    for build in (fixtures.pdf, fixtures.pdf_with_embedded_file, fixtures.jpeg_with_gps):
        upload = build()
        expected = inspect(inspector, upload)
        assert inspect(inspector, upload, stream=cast(BinaryIO, one_way(upload.data))) == expected


def test_over_the_limit_by_its_stored_size_is_refused_without_reading_a_byte(inspector: DocumentInspector) -> None:
    upload = fixtures.over_the_limit(1 * MB)
    stream = one_way(upload.data)
    limits = InspectionLimits(max_bytes=1 * MB)
    result = inspector.inspect(cast(BinaryIO, stream), len(upload.data), upload.declared_type, upload.file_name, limits)
    assert (result.reason, result.size, stream.read_bytes) == (Refusal.TOO_BIG, len(upload.data), 0)


def test_a_stream_longer_than_its_stored_size_is_read_to_the_limit_and_no_further(
    inspector: DocumentInspector,
) -> None:
    upload = fixtures.over_the_limit(1 * MB)
    stream = one_way(upload.data)
    limits = InspectionLimits(max_bytes=1 * MB)
    result = inspector.inspect(cast(BinaryIO, stream), 1000, upload.declared_type, upload.file_name, limits)
    assert (result.reason, stream.read_bytes) == (Refusal.TOO_BIG, 1 * MB + 1)


def test_the_same_file_within_a_higher_limit_is_accepted(inspector: DocumentInspector) -> None:
    upload = fixtures.over_the_limit(1 * MB)
    assert inspect(inspector, upload, InspectionLimits(max_bytes=1 * MB)).reason is Refusal.TOO_BIG
    assert inspect(inspector, upload, InspectionLimits(max_bytes=2 * MB)).accepted


# --- metadata ----------------------------------------------------------------------------------------


def stripped(inspector: DocumentInspector, upload: Upload, document_type: DocumentType) -> bytes:
    cleaned = inspector.strip_metadata(cast(BinaryIO, one_way(upload.data)), document_type)
    assert cleaned is not None
    with cleaned:
        assert cleaned.tell() == 0, "handed back rewound"
        return cleaned.read()


@pytest.mark.parametrize(
    ("build", "document_type"),
    [(fixtures.jpeg_with_gps, DocumentType.JPEG), (fixtures.png, DocumentType.PNG)],
    ids=["jpeg", "png"],
)
def test_a_photo_comes_back_without_gps_or_device_and_is_still_that_photo(
    inspector: DocumentInspector, build: Callable[[], Upload], document_type: DocumentType
) -> None:
    upload = build()
    assert Image.open(io.BytesIO(upload.data)).getexif().get_ifd(ExifTags.IFD.GPSInfo), "the fixture has GPS"

    data = stripped(inspector, upload, document_type)

    exif = Image.open(io.BytesIO(data)).getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Make not in exif and ExifTags.Base.Model not in exif
    again = inspect(inspector, Upload(data, upload.file_name, upload.declared_type))
    assert (again.accepted, again.detected_type) == (True, document_type)


@pytest.mark.fake_gap("it does not decode pixels, so it drops the orientation with the EXIF instead of applying it")
def test_a_photo_comes_back_upright(inspector: DocumentInspector) -> None:
    """The fixture is stored 64x48 with orientation 6 (shown turned a quarter, 48x64): the
    picture handed back shows the same without any orientation left to apply."""
    image = Image.open(io.BytesIO(stripped(inspector, fixtures.jpeg_with_gps(), DocumentType.JPEG)))
    assert ExifTags.Base.Orientation not in image.getexif()
    shown = ImageOps.exif_transpose(image)
    assert shown.size == (48, 64)
    top, bottom = shown.getpixel((24, 8)), shown.getpixel((24, 56))
    assert isinstance(top, tuple) and isinstance(bottom, tuple) and sum(top) < sum(bottom)


@pytest.mark.parametrize(
    "document_type",
    [DocumentType.PDF, DocumentType.DOCX, DocumentType.XLSX, DocumentType.ODT, DocumentType.TXT],
)
def test_what_is_not_a_photo_is_left_as_it_is(inspector: DocumentInspector, document_type: DocumentType) -> None:
    assert inspector.strip_metadata(io.BytesIO(fixtures.pdf().data), document_type) is None
