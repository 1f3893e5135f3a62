"""StaffRepository: members found by id and by e-mail (unique per firm), listed and paged
by id; the document is saved over its version, the credentials beside it over their own
revision, each leaving the other as it is, or both at once with both conditions."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.ports import StaffRepository
from chalicelib.domain.staff import StaffMember, StaffStatus
from tests.contract.builders import a_client, a_staff_member, an_audit_entry, edited, new_credentials
from tests.contract.conftest import Backend
from tests.contract.paging import assert_cursor_refused, bad_cursors, every_item, pages


def hire(staff: StaffRepository, firm_id: str, **changes) -> StaffMember:
    member = a_staff_member(firm_id, **changes)
    staff.create(member, None)
    return member


def test_a_member_never_created_is_none_by_id_and_by_email(staff: StaffRepository, firm_id: str) -> None:
    assert staff.get(firm_id, "nobody") is None
    assert staff.by_email(firm_id, "nobody@staff.example.com") is None


def test_a_created_member_reads_back_with_credentials_by_id_and_by_email_in_any_case(
    backend: Backend, firm_id: str
) -> None:
    member, entry = a_staff_member(firm_id), an_audit_entry(firm_id)

    backend.staff.create(member, entry)

    assert backend.staff.get(firm_id, member.id) == member
    assert backend.staff.by_email(firm_id, member.email.upper()) == member
    assert backend.audit_entries(firm_id) == [entry]


def test_an_email_that_signs_in_to_the_firm_already_is_refused_and_nothing_is_written(
    backend: Backend, firm_id: str
) -> None:
    first = hire(backend.staff, firm_id)
    second = a_staff_member(firm_id, email=first.email)

    with pytest.raises(Conflict):
        backend.staff.create(second, an_audit_entry(firm_id))

    assert backend.staff.get(firm_id, second.id) is None
    assert backend.staff.by_email(firm_id, first.email) == first
    assert backend.audit_entries(firm_id) == []


def test_the_same_email_may_sign_in_to_another_firm(staff: StaffRepository, firm_id: str, other_firm_id: str) -> None:
    here = hire(staff, firm_id)
    there = hire(staff, other_firm_id, email=here.email)

    assert staff.by_email(firm_id, here.email) == here
    assert staff.by_email(other_firm_id, here.email) == there


def test_a_creation_whose_audit_entry_id_is_taken_writes_nothing(backend: Backend, firm_id: str) -> None:
    entry = an_audit_entry(firm_id)
    backend.audit.append(entry)
    member = a_staff_member(firm_id)

    with pytest.raises(Conflict):
        backend.staff.create(member, entry)

    assert backend.staff.get(firm_id, member.id) is None
    assert backend.staff.by_email(firm_id, member.email) is None
    backend.staff.create(member, an_audit_entry(firm_id))  # the e-mail was never taken


def test_list_and_pages_hold_the_firms_members_only_each_once_by_id(
    staff: StaffRepository, firm_id: str, other_firm_id: str
) -> None:
    members = sorted((hire(staff, firm_id) for _ in range(7)), key=lambda m: m.id)
    hire(staff, other_firm_id)

    assert staff.list(firm_id) == members
    assert every_item(lambda cursor: staff.page(firm_id, cursor, 3)) == members
    assert [len(p.items) for p in pages(lambda cursor: staff.page(firm_id, cursor, 3))] == [3, 3, 1]


def test_a_cursor_outlives_the_deletion_of_the_member_its_page_ended_on(staff: StaffRepository, firm_id: str) -> None:
    members = sorted((hire(staff, firm_id) for _ in range(5)), key=lambda m: m.id)
    first = staff.page(firm_id, None, 2)
    staff.delete(first.items[-1], an_audit_entry(firm_id))

    assert staff.page(firm_id, first.next_cursor, 10).items == members[2:]


@pytest.mark.parametrize("cursor", bad_cursors(another_lists_key="APIKEY#abc"))
def test_a_cursor_no_staff_page_handed_out_is_invalid_input(staff: StaffRepository, firm_id: str, cursor: str) -> None:
    hire(staff, firm_id)

    assert_cursor_refused(lambda: staff.page(firm_id, cursor, 10))


def test_another_firms_member_is_not_found_there(staff: StaffRepository, firm_id: str, other_firm_id: str) -> None:
    member = hire(staff, firm_id)

    assert staff.get(other_firm_id, member.id) is None
    assert staff.by_email(other_firm_id, member.email) is None
    assert staff.list(other_firm_id) == []
    assert staff.page(other_firm_id, None, 10).items == []


def test_a_save_over_the_version_read_writes_the_document_and_leaves_the_credentials_beside_it(
    backend: Backend, firm_id: str
) -> None:
    member = hire(backend.staff, firm_id)
    signed_out = new_credentials(member, generation=2)
    backend.staff.save_credentials(signed_out, member, None)
    entry = an_audit_entry(firm_id)

    backend.staff.save(edited(member, name="Ana Souza"), entry)  # read before the sign-out

    stored = backend.staff.get(firm_id, member.id)
    assert (stored.name, stored.version, stored.credentials) == ("Ana Souza", 2, signed_out.credentials)
    assert backend.audit_entries(firm_id) == [entry]


def test_a_stale_version_is_refused_and_nothing_changes(backend: Backend, firm_id: str) -> None:
    member = hire(backend.staff, firm_id)
    saved = edited(member, name="Saved first")
    backend.staff.save(saved, None)

    with pytest.raises(Conflict):
        backend.staff.save(edited(member, status=StaffStatus.DISABLED), an_audit_entry(firm_id))

    assert backend.staff.get(firm_id, member.id) == saved
    assert backend.audit_entries(firm_id) == []


def test_credentials_over_the_revision_read_are_written_and_the_version_stays(
    staff: StaffRepository, firm_id: str
) -> None:
    member = hire(staff, firm_id)
    changed = new_credentials(member, password_hash="hash-2")

    staff.save_credentials(changed, member, None)

    stored = staff.get(firm_id, member.id)
    assert stored.credentials == changed.credentials
    assert stored.credentials.revision == 2 and stored.version == member.version


def test_credentials_over_a_stale_revision_are_refused_and_nothing_changes(backend: Backend, firm_id: str) -> None:
    member = hire(backend.staff, firm_id)
    first = new_credentials(member, password_hash="hash-first")
    backend.staff.save_credentials(first, member, None)

    with pytest.raises(Conflict):
        backend.staff.save_credentials(
            new_credentials(member, password_hash="hash-lost"), member, an_audit_entry(firm_id)
        )

    assert backend.staff.get(firm_id, member.id).credentials == first.credentials
    assert backend.audit_entries(firm_id) == []


def test_credentials_that_do_not_follow_the_revision_read_are_a_bug_and_write_nothing(
    staff: StaffRepository, firm_id: str
) -> None:
    member = hire(staff, firm_id)
    skipped = member.model_copy(
        update={"credentials": member.credentials.model_copy(update={"password_hash": "hash-2", "revision": 5})}
    )

    with pytest.raises(ValueError, match="revision"):
        staff.save_credentials(skipped, member, None)

    assert staff.get(firm_id, member.id) == member


def test_document_and_credentials_together_write_both_over_both_reads(staff: StaffRepository, firm_id: str) -> None:
    member = hire(staff, firm_id, status=StaffStatus.INVITED)
    accepted = new_credentials(edited(member, status=StaffStatus.ACTIVE), password_hash="hash-2")

    staff.save_with_credentials(accepted, member, None)

    assert staff.get(firm_id, member.id) == accepted


@pytest.mark.parametrize("changed_meanwhile", ["document", "credentials"])
def test_document_and_credentials_together_write_nothing_if_either_changed_meanwhile(
    backend: Backend, firm_id: str, changed_meanwhile: str
) -> None:
    member = hire(backend.staff, firm_id, status=StaffStatus.INVITED)
    if changed_meanwhile == "document":
        backend.staff.save(edited(member, name="Renamed meanwhile"), None)
    else:
        backend.staff.save_credentials(new_credentials(member, generation=2), member, None)
    before = backend.staff.get(firm_id, member.id)

    with pytest.raises(Conflict):
        backend.staff.save_with_credentials(
            new_credentials(edited(member, status=StaffStatus.ACTIVE), password_hash="hash-2"),
            member,
            an_audit_entry(firm_id),
        )

    assert backend.staff.get(firm_id, member.id) == before
    assert backend.audit_entries(firm_id) == []


def test_a_deleted_member_is_gone_by_id_and_by_email_and_the_email_is_free_again(
    backend: Backend, firm_id: str
) -> None:
    member = hire(backend.staff, firm_id)
    entry = an_audit_entry(firm_id)

    backend.staff.delete(member, entry)

    assert backend.staff.get(firm_id, member.id) is None
    assert backend.staff.by_email(firm_id, member.email) is None
    assert backend.staff.list(firm_id) == []
    assert backend.audit_entries(firm_id) == [entry]
    hire(backend.staff, firm_id, email=member.email)


def test_a_write_to_a_member_deleted_meanwhile_is_refused_and_does_not_bring_it_back(
    staff: StaffRepository, firm_id: str
) -> None:
    member = hire(staff, firm_id)
    staff.delete(member, an_audit_entry(firm_id))

    with pytest.raises(Conflict):
        staff.save(edited(member, name="Ghost"), None)
    with pytest.raises(Conflict):
        staff.save_credentials(new_credentials(member, generation=2), member, None)

    assert staff.get(firm_id, member.id) is None


def test_a_member_is_read_with_one_of_the_firms_clients_and_either_may_be_missing(
    backend: Backend, firm_id: str, other_firm_id: str
) -> None:
    member = a_staff_member(firm_id)
    backend.staff.create(member, None)
    ours, theirs = a_client(firm_id), a_client(other_firm_id)
    backend.clients.create(ours, an_audit_entry(firm_id))
    backend.clients.create(theirs, an_audit_entry(other_firm_id))

    assert backend.staff.get_with_client(firm_id, member.id, ours.id) == (member, ours)
    assert backend.staff.get_with_client(firm_id, member.id, theirs.id) == (member, None)  # another firm's
    assert backend.staff.get_with_client(firm_id, "nobody", ours.id) == (None, ours)
