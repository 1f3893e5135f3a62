"""A6: documents the firm published on her matters and document requests addressed to her,
in her home feed beside the updates: documents only when her profile shows documents,
requests always; reading one entry; a simulation marks nothing."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.accesses import VisibilityProfile
from chalicelib.domain.clients import Client
from chalicelib.domain.documents import Document, DocumentPublication, DocumentRequestInput, UploadRequest
from chalicelib.domain.errors import NotFound
from chalicelib.domain.feed import FeedKind, FeedPage
from chalicelib.domain.matters import Matter
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, caller, invited_client, open_matter, publish
from tests.unit.test_documents_service import arrive, files


def feed(system: FakeSystem, tokens: Any) -> FeedPage:
    return system.services.feed.page(caller(system, tokens), None, 50)


def staff_document(system: FakeSystem, firm: OpenFirm, matter: Matter, name: str = "Sentença.pdf") -> Document:
    """A staff member's document of the matter, checked and available, not published yet."""
    (ticket,) = system.services.documents.start_staff_uploads(
        firm.actor, matter.id, UploadRequest.model_validate(files(name))
    )
    arrive(system, ticket)
    document = system.documents.get(firm.id, ticket.document.id)
    assert document is not None
    return document


def shown(system: FakeSystem, firm: OpenFirm, document: Document, published: bool = True) -> Document:
    change = DocumentPublication(published=published, version=document.version)
    return system.services.documents.publish(firm.actor, document.id, change)


@pytest.fixture
def maria(system: FakeSystem, firm: OpenFirm) -> tuple[Client, Any]:
    return invited_client(system, firm, "Maria Souza")


def test_a_published_document_is_in_her_feed_until_hidden_and_keeps_its_place(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    lease = publish(system, firm, open_matter(system, firm, [client], title="Locação"), [client])
    document = staff_document(system, firm, lease)
    assert feed(system, tokens).items == []  # not published yet

    first = shown(system, firm, document)
    assert first.published_at == system.clock.now()
    page = feed(system, tokens)
    (item,) = page.items
    assert item.kind is FeedKind.DOCUMENT and item.matter_title == "Locação" and not item.read
    assert item.document is not None and item.document.file_name == "Sentença.pdf"
    assert item.update is None and item.request is None
    assert page.unread.total == 1

    system.clock.advance(minutes=5)
    again = shown(system, firm, first)  # published again while published: the same moment, the same entry
    assert again.published_at == first.published_at
    assert [i.id for i in feed(system, tokens).items] == [item.id]

    hidden = shown(system, firm, again, published=False)
    assert hidden.published_at is None
    page = feed(system, tokens)
    assert page.items == [] and page.unread.total == 0


def test_documents_follow_her_profile_and_requests_are_always_shown(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm, profile=VisibilityProfile(documents=False))
    lease = publish(system, firm, open_matter(system, firm, [client], title="Locação"), [client])
    shown(system, firm, staff_document(system, firm, lease))
    request = system.services.documents.request_documents(
        firm.actor, DocumentRequestInput(client_id=client.id, title="Comprovante de residência")
    )

    page = feed(system, tokens)
    assert [i.kind for i in page.items] == [FeedKind.DOCUMENT_REQUEST]
    assert page.items[0].request is not None and page.items[0].request.id == request.id
    assert page.unread.total == 1 and page.unread.matters == []  # a request on her profile: no matter


def test_reading_one_entry_counts_it_no_more_and_a_simulation_marks_nothing(
    system: FakeSystem, firm: OpenFirm, maria: tuple[Client, Any]
) -> None:
    client, tokens = maria
    lease = publish(system, firm, open_matter(system, firm, [client]), [client])
    system.services.documents.request_documents(
        firm.actor, DocumentRequestInput(client_id=client.id, matter_id=lease.id, title="Contrato de locação")
    )
    (item,) = feed(system, tokens).items
    admin = caller(system, firm.admin_tokens)
    staff = caller(system, system.services.auth.simulate(admin, client.id))

    system.services.feed.mark_read(staff, item.id)
    assert feed(system, tokens).unread.total == 1

    system.services.feed.mark_read(caller(system, tokens), item.id)
    system.services.feed.mark_read(caller(system, tokens), item.id)  # once is enough; again is fine
    page = feed(system, tokens)
    assert page.items[0].read and page.unread.total == 0


def test_reading_an_entry_she_does_not_have_or_may_not_see_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm, profile=VisibilityProfile(documents=False))
    other, other_tokens = invited_client(system, firm, "Outra Cliente")
    lease = publish(system, firm, open_matter(system, firm, [client, other]), [client, other])
    shown(system, firm, staff_document(system, firm, lease))
    (item,) = feed(system, other_tokens).items

    with pytest.raises(NotFound):
        system.services.feed.mark_read(caller(system, tokens), item.id)  # hers too, but her profile hides it
    with pytest.raises(NotFound):
        system.services.feed.mark_read(caller(system, tokens), "20260101000000nothing")
    assert feed(system, other_tokens).unread.total == 1


def test_a_write_too_big_to_share_its_transaction_has_the_feeds_written_after_it() -> None:
    from chalicelib.adapters.dynamodb.feed import FeedChange, _by_client

    changes = [FeedChange("c1", "e1", None, None), FeedChange("c2", "e2", "m1", None)]
    assert _by_client(changes, first=90) == [changes]  # room for both beside the write
    assert _by_client(changes, first=1) == [[], changes]  # the write alone, then both feeds
    assert _by_client(changes, first=3) == [changes[:1], changes[1:]]
