"""AccessRepository: a client's portal access, one per client, its e-mail unique among the
firm's accesses. Written with the client's listing summary; the document over its version,
the credentials over their revision; sign-ins noted beside it; read with the client's view
of one matter in one call."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.accesses import Access, AccessStatus
from chalicelib.domain.clients import Client
from chalicelib.domain.errors import Conflict
from chalicelib.domain.ports import PortalChanges
from tests.contract.builders import NOW, a_client, a_matter, an_access, an_audit_entry, edited, new_credentials
from tests.contract.conftest import Backend


def add_client(backend: Backend, firm_id: str, **changes) -> Client:
    client = a_client(firm_id, **changes)
    backend.clients.create(client, an_audit_entry(firm_id))
    return client


def grant(backend: Backend, firm_id: str, **changes) -> tuple[Access, Client]:
    """A client with an access; the client as stored with the access's summary."""
    client = add_client(backend, firm_id)
    access = an_access(client, **changes)
    backend.accesses.create(access, client.with_access(access), an_audit_entry(firm_id))
    return access, client.with_access(access)


def test_an_access_never_granted_is_none_however_it_is_read(backend: Backend, firm_id: str) -> None:
    client = add_client(backend, firm_id)

    assert backend.accesses.get(firm_id, client.id) is None
    assert backend.accesses.by_email(firm_id, client.emails[0]) is None
    assert backend.accesses.get_with_matter(firm_id, client.id, "nomatter") == (None, None)


def test_a_granted_access_reads_back_by_client_and_by_email_and_the_directory_shows_it(
    backend: Backend, firm_id: str
) -> None:
    client = add_client(backend, firm_id)
    access, entry = an_access(client), an_audit_entry(firm_id)

    backend.accesses.create(access, client.with_access(access), entry)

    assert backend.accesses.get(firm_id, client.id) == access
    assert backend.accesses.by_email(firm_id, access.email.upper()) == access
    stored = backend.clients.get(firm_id, client.id)
    assert stored == client.with_access(access) and stored.version == client.version
    assert backend.clients.list(firm_id, None, 10).items == [stored]
    assert entry in backend.audit_entries(firm_id)


def test_a_second_access_for_the_client_is_refused_and_nothing_changes(backend: Backend, firm_id: str) -> None:
    access, client = grant(backend, firm_id)
    second = an_access(client, email=f"other.{access.email}")

    with pytest.raises(Conflict):
        backend.accesses.create(second, client.with_access(second), an_audit_entry(firm_id))

    assert backend.accesses.get(firm_id, client.id) == access
    assert backend.accesses.by_email(firm_id, second.email) is None
    assert backend.clients.get(firm_id, client.id) == client


def test_an_email_another_client_signs_in_with_is_refused_and_nothing_is_written(
    backend: Backend, firm_id: str
) -> None:
    taken, _ = grant(backend, firm_id)
    client = add_client(backend, firm_id)
    access = an_access(client, email=taken.email)

    with pytest.raises(Conflict):
        backend.accesses.create(access, client.with_access(access), an_audit_entry(firm_id))

    assert backend.accesses.get(firm_id, client.id) is None
    assert backend.accesses.by_email(firm_id, taken.email) == taken
    assert backend.clients.get(firm_id, client.id) == client


def test_a_grant_whose_audit_entry_id_is_taken_writes_nothing(backend: Backend, firm_id: str) -> None:
    client = add_client(backend, firm_id)
    entry = an_audit_entry(firm_id)
    backend.audit.append(entry)
    access = an_access(client)

    with pytest.raises(Conflict):
        backend.accesses.create(access, client.with_access(access), entry)

    assert backend.accesses.get(firm_id, client.id) is None
    assert backend.accesses.by_email(firm_id, access.email) is None
    assert backend.clients.list(firm_id, None, 10).items == [client]


def test_a_grant_over_a_client_edited_meanwhile_is_refused_and_writes_nothing(backend: Backend, firm_id: str) -> None:
    client = add_client(backend, firm_id)
    backend.clients.save(edited(client, name="Edited meanwhile"), client, None)
    access = an_access(client)

    with pytest.raises(Conflict):
        backend.accesses.create(access, client.with_access(access), an_audit_entry(firm_id))

    assert backend.accesses.get(firm_id, client.id) is None
    assert backend.accesses.by_email(firm_id, access.email) is None
    assert backend.clients.get(firm_id, client.id).name == "Edited meanwhile"


def test_a_save_over_the_version_read_refreshes_the_listing_and_leaves_the_credentials_beside_it(
    backend: Backend, firm_id: str
) -> None:
    access, client = grant(backend, firm_id)
    linked = new_credentials(access, invitation_sent_at=NOW)
    backend.accesses.save_credentials(linked, access, None)
    activated = edited(access, status=AccessStatus.ACTIVE, activated_at=NOW)  # read before the link was stored

    backend.accesses.save(activated, client.with_access(activated), an_audit_entry(firm_id))

    stored = backend.accesses.get(firm_id, client.id)
    assert (stored.status, stored.version, stored.credentials) == (AccessStatus.ACTIVE, 2, linked.credentials)
    assert backend.clients.get(firm_id, client.id).access.status == "active"
    assert [c.access.status for c in backend.clients.list(firm_id, None, 10).items] == ["active"]


def test_a_stale_version_is_refused_and_nothing_changes(backend: Backend, firm_id: str) -> None:
    access, client = grant(backend, firm_id)
    blocked = edited(access, status=AccessStatus.BLOCKED)
    backend.accesses.save(blocked, client.with_access(blocked), None)
    entries = backend.audit_ids(firm_id)
    stale = edited(access, status=AccessStatus.ACTIVE)

    with pytest.raises(Conflict):
        backend.accesses.save(stale, client.with_access(stale), an_audit_entry(firm_id))

    assert backend.accesses.get(firm_id, client.id) == blocked
    assert backend.clients.get(firm_id, client.id).access.status == "blocked"
    assert backend.audit_ids(firm_id) == entries


def test_credentials_over_the_revision_read_are_written_and_the_version_stays(backend: Backend, firm_id: str) -> None:
    access, client = grant(backend, firm_id)
    changed = new_credentials(access, password_hash="hash-2")

    backend.accesses.save_credentials(changed, access, None)

    stored = backend.accesses.get(firm_id, client.id)
    assert stored.credentials == changed.credentials and stored.version == access.version


def test_credentials_over_a_stale_revision_are_refused_and_nothing_changes(backend: Backend, firm_id: str) -> None:
    access, client = grant(backend, firm_id)
    first = new_credentials(access, password_hash="hash-first")
    backend.accesses.save_credentials(first, access, None)

    with pytest.raises(Conflict):
        backend.accesses.save_credentials(new_credentials(access, password_hash="hash-lost"), access, None)

    assert backend.accesses.get(firm_id, client.id).credentials == first.credentials


@pytest.mark.parametrize("changed_meanwhile", ["document", "credentials"])
def test_document_and_credentials_together_write_nothing_if_either_changed_meanwhile(
    backend: Backend, firm_id: str, changed_meanwhile: str
) -> None:
    access, client = grant(backend, firm_id)
    if changed_meanwhile == "document":
        backend.accesses.save(edited(access, status=AccessStatus.BLOCKED), None, None)
    else:
        backend.accesses.save_credentials(new_credentials(access, generation=2), access, None)
    before = backend.accesses.get(firm_id, client.id)
    accepted = new_credentials(edited(access, status=AccessStatus.ACTIVE), password_hash="hash-2")

    with pytest.raises(Conflict):
        backend.accesses.save_with_credentials(accepted, access, client.with_access(accepted), an_audit_entry(firm_id))

    assert backend.accesses.get(firm_id, client.id) == before
    assert backend.clients.get(firm_id, client.id) == client


def test_document_and_credentials_together_write_both_and_the_listing(backend: Backend, firm_id: str) -> None:
    access, client = grant(backend, firm_id)
    accepted = new_credentials(edited(access, status=AccessStatus.ACTIVE), password_hash="hash-2")

    backend.accesses.save_with_credentials(accepted, access, client.with_access(accepted), None)

    assert backend.accesses.get(firm_id, client.id) == accepted
    assert backend.clients.get(firm_id, client.id).access.status == "active"


def test_a_sign_in_is_noted_beside_the_access_without_a_new_version_and_outlives_an_edit(
    backend: Backend, firm_id: str
) -> None:
    access, client = grant(backend, firm_id)
    at = NOW + timedelta(hours=1)

    backend.accesses.record_sign_in(firm_id, client.id, at)
    backend.accesses.save(edited(access, status=AccessStatus.ACTIVE), None, None)

    stored = backend.accesses.get(firm_id, client.id)
    assert stored.last_sign_in_at == at and stored.version == 2


def test_a_sign_in_of_an_access_that_is_gone_records_nothing(backend: Backend, firm_id: str) -> None:
    client = add_client(backend, firm_id)

    backend.accesses.record_sign_in(firm_id, client.id, NOW)

    assert backend.accesses.get(firm_id, client.id) is None


def test_a_revoked_access_is_gone_and_its_email_is_free_for_another_client(backend: Backend, firm_id: str) -> None:
    access, client = grant(backend, firm_id)
    entry = an_audit_entry(firm_id)

    backend.accesses.delete(access, client.with_access(None), entry)

    assert backend.accesses.get(firm_id, client.id) is None
    assert backend.accesses.by_email(firm_id, access.email) is None
    assert backend.clients.get(firm_id, client.id).access is None
    assert entry in backend.audit_entries(firm_id)
    other = add_client(backend, firm_id)
    backend.accesses.create(an_access(other, email=access.email), other, an_audit_entry(firm_id))


def test_the_access_is_read_with_the_clients_view_of_a_matter_published_to_the_client_only(
    backend: Backend, firm_id: str
) -> None:
    access, client = grant(backend, firm_id)
    matter = a_matter(firm_id, clients=[client])
    backend.matters.create(matter, None)
    published = edited(matter, published_to=[client.id])
    view = published.view_for(client.id)
    backend.matters.save(published, matter, PortalChanges(views={client.id: view}), None)
    unpublished = a_matter(firm_id, clients=[client])
    backend.matters.create(unpublished, None)

    assert backend.accesses.get_with_matter(firm_id, client.id, matter.id) == (access, view)
    assert backend.accesses.get_with_matter(firm_id, client.id, unpublished.id) == (access, None)


def test_another_firms_access_is_not_found_there(backend: Backend, firm_id: str, other_firm_id: str) -> None:
    access, client = grant(backend, firm_id)

    assert backend.accesses.get(other_firm_id, client.id) is None
    assert backend.accesses.by_email(other_firm_id, access.email) is None
    assert backend.accesses.get_with_matter(other_firm_id, client.id, "any") == (None, None)
