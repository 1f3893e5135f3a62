"""Issue 9, the pure rules of client uploads (chalicelib/domain/documents.py), at their edges:
the limits an inspection is held to and what their errors say, the extension of a name that
holds a path, a declared type with parameters, a refusal that names what the bytes were,
HEIF brands wherever the `ftyp` box puts them, plain text whose markers fall at the start or
across chunks, the names a document may not have, and the keys the server chose.
(tests/unit/test_documents.py has the rules' ordinary cases.)"""

from __future__ import annotations

import codecs
import struct

import pytest
from pydantic import ValidationError

from chalicelib.domain.documents import (
    ABSOLUTE_MAX_BYTES,
    DocumentType,
    FileToUpload,
    Found,
    InspectionLimits,
    Refusal,
    TextScan,
    TextVerdict,
    claimed_by_type,
    extension,
    heif_type,
    judge,
    parse_document_key,
    refuse,
    scan_text,
)
from chalicelib.domain.errors import InvalidInput

# --- the limits -------------------------------------------------------------------------------------


def test_the_smallest_limits_are_allowed() -> None:
    limits = InspectionLimits(max_bytes=1, max_pixels=1, max_zip_ratio=1, max_unpacked_bytes=1)
    assert (limits.max_bytes, limits.max_pixels, limits.max_zip_ratio, limits.max_unpacked_bytes) == (1, 1, 1, 1)
    assert InspectionLimits(max_bytes=ABSOLUTE_MAX_BYTES).max_bytes == ABSOLUTE_MAX_BYTES


@pytest.mark.parametrize("max_bytes", [0, ABSOLUTE_MAX_BYTES + 1])
def test_a_size_limit_outside_one_byte_to_100_mb_names_the_field(max_bytes: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        InspectionLimits(max_bytes=max_bytes)
    message = f"The size limit must be between 1 byte and {ABSOLUTE_MAX_BYTES}."
    assert refused.value.message == message
    assert refused.value.details == [{"path": "max_bytes", "message": message}]


@pytest.mark.parametrize("zero", ["max_pixels", "max_zip_ratio", "max_unpacked_bytes"])
def test_each_other_limit_must_be_positive_on_its_own(zero: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        InspectionLimits(**{zero: 0})
    assert refused.value.message == "Inspection limits must be positive."


# --- what the name and the declared type claim ------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("a.pdf", ".pdf"),  # a one-letter name still has its extension
        ("dir.d/report", ""),  # the folder's dot is not the file's
        ("a/b.d/c", ""),  # nor a folder's further up
        ("dir.d\\report", ""),  # Windows paths too
        ("folder\\.pdf", ""),  # a hidden file's leading dot is no extension, after a backslash too
        ("report .pdf", ".pdf"),
    ],
)
def test_the_extension_is_the_last_path_parts(file_name: str, expected: str) -> None:
    assert extension(file_name) == expected


def test_a_declared_type_with_several_parameters_is_the_type_before_them() -> None:
    assert claimed_by_type("application/pdf; name=a.pdf; charset=binary") is DocumentType.PDF


# --- the verdict ------------------------------------------------------------------------------------


def test_a_disguise_says_what_the_bytes_were() -> None:
    foreign = judge(Found.HTML, "boleto.pdf", "application/pdf", 10)
    assert (foreign.reason, foreign.found, foreign.detected_type, foreign.mime) == (
        Refusal.DISGUISED,
        Found.HTML,
        None,
        None,
    )
    allowed = judge(DocumentType.TXT, "boleto.pdf", "application/pdf", 10)
    assert (allowed.reason, allowed.detected_type, allowed.mime) == (Refusal.DISGUISED, DocumentType.TXT, "text/plain")


def test_a_refusal_of_a_known_type_carries_its_mime() -> None:
    refused = refuse(Refusal.PDF_ACTIVE_CONTENT, 10, DocumentType.PDF)
    assert (refused.accepted, refused.detected_type, refused.mime) == (False, DocumentType.PDF, "application/pdf")
    assert refuse(Refusal.EMPTY, 0).mime is None


# --- HEIF brands ------------------------------------------------------------------------------------


def ftyp(major: bytes, *compatible: bytes, size: int | None = None) -> bytes:
    """An `ftyp` box: size, type, major brand, minor version, compatible brands."""
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", size if size is not None else 8 + len(body)) + b"ftyp" + body


def test_a_major_brand_alone_in_a_box_of_sixteen_bytes_is_read() -> None:
    head = ftyp(b"heic")
    assert len(head) == 16 and heif_type(head) is DocumentType.HEIC
    assert heif_type(ftyp(b"mif1")) is DocumentType.HEIC


def test_fewer_than_sixteen_bytes_or_no_ftyp_box_is_no_heif() -> None:
    assert heif_type(ftyp(b"heic")[:12]) is None
    assert heif_type(ftyp(b"heic")[:15]) is None
    assert heif_type(struct.pack(">I", 24) + b"free" + b"heic" + b"\x00" * 12) is None


def test_every_compatible_brand_of_the_box_counts() -> None:
    assert heif_type(ftyp(b"isom", b"mp41", b"heic", b"iso8")) is DocumentType.HEIC
    assert heif_type(ftyp(b"isom", b"mp41", b"iso8", b"heic")) is DocumentType.HEIC


def test_brands_are_read_four_bytes_at_a_time_from_the_box_only() -> None:
    # "heic" straddling two brands is no brand.
    assert heif_type(ftyp(b"isom", b"Xhei", b"cXXX")) is None
    # What follows the box is not its brands.
    assert heif_type(ftyp(b"isom", b"mp41") + b"heic" + b"\x00" * 8) is None


def test_a_box_longer_than_the_head_read_counts_the_brands_the_head_holds() -> None:
    head = ftyp(b"isom", b"heic", b"mp41", size=0x01000010)
    assert heif_type(head) is DocumentType.HEIC


# --- plain text -------------------------------------------------------------------------------------


def test_markup_in_an_xml_declared_file_is_html_when_it_is_html() -> None:
    assert scan_text(b'<?xml version="1.0"?>\n<html><body>x</body></html>').found is Found.HTML
    assert scan_text(b'<?xml version="1.0"?>\n<note>x</note>').found is Found.XML


def test_a_marker_at_the_very_start_of_the_file_counts() -> None:
    assert scan_text(b"onload=alert(1)").verdict is TextVerdict.MARKUP


def test_a_marker_split_across_two_chunks_is_found() -> None:
    scan = TextScan()
    assert scan.feed(b"<scr") is TextVerdict.TEXT
    assert scan.feed(b"ipt>alert(1)</script>", final=True) is TextVerdict.MARKUP
    assert scan.found is Found.HTML


def test_only_the_first_chunk_can_open_with_a_shebang() -> None:
    scan = TextScan()
    scan.feed(b"Notes on the hearing\n")
    assert scan.feed(b"#! is how a script starts; this is a letter\n", final=True) is TextVerdict.TEXT


def test_a_shebang_after_a_byte_order_mark_is_a_script() -> None:
    scan = scan_text(codecs.BOM_UTF8 + b"#!/bin/sh\ncurl x | sh\n")
    assert (scan.verdict, scan.found) == (TextVerdict.SCRIPT, Found.SCRIPT)


def test_text_cut_in_the_middle_of_a_character_is_not_text() -> None:
    assert scan_text("Olá".encode()[:-1]).verdict is TextVerdict.NOT_TEXT


# --- names and keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "says"),
    [
        (".", "A file name cannot hold .; rename the file and send it again."),
        ("..", "A file name cannot hold ..; rename the file and send it again."),
        ("a/b.pdf", "A file name cannot hold /; rename the file and send it again."),
        ('a"b\\c.pdf', 'A file name cannot hold " \\; rename the file and send it again.'),
    ],
)
def test_a_name_that_could_read_as_a_path_is_refused_saying_why(file_name: str, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        FileToUpload(file_name=file_name, content_type="application/pdf", size=1)
    (error,) = refused.value.errors()
    assert error["loc"] == ("file_name",) and error["msg"] == f"Value error, {says}"


@pytest.mark.parametrize(
    "key",
    [
        "uploads/f1/documents/d1",  # not under firms/
        "firms/f1/files/d1",  # not a document
        "firms/f1/documents/d1/x",  # deeper
        "firms/f1/documents/",  # no id
        "firms//documents/d1",  # no firm
    ],
)
def test_a_key_the_server_did_not_choose_is_none(key: str) -> None:
    assert parse_document_key(key) is None


def test_a_key_the_server_chose_names_the_firm_and_the_document() -> None:
    assert parse_document_key("firms/f1/documents/d1") == ("f1", "d1")
