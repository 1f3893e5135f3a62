"""The CNJ's table of movements (TPU): a court movement's name from its code, for the
courts' feeds that send a code and no name."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

from .common import fold

TABLE = "cnj-tpu-movimentos.csv"  # chalicelib/data/: inside the Lambda zip, which packages chalicelib/


def whole_name(path: str) -> str:
    """The movement's whole name from its path in the table: a child part that reads on
    ("de Instrução e Julgamento") continues its parent's name; a capitalised one is a
    phrase of its own ("Juntada - Petição")."""
    name = ""
    for part in (p.strip() for p in path.split("|")):
        if not name:
            name = part
        elif part[:1].islower():
            name = f"{name} {part}"
        elif part:
            name = f"{name} - {part}"
    return name


@lru_cache(maxsize=1)
def _rows() -> list[dict[str, str]]:
    # Read on first use, once per container: most requests never need it.
    text = (resources.files("chalicelib") / "data" / TABLE).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def _names() -> dict[int, str]:
    return {int(row["code"]): whole_name(row["path"]) for row in _rows()}


@lru_cache(maxsize=1)
def _parents() -> dict[int, int]:
    return {int(row["code"]): int(row["parent_code"]) for row in _rows() if row["parent_code"]}


def ancestors(code: int) -> list[int]:
    """The code's national parents in the table, nearest first."""
    found: list[int] = []
    parent = _parents().get(code)
    while parent is not None and parent not in found:
        found.append(parent)
        parent = _parents().get(parent)
    return found


def is_national(code: int) -> bool:
    return code in _names()


def named(code: int | None, sent: str | None, parent: int | None = None) -> str:
    """The name a movement is shown with. DataJud's `nome` of a child movement often holds
    only the child part ("de Instrução e Julgamento" for code 272): when the code's whole
    name in the table ends with what was sent, the whole name; a name of the court's own
    ("Audiência de conciliação designada para 10/03/2027") stays as sent."""
    if sent is None:
        assert code is not None, "a movement has its code or its name"
        return name_of(code, parent)
    whole = _names().get(code) if code is not None else None
    if whole is not None and whole != sent and fold(whole).endswith(fold(sent)):
        return whole
    return sent


def name_of(code: int, parent: int | None = None) -> str:
    """The table's whole name of the code; else its national parent's; else "Movimento <code>"."""
    names = _names()
    if code in names:
        return names[code]
    if parent is not None and parent in names:
        return names[parent]
    # A court's local code with no national parent: the client reads a sentence, and a bare
    # number would read as nothing; the code stays visible for the firm to look it up.
    return f"Movimento {code}"
