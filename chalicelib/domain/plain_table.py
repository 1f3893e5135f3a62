"""B1: the plain-language code table, kept as data (chalicelib/data/):

- `plain-movements.<language>.csv` (code, when, happened, next, action): per CNJ movement code
  a base text, and variants `when` a complement changes the meaning (`tipo_de_conclusao=para
  despacho`, or `tipo_de_audiencia=*` with `{value}` filled with the value's label);
- `complement-labels.csv` (key, value, pt-BR, es, en): the proper names of DataJud's
  complement keys ("tipo_de_conclusao" -> "Tipo de conclusão") and of their common values.

No model, no cost: a movement whose code (or whose local code's national parent) is in the
table is put in plain words at once, in every language."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .common import Language, fold
from .complement_labels import read_table, value_label
from .movement_codes import ancestors
from .timeline import Complement
from .translations import PlainText, TranslationSource

ANY = "*"


def table_file(language: Language) -> str:
    return f"plain-movements.{language.value}.csv"


@dataclass(frozen=True)
class Entry:
    key: str | None  # the complement it applies to; None for the code's base text
    value: str | None  # the complement's value, folded, or ANY
    happened: str
    next: str
    action_needed: bool

    def plain(self, filling: str | None = None) -> PlainText:
        def fill(text: str) -> str:
            return text.replace("{value}", filling) if filling is not None else text

        return PlainText(happened=fill(self.happened), next=fill(self.next), action_needed=self.action_needed)


@lru_cache(maxsize=3)
def entries(language: Language) -> dict[int, list[Entry]]:
    """Read on first use, once per container and language: only the worker needs it."""
    table: dict[int, list[Entry]] = defaultdict(list)
    for row in read_table(table_file(language)):
        key, value = None, None
        if row["when"]:
            key, _, raw = row["when"].partition("=")
            key, value = key.strip(), (ANY if raw.strip() == ANY else fold(raw))
        table[int(row["code"])].append(
            Entry(key, value, row["happened"], row["next"], row["action"].strip().lower() == "yes")
        )
    return dict(table)


def _for_code(code: int, complements: list[Complement], language: Language) -> PlainText | None:
    found = entries(language).get(code)
    if not found:
        return None
    given = {(key, fold(value)): value for key, value in (c.key_and_value for c in complements) if value}
    keys = {key: value for (key, _), value in given.items()}
    # The first row in the file for one of the movement's complement values, then the first
    # for any value of one of its complements: the file's order says which complement
    # matters most (a hearing's status before its type).
    for entry in found:
        if entry.key is not None and entry.value != ANY and (entry.key, entry.value) in given:
            return entry.plain()
    for entry in found:
        if entry.key in keys and entry.value == ANY:
            return entry.plain(value_label(entry.key, keys[entry.key], language))
    base = [entry for entry in found if entry.key is None]
    return base[0].plain() if base else None


def explain(
    code: int | None, national_parent: int | None, complements: list[Complement], language: Language
) -> tuple[PlainText, TranslationSource] | None:
    """The table's text for the movement's own code; else, for a court's local code or a
    national code the table leaves out, its nearest national parent's, marked approximate."""
    if code is None:
        return None
    own = _for_code(code, complements, language)
    if own is not None:
        return own, TranslationSource.TABLE
    parents = ([national_parent] if national_parent is not None else []) + ancestors(national_parent or code)
    for parent in parents:
        text = _for_code(parent, complements, language)
        if text is not None:
            return text, TranslationSource.PARENT
    return None
