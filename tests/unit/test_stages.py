"""B7: the stage rule: codes to stages through the TPU's hierarchy, the most recent
stage-bearing movement, final and archived kept until a desarquivamento."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chalicelib.domain import movement_codes, stages
from chalicelib.domain.common import Language
from chalicelib.domain.stages import (
    CASE_STAGES,
    COURT_STAGES,
    REOPENED,
    CourtStage,
    Stage,
    StageKey,
    StageMark,
    infer,
    mark_of,
)

DAY = datetime(2026, 3, 2, 10, tzinfo=UTC)


def at(days: int) -> datetime:
    return DAY + timedelta(days=days)


def court(*movements: tuple[int, int]) -> StageKey | None:
    """The stage of movements given as (day, code), in the order given."""
    return CourtStage().with_movements([(at(day), code, None) for day, code in movements]).key


@pytest.mark.parametrize(
    ("code", "stage"),
    [
        (26, StageKey.FILED),  # Distribuição
        (12284, StageKey.SUMMONED),  # Citação
        (12288, StageKey.SUMMONED),  # Citação | Eletrônica | Confirmada: through 12286 and 12284
        (970, StageKey.HEARING),  # Audiência
        (12740, StageKey.HEARING),  # Audiência de Conciliação, a child of 970
        (12624, StageKey.HEARING),  # Audiência do art. 334 CPC
        (12749, StageKey.EVIDENCE),  # Audiência de Instrução: nearer than its parent 970
        (12750, StageKey.EVIDENCE),  # Audiência de Instrução e Julgamento
        (12748, StageKey.EVIDENCE),  # Audiência Inicial de Instrução, under 12747 under 970
        (12387, StageKey.EVIDENCE),  # Decisão de Saneamento e Organização
        (193, StageKey.JUDGMENT),  # Julgamento
        (219, StageKey.JUDGMENT),  # Procedência, through 385 and 193
        (220, StageKey.JUDGMENT),  # Improcedência
        (228, StageKey.JUDGMENT),  # Sem Resolução de Mérito | Arquivamento: a judgment, not the archive
        (1060, StageKey.APPEAL),  # Recebimento | Recurso
        (394, StageKey.APPEAL),  # ... Com efeito suspensivo, a child of 1060
        (237, StageKey.APPEAL),  # Provimento: an appeal granted, nearer than 193
        (12435, StageKey.APPEAL),  # Conjunto Agravo e Recurso Especial | negar provimento
        (848, StageKey.FINAL),  # Trânsito em julgado
        (246, StageKey.ARCHIVED),  # Arquivamento | Definitivo, through 861
        (245, StageKey.ARCHIVED),  # Arquivamento | Provisório
        (22, StageKey.ARCHIVED),  # Baixa Definitiva
        (893, REOPENED),  # Desarquivamento
    ],
)
def test_real_codes_bear_their_stage_through_their_ancestors(code: int, stage: str) -> None:
    assert movement_codes.is_national(code)
    assert mark_of(code) == stage


@pytest.mark.parametrize("code", [51, 85, 11010, 123, 36, 12266])  # conclusão, petição, despacho, remessa...
def test_other_movements_bear_no_stage(code: int) -> None:
    assert mark_of(code) is None


def test_a_local_code_bears_its_national_parents_stage() -> None:
    assert mark_of(9_999_001, 12749) == StageKey.EVIDENCE
    assert mark_of(9_999_001, None) is None
    assert mark_of(None, None) is None
    assert mark_of(None, 12749) == StageKey.EVIDENCE
    # A national code outside the table bears none, whatever parent was sent with it.
    assert mark_of(51, 12749) is None
    assert CourtStage().with_movements([(at(1), 9_999_001, 12749)]).key is StageKey.EVIDENCE


def test_every_code_in_the_stage_table_is_a_real_tpu_code_and_every_court_stage_is_reached() -> None:
    path = Path(__file__).parents[2] / "chalicelib" / "data" / "stages.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert all(movement_codes.is_national(int(r["code"])) for r in rows)
    assert all(r["why"].strip() for r in rows)
    assert {r["stage"] for r in rows} == {s.value for s in COURT_STAGES} | {REOPENED}
    assert stages.table() == {int(r["code"]): r["stage"] for r in rows}


def test_each_court_stage_in_order_from_real_codes() -> None:
    codes = [26, 12286, 12740, 12749, 219, 1060, 848, 246]
    seen = [court(*[(day, code) for day, code in enumerate(codes[: n + 1])]) for n in range(len(codes))]
    assert seen == list(COURT_STAGES)


def test_the_most_recent_stage_bearing_movement_wins_whatever_the_order_they_arrive_in() -> None:
    assert court((3, 970), (1, 26), (2, 12284)) is StageKey.HEARING
    assert court((1, 26), (3, 970), (2, 12284), (4, 51)) is StageKey.HEARING  # a conclusão bears none
    # A hearing after a judgment (say, in the appeal court's session) moves it back: the most recent.
    assert court((1, 219), (2, 970)) is StageKey.HEARING


def test_a_movement_arriving_later_takes_its_place_by_date() -> None:
    first = CourtStage().with_movements([(at(5), 970, None)])
    later = first.with_movements([(at(1), 26, None)])
    assert (first.key, later.key) == (StageKey.HEARING, StageKey.HEARING)
    newer = later.with_movements([(at(9), 219, None)])
    assert newer.key is StageKey.JUDGMENT
    assert [m.key for m in newer.marks] == ["filed", "hearing", "judgment"]


def test_duplicates_count_once() -> None:
    once = CourtStage().with_movements([(at(1), 26, None), (at(2), 970, None)])
    twice = once.with_movements([(at(1), 26, None), (at(2), 970, None), (at(2), 12740, None)])
    assert twice == once
    assert len(twice.marks) == 2


def test_movements_at_the_same_moment_apply_in_stage_order() -> None:
    assert court((1, 970), (1, 26), (1, 12284)) is StageKey.HEARING
    assert court((1, 12749), (1, 970)) is StageKey.EVIDENCE
    assert court((1, 848), (1, 219)) is StageKey.FINAL
    assert court((1, 219), (1, 848)) is StageKey.FINAL


def test_final_and_archived_are_not_undone_by_a_later_lesser_movement() -> None:
    assert court((1, 219), (2, 848), (3, 970)) is StageKey.FINAL
    assert court((1, 219), (2, 848), (3, 1060)) is StageKey.FINAL
    assert court((1, 848), (2, 246), (3, 219), (4, 848)) is StageKey.ARCHIVED
    assert court((1, 970), (2, 22), (3, 12284)) is StageKey.ARCHIVED
    # Final moves on to archived: a further stage.
    assert court((1, 848), (2, 861)) is StageKey.ARCHIVED


def test_a_desarquivamento_goes_back_to_the_stage_before_and_lets_it_move_again() -> None:
    assert court((1, 970), (2, 246), (3, 893)) is StageKey.HEARING
    assert court((1, 970), (2, 246), (3, 893), (4, 219)) is StageKey.JUDGMENT
    assert court((1, 848), (2, 246), (3, 893)) is StageKey.FINAL
    # After it, final no longer holds against a lesser movement (a cumprimento de sentença's hearing).
    assert court((1, 848), (2, 246), (3, 893), (4, 970)) is StageKey.HEARING
    # Archived again afterwards: sticky again.
    assert court((1, 970), (2, 246), (3, 893), (4, 22), (5, 26)) is StageKey.ARCHIVED
    # Archived and unarchived at the same moment: unarchived.
    assert court((1, 970), (2, 246), (2, 893)) is StageKey.HEARING
    # A desarquivamento before any archive changes nothing but the stickiness.
    assert court((1, 893), (2, 26)) is StageKey.FILED
    assert court((1, 848), (2, 893), (3, 970)) is StageKey.HEARING


def test_an_archive_first_and_nothing_before_it_reopens_to_no_stage() -> None:
    assert court((1, 246), (2, 893)) is None


def test_no_stage_bearing_movement_no_stage() -> None:
    assert court() is None
    assert court((1, 51), (2, 85)) is None
    assert infer([]) is None


def test_a_matter_keeps_only_its_most_recent_marks() -> None:
    many = CourtStage().with_movements([(at(n), 970, None) for n in range(stages.MAX_MARKS + 10)])
    assert len(many.marks) == stages.MAX_MARKS
    assert many.marks[0].at == at(10)


def test_infer_reads_marks_in_date_order() -> None:
    marks = [StageMark(at=at(2), key="hearing"), StageMark(at=at(1), key="filed")]
    assert infer(marks) is StageKey.HEARING


def test_a_stage_answers_its_step_and_its_words_in_each_language() -> None:
    hearing = Stage.of(StageKey.HEARING, court=True, set_by_staff=False)
    assert (hearing.step, hearing.steps, hearing.label) == (3, 8, "Audiência")
    assert hearing.in_language(Language.EN).label == "Hearing"
    assert hearing.in_language(Language.ES).explanation.startswith("Hay una audiencia")
    agreement = Stage.of(StageKey.AGREEMENT, court=False, set_by_staff=True, language=Language.EN)
    assert (agreement.step, agreement.steps, agreement.label) == (3, 4, "Agreement")


def test_every_stage_has_a_name_and_a_line_in_every_language() -> None:
    for key in (*COURT_STAGES, *CASE_STAGES):
        for language in Language:
            label, line = stages.TEXTS[key][language]
            assert label and line.endswith(".")
