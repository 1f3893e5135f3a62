"""SmsAllowance: one counter per firm and month, taken atomically up to the cap."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from chalicelib.domain.ports import SmsAllowance


def test_texts_are_counted_up_to_the_cap(sms_allowance: SmsAllowance, firm_id: str) -> None:
    assert [sms_allowance.take(firm_id, "2026-12", 3) for _ in range(5)] == [True, True, True, False, False]


def test_each_month_and_each_firm_has_its_own_count(
    sms_allowance: SmsAllowance, firm_id: str, other_firm_id: str
) -> None:
    assert sms_allowance.take(firm_id, "2026-11", 1)
    assert not sms_allowance.take(firm_id, "2026-11", 1)
    assert sms_allowance.take(firm_id, "2026-12", 1)
    assert sms_allowance.take(other_firm_id, "2026-11", 1)


def test_a_cap_of_zero_allows_nothing(sms_allowance: SmsAllowance, firm_id: str) -> None:
    assert not sms_allowance.take(firm_id, "2026-12", 0)
    assert sms_allowance.take(firm_id, "2026-12", 1)  # nothing was counted by the refusal


def test_a_raised_cap_allows_more_in_the_same_month(sms_allowance: SmsAllowance, firm_id: str) -> None:
    assert sms_allowance.take(firm_id, "2026-12", 1)
    assert not sms_allowance.take(firm_id, "2026-12", 1)
    assert sms_allowance.take(firm_id, "2026-12", 2)


def test_concurrent_takes_never_pass_the_cap(sms_allowance: SmsAllowance, firm_id: str) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        taken = list(pool.map(lambda _: sms_allowance.take(firm_id, "2026-12", 5), range(12)))
    assert taken.count(True) == 5
