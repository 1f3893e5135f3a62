"""F17-F19: a client's uploads. Up to 20 files a request, each a document awaiting its upload
and a form for a key the server chose; the worker accepts or refuses what arrived (the object
deleted when refused, a photo's metadata stripped); a download is a minute-long link to a
document the client may see now, and audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.domain.documents import DocumentStatus, Refusal, UploadRequest, parse_document_key
from chalicelib.domain.errors import Forbidden, InvalidInput, NotFound
from chalicelib.services.documents import MALWARE_FOUND, MALWARE_TAG
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, caller, invited_client, link_client, open_matter, publish

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"


def files(*names: str, content_type: str = "application/pdf", size: int = 2_000) -> dict[str, Any]:
    return {"files": [{"file_name": name, "content_type": content_type, "size": size} for name in names]}


def upload(system: FakeSystem, tokens: Any, **request: Any) -> Any:
    body = {**files("RG.pdf"), **request}
    return system.services.documents.start_client_uploads(caller(system, tokens), UploadRequest.model_validate(body))


def arrive(system: FakeSystem, ticket: Any, content: bytes = PDF) -> DocumentStatus | None:
    """The browser posts the file with the form; S3 tells the worker."""
    system.storage.post(ticket.form.fields["key"], content)
    return system.services.documents.check(ticket.form.fields["key"])


def test_a_client_gets_a_form_per_file_for_a_key_the_server_chose(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    tickets = system.services.documents.start_client_uploads(
        caller(system, tokens),
        UploadRequest.model_validate({**files("RG.pdf", "Comprovante.pdf"), "description": "Documentos"}),
    )
    assert [t.document.file_name for t in tickets] == ["RG.pdf", "Comprovante.pdf"]
    for ticket in tickets:
        document = ticket.document
        assert parse_document_key(document.key) == (firm.id, document.id)
        assert (document.client_id, document.status, document.description) == (
            client.id,
            DocumentStatus.AWAITING_UPLOAD,
            "Documentos",
        )
        assert system.documents.get(firm.id, document.id) == document
    key, content_type, max_bytes, expires = system.storage.forms[0]
    assert (key, content_type, max_bytes) == (tickets[0].document.key, "application/pdf", 25 * 1024 * 1024)
    assert expires - system.clock.now() == timedelta(minutes=5)
    assert "documents.upload_started" not in [e.action for e in system.audit.entries(firm.id)]


def test_twenty_files_at_most_and_each_must_be_an_allowed_kind_within_the_limit(
    system: FakeSystem, firm: OpenFirm
) -> None:
    _, tokens = invited_client(system, firm)
    with pytest.raises(ValidationError):
        UploadRequest.model_validate(files(*[f"doc{i}.pdf" for i in range(21)]))
    for request, path in [
        (
            {"files": [*files("RG.pdf")["files"], *files("page.html", content_type="text/html")["files"]]},
            "files.1.content_type",
        ),
        (files("setup.exe", content_type="application/octet-stream"), "files.0.content_type"),
        (files("big.pdf", size=26 * 1024 * 1024), "files.0.size"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            upload(system, tokens, **request)
        assert refused.value.details[0]["path"] == path
    assert system.store.documents == {} and system.storage.forms == []  # nothing left behind


def test_a_file_name_that_could_read_as_a_path_or_break_a_header_is_refused() -> None:
    for name in ['a"b.pdf', "../x.pdf", "a\\b.pdf", "linha\nquebrada.pdf", "x" * 300 + ".pdf", ".."]:
        with pytest.raises(ValidationError):
            UploadRequest.model_validate(files(name))
    assert UploadRequest.model_validate(files("Procuração – João.pdf")).files[0].file_name == "Procuração – João.pdf"


def test_a_link_session_and_a_simulation_cannot_send_files(system: FakeSystem, firm: OpenFirm) -> None:
    _, link = link_client(system, firm)
    session = system.services.auth.open_access_link(firm.slug, link, FakeSystem.ADDRESS)
    with pytest.raises(Forbidden) as refused:
        upload(system, session)
    assert refused.value.code == "read_only_session"
    client, _ = invited_client(system, firm)
    simulation = system.services.auth.simulate(caller(system, firm.admin_tokens), client.id)
    with pytest.raises(Forbidden) as watched:
        upload(system, simulation)
    assert watched.value.message == "A simulation shows what the client sees; it cannot send files."
    assert system.store.documents == {}


def test_a_matter_not_published_to_the_client_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    hidden = open_matter(system, firm, [client])
    with pytest.raises(NotFound):
        upload(system, tokens, matter_id=hidden.id)
    publish(system, firm, hidden, [client])
    (ticket,) = upload(system, tokens, matter_id=hidden.id)
    assert ticket.document.matter_id == hidden.id


def test_a_valid_pdf_becomes_available_once_and_a_second_delivery_changes_nothing(
    system: FakeSystem, firm: OpenFirm
) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens)
    assert arrive(system, ticket) is DocumentStatus.AVAILABLE
    stored = system.documents.get(firm.id, ticket.document.id)
    assert stored is not None and (stored.status, stored.size, stored.mime, stored.version) == (
        DocumentStatus.AVAILABLE,
        len(PDF),
        "application/pdf",
        2,
    )
    assert system.services.documents.check(ticket.document.key) is DocumentStatus.AVAILABLE
    assert system.documents.get(firm.id, ticket.document.id) == stored


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html><script>alert(1)</script></html>", Refusal.DISGUISED),
        (PDF.replace(b"<<>>", b"<< /OpenAction << /S /JavaScript /JS (x) >> >>"), Refusal.PDF_ACTIVE_CONTENT),
        (b"", Refusal.EMPTY),
    ],
)
def test_a_refused_file_is_deleted_and_its_reason_kept(
    system: FakeSystem, firm: OpenFirm, content: bytes, reason: Refusal
) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens)
    assert arrive(system, ticket, content) is DocumentStatus.REFUSED
    stored = system.documents.get(firm.id, ticket.document.id)
    assert stored is not None and (stored.status, stored.refusal) == (DocumentStatus.REFUSED, reason)
    assert stored.refusal_message
    assert system.storage.content(ticket.document.key) is None  # every version gone


def test_a_malware_verdict_refuses_the_file_whatever_it_looks_like(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens)
    system.storage.tags[ticket.document.key] = {MALWARE_TAG: MALWARE_FOUND}
    assert arrive(system, ticket) is DocumentStatus.REFUSED
    assert system.documents.get(firm.id, ticket.document.id).refusal is Refusal.MALWARE  # type: ignore[union-attr]


def test_a_photo_arrives_without_its_metadata(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens, **files("foto.jpg", content_type="image/jpeg"))
    assert arrive(system, ticket, b"\xff\xd8\xff\xe0 EXIF-GPS picture") is DocumentStatus.AVAILABLE
    assert system.storage.versions[ticket.document.key] == [b"\xff\xd8\xff\xe0  picture"]  # one version, stripped
    assert system.documents.get(firm.id, ticket.document.id).metadata_stripped  # type: ignore[union-attr]


def test_an_object_nobody_asked_for_is_deleted(system: FakeSystem, firm: OpenFirm) -> None:
    system.storage.post(f"firms/{firm.id}/documents/unknown", PDF)
    assert system.services.documents.check(f"firms/{firm.id}/documents/unknown") is None
    assert system.storage.content(f"firms/{firm.id}/documents/unknown") is None
    system.storage.post("elsewhere/file.pdf", PDF)
    assert system.services.documents.check("elsewhere/file.pdf") is None
    assert system.storage.content("elsewhere/file.pdf") is None


def test_a_download_is_a_minute_long_link_to_an_available_document_and_audited(
    system: FakeSystem, firm: OpenFirm
) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens, **files("Procuração – João.pdf"))
    with pytest.raises(NotFound):  # not checked yet: not downloadable
        system.services.documents.client_download(caller(system, tokens), ticket.document.id)
    arrive(system, ticket)
    link = system.services.documents.client_download(caller(system, tokens), ticket.document.id)
    assert link.expires_at - system.clock.now() == timedelta(seconds=60)
    assert system.storage.links[-1][:3] == (ticket.document.key, "Procuração – João.pdf", "application/pdf")
    entry = system.audit.entries(firm.id)[0]
    assert (entry.action, entry.target) == ("document.downloaded", f"document:{ticket.document.id}")


def test_another_clients_document_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    _, other = invited_client(system, firm, name="João Pereira")
    (ticket,) = upload(system, tokens)
    arrive(system, ticket)
    with pytest.raises(NotFound):
        system.services.documents.client_download(caller(system, other), ticket.document.id)


def test_the_client_and_the_matter_list_their_documents_newest_first(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    publish(system, firm, matter, [client])
    first = upload(system, tokens)[0].document
    system.clock.advance(timedelta(minutes=1))
    second = upload(system, tokens, matter_id=matter.id)[0].document
    assert [d.id for d in system.documents.of_client(firm.id, client.id, None, 10).items] == [second.id, first.id]
    assert [d.id for d in system.documents.of_matter(firm.id, matter.id, None, 10).items] == [second.id]


def test_staff_accept_or_reject_a_clients_document_with_a_reason_the_client_reads(
    system: FakeSystem, firm: OpenFirm
) -> None:
    from chalicelib.domain.documents import Review, ReviewChange
    from chalicelib.domain.errors import Conflict

    client, tokens = invited_client(system, firm)
    first, second = upload(system, tokens, **files("RG.pdf", "CPF.pdf"))
    for ticket in (first, second):
        arrive(system, ticket)
    assert system.documents.get(firm.id, first.document.id).review is Review.NEW  # type: ignore[union-attr]
    staff = caller(system, firm.admin_tokens).actor
    accepted = system.services.documents.review(staff, first.document.id, ReviewChange(accepted=True, version=2))
    assert (accepted.review, accepted.reviewed_by, accepted.version) == (Review.ACCEPTED, staff.principal_id, 3)
    with pytest.raises(InvalidInput) as no_reason:
        system.services.documents.review(staff, second.document.id, ReviewChange(accepted=False, version=2))
    assert no_reason.value.details[0]["path"] == "reason"
    rejected = system.services.documents.review(
        staff, second.document.id, ReviewChange(accepted=False, reason="A foto está ilegível.", version=2)
    )
    assert (rejected.review, rejected.review_reason) == (Review.REJECTED, "A foto está ilegível.")
    with pytest.raises(Conflict):
        system.services.documents.review(staff, second.document.id, ReviewChange(accepted=True, version=2))
    assert [e.action for e in system.audit.entries(firm.id)][:2] == ["document.rejected", "document.accepted"]
    listed = system.services.documents.of_client(firm.id, client.id, None, 10).items
    assert {d.id: d.review for d in listed} == {first.document.id: Review.ACCEPTED, second.document.id: Review.REJECTED}


def test_staff_lists_answer_not_found_for_what_the_firm_does_not_have(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    assert system.services.documents.of_client(firm.id, client.id, None, 10).items == []
    assert system.services.documents.of_matter(firm.id, matter.id, None, 10).items == []
    with pytest.raises(NotFound):
        system.services.documents.of_client(firm.id, "noclient", None, 10)
    with pytest.raises(NotFound):
        system.services.documents.of_matter(firm.id, "nomatter", None, 10)


def test_staff_download_an_available_document_and_it_is_audited(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    (ticket,) = upload(system, tokens)
    staff = caller(system, firm.admin_tokens).actor
    with pytest.raises(NotFound):
        system.services.documents.staff_download(staff, ticket.document.id)
    arrive(system, ticket)
    link = system.services.documents.staff_download(staff, ticket.document.id)
    assert link.expires_at - system.clock.now() == timedelta(seconds=60)
    entry = system.audit.entries(firm.id)[0]
    assert (entry.action, entry.actor_id) == ("document.downloaded", staff.principal_id)


def test_a_clients_upload_to_a_shared_matter_is_not_another_clients_to_download(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria, maria_tokens = invited_client(system, firm)
    joao, joao_tokens = invited_client(system, firm, name="João Pereira")
    shared = open_matter(system, firm, [maria, joao])
    publish(system, firm, shared, [maria, joao])
    (ticket,) = upload(system, maria_tokens, matter_id=shared.id)
    arrive(system, ticket)
    assert system.services.documents.client_download(caller(system, maria_tokens), ticket.document.id).url
    with pytest.raises(NotFound):
        system.services.documents.client_download(caller(system, joao_tokens), ticket.document.id)


def test_staff_send_to_a_matter_and_its_clients_see_a_document_once_published(
    system: FakeSystem, firm: OpenFirm
) -> None:
    from chalicelib.domain.documents import DocumentPublication
    from chalicelib.domain.errors import Conflict

    client, tokens = invited_client(system, firm)
    matter = open_matter(system, firm, [client])
    publish(system, firm, matter, [client])
    staff = caller(system, firm.admin_tokens).actor
    (ticket,) = system.services.documents.start_staff_uploads(
        staff, matter.id, UploadRequest.model_validate(files("Sentença – 1ª instância.pdf"))
    )
    assert (ticket.document.matter_id, ticket.document.client_id, ticket.document.review) == (matter.id, None, None)
    arrive(system, ticket)

    def client_sees() -> list[str]:
        about = system.services.auth.authenticate(tokens.access_token, matter.id)
        page = system.services.documents.matter_documents_for_client(about, matter.id, None, 10)
        return [d.id for d in page.items]

    assert client_sees() == []  # hidden until published
    with pytest.raises(NotFound):
        system.services.documents.client_download(caller(system, tokens), ticket.document.id)
    shown = system.services.documents.publish(staff, ticket.document.id, DocumentPublication(published=True, version=2))
    assert shown.published and shown.version == 3
    assert client_sees() == [ticket.document.id]
    assert system.services.documents.client_download(caller(system, tokens), ticket.document.id).url
    assert system.audit.entries(firm.id)[0].action == "document.downloaded"
    with pytest.raises(Conflict):
        system.services.documents.publish(staff, ticket.document.id, DocumentPublication(published=False, version=2))
    system.services.documents.publish(staff, ticket.document.id, DocumentPublication(published=False, version=3))
    assert client_sees() == []
    with pytest.raises(NotFound):
        system.services.documents.start_staff_uploads(staff, "nomatter", UploadRequest.model_validate(files("x.pdf")))


def test_a_profile_without_documents_shows_none_of_a_matters_documents(system: FakeSystem, firm: OpenFirm) -> None:
    from chalicelib.domain.accesses import VisibilityProfile

    client, tokens = invited_client(system, firm, profile=VisibilityProfile(documents=False))
    matter = open_matter(system, firm, [client])
    publish(system, firm, matter, [client])
    about = system.services.auth.authenticate(tokens.access_token, matter.id)
    assert system.services.documents.matter_documents_for_client(about, matter.id, None, 10).items == []
    with pytest.raises(NotFound):
        other = open_matter(system, firm, [client])
        system.services.documents.matter_documents_for_client(
            system.services.auth.authenticate(tokens.access_token, other.id), other.id, None, 10
        )
