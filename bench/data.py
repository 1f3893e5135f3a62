"""Bulk data for the benchmark, in exactly the repositories' item format.

The items come from the real repository code (chalicelib/adapters/dynamodb/): its
`transact` is swapped, for the time of generation only, for one that collects the Put
operations instead of sending them, and the collected items are then written with
BatchWriteItem (25 at a time). So the keys, listing and search entries and JSON documents
are the ones the API writes, without one transaction per item.
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

Item = dict[str, Any]

FIRST_NAMES = [
    "Ana", "Beatriz", "Bruno", "Camila", "Carlos", "Daniel", "Eduarda", "Felipe", "Gabriela", "Helena",
    "Igor", "Joana", "João", "Lucas", "Luísa", "Marcos", "Maria", "Mariana", "Nuno", "Otávio",
    "Paula", "Rafael", "Renata", "Samuel", "Sara", "Sofía", "Tiago", "Valentina", "Vicente", "Yasmin",
]  # fmt: skip
SURNAMES = [
    "Silva", "Santos", "Souza", "Sampaio", "Sales", "Salgado", "Oliveira", "Pereira", "Costa", "Rodrigues",
    "Almeida", "Nascimento", "Lima", "Araújo", "Fernández", "González", "Muñoz", "Rojas", "Carvalho", "Gomes",
]  # fmt: skip
# The search the benchmark runs: a prefix typed in the directory's search box. About a third
# of the names above have a word starting with it, so even the 100-client firm fills a page.
SEARCH_PREFIX = "sa"
ACTIONS = [
    "client.created",
    "client.updated",
    "access.granted",
    "access.blocked",
    "staff.invited",
    "firm.portal_changed",
]


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@dataclass
class FirmData:
    """What a firm's bulk data needs to know; the samples fill the routes' path parameters."""

    firm_id: str
    admin_id: str
    admin_email: str
    password_hash: str  # a real hash, computed once and shared, so documents have their real size
    caller_client_id: str  # the signed-in client: party to the firm's matters, which are published to it
    # Her home's readers, signed in too: a client of one case and a client of 200 (caller -> client id).
    readers: dict[str, str] = field(default_factory=dict)
    samples: dict[str, str] = field(default_factory=dict)  # path parameter name -> a real id
    feeds: dict[str, Any] = field(default_factory=dict)  # client id -> her feed's summary (a FeedSummary) so far

    def feed(self, client_id: str) -> Any:
        """Her feed's summary as the generators fill it."""
        from chalicelib.domain.feed import FeedSummary

        return self.feeds.setdefault(client_id, FeedSummary())


@contextmanager
def collected_writes() -> Iterator[list[Item]]:
    """Within the block, repository writes are collected instead of sent (every adapter
    module that imported `transact` or `try_transact` gets the collecting one). The clients'
    feeds are left to the generators (`feed_items`): the repositories' writes change no feed."""
    from chalicelib.adapters.dynamodb import feed, items, timeline

    operations: list[Item] = []

    def collect(ops: list[Item], conflict: str = items.STALE) -> list[int]:
        operations.extend(ops)
        return []  # written, as far as the repository can tell

    originals = {function: getattr(items, function) for function in ("transact", "try_transact")}
    patched = [
        (module, function)
        for name, module in list(sys.modules.items())
        for function, original in originals.items()
        if name.startswith("chalicelib.adapters") and getattr(module, function, None) is original
    ]
    for module, function in patched:
        setattr(module, function, collect)
    readers = timeline.DynamoTimelineRepository._readers
    timeline.DynamoTimelineRepository._readers = lambda self, firm_id, matter_id: feed.NO_READERS  # type: ignore[method-assign]
    # Nor the documents' writes: no read of what her feed holds for each of thousands of items.
    feed_operations = feed.FeedWrites.operations
    feed.FeedWrites.operations = lambda self, firm_id, changes: []  # type: ignore[method-assign]
    try:
        yield operations
    finally:
        for module, function in patched:
            setattr(module, function, originals[function])
        timeline.DynamoTimelineRepository._readers = readers  # type: ignore[method-assign]
        feed.FeedWrites.operations = feed_operations  # type: ignore[method-assign]


def feed_items(firm: FirmData, client_id: str, entries: list[Any]) -> list[tuple[str, Item]]:
    """Her feed as the timeline's writes leave it: these new entries (published updates of
    her matters, unread, in the matter's first round) and her whole summary, every shard of
    it (the last written wins, so each generator writes it all)."""
    from chalicelib.adapters.dynamodb.feed import entry_item, summary_items
    from chalicelib.settings import get_settings

    table = get_settings().updates_table
    summary = firm.feed(client_id)
    written = []
    for entry in entries:
        written.append((table, entry_item(firm.firm_id, client_id, entry, summary.round_of(entry.matter_id))))
        counts = summary.unread.setdefault(entry.matter_id, {})
        counts[entry.category] = counts.get(entry.category, 0) + 1
    return written + [(table, item) for item in summary_items(firm.firm_id, client_id, summary)]


def _puts(operations: list[Item], skip_tables: set[str] = frozenset()) -> list[tuple[str, Item]]:  # type: ignore[assignment]
    """The Put operations' items. Updates (a document rewritten in place, a flag set on an
    access) are left out: the caller writes their outcome itself."""
    return [
        (op["Put"]["TableName"], op["Put"]["Item"])
        for op in operations
        if "Put" in op and op["Put"]["TableName"] not in skip_tables
    ]


def clients(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` clients, each with an active account access (its listing and search entries,
    its access and its login), as DynamoClientRepository/DynamoAccessRepository write them.
    The audit entries those writes carry are left out: the audit kind is sized on its own."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.accesses import Access, AccessStatus, AccessType, VisibilityProfile
    from chalicelib.domain.audit import Actor, AuditEntry
    from chalicelib.domain.clients import Client
    from chalicelib.domain.common import new_id
    from chalicelib.domain.identity import Credentials
    from chalicelib.settings import get_settings

    repos = services().adapters
    actor = Actor(firm_id=firm.firm_id, principal_id=firm.admin_id, kind="staff", email=firm.admin_email)
    now = datetime.now(UTC)
    profile = VisibilityProfile()
    credentials = Credentials(password_hash=firm.password_hash)
    with collected_writes() as operations:
        for i in range(count):
            words = [rng.choice(FIRST_NAMES)] + rng.sample(SURNAMES, 2 if rng.random() < 0.3 else 1)
            email = f"{_ascii(words[0])}.{_ascii(words[-1])}.{i}@client{i % 50}.example.com"
            created = now - timedelta(minutes=i)
            # Built without validation (e-mail validation is most of the cost at 10,000);
            # the first of each firm is validated to prove the shortcut changes nothing.
            client = Client.model_construct(id=new_id(), firm_id=firm.firm_id, name=" ".join(words), emails=[email],
                                            phone=f"+55 11 9{i:08d}",
                                            created_at=created, updated_at=created)  # fmt: skip
            access = Access.model_construct(firm_id=firm.firm_id, client_id=client.id, type=AccessType.ACCOUNT,
                                            status=AccessStatus.ACTIVE, email=email, profile=profile,
                                            credentials=credentials, created_at=created, created_by=firm.admin_id,
                                            activated_at=created)  # fmt: skip
            listed = client.with_access(access)
            if i == 0:
                _same_when_validated(listed, access)
            audit = AuditEntry.record(actor, "client.created", f"client:{client.id}", created)
            repos.clients.create(listed, audit)
            repos.accesses.create(access, listed, audit)
            if i == count // 2:
                firm.samples["client_id"] = client.id
    return _puts(operations, skip_tables={get_settings().audit_table})


def _same_when_validated(*models: Any) -> None:
    for model in models:
        again = type(model).model_validate_json(model.model_dump_json())
        assert again.model_dump_json() == model.model_dump_json(), f"bulk {type(model).__name__} differs once validated"


def staff(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` active staff members with their logins, as DynamoStaffRepository writes them."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.common import new_id
    from chalicelib.domain.identity import Credentials, Role
    from chalicelib.domain.staff import StaffMember, StaffStatus

    repos = services().adapters
    now = datetime.now(UTC)
    with collected_writes() as operations:
        for i in range(count):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            member = StaffMember(id=new_id(), firm_id=firm.firm_id,
                                 email=f"{_ascii(name).replace(' ', '.')}.{i}@staff.example.com", name=name,
                                 role=Role.STAFF, status=StaffStatus.ACTIVE,
                                 credentials=Credentials(password_hash=firm.password_hash),
                                 created_at=now - timedelta(hours=i))  # fmt: skip
            repos.staff.create(member, None)
            if i == count // 2:
                firm.samples["staff_id"] = member.id
    return _puts(operations)


def audit(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` audit entries, one a minute going back in time, as DynamoAuditRepository writes them."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.audit import Actor, AuditEntry

    repos = services().adapters
    actor = Actor(firm_id=firm.firm_id, principal_id=firm.admin_id, kind="staff", email=firm.admin_email)
    now = datetime.now(UTC)
    with collected_writes() as operations:
        for i in range(count):
            action = rng.choice(ACTIONS)
            repos.audit.append(
                AuditEntry.record(
                    actor, action, f"client:{i:06d}", now - timedelta(minutes=i + 1), fields=["name", "emails"]
                )
            )
    return _puts(operations)


COURTS = [
    ("TJSP", "8", "26", "Foro Central Cível"),
    ("TJRJ", "8", "19", "Capital"),
    ("TRT2", "5", "02", "São Paulo"),
    ("TRF3", "4", "03", "São Paulo"),
]
CLASSES = [
    "Procedimento Comum Cível",
    "Execução de Título Extrajudicial",
    "Reclamação Trabalhista",
    "Mandado de Segurança",
]


def _cnj_number(sequence: int, year: int, segment: str, court: str) -> str:
    from chalicelib.domain import cnj

    seq, origin = f"{sequence % 10_000_000:07d}", f"{sequence % 10_000:04d}"
    return cnj.format_number(
        seq + cnj.check_digits(seq, str(year), segment, court, origin) + str(year) + segment + court + origin
    )


def matters(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` court cases, each with the signed-in client as a party and published to it
    (court data and the client's party published), as DynamoMatterRepository writes a new
    matter and then its publication: the matter, its marker, the firm's and the client's
    listings, the number, the client's portal view and the entry in the firm's list of
    pending notifications."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.common import new_id
    from chalicelib.domain.matters import Matter, MatterKind, Party, PartyRole
    from chalicelib.domain.ports import PortalChanges

    repos = services().adapters
    client_id = firm.caller_client_id
    now = datetime.now(UTC)
    with collected_writes() as operations:
        for i in range(count):
            court, segment, tr, venue = rng.choice(COURTS)
            created = now - timedelta(hours=i)
            parties = [
                Party.model_construct(
                    id=new_id(), name="Maria Souza", role=PartyRole.PLAINTIFF, client_id=client_id, published=True
                ),
                Party.model_construct(
                    id=new_id(),
                    name=f"{rng.choice(SURNAMES)} Comércio Ltda.",
                    role=PartyRole.DEFENDANT,
                    client_id=None,
                    published=True,
                ),
            ]
            matter = Matter.model_construct(
                id=new_id(), firm_id=firm.firm_id, kind=MatterKind.COURT_CASE,
                number=_cnj_number(i + 1, 2020 + i % 5, segment, tr),
                title=f"{rng.choice(CLASSES)} contra {parties[1].name}", court=court, venue=venue, instance="1º grau",
                procedural_class=rng.choice(CLASSES), parties=parties,
                responsible_lawyer_id=firm.admin_id, responsible_lawyer_name="Ana Admin",
                court_published=True, published_to=[client_id], created_at=created, updated_at=created,
            )  # fmt: skip
            if i == 0:
                _same_when_validated(matter)
            repos.matters.create(matter, None)
            # Published and not notified yet: each is in the firm's list of pending notifications.
            pending = matter.model_copy(update={"notification_pending": True, "notification_pending_at": created})
            repos.matters.save(pending, matter, PortalChanges(views={client_id: matter.view_for(client_id)}), None)
            firm.feed(client_id).rounds[matter.id] = (
                1  # published to her once: her summary's fact (an Update, left out)
            )
            if i == count // 2:
                firm.samples["matter_id"] = matter.id
    return _puts(operations) + feed_items(firm, client_id, [])


# What a court feed says, most of the time (CNJ movement codes with their names).
MOVEMENTS = [
    (85, "Petição"), (60, "Expedição de documento"), (581, "Documento"), (11010, "Mero expediente"), (123, "Remessa"),
    (132, "Recebimento"), (970, "Audiência"), (51, "Conclusão"), (92, "Publicação"), (193, "Decisão"),
]  # fmt: skip


def movements(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` published updates in the sample matter's timeline, newest one minute ago:
    mostly court movements, and staff's manual movements, tasks, gazette publications and
    news; as DynamoTimelineRepository writes them (the item and its public copy), each in
    the signed-in client's feed."""
    return _updates(firm, firm.caller_client_id, [firm.samples["matter_id"]], count, rng, "Ação")


def one_case(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """The client of one case: a matter published to her, and `count` published updates in
    it, each in her feed (her home, when all of it is one case)."""
    client_id = firm.readers[ONE_CASE]
    matter_ids, written = _her_matters(firm, client_id, 1)
    return written + _updates(firm, client_id, matter_ids, count, rng, "Caso")


def spread(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """The client of 200 cases: 200 matters published to her, and `count` published updates
    spread over them, one matter after the other, each in her feed (a client of many matters
    reading her home)."""
    client_id = firm.readers[SPREAD]
    matter_ids, written = _her_matters(firm, client_id, SPREAD_MATTERS)
    return written + _updates(firm, client_id, matter_ids, count, rng, "Caso")


def _her_matters(firm: FirmData, client_id: str, count: int) -> tuple[list[str], list[tuple[str, Item]]]:
    """`count` out-of-court matters with her as a party, published to her: their ids and items."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.common import new_id
    from chalicelib.domain.matters import Matter, MatterKind, Party, PartyRole
    from chalicelib.domain.ports import PortalChanges

    repos = services().adapters
    now = datetime.now(UTC)
    matter_ids = []
    with collected_writes() as operations:
        for i in range(count):
            party = Party.model_construct(
                id=new_id(), name="Maria Souza", role=PartyRole.PLAINTIFF, client_id=client_id, published=True
            )
            matter = Matter.model_construct(
                id=new_id(), firm_id=firm.firm_id, kind=MatterKind.CASE, number=None, title=f"Caso {i + 1}",
                parties=[party], published_to=[client_id], created_at=now, updated_at=now,
            )  # fmt: skip
            repos.matters.create(matter, None)
            repos.matters.save(matter, matter, PortalChanges(views={client_id: matter.view_for(client_id)}), None)
            firm.feed(client_id).rounds[matter.id] = 1
            matter_ids.append(matter.id)
    return matter_ids, _puts(operations)


# Her home's readers (the callers of its scenarios) and how many cases each has.
ONE_CASE, SPREAD = "client of 1 case", "client of 200 cases"
SPREAD_MATTERS = 200


def _updates(
    firm: FirmData, client_id: str, matter_ids: list[str], count: int, rng: random.Random, title: str
) -> list[tuple[str, Item]]:
    """`count` published updates over these matters of hers in turn, newest one minute ago,
    as DynamoTimelineRepository writes them (the item and its public copy), and each as an
    entry of her feed."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.feed import FeedEntry
    from chalicelib.domain.timeline import Complement, TimelineItem, UpdateKind, item_id, random_suffix

    repos = services().adapters
    now = datetime.now(UTC)
    kinds = [UpdateKind.AUTOMATIC_MOVEMENT] * 16 + [
        UpdateKind.MANUAL_MOVEMENT,
        UpdateKind.TASK,
        UpdateKind.PUBLICATION,
        UpdateKind.NEWS,
    ]
    entries = []
    with collected_writes() as operations:
        for i in range(count):
            matter_id = matter_ids[i % len(matter_ids)]
            kind = rng.choice(kinds)
            occurred = now - timedelta(minutes=i + 1)
            code, name = rng.choice(MOVEMENTS)
            court = kind is UpdateKind.AUTOMATIC_MOVEMENT
            item = TimelineItem.model_construct(
                id=item_id(occurred, random_suffix()), firm_id=firm.firm_id, matter_id=matter_id, kind=kind,
                occurred_at=occurred, text=name if court else f"{kind.value.replace('_', ' ').capitalize()} {i}",
                body=None if court else "Detalhes para o cliente.", code=code if court else None,
                complements=[Complement(name="tipo_de_documento", value="Petição")] if court else [],
                source="court" if court else "staff", published=True,
                created_at=occurred, created_by=firm.admin_id, updated_at=occurred,
            )  # fmt: skip
            if i == 0:
                _same_when_validated(item)
            repos.timeline.add(item, None)
            entries.append(FeedEntry.of_update(item.for_client(), title))
    return _puts(operations) + feed_items(firm, client_id, entries)


def api_keys(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` integration keys, as DynamoApiKeyRepository writes them (audit left out)."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.audit import Actor, AuditEntry
    from chalicelib.domain.common import new_id
    from chalicelib.domain.integration import ApiKey
    from chalicelib.settings import get_settings

    repos = services().adapters
    now = datetime.now(UTC)
    actor = Actor(firm_id=firm.firm_id, principal_id=firm.admin_id, kind="staff", email=firm.admin_email)
    audit = AuditEntry.record(actor, "api_key.created", "api_key:bench", now)
    with collected_writes() as operations:
        for i in range(count):
            key, _secret = ApiKey.issue(
                firm.firm_id, new_id(), f"Court feed {i}", firm.admin_id, now - timedelta(days=i)
            )
            repos.api_keys.create(key, audit)
    return _puts(operations, skip_tables={get_settings().audit_table})


def batches(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` ingestion batches, as DynamoIngestionRepository records a batch it accepts."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.common import new_id
    from chalicelib.domain.integration import IngestionBatch

    repos = services().adapters
    now = datetime.now(UTC)
    with collected_writes() as operations:
        for i in range(count):
            batch = IngestionBatch(
                id=new_id(), firm_id=firm.firm_id, received_at=now - timedelta(minutes=i), movements=1000, chunks=4
            )
            repos.batches.create(batch)
            if i == count // 2:
                firm.samples["batch_id"] = batch.id
    return _puts(operations)


# What clients send from their phones: (file name, declared type, detected type, size).
DOCUMENTS = [
    ("Procuração assinada.pdf", "application/pdf", "pdf", 182_344),
    ("RG frente e verso.jpg", "image/jpeg", "jpeg", 1_948_211),
    ("Comprovante de residência.pdf", "application/pdf", "pdf", 96_120),
    ("IMG_4021.HEIC", "image/heic", "heic", 2_410_988),
    ("Contrato de honorários.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
     41_877),
    ("Extrato INSS.pdf", "application/pdf", "pdf", 310_502),
    ("print da conversa.png", "image/png", "png", 688_004),
]  # fmt: skip


def documents(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` documents the signed-in client sent, one a minute going back in time, most of
    them checked and available, some refused, the newest awaiting their upload; every third
    to the sample matter. Made by DocumentRepository.create_many, 20 at a time (a request's
    most files): the document and its copies in the client's and the matter's lists."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.common import new_id
    from chalicelib.domain.documents import (
        Document,
        DocumentStatus,
        DocumentType,
        Refusal,
        Review,
        Uploader,
        document_key,
    )

    repos = services().adapters
    client_id, matter_id = firm.caller_client_id, firm.samples.get("matter_id")
    now = datetime.now(UTC)
    made: list[Document] = []
    with collected_writes() as operations:
        for i in range(count):
            name, declared, detected, size = rng.choice(DOCUMENTS)
            created = now - timedelta(minutes=i + 1)
            status = (DocumentStatus.AWAITING_UPLOAD if i < 2 else
                      DocumentStatus.REFUSED if rng.random() < 0.05 else DocumentStatus.AVAILABLE)  # fmt: skip
            checked = status is not DocumentStatus.AWAITING_UPLOAD
            document_id = new_id()
            document = Document.model_construct(
                id=document_id, firm_id=firm.firm_id, client_id=client_id, matter_id=matter_id if i % 3 == 0 else None,
                file_name=name, description=None, declared_type=declared, key=document_key(firm.firm_id, document_id),
                status=status, size=size if checked else None,
                detected_type=DocumentType(detected) if status is DocumentStatus.AVAILABLE else None,
                mime=declared if status is DocumentStatus.AVAILABLE else None,
                refusal=Refusal.DISGUISED if status is DocumentStatus.REFUSED else None,
                metadata_stripped=status is DocumentStatus.AVAILABLE and detected in ("jpeg", "heic", "png"),
                uploaded_by=client_id, uploader=Uploader.CLIENT, created_at=created,
                checked_at=created + timedelta(seconds=2) if checked else None, version=2 if checked else 1,
                review=Review.NEW, client_name="Cliente da medição", matter_title="Processo da medição",
            )  # fmt: skip
            if i == 0:
                _same_when_validated(document)
            made.append(document)
            if len(made) == 20:
                repos.documents.create_many(made, None)
                made = []
            if i >= count // 2 and status is DocumentStatus.AVAILABLE and "document_id" not in firm.samples:
                firm.samples["document_id"] = document_id
        if made:
            repos.documents.create_many(made, None)
    return _puts(operations)


REQUESTS = ["Comprovante de residência", "RG e CPF", "Procuração assinada", "Certidão de casamento", "Extrato do INSS"]


def requests(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` document requests to the signed-in client, one an hour going back in time, every
    third on the sample matter, most still pending, the sample one answered with three files.
    Made by DocumentRepository.create_request (their audit entries are left out: they would
    grow the audit list other routes read)."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.audit import Actor, AuditEntry
    from chalicelib.domain.common import new_id
    from chalicelib.domain.documents import DocumentRequest, RequestEvent, RequestEventKind, RequestParty, RequestStatus
    from chalicelib.settings import get_settings

    repos = services().adapters
    client_id, matter_id = firm.caller_client_id, firm.samples.get("matter_id")
    actor = Actor(firm_id=firm.firm_id, principal_id="bench", kind="staff", email="bench@example.com")
    now = datetime.now(UTC)
    with collected_writes() as operations:
        for i in range(count):
            created = now - timedelta(hours=i + 1)
            sample = i == count // 2
            request = DocumentRequest(
                id=new_id(), firm_id=firm.firm_id, client_id=client_id, client_name="Cliente da medição",
                matter_id=matter_id if i % 3 == 0 else None, matter_title="Processo da medição" if i % 3 == 0 else None,
                title=rng.choice(REQUESTS), details="Pode ser foto ou PDF.",
                status=RequestStatus.SUBMITTED if sample else RequestStatus.PENDING,
                history=[RequestEvent(at=created, kind=RequestEventKind.REQUESTED, by=RequestParty.FIRM)],
                created_by="bench", created_at=created,
            )  # fmt: skip
            repos.documents.create_request(request, AuditEntry.record(actor, "bench", "bench", created))
            if sample:  # answered with three photos, written with the request as the portal's send does
                sent = [_request_file(firm, request, created + timedelta(minutes=m)) for m in (1, 2, 3)]
                answered = request.model_copy(update={"document_ids": [d.id for d in sent], "version": 2})
                repos.documents.save_request(answered, request, None, created=sent)
                firm.samples["request_id"] = request.id
    return _puts(operations, skip_tables={get_settings().audit_table})


def _request_file(firm: FirmData, request: Any, at: datetime) -> Any:
    from chalicelib.domain.common import new_id
    from chalicelib.domain.documents import Document, DocumentStatus, DocumentType, Review, Uploader, document_key

    document_id = new_id()
    return Document(
        id=document_id, firm_id=firm.firm_id, client_id=request.client_id, client_name=request.client_name,
        matter_id=request.matter_id, matter_title=request.matter_title, request_id=request.id,
        file_name="RG frente e verso.jpg", declared_type="image/jpeg", key=document_key(firm.firm_id, document_id),
        status=DocumentStatus.AVAILABLE, size=1_948_211, detected_type=DocumentType.JPEG, mime="image/jpeg",
        metadata_stripped=True, uploaded_by=request.client_id, uploader=Uploader.CLIENT, created_at=at,
        checked_at=at + timedelta(seconds=2), review=Review.NEW, version=2,
    )  # fmt: skip


def suppressions(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` suppressed addresses, one a minute going back in time, as DynamoSuppressionList writes them."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.notifications import Suppression, SuppressionReason

    repos = services().adapters
    now = datetime.now(UTC)
    with collected_writes() as operations:
        for i in range(count):
            repos.suppressions.add(
                Suppression(
                    firm_id=firm.firm_id,
                    address=f"gone{i:06d}@bench.example.com",
                    reason=rng.choice(list(SuppressionReason)),
                    diagnostic="smtp; 550 5.1.1 user unknown",
                    at=now - timedelta(minutes=i + 1),
                    kind="news",
                )
            )
    return _puts(operations)


# F20: what firms talk about with clients and prospects (the subject search's words).
SUBJECTS = [
    "Divórcio consensual", "Pensão alimentícia", "Inventário e partilha", "Revisão de aposentadoria",
    "Rescisão indireta", "Contrato de locação", "Despejo por falta de pagamento", "Negociação de honorários",
    "Danos morais em voo cancelado", "Usucapião de imóvel", "Guarda compartilhada", "Divisão de bens",
    "Dívida de cartão de crédito", "Divergência no cálculo das verbas rescisórias", "Dividendos não distribuídos",
]  # fmt: skip
# The search the benchmark runs on the consultations: 5 of the 15 subjects above have a word starting
# with it, and the consultations take them in turn: a third match, a full first page at both sizes.
CONSULTATION_SEARCH = "div"


def consultations(firm: FirmData, count: int, rng: random.Random) -> list[tuple[str, Item]]:
    """`count` consultations, one an hour going back in time, every third with the signed-in
    client (the others with a prospect), every fifth important, every fourth linked to the
    sample matter, all with the admin among the staff; every tenth with an open task of the
    admin's. The sample one has 30 entries, 10 tasks and 5 documents. Made by
    ConsultationRepository.create, add_entry, create_task and attach_documents (their audit
    entries left out, and their counts set on the consultation as those writes leave them)."""
    from chalicelib.adapters.dynamodb.consultations import DynamoConsultationRepository
    from chalicelib.bootstrap import services
    from chalicelib.domain.audit import Actor, AuditEntry
    from chalicelib.domain.common import new_id
    from chalicelib.domain.consultations import Consultation, ConsultationEntry, Prospect, StaffRef, Task, entry_id
    from chalicelib.domain.documents import Document, DocumentStatus, Uploader, document_key
    from chalicelib.settings import get_settings

    repos = services().adapters
    admin = StaffRef(id=firm.admin_id, name="Admin da medição")
    actor = Actor(firm_id=firm.firm_id, principal_id=firm.admin_id, kind="staff", email=firm.admin_email)
    matter_id = firm.samples.get("matter_id")
    now = datetime.now(UTC)
    counted = DynamoConsultationRepository._counted
    DynamoConsultationRepository._counted = lambda self, firm_id, consultation_id, deltas: []  # type: ignore[method-assign]
    try:
        with collected_writes() as operations:
            for i in range(count):
                at = now - timedelta(hours=i + 1)
                sample = i == count // 2
                with_client = i % 3 == 0 or sample
                tasks = 10 if sample else 1 if i % 10 == 0 else 0
                consultation = Consultation(
                    id=new_id(), firm_id=firm.firm_id, subject=SUBJECTS[i % len(SUBJECTS)], occurred_at=at,
                    client_id=firm.caller_client_id if with_client else None,
                    client_name="Cliente da medição" if with_client else None,
                    prospect=None if with_client else Prospect(name=f"{rng.choice(FIRST_NAMES)} da Silva"),
                    staff=[admin], important=i % 5 == 0,
                    matter_id=matter_id if i % 4 == 0 and matter_id else None,
                    matter_title="Processo da medição" if i % 4 == 0 and matter_id else None,
                    entry_count=30 if sample else 1, open_task_count=tasks, document_count=5 if sample else 0,
                    created_at=at, created_by=admin, updated_at=at,
                )  # fmt: skip
                first = ConsultationEntry(
                    id=entry_id(at), firm_id=firm.firm_id, consultation_id=consultation.id, author=admin,
                    written_at=at, text="Primeira conversa: " + consultation.subject,
                )  # fmt: skip
                repos.consultations.create(consultation, first, AuditEntry.record(actor, "bench", "bench", at))
                for n in range(29 if sample else 0):
                    written = at + timedelta(minutes=n + 1)
                    entry = ConsultationEntry(
                        id=entry_id(written), firm_id=firm.firm_id, consultation_id=consultation.id, author=admin,
                        written_at=written, text=f"Anotação {n + 1}\nDocumentos pedidos ao cliente.",
                    )  # fmt: skip
                    repos.consultations.add_entry(entry, None)
                for n in range(tasks):
                    task = Task(
                        id=new_id(), firm_id=firm.firm_id, title=f"Ligar para o cliente ({n + 1})", assignee=admin,
                        due_at=at + timedelta(days=n + 1), consultation_id=consultation.id,
                        source_title=consultation.subject, created_at=at, created_by=firm.admin_id,
                    )  # fmt: skip
                    repos.consultations.create_task(task, None)
                if sample:
                    documents = []
                    for n in range(5):
                        document_id = new_id()
                        documents.append(Document(
                            id=document_id, firm_id=firm.firm_id, consultation_id=consultation.id,
                            file_name=f"Documento {n + 1}.pdf", declared_type="application/pdf",
                            key=document_key(firm.firm_id, document_id), status=DocumentStatus.AVAILABLE,
                            size=120_000, uploaded_by=firm.admin_id, uploader=Uploader.STAFF, created_at=at,
                        ))  # fmt: skip
                    repos.consultations.attach_documents(documents, None)
                    firm.samples["consultation_id"] = consultation.id
                    firm.samples["staff_id"] = firm.admin_id
    finally:
        DynamoConsultationRepository._counted = counted  # type: ignore[method-assign]
    return _puts(operations, skip_tables={get_settings().audit_table})


# What each kind is, for the report.
KIND_NOTES = {
    "clients": "clients, each with an active portal access",
    "staff": "staff members",
    "audit": "audit entries",
    "matters": "court cases, each with the signed-in client as a party and published to it, with a notification "
    "pending",
    "movements": "updates, all of them in the timeline of the one matter both timeline routes read (the worst case for "
    "a timeline), mostly court movements, all published, each in the signed-in client's feed",
    "one_case": "updates in the one case of another signed-in client, each in her feed",
    "spread": "updates spread over the 200 cases of a third signed-in client, each in her feed",
    "documents": "documents the signed-in client sent (every third to a matter of theirs), mostly checked and "
    "available, awaiting review",
    "requests": "document requests to the signed-in client (every third on a matter of theirs)",
    "api_keys": "integration keys",
    "batches": "ingestion batches",
    "suppressions": "suppressed e-mail addresses (bounced or complained)",
    "consultations": "consultations (every third with the signed-in client, every fifth important, every fourth on a "
    "matter), every tenth with an open task of the admin's",
}

# The kinds of item a read route may read, and how to make n of them for a firm. A new
# read route that reads a new kind (matters, movements...) adds its generator here.
KINDS: dict[str, Callable[[FirmData, int, random.Random], list[tuple[str, Item]]]] = {
    "clients": clients,
    "staff": staff,
    "audit": audit,
    "matters": matters,
    "movements": movements,  # in the sample matter: after "matters"
    "one_case": one_case,
    "spread": spread,
    "documents": documents,  # some in the sample matter: after "matters"
    "requests": requests,  # some in the sample matter, the sample one with documents: after "documents"
    "api_keys": api_keys,
    "batches": batches,
    "suppressions": suppressions,
    "consultations": consultations,  # some on the sample matter: after "matters"
}


def batch_write(items: list[tuple[str, Item]], over_http: bool = False) -> int:
    """Write the items, 25 to a BatchWriteItem, and return how many distinct items that was.
    A key written twice (a client re-listed with its access) keeps its last version.

    By default each batch goes straight to the moto server's backend, in this process, to
    `put_item` for each item, which is all moto's BatchWriteItem handler does once it has
    parsed the HTTP request: four times faster than the round trip through boto3 and HTTP,
    which would take minutes for the 200,000 items. `over_http` sends real BatchWriteItem
    requests instead."""
    latest: dict[tuple[str, str, str], tuple[str, Item]] = {}
    for table, item in items:
        latest[(table, item["pk"]["S"], item["sk"]["S"])] = (table, item)
    unique = list(latest.values())
    if over_http:
        import boto3
        from botocore.config import Config

        # Not the app's client (its calls are counted); the items were built by the
        # repositories, so botocore's parameter validation is skipped.
        client = boto3.session.Session().client("dynamodb", config=Config(parameter_validation=False))
        for start in range(0, len(unique), 25):
            request: dict[str, list[Item]] = {}
            for table, item in unique[start : start + 25]:
                request.setdefault(table, []).append({"PutRequest": {"Item": item}})
            while request:
                request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
    else:
        import copy

        from .moto_query import backend_of

        for table, item in unique:
            backend_of(table).put_item(table, copy.deepcopy(item))
    return len(unique)
