"""FirmRepository: a firm is found by id and by its portal slug (unique across firms); it is
created with its first admin and saved over the version read, with its audit entry."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.ports import FirmRepository
from tests.contract.builders import a_firm, a_staff_member, an_audit_entry, edited, unique
from tests.contract.conftest import Backend


def open_firm(firms: FirmRepository, firm_id: str, slug: str | None = None):
    firm = a_firm(firm_id, slug)
    firms.create(firm, a_staff_member(firm_id))
    return firm


def with_slug(firm, slug: str):
    return edited(firm, portal=firm.portal.model_copy(update={"slug": slug}))


def test_a_firm_never_created_is_none_by_id_and_by_slug(firms: FirmRepository, firm_id: str) -> None:
    assert firms.get(firm_id) is None
    assert firms.by_slug(unique("s")) is None


def test_a_created_firm_reads_back_by_id_and_by_slug(firms: FirmRepository, firm_id: str) -> None:
    firm = open_firm(firms, firm_id)

    assert firms.get(firm_id) == firm
    assert firms.by_slug(firm.portal.slug) == firm


def test_a_firm_is_created_with_its_first_admin(backend: Backend, firm_id: str) -> None:
    firm, admin = a_firm(firm_id), a_staff_member(firm_id)
    backend.firms.create(firm, admin)

    assert backend.staff.get(firm_id, admin.id) == admin
    assert backend.staff.by_email(firm_id, admin.email) == admin


def test_a_taken_slug_is_refused_and_nothing_of_the_second_firm_is_written(
    backend: Backend, firm_id: str, other_firm_id: str
) -> None:
    first = open_firm(backend.firms, firm_id)
    admin = a_staff_member(other_firm_id)

    with pytest.raises(Conflict):
        backend.firms.create(a_firm(other_firm_id, first.portal.slug), admin)

    assert backend.firms.get(other_firm_id) is None
    assert backend.staff.get(other_firm_id, admin.id) is None
    assert backend.staff.by_email(other_firm_id, admin.email) is None
    assert backend.firms.by_slug(first.portal.slug) == first


def test_a_firm_id_created_twice_is_refused_and_the_first_firm_stays(firms: FirmRepository, firm_id: str) -> None:
    first = open_firm(firms, firm_id)
    again = a_firm(firm_id)

    with pytest.raises(Conflict):
        firms.create(again, a_staff_member(firm_id))

    assert firms.get(firm_id) == first
    assert firms.by_slug(again.portal.slug) is None


def test_a_save_over_the_version_read_writes_the_firm_its_slug_copy_and_its_audit_entry(
    backend: Backend, firm_id: str
) -> None:
    firm = open_firm(backend.firms, firm_id)
    renamed = edited(firm, name="Silva & Souza")
    entry = an_audit_entry(firm_id)

    backend.firms.save(renamed, firm, entry)

    assert backend.firms.get(firm_id) == renamed
    assert backend.firms.by_slug(firm.portal.slug) == renamed
    assert backend.audit_entries(firm_id) == [entry]


def test_a_stale_version_is_refused_and_nothing_changes(backend: Backend, firm_id: str) -> None:
    firm = open_firm(backend.firms, firm_id)
    saved = edited(firm, name="Saved first")
    backend.firms.save(saved, firm, an_audit_entry(firm_id))

    with pytest.raises(Conflict):
        backend.firms.save(edited(firm, name="Saved from a stale read"), firm, an_audit_entry(firm_id))

    assert backend.firms.get(firm_id) == saved
    assert backend.firms.by_slug(firm.portal.slug) == saved
    assert len(backend.audit_entries(firm_id)) == 1


def test_saving_a_firm_that_was_never_created_is_refused_and_writes_nothing(backend: Backend, firm_id: str) -> None:
    ghost = a_firm(firm_id)

    with pytest.raises(Conflict):
        backend.firms.save(edited(ghost), ghost, an_audit_entry(firm_id))

    assert backend.firms.get(firm_id) is None
    assert backend.firms.by_slug(ghost.portal.slug) is None
    assert backend.audit_entries(firm_id) == []


def test_a_new_slug_finds_the_firm_and_frees_the_old_one_for_another_firm(
    firms: FirmRepository, firm_id: str, other_firm_id: str
) -> None:
    firm = open_firm(firms, firm_id)
    moved = with_slug(firm, unique("s"))

    firms.save(moved, firm, an_audit_entry(firm_id))

    assert firms.by_slug(moved.portal.slug) == moved
    assert firms.by_slug(firm.portal.slug) is None
    taker = open_firm(firms, other_firm_id, firm.portal.slug)
    assert firms.by_slug(firm.portal.slug) == taker


def test_moving_to_a_slug_another_firm_holds_is_refused_and_nothing_changes(
    backend: Backend, firm_id: str, other_firm_id: str
) -> None:
    firm = open_firm(backend.firms, firm_id)
    holder = open_firm(backend.firms, other_firm_id)

    with pytest.raises(Conflict):
        backend.firms.save(with_slug(firm, holder.portal.slug), firm, an_audit_entry(firm_id))

    assert backend.firms.get(firm_id) == firm
    assert backend.firms.by_slug(firm.portal.slug) == firm
    assert backend.firms.by_slug(holder.portal.slug) == holder
    assert backend.audit_entries(firm_id) == []


def test_a_save_whose_audit_entry_id_is_taken_writes_nothing(backend: Backend, firm_id: str) -> None:
    firm = open_firm(backend.firms, firm_id)
    entry = an_audit_entry(firm_id)
    backend.audit.append(entry)

    moved = with_slug(firm, unique("s"))

    with pytest.raises(Conflict):
        backend.firms.save(moved, firm, entry)

    assert backend.firms.get(firm_id) == firm
    assert backend.firms.by_slug(firm.portal.slug) == firm
    assert backend.firms.by_slug(moved.portal.slug) is None
