"""Demo data for the local stack: one firm with an admin, a staff member and a few
clients, one of whom already has an active account, two matters and two consultations.
Written through the domain services, so it obeys every rule the API does. Skipped when the
demo firm already exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.domain.audit import Actor

DEMO_SLUG = "silva"
ADMIN_EMAIL = "admin@silva.example.com"
ADMIN_PASSWORD = "demo admin password"
STAFF_EMAIL = "paulo@silva.example.com"
CLIENT_EMAIL = "maria.souza@example.com"
CLIENT_PASSWORD = "demo client password"
# Translation credits for the demo firm (F25): one per model answer in one language, so a
# model configured with OPENAI_BASE_URL can be tried (and benchmarked) at once.
DEMO_CREDITS = 500


@dataclass(frozen=True)
class DemoSignIn:
    who: str
    email: str
    password: str


SIGN_INS = [
    DemoSignIn("admin (admin app)", ADMIN_EMAIL, ADMIN_PASSWORD),
    DemoSignIn("staff (admin app)", STAFF_EMAIL, ADMIN_PASSWORD),
    DemoSignIn("client (portal)", CLIENT_EMAIL, CLIENT_PASSWORD),
]


def seed() -> bool:
    """Create the demo firm; return False when it was already there."""
    from chalicelib.bootstrap import services
    from chalicelib.domain.accesses import AccessGrant, AccessStatus, AccessType, VisibilityProfile
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clients import ClientInput
    from chalicelib.domain.common import Language
    from chalicelib.domain.firm import NotificationSettingsChange, PortalSettings
    from chalicelib.domain.identity import Role, with_credentials
    from chalicelib.domain.staff import StaffInvite, StaffStatus

    admin_tools = services().firm
    if services().adapters.firms.by_slug(DEMO_SLUG):
        return False
    hasher = services().adapters.hasher
    portal = PortalSettings(
        enabled=True,
        slug=DEMO_SLUG,
        display_name="Silva & Associados",
        primary_color="#1f4e79",
        default_language=Language.PT_BR,
        sender_name="Silva & Associados",
        reply_to="contato@silva.example.com",
    )
    firm, admin = admin_tools.open_firm(
        "Silva & Associados Advocacia", portal, ADMIN_EMAIL, "Ana Silva", hasher.hash(ADMIN_PASSWORD)
    )
    actor = Actor(firm_id=firm.id, principal_id=admin.id, kind="staff", email=admin.email)
    # What the demo does shows in the mailbox at once, day or night; Settings -> Notifications
    # turns on the digest window and the quiet hours (B3) a firm has unless it chooses.
    firm = admin_tools.change_notification_settings(
        actor, NotificationSettingsChange(digest_minutes=0, quiet_hours=False, version=firm.version)
    )

    paulo = services().staff.invite(actor, StaffInvite(email=STAFF_EMAIL, name="Paulo Lima", role=Role.STAFF))
    repositories = services().adapters
    # Paulo accepted his invitation already: his status and his password, in one write.
    active_paulo = with_credentials(paulo, paulo.credentials.with_password(hasher.hash(ADMIN_PASSWORD)))
    repositories.staff.save_with_credentials(
        active_paulo.model_copy(update={"status": StaffStatus.ACTIVE, "version": paulo.version + 1}), paulo, None
    )

    directory = services().clients
    maria = directory.create(
        actor,
        ClientInput(name="Maria Souza", emails=[CLIENT_EMAIL], phone="+55 11 91234-5678", language=Language.PT_BR),
    )
    joao = directory.create(
        actor,
        ClientInput(
            name="João Pereira",
            emails=["joao.pereira@example.com"],
            notification_emails=["financeiro@pereira.example.com"],
        ),
    )
    directory.create(
        actor, ClientInput(name="Carmen García", emails=["carmen.garcia@example.es"], language=Language.ES)
    )
    directory.create(
        actor,
        ClientInput(
            name="Construtora Horizonte Ltda", emails=["juridico@horizonte.example.com"], phone="+55 21 3333-4444"
        ),
    )

    access = services().accesses.grant(
        actor, maria.id, AccessGrant(type=AccessType.ACCOUNT, profile=VisibilityProfile(tasks=True))
    )
    # Maria accepted her invitation already, so the portal can be tried at once.
    active = with_credentials(access, access.credentials.with_password(hasher.hash(CLIENT_PASSWORD))).model_copy(
        update={"status": AccessStatus.ACTIVE, "activated_at": access.created_at, "version": access.version + 1}
    )
    client = repositories.clients.get(firm.id, maria.id)
    assert client is not None
    repositories.accesses.save_with_credentials(active, access, client.with_access(active), None)
    _seed_matters(firm.id, actor, maria.id, joao.id, admin.id)
    paulo_actor = Actor(firm_id=firm.id, principal_id=paulo.id, kind="staff", email=paulo.email)
    _seed_consultations(actor, paulo_actor, joao.id)
    repositories.credits.grant(firm.id, DEMO_CREDITS)
    return True


def _seed_matters(firm_id: str, actor: Actor, maria_id: str, joao_id: str, lawyer_id: str) -> None:
    """Maria's pension case, published to her with court movements, news and a task; and
    a case of João's that is not published."""
    from datetime import UTC, datetime

    from chalicelib.bootstrap import services
    from chalicelib.domain.integration import CourtMovement, IngestionBatch, IngestionChunk, MatterFacts
    from chalicelib.domain.matters import MatterInput, MatterKind, Party, PartyRole, Publication
    from chalicelib.domain.timeline import Complement, UpdateInput

    desk = services().matters
    case = desk.create(
        actor,
        MatterInput(
            kind=MatterKind.COURT_CASE,
            number="0000832-35.2018.4.01.3202",
            title="Aposentadoria por idade — Maria Souza x INSS",
            court="TRF1",
            venue="1ª Vara Federal de Tefé",
            instance="1º grau",
            procedural_class="Procedimento Comum Cível",
            parties=[
                Party(name="Maria Souza", role=PartyRole.PLAINTIFF, client_id=maria_id, published=True),
                Party(name="Instituto Nacional do Seguro Social — INSS", role=PartyRole.DEFENDANT, published=True),
            ],
            responsible_lawyer_id=lawyer_id,
            court_published=True,
        ),
    )
    desk.publish(actor, case.id, Publication(client_ids=[maria_id], version=case.version))

    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 10, day, hour, 0, tzinfo=UTC)

    movements = [
        CourtMovement(
            matter_number=case.number or "",
            occurred_at=at(1, 13),
            name="Distribuição",
            code=26,
            complements=[Complement(code=2, name="tipo_de_distribuicao_redistribuicao", value="sorteio")],
        ),
        CourtMovement(
            matter_number=case.number or "",
            occurred_at=at(6, 10),
            name="Juntada de Petição",
            code=85,
            complements=[Complement(code=19, name="tipo_de_peticao", value="Contestação")],
        ),
        CourtMovement(
            matter_number=case.number or "",
            occurred_at=at(14, 16),
            name="Conclusão",
            code=51,
            complements=[Complement(code=3, name="tipo_de_conclusao", value="para despacho")],
        ),
        CourtMovement(
            matter_number=case.number or "",
            occurred_at=at(20, 9),
            name="Audiência",
            code=970,
            complements=[
                Complement(code=16, name="tipo_de_audiencia", value="Conciliação"),
                Complement(code=18, name="situacao_da_audiencia", value="designada"),
            ],
        ),
    ]
    services().adapters.batches.create(
        IngestionBatch(id="seed", firm_id=firm_id, received_at=at(20, 9), movements=len(movements), chunks=1)
    )
    services().integration.process(
        IngestionChunk(
            firm_id=firm_id,
            batch_id="seed",
            chunk=0,
            key_id="seed",
            source="court",
            movements=movements,
            matters=[MatterFacts(number=case.number or "")],
        )
    )
    timeline = services().timeline
    timeline.add(
        actor,
        case.id,
        UpdateInput(
            kind="news",
            occurred_at=at(21, 11),
            text="Audiência marcada",
            body="A audiência de conciliação foi marcada. Vamos nos falar antes para prepará-la.",
        ),
    )
    timeline.add(
        actor,
        case.id,
        UpdateInput(
            kind="task",
            occurred_at=at(22, 9),
            text="Separar documentos do INSS para a audiência",
            due_at=at(28, 18),
        ),
    )
    desk.create(
        actor,
        MatterInput(
            kind=MatterKind.CASE,
            title="Revisão de contrato de locação",
            parties=[Party(name="João Pereira", role=PartyRole.OTHER, client_id=joao_id)],
        ),
    )


def _seed_consultations(ana: Actor, paulo: Actor, joao_id: str) -> None:
    """F20: a first meeting with a prospect, important, that both lawyers wrote in and that
    left Paulo a task; and a fee negotiation with João."""
    from datetime import UTC, datetime, timedelta

    from chalicelib.bootstrap import services
    from chalicelib.domain.consultations import ConsultationInput, EntryInput, Prospect, TaskInput

    desk = services().consultations
    now = datetime.now(UTC).replace(microsecond=0)
    meeting = desk.create(
        ana,
        ConsultationInput(
            subject="Divórcio consensual e guarda compartilhada",
            prospect=Prospect(
                name="Juliana Martins", emails=["juliana.martins@example.com"], phone="+55 11 98888-7777"
            ),
            staff_ids=[ana.principal_id, paulo.principal_id],
            occurred_at=now - timedelta(days=2),
            important=True,
            text="Primeira reunião: casados há 12 anos, dois filhos. Querem um acordo sobre a guarda e a partilha.",
        ),
    )
    desk.add_entry(paulo, meeting.id, EntryInput(text="Liguei ontem: ela vai mandar a certidão de casamento."))
    desk.create_task(
        ana,
        meeting.id,
        TaskInput(
            title="Preparar a proposta de honorários", assignee_id=paulo.principal_id, due_at=now + timedelta(days=3)
        ),
    )
    desk.create(
        ana,
        ConsultationInput(
            subject="Negociação de honorários",
            client_id=joao_id,
            occurred_at=now - timedelta(days=5),
            text="Aceitou a proposta em três parcelas.",
        ),
    )
