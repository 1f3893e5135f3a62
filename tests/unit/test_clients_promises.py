"""The client directory: the client's own language choice, what the audit log keeps of
creations and deletions, and what staff are told when an edit or a deletion is refused."""

from __future__ import annotations

import pytest

from chalicelib.domain.clients import ClientUpdate
from chalicelib.domain.common import Language
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, caller, invited_client, open_matter


def test_a_client_choosing_a_language_keeps_it_without_an_audit_entry(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    entries = len(system.audit.entries(firm.id))
    system.clock.advance(minutes=5)

    chosen = system.services.clients.set_language(caller(system, tokens).actor, client.id, Language.ES)

    stored = system.clients.get(firm.id, client.id)
    assert chosen == stored
    assert (stored.language, stored.version, stored.updated_at) == (Language.ES, client.version + 1, system.clock.now())
    assert len(system.audit.entries(firm.id)) == entries


def test_choosing_the_language_already_chosen_changes_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, language=Language.EN)
    system.clock.advance(minutes=5)
    assert system.services.clients.set_language(firm.actor, client.id, Language.EN) == client
    assert system.clients.get(firm.id, client.id).version == client.version


def test_choosing_a_language_for_an_unknown_client_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound) as caught:
        system.services.clients.set_language(firm.actor, "nobody", Language.ES)
    assert caught.value.message == "Client not found."


def test_the_audit_log_names_the_client_created_and_deleted(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza")
    created = system.audit.entries(firm.id)[0]
    assert (created.action, created.target, created.details) == (
        "client.created",
        f"client:{client.id}",
        {"name": "Maria Souza"},
    )

    system.services.clients.delete(firm.actor, client.id, admin=True)
    deleted = system.audit.entries(firm.id)[0]
    assert (deleted.action, deleted.target, deleted.details) == (
        "client.deleted",
        f"client:{client.id}",
        {"name": "Maria Souza"},
    )


def test_staff_are_told_why_an_edit_or_a_deletion_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    data = {"name": client.name, "emails": client.emails}

    with pytest.raises(Conflict) as stale:
        system.services.clients.update(firm.actor, client.id, ClientUpdate(**data, version=client.version + 1))
    assert (stale.value.code, stale.value.message) == (
        "stale_version",
        "This client was changed by someone else. Reload and try again.",
    )

    with pytest.raises(InvalidInput) as signs_in:
        system.services.clients.update(
            firm.actor,
            client.id,
            ClientUpdate(name=client.name, emails=["other@client.example.com"], version=client.version),
        )
    message = f"{client.emails[0]} signs in to the portal; keep it, or remove the access first."
    assert signs_in.value.details == [{"path": "emails", "message": message}]

    open_matter(system, firm, [client])
    with pytest.raises(Conflict) as party:
        system.services.clients.delete(firm.actor, client.id, admin=True)
    assert (party.value.code, party.value.message) == (
        "client_in_matters",
        "This client is a party to matters; take them off those matters first.",
    )
