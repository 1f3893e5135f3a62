"""B1: the plain-language code table, kept as data (chalicelib/data/):

- `plain-movements.<language>.csv` (code, when, happened, next, action): per CNJ movement code
  a base text, and variants `when` complements change the meaning (`tipo_de_conclusao=para
  despacho`; `tipo_de_audiencia=*` with `{value}` filled with the value's label; several
  joined by `&`, `situacao_da_audiencia=designada&tipo_de_audiencia=*`, where `{tipo_de_audiencia}`
  names the label of that complement's value);
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
    # The complements it applies to, (key, folded value or ANY) each; none for the base text.
    conditions: tuple[tuple[str, str], ...]
    happened: str
    next: str
    action_needed: bool

    def rank(self) -> tuple[int, int]:
        """More conditions say more; of as many, a value of its own says more than any value."""
        return -len(self.conditions), sum(value == ANY for _, value in self.conditions)

    def matches(self, given: dict[str, str]) -> bool:
        return all(key in given and value in (ANY, fold(given[key])) for key, value in self.conditions)

    def plain(self, given: dict[str, str], language: Language) -> PlainText:
        """`{key}` is the label of that complement's value; `{value}`, of the one any-value condition's."""
        fillings = {key: value_label(key, given[key], language) for key, _ in self.conditions}
        wildcards = [fillings[key] for key, value in self.conditions if value == ANY]
        if len(wildcards) == 1:
            fillings["value"] = wildcards[0]

        def fill(text: str) -> str:
            for name, label in fillings.items():
                text = text.replace("{" + name + "}", label)
            return text

        return PlainText(happened=fill(self.happened), next=fill(self.next), action_needed=self.action_needed)


def conditions_of(when: str) -> tuple[tuple[str, str], ...]:
    """`tipo_de_conclusao=para sentença`, `tipo_de_audiencia=*`, or several joined by `&`."""
    found = []
    for condition in filter(None, (part.strip() for part in when.split("&"))):
        key, _, value = condition.partition("=")
        found.append((key.strip(), ANY if value.strip() == ANY else fold(value)))
    return tuple(found)


@lru_cache(maxsize=3)
def entries(language: Language) -> dict[int, list[Entry]]:
    """Read on first use, once per container and language: only the worker needs it. Each
    code's rows in the order they are chosen in: the most conditions first, then a value of its
    own before any value, then the file's order."""
    table: dict[int, list[Entry]] = defaultdict(list)
    for row in read_table(table_file(language)):
        table[int(row["code"])].append(
            Entry(conditions_of(row["when"]), row["happened"], row["next"], row["action"].strip().lower() == "yes")
        )
    return {code: sorted(rows, key=Entry.rank) for code, rows in table.items()}


def _for_code(code: int, complements: list[Complement], language: Language) -> PlainText | None:
    found = entries(language).get(code)
    if not found:
        return None
    given: dict[str, str] = {}
    for key, value in (c.key_and_value for c in complements):
        if value:
            given.setdefault(key, value)
    chosen = next((entry for entry in found if entry.matches(given)), None)
    return None if chosen is None else chosen.plain(given, language)


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
