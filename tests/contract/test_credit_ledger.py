"""CreditLedger: a firm's balance, taken atomically and once per charge, and its use per month."""

from __future__ import annotations

from chalicelib.domain.identity import Role
from chalicelib.domain.ports import CreditLedger, FirmRepository
from chalicelib.domain.translations import MonthlyUsage
from tests.contract.builders import a_firm, a_staff_member


def test_a_firm_never_granted_credits_has_none(credits: CreditLedger, firm_id: str) -> None:
    account = credits.account(firm_id)
    assert (account.balance, account.usage) == (0, [])


def test_grants_add_up(credits: CreditLedger, firm_id: str) -> None:
    credits.grant(firm_id, 3)
    credits.grant(firm_id, 4)
    assert credits.account(firm_id).balance == 7


def test_a_charge_takes_from_the_balance_and_counts_in_its_month(credits: CreditLedger, firm_id: str) -> None:
    credits.grant(firm_id, 5)

    assert credits.charge(firm_id, "m1#i1#pt-BR", 2, "2026-08")
    assert credits.charge(firm_id, "m1#i2#pt-BR", 1, "2026-09")

    account = credits.account(firm_id)
    assert account.balance == 2
    assert account.usage == [
        MonthlyUsage(month="2026-09", model_calls=1, credits=1),
        MonthlyUsage(month="2026-08", model_calls=1, credits=2),
    ]


def test_the_same_charge_twice_takes_once_and_says_it_was_taken(credits: CreditLedger, firm_id: str) -> None:
    credits.grant(firm_id, 5)
    assert credits.charge(firm_id, "m1#i1#pt-BR", 1, "2026-08")
    assert credits.charge(firm_id, "m1#i1#pt-BR", 1, "2026-08")
    account = credits.account(firm_id)
    assert account.balance == 4 and account.usage[0].model_calls == 1


def test_a_charge_beyond_the_balance_takes_nothing(credits: CreditLedger, firm_id: str) -> None:
    credits.grant(firm_id, 1)
    assert not credits.charge(firm_id, "m1#i1#pt-BR", 2, "2026-08")
    assert credits.account(firm_id).balance == 1 and credits.account(firm_id).usage == []
    assert credits.charge(firm_id, "m1#i1#pt-BR", 1, "2026-08")  # the id was not used up by the refusal
    assert not credits.charge(firm_id, "m1#i2#pt-BR", 1, "2026-08")


def test_a_firm_with_no_credit_at_all_is_refused(credits: CreditLedger, firm_id: str) -> None:
    assert not credits.charge(firm_id, "m1#i1#pt-BR", 1, "2026-08")
    assert credits.account(firm_id).balance == 0


def test_untranslated_for_lack_of_credit_counts_once_per_charge(credits: CreditLedger, firm_id: str) -> None:
    credits.record_untranslated(firm_id, "m1#i1#pt-BR", "2026-08")
    credits.record_untranslated(firm_id, "m1#i1#pt-BR", "2026-08")
    credits.record_untranslated(firm_id, "m1#i2#pt-BR", "2026-08")
    assert credits.account(firm_id).usage == [MonthlyUsage(month="2026-08", untranslated_no_credit=2)]


def test_firms_do_not_share_credits(credits: CreditLedger, firm_id: str, other_firm_id: str) -> None:
    credits.grant(firm_id, 2)
    assert not credits.charge(other_firm_id, "m1#i1#pt-BR", 1, "2026-08")
    assert credits.account(other_firm_id).balance == 0 and credits.account(firm_id).balance == 2


def test_the_firm_and_its_account_read_together(credits: CreditLedger, firms: FirmRepository, firm_id: str) -> None:
    assert credits.firm_and_account(firm_id) == (None, credits.account(firm_id))
    firm = a_firm(firm_id)
    firms.create(firm, a_staff_member(firm_id, role=Role.ADMIN))
    credits.grant(firm_id, 3)
    assert credits.charge(firm_id, "m1#i1#pt-BR", 1, "2026-08")
    found, account = credits.firm_and_account(firm_id)
    assert found == firm and account == credits.account(firm_id) and account.balance == 2
