"""Issue 9: the pure rules of client uploads: the allow-list, the limits, what names and
declared types claim, the verdict against the bytes, bombs, office packages, HEIF brands
and plain text."""

from __future__ import annotations

import pytest

from chalicelib.domain.documents import (
    ALLOWED,
    MB,
    REFUSAL_MESSAGES,
    DocumentType,
    Found,
    InspectionLimits,
    Refusal,
    TextScan,
    TextVerdict,
    accept,
    check_size,
    claimed_by_name,
    claimed_by_type,
    extension,
    has_macro_member,
    heif_type,
    judge,
    office_type,
    refuse,
    scan_text,
    too_many_pixels,
    zip_bomb,
)
from chalicelib.domain.errors import InvalidInput


def test_the_allow_list_is_the_eight_types_with_their_mime_and_extensions() -> None:
    assert set(ALLOWED) == set(DocumentType)
    assert ALLOWED[DocumentType.PDF].mime == "application/pdf"
    assert ALLOWED[DocumentType.JPEG].extensions[0] == ".jpg"
    assert ".heif" in ALLOWED[DocumentType.HEIC].extensions
    assert ALLOWED[DocumentType.DOCX].mime.endswith("wordprocessingml.document")
    assert ALLOWED[DocumentType.XLSX].mime.endswith("spreadsheetml.sheet")
    assert ALLOWED[DocumentType.ODT].mime == "application/vnd.oasis.opendocument.text"
    assert ALLOWED[DocumentType.TXT].mime == "text/plain"
    extensions = [ext for spec in ALLOWED.values() for ext in spec.extensions]
    assert len(extensions) == len(set(extensions)), "an extension names one type"


def test_every_refusal_has_an_english_sentence() -> None:
    assert set(REFUSAL_MESSAGES) == set(Refusal)
    for reason in Refusal:
        assert reason.message.endswith(".") and reason.message[0].isupper()
    assert {r.value for r in Refusal} >= {
        "empty",
        "too_big",
        "type_not_allowed",
        "disguised",
        "pdf_active_content",
        "decompression_bomb",
        "malware",
        "unreadable",
    }


def test_limits_default_to_25_mb_and_a_firm_may_choose_up_to_100() -> None:
    limits = InspectionLimits()
    assert (limits.max_bytes, limits.max_pixels, limits.max_zip_ratio, limits.max_unpacked_bytes) == (
        25 * MB,
        50_000_000,
        100,
        200 * MB,
    )
    assert InspectionLimits.for_firm(None) == limits
    assert InspectionLimits.for_firm(100).max_bytes == 100 * MB
    with pytest.raises(InvalidInput):
        InspectionLimits.for_firm(101)
    with pytest.raises(InvalidInput):
        InspectionLimits(max_bytes=0)
    with pytest.raises(InvalidInput):
        InspectionLimits(max_pixels=0)


def test_limits_are_frozen() -> None:
    with pytest.raises(AttributeError):
        InspectionLimits().max_bytes = 1  # type: ignore[misc]


def test_size_checks() -> None:
    limits = InspectionLimits(max_bytes=10)
    assert check_size(0, limits) is Refusal.EMPTY
    assert check_size(1, limits) is None
    assert check_size(10, limits) is None
    assert check_size(11, limits) is Refusal.TOO_BIG


@pytest.mark.parametrize(
    ("name", "ext"),
    [
        ("contrato.PDF", ".pdf"),
        ("C:\\Users\\ana\\foto.Jpeg", ".jpeg"),
        ("pasta/arquivo.tar.gz", ".gz"),
        (".bashrc", ""),
        ("sem extensão", ""),
        ("nota.txt ", ".txt"),
    ],
)
def test_extension(name: str, ext: str) -> None:
    assert extension(name) == ext


def test_what_names_claim() -> None:
    assert claimed_by_name("IMG_0002.HEIC") is DocumentType.HEIC
    assert claimed_by_name("foto.jfif") is DocumentType.JPEG
    assert claimed_by_name("setup.exe") is Found.OTHER
    assert claimed_by_name("pagina.html") is Found.OTHER
    assert claimed_by_name("contrato.docm") is Found.OTHER
    assert claimed_by_name("Contrato v2.final") is None
    assert claimed_by_name("contrato") is None


def test_what_declared_types_claim() -> None:
    assert claimed_by_type("application/pdf") is DocumentType.PDF
    assert claimed_by_type("text/plain; charset=utf-8") is DocumentType.TXT
    assert claimed_by_type("IMAGE/HEIF") is DocumentType.HEIC
    assert claimed_by_type("image/pjpeg") is DocumentType.JPEG
    assert claimed_by_type("text/html") is Found.OTHER
    assert claimed_by_type("application/octet-stream") is None
    assert claimed_by_type("") is None


def test_bytes_of_an_allowed_type_are_accepted_when_the_claims_agree_or_say_nothing() -> None:
    verdict = judge(DocumentType.PDF, "contrato.pdf", "application/pdf", 100)
    assert verdict == accept(DocumentType.PDF, 100)
    assert verdict.accepted and verdict.mime == "application/pdf" and verdict.reason is None
    assert judge(DocumentType.PDF, "contrato", "application/octet-stream", 100).accepted
    assert judge(DocumentType.DOCX, "Contrato v2.final", "", 100).accepted


def test_a_photo_with_another_photo_extension_is_accepted_as_what_it_is() -> None:
    verdict = judge(DocumentType.HEIC, "IMG_0003.jpg", "image/jpeg", 100)
    assert verdict.accepted and verdict.detected_type is DocumentType.HEIC and verdict.mime == "image/heic"


def test_bytes_that_disagree_with_a_claim_are_disguised() -> None:
    assert judge(DocumentType.TXT, "contrato.pdf", "application/pdf", 5).reason is Refusal.DISGUISED
    assert judge(DocumentType.PDF, "setup.exe", "", 5).reason is Refusal.DISGUISED
    assert judge(DocumentType.PDF, "contrato.pdf", "text/html", 5).reason is Refusal.DISGUISED
    assert judge(DocumentType.DOCX, "planilha.xlsx", "", 5).reason is Refusal.DISGUISED
    assert judge(DocumentType.JPEG, "foto.pdf", "", 5).reason is Refusal.DISGUISED
    refused = judge(DocumentType.TXT, "contrato.pdf", "", 5)
    assert not refused.accepted and refused.detected_type is DocumentType.TXT and refused.size == 5


def test_foreign_bytes_are_disguised_when_they_claim_an_allowed_type_and_not_allowed_otherwise() -> None:
    for found in (Found.EXECUTABLE, Found.HTML, Found.SVG, Found.SCRIPT):
        assert judge(found, "extrato.pdf", "", 5).reason is Refusal.DISGUISED
        assert judge(found, "arquivo", "application/pdf", 5).reason is Refusal.DISGUISED
    assert judge(Found.EXECUTABLE, "setup.exe", "application/x-msdownload", 5).reason is Refusal.TYPE_NOT_ALLOWED
    assert judge(Found.SVG, "logo.svg", "image/svg+xml", 5).reason is Refusal.TYPE_NOT_ALLOWED
    refused = judge(Found.HTML, "sem nome", "", 5)
    assert refused.reason is Refusal.TYPE_NOT_ALLOWED and refused.found is Found.HTML and refused.detected_type is None


def test_a_refusal_carries_its_message_and_stripping_is_recorded() -> None:
    refused = refuse(Refusal.TOO_BIG, 30 * MB)
    assert refused.message == Refusal.TOO_BIG.message and refused.mime is None
    accepted = accept(DocumentType.JPEG, 10)
    assert accepted.message is None and not accepted.metadata_stripped
    assert accepted.with_metadata_stripped().metadata_stripped


def test_pixels_over_the_limit() -> None:
    limits = InspectionLimits()
    assert not too_many_pixels(5_000, 10_000, limits)
    assert too_many_pixels(5_001, 10_000, limits)
    assert too_many_pixels(10_000, 6_000, limits)


def test_zip_bombs_by_ratio_or_by_total() -> None:
    limits = InspectionLimits()
    assert not zip_bomb(1 * MB, 100 * MB, limits)
    assert zip_bomb(1 * MB, 100 * MB + 1, limits)
    assert zip_bomb(3 * MB, 200 * MB + 1, limits)
    assert not zip_bomb(3 * MB, 200 * MB, limits)
    assert zip_bomb(0, 101, limits)


def test_office_types_from_content_types() -> None:
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    assert office_type(["application/xml", docx]) is DocumentType.DOCX
    assert office_type([xlsx]) is DocumentType.XLSX
    assert office_type(["application/vnd.ms-word.document.macroEnabled.main+xml"]) is Refusal.MACROS
    assert office_type([docx, "application/vnd.ms-office.vbaProject"]) is Refusal.MACROS
    assert office_type(["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"]) is None


def test_macro_members() -> None:
    assert has_macro_member(["word/document.xml", "word/vbaProject.bin"])
    assert has_macro_member(["content.xml", "Basic/Standard/Module1.xml"])
    assert has_macro_member(["Scripts/python/run.py"])
    assert not has_macro_member(["word/document.xml", "word/media/image1.png"])


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = b"ftyp" + major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (len(body) + 4).to_bytes(4, "big") + body + b"\x00" * 16


def test_heif_brands() -> None:
    assert heif_type(_ftyp(b"heic", b"mif1", b"heic")) is DocumentType.HEIC
    assert heif_type(_ftyp(b"mif1", b"heic")) is DocumentType.HEIC
    assert heif_type(_ftyp(b"mif1", b"miaf")) is DocumentType.HEIC
    assert heif_type(_ftyp(b"avif", b"mif1", b"miaf")) is None
    assert heif_type(_ftyp(b"mif1", b"avif")) is None
    assert heif_type(_ftyp(b"isom", b"mp41")) is None
    assert heif_type(b"\x00\x00\x00\x18moov") is None


def test_plain_text_in_utf8_with_accents_is_text() -> None:
    scan = scan_text("Olá, Dra. Conceição!\r\n\tAção nº 123 — São Paulo.\f\n".encode())
    assert scan.verdict is TextVerdict.TEXT and scan.found is None
    assert scan_text("\ufeffCom BOM.\n".encode()).verdict is TextVerdict.TEXT


@pytest.mark.parametrize(
    ("data", "verdict", "found"),
    [
        (b"#!/bin/sh\nrm -rf ~\n", TextVerdict.SCRIPT, Found.SCRIPT),
        (b"  #!/usr/bin/env python\n", TextVerdict.SCRIPT, Found.SCRIPT),
        (b"<!DOCTYPE html><p>oi</p>", TextVerdict.MARKUP, Found.HTML),
        (b"Prezados,\n<script>alert(1)</script>", TextVerdict.MARKUP, Found.HTML),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', TextVerdict.MARKUP, Found.SVG),
        (b'<?xml version="1.0"?><note/>', TextVerdict.MARKUP, Found.XML),
        (b"<a href='javascript:alert(1)'>x</a>", TextVerdict.MARKUP, Found.HTML),
        (b"texto\x00com NUL", TextVerdict.NOT_TEXT, Found.OTHER),
        (b"texto\x1bcom ESC", TextVerdict.NOT_TEXT, Found.OTHER),
        ("latin-1: ação".encode("latin-1"), TextVerdict.NOT_TEXT, Found.OTHER),
    ],
)
def test_what_is_not_plain_text(data: bytes, verdict: TextVerdict, found: Found) -> None:
    scan = scan_text(data)
    assert (scan.verdict, scan.found) == (verdict, found)


def test_the_text_scan_reads_chunk_by_chunk() -> None:
    accented = "ação".encode()
    scan = TextScan()
    # A character split across two chunks is still text.
    assert scan.feed(accented[:2]) is TextVerdict.TEXT
    assert scan.feed(accented[2:] + b"\n", final=True) is TextVerdict.TEXT
    # A marker split across two chunks is still found.
    scan = TextScan()
    scan.feed(b"a" * 100 + b"<scr")
    assert scan.feed(b"ipt>", final=True) is TextVerdict.MARKUP
    # A character cut off at the end is not text.
    scan = TextScan()
    scan.feed("açã".encode()[:-1])
    assert scan.feed(b"", final=True) is TextVerdict.NOT_TEXT
    # Once decided, the verdict stays.
    assert scan.feed(b"plain", final=True) is TextVerdict.NOT_TEXT
