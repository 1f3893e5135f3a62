"""The readability formulas and syllable counters of tools/readability.py, on known examples."""

from __future__ import annotations

import pytest

from tools import readability as r
from tools.readability import Counts

# --- the formulas, on counts worked out by hand --------------------------------------------------


def test_flesch_on_the_cat_sat_on_the_mat() -> None:
    # One sentence, six words, six syllables: 206.835 - 1.015 × 6 - 84.6 × 1 = 116.145.
    assert r.counts("The cat sat on the mat.", "en") == Counts(1, 6, 6)
    assert r.score("The cat sat on the mat.", "en") == pytest.approx(116.145)


def test_the_formulas_on_ten_words_of_fifteen_syllables_in_one_sentence() -> None:
    c = Counts(sentences=1, words=10, syllables=15)
    assert r.flesch(c) == pytest.approx(206.835 - 10.15 - 126.9)  # 69.785
    assert r.flesch_martins(c) == pytest.approx(248.835 - 10.15 - 126.9)  # 111.785: Martins adds 42
    assert r.szigriszt_pazos(c) == pytest.approx(206.835 - 93.45 - 10)  # 103.385
    assert r.fernandez_huerta(c) == pytest.approx(206.84 - 0.60 * 150 - 1.02 * 10)  # 106.64


def test_longer_sentences_and_longer_words_score_lower_in_every_formula() -> None:
    short, long_sentences, long_words = Counts(2, 20, 30), Counts(1, 20, 30), Counts(2, 20, 40)
    for formula in (r.flesch, r.flesch_martins, r.szigriszt_pazos, r.fernandez_huerta):
        assert formula(long_sentences) < formula(short)
        assert formula(long_words) < formula(short)


def test_a_portuguese_sentence_scored_by_martins() -> None:
    text = "O juiz marcou uma audiência."  # o juiz mar-cou u-ma au-di-ên-cia: 1+1+2+2+4 = 10 syllables
    assert r.counts(text, "pt-BR") == Counts(1, 5, 10)
    assert r.score(text, "pt-BR") == pytest.approx(248.835 - 1.015 * 5 - 84.6 * 2)


def test_a_spanish_sentence_scored_by_szigriszt_pazos() -> None:
    text = "El juez dictó sentencia. Su abogado la va a leer."  # 1+1+2+3 / 1+4+1+1+1+2 = 7 + 10
    assert r.counts(text, "es") == Counts(2, 10, 17)
    assert r.score(text, "es") == pytest.approx(206.835 - 62.3 * 1.7 - 5)


# --- syllables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("juiz", 1), ("processo", 3), ("audiência", 4), ("decisão", 3), ("sentença", 3), ("leão", 2),
        ("poeta", 3), ("saída", 3), ("saúde", 3), ("coordenação", 5), ("que", 1), ("quando", 2),
        ("mães", 1), ("põe", 1), ("advogado", 4), ("país", 2), ("juíza", 3), ("citação", 3), ("réu", 1),
        ("trânsito", 3), ("julgado", 3), ("arquivamento", 5), ("homologado", 5), ("ciência", 3), ("diário", 3),
    ],
)  # fmt: skip
def test_portuguese_syllables(word: str, expected: int) -> None:
    assert r.syllables_pt(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("juez", 1), ("sentencia", 3), ("audiencia", 3), ("día", 2), ("país", 2), ("poeta", 3), ("que", 1),
        ("guerra", 2), ("pingüino", 3), ("hoy", 1), ("leyes", 2), ("y", 1), ("abogado", 4), ("decisión", 3),
        ("tribunal", 3), ("caer", 2), ("oír", 2), ("ciudad", 2), ("adiós", 2), ("leer", 2),
    ],
)  # fmt: skip
def test_spanish_syllables(word: str, expected: int) -> None:
    assert r.syllables_es(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("the", 1), ("judge", 1), ("case", 1), ("cases", 2), ("asked", 1), ("decided", 3), ("hearing", 2),
        ("table", 2), ("lawyer", 2), ("decision", 3), ("scheduled", 2), ("period", 3), ("court", 1),
        ("appeal", 2), ("documents", 3), ("possible", 3), ("make", 1), ("makes", 1), ("judges", 2),
        ("situation", 4), ("every", 2), ("ruling", 2), ("agreement", 3), ("procedure", 3),
    ],
)  # fmt: skip
def test_english_syllables(word: str, expected: int) -> None:
    assert r.syllables_en(word) == expected


# --- text ------------------------------------------------------------------------------------


def test_sentences_split_after_stops_and_dates_and_amounts_are_one_word() -> None:
    text = "A audiência foi marcada para 10/03/2025 às 14:30. O valor é R$ 1.234,56! Tudo certo?"
    assert len(r.sentences(text)) == 3
    assert "10/03/2025" in r.words(text) and "1.234,56" in r.words(text)


def test_placeholders_of_the_table_are_left_out() -> None:
    assert r.words("A audiência de {value} foi marcada.") == ["A", "audiência", "de", "foi", "marcada"]


def test_the_code_table_scores_in_every_language() -> None:
    for found in r.code_table():
        assert found.texts > 1000
        assert 0 < found.fairly_easy_share <= 1
        assert found.longest_words >= found.words_per_sentence
