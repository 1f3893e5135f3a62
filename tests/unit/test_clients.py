"""F04: the client directory: input rules, versioned edits, listing and search."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from chalicelib.domain.audit import Actor, AuditEntry
from chalicelib.domain.clients import Client, ClientInput, ClientUpdate, normalize
from chalicelib.domain.common import Language
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.domain.staff import StaffInvite
from tests.support.client_input import INVALID_CLIENT_FIELDS, client_body
from tests.support.cursors import REFUSED_BY_THE_CLIENT_LIST
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, grant, open_firm


def names(clients: list[Client]) -> list[str]:
    return [c.name for c in clients]


def search_all(system: FakeSystem, firm: OpenFirm, query: str, limit: int = 100) -> list[Client]:
    """Every page of a search, following the cursor."""
    found: list[Client] = []
    cursor = None
    while True:
        page = system.services.clients.list(firm.id, query, cursor, limit)
        found += page.items
        if not page.next_cursor:
            return found
        cursor = page.next_cursor


# --- input ------------------------------------------------------------------------------


def test_emails_are_lower_cased_and_deduplicated_keeping_the_main_one_first() -> None:
    data = ClientInput(
        name="  Maria Souza ",
        emails=["Maria@Example.com", "other@example.com", "MARIA@example.com"],
        notification_emails=["Office@Example.com", "office@example.com"],
    )
    assert data.name == "Maria Souza"
    assert data.emails == ["maria@example.com", "other@example.com"]
    assert data.notification_emails == ["office@example.com"]


@pytest.mark.parametrize(("field", "value", "path"), INVALID_CLIENT_FIELDS)
def test_invalid_client_input_is_refused_with_the_field(field: str, value: object, path: str) -> None:
    """The table the API test runs too (tests/support/client_input.py)."""
    with pytest.raises(ValidationError) as refused:
        ClientInput.model_validate(client_body(field, value))
    assert refused.value.errors()[0]["loc"][0] == field
    assert [".".join(str(part) for part in error["loc"]) for error in refused.value.errors()] == [path]


def test_create_stores_the_client_and_audits_it(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(
        system, firm, "Maria Souza", ["maria@example.com"], phone="+55 11 99999-0000", language=Language.ES
    )
    stored = system.services.clients.get(firm.id, client.id)
    assert stored == client
    assert (stored.version, stored.firm_id, stored.access) == (1, firm.id, None)
    assert stored.created_at == stored.updated_at == system.clock.now()
    assert system.audit.actions(firm.id)[0] == "client.created"


def test_a_client_of_another_firm_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    other = open_firm(system, slug="outra")
    with pytest.raises(NotFound):
        system.services.clients.get(other.id, client.id)
    assert system.services.clients.list(other.id, None, None, 10).items == []
    assert system.services.clients.list(other.id, "maria", None, 10).items == []


# --- edits ----------------------------------------------------------------------------------


def test_update_needs_the_version_read(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza", ["maria@example.com"])
    system.clock.advance(minutes=5)

    updated = system.services.clients.update(
        firm.actor, client.id, ClientUpdate(name="Maria S. Lima", emails=["maria@example.com"], version=1)
    )
    assert updated.version == 2 and updated.updated_at == system.clock.now() and updated.created_at == client.created_at
    entry = system.audit.list(firm.id, None, 1).items[0]
    assert entry.action == "client.updated" and entry.details["fields"] == ["name"]

    # The other member of staff still holds version 1: refused, and the first edit stands.
    with pytest.raises(Conflict) as refused:
        system.services.clients.update(firm.actor, client.id, ClientUpdate(name="Maria Souza", version=1))
    assert refused.value.code == "stale_version"
    assert system.services.clients.get(firm.id, client.id).name == "Maria S. Lima"


def test_update_keeps_the_access_summary(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    current = system.services.clients.get(firm.id, client.id)
    updated = system.services.clients.update(
        firm.actor, client.id, ClientUpdate(name="Maria Nova", emails=current.emails, version=current.version)
    )
    assert updated.access == current.access and updated.access.status == "pending"


def test_update_of_an_unknown_client_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.clients.update(firm.actor, "nosuchclient", ClientUpdate(name="X", version=1))


def test_delete_removes_the_client_and_its_access(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza", ["maria@example.com"])
    grant(system, firm, client)
    system.services.clients.delete(firm.actor, client.id, admin=True)

    with pytest.raises(NotFound):
        system.services.clients.get(firm.id, client.id)
    assert system.accesses.get(firm.id, client.id) is None
    assert system.accesses.by_email(firm.id, "maria@example.com") is None
    assert search_all(system, firm, "maria") == [] and system.services.clients.list(firm.id, None, None, 10).items == []
    assert system.audit.actions(firm.id)[0] == "client.deleted"
    # The e-mail is free for someone else's access now.
    again = add_client(system, firm, "Maria Outra", ["maria@example.com"])
    assert grant(system, firm, again).email == "maria@example.com"


def staff_actor(system: FakeSystem, firm: OpenFirm) -> Actor:
    """A member of staff who is not an admin."""
    member = system.services.staff.invite(firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno Lima"))
    return Actor(firm_id=firm.id, principal_id=member.id, kind="staff", email=member.email)


def test_staff_may_delete_a_client_who_has_no_portal_access(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza", ["maria@example.com"])
    system.services.clients.delete(staff_actor(system, firm), client.id, admin=False)
    with pytest.raises(NotFound):
        system.services.clients.get(firm.id, client.id)
    assert system.audit.actions(firm.id)[0] == "client.deleted"


def test_only_an_admin_deletes_a_client_who_has_portal_access(system: FakeSystem, firm: OpenFirm) -> None:
    staff = staff_actor(system, firm)
    client = add_client(system, firm, "Maria Souza", ["maria@example.com"])
    grant(system, firm, client)
    before = system.store.everything()

    with pytest.raises(Forbidden) as refused:
        system.services.clients.delete(staff, client.id, admin=False)
    assert refused.value.code == "forbidden"
    assert (
        refused.value.message
        == "Only an admin can delete a client who has portal access; remove the access first or ask an admin."
    )
    # Nothing changed: the client, the access and its login, the audit log.
    assert system.store.everything() == before

    # Once an admin removed the access, staff may delete the client.
    system.services.accesses.remove(firm.actor, client.id)
    system.services.clients.delete(staff, client.id, admin=False)
    assert system.clients.get(firm.id, client.id) is None


def test_a_delete_read_without_access_fails_if_access_was_granted_meanwhile(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza", ["maria@example.com"])
    audit = AuditEntry.record(
        staff_actor(system, firm), "client.deleted", f"client:{client.id}", system.clock.now(), name=client.name
    )
    grant(system, firm, client)  # by an admin, after the staff member read "no access"
    with pytest.raises(Conflict):
        system.clients.delete(client, None, audit)
    assert system.clients.get(firm.id, client.id) is not None
    assert system.accesses.by_email(firm.id, "maria@example.com") is not None


# --- one e-mail, one client ----------------------------------------------------------------


def test_a_client_with_an_e_mail_another_client_has_is_refused_naming_that_client(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria = add_client(system, firm, "Maria Souza", ["maria@x.com"])
    before = system.store.everything()

    with pytest.raises(Conflict) as refused:
        add_client(system, firm, "Maria S. Lima", ["lima@x.com", "MARIA@X.com"])
    assert refused.value.code == "email_in_use"
    assert refused.value.message == "maria@x.com is already the e-mail of Maria Souza."
    assert refused.value.details == [
        {"path": "emails.1", "message": "maria@x.com is already the e-mail of Maria Souza.", "client_id": maria.id}
    ]
    assert system.store.everything() == before  # nothing written, not even the other e-mail


def test_a_client_stored_before_e_mails_were_claimed_still_holds_its_e_mail(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm, "Maria Souza", ["maria@x.com"])
    joao = add_client(system, firm, "João Pereira", ["joao@x.com"])
    # Stored before each e-mail had its own item: only the client's search entries know it.
    del system.store.client_emails[(firm.id, "maria@x.com")]
    message = "maria@x.com is already the e-mail of Maria Souza."

    with pytest.raises(Conflict) as created:
        add_client(system, firm, "Maria S. Lima", ["maria@x.com"])
    with pytest.raises(Conflict) as edited:
        system.services.clients.update(
            firm.actor,
            joao.id,
            ClientUpdate(name=joao.name, emails=["joao@x.com", "maria@x.com"], version=joao.version),
        )
    for refused, index in ((created, 0), (edited, 1)):
        assert (refused.value.code, refused.value.message) == ("email_in_use", message)
        assert refused.value.details == [{"path": f"emails.{index}", "message": message, "client_id": maria.id}]


def test_an_edit_racing_another_client_for_an_e_mail_names_that_client(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    joao = add_client(system, firm, "João Pereira", ["joao@x.com"])
    save = system.clients.save
    rival: list[Client] = []

    def a_rival_takes_the_e_mail_first(client: Client, previous: Client, audit: AuditEntry | None) -> None:
        # Between the edit's check and its write, another client is added with the e-mail.
        rival.append(add_client(system, firm, "Maria Souza", ["maria@x.com"]))
        save(client, previous, audit)

    monkeypatch.setattr(system.clients, "save", a_rival_takes_the_e_mail_first)
    with pytest.raises(Conflict) as refused:
        system.services.clients.update(
            firm.actor,
            joao.id,
            ClientUpdate(name=joao.name, emails=["joao@x.com", "maria@x.com"], version=joao.version),
        )
    message = "maria@x.com is already the e-mail of Maria Souza."
    assert (refused.value.code, refused.value.message) == ("email_in_use", message)
    assert refused.value.details == [{"path": "emails.1", "message": message, "client_id": rival[0].id}]
    assert system.services.clients.get(firm.id, joao.id).emails == ["joao@x.com"]


def test_an_edit_adding_an_e_mail_another_client_has_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm, "Maria Souza", ["maria@x.com"])
    joao = add_client(system, firm, "João Pereira", ["joao@x.com"])
    with pytest.raises(Conflict) as refused:
        system.services.clients.update(
            firm.actor,
            joao.id,
            ClientUpdate(name=joao.name, emails=["joao@x.com", "maria@x.com"], version=joao.version),
        )
    assert refused.value.code == "email_in_use" and refused.value.details[0]["client_id"] == maria.id
    assert system.services.clients.get(firm.id, joao.id) == joao
    # The client's own e-mails are no conflict, in any order.
    both = system.services.clients.update(
        firm.actor, maria.id, ClientUpdate(name="Maria", emails=["maria.2@x.com", "maria@x.com"], version=maria.version)
    )
    assert both.emails == ["maria.2@x.com", "maria@x.com"]


def test_an_e_mail_dropped_by_an_edit_is_free_for_another_client(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm, "Maria Souza", ["maria@x.com"])
    system.services.clients.update(
        firm.actor, maria.id, ClientUpdate(name=maria.name, emails=["souza@x.com"], version=maria.version)
    )
    assert add_client(system, firm, "Maria Outra", ["maria@x.com"]).emails == ["maria@x.com"]
    with pytest.raises(Conflict):
        add_client(system, firm, "Souza", ["souza@x.com"])


def test_only_the_same_e_mail_in_the_same_firm_conflicts(system: FakeSystem, firm: OpenFirm) -> None:
    add_client(system, firm, "Ana Lima", ["ana@x.com.br", "ana.maria@x.com"])
    add_client(system, firm, "ana@x.com", [])  # a name that looks like the e-mail is not its e-mail
    assert add_client(system, firm, "Ana Souza", ["ana@x.com"]).emails == ["ana@x.com"]
    other = open_firm(system, slug="outra")
    assert add_client(system, other, "Ana Lima", ["ana@x.com.br"]).emails == ["ana@x.com.br"]
    # Extra notification addresses may be shared (an office's address, say).
    add_client(system, firm, "Bia Lima", ["bia@x.com"], notification_emails=["escritorio@x.com"])
    add_client(system, firm, "Caio Lima", ["caio@x.com"], notification_emails=["escritorio@x.com"])


def test_two_clients_added_at_once_with_one_e_mail_cannot_both_have_it(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    create = system.clients.create
    first: list[Client] = []

    def a_colleague_adds_her_first(client: Client, audit: AuditEntry) -> None:
        monkeypatch.setattr(system.clients, "create", create)
        first.append(add_client(system, firm, "Maria Souza", ["maria@x.com"]))
        create(client, audit)

    monkeypatch.setattr(system.clients, "create", a_colleague_adds_her_first)
    with pytest.raises(Conflict) as refused:
        add_client(system, firm, "Maria S.", ["maria@x.com"])
    assert refused.value.code == "email_in_use" and refused.value.details[0]["client_id"] == first[0].id
    assert [c.name for c in system.services.clients.list(firm.id, None, None, 10).items] == ["Maria Souza"]


# --- listing and search ---------------------------------------------------------------------


def test_list_is_sorted_by_name_ignoring_case_and_accents_and_pages_with_a_cursor(
    system: FakeSystem, firm: OpenFirm
) -> None:
    for name in ["carla", "Álvaro Dias", "Bruno", "Élida", "ana", "Daniel"]:
        add_client(system, firm, name, [])
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = system.services.clients.list(firm.id, None, cursor, 4)
        seen += names(page.items)
        pages += 1
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == ["Álvaro Dias", "ana", "Bruno", "carla", "Daniel", "Élida"]
    assert pages == 2


@pytest.mark.parametrize(
    ("what", "cursor"), REFUSED_BY_THE_CLIENT_LIST, ids=[what for what, _ in REFUSED_BY_THE_CLIENT_LIST]
)
def test_a_bad_cursor_is_invalid_input_on_the_cursor_field(
    system: FakeSystem, firm: OpenFirm, what: str, cursor: str
) -> None:
    """The table the API test runs too (tests/support/cursors.py)."""
    with pytest.raises(InvalidInput) as refused:
        system.services.clients.list(firm.id, None, cursor, 10)
    assert refused.value.details[0]["path"] == "cursor"


@pytest.fixture
def people(system: FakeSystem, firm: OpenFirm) -> dict[str, Client]:
    return {
        "joao": add_client(system, firm, "João da Silva Souza", ["jsilva@escritorio.example.com"]),
        "ana": add_client(system, firm, "Ana Ana Anastácia", ["ana@example.com", "anabela@example.com"]),
        "souza": add_client(system, firm, "Souza Comércio Ltda", ["contato@souza.example.com"]),
        "bia": add_client(system, firm, "Beatriz Lima", ["bia@example.com"]),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("joao", {"joao"}),  # accents ignored in the name...
        ("JOÃO", {"joao"}),  # ...and in the query, whatever the case
        ("silva", {"joao"}),  # any word of the name
        ("sou", {"joao", "souza"}),
        ("silva sou", {"joao"}),  # several words, in order
        ("da silva souza", {"joao"}),
        ("comercio", {"souza"}),
        ("jsil", {"joao"}),  # e-mail prefix
        ("contato@souza", {"souza"}),
        ("ana", {"ana"}),  # three name words and two e-mails match, one client
        ("anabela@", {"ana"}),
        ("ouza", set()),  # the middle of a word is no prefix
        ("silva joao", set()),  # words out of order
        ("example.com", set()),  # the middle of an e-mail
        ("zzz", set()),
    ],
)
def test_search_matches_name_word_and_email_prefixes(
    system: FakeSystem, firm: OpenFirm, people: dict[str, Client], query: str, expected: set[str]
) -> None:
    found = search_all(system, firm, query)
    assert sorted(c.id for c in found) == sorted(people[key].id for key in expected)


def test_a_client_is_listed_once_per_search_on_every_page_size(system: FakeSystem, firm: OpenFirm) -> None:
    # Each of these has several terms starting with "ma": name words and e-mails.
    many = [
        add_client(system, firm, f"Maria Marta Mafalda {i:02}", [f"ma{i}@example.com", f"mail{i}@example.com"])
        for i in range(12)
    ]
    add_client(system, firm, "Outro Nome", ["outro@example.com"])
    for limit in (1, 2, 3, 5, 7, 100):
        found = search_all(system, firm, "ma", limit)
        assert sorted(c.id for c in found) == sorted(c.id for c in many), limit


def test_first_term_matching_is_the_smallest_matching_term() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    client = Client(
        id="c1",
        firm_id="f1",
        name="Ana  Ánna Bela",
        emails=["ana@example.com", "zeta@example.com"],
        created_at=now,
        updated_at=now,
    )
    assert client.search_terms() == ["ana anna bela", "anna bela", "bela", "ana@example.com", "zeta@example.com"]
    assert client.first_term_matching("an") == "ana anna bela"
    assert client.first_term_matching("ana@") == "ana@example.com"
    assert client.first_term_matching("anna") == "anna bela"
    assert client.first_term_matching("ze") == "zeta@example.com"
    assert client.first_term_matching("x") is None


def test_only_the_first_six_name_words_start_a_term() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    client = Client(id="c1", firm_id="f1", name="a b c d e f g h", created_at=now, updated_at=now)
    assert client.first_term_matching("f") == "f g h"
    assert client.first_term_matching("g") is None


def test_normalize() -> None:
    assert normalize("  João   DA Conceição ") == "joao da conceicao"
    assert normalize("Straße Ñandú") == "strasse nandu"


def test_a_renamed_client_is_found_by_the_new_name_only(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza", ["maria@example.com"])
    system.services.clients.update(
        firm.actor, client.id, ClientUpdate(name="Maria Lima", emails=["nova@example.com"], version=1)
    )
    assert search_all(system, firm, "souza") == []
    assert search_all(system, firm, "maria@") == []
    assert [c.name for c in search_all(system, firm, "lima")] == ["Maria Lima"]
    assert [c.name for c in search_all(system, firm, "nova@")] == ["Maria Lima"]
    assert names(system.services.clients.list(firm.id, None, None, 10).items) == ["Maria Lima"]


def test_a_blank_query_lists_everyone(system: FakeSystem, firm: OpenFirm, people: dict[str, Client]) -> None:
    assert len(system.services.clients.list(firm.id, "   ", None, 10).items) == len(people)


def test_search_results_carry_the_access_summary(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Maria Souza")
    grant(system, firm, client)
    system.services.accesses.block(firm.actor, client.id)
    [found] = search_all(system, firm, "souza")
    assert found.access.status == "blocked"
    [listed] = system.services.clients.list(firm.id, None, None, 10).items
    assert listed.access.status == "blocked"


def test_an_edit_cannot_drop_the_e_mail_the_client_signs_in_with(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, "Lia Costa", emails=["lia@client.example.com", "lia.work@client.example.com"])
    grant(system, firm, client)
    change = ClientUpdate(name=client.name, emails=["lia.work@client.example.com"], version=client.version)
    with pytest.raises(InvalidInput) as refused:
        system.services.clients.update(firm.actor, client.id, change)
    assert refused.value.details[0]["path"] == "emails"
    # Reordering keeps it, and is fine.
    reordered = ClientUpdate(
        name=client.name, emails=["lia.work@client.example.com", "lia@client.example.com"], version=client.version
    )
    assert system.services.clients.update(firm.actor, client.id, reordered).emails[1] == "lia@client.example.com"
