"""The services wired to the in-memory adapters through the same composition production
uses (chalicelib.services.composition): only the adapters differ."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from chalicelib.adapters.templates import JinjaEmailRenderer
from chalicelib.adapters.tokens import JwtSigner
from chalicelib.domain.auth import IdentityPolicy
from chalicelib.domain.integration import ChunkResult, IngestionChunk
from chalicelib.domain.notifications import PortalUrls
from chalicelib.domain.translations import TranslationJob
from chalicelib.services.composition import Adapters, Services
from chalicelib.services.portal import PortalService
from tests.support.fakes.accesses import InMemoryAccessRepository
from tests.support.fakes.audit import InMemoryAuditRepository
from tests.support.fakes.auth import FakeHasher, FakeRateLimiter, InMemorySessionRepository
from tests.support.fakes.clients import InMemoryClientRepository
from tests.support.fakes.clock import FakeClock
from tests.support.fakes.consultations import InMemoryConsultationRepository
from tests.support.fakes.devices import FakePushSender, InMemoryDeviceRepository
from tests.support.fakes.documents import FakeDocumentStorage, FakeInspector, InMemoryDocumentRepository
from tests.support.fakes.feed import InMemoryFeedRepository
from tests.support.fakes.firm import InMemoryFirmRepository
from tests.support.fakes.integration import InMemoryApiKeyRepository, InMemoryIngestionRepository
from tests.support.fakes.matters import InMemoryMatterRepository
from tests.support.fakes.notifications import (
    FakeMailer,
    FakeOutbox,
    FakeQueue,
    FakeScheduler,
    InMemoryHeldNotifications,
    InMemorySuppressionList,
    token_in,
)
from tests.support.fakes.preferences import FakeSmsSender, InMemoryPreferencesRepository, InMemorySmsAllowance
from tests.support.fakes.staff import InMemoryStaffRepository
from tests.support.fakes.store import Store
from tests.support.fakes.templates import InMemoryTemplateRepository
from tests.support.fakes.timeline import InMemoryTimelineRepository
from tests.support.fakes.translations import InMemoryCreditLedger, InMemoryTranslationCache, ScriptedModel

SIGNING_KEY = "unit-tests-only-signing-key-0123456789abcdef0123456789abcdef"


class PortalRequests:
    """PortalService as the HTTP layer calls it: a client's request about a matter reads the
    client's view of it together with the access (AuthService.authenticate(token,
    matter_id)), so each call here reads the view as stored now."""

    def __init__(self, portal: PortalService, accesses: InMemoryAccessRepository) -> None:
        self.portal = portal
        self.accesses = accesses

    def matters_page(self, caller: Any, cursor: str | None, limit: int) -> Any:
        return self.portal.matters_page(caller, cursor, limit)

    def matter(self, caller: Any, matter_id: str) -> Any:
        return self.portal.matter(self._about(caller, matter_id), matter_id)

    def timeline_page(self, caller: Any, matter_id: str, cursor: str | None, limit: int) -> Any:
        return self.portal.timeline_page(self._about(caller, matter_id), matter_id, cursor, limit)

    def mark_read(self, caller: Any, matter_id: str, item_id: str) -> None:
        self.portal.mark_read(self._about(caller, matter_id), matter_id, item_id)

    def _about(self, caller: Any, matter_id: str) -> Any:
        if caller.access is None:
            return caller
        _, view = self.accesses.get_with_matter(caller.firm_id, caller.access.client_id, matter_id)
        return caller.model_copy(update={"matter_view": view})


class FakeSystem:
    """Every service, as production builds it, over fakes the test can read and steer."""

    ADMIN_PASSWORD = "admin password 123"
    ADDRESS = "203.0.113.7"

    def __init__(self, clock: FakeClock | None = None, policy: IdentityPolicy | None = None) -> None:
        self.clock = clock or FakeClock()
        self.policy = policy or IdentityPolicy()
        self.store = Store()
        self.firms = InMemoryFirmRepository(self.store)
        self.staff = InMemoryStaffRepository(self.store)
        self.clients = InMemoryClientRepository(self.store)
        self.accesses = InMemoryAccessRepository(self.store)
        self.sessions = InMemorySessionRepository(self.store)
        self.audit = InMemoryAuditRepository(self.store)
        self.matters = InMemoryMatterRepository(self.store)
        self.timeline = InMemoryTimelineRepository(self.store)
        self.feed = InMemoryFeedRepository(self.store)
        self.keys = InMemoryApiKeyRepository(self.store)
        self.batches = InMemoryIngestionRepository(self.store)
        self.outbox = FakeOutbox()
        self.queue = FakeQueue()  # the ingestion queue
        self.translation_queue = FakeQueue()
        self.plain_cache = InMemoryTranslationCache(self.store)
        self.credits = InMemoryCreditLedger(self.store)
        self.model: ScriptedModel | None = None  # as `make run`: no model configured
        self.documents = InMemoryDocumentRepository(self.store)
        self.storage = FakeDocumentStorage(self.clock)
        self.inspector = FakeInspector()
        self.mailer = FakeMailer()
        self.suppressions = InMemorySuppressionList(self.store)
        self.held = InMemoryHeldNotifications(self.store)
        self.scheduler = FakeScheduler()
        self.templates = InMemoryTemplateRepository(self.store)
        self.template_engine = JinjaEmailRenderer()
        self.hasher = FakeHasher()
        self.limiter = FakeRateLimiter(self.clock)
        self.signer = JwtSigner(lambda: SIGNING_KEY)
        self.urls = PortalUrls(
            portal_template="https://{slug}.portal.test",
            admin="https://admin.portal.test",
            api="https://api.portal.test",
        )
        self.preferences = InMemoryPreferencesRepository(self.store)
        self.sms = FakeSmsSender()
        self.sms_allowance = InMemorySmsAllowance(self.store)
        self.devices = InMemoryDeviceRepository(self.store)
        self.push = FakePushSender()
        self.consultations = InMemoryConsultationRepository(self.store, self.matters, self.clients, self.documents)
        self.adapters = Adapters(
            firms=self.firms,
            staff=self.staff,
            clients=self.clients,
            accesses=self.accesses,
            sessions=self.sessions,
            audit=self.audit,
            limiter=self.limiter,
            matters=self.matters,
            timeline=self.timeline,
            feed=self.feed,
            api_keys=self.keys,
            batches=self.batches,
            outbox=self.outbox,
            ingestion_queue=self.queue,
            translation_queue=self.translation_queue,
            plain_cache=self.plain_cache,
            credits=self.credits,
            model=self.model,
            documents=self.documents,
            storage=self.storage,
            inspector=self.inspector,
            hasher=self.hasher,
            signer=self.signer,
            mailer=self.mailer,
            suppressions=self.suppressions,
            held=self.held,
            scheduler=self.scheduler,
            templates=self.templates,
            template_engine=self.template_engine,
            clock=self.clock,
            policy=self.policy,
            urls=self.urls,
            preferences=self.preferences,
            sms=self.sms,
            sms_allowance=self.sms_allowance,
            devices=self.devices,
            push=self.push,
            consultations=self.consultations,
        )
        self.services = Services(self.adapters)
        self.portal = PortalRequests(self.services.portal, self.accesses)

    def reconfigure(self, policy: IdentityPolicy | None = None, model: ScriptedModel | None = None) -> None:
        """The same stores and fakes, services rebuilt with another policy or model."""
        if policy is not None:
            self.policy = policy
        if model is not None:
            self.model = model
        self.adapters = replace(self.adapters, policy=self.policy, model=self.model)
        self.services = Services(self.adapters)
        self.portal = PortalRequests(self.services.portal, self.accesses)

    def process_queue(self) -> list[ChunkResult]:
        """What the ingestion worker does with every chunk queued so far."""
        return [self.services.integration.process(chunk) for chunk in self.queue.take(IngestionChunk)]

    def translate_queued(self) -> list[object]:
        """What the translations worker does with every job queued so far."""
        return [self.services.translations.translate(job) for job in self.translation_queue.take(TranslationJob)]

    def deliver_all(self) -> list[str]:
        """What the notifications worker does with everything queued so far, and then with
        the releases of what it held, as if their time had come (the clock stays where it
        is): the message ids sent."""
        sent = [message_id for n in self.outbox.take() for message_id in self.services.notifications.deliver(n)]
        return sent + self.release_held()

    def release_held(self, until: datetime | None = None) -> list[str]:
        """The scheduler's part: release the clients' held notifications due by `until`
        (all of them when None)."""
        releases = self.scheduler.due(until or datetime.max.replace(tzinfo=UTC))
        return [message_id for r in releases for message_id in self.services.notifications.release(r)]

    def last_token_to(self, address: str) -> str:
        self.deliver_all()
        mails = self.mailer.to(address)
        assert mails, f"no e-mail to {address}"
        return token_in(mails[-1])
