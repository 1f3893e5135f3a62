"""Readability scores of plain-language text in the portal's three languages.

- pt-BR: Flesch Reading Ease adapted to Portuguese by Martins et al. (1996):
  248.835 − 1.015 × words/sentence − 84.6 × syllables/word.
- es: Szigriszt-Pazos' perspicuity (1993), the INFLESZ scale's formula:
  206.835 − 62.3 × syllables/word − words/sentence. Also Fernández-Huerta (1959),
  206.84 − 0.60 × P − 1.02 × F with P the syllables per 100 words and F read as the words per
  sentence: the paper defines F as "sentences per 100 words", which would make shorter
  sentences score *harder*; Flesch's formula, which Fernández-Huerta rescaled, has the mean
  sentence length there (Barrio-Cantalejo et al. 2008, Law 2011), and so does this one.
- en: Flesch Reading Ease (1948): 206.835 − 1.015 × words/sentence − 84.6 × syllables/word.

Syllables are counted by the small per-language counters below (vowel groups, with each
language's diphthong and hiatus rules), tested on known words in tests/unit/test_readability.py:
close to a dictionary's count on the courts' and the table's vocabulary, not a hyphenator.
Pure: no I/O, standard library only.

`python -m tools.readability` prints the code table's scores (chalicelib/data/plain-movements.*.csv)."""

from __future__ import annotations

import csv
import re
import statistics
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("pt-BR", "es", "en")

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|(?<=[.!?…])[\"')\]]*$|[;:]\s+(?=[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ])")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,/:]\d+)*", re.UNICODE)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


# --- syllables ---------------------------------------------------------------------------------


def _letters(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalpha())


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


# Portuguese and Spanish: a syllable per vowel group, less the groups that are one syllable
# (diphthongs: a strong vowel with an unstressed weak one, two weak ones), plus the hiatus
# (two strong vowels, or a weak vowel with a written accent) that split a group in two.
_IBERIAN_VOWELS = "aeiouáéíóúâêôãõàüy"
_STRONG = set("aeoáéóâêôãõàíú")  # a weak vowel with a written accent is stressed: it stands alone


def _iberian_syllables(word: str, nasal_diphthongs: bool) -> int:
    w = _letters(word)
    if not w:
        return 0
    # The u of que/qui/gue/gui is not pronounced (nor written ü in Spanish).
    w = re.sub(r"([qg])u(?=[eiéíê])", r"\1", w)
    # y is a vowel only at the end of a word or alone ("y", "hoy", "muy").
    w = re.sub(r"y(?=[aeiouáéíóú])", "j", w)
    count = 0
    for group in re.findall(f"[{_IBERIAN_VOWELS}]+", w):
        count += 1
        for first, second in zip(group, group[1:], strict=False):
            if nasal_diphthongs and first in "ãõ" and second in "eo":  # mão, mães, põe: one syllable
                continue
            if nasal_diphthongs and first in "iu" and second in "áéóâêô":
                count += 1  # Portuguese stresses the second: ci-ên-cia, di-á-rio (Spanish: a-diós)
            elif first in _STRONG and second in _STRONG:
                count += 1  # hiatus: le-ão, po-e-ta, sa-í-da, ca-er
            elif second in "íú" or (first in "íú" and second not in "íú"):
                count += 1  # a stressed weak vowel: sa-ú-de, dí-a
    return max(count, 1)


def syllables_pt(word: str) -> int:
    """Brazilian Portuguese."""
    return _iberian_syllables(word, nasal_diphthongs=True)


def syllables_es(word: str) -> int:
    """Spanish."""
    return _iberian_syllables(word, nasal_diphthongs=False)


_EN_EXCEPTIONS = {"the": 1, "people": 2, "business": 2, "every": 2, "different": 3, "being": 2, "area": 3,
                  "idea": 3, "create": 2, "created": 3, "real": 1, "science": 2, "quiet": 2, "lawyer": 2,
                  "lawyers": 2, "judgment": 2, "agreement": 3, "someone": 2, "sometimes": 2, "whenever": 3,
                  "evaluate": 4, "appeal": 2, "appeals": 2, "period": 3, "ruling": 2, "trial": 2}  # fmt: skip


def syllables_en(word: str) -> int:
    """English: vowel groups, less a silent final e and the -ed/-es that add no syllable."""
    w = _letters(_strip_accents(word))
    if not w:
        return 0
    if w in _EN_EXCEPTIONS:
        return _EN_EXCEPTIONS[w]
    if len(w) <= 3:
        return 1
    base = w
    if re.search(r"[^aeiouy]ed$", base) and not re.search(r"[td]ed$", base):
        base = base[:-2]  # asked, filed: no syllable
    elif re.search(r"[^aeiouy]es$", base) and not re.search(r"(?:[sxz]|ch|sh|[cg])es$", base):
        base = base[:-1]  # makes, rules: the e is silent; cases, judges keep it
    if re.search(r"[^aeiouy]e$", base) and not re.search(r"[^aeiouy]le$", base):
        base = base[:-1]  # make, decide; but table, possible
    groups = re.findall(r"[aeiouy]+", base.removeprefix("y"))
    count = len(groups)
    # -ia-, -io-, -ua-, -uo-, -eo- usually split: period, via, situation, video, individual
    count += len(re.findall(r"(?:[iu]a|io|eo|iu|uo)(?!u)", base)) - len(re.findall(r"(?:qu|gu)[aio]", base))
    count -= len(re.findall(r"(?:tion|sion|cial|tial|cious|tious)", base))  # one syllable, not two
    return max(count, 1)


SYLLABLES: dict[str, Callable[[str], int]] = {"pt-BR": syllables_pt, "es": syllables_es, "en": syllables_en}


# --- text ------------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """The text's sentences: split after ., !, ? or …; a text without a final stop is one."""
    cleaned = " ".join(_PLACEHOLDER.sub("", text).split())
    return [s.strip() for s in _SENTENCE_END.split(cleaned) if s and _WORD.search(s)]


def words(text: str) -> list[str]:
    """Words and numbers (a date, an amount, "14:30" is one word of one syllable)."""
    return _WORD.findall(_PLACEHOLDER.sub("", text))


@dataclass(frozen=True)
class Counts:
    sentences: int
    words: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0


def counts(text: str, language: str) -> Counts:
    syllable = SYLLABLES[language]
    found = words(text)
    total = sum(1 if w[0].isdigit() else syllable(w) for w in found)
    return Counts(len(sentences(text)) or (1 if found else 0), len(found), total)


# --- formulas --------------------------------------------------------------------------------


def flesch_martins(c: Counts) -> float:
    """pt-BR: Martins et al. (1996)."""
    return 248.835 - 1.015 * c.words_per_sentence - 84.6 * c.syllables_per_word


def szigriszt_pazos(c: Counts) -> float:
    """es: Szigriszt-Pazos (1993), perspicuity."""
    return 206.835 - 62.3 * c.syllables_per_word - c.words_per_sentence


def fernandez_huerta(c: Counts) -> float:
    """es: Fernández-Huerta (1959), with F the mean sentence length (see the module's note)."""
    return 206.84 - 0.60 * (100 * c.syllables_per_word) - 1.02 * c.words_per_sentence


def flesch(c: Counts) -> float:
    """en: Flesch Reading Ease (1948)."""
    return 206.835 - 1.015 * c.words_per_sentence - 84.6 * c.syllables_per_word


@dataclass(frozen=True)
class Scale:
    formula: str
    score: Callable[[Counts], float]
    fairly_easy: float  # at or above: "fairly easy" on the formula's own scale
    bands: str


SCALES: dict[str, Scale] = {
    "pt-BR": Scale("Flesch adapted by Martins et al. (1996)", flesch_martins, 70.0,
                   "built to read like Flesch's: 70–80 fairly easy, 60–70 standard"),
    "es": Scale("Szigriszt-Pazos (INFLESZ)", szigriszt_pazos, 65.0,
                "INFLESZ: 65–80 bastante fácil, 55–65 normal, 40–55 algo difícil"),
    "en": Scale("Flesch Reading Ease", flesch, 70.0, "70–80 fairly easy, 60–70 standard, 50–60 fairly difficult"),
}  # fmt: skip


def score(text: str, language: str) -> float:
    return SCALES[language].score(counts(text, language))


# --- the code table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TableReadability:
    language: str
    formula: str
    texts: int
    mean: float
    median: float
    fairly_easy_share: float
    threshold: float
    fernandez_huerta_mean: float | None  # es only
    longest_sentence: str
    longest_words: int
    words_per_sentence: float
    syllables_per_word: float


def table_texts(language: str, folder: Path = ROOT / "chalicelib" / "data") -> list[str]:
    """The `happened` and `next` texts of the code table in that language, the empty ones left out."""
    with open(folder / f"plain-movements.{language}.csv", newline="", encoding="utf-8") as f:
        return [text for row in csv.DictReader(f) for text in (row["happened"], row["next"]) if text.strip()]


def of_texts(texts: Iterable[str], language: str) -> TableReadability:
    scale = SCALES[language]
    listed = list(texts)
    measured = [counts(t, language) for t in listed]
    scores = [scale.score(c) for c in measured]
    all_sentences = [s for t in listed for s in sentences(t)]
    longest = max(all_sentences, key=lambda s: len(words(s)))
    total = Counts(sum(c.sentences for c in measured), sum(c.words for c in measured),
                   sum(c.syllables for c in measured))  # fmt: skip
    return TableReadability(
        language=language,
        formula=scale.formula,
        texts=len(listed),
        mean=statistics.fmean(scores),
        median=statistics.median(scores),
        fairly_easy_share=sum(s >= scale.fairly_easy for s in scores) / len(scores),
        threshold=scale.fairly_easy,
        fernandez_huerta_mean=statistics.fmean(fernandez_huerta(c) for c in measured) if language == "es" else None,
        longest_sentence=longest,
        longest_words=len(words(longest)),
        words_per_sentence=total.words_per_sentence,
        syllables_per_word=total.syllables_per_word,
    )


def code_table() -> list[TableReadability]:
    return [of_texts(table_texts(language), language) for language in LANGUAGES]


def main() -> int:
    for r in code_table():
        extra = f", Fernández-Huerta {r.fernandez_huerta_mean:.1f}" if r.fernandez_huerta_mean is not None else ""
        print(f"{r.language}: {r.formula} mean {r.mean:.1f} (median {r.median:.1f}{extra}) over {r.texts} texts, "
              f"{r.fairly_easy_share:.0%} ≥ {r.threshold:.0f}; {r.words_per_sentence:.1f} words/sentence, "
              f"{r.syllables_per_word:.2f} syllables/word; longest sentence {r.longest_words} words: "
              f"{r.longest_sentence}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
