"""F19: document requests. Staff ask a client for documents (on the profile or a matter);
the client and their extra addresses are e-mailed in the client's language; the client
answers with files; a file that passes the checks makes the request submitted; staff accept
it (done) or reject it with a reason (pending again, the client told); every step is kept.
And F18's review queue: what clients sent that staff have not judged, counted per client
and per matter."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chalicelib.domain.documents import (
    DocumentRequestChange,
    DocumentRequestInput,
    DocumentStatus,
    FilesToSend,
    RequestEventKind,
    RequestStatus,
    Review,
    ReviewChange,
)
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import NotificationKind
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    CLIENT_PASSWORD,
    OpenFirm,
    add_client,
    caller,
    grant,
    invited_client,
    link_client,
    open_matter,
    publish,
)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


def ask(system: FakeSystem, firm: OpenFirm, client_id: str, **fields: Any) -> Any:
    body = {"client_id": client_id, "title": "Comprovante de residência", **fields}
    return system.services.documents.request_documents(firm.actor, DocumentRequestInput.model_validate(body))


def send(system: FakeSystem, tokens: Any, request_id: str, *names: str) -> Any:
    body = {"files": [{"file_name": n, "content_type": "application/pdf", "size": 2_000} for n in names or ["a.pdf"]]}
    return system.services.documents.send_to_request(caller(system, tokens), request_id, FilesToSend(**body))


def arrive(system: FakeSystem, ticket: Any, content: bytes = PDF) -> DocumentStatus | None:
    system.storage.post(ticket.form.fields["key"], content)
    return system.services.documents.check(ticket.form.fields["key"])


def answered(system: FakeSystem, firm: OpenFirm, tokens: Any, client_id: str) -> Any:
    request = ask(system, firm, client_id)
    (ticket,) = send(system, tokens, request.id, "Conta de luz.pdf")
    arrive(system, ticket)
    return system.documents.get_request(firm.id, request.id)


def review(system: FakeSystem, firm: OpenFirm, request: Any, accepted: bool, reason: str | None = None) -> Any:
    change = ReviewChange(accepted=accepted, reason=reason, version=request.version)
    return system.services.documents.review_request(firm.actor, request.id, change)


def test_a_request_is_kept_with_its_first_step_and_the_client_and_extra_addresses_are_emailed(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client = add_client(system, firm, notification_emails=["filha@example.com"], language="es")
    token = system.last_token_to(grant(system, firm, client).email)
    system.services.auth.accept_invitation(firm.slug, PrincipalKind.CLIENT, token, CLIENT_PASSWORD, FakeSystem.ADDRESS)
    system.deliver_all()
    request = ask(system, firm, client.id, details="Uma conta de luz recente.", due_date="2027-03-10")
    stored = system.documents.get_request(firm.id, request.id)
    assert stored == request
    assert (stored.status, stored.client_name, stored.matter_id) == (RequestStatus.PENDING, client.name, None)
    assert [(e.kind, e.by) for e in stored.history] == [(RequestEventKind.REQUESTED, "firm")]
    assert system.documents.requests_of_client(firm.id, client.id, None, 10).items == [request]
    assert "document_request.created" in [e.action for e in system.audit.entries(firm.id)]

    system.deliver_all()
    (mail,) = system.mailer.to("filha@example.com")
    assert mail.subject == "Silva Advogados necesita un documento: Comprovante de residência"  # her Spanish
    for shown in ("Uma conta de luz recente.", "10/03/2027", f"https://silva.portal.test/#/requests/{request.id}"):
        assert shown in mail.html and shown in mail.text
    assert set(mail.to) == {"maria@client.example.com", "filha@example.com"}
    assert mail.tags == {"firm": firm.id, "kind": "document_requested"}


def test_a_request_on_a_matter_needs_a_matter_the_client_sees(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    hidden = open_matter(system, firm, [client])
    with pytest.raises(InvalidInput) as refused:
        ask(system, firm, client.id, matter_id=hidden.id)
    assert refused.value.details[0]["path"] == "matter_id"
    with pytest.raises(NotFound):
        ask(system, firm, "nosuchclient")
    assert system.store.document_requests == {} and system.outbox.take() == []
    publish(system, firm, hidden, [client])
    request = ask(system, firm, client.id, matter_id=hidden.id)
    assert (request.matter_id, request.matter_title) == (hidden.id, "Contrato de locação")
    assert system.services.documents.requests_of_matter(firm.id, hidden.id, None, 10).items == [request]


def test_files_sent_for_a_request_answer_it_once_one_passes(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    request = ask(system, firm, client.id)
    refused, accepted = send(system, tokens, request.id, "Conta.pdf", "Foto.pdf")
    assert (refused.document.request_id, refused.document.client_id) == (request.id, client.id)
    assert system.documents.get_request(firm.id, request.id).document_ids == [refused.document.id, accepted.document.id]
    assert arrive(system, refused, HTML) is DocumentStatus.REFUSED
    after_refusal = system.documents.get_request(firm.id, request.id)
    assert after_refusal.status is RequestStatus.PENDING
    assert (after_refusal.history[-1].kind, after_refusal.history[-1].note) == (
        RequestEventKind.FILE_REFUSED,
        "Conta.pdf",
    )
    assert after_refusal.history[-1].refusal is not None
    assert arrive(system, accepted) is DocumentStatus.AVAILABLE
    submitted = system.documents.get_request(firm.id, request.id)
    assert submitted.status is RequestStatus.SUBMITTED
    assert [e.kind for e in submitted.history][-1] is RequestEventKind.FILE_RECEIVED
    # Checked again (SQS delivers twice): nothing more happens.
    system.services.documents.check(accepted.form.fields["key"])
    assert system.documents.get_request(firm.id, request.id) == submitted
    detail = system.services.documents.my_request(caller(system, tokens), request.id)
    assert {d.id for d in detail.documents} == {refused.document.id, accepted.document.id}


def test_a_submitted_or_done_request_takes_no_more_files_and_nothing_is_left_behind(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    request = answered(system, firm, tokens, client.id)
    documents, forms = dict(system.store.documents), list(system.storage.forms)
    with pytest.raises(Conflict) as fulfilled:
        send(system, tokens, request.id)
    assert fulfilled.value.code == "request_fulfilled"
    review(system, firm, request, accepted=True)
    with pytest.raises(Conflict):
        send(system, tokens, request.id)
    assert set(system.store.documents) == set(documents) and system.storage.forms == forms


def test_rejecting_needs_a_reason_puts_it_back_to_pending_and_tells_the_client(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    request = answered(system, firm, tokens, client.id)
    with pytest.raises(InvalidInput) as silent:
        review(system, firm, request, accepted=False)
    assert silent.value.details[0]["path"] == "reason"
    system.deliver_all()
    rejected = review(system, firm, request, accepted=False, reason="A conta está ilegível.")
    assert (rejected.status, rejected.rejection_reason) == (RequestStatus.PENDING, "A conta está ilegível.")
    assert (rejected.history[-1].kind, rejected.history[-1].note) == (
        RequestEventKind.REJECTED,
        "A conta está ilegível.",
    )
    (document,) = system.services.documents.request_detail(firm.id, request.id).documents
    assert (document.review, document.review_reason) == (Review.REJECTED, "A conta está ilegível.")
    system.deliver_all()
    rejected = system.mailer.sent[-1]
    assert rejected.tags["kind"] == "request_rejected" and "A conta está ilegível." in rejected.text
    # Pending again: the client sends another file, and the rejection reason goes once it passes.
    (ticket,) = send(system, tokens, request.id, "Conta nova.pdf")
    arrive(system, ticket)
    again = system.documents.get_request(firm.id, request.id)
    assert (again.status, again.rejection_reason) == (RequestStatus.SUBMITTED, None)
    assert "document_request.rejected" in [e.action for e in system.audit.entries(firm.id)]


def test_accepting_makes_it_done_and_accepts_its_files(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    request = answered(system, firm, tokens, client.id)
    done = review(system, firm, request, accepted=True)
    assert (done.status, done.history[-1].kind) == (RequestStatus.ACCEPTED, RequestEventKind.ACCEPTED)
    assert [d.review for d in system.services.documents.request_detail(firm.id, done.id).documents] == [Review.ACCEPTED]
    with pytest.raises(Conflict) as again:
        review(system, firm, done, accepted=True)
    assert again.value.code == "not_submitted"


def test_only_a_submitted_request_is_reviewed_over_the_version_read(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    pending = ask(system, firm, client.id)
    with pytest.raises(Conflict) as nothing_sent:
        review(system, firm, pending, accepted=True)
    assert nothing_sent.value.code == "not_submitted"
    submitted = answered(system, firm, tokens, client.id)
    stale = submitted.model_copy(update={"version": submitted.version - 1})
    with pytest.raises(Conflict) as conflict:
        review(system, firm, stale, accepted=True)
    assert conflict.value.code == "stale_version"


def test_staff_edit_a_request_over_its_version_and_the_edit_is_in_the_history(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    request = ask(system, firm, client.id)
    change = DocumentRequestChange(
        title="Procuração assinada",
        details="Com firma reconhecida.",
        due_date=date(2027, 1, 5),
        version=request.version,
    )
    edited = system.services.documents.edit_request(firm.actor, request.id, change)
    assert (edited.title, edited.details, edited.due_date, edited.version) == (
        "Procuração assinada", "Com firma reconhecida.", date(2027, 1, 5), request.version + 1,
    )  # fmt: skip
    assert edited.history[-1].kind is RequestEventKind.EDITED
    assert system.services.documents.my_requests(caller(system, tokens), None, 10).items == [edited]
    with pytest.raises(Conflict):
        system.services.documents.edit_request(firm.actor, request.id, change)
    done = review(system, firm, answered(system, firm, tokens, client.id), accepted=True)
    with pytest.raises(Conflict) as closed:
        system.services.documents.edit_request(firm.actor, done.id, change.model_copy(update={"version": done.version}))
    assert closed.value.code == "request_done"


def test_a_deleted_request_leaves_the_lists_and_its_files_stay_with_the_client(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    request = answered(system, firm, tokens, client.id)
    system.services.documents.delete_request(firm.actor, request.id)
    assert system.documents.get_request(firm.id, request.id) is None
    assert system.services.documents.my_requests(caller(system, tokens), None, 10).items == []
    assert [d.id for d in system.documents.of_client(firm.id, client.id, None, 10).items] == request.document_ids
    with pytest.raises(NotFound):
        system.services.documents.delete_request(firm.actor, request.id)
    assert "document_request.deleted" in [e.action for e in system.audit.entries(firm.id)]


def test_a_notification_for_a_request_gone_or_answered_sends_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    request = ask(system, firm, client.id)
    system.services.documents.delete_request(firm.actor, request.id)
    assert system.deliver_all() == []
    answered(system, firm, tokens, client.id)
    asked, received = system.outbox.take()  # the request's e-mail, then staff told of the file
    assert (asked.kind, received.kind) == (NotificationKind.DOCUMENT_REQUESTED, NotificationKind.UPLOAD_RECEIVED)
    assert system.services.notifications.deliver(asked) == []  # submitted before the worker ran: nothing to ask for


def test_a_client_sees_and_answers_only_their_own_requests(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    _, other = invited_client(system, firm, name="Pedro Lima")
    request = ask(system, firm, client.id)
    with pytest.raises(NotFound):
        system.services.documents.my_request(caller(system, other), request.id)
    with pytest.raises(NotFound):
        send(system, other, request.id)
    assert system.services.documents.my_requests(caller(system, other), None, 10).items == []


def test_a_link_session_and_a_simulation_cannot_answer_a_request(system: FakeSystem, firm: OpenFirm) -> None:
    linked, link = link_client(system, firm)
    session = system.services.auth.open_access_link(firm.slug, link, FakeSystem.ADDRESS)
    request = ask(system, firm, linked.id)
    with pytest.raises(Forbidden) as refused:
        send(system, session, request.id)
    assert refused.value.code == "read_only_session"
    assert system.services.documents.my_request(caller(system, session), request.id).request == request
    client, _ = invited_client(system, firm)
    simulation = system.services.auth.simulate(caller(system, firm.admin_tokens), client.id)
    with pytest.raises(Forbidden):
        send(system, simulation, ask(system, firm, client.id).id)
    assert system.store.documents == {}


def test_the_review_queue_counts_what_waits_per_client_and_per_matter(system: FakeSystem, firm: OpenFirm) -> None:
    maria, maria_tokens = invited_client(system, firm)
    pedro, pedro_tokens = invited_client(system, firm, name="Pedro Lima")
    matter = open_matter(system, firm, [maria])
    publish(system, firm, matter, [maria])
    on_matter = ask(system, firm, maria.id, matter_id=matter.id)
    tickets = send(system, maria_tokens, on_matter.id, "RG.pdf", "CPF.pdf")
    for ticket in tickets:
        arrive(system, ticket)
    answered(system, firm, pedro_tokens, pedro.id)
    queue = system.services.documents.review_queue(firm.id, None, 10)
    assert [(c.name, c.count) for c in queue.clients] == [("Maria Souza", 2), ("Pedro Lima", 1)]
    assert [(m.id, m.name, m.count) for m in queue.matters] == [(matter.id, "Contrato de locação", 2)]
    assert len(queue.items) == 3 and all(d.awaits_review for d in queue.items)
    # Staff judge one file alone, then the rest through the request: the queue empties.
    first = system.documents.get(firm.id, tickets[0].document.id)
    system.services.documents.review(firm.actor, first.id, ReviewChange(accepted=True, version=first.version))
    assert [c.count for c in system.services.documents.review_queue(firm.id, None, 10).clients] == [1, 1]
    review(system, firm, system.documents.get_request(firm.id, on_matter.id), accepted=True)
    queue = system.services.documents.review_queue(firm.id, None, 10)
    assert ([(c.name, c.count) for c in queue.clients], queue.matters) == ([("Pedro Lima", 1)], [])


def test_a_blocked_or_removed_access_sends_nothing(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    request = ask(system, firm, client.id)
    system.services.accesses.block(firm.actor, client.id)
    with pytest.raises((Forbidden, Unauthenticated)):
        send(system, tokens, request.id)
    system.services.accesses.unblock(firm.actor, client.id)
    system.services.accesses.remove(firm.actor, client.id)
    with pytest.raises((Forbidden, Unauthenticated)):
        send(system, tokens, request.id)
    assert system.store.documents == {} and system.storage.forms == []
    assert system.documents.get_request(firm.id, request.id).document_ids == []
