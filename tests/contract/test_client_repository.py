"""ClientRepository: the firm's client directory. A client is saved over the version read;
its listing entries (by name, and one per search term) follow every write; the list is
sorted by name and a search finds a client once, by any name word or e-mail prefix."""

from __future__ import annotations

import pytest

from chalicelib.domain.clients import Client
from chalicelib.domain.errors import Conflict
from chalicelib.domain.ports import ClientRepository
from tests.contract.builders import a_client, an_access, an_audit_entry, edited
from tests.contract.conftest import Backend
from tests.contract.paging import assert_cursor_refused, bad_cursors, every_item


def add(clients: ClientRepository, firm_id: str, name: str = "Maria Souza", **changes) -> Client:
    client = a_client(firm_id, name, **changes)
    clients.create(client, an_audit_entry(firm_id))
    return client


def listed(clients: ClientRepository, firm_id: str, limit: int = 100) -> list[Client]:
    return every_item(lambda cursor: clients.list(firm_id, cursor, limit))


def found(clients: ClientRepository, firm_id: str, prefix: str, limit: int = 100) -> list[Client]:
    return every_item(lambda cursor: clients.search(firm_id, prefix, cursor, limit))


def test_a_client_never_created_is_none(clients: ClientRepository, firm_id: str) -> None:
    assert clients.get(firm_id, "nobody") is None


def test_a_created_client_reads_back_is_listed_and_its_audit_entry_is_written(backend: Backend, firm_id: str) -> None:
    client, entry = a_client(firm_id), an_audit_entry(firm_id)

    backend.clients.create(client, entry)

    assert backend.clients.get(firm_id, client.id) == client
    assert listed(backend.clients, firm_id) == [client]
    assert backend.audit_entries(firm_id) == [entry]


def test_a_client_id_created_twice_is_refused_and_the_first_client_stays(backend: Backend, firm_id: str) -> None:
    first = add(backend.clients, firm_id, "Maria Souza")
    again = first.model_copy(update={"name": "Zélia Duplicada"})

    with pytest.raises(Conflict):
        backend.clients.create(again, an_audit_entry(firm_id))

    assert backend.clients.get(firm_id, first.id) == first
    assert listed(backend.clients, firm_id) == [first]
    assert found(backend.clients, firm_id, "zelia") == []
    assert len(backend.audit_entries(firm_id)) == 1


def test_a_creation_whose_audit_entry_id_is_taken_writes_nothing(backend: Backend, firm_id: str) -> None:
    entry = an_audit_entry(firm_id)
    backend.audit.append(entry)
    client = a_client(firm_id)

    with pytest.raises(Conflict):
        backend.clients.create(client, entry)

    assert backend.clients.get(firm_id, client.id) is None
    assert listed(backend.clients, firm_id) == []


def test_a_renamed_client_is_saved_and_listed_and_found_by_its_new_name_only(backend: Backend, firm_id: str) -> None:
    client = add(backend.clients, firm_id, "Maria Souza")
    renamed = edited(client, name="Maria Oliveira")
    entry = an_audit_entry(firm_id)

    backend.clients.save(renamed, client, entry)

    assert backend.clients.get(firm_id, client.id) == renamed
    assert listed(backend.clients, firm_id) == [renamed]
    assert found(backend.clients, firm_id, "oliv") == [renamed]
    assert found(backend.clients, firm_id, "souza") == []
    assert entry in backend.audit_entries(firm_id)


def test_a_stale_version_is_refused_and_nothing_changes(backend: Backend, firm_id: str) -> None:
    client = add(backend.clients, firm_id, "Maria Souza")
    saved = edited(client, name="Maria Oliveira")
    backend.clients.save(saved, client, None)

    with pytest.raises(Conflict):
        backend.clients.save(edited(client, name="Maria Pereira"), client, an_audit_entry(firm_id))

    assert backend.clients.get(firm_id, client.id) == saved
    assert listed(backend.clients, firm_id) == [saved]
    assert found(backend.clients, firm_id, "pereira") == []
    assert len(backend.audit_entries(firm_id)) == 1


def test_the_list_is_sorted_by_name_whatever_the_case_and_accents_and_pages_yield_each_client_once(
    clients: ClientRepository, firm_id: str
) -> None:
    for name in ["bruno Lima", "Álvaro Dias", "Carla Nunes", "ana Reis", "Élida Castro", "Davi Alves", "Zé Pereira"]:
        add(clients, firm_id, name)

    names = [c.name for c in listed(clients, firm_id, limit=3)]

    assert names == ["Álvaro Dias", "ana Reis", "bruno Lima", "Carla Nunes", "Davi Alves", "Élida Castro", "Zé Pereira"]


def test_a_search_finds_a_client_by_any_name_word_or_email_prefix_and_only_once(
    clients: ClientRepository, firm_id: str
) -> None:
    # "silva" starts two of her name's terms ("silva silvana", "silvana"): she is found once.
    client = add(clients, firm_id, "Joana Silva Silvana", emails=["jss@escritorio.example.com"])
    add(clients, firm_id, "Pedro Costa")

    for prefix in ["joana", "silva", "silvana", "jss@", "joana silva"]:
        assert found(clients, firm_id, prefix) == [client], prefix
    assert found(clients, firm_id, "costa silva") == []


def test_search_pages_yield_each_matching_client_once(clients: ClientRepository, firm_id: str) -> None:
    matching = [add(clients, firm_id, f"Souza {word}") for word in ["Ana", "Bia", "Caio", "Dora", "Eva"]]
    matching.append(add(clients, firm_id, "Ana Souza Souzinha"))  # two terms start with "souz"
    add(clients, firm_id, "Pedro Costa")

    results = found(clients, firm_id, "souz", limit=2)

    assert sorted(c.id for c in results) == sorted(c.id for c in matching)


@pytest.mark.parametrize("cursor", bad_cursors(another_lists_key="TERM#maria#abc"))
def test_a_cursor_the_list_never_handed_out_is_invalid_input(
    clients: ClientRepository, firm_id: str, cursor: str
) -> None:
    add(clients, firm_id)

    assert_cursor_refused(lambda: clients.list(firm_id, cursor, 10))


@pytest.mark.parametrize("cursor", bad_cursors(another_lists_key="NAME#maria souza#abc"))
def test_a_cursor_the_search_never_handed_out_is_invalid_input(
    clients: ClientRepository, firm_id: str, cursor: str
) -> None:
    add(clients, firm_id)

    assert_cursor_refused(lambda: clients.search(firm_id, "maria", cursor, 10))


def test_another_firms_client_is_not_found_listed_or_searched_there(
    clients: ClientRepository, firm_id: str, other_firm_id: str
) -> None:
    client = add(clients, firm_id, "Maria Souza")

    assert clients.get(other_firm_id, client.id) is None
    assert clients.list(other_firm_id, None, 10).items == []
    assert clients.search(other_firm_id, "maria", None, 10).items == []


def test_a_deleted_client_is_gone_from_the_directory_and_its_access_with_it(backend: Backend, firm_id: str) -> None:
    client = add(backend.clients, firm_id, "Maria Souza")
    access = an_access(client)
    backend.accesses.create(access, client.with_access(access), an_audit_entry(firm_id))
    client = backend.clients.get(firm_id, client.id)
    entry = an_audit_entry(firm_id)

    backend.clients.delete(client, access, entry)

    assert backend.clients.get(firm_id, client.id) is None
    assert listed(backend.clients, firm_id) == []
    assert found(backend.clients, firm_id, "maria") == []
    assert backend.accesses.get(firm_id, client.id) is None
    assert backend.accesses.by_email(firm_id, access.email) is None
    assert entry in backend.audit_entries(firm_id)


def test_a_deletion_whose_audit_entry_id_is_taken_writes_nothing(backend: Backend, firm_id: str) -> None:
    client = add(backend.clients, firm_id, "Maria Souza")
    entry = an_audit_entry(firm_id)
    backend.audit.append(entry)

    with pytest.raises(Conflict):
        backend.clients.delete(client, None, entry)

    assert backend.clients.get(firm_id, client.id) == client
    assert listed(backend.clients, firm_id) == [client]
