"""ApiKeyRepository: a firm's integration keys, created once each with their audit entry,
saved (revoked) with theirs, paged by id."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.integration import ApiKey
from chalicelib.domain.ports import ApiKeyRepository
from tests.contract.builders import NOW, an_api_key, an_audit_entry
from tests.contract.conftest import Backend
from tests.contract.paging import assert_cursor_refused, bad_cursors, every_item, pages


def create(keys: ApiKeyRepository, firm_id: str) -> ApiKey:
    key = an_api_key(firm_id)
    keys.create(key, an_audit_entry(firm_id))
    return key


def revoked(key: ApiKey) -> ApiKey:
    return key.model_copy(update={"revoked_at": NOW})


def test_a_key_never_created_is_none(keys: ApiKeyRepository, firm_id: str) -> None:
    assert keys.get(firm_id, "nokey") is None


def test_a_created_key_reads_back_and_its_audit_entry_is_written(backend: Backend, firm_id: str) -> None:
    key, entry = an_api_key(firm_id), an_audit_entry(firm_id)

    backend.keys.create(key, entry)

    assert backend.keys.get(firm_id, key.id) == key
    assert backend.audit_entries(firm_id) == [entry]


def test_a_key_id_created_twice_is_refused_and_the_first_key_stays(backend: Backend, firm_id: str) -> None:
    key = create(backend.keys, firm_id)
    entries = backend.audit_ids(firm_id)

    with pytest.raises(Conflict):
        backend.keys.create(
            key.model_copy(update={"name": "Another", "secret_hash": "another"}), an_audit_entry(firm_id)
        )

    assert backend.keys.get(firm_id, key.id) == key
    assert backend.audit_ids(firm_id) == entries


def test_a_creation_whose_audit_entry_id_is_taken_writes_nothing(backend: Backend, firm_id: str) -> None:
    entry = an_audit_entry(firm_id)
    backend.audit.append(entry)
    key = an_api_key(firm_id)

    with pytest.raises(Conflict):
        backend.keys.create(key, entry)

    assert backend.keys.get(firm_id, key.id) is None


def test_a_revoked_key_is_saved_with_its_audit_entry(backend: Backend, firm_id: str) -> None:
    key = create(backend.keys, firm_id)
    entry = an_audit_entry(firm_id)

    backend.keys.save(revoked(key), entry)

    assert backend.keys.get(firm_id, key.id) == revoked(key)
    assert entry in backend.audit_entries(firm_id)


def test_a_save_whose_audit_entry_id_is_taken_writes_nothing(backend: Backend, firm_id: str) -> None:
    key = create(backend.keys, firm_id)
    entry = an_audit_entry(firm_id)
    backend.audit.append(entry)

    with pytest.raises(Conflict):
        backend.keys.save(revoked(key), entry)

    assert backend.keys.get(firm_id, key.id) == key


def test_keys_page_by_id_each_once(keys: ApiKeyRepository, firm_id: str) -> None:
    created = [create(keys, firm_id) for _ in range(7)]

    assert every_item(lambda cursor: keys.page(firm_id, cursor, 3)) == sorted(created, key=lambda k: k.id)
    assert [len(p.items) for p in pages(lambda cursor: keys.page(firm_id, cursor, 3))] == [3, 3, 1]


@pytest.mark.parametrize("cursor", bad_cursors(another_lists_key="STAFF#abc"))
def test_a_cursor_the_key_list_never_handed_out_is_invalid_input(
    keys: ApiKeyRepository, firm_id: str, cursor: str
) -> None:
    create(keys, firm_id)

    assert_cursor_refused(lambda: keys.page(firm_id, cursor, 10))


def test_another_firms_keys_are_not_found_there(keys: ApiKeyRepository, firm_id: str, other_firm_id: str) -> None:
    key = create(keys, firm_id)

    assert keys.get(other_firm_id, key.id) is None
    assert keys.page(other_firm_id, None, 10).items == []
