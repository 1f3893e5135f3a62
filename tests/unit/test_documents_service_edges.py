"""F17-F19, the edges of the documents use cases: the exact words and codes clients and staff
read when something is refused, what each document and request records (names, times,
versions), what is audited and queued, what storage is asked for, the firm's own size limit,
and the lists' pages. The main paths are in test_documents_service.py and
test_document_requests.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest

from chalicelib.domain.accesses import VisibilityProfile
from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.documents import (
    MB,
    Document,
    DocumentPublication,
    DocumentRequest,
    DocumentRequestChange,
    DocumentRequestInput,
    DocumentStatus,
    DocumentType,
    FilesToSend,
    Inspection,
    Refusal,
    RequestEventKind,
    RequestStatus,
    Review,
    ReviewChange,
    Uploader,
    UploadRequest,
    UploadTicket,
)
from chalicelib.domain.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import NotificationKind
from chalicelib.services.documents import MALWARE_FOUND, MALWARE_TAG
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, caller, invited_client, link_client, open_matter, publish

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"
JPEG = b"\xff\xd8\xff\xe0 EXIF-GPS picture"
HTML = b"<!doctype html><html><script>alert(1)</script></html>"
KIND_REFUSED = (
    ": this kind of file cannot be sent. Send a PDF, a photo (JPEG, PNG, HEIC), "
    "a Word, Excel or OpenDocument file, or plain text."
)
DOCUMENT_NOT_FOUND = "Document not found."
REQUEST_NOT_FOUND = "Document request not found."
STALE_DOCUMENT = "This document was changed by someone else. Reload and try again."
STALE_REQUEST = "This request was changed by someone else. Reload and try again."


def files(*names: str, content_type: str = "application/pdf", size: int = 2_000) -> dict[str, Any]:
    return {"files": [{"file_name": name, "content_type": content_type, "size": size} for name in names]}


def upload(system: FakeSystem, tokens: Any, **request: Any) -> list[UploadTicket]:
    body = {**files("RG.pdf"), **request}
    return system.services.documents.start_client_uploads(caller(system, tokens), UploadRequest.model_validate(body))


def staff_upload(system: FakeSystem, firm: OpenFirm, matter_id: str, *names: str) -> list[UploadTicket]:
    request = UploadRequest.model_validate(files(*(names or ("Sentença.pdf",))))
    return system.services.documents.start_staff_uploads(firm.actor, matter_id, request)


def arrive(system: FakeSystem, ticket: UploadTicket, content: bytes = PDF) -> Document:
    """The browser posts the file; the worker checks it; the document as it is then."""
    system.storage.post(ticket.document.key, content)
    system.services.documents.check(ticket.document.key)
    return stored(system, ticket.document)


def stored(system: FakeSystem, document: Document) -> Document:
    found = system.documents.get(document.firm_id, document.id)
    assert found is not None
    return found


def ask(system: FakeSystem, firm: OpenFirm, client_id: str, **fields: Any) -> Any:
    body = {"client_id": client_id, "title": "Comprovante de residência", **fields}
    return system.services.documents.request_documents(firm.actor, DocumentRequestInput.model_validate(body))


def send(system: FakeSystem, tokens: Any, request_id: str, *names: str, description: str | None = None) -> Any:
    body = {"files": files(*(names or ("a.pdf",)))["files"], "description": description}
    return system.services.documents.send_to_request(caller(system, tokens), request_id, FilesToSend(**body))


def answered(system: FakeSystem, firm: OpenFirm, tokens: Any, client_id: str, **fields: Any) -> Any:
    """A request the client answered with a file that passed: submitted."""
    request = ask(system, firm, client_id, **fields)
    (ticket,) = send(system, tokens, request.id, "Conta de luz.pdf")
    arrive(system, ticket)
    return request_of(system, firm, request.id)


def request_of(system: FakeSystem, firm: OpenFirm, request_id: str) -> DocumentRequest:
    found = system.documents.get_request(firm.id, request_id)
    assert found is not None
    return found


def refused(kind: type[DomainError], call: Callable[[], object]) -> DomainError:
    with pytest.raises(kind) as raised:
        call()
    return raised.value


def last_audit(system: FakeSystem, firm: OpenFirm) -> AuditEntry:
    return system.audit.entries(firm.id)[0]


def set_upload_limit(system: FakeSystem, firm: OpenFirm, megabytes: int) -> None:
    """The firm's own upload limit, as its record keeps it (Firm.upload_limit_megabytes; no route sets it)."""
    current = system.firms.get(firm.id)
    assert current is not None
    system.store.firms[firm.id] = current.model_copy(update={"upload_limit_megabytes": megabytes}).model_dump_json()


def counting(monkeypatch: pytest.MonkeyPatch, target: object, name: str) -> list[tuple[Any, ...]]:
    """The calls made to one method of a fake, which still answers as before."""
    calls: list[tuple[Any, ...]] = []
    method = getattr(target, name)

    def spy(*args: Any) -> Any:
        calls.append(args)
        return method(*args)

    monkeypatch.setattr(target, name, spy)
    return calls


# --- uploads: what is refused, in words -----------------------------------------------------------


def test_a_kind_that_cannot_be_sent_is_named_with_the_kinds_that_can(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    body = {"files": [*files("RG.pdf")["files"], *files("page.html", content_type="text/html")["files"]]}
    error = refused(InvalidInput, lambda: upload(system, tokens, **body))
    message = "page.html" + KIND_REFUSED
    assert (error.code, error.message) == ("invalid_input", message)
    assert error.details == [{"path": "files.1.content_type", "message": message}]
    assert system.store.documents == {} and system.storage.forms == []


def test_a_file_of_exactly_the_limit_is_taken_and_one_byte_more_is_refused_in_whole_megabytes(
    system: FakeSystem, firm: OpenFirm
) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens, **files("exact.pdf", size=25 * MB))
    assert ticket.document.file_name == "exact.pdf"
    error = refused(InvalidInput, lambda: upload(system, tokens, **files("big.pdf", size=25 * MB + 1)))
    message = "big.pdf is larger than 25 MB; send a smaller file."
    assert (error.message, error.details) == (message, [{"path": "files.0.size", "message": message}])


def test_the_firms_own_limit_holds_the_forms_and_the_words(system: FakeSystem, firm: OpenFirm) -> None:
    set_upload_limit(system, firm, 3)
    client, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    (ticket,) = upload(system, tokens, **files("RG.pdf", size=3 * MB))
    (theirs,) = staff_upload(system, firm, matter.id)
    assert [(key, max_bytes) for key, _, max_bytes, _ in system.storage.forms] == [
        (ticket.document.key, 3 * MB),
        (theirs.document.key, 3 * MB),
    ]
    error = refused(InvalidInput, lambda: upload(system, tokens, **files("scan.pdf", size=3 * MB + 1)))
    assert error.message == "scan.pdf is larger than 3 MB; send a smaller file."


def test_uploads_for_a_firm_that_is_gone_are_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    about = caller(system, tokens)
    del system.store.firms[firm.id]
    for call in (
        lambda: system.services.documents.start_client_uploads(about, UploadRequest.model_validate(files("RG.pdf"))),
        lambda: staff_upload(system, firm, matter.id),
    ):
        error = refused(NotFound, call)
        assert (error.code, error.message) == ("not_found", "Firm not found.")
    assert system.store.documents == {}


def test_who_may_not_send_files_is_told_why(system: FakeSystem, firm: OpenFirm) -> None:
    staff = refused(Forbidden, lambda: upload(system, firm.admin_tokens))
    assert (staff.code, staff.message) == ("forbidden", "Only a client uploads here.")
    _, link = link_client(system, firm)
    session = system.services.auth.open_access_link(firm.slug, link, FakeSystem.ADDRESS)
    linked = refused(Forbidden, lambda: upload(system, session))
    assert (linked.code, linked.message) == (
        "read_only_session",
        "Signed in with a link: documents can be downloaded, not sent.",
    )
    client, _ = invited_client(system, firm)
    simulation = system.services.auth.simulate(caller(system, firm.admin_tokens), client.id)
    watched = refused(Forbidden, lambda: upload(system, simulation))
    assert (watched.code, watched.message) == (
        "read_only_session",
        "A simulation shows what the client sees; it cannot send files.",
    )
    assert system.store.documents == {}


# --- uploads: what each document records ----------------------------------------------------------


def test_a_clients_upload_records_who_sent_it_and_the_names_it_was_sent_under(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [client], title="Ação de despejo")
    publish(system, firm, matter, [client])
    (to_profile,) = upload(system, tokens, description="Identidade")
    (to_matter,) = upload(system, tokens, matter_id=matter.id)
    profile_document, matter_document = to_profile.document, to_matter.document
    assert (profile_document.client_name, profile_document.matter_id, profile_document.matter_title) == (
        "Maria Souza",
        None,
        None,
    )
    assert (profile_document.description, profile_document.request_id) == ("Identidade", None)
    assert (profile_document.uploader, profile_document.uploaded_by, profile_document.review) == (
        Uploader.CLIENT,
        client.id,
        Review.NEW,
    )
    assert (matter_document.client_name, matter_document.matter_id, matter_document.matter_title) == (
        "Maria Souza",
        matter.id,
        "Ação de despejo",
    )
    assert stored(system, matter_document) == matter_document


def test_a_client_whose_record_went_while_signed_in_sends_without_a_name(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    about = caller(system, tokens)
    del system.store.clients[(firm.id, client.id)]
    (ticket,) = system.services.documents.start_client_uploads(about, UploadRequest.model_validate(files("RG.pdf")))
    assert (ticket.document.client_id, ticket.document.client_name) == (client.id, None)


def test_staff_uploads_carry_the_matters_title_and_an_unknown_matter_is_named(
    system: FakeSystem, firm: OpenFirm
) -> None:
    matter = open_matter(system, firm, title="Inventário")
    (ticket,) = staff_upload(system, firm, matter.id)
    document = ticket.document
    assert (document.matter_id, document.matter_title, document.client_id, document.client_name) == (
        matter.id,
        "Inventário",
        None,
        None,
    )
    assert (document.uploader, document.uploaded_by, document.review) == (Uploader.STAFF, firm.admin.id, None)
    error = refused(NotFound, lambda: staff_upload(system, firm, "nomatter"))
    assert error.message == "Matter not found."


def test_a_client_sends_to_a_matter_only_when_its_profile_shows_the_matter_and_documents(
    system: FakeSystem, firm: OpenFirm
) -> None:
    open_client, open_tokens = invited_client(system, firm, profile=VisibilityProfile(include_private_matters=True))
    private = open_matter(system, firm, [open_client], private=True, title="Sigiloso")
    publish(system, firm, private, [open_client])
    (ticket,) = upload(system, open_tokens, matter_id=private.id)
    assert ticket.document.matter_title == "Sigiloso"

    plain_client, plain_tokens = invited_client(system, firm, name="Pedro Lima")
    hidden = open_matter(system, firm, [plain_client], private=True)
    publish(system, firm, hidden, [plain_client])
    error = refused(NotFound, lambda: upload(system, plain_tokens, matter_id=hidden.id))
    assert error.message == "Matter not found."

    no_documents, no_documents_tokens = invited_client(
        system, firm, name="Rita Dias", profile=VisibilityProfile(documents=False)
    )
    plain = open_matter(system, firm, [no_documents])
    publish(system, firm, plain, [no_documents])
    error = refused(NotFound, lambda: upload(system, no_documents_tokens, matter_id=plain.id))
    assert error.message == "Matter not found."
    assert [d.id for d in system.documents.of_matter(firm.id, plain.id, None, 10).items] == []


# --- the worker -----------------------------------------------------------------------------------


def test_a_passed_file_records_what_it_is_when_it_was_checked_and_that_nothing_was_stripped(
    system: FakeSystem, firm: OpenFirm
) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens)
    system.clock.advance(timedelta(minutes=3))
    document = arrive(system, ticket)
    assert (document.status, document.detected_type, document.mime, document.size) == (
        DocumentStatus.AVAILABLE,
        DocumentType.PDF,
        "application/pdf",
        len(PDF),
    )
    assert (document.metadata_stripped, document.checked_at, document.version) == (False, system.clock.now(), 2)
    assert document.checked_at != document.created_at
    assert system.storage.versions[ticket.document.key] == [PDF]  # a PDF is not rewritten


def test_a_photo_is_rewritten_under_the_type_its_bytes_are(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens, **files("foto.png", content_type="image/png"))
    document = arrive(system, ticket, JPEG)
    assert (document.status, document.detected_type, document.mime) == (
        DocumentStatus.AVAILABLE,
        DocumentType.JPEG,
        "image/jpeg",
    )
    assert document.metadata_stripped
    assert system.storage.types[ticket.document.key] == "image/jpeg"
    assert system.storage.versions[ticket.document.key] == [b"\xff\xd8\xff\xe0  picture"]


def test_an_inspection_that_names_no_mime_leaves_the_declared_type_and_links_without_one(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inspector port may answer a type without its mime: the photo is rewritten under the
    type the browser declared, and its download link names no type (S3 answers the object's)."""
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens, **files("foto.jpg", content_type="image/jpeg"))

    def without_mime(*_: Any) -> Inspection:
        return Inspection(accepted=True, detected_type=DocumentType.JPEG, size=len(JPEG))

    monkeypatch.setattr(system.inspector, "inspect", without_mime)
    document = arrive(system, ticket, JPEG)
    assert (document.status, document.mime) == (DocumentStatus.AVAILABLE, None)
    assert system.storage.types[ticket.document.key] == "image/jpeg"
    system.services.documents.staff_download(firm.actor, document.id)
    assert system.storage.links[-1][:3] == (document.key, "foto.jpg", "")


@pytest.mark.parametrize(
    ("content", "tags", "reason"),
    [(PDF, {MALWARE_TAG: MALWARE_FOUND}, Refusal.MALWARE), (HTML, {}, Refusal.DISGUISED)],
)
def test_a_refused_file_records_its_size_when_it_was_checked_and_a_new_version(
    system: FakeSystem, firm: OpenFirm, content: bytes, tags: dict[str, str], reason: Refusal
) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens)
    system.storage.tags[ticket.document.key] = tags
    system.clock.advance(timedelta(minutes=2))
    document = arrive(system, ticket, content)
    assert (document.status, document.refusal, document.size) == (DocumentStatus.REFUSED, reason, len(content))
    assert (document.checked_at, document.version) == (system.clock.now(), 2)
    assert system.storage.content(ticket.document.key) is None


def test_the_worker_holds_a_file_to_the_firms_own_limit(system: FakeSystem, firm: OpenFirm) -> None:
    set_upload_limit(system, firm, 1)
    _, tokens = invited_client(system, firm)
    small, large = upload(system, tokens, **files("small.pdf", "large.pdf", size=MB))
    over = PDF + b" " * MB  # past the form's limit: the worker checks it all the same
    assert arrive(system, small, PDF).status is DocumentStatus.AVAILABLE
    document = arrive(system, large, over)
    assert (document.status, document.refusal, document.size) == (DocumentStatus.REFUSED, Refusal.TOO_BIG, len(over))


def test_the_worker_checks_a_file_of_a_firm_since_gone_with_the_default_limits(
    system: FakeSystem, firm: OpenFirm
) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens)
    del system.store.firms[firm.id]
    assert arrive(system, ticket).status is DocumentStatus.AVAILABLE


def test_a_document_sent_to_no_request_costs_no_read_of_a_request(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    (mine,) = upload(system, tokens)
    (theirs,) = staff_upload(system, firm, matter.id)
    reads = counting(monkeypatch, system.documents, "get_request")
    arrive(system, mine)
    published = arrive(system, theirs)
    system.services.documents.review(firm.actor, mine.document.id, ReviewChange(accepted=True, version=2))
    system.services.documents.publish(firm.actor, published.id, DocumentPublication(published=True, version=2))
    assert reads == []


# --- downloads ------------------------------------------------------------------------------------


def test_a_download_is_audited_with_the_files_name(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens, **files("Procuração – João.pdf"))
    arrive(system, ticket)
    system.services.documents.client_download(caller(system, tokens), ticket.document.id)
    entry = last_audit(system, firm)
    assert (entry.action, entry.target, entry.details) == (
        "document.downloaded",
        f"document:{ticket.document.id}",
        {"file": "Procuração – João.pdf"},
    )


def test_what_cannot_be_downloaded_is_not_found_in_the_same_words(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    _, other_tokens = invited_client(system, firm, name="João Pereira")
    (waiting,) = upload(system, tokens)
    (mine,) = upload(system, tokens)
    arrive(system, mine)
    for call in (
        lambda: system.services.documents.client_download(caller(system, tokens), waiting.document.id),
        lambda: system.services.documents.client_download(caller(system, tokens), "nosuchdocument"),
        lambda: system.services.documents.client_download(caller(system, other_tokens), mine.document.id),
        lambda: system.services.documents.staff_download(firm.actor, waiting.document.id),
    ):
        error = refused(NotFound, call)
        assert (error.code, error.message) == ("not_found", DOCUMENT_NOT_FOUND)
    staff = refused(
        Forbidden,
        lambda: system.services.documents.client_download(caller(system, firm.admin_tokens), mine.document.id),
    )
    assert staff.message == "Only a client downloads here."
    assert [e.action for e in system.audit.entries(firm.id)].count("document.downloaded") == 0


def test_a_published_document_downloads_only_while_the_profile_shows_its_matter_and_documents(
    system: FakeSystem, firm: OpenFirm
) -> None:
    sees_private, sees_private_tokens = invited_client(
        system, firm, profile=VisibilityProfile(include_private_matters=True)
    )
    plain, plain_tokens = invited_client(system, firm, name="Pedro Lima")
    without_documents, without_documents_tokens = invited_client(
        system, firm, name="Rita Dias", profile=VisibilityProfile(documents=False, include_private_matters=True)
    )
    everyone = [sees_private, plain, without_documents]
    private = open_matter(system, firm, everyone, private=True)
    publish(system, firm, private, everyone)
    (ticket,) = staff_upload(system, firm, private.id)
    arrive(system, ticket)
    system.services.documents.publish(firm.actor, ticket.document.id, DocumentPublication(published=True, version=2))
    link = system.services.documents.client_download(caller(system, sees_private_tokens), ticket.document.id)
    assert link.expires_at == system.clock.now() + timedelta(seconds=60)

    def download(tokens: Any) -> object:
        return system.services.documents.client_download(caller(system, tokens), ticket.document.id)

    for tokens in (plain_tokens, without_documents_tokens):
        assert refused(NotFound, partial(download, tokens)).message == DOCUMENT_NOT_FOUND
    publish(system, firm, private, [plain, without_documents])  # no longer published to the first
    assert refused(NotFound, partial(download, sees_private_tokens)).message == DOCUMENT_NOT_FOUND


# --- what a client lists --------------------------------------------------------------------------


def test_a_client_lists_their_own_documents_page_by_page(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    _, other_tokens = invited_client(system, firm, name="Pedro Lima")
    (first,) = upload(system, tokens)
    system.clock.advance(timedelta(minutes=1))
    (second,) = upload(system, tokens)
    upload(system, other_tokens)
    documents = system.services.documents
    page = documents.client_documents(caller(system, tokens), None, 1)
    assert [d.id for d in page.items] == [second.document.id] and page.next_cursor
    rest = documents.client_documents(caller(system, tokens), page.next_cursor, 1)
    assert ([d.id for d in rest.items], rest.next_cursor) == ([first.document.id], None)
    staff = refused(Forbidden, lambda: documents.client_documents(caller(system, firm.admin_tokens), None, 10))
    assert (staff.code, staff.message) == ("forbidden", "Only a client lists their documents here.")


def test_a_matters_documents_for_a_client_come_page_by_page_as_its_profile_allows(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm, profile=VisibilityProfile(include_private_matters=True))
    other, other_tokens = invited_client(system, firm, name="Pedro Lima")
    private = open_matter(system, firm, [client, other], private=True)
    publish(system, firm, private, [client, other])
    (first,) = upload(system, tokens, matter_id=private.id)
    system.clock.advance(timedelta(minutes=1))
    (second,) = upload(system, tokens, matter_id=private.id)

    def listed(t: Any, cursor: str | None, limit: int) -> Any:
        about = system.services.auth.authenticate(t.access_token, private.id)
        return system.services.documents.matter_documents_for_client(about, private.id, cursor, limit)

    page = listed(tokens, None, 1)
    assert [d.id for d in page.items] == [second.document.id] and page.next_cursor
    rest = listed(tokens, page.next_cursor, 1)
    assert ([d.id for d in rest.items], rest.next_cursor) == ([first.document.id], None)
    error = refused(NotFound, lambda: listed(other_tokens, None, 10))  # private, and not in Pedro's profile
    assert (error.code, error.message) == ("not_found", "Matter not found.")
    staff = system.services.auth.authenticate(firm.admin_tokens.access_token, private.id)
    error = refused(
        NotFound, lambda: system.services.documents.matter_documents_for_client(staff, private.id, None, 10)
    )
    assert error.message == "Matter not found."


def test_a_page_of_a_matters_documents_keeps_its_cursor_when_some_are_not_the_clients_to_see(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria, maria_tokens = invited_client(system, firm)
    joao, joao_tokens = invited_client(system, firm, name="João Pereira")
    shared = open_matter(system, firm, [maria, joao])
    publish(system, firm, shared, [maria, joao])
    (mine,) = upload(system, maria_tokens, matter_id=shared.id)
    system.clock.advance(timedelta(minutes=1))
    upload(system, joao_tokens, matter_id=shared.id)
    about = system.services.auth.authenticate(maria_tokens.access_token, shared.id)
    page = system.services.documents.matter_documents_for_client(about, shared.id, None, 1)
    assert page.items == [] and page.next_cursor  # João's file, not hers: the next page still comes
    rest = system.services.documents.matter_documents_for_client(about, shared.id, page.next_cursor, 1)
    assert [d.id for d in rest.items] == [mine.document.id]


# --- staff lists ----------------------------------------------------------------------------------


def test_staff_list_a_clients_and_a_matters_documents_page_by_page(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    publish(system, firm, matter, [client])
    (first,) = upload(system, tokens, matter_id=matter.id)
    system.clock.advance(timedelta(minutes=1))
    (second,) = staff_upload(system, firm, matter.id)
    system.clock.advance(timedelta(minutes=1))
    (third,) = upload(system, tokens)
    documents = system.services.documents
    page = documents.of_client(firm.id, client.id, None, 1)
    assert [d.id for d in page.items] == [third.document.id]
    assert [d.id for d in documents.of_client(firm.id, client.id, page.next_cursor, 5).items] == [first.document.id]
    page = documents.of_matter(firm.id, matter.id, None, 1)
    assert [d.id for d in page.items] == [second.document.id]
    assert [d.id for d in documents.of_matter(firm.id, matter.id, page.next_cursor, 5).items] == [first.document.id]
    assert refused(NotFound, lambda: documents.of_client(firm.id, "noclient", None, 10)).message == "Client not found."
    assert refused(NotFound, lambda: documents.of_matter(firm.id, "nomatter", None, 10)).message == "Matter not found."


# --- publication and review -----------------------------------------------------------------------


def test_publishing_is_audited_both_ways_with_the_files_name(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    (ticket,) = staff_upload(system, firm, matter.id, "Sentença – 1ª instância.pdf")
    arrive(system, ticket)
    documents = system.services.documents
    shown = documents.publish(firm.actor, ticket.document.id, DocumentPublication(published=True, version=2))
    entry = last_audit(system, firm)
    assert (entry.action, entry.target, entry.actor_id, entry.details) == (
        "document.published",
        f"document:{ticket.document.id}",
        firm.admin.id,
        {"file": "Sentença – 1ª instância.pdf"},
    )
    hidden = documents.publish(firm.actor, ticket.document.id, DocumentPublication(published=False, version=3))
    assert (shown.published, hidden.published, hidden.version) == (True, False, 4)
    entry = last_audit(system, firm)
    assert (entry.action, entry.details) == ("document.hidden", {"file": "Sentença – 1ª instância.pdf"})
    assert stored(system, ticket.document) == hidden


def test_what_cannot_be_published_is_told_in_words(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    matter = open_matter(system, firm)
    (profile_ticket,) = upload(system, tokens)
    arrive(system, profile_ticket)
    (matter_ticket,) = staff_upload(system, firm, matter.id)
    documents = system.services.documents
    error = refused(
        NotFound,
        lambda: documents.publish(
            firm.actor, matter_ticket.document.id, DocumentPublication(published=True, version=1)
        ),
    )
    assert error.message == DOCUMENT_NOT_FOUND  # not checked yet
    arrive(system, matter_ticket)
    error = refused(
        Conflict,
        lambda: documents.publish(
            firm.actor, matter_ticket.document.id, DocumentPublication(published=True, version=1)
        ),
    )
    assert (error.code, error.message) == ("stale_version", STALE_DOCUMENT)
    error = refused(
        InvalidInput,
        lambda: documents.publish(
            firm.actor, profile_ticket.document.id, DocumentPublication(published=True, version=2)
        ),
    )
    message = "Only a matter's document is shown to the matter's clients."
    assert (error.message, error.details) == (message, [{"path": "published", "message": message}])
    assert "document.published" not in system.audit.actions(firm.id)


def test_a_review_records_who_and_when_and_an_acceptance_keeps_no_reason(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens, **files("RG – frente.pdf"))
    arrive(system, ticket)
    system.clock.advance(timedelta(hours=1))
    accepted = system.services.documents.review(
        firm.actor, ticket.document.id, ReviewChange(accepted=True, reason="Legível.", version=2)
    )
    assert (accepted.review, accepted.review_reason, accepted.reviewed_by) == (Review.ACCEPTED, None, firm.admin.id)
    assert (accepted.reviewed_at, accepted.version) == (system.clock.now(), 3)
    assert stored(system, ticket.document) == accepted
    entry = last_audit(system, firm)
    assert (entry.action, entry.target, entry.details) == (
        "document.accepted",
        f"document:{ticket.document.id}",
        {"file": "RG – frente.pdf"},
    )
    rejected = system.services.documents.review(
        firm.actor, ticket.document.id, ReviewChange(accepted=False, reason="Cortado.", version=3)
    )
    assert (rejected.review, rejected.review_reason) == (Review.REJECTED, "Cortado.")
    entry = last_audit(system, firm)
    assert (entry.action, entry.details) == ("document.rejected", {"file": "RG – frente.pdf"})


def test_what_cannot_be_reviewed_is_told_in_words(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    matter = open_matter(system, firm)
    (clients,) = upload(system, tokens)
    arrive(system, clients)
    (staffs,) = staff_upload(system, firm, matter.id)
    arrive(system, staffs)
    review = system.services.documents.review
    error = refused(Conflict, lambda: review(firm.actor, clients.document.id, ReviewChange(accepted=True, version=1)))
    assert (error.code, error.message) == ("stale_version", STALE_DOCUMENT)
    error = refused(
        InvalidInput, lambda: review(firm.actor, staffs.document.id, ReviewChange(accepted=True, version=2))
    )
    message = "Only a document a client sent is reviewed."
    assert (error.message, error.details) == (message, [{"path": "accepted", "message": message}])
    error = refused(
        InvalidInput, lambda: review(firm.actor, clients.document.id, ReviewChange(accepted=False, version=2))
    )
    message = "Say why the document is rejected: the client reads it."
    assert (error.message, error.details) == (message, [{"path": "reason", "message": message}])
    error = refused(NotFound, lambda: review(firm.actor, "nosuchdocument", ReviewChange(accepted=True, version=1)))
    assert error.message == DOCUMENT_NOT_FOUND
    assert stored(system, clients.document).review is Review.NEW


def test_the_review_queue_comes_page_by_page(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    (first,) = upload(system, tokens)
    arrive(system, first)
    system.clock.advance(timedelta(minutes=1))
    (second,) = upload(system, tokens)
    arrive(system, second)
    page = system.services.documents.review_queue(firm.id, None, 1)
    assert [d.id for d in page.items] == [second.document.id] and page.next_cursor
    rest = system.services.documents.review_queue(firm.id, page.next_cursor, 1)
    assert ([d.id for d in rest.items], rest.next_cursor) == ([first.document.id], None)


# --- document requests: staff ---------------------------------------------------------------------


def test_a_request_is_audited_with_its_title_and_the_client_told_about_it(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    publish(system, firm, matter, [client])
    system.outbox.take()
    on_profile = ask(system, firm, client.id)
    assert (on_profile.matter_id, on_profile.matter_title) == (None, None)
    entry = last_audit(system, firm)
    assert (entry.action, entry.target, entry.actor_id, entry.details) == (
        "document_request.created",
        f"document_request:{on_profile.id}",
        firm.admin.id,
        {"title": "Comprovante de residência"},
    )
    on_matter = ask(system, firm, client.id, matter_id=matter.id, title="Procuração")
    told = [(n.kind, n.firm_id, n.principal_kind, n.principal_id, n.matter_id, n.item_id) for n in system.outbox.take()]
    assert told == [
        (NotificationKind.DOCUMENT_REQUESTED, firm.id, PrincipalKind.CLIENT, client.id, None, on_profile.id),
        (NotificationKind.DOCUMENT_REQUESTED, firm.id, PrincipalKind.CLIENT, client.id, matter.id, on_matter.id),
    ]


def test_what_cannot_be_requested_is_told_in_words(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    hidden = open_matter(system, firm, [client])
    error = refused(NotFound, lambda: ask(system, firm, "nosuchclient"))
    assert (error.code, error.message) == ("not_found", "Client not found.")
    error = refused(InvalidInput, lambda: ask(system, firm, client.id, matter_id=hidden.id))
    message = "This client does not see this matter: publish it to them first."
    assert (error.message, error.details) == (message, [{"path": "matter_id", "message": message}])
    assert system.store.document_requests == {}


def test_an_edit_is_audited_with_the_new_title_and_what_cannot_be_edited_is_told(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    request = ask(system, firm, client.id)
    edit = system.services.documents.edit_request
    change = DocumentRequestChange(title="Procuração assinada", version=request.version)
    edited = edit(firm.actor, request.id, change)
    entry = last_audit(system, firm)
    assert (entry.action, entry.target, entry.details) == (
        "document_request.edited",
        f"document_request:{request.id}",
        {"title": "Procuração assinada"},
    )
    error = refused(Conflict, lambda: edit(firm.actor, request.id, change))
    assert (error.code, error.message) == ("stale_version", STALE_REQUEST)
    error = refused(NotFound, lambda: edit(firm.actor, "nosuchrequest", change))
    assert error.message == REQUEST_NOT_FOUND
    done = answered(system, firm, tokens, client.id)
    done = system.services.documents.review_request(
        firm.actor, done.id, ReviewChange(accepted=True, version=done.version)
    )
    error = refused(Conflict, lambda: edit(firm.actor, done.id, change.model_copy(update={"version": done.version})))
    assert (error.code, error.message) == ("request_done", "This request is done: ask for a new document instead.")
    assert request_of(system, firm, request.id) == edited


def test_a_deleted_request_is_audited_with_its_title_and_a_missing_one_is_named(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, _ = invited_client(system, firm)
    request = ask(system, firm, client.id, title="Certidão de casamento")
    system.services.documents.delete_request(firm.actor, request.id)
    entry = last_audit(system, firm)
    assert (entry.action, entry.target, entry.details) == (
        "document_request.deleted",
        f"document_request:{request.id}",
        {"title": "Certidão de casamento"},
    )
    for call in (
        lambda: system.services.documents.delete_request(firm.actor, request.id),
        lambda: system.services.documents.request_detail(firm.id, request.id),
    ):
        error = refused(NotFound, call)
        assert (error.code, error.message) == ("not_found", REQUEST_NOT_FOUND)


def test_accepting_a_request_records_the_verdict_on_its_files_and_keeps_no_reason(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    request = ask(system, firm, client.id, title="Holerites")
    first, second = send(system, tokens, request.id, "Janeiro.pdf", "Fevereiro.pdf")
    for ticket in (first, second):
        arrive(system, ticket)
    submitted = request_of(system, firm, request.id)
    system.outbox.take()
    system.clock.advance(timedelta(hours=2))
    change = ReviewChange(accepted=True, reason="Tudo certo.", version=submitted.version)
    done = system.services.documents.review_request(firm.actor, request.id, change)
    assert (done.status, done.rejection_reason, done.version) == (RequestStatus.ACCEPTED, None, submitted.version + 1)
    event = done.history[-1]
    assert (event.kind, event.by, event.note, event.at) == (RequestEventKind.ACCEPTED, "firm", None, system.clock.now())
    for ticket in (first, second):
        document = stored(system, ticket.document)
        assert (document.review, document.review_reason, document.reviewed_by) == (
            Review.ACCEPTED,
            None,
            firm.admin.id,
        )
        assert (document.reviewed_at, document.version) == (system.clock.now(), 3)
    entry = last_audit(system, firm)
    assert (entry.action, entry.target, entry.details) == (
        "document_request.accepted",
        f"document_request:{request.id}",
        {"title": "Holerites"},
    )
    assert system.outbox.take() == []  # an acceptance e-mails nobody


def test_a_rejected_requests_files_and_the_client_are_told_the_reason(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    publish(system, firm, matter, [client])
    submitted = answered(system, firm, tokens, client.id, matter_id=matter.id)
    system.outbox.take()
    system.clock.advance(timedelta(hours=1))
    change = ReviewChange(accepted=False, reason="Ilegível.", version=submitted.version)
    again = system.services.documents.review_request(firm.actor, submitted.id, change)
    assert (again.status, again.rejection_reason, again.history[-1].note) == (
        RequestStatus.PENDING,
        "Ilegível.",
        "Ilegível.",
    )
    (document,) = system.services.documents.request_detail(firm.id, submitted.id).documents
    assert (document.review, document.review_reason, document.reviewed_at) == (
        Review.REJECTED,
        "Ilegível.",
        system.clock.now(),
    )
    (told,) = system.outbox.take()
    assert (told.kind, told.principal_kind, told.principal_id, told.matter_id, told.item_id) == (
        NotificationKind.REQUEST_REJECTED,
        PrincipalKind.CLIENT,
        client.id,
        matter.id,
        submitted.id,
    )
    assert last_audit(system, firm).action == "document_request.rejected"


def test_what_cannot_be_reviewed_on_a_request_is_told_in_words(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    pending = ask(system, firm, client.id)
    submitted = answered(system, firm, tokens, client.id)
    review = system.services.documents.review_request
    error = refused(NotFound, lambda: review(firm.actor, "nosuchrequest", ReviewChange(accepted=True, version=1)))
    assert (error.code, error.message) == ("not_found", REQUEST_NOT_FOUND)
    error = refused(Conflict, lambda: review(firm.actor, pending.id, ReviewChange(accepted=True, version=1)))
    assert (error.code, error.message) == (
        "not_submitted",
        "Nothing was sent for this request since it was last reviewed.",
    )
    error = refused(Conflict, lambda: review(firm.actor, submitted.id, ReviewChange(accepted=True, version=1)))
    assert (error.code, error.message) == ("stale_version", STALE_REQUEST)
    change = ReviewChange(accepted=False, version=submitted.version)
    error = refused(InvalidInput, lambda: review(firm.actor, submitted.id, change))
    message = "Say why it is rejected: the client reads it."
    assert (error.message, error.details) == (message, [{"path": "reason", "message": message}])
    assert request_of(system, firm, submitted.id) == submitted


def test_staff_list_a_clients_and_a_matters_requests_page_by_page_or_hear_which_is_missing(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, _ = invited_client(system, firm)
    other, _ = invited_client(system, firm, name="Pedro Lima")
    matter = open_matter(system, firm, [client])
    publish(system, firm, matter, [client])
    first = ask(system, firm, client.id, matter_id=matter.id)
    system.clock.advance(timedelta(minutes=1))
    second = ask(system, firm, client.id, matter_id=matter.id)
    ask(system, firm, other.id)
    documents = system.services.documents
    for listed, owner in ((documents.requests_of_client, client.id), (documents.requests_of_matter, matter.id)):
        page = listed(firm.id, owner, None, 1)
        assert [r.id for r in page.items] == [second.id] and page.next_cursor
        rest = listed(firm.id, owner, page.next_cursor, 1)
        assert ([r.id for r in rest.items], rest.next_cursor) == ([first.id], None)
    quiet = open_matter(system, firm, [other])
    assert documents.requests_of_matter(firm.id, quiet.id, None, 10).items == []
    error = refused(NotFound, lambda: documents.requests_of_client(firm.id, "noclient", None, 10))
    assert (error.code, error.message) == ("not_found", "Client not found.")
    error = refused(NotFound, lambda: documents.requests_of_matter(firm.id, "nomatter", None, 10))
    assert (error.code, error.message) == ("not_found", "Matter not found.")


def test_a_client_with_no_requests_yet_has_an_empty_list(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    assert system.services.documents.requests_of_client(firm.id, client.id, None, 10).items == []


def test_a_page_of_requests_is_its_own_proof_of_the_client_and_the_matter(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One Query for a page with requests: only an empty page costs the lookup that tells
    "none yet" from "no such client" (or matter)."""
    client, _ = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    publish(system, firm, matter, [client])
    ask(system, firm, client.id, matter_id=matter.id)
    client_reads = counting(monkeypatch, system.clients, "get")
    matter_reads = counting(monkeypatch, system.matters, "get")
    assert len(system.services.documents.requests_of_client(firm.id, client.id, None, 10).items) == 1
    assert len(system.services.documents.requests_of_matter(firm.id, matter.id, None, 10).items) == 1
    assert (client_reads, matter_reads) == ([], [])


# --- document requests: the client's side ---------------------------------------------------------


def test_a_client_lists_their_requests_page_by_page(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    first = ask(system, firm, client.id)
    system.clock.advance(timedelta(minutes=1))
    second = ask(system, firm, client.id)
    page = system.services.documents.my_requests(caller(system, tokens), None, 1)
    assert [r.id for r in page.items] == [second.id] and page.next_cursor
    rest = system.services.documents.my_requests(caller(system, tokens), page.next_cursor, 1)
    assert [r.id for r in rest.items] == [first.id]


def test_what_a_client_cannot_see_of_requests_is_told_in_words(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    _, other_tokens = invited_client(system, firm, name="Pedro Lima")
    request = ask(system, firm, client.id)
    staff = caller(system, firm.admin_tokens)
    documents = system.services.documents
    error = refused(Forbidden, lambda: documents.my_requests(staff, None, 10))
    assert (error.code, error.message) == ("forbidden", "Only a client lists their document requests here.")
    error = refused(Forbidden, lambda: documents.my_request(staff, request.id))
    assert (error.code, error.message) == ("forbidden", "Only a client sees their document requests here.")
    mine = partial(documents.my_request, caller(system, other_tokens))
    for request_id in (request.id, "nosuchrequest"):
        assert refused(NotFound, partial(mine, request_id)).message == REQUEST_NOT_FOUND
        assert refused(NotFound, partial(send, system, other_tokens, request_id)).message == REQUEST_NOT_FOUND


def test_files_sent_to_a_request_carry_its_description_and_each_send_is_one_version(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    request = ask(system, firm, client.id)
    first, second = send(system, tokens, request.id, "Frente.pdf", "Verso.pdf", description="RG")
    assert [(t.document.description, t.document.client_name) for t in (first, second)] == [
        ("RG", "Maria Souza"),
        ("RG", "Maria Souza"),
    ]
    after = request_of(system, firm, request.id)
    assert (after.version, after.document_ids) == (request.version + 1, [first.document.id, second.document.id])
    (third,) = send(system, tokens, request.id, "Comprovante.pdf")
    after = request_of(system, firm, request.id)
    assert (after.version, after.document_ids[-1]) == (request.version + 2, third.document.id)
    assert after.history == request.history  # a file sent is in the history once checked, not before


def test_a_request_takes_sixty_files_at_most(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    request = ask(system, firm, client.id)
    twenty = [f"p{i}.pdf" for i in range(20)]
    for _ in range(3):
        send(system, tokens, request.id, *twenty)
    assert len(request_of(system, firm, request.id).document_ids) == 60
    error = refused(InvalidInput, lambda: send(system, tokens, request.id, "one more.pdf"))
    message = "A request takes at most 60 files; ask the firm how to send more."
    assert (error.message, error.details) == (message, [{"path": "files", "message": message}])
    assert len(system.store.documents) == 60


def test_a_submitted_request_refuses_more_files_in_words(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    request = answered(system, firm, tokens, client.id)
    error = refused(Conflict, lambda: send(system, tokens, request.id))
    assert (error.code, error.message) == (
        "request_fulfilled",
        "The firm already has what you sent for this request; they will tell you if they need more.",
    )
    staff = refused(Forbidden, lambda: send(system, firm.admin_tokens, request.id))
    assert staff.message == "Only a client uploads here."
    assert request_of(system, firm, request.id) == request
