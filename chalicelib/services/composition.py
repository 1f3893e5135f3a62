"""The one wiring of the services: each service is built from the adapters it declares,
once and on first use. Production passes the AWS adapters (chalicelib/bootstrap.py), the
unit tests the in-memory ones (tests/support/fakes/); both go through this class."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..domain.auth import IdentityPolicy
from ..domain.notifications import PortalUrls
from ..domain.ports import (
    AccessRepository,
    ApiKeyRepository,
    AuditRepository,
    ClientRepository,
    Clock,
    ConsultationRepository,
    CreditLedger,
    DeviceRepository,
    DocumentInspector,
    DocumentRepository,
    DocumentStorage,
    FeedRepository,
    FirmRepository,
    HeldNotificationsRepository,
    IngestionRepository,
    Mailer,
    MatterRepository,
    Outbox,
    PasswordHasher,
    PlainLanguageModel,
    PreferencesRepository,
    PushSender,
    Queue,
    RateLimiter,
    ReleaseScheduler,
    SessionRepository,
    SmsAllowance,
    SmsSender,
    StaffRepository,
    SuppressionList,
    TemplateEngine,
    TemplateRepository,
    TimelineRepository,
    TokenSigner,
    TranslationCache,
)
from .accesses import AccessesService
from .audit import AuditService
from .auth import AuthService
from .clients import ClientsService
from .consultations import ConsultationsService
from .devices import DevicesService
from .documents import DocumentsService
from .feed import FeedService
from .firm import FirmService
from .integration import IntegrationService
from .matters import MattersService
from .notifications import NotificationsService
from .portal import PortalService
from .preferences import PreferencesService
from .staff import StaffService
from .templates import TemplatesService
from .timeline import TimelineService
from .translations import TranslationsService


@dataclass(frozen=True)
class Adapters:
    """Everything the services need from the outside world, by port."""

    firms: FirmRepository
    staff: StaffRepository
    clients: ClientRepository
    accesses: AccessRepository
    sessions: SessionRepository
    audit: AuditRepository
    limiter: RateLimiter
    matters: MatterRepository
    timeline: TimelineRepository
    feed: FeedRepository
    api_keys: ApiKeyRepository
    batches: IngestionRepository
    outbox: Outbox
    ingestion_queue: Queue
    translation_queue: Queue
    plain_cache: TranslationCache
    credits: CreditLedger
    model: PlainLanguageModel | None  # None: no model configured, the table and the cache still serve
    documents: DocumentRepository
    storage: DocumentStorage
    inspector: DocumentInspector
    hasher: PasswordHasher
    signer: TokenSigner
    mailer: Mailer
    suppressions: SuppressionList
    held: HeldNotificationsRepository
    scheduler: ReleaseScheduler
    templates: TemplateRepository  # the firms' own e-mail templates
    template_engine: TemplateEngine  # the e-mails' template language and the defaults
    clock: Clock
    policy: IdentityPolicy
    urls: PortalUrls
    # Notification preferences and SMS (issue 10).
    preferences: PreferencesRepository
    sms: SmsSender
    sms_allowance: SmsAllowance
    # The clients' phones and their push notifications (F23).
    devices: DeviceRepository
    push: PushSender
    # F20: consultations (atendimentos).
    consultations: ConsultationRepository


class Services:
    """One attribute per area, named like its handler and service modules."""

    def __init__(self, adapters: Adapters) -> None:
        self.adapters = adapters

    @cached_property
    def auth(self) -> AuthService:
        a = self.adapters
        return AuthService(
            firms=a.firms,
            staff=a.staff,
            clients=a.clients,
            accesses=a.accesses,
            sessions=a.sessions,
            audit=a.audit,
            outbox=a.outbox,
            hasher=a.hasher,
            signer=a.signer,
            limiter=a.limiter,
            clock=a.clock,
            policy=a.policy,
            devices=self.devices,
        )

    @cached_property
    def firm(self) -> FirmService:
        a = self.adapters
        return FirmService(firms=a.firms, outbox=a.outbox, clock=a.clock, urls=a.urls)

    @cached_property
    def staff(self) -> StaffService:
        a = self.adapters
        return StaffService(staff=a.staff, outbox=a.outbox, clock=a.clock)

    @cached_property
    def clients(self) -> ClientsService:
        a = self.adapters
        return ClientsService(
            clients=a.clients,
            accesses=a.accesses,
            matters=a.matters,
            feeds=a.feed,
            clock=a.clock,
            devices=self.devices,
        )

    @cached_property
    def accesses(self) -> AccessesService:
        a = self.adapters
        return AccessesService(
            clients=a.clients, accesses=a.accesses, audit=a.audit, outbox=a.outbox, clock=a.clock, devices=self.devices
        )

    @cached_property
    def audit(self) -> AuditService:
        return AuditService(audit=self.adapters.audit)

    @cached_property
    def matters(self) -> MattersService:
        a = self.adapters
        return MattersService(
            matters=a.matters,
            clients=a.clients,
            staff=a.staff,
            accesses=a.accesses,
            outbox=a.outbox,
            clock=a.clock,
            audit=a.audit,
        )

    @cached_property
    def timeline(self) -> TimelineService:
        a = self.adapters
        return TimelineService(matters=a.matters, timeline=a.timeline, outbox=a.outbox, clock=a.clock, staff=a.staff)

    @cached_property
    def portal(self) -> PortalService:
        a = self.adapters
        return PortalService(matters=a.matters, timeline=a.timeline, feed=a.feed, clock=a.clock)

    @cached_property
    def feed(self) -> FeedService:
        a = self.adapters
        return FeedService(feed=a.feed, clock=a.clock)

    @cached_property
    def integration(self) -> IntegrationService:
        a = self.adapters
        return IntegrationService(
            keys=a.api_keys,
            matters=a.matters,
            matter_service=self.matters,
            timeline=a.timeline,
            batches=a.batches,
            queue=a.ingestion_queue,
            translations=self.translations,
            clock=a.clock,
        )

    @cached_property
    def translations(self) -> TranslationsService:
        a = self.adapters
        return TranslationsService(
            firms=a.firms,
            clients=a.clients,
            matters=a.matters,
            timeline=a.timeline,
            cache=a.plain_cache,
            credits=a.credits,
            queue=a.translation_queue,
            model=a.model,
            clock=a.clock,
            staff=a.staff,
            outbox=a.outbox,
        )

    @cached_property
    def documents(self) -> DocumentsService:
        a = self.adapters
        return DocumentsService(
            firms=a.firms,
            clients=a.clients,
            matters=a.matters,
            documents=a.documents,
            storage=a.storage,
            inspector=a.inspector,
            audit=a.audit,
            outbox=a.outbox,
            clock=a.clock,
            staff=a.staff,
        )

    @cached_property
    def notifications(self) -> NotificationsService:
        a = self.adapters
        return NotificationsService(
            firms=a.firms,
            staff=a.staff,
            clients=a.clients,
            accesses=a.accesses,
            matters=a.matters,
            timeline=a.timeline,
            documents=a.documents,
            templates=self.templates,
            preferences=self.preferences,
            mailer=a.mailer,
            suppressions=a.suppressions,
            held=a.held,
            scheduler=a.scheduler,
            clock=a.clock,
            policy=a.policy,
            urls=a.urls,
            devices=self.devices,
        )

    @cached_property
    def templates(self) -> TemplatesService:
        a = self.adapters
        return TemplatesService(
            templates=a.templates,
            engine=a.template_engine,
            firms=a.firms,
            mailer=a.mailer,
            limiter=a.limiter,
            clock=a.clock,
            urls=a.urls,
        )

    @cached_property
    def preferences(self) -> PreferencesService:
        a = self.adapters
        return PreferencesService(
            firms=a.firms,
            clients=a.clients,
            preferences=a.preferences,
            sms=a.sms,
            sms_allowance=a.sms_allowance,
            limiter=a.limiter,
            signer=a.signer,
            clock=a.clock,
            urls=a.urls,
        )

    @cached_property
    def devices(self) -> DevicesService:
        a = self.adapters
        return DevicesService(devices=a.devices, push=a.push, clock=a.clock)

    @cached_property
    def consultations(self) -> ConsultationsService:
        a = self.adapters
        return ConsultationsService(
            consultations=a.consultations,
            clients=a.clients,
            staff=a.staff,
            matters=a.matters,
            documents=a.documents,
            uploads=self.documents,
            clock=a.clock,
        )
