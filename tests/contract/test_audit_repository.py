"""AuditRepository: entries appended once each (an id used already is refused), listed
newest first, page by page, within the caller's firm."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.ports import AuditRepository
from tests.contract.builders import NOW, an_audit_entry
from tests.contract.paging import assert_cursor_refused, bad_cursors, every_item, pages


def test_a_firm_without_entries_lists_none(audit: AuditRepository, firm_id: str) -> None:
    page = audit.list(firm_id, None, 10)

    assert page.items == [] and page.next_cursor is None


def test_an_appended_entry_is_listed_as_it_was_written(audit: AuditRepository, firm_id: str) -> None:
    entry = an_audit_entry(firm_id).model_copy(update={"details": {"name": "Maria", "fields": ["name", "emails"]}})

    audit.append(entry)

    assert audit.list(firm_id, None, 10).items == [entry]


def test_an_entry_id_used_already_is_refused_and_the_first_entry_stays(audit: AuditRepository, firm_id: str) -> None:
    entry = an_audit_entry(firm_id, action="first.action")
    audit.append(entry)

    with pytest.raises(Conflict):
        audit.append(entry.model_copy(update={"action": "second.action"}))

    assert audit.list(firm_id, None, 10).items == [entry]


def test_an_entry_id_is_unique_within_its_firm_only(audit: AuditRepository, firm_id: str, other_firm_id: str) -> None:
    entry = an_audit_entry(firm_id)
    audit.append(entry)
    theirs = entry.model_copy(update={"firm_id": other_firm_id})

    audit.append(theirs)

    assert audit.list(firm_id, None, 10).items == [entry]
    assert audit.list(other_firm_id, None, 10).items == [theirs]


def test_entries_are_listed_newest_first_and_pages_yield_each_once(audit: AuditRepository, firm_id: str) -> None:
    entries = [an_audit_entry(firm_id, at=NOW + timedelta(minutes=m)) for m in [3, 0, 6, 1, 5, 2, 4]]
    for entry in entries:
        audit.append(entry)

    listed = every_item(lambda cursor: audit.list(firm_id, cursor, 3))

    assert listed == sorted(entries, key=lambda e: e.at, reverse=True)
    assert [len(p.items) for p in pages(lambda cursor: audit.list(firm_id, cursor, 3))] == [3, 3, 1]


def test_entries_of_one_instant_are_each_listed_once(audit: AuditRepository, firm_id: str) -> None:
    entries = [an_audit_entry(firm_id) for _ in range(5)]
    for entry in entries:
        audit.append(entry)

    listed = every_item(lambda cursor: audit.list(firm_id, cursor, 2))

    assert sorted(e.id for e in listed) == sorted(e.id for e in entries)


@pytest.mark.parametrize("cursor", bad_cursors(another_lists_key=None))
def test_a_cursor_the_log_never_handed_out_is_invalid_input(audit: AuditRepository, firm_id: str, cursor: str) -> None:
    audit.append(an_audit_entry(firm_id))

    assert_cursor_refused(lambda: audit.list(firm_id, cursor, 10))


def test_another_firms_entries_are_not_listed_there_even_with_its_cursor(
    audit: AuditRepository, firm_id: str, other_firm_id: str
) -> None:
    for minutes in range(3):
        audit.append(an_audit_entry(firm_id, at=NOW + timedelta(minutes=minutes)))
    mine = an_audit_entry(other_firm_id, at=NOW - timedelta(days=1))
    audit.append(mine)
    theirs = audit.list(firm_id, None, 1)

    assert audit.list(other_firm_id, None, 10).items == [mine]
    assert audit.list(other_firm_id, theirs.next_cursor, 10).items == [mine]
