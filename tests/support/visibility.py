"""F07, F10, F14, F15: what a client sees of what is published to them, by the visibility
profile of their access. The one truth table of it, for tests/unit and tests/integration.

Two tables, written out row by row rather than computed from the product's rules (so a
change of rule fails a row here instead of changing the expectation with it):

  MATTERS  a matter published to the client, its private/team flags against the profile's
           "include private matters" and "include team matters" (F07, F10).
  KINDS    the profile's four kind flags, and the kinds of update the client then sees on
           a matter they see (F14); news always reaches the client (F15).

ROWS is every (profile, matter flags, kind) -> visible: an update is visible when its matter
is (MATTERS) and its kind is (KINDS); on a matter the client does not see, nothing is.

tests/unit runs every row. Over HTTP each case opens a firm of its own (about a second
against moto), so tests/integration runs every row of MATTERS but only KINDS_OVER_HTTP of
KINDS (nothing, everything, and each kind alone), and leaves the cross product to the unit
tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

AUTOMATIC, MANUAL, TASK, PUBLICATION, NEWS = "automatic_movement", "manual_movement", "task", "publication", "news"
UPDATE_KINDS = (AUTOMATIC, MANUAL, TASK, PUBLICATION, NEWS)
# The profile's field for each kind; news has none.
KIND_FLAGS = {AUTOMATIC: "automatic_movements", MANUAL: "manual_movements", TASK: "tasks", PUBLICATION: "publications"}


@dataclass(frozen=True)
class MatterRow:
    private: bool
    team: bool
    include_private_matters: bool
    include_team_matters: bool
    visible: bool

    @property
    def profile(self) -> dict[str, bool]:
        return {
            "include_private_matters": self.include_private_matters,
            "include_team_matters": self.include_team_matters,
        }

    @property
    def id(self) -> str:
        flags = "+".join(name for name, on in (("private", self.private), ("team", self.team)) if on) or "plain"
        included = (
            "+".join(
                name
                for name, on in (("private", self.include_private_matters), ("team", self.include_team_matters))
                if on
            )
            or "neither"
        )
        return f"{flags} matter, profile includes {included}: {'seen' if self.visible else 'hidden'}"


MATTERS: tuple[MatterRow, ...] = tuple(
    MatterRow(*row)
    for row in (
        # the matter is     the profile includes     the client
        # private team      private team             sees it
        (False, False, False, False, True),
        (False, False, True, False, True),
        (False, False, False, True, True),
        (False, False, True, True, True),
        (True, False, False, False, False),
        (True, False, True, False, True),
        (True, False, False, True, False),
        (True, False, True, True, True),
        (False, True, False, False, False),
        (False, True, True, False, False),
        (False, True, False, True, True),
        (False, True, True, True, True),
        (True, True, False, False, False),
        (True, True, True, False, False),  # private and team: it takes both inclusions
        (True, True, False, True, False),
        (True, True, True, True, True),
    )
)


@dataclass(frozen=True)
class KindRow:
    automatic_movements: bool
    manual_movements: bool
    tasks: bool
    publications: bool
    shown: frozenset[str]

    @property
    def profile(self) -> dict[str, bool]:
        return {flag: getattr(self, flag) for flag in KIND_FLAGS.values()}

    def shows(self, kind: str) -> bool:
        return kind in self.shown

    @property
    def id(self) -> str:
        return "profile shows " + ("+".join(flag for flag, on in self.profile.items() if on) or "no kind")


KINDS: tuple[KindRow, ...] = tuple(
    KindRow(automatic, manual, tasks, publications, frozenset(shown))
    for automatic, manual, tasks, publications, shown in (
        # automatic manual tasks  publications   the kinds the client sees
        (False, False, False, False, {NEWS}),
        (True, False, False, False, {AUTOMATIC, NEWS}),
        (False, True, False, False, {MANUAL, NEWS}),
        (False, False, True, False, {TASK, NEWS}),
        (False, False, False, True, {PUBLICATION, NEWS}),
        (True, True, False, False, {AUTOMATIC, MANUAL, NEWS}),
        (True, False, True, False, {AUTOMATIC, TASK, NEWS}),
        (True, False, False, True, {AUTOMATIC, PUBLICATION, NEWS}),
        (False, True, True, False, {MANUAL, TASK, NEWS}),
        (False, True, False, True, {MANUAL, PUBLICATION, NEWS}),
        (False, False, True, True, {TASK, PUBLICATION, NEWS}),
        (True, True, True, False, {AUTOMATIC, MANUAL, TASK, NEWS}),
        (True, True, False, True, {AUTOMATIC, MANUAL, PUBLICATION, NEWS}),
        (True, False, True, True, {AUTOMATIC, TASK, PUBLICATION, NEWS}),
        (False, True, True, True, {MANUAL, TASK, PUBLICATION, NEWS}),
        (True, True, True, True, {AUTOMATIC, MANUAL, TASK, PUBLICATION, NEWS}),
    )
)


def kinds_row(**flags: bool) -> KindRow:
    """The KINDS row of a profile; all four kind flags must be given."""
    assert set(flags) == set(KIND_FLAGS.values()), f"name all four kind flags, not {sorted(flags)}"
    return next(row for row in KINDS if row.profile == flags)


@dataclass(frozen=True)
class Row:
    """An update of `kind` on a matter published to the client: (profile, matter flags, kind) -> visible."""

    matter: MatterRow
    kinds: KindRow
    kind: str

    @property
    def profile(self) -> dict[str, bool]:
        return {**self.kinds.profile, **self.matter.profile}

    @property
    def visible(self) -> bool:
        return self.matter.visible and self.kinds.shows(self.kind)


ROWS: tuple[Row, ...] = tuple(Row(matter, kinds, kind) for matter, kinds, kind in product(MATTERS, KINDS, UPDATE_KINDS))
# ROWS five at a time: the five kinds of update against one (matter flags, profile).
ROWS_BY_MATTER_AND_PROFILE: tuple[tuple[Row, ...], ...] = tuple(
    tuple(row for row in ROWS if (row.matter, row.kinds) == pair) for pair in product(MATTERS, KINDS)
)

# Over HTTP: no kind, every kind, and each kind alone (each flag seen on and off, alone).
KINDS_OVER_HTTP: tuple[KindRow, ...] = tuple(row for row in KINDS if sum(row.profile.values()) in (0, 1, 4))
