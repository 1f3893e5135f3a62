"""CNJ court case numbers (NNNNNNN-DD.AAAA.J.TR.OOOO): check digits, bare and formatted
writing, and how matters store and look them up."""

from __future__ import annotations

import pytest

from chalicelib.domain import cnj
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.matters import MatterInput, MatterKind, number_key

# DataJud's public example, and numbers of other courts and segments whose check digits
# `mod97_verifies` below confirms independently of cnj.check_digits.
VALID = [
    "0000832-35.2018.4.01.3202",
    "1000032-22.2020.5.02.0061",
    "0710802-17.2018.8.07.0001",
    "5001236-35.2019.4.04.7000",
]


def bare(number: str) -> str:
    return number.replace("-", "").replace(".", "")


def mod97_verifies(digits: str) -> bool:
    """ISO 7064 mod 97-10 checked the other way round from cnj.check_digits: the check digits
    moved to the end make a number that leaves 1 when divided by 97."""
    sequence, dd, rest = digits[:7], digits[7:9], digits[9:]
    return int(sequence + rest + dd) % 97 == 1


@pytest.mark.parametrize("number", VALID)
def test_real_numbers_are_valid_formatted_and_bare(number: str) -> None:
    assert mod97_verifies(bare(number))  # the examples themselves are right, by the other formula
    assert cnj.is_valid(number) and cnj.is_valid(bare(number))
    assert cnj.digits_of(number) == bare(number) == cnj.digits_of(bare(number))
    assert cnj.format_number(bare(number)) == number


@pytest.mark.parametrize("number", VALID)
def test_every_single_digit_change_is_caught(number: str) -> None:
    digits = bare(number)
    for position in range(20):
        for digit in "0123456789":
            if digit == digits[position]:
                continue
            changed = digits[:position] + digit + digits[position + 1 :]
            assert cnj.is_valid(changed) is mod97_verifies(changed) is False, changed


def test_check_digits_agree_with_the_mod97_verification() -> None:
    for sequence in ("0000001", "1234567", "9999999"):
        for year, segment, court, origin in (
            ("2021", "8", "26", "0100"),
            ("1999", "5", "15", "0003"),
            ("2024", "4", "01", "3202"),
        ):
            dd = cnj.check_digits(sequence, year, segment, court, origin)
            digits = sequence + dd + year + segment + court + origin
            assert len(dd) == 2 and mod97_verifies(digits) and cnj.is_valid(digits)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0000832-35.2018.4.01.320",  # a digit short
        "0000832-35.2018.4.01.32021",  # a digit too many
        "000083235201840132020",  # 21 bare digits
        "0000832352018401320",  # 19 bare digits
        "0000832-35-2018-4-01-3202",  # other separators
        "0000832.35.2018.4.01.3202",
        "0000832-35.2018.4.1.3202",  # TR in one digit
        "000083a-35.2018.4.01.3202",
        "０００００８３２３５２０１８４０１３２０２",  # full-width digits are no CNJ number
    ],
)
def test_what_is_not_a_cnj_number(text: str) -> None:
    assert cnj.digits_of(text) is None
    assert cnj.is_valid(text) is False


def test_a_court_case_number_is_normalized_to_the_formatted_writing() -> None:
    for written in (VALID[0], bare(VALID[0]), f"  {bare(VALID[0])} "):
        data = MatterInput(kind=MatterKind.COURT_CASE, number=written, title="x")
        assert data.number == VALID[0]


def test_a_court_case_number_with_wrong_check_digits_is_refused_on_the_number() -> None:
    with pytest.raises(InvalidInput) as caught:
        MatterInput(kind=MatterKind.COURT_CASE, number="0000832-36.2018.4.01.3202", title="x")
    assert caught.value.details[0]["path"] == "number" and "check digits" in caught.value.message
    for missing in (None, "", "Rol C-123-2024"):
        with pytest.raises(InvalidInput) as caught:
            MatterInput(kind=MatterKind.COURT_CASE, number=missing, title="x")
        assert caught.value.details[0]["path"] == "number" and "CNJ format" in caught.value.message


def test_other_numbers_are_free_text_and_only_court_cases_need_one() -> None:
    assert MatterInput(kind=MatterKind.OTHER_COURT_CASE, number="Rol C-123-2024", title="x").number == "Rol C-123-2024"
    # A CNJ-looking number with wrong check digits is fine as another court's number.
    assert (
        MatterInput(kind=MatterKind.OTHER_COURT_CASE, number="0000832-36.2018.4.01.3202", title="x").number
        == "0000832-36.2018.4.01.3202"
    )
    assert MatterInput(kind=MatterKind.CASE, title="Consultoria").number is None
    for missing in (None, "", "   "):
        with pytest.raises(InvalidInput) as caught:
            MatterInput(kind=MatterKind.OTHER_COURT_CASE, number=missing, title="x")
        assert caught.value.details[0]["path"] == "number"


def test_number_keys_fold_writing_differences_away() -> None:
    assert number_key(VALID[0]) == number_key(bare(VALID[0])) == bare(VALID[0])
    assert number_key("Rol C-123-2024") == number_key("  rol   c-123-2024 ") == "rol c-123-2024"
    assert number_key("Rol C-123-2024") != number_key("Rol C-124-2024")
    assert number_key(None) is None and number_key("") is None
