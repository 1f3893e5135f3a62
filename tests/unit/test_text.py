"""Free text (common.SingleLine, common.MultiLine): NFC, stripped, no control or invisible
format character; every script and emoji pass."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Any

import pytest
from pydantic import TypeAdapter, ValidationError

from chalicelib.domain import common
from chalicelib.domain.clients import ClientInput
from chalicelib.domain.common import MultiLine, Name, SingleLine
from chalicelib.domain.integration import MatterUpsert, MovementBatch
from chalicelib.domain.matters import MatterInput
from chalicelib.domain.timeline import CommentChange, UpdateInput

line = TypeAdapter(Annotated[str, SingleLine(max_length=200)])
text = TypeAdapter(Annotated[str, MultiLine(max_length=200)])
feed = TypeAdapter(Annotated[str, SingleLine(min_length=1, max_length=200, strip_controls=True)])
name = TypeAdapter(Name)

SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
FINE = [
    "Maria Souza",
    "João Gonçalves d'Ávila",
    "Zoë Ørsted-Ærø",
    "Ñandú Peña",
    "Владимир Путилин",
    "محمد عبد الله",
    "עורך דין",
    "北京市朝阳区人民法院",
    "김민준",
    "नमस्ते",
    "Ελένη",
    "می\u200cخواهم",  # Persian: a zero-width non-joiner between letters
    "क्\u200dष",  # Devanagari: a zero-width joiner after a virama
    "Maria\u00a0Souza",  # no-break space
    "🙂 🇧🇷 👍🏽",
    "\U0001f469\u200d\u2696\ufe0f",  # woman judge: a ZWJ sequence
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # family
    "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag
    SCOTLAND,
    "\U0001fae8",  # shaking face: newer than this Python's Unicode tables, still fine
    "Processo nº 123/2024 – 1ª Vara Cível (R$ 1.000,00) § 2º",
]

REFUSED = [
    ("\x00", "U+0000"),
    ("Maria\x00Souza", "U+0000"),
    ("Maria\u202eazuoS", "U+202E"),
    ("\u202aMaria", "U+202A"),
    ("Maria\u202b", "U+202B"),
    ("Ma\u202cria", "U+202C"),
    ("Ma\u202dria", "U+202D"),
    ("Ma\u2066ria\u2069", "U+2066"),
    ("Ma\u2067ria", "U+2067"),
    ("Ma\u2068ria", "U+2068"),
    ("Ma\u2069ria", "U+2069"),
    ("Ma\u200bria", "U+200B"),
    ("Ma\u200eria", "U+200E"),
    ("Ma\u200fria", "U+200F"),
    ("Ma\u2060ria", "U+2060"),
    ("Ma\ufeffria", "U+FEFF"),
    ("Ma\u00adria", "U+00AD"),
    ("Ma\u061cria", "U+061C"),
    ("ad\u200dmin", "U+200D"),  # a joiner between ASCII letters spoofs, it joins nothing
    ("admin\u200c", "U+200C"),
    ("\x1b[31mred", "U+001B"),
    ("Ma\x7fria", "U+007F"),
    ("Ma\x85ria", "U+0085"),
    ("Ma\x9bria", "U+009B"),
    ("Ma\U000e0041ria", "U+E0041"),  # a tag character outside a flag: invisible text
    ("Ma\ud800ria", "U+D800"),
]


@pytest.mark.parametrize("value", FINE)
def test_every_script_and_emoji_pass_unchanged(value: str) -> None:
    assert line.validate_python(value) == value
    assert text.validate_python(value) == value
    assert feed.validate_python(value) == value


@pytest.mark.parametrize(("value", "character"), REFUSED)
def test_controls_and_invisible_format_characters_are_refused(value: str, character: str) -> None:
    for adapter in (line, text, name):
        with pytest.raises(ValidationError) as raised:
            adapter.validate_python(value)
        [error] = raised.value.errors()
        assert error["type"] == "control_characters"
        assert error["msg"] == f"Control characters are not allowed ({character})."


@pytest.mark.parametrize(
    "value",
    [
        "Maria\nSouza",
        "Maria\r\nSouza",
        "Maria\rSouza",
        "Maria\tSouza",
        "Maria\u2028Souza",
        "Maria\u2029Souza",
        "Ma\x0bria",
        "Ma\x0cria",
    ],
)
def test_a_single_line_has_no_line_break_or_tab(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        line.validate_python(value)
    assert raised.value.errors()[0]["type"] == "control_characters"


def test_whitespace_around_is_stripped_first() -> None:
    assert line.validate_python("  Maria Souza \n") == "Maria Souza"
    assert line.validate_python("\t\u3000Maria\u00a0\r\n") == "Maria"
    assert text.validate_python("\n\n  Dear client,\nall is well.\n\n") == "Dear client,\nall is well."


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("Joa\u0303o", "João"),
        ("e\u0301", "é"),
        ("Conceic\u0327a\u0303o", "Conceição"),
        ("A\u030angstro\u0308m", "Ångström"),
        ("\u1100\u1161", "가"),  # Hangul jamo compose
        ("\u212b", "Å"),  # the angstrom sign is canonically the letter
    ],
)
def test_text_is_stored_nfc(sent: str, stored: str) -> None:
    assert unicodedata.is_normalized("NFC", stored)
    assert line.validate_python(sent) == stored
    assert text.validate_python(sent) == stored
    assert feed.validate_python(sent) == stored


def test_lengths_count_the_normalised_text_and_keep_their_messages() -> None:
    assert name.validate_python("e\u0301" * 200) == "é" * 200  # 400 code points sent, 200 stored
    with pytest.raises(ValidationError) as raised:
        name.validate_python("x" * 201)
    assert raised.value.errors()[0]["type"] == "string_too_long"
    assert raised.value.errors()[0]["msg"] == "String should have at most 200 characters"
    with pytest.raises(ValidationError) as raised:
        name.validate_python(" \n ")
    assert raised.value.errors()[0]["type"] == "string_too_short"


def test_what_is_no_string_is_refused_as_such() -> None:
    for value in (None, 12, ["Maria"], b"\xff"):
        with pytest.raises(ValidationError) as raised:
            name.validate_python(value)
        assert raised.value.errors()[0]["type"] in ("string_type", "string_unicode")
    # Bytes, which pydantic decodes in Python mode, are checked as the text they decode to.
    assert name.validate_python("Joa\u0303o".encode()) == "João"
    with pytest.raises(ValidationError):
        name.validate_python("Ma\u202eria".encode())


def test_multi_line_keeps_line_feeds_and_tabs_and_normalises_the_other_breaks() -> None:
    assert text.validate_python("one\r\ntwo\rthree\u2028four\u2029five\n\tsix") == "one\ntwo\nthree\nfour\nfive\n\tsix"
    for value in ("one\x00two", "one\x0btwo", "one\x0ctwo", "one\x85two", "one\u202etwo", "one\u200btwo"):
        with pytest.raises(ValidationError):
            text.validate_python(value)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("Juntada de\r\nPetição", "Juntada de Petição"),
        ("Juntada\tde  Petição", "Juntada de  Petição"),
        ("\x00Conclusão\u200b", "Conclusão"),
        ("Decisão\u202e", "Decisão"),
        ("Despacho\x1b[0m", "Despacho[0m"),
        ("ad\u200dmin", "admin"),
        ("\U0001f469\u200d\u2696\ufe0f", "\U0001f469\u200d\u2696\ufe0f"),
        ("Audie\u0302ncia \u2066de Instrução\u2069", "Audiência de Instrução"),
    ],
)
def test_the_feed_variant_drops_controls_instead(sent: str, stored: str) -> None:
    assert feed.validate_python(sent) == stored


def test_the_feed_variant_still_needs_some_text() -> None:
    with pytest.raises(ValidationError) as raised:
        feed.validate_python("\x00\u200b")
    assert raised.value.errors()[0]["type"] == "string_too_short"


def test_the_json_schema_is_a_plain_string() -> None:
    assert line.json_schema() == {"type": "string", "maxLength": 200}
    assert name.json_schema() == {"type": "string", "minLength": 1, "maxLength": 200}
    assert text.json_schema(mode="serialization") == {"type": "string", "maxLength": 200}


def test_the_character_classes_match_unicode() -> None:
    """Every Cc, Cf, Cs, Zl and Zp code point is refused; what else is refused is only code
    points this Python's tables (Unicode 14) do not assign yet."""
    every = "".join(map(chr, range(0x110000)))
    refused = set(re.findall(f"[{common._LINE_CONTROLS}]", every))
    wanted = {c for c in every if unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"}}
    assert wanted <= refused
    assert {unicodedata.category(c) for c in refused - wanted} <= {"Cn"}
    assert refused - set(re.findall(f"[{common._TEXT_CONTROLS}]", every)) == {"\t", "\n"}
    # The quick check before the classes: text str.isprintable accepts holds none of them.
    assert not any(c.isprintable() for c in refused)


# --- the request models use them -------------------------------------------------------


def errors_of(model: Any, data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    return [(".".join(str(p) for p in e["loc"]), e["type"]) for e in raised.value.errors()]


def test_a_client_name_with_a_bidi_override_is_refused_on_its_field() -> None:
    assert errors_of(ClientInput, {"name": "Maria \u202eazuoS"}) == [("name", "control_characters")]
    assert ClientInput(name="Joa\u0303o Silva 🙂").name == "João Silva 🙂"


def test_matter_fields_and_parties_are_single_lines() -> None:
    base = {"kind": "case", "title": "Despejo"}
    for field in ("title", "number", "court", "venue", "instance", "procedural_class"):
        assert errors_of(MatterInput, {**base, field: "x\u202ey"}) == [(field, "control_characters")]
        assert errors_of(MatterUpsert, {"number": "1", "title": "T", field: "x\ny"}) == [(field, "control_characters")]
    assert errors_of(MatterInput, {**base, "parties": [{"name": "Ana\x00", "role": "plaintiff"}]}) == [
        ("parties.0.name", "control_characters")
    ]
    assert MatterInput(**{**base, "title": "Ac\u0327a\u0303o de despejo"}).title == "Ação de despejo"


def test_updates_have_a_single_line_title_and_a_multi_line_body_and_comment() -> None:
    when = datetime(2026, 9, 1, tzinfo=UTC)
    update = UpdateInput(kind="news", occurred_at=when, text="Audie\u0302ncia marcada", body="Olá,\r\naté logo.")
    assert (update.text, update.body) == ("Audiência marcada", "Olá,\naté logo.")
    assert errors_of(UpdateInput, {"kind": "news", "occurred_at": when, "text": "Two\nlines"}) == [
        ("text", "control_characters")
    ]
    assert errors_of(UpdateInput, {"kind": "news", "occurred_at": when, "text": "T", "body": "\u202e"}) == [
        ("body", "control_characters")
    ]
    assert errors_of(CommentChange, {"comment": "ok\x00", "version": 1}) == [("comment", "control_characters")]


def test_a_court_feed_is_cleaned_not_refused() -> None:
    batch = MovementBatch.model_validate(
        {
            "format": "datajud",
            "records": [
                {
                    "numeroProcesso": "0000832-35.2018.4.01.3202\x00",
                    "classe": {"nome": "Procedimento\r\nComum Cível"},
                    "orgaoJulgador": {"nome": "1ª Vara\u202e"},
                    "tribunal": "TRF1\u200b",
                    "movimentos": [
                        {
                            "nome": "Audie\u0302ncia\x00 de Instrução",
                            "dataHora": "2024-01-02T10:00:00",
                            "complementosTabelados": [
                                {"nome": "tipo_de_audiencia\u200b", "descricao": "Instrução\x1f"}
                            ],
                        }
                    ],
                }
            ],
        }
    )
    [record] = batch.check().records
    assert record.numeroProcesso == "0000832-35.2018.4.01.3202"
    assert record.classe and record.classe.nome == "Procedimento Comum Cível"
    assert record.orgaoJulgador and record.orgaoJulgador.nome == "1ª Vara"
    assert record.tribunal == "TRF1"
    [movement] = record.movimentos
    assert movement.nome == "Audiência de Instrução"
    assert (movement.complementosTabelados[0].nome, movement.complementosTabelados[0].descricao) == (
        "tipo_de_audiencia",
        "Instrução",
    )
    plain = MovementBatch.model_validate(
        {
            "format": "plain",
            "movements": [
                {
                    "matter_number": "A-1\t",
                    "occurred_at": "2024-01-02T10:00:00Z",
                    "text": "Conclusos\u2066",
                    "complements": [{"name": "x\x00", "value": "Sim\u202e"}],
                }
            ],
        }
    )
    [p] = plain.check().movements
    assert (p.matter_number, p.text, p.complements[0].name, p.complements[0].value) == ("A-1", "Conclusos", "x", "Sim")
