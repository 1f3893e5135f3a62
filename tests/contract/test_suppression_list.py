"""SuppressionList: one entry per address and firm (the first kept), all of an e-mail's
addresses found in one read, the firm's list newest first page by page, and a lift that
takes off only the entry read, with its audit entry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.notifications import Suppression, SuppressionReason
from chalicelib.domain.ports import AuditRepository, SuppressionList
from tests.contract.builders import NOW, an_audit_entry
from tests.contract.paging import every_item, pages


def a_suppression(firm_id: str, address: str, minutes: int = 0, **changes: object) -> Suppression:
    return Suppression(
        firm_id=firm_id,
        address=address,
        reason=SuppressionReason.BOUNCED,
        diagnostic="smtp; 550 5.1.1 user unknown",
        at=NOW + timedelta(minutes=minutes),
        kind="news",
    ).model_copy(update=changes)


def test_an_added_address_is_found_as_it_was_written(suppressions: SuppressionList, firm_id: str) -> None:
    entry = a_suppression(firm_id, "ana@example.com")

    assert suppressions.add(entry) is True

    assert suppressions.find(firm_id, ["ana@example.com", "bia@example.com"]) == {"ana@example.com": entry}


def test_an_address_added_again_keeps_its_first_entry_and_is_listed_once(
    suppressions: SuppressionList, firm_id: str
) -> None:
    first = a_suppression(firm_id, "ana@example.com")
    suppressions.add(first)

    again = suppressions.add(a_suppression(firm_id, "ana@example.com", 5, reason=SuppressionReason.COMPLAINED))

    assert again is False
    assert suppressions.find(firm_id, ["ana@example.com"]) == {"ana@example.com": first}
    assert suppressions.page(firm_id, None, 10).items == [first]


def test_find_of_no_address_or_unknown_ones_is_empty(suppressions: SuppressionList, firm_id: str) -> None:
    assert suppressions.find(firm_id, []) == {}
    assert suppressions.find(firm_id, ["nobody@example.com"]) == {}


def test_many_addresses_are_found_at_once(suppressions: SuppressionList, firm_id: str) -> None:
    addresses = [f"person{n}@example.com" for n in range(30)]
    for n, address in enumerate(addresses[::2]):
        suppressions.add(a_suppression(firm_id, address, n))

    found = suppressions.find(firm_id, addresses)

    assert sorted(found) == sorted(addresses[::2])


def test_a_suppression_belongs_to_its_firm_only(
    suppressions: SuppressionList, firm_id: str, other_firm_id: str
) -> None:
    suppressions.add(a_suppression(firm_id, "ana@example.com"))

    assert suppressions.find(other_firm_id, ["ana@example.com"]) == {}
    assert suppressions.page(other_firm_id, None, 10).items == []
    assert suppressions.add(a_suppression(other_firm_id, "ana@example.com")) is True


def test_the_list_is_newest_first_and_pages_yield_each_once(suppressions: SuppressionList, firm_id: str) -> None:
    entries = [a_suppression(firm_id, f"p{m}@example.com", m) for m in [3, 0, 6, 1, 5, 2, 4]]
    for entry in entries:
        suppressions.add(entry)

    listed = every_item(lambda cursor: suppressions.page(firm_id, cursor, 3))

    assert listed == sorted(entries, key=lambda e: e.at, reverse=True)
    assert [len(p.items) for p in pages(lambda cursor: suppressions.page(firm_id, cursor, 3))] == [3, 3, 1]


def test_a_lift_takes_the_address_off_the_list_with_its_audit_entry(
    suppressions: SuppressionList, audit: AuditRepository, firm_id: str
) -> None:
    entry = a_suppression(firm_id, "ana@example.com")
    kept = a_suppression(firm_id, "bia@example.com", 1)
    suppressions.add(entry)
    suppressions.add(kept)
    record = an_audit_entry(firm_id, action="suppression.lifted")

    suppressions.lift(entry, record)

    assert suppressions.find(firm_id, ["ana@example.com", "bia@example.com"]) == {"bia@example.com": kept}
    assert suppressions.page(firm_id, None, 10).items == [kept]
    assert [e.id for e in audit.list(firm_id, None, 10).items] == [record.id]
    assert suppressions.add(entry) is True  # it can bounce again


def test_lifting_an_entry_no_longer_there_is_a_conflict_and_writes_nothing(
    suppressions: SuppressionList, audit: AuditRepository, firm_id: str
) -> None:
    entry = a_suppression(firm_id, "ana@example.com")
    suppressions.add(entry)
    suppressions.lift(entry, an_audit_entry(firm_id))
    newer = a_suppression(firm_id, "ana@example.com", 9, reason=SuppressionReason.COMPLAINED)
    suppressions.add(newer)

    with pytest.raises(Conflict):
        suppressions.lift(entry, an_audit_entry(firm_id))

    assert suppressions.find(firm_id, ["ana@example.com"]) == {"ana@example.com": newer}
    assert len(audit.list(firm_id, None, 10).items) == 1
