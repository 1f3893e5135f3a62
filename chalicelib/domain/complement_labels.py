"""The proper names of DataJud's complement keys and of their common values, in each
language (chalicelib/data/complement-labels.csv: key, value, pt-BR, es, en): DataJud sends
keys such as `tipo_de_conclusao`, which a person reads as "Tipo de conclusão"."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

from .common import Language, fold

LABELS_FILE = "complement-labels.csv"


def read_table(name: str) -> list[dict[str, str]]:
    """A CSV table of chalicelib/data/, which the Lambda zip carries."""
    text = (resources.files("chalicelib") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def _labels() -> dict[tuple[str, str], dict[str, str]]:
    return {(row["key"], fold(row["value"])): row for row in read_table(LABELS_FILE)}


def label(key: str, language: Language) -> str:
    """The complement key's proper name: "tipo_de_conclusao" -> "Tipo de conclusão"."""
    row = _labels().get((key, ""))
    if row:
        return row[language.value]
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def value_label(key: str, value: str, language: Language) -> str:
    row = _labels().get((key, fold(value)))
    return row[language.value] if row else value


def line(key: str, value: str | None, language: Language) -> str:
    """A complement as a person reads it: "Tipo de conclusão: para despacho"."""
    return f"{label(key, language)}: {value_label(key, value, language)}" if value else label(key, language)
