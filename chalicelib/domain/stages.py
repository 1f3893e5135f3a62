"""B7: where a matter stands. A court case's stage follows its court movements' CNJ codes
(the table in chalicelib/data/stages.csv, through the TPU's parent codes); staff may set it
by hand, and what they set wins. A case out of court has only the stage staff set.

The rule, in this one place:

- A movement bears a stage when its code, or the nearest of its ancestors in the TPU that is
  in the stage table, is there (a court's local code: then its national parent's). The
  nearest wins: 12749 (Audiência de Instrução) is evidence although its parent 970 is hearing.
- The stage is that of the most recent stage-bearing movement by `occurred_at`, whatever
  order the movements arrived in; movements at the same moment apply in the stages' order
  (so the further one wins), and a movement sent twice counts once.
- Final (trânsito em julgado) and archived are not undone by a later movement of a lesser
  stage: a later hearing after the case was archived leaves it archived. Desarquivamento
  (893) lifts that: the stage goes back to the one before the archiving, and later
  movements move it again as usual.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from pydantic import Field

from . import movement_codes
from .common import DomainModel, Id, Language, Version

TABLE = "stages.csv"  # chalicelib/data/
# The most stage marks a matter keeps (the most recent ones): a stage-bearing movement is
# a few a year; a case with more than this many keeps only the latest.
MAX_MARKS = 200


class StageKey(StrEnum):
    # A court case's stages, in order.
    FILED = "filed"
    SUMMONED = "summoned"
    HEARING = "hearing"
    EVIDENCE = "evidence"
    JUDGMENT = "judgment"
    APPEAL = "appeal"
    FINAL = "final"
    ARCHIVED = "archived"
    # A case out of court's stages, in order: only staff set them.
    STARTED = "started"
    NEGOTIATION = "negotiation"
    AGREEMENT = "agreement"
    CLOSED = "closed"


COURT_STAGES = (
    StageKey.FILED,
    StageKey.SUMMONED,
    StageKey.HEARING,
    StageKey.EVIDENCE,
    StageKey.JUDGMENT,
    StageKey.APPEAL,
    StageKey.FINAL,
    StageKey.ARCHIVED,
)
CASE_STAGES = (StageKey.STARTED, StageKey.NEGOTIATION, StageKey.AGREEMENT, StageKey.CLOSED)
STICKY = (StageKey.FINAL, StageKey.ARCHIVED)
# Not a stage: the mark of a desarquivamento, which lets the stage move again.
REOPENED = "reopened"


def stages_for(court: bool) -> tuple[StageKey, ...]:
    return COURT_STAGES if court else CASE_STAGES


# The name and one plain line of each stage, in the client's language.
TEXTS: dict[StageKey, dict[Language, tuple[str, str]]] = {
    StageKey.FILED: {
        Language.PT_BR: ("Distribuído", "O processo foi registrado e enviado a um juiz."),
        Language.ES: ("Presentado", "El proceso fue registrado y enviado a un juez."),
        Language.EN: ("Filed", "The case has been registered and sent to a judge."),
    },
    StageKey.SUMMONED: {
        Language.PT_BR: ("Citação", "A outra parte foi chamada oficialmente para responder."),
        Language.ES: ("Citación", "La otra parte fue llamada oficialmente a responder."),
        Language.EN: ("Defendant summoned", "The other side has been officially called to answer."),
    },
    StageKey.HEARING: {
        Language.PT_BR: ("Audiência", "Há uma audiência marcada ou realizada com o juiz."),
        Language.ES: ("Audiencia", "Hay una audiencia fijada o realizada ante el juez."),
        Language.EN: ("Hearing", "A hearing with the judge is scheduled or has been held."),
    },
    StageKey.EVIDENCE: {
        Language.PT_BR: ("Provas", "O juiz está colhendo as provas: documentos, testemunhas, perícias."),
        Language.ES: ("Pruebas", "El juez está reuniendo las pruebas: documentos, testigos, peritajes."),
        Language.EN: ("Evidence", "The judge is gathering the evidence: documents, witnesses, experts."),
    },
    StageKey.JUDGMENT: {
        Language.PT_BR: ("Sentença", "O juiz decidiu o processo."),
        Language.ES: ("Sentencia", "El juez decidió el proceso."),
        Language.EN: ("Judgment", "The judge has decided the case."),
    },
    StageKey.APPEAL: {
        Language.PT_BR: ("Recurso", "Uma das partes recorreu e um tribunal vai rever a decisão."),
        Language.ES: ("Recurso", "Una de las partes recurrió y un tribunal revisará la decisión."),
        Language.EN: ("Appeal", "One side has appealed and a higher court will review the decision."),
    },
    StageKey.FINAL: {
        Language.PT_BR: ("Trânsito em julgado", "A decisão é definitiva: não cabe mais recurso."),
        Language.ES: ("Sentencia firme", "La decisión es definitiva: ya no admite recurso."),
        Language.EN: ("Final", "The decision is final: no appeal is left."),
    },
    StageKey.ARCHIVED: {
        Language.PT_BR: ("Arquivado", "O processo terminou e foi arquivado."),
        Language.ES: ("Archivado", "El proceso terminó y fue archivado."),
        Language.EN: ("Archived", "The case is over and its files are archived."),
    },
    StageKey.STARTED: {
        Language.PT_BR: ("Iniciado", "O escritório começou a trabalhar no seu caso."),
        Language.ES: ("Iniciado", "El despacho empezó a trabajar en su caso."),
        Language.EN: ("Started", "The firm has started working on your case."),
    },
    StageKey.NEGOTIATION: {
        Language.PT_BR: ("Em negociação", "O escritório está negociando com a outra parte."),
        Language.ES: ("En negociación", "El despacho está negociando con la otra parte."),
        Language.EN: ("In negotiation", "The firm is negotiating with the other side."),
    },
    StageKey.AGREEMENT: {
        Language.PT_BR: ("Acordo", "As partes chegaram a um acordo."),
        Language.ES: ("Acuerdo", "Las partes llegaron a un acuerdo."),
        Language.EN: ("Agreement", "The two sides have reached an agreement."),
    },
    StageKey.CLOSED: {
        Language.PT_BR: ("Encerrado", "O caso foi concluído."),
        Language.ES: ("Cerrado", "El caso está concluido."),
        Language.EN: ("Closed", "The case is concluded."),
    },
}


class Stage(DomainModel):
    """Where a matter stands, as the API answers it: the step of the matter's list of
    stages, and the name and one plain line in the caller's language."""

    key: StageKey
    step: int = Field(description="1 for the first stage of the matter's list.")
    steps: int = Field(description="How many stages the matter's list has (8 in court, 4 out of court).")
    set_by_staff: bool = Field(description="Set by the firm's staff; else it follows the court's movements.")
    label: str
    explanation: str

    @classmethod
    def of(cls, key: StageKey, court: bool, set_by_staff: bool, language: Language = Language.PT_BR) -> Stage:
        order = stages_for(court)
        label, explanation = TEXTS[key][language]
        return cls(
            key=key,
            step=order.index(key) + 1,
            steps=len(order),
            set_by_staff=set_by_staff,
            label=label,
            explanation=explanation,
        )

    def in_language(self, language: Language) -> Stage:
        label, explanation = TEXTS[self.key][language]
        return self.model_copy(update={"label": label, "explanation": explanation})


class StageOverride(DomainModel):
    """The stage staff set, by whom and when."""

    key: StageKey
    set_by: Id
    set_by_name: str | None = None
    set_at: datetime


class StageChange(DomainModel):
    stage: StageKey | None = Field(
        description="The stage to show; null goes back to the one the court's movements say."
    )
    version: Version


class StageMark(DomainModel):
    """A stage-bearing court movement, as much of it as the rule needs."""

    at: datetime
    key: str  # a StageKey's value, or REOPENED


class CourtStage(DomainModel):
    """What the court's movements say of a matter's stage: the marks seen so far (the most
    recent MAX_MARKS), and the stage they make."""

    marks: list[StageMark] = []
    key: StageKey | None = None

    def with_movements(self, movements: Sequence[tuple[datetime, int | None, int | None]]) -> CourtStage:
        """These marks and the new movements' (`(occurred_at, code, national_code)`), the
        stage worked out again from all of them (so one arriving late takes its place)."""
        marks = {(m.at, m.key) for m in self.marks}
        for at, code, national in movements:
            key = mark_of(code, national)
            if key is not None:
                marks.add((at, key))
        ordered = sorted(marks, key=_order)[-MAX_MARKS:]
        kept = [StageMark(at=at, key=key) for at, key in ordered]
        return CourtStage(marks=kept, key=infer(kept))


def _order(mark: tuple[datetime, str]) -> tuple[datetime, int]:
    at, key = mark
    # At the same moment: the stages in their order, a desarquivamento after them all.
    return at, len(COURT_STAGES) if key == REOPENED else COURT_STAGES.index(StageKey(key))


@lru_cache(maxsize=1)
def table() -> dict[int, str]:
    """The stage table: code -> stage key (or REOPENED)."""
    text = (resources.files("chalicelib") / "data" / TABLE).read_text(encoding="utf-8")
    return {int(row["code"]): row["stage"] for row in csv.DictReader(io.StringIO(text))}


def mark_of(code: int | None, national_code: int | None = None) -> str | None:
    """The stage a movement's code bears: its own, or its nearest ancestor's in the table;
    a court's local code not in the TPU, its national parent's."""
    stages = table()
    for candidate in (code, national_code):
        if candidate is None:
            continue
        for each in [candidate, *movement_codes.ancestors(candidate)]:
            if each in stages:
                return stages[each]
        if movement_codes.is_national(candidate):
            return None  # a national code outside the table bears no stage
    return None


def infer(marks: list[StageMark]) -> StageKey | None:
    """The stage the marks make (the rule in the module's docstring)."""
    current: StageKey | None = None
    before_archive: StageKey | None = None
    sticky = False
    for _at, key in sorted({(m.at, m.key) for m in marks}, key=_order):
        if key == REOPENED:
            if current is StageKey.ARCHIVED:
                current = before_archive
            sticky = False
            continue
        stage = StageKey(key)
        if sticky and current is not None and COURT_STAGES.index(stage) < COURT_STAGES.index(current):
            continue
        if stage is StageKey.ARCHIVED and current is not StageKey.ARCHIVED:
            before_archive = current
        current = stage
        sticky = stage in STICKY
    return current
