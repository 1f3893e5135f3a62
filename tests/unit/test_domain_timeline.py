"""Timeline rules (pure domain): ids that sort by the UTC moment, court movements that keep
their id from one release to the next, the years a date may fall in, and UTC whatever the
machine's zone."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from chalicelib.domain.timeline import Complement, UpdateChange, UpdateInput, item_id, movement_suffix, random_suffix

WHEN = datetime(2026, 8, 1, 10, 0, tzinfo=UTC)
MATTER_KEY = "00008323520184013202"


@pytest.fixture
def sao_paulo_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process runs in a zone other than UTC, as a developer's laptop may."""
    monkeypatch.setenv("TZ", "America/Sao_Paulo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_naive_time_is_utc_and_an_aware_one_is_converted_whatever_the_machines_zone(sao_paulo_machine: None) -> None:
    naive = datetime(2026, 9, 1, 12, 0)
    data = UpdateInput(
        kind="task",
        occurred_at=naive,
        text="Prazo",
        due_at=datetime(2026, 9, 2, 9, 0, tzinfo=timezone(timedelta(hours=2))),
    )
    assert data.occurred_at == datetime(2026, 9, 1, 12, 0, tzinfo=UTC) and data.occurred_at.utcoffset() == timedelta(0)
    assert data.due_at == datetime(2026, 9, 2, 7, 0, tzinfo=UTC) and data.due_at.utcoffset() == timedelta(0)
    change = UpdateChange(occurred_at=naive, version=1)
    assert change.occurred_at == datetime(
        2026, 9, 1, 12, 0, tzinfo=UTC
    ) and change.occurred_at.utcoffset() == timedelta(0)
    assert item_id(naive, "s") == "20260901120000s"


def test_an_id_starts_with_the_utc_moment_then_ten_random_hex_digits() -> None:
    suffix = random_suffix()
    assert re.fullmatch(r"[0-9a-f]{10}", suffix) and suffix != random_suffix()
    assert (
        item_id(datetime(2026, 9, 1, 21, 30, 5, tzinfo=timezone(timedelta(hours=-3))), suffix)
        == "20260902003005" + suffix
    )


def test_a_court_movement_keeps_its_id_from_one_release_to_the_next() -> None:
    # Stored ids are these suffixes: if the fingerprint changed, a movement sent again after a
    # deploy would be stored a second time.
    assert movement_suffix(MATTER_KEY, 51, WHEN, "Conclusão", []) == "00e41ad534523464"
    assert movement_suffix(MATTER_KEY, None, WHEN, "Conclusão", []) == "0b7fd52e9f0d59d0"
    complements = [Complement(name="tipo_de_peticao", value="Contestação"), Complement(name="a", value=None)]
    assert movement_suffix(MATTER_KEY, 85, WHEN, "Petição", complements) == "4e8365812564e78a"


def test_a_court_movement_is_the_same_whatever_the_case_spaces_zone_or_complement_order() -> None:
    complements = [Complement(name="b", value="2"), Complement(name="a", value="1")]
    same = movement_suffix(MATTER_KEY, 51, WHEN, "Conclusão", complements)
    assert (
        movement_suffix(
            MATTER_KEY, 51, WHEN.astimezone(timezone(timedelta(hours=-3))), "  CONCLUSÃO ", complements[::-1]
        )
        == same
    )
    assert movement_suffix(MATTER_KEY, 52, WHEN, "Conclusão", complements) != same
    assert movement_suffix(MATTER_KEY, None, WHEN, "Conclusão", complements) != same
    assert movement_suffix("10000322220205020061", 51, WHEN, "Conclusão", complements) != same


@pytest.mark.parametrize("year", [1800, 2199])
def test_dates_from_1800_to_2199_are_accepted(year: int) -> None:
    assert UpdateInput(kind="news", occurred_at=datetime(year, 6, 1, tzinfo=UTC), text="t").occurred_at.year == year


@pytest.mark.parametrize("year", [1799, 2200])
def test_dates_outside_1800_to_2199_are_refused_with_the_years_allowed(year: int) -> None:
    with pytest.raises(ValidationError) as caught:
        UpdateInput(kind="news", occurred_at=datetime(year, 6, 1, tzinfo=UTC), text="t")
    [error] = caught.value.errors()
    assert error["loc"] == ("occurred_at",) and "must be between the years 1800 and 2199" in error["msg"]
