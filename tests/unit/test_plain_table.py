"""B1: the plain-language code table (chalicelib/data/plain-movements.<language>.csv and
complement-labels.csv): every CNJ code it claims, in every language, written for someone
with no legal training; and how a movement's code and complements choose its text."""

from __future__ import annotations

import csv
import io
import re
from importlib import resources

import pytest

from chalicelib.domain import plain_table
from chalicelib.domain.common import Language
from chalicelib.domain.complement_labels import LABELS_FILE, label, value_label
from chalicelib.domain.timeline import Complement
from chalicelib.domain.translations import PlainText, with_court_facts

LANGUAGES = list(Language)
# Latin and the lawyer's shorthand a client does not read (checked as whole words, folded).
FORBIDDEN = re.compile(
    r"\b(ad quem|a quo|data venia|ex officio|ex-officio|in limine|sub judice|inaudita altera|"
    r"habeas|exequatur|art|arts|cpc|cpp|clt|lei n|stf|stj|tst|trf|trt|inss)\b\.?",
    re.IGNORECASE,
)
MAX_WORDS_PER_SENTENCE = 22


def rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("chalicelib") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def table(language: Language) -> list[dict[str, str]]:
    return rows(plain_table.table_file(language))


def tpu_codes() -> set[int]:
    return {int(r["code"]) for r in rows("cnj-tpu-movimentos.csv")}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


@pytest.mark.parametrize("language", LANGUAGES, ids=str)
def test_every_cnj_code_has_one_base_text_in_every_language(language: Language) -> None:
    base = [int(r["code"]) for r in table(language) if not r["when"]]
    assert sorted(base) == sorted(set(base))  # once each
    assert set(base) == tpu_codes()
    assert len(base) >= 150  # the floor; the table holds every code of the TPU


def test_the_three_languages_have_the_same_rows_and_the_same_advice_to_act() -> None:
    shapes = {lang: [(r["code"], r["when"], r["action"]) for r in table(lang)] for lang in LANGUAGES}
    assert shapes[Language.ES] == shapes[Language.PT_BR] == shapes[Language.EN]


@pytest.mark.parametrize("language", LANGUAGES, ids=str)
def test_every_text_is_short_plain_and_complete(language: Language) -> None:
    for row in table(language):
        where = f"{language} {row['code']} {row['when']!r}"
        assert row["happened"].strip() and row["next"].strip(), where
        assert row["action"] in ("yes", "no"), where
        for field in ("happened", "next"):
            text = row[field]
            assert not FORBIDDEN.search(text), f"{where}: {FORBIDDEN.search(text)}"
            assert not re.search(r"\d", text), f"{where}: a number in {text!r}"
            for sentence in sentences(text):
                assert len(sentence.split()) <= MAX_WORDS_PER_SENTENCE, f"{where}: {sentence!r}"
            conditions = plain_table.conditions_of(row["when"])
            wildcards = [key for key, value in conditions if value == plain_table.ANY]
            fillable = {"{" + key + "}" for key, _ in conditions} | ({"{value}"} if len(wildcards) == 1 else set())
            placeholders = set(re.findall(r"{[^}]*}", text))
            assert placeholders <= fillable, f"{where}: {placeholders - fillable} has nothing to fill it"


def test_every_complement_key_of_the_table_has_a_proper_name_in_every_language() -> None:
    keys = {key for lang in LANGUAGES for r in table(lang) for key, _ in plain_table.conditions_of(r["when"])}
    named = {r["key"] for r in rows(LABELS_FILE) if not r["value"]}
    assert keys <= named
    for row in rows(LABELS_FILE):
        assert all(row[lang.value].strip() for lang in LANGUAGES), row


def test_labels_have_their_accents() -> None:
    assert label("tipo_de_conclusao", Language.PT_BR) == "Tipo de conclusão"
    assert label("tipo_de_audiencia", Language.PT_BR) == "Tipo de audiência"
    assert label("a_key_nobody_named", Language.PT_BR) == "A key nobody named"
    assert value_label("tipo_de_audiencia", "conciliacao", Language.ES).casefold() == "conciliación"
    assert value_label("tipo_de_audiencia", "Especial", Language.EN) == "Especial"  # unknown: as sent


# --- choosing the text ----------------------------------------------------------------------------


def complement(key: str, value: str) -> Complement:
    return Complement(code=1, name=value, value="2", description=key)


def explained(code: int | None, *complements: Complement, parent: int | None = None) -> tuple[PlainText, str] | None:
    found = plain_table.explain(code, parent, list(complements), Language.PT_BR)
    return None if found is None else (found[0], found[1].value)


def base_text(code: int) -> str:
    return next(r["happened"] for r in table(Language.PT_BR) if r["code"] == str(code) and not r["when"])


def test_a_code_gets_its_base_text_from_the_table() -> None:
    found = explained(51)
    assert found is not None and found[1] == "table" and found[0].happened == base_text(51)


def test_a_complement_value_with_a_text_of_its_own_chooses_it_whatever_its_accents() -> None:
    found = explained(51, complement("tipo_de_conclusao", "PARA SENTENCA"))
    assert found is not None and "sentença" in found[0].happened
    assert found[0].happened != base_text(51)


def test_any_other_value_fills_the_general_variant_with_its_label() -> None:
    found = plain_table.explain(970, None, [complement("tipo_de_audiencia", "Especial Revisional")], Language.PT_BR)
    assert found is not None and "Especial Revisional" in found[0].happened
    es = plain_table.explain(970, None, [complement("tipo_de_audiencia", "Conciliação")], Language.ES)
    assert es is not None and "conciliación" in es[0].happened.casefold()


def test_a_hearings_status_says_more_than_its_type() -> None:
    both = explained(
        970, complement("tipo_de_audiencia", "Conciliação"), complement("situacao_da_audiencia", "designada")
    )
    cancelled = explained(
        970, complement("tipo_de_audiencia", "Conciliação"), complement("situacao_da_audiencia", "cancelada")
    )
    assert both is not None and cancelled is not None
    assert both[0].happened == "Foi marcada uma audiência (Conciliação) no seu processo."
    assert cancelled[0].happened == "A audiência (Conciliação) foi cancelada."
    status_only = explained(970, complement("situacao_da_audiencia", "designada"))
    assert status_only is not None and status_only[0].happened == "Foi marcada uma audiência no seu processo."
    en = plain_table.explain(
        970,
        None,
        [complement("tipo_de_audiencia", "Conciliação"), complement("situacao_da_audiencia", "Não-Realizada")],
        Language.EN,
    )
    assert en is not None and en[0].happened == "The hearing (conciliation) did not take place on the set date."


def test_a_complement_the_table_does_not_know_leaves_the_base_text() -> None:
    found = explained(51, complement("motivo_qualquer", "outro"))
    assert found is not None and found[0].happened == base_text(51)


def test_a_local_code_uses_its_national_parent_and_says_so() -> None:
    assert explained(90051, parent=51) == (explained(51)[0], "parent")  # type: ignore[index]


def test_a_local_code_with_no_parent_is_not_in_the_table() -> None:
    assert explained(90051) is None
    assert explained(None) is None


def test_what_the_court_wrote_beside_the_code_is_kept_as_written() -> None:
    plain = PlainText(happened="Foi marcada uma audiência.", next="Seu advogado vai informar.")
    kept = with_court_facts(plain, ["10/03/2027", "14:00"], Language.PT_BR)
    assert kept.happened == "Foi marcada uma audiência. Informado pelo tribunal: 10/03/2027, 14:00."
    assert with_court_facts(plain, [], Language.EN) == plain
    assert "As the court wrote it: R$ 500,00." in with_court_facts(plain, ["R$ 500,00"], Language.EN).happened


@pytest.mark.parametrize(
    ("sent", "line"),
    [
        # DataJud as the CNJ API serves it: the key in descricao, the value's name in nome.
        (
            {"name": "para despacho", "value": "5", "description": "tipo_de_conclusao"},
            "Tipo de conclusão: para despacho",
        ),
        # Key and words swapped, as some feeds (and older documentation) send them.
        ({"name": "tipo_de_peticao", "value": "57", "description": "Contestação"}, "Tipo de petição: Contestação"),
        # The plain format and the seed: the key in name, the words in value.
        ({"name": "tipo_de_distribuicao_redistribuicao", "value": "sorteio"}, "Tipo de distribuição: sorteio"),
        ({"name": "Prazo", "value": "15"}, "Prazo: 15"),
        ({"name": "Urgente"}, "Urgente"),
    ],
)
def test_a_complement_reads_as_its_proper_label_and_its_words(sent: dict[str, str], line: str) -> None:
    assert Complement(**sent).line(Language.PT_BR) == line


def test_a_codes_national_parents_nearest_first() -> None:
    from chalicelib.domain import movement_codes

    assert movement_codes.ancestors(12750) == [970, 48, 14]
    assert movement_codes.ancestors(14) == []
    assert movement_codes.ancestors(90051) == []  # a court's local code is not in the table


def test_the_whole_name_of_a_child_reads_on_or_stands_apart() -> None:
    from chalicelib.domain.movement_codes import name_of, whole_name

    assert whole_name("Audiência | de Instrução e Julgamento") == "Audiência de Instrução e Julgamento"
    assert whole_name("Juntada | Petição") == "Juntada - Petição"
    assert whole_name(" Conclusão ") == "Conclusão"
    assert whole_name("Julgamento | Com Resolução do Mérito | Procedência") == (
        "Julgamento - Com Resolução do Mérito - Procedência"
    )
    assert name_of(12750) == "Audiência de Instrução e Julgamento"
    assert name_of(90051, 51) == "Conclusão"
    assert name_of(90051) == "Movimento 90051"


def test_the_tables_are_read_as_utf8_csv() -> None:
    from chalicelib.domain.complement_labels import read_table

    first = read_table(LABELS_FILE)[0]
    assert list(first) == ["key", "value", "pt-BR", "es", "en"]
    conclusion = next(row for row in read_table(LABELS_FILE) if row["key"] == "tipo_de_conclusao" and not row["value"])
    assert conclusion["pt-BR"] == "Tipo de conclusão"
