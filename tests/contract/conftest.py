"""Contract tests: each repository port's promises (chalicelib/domain/ports.py), written once
and run against both implementations — the in-memory fakes the unit tests use
(tests/support/fakes) and the DynamoDB adapters on moto — so the fakes cannot drift from
what production does.

Every port fixture (`firms`, `staff`, `clients`, ...) is parametrized over ["memory",
"dynamodb"] through `backend`: a test that needs two ports (an access and its client, a
write and its audit entry) gets both from the same implementation, never one of each.
`-k memory` runs without moto; the DynamoDB side starts the session's moto stack on first
use. Its tables are shared by the whole session, so every test works in a firm of its own.
The documents bucket and the inspector are not repositories: test_document_storage.py
(["memory", "s3"]) and test_document_inspector.py (["memory", "libraries"]) have their own
fixtures.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.ports import (
    AccessRepository,
    ApiKeyRepository,
    AuditRepository,
    ClientRepository,
    ConsultationRepository,
    CreditLedger,
    DeviceRepository,
    DocumentRepository,
    FeedRepository,
    FirmRepository,
    HeldNotificationsRepository,
    IngestionRepository,
    MatterRepository,
    PreferencesRepository,
    PushSender,
    RateLimiter,
    SessionRepository,
    SmsAllowance,
    SmsSender,
    StaffRepository,
    SuppressionList,
    TemplateRepository,
    TimelineRepository,
    TranslationCache,
)
from tests.contract.builders import unique
from tests.support.fakes.clock import FakeClock
from tests.support.fakes.system import FakeSystem

BACKENDS = ["memory", "dynamodb"]


class RealTime:
    """Time as the DynamoDB rate limiter reads it (the wall clock)."""

    def start_of_window(self, seconds: int) -> None:
        time.sleep(seconds - time.time() % seconds + 0.01)

    def next_window(self, seconds: int) -> None:
        self.start_of_window(seconds)


class FakeTime:
    """Time as the fake rate limiter reads it (the fake clock)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    def start_of_window(self, seconds: int) -> None:
        now = self.clock.now().timestamp()
        self.clock.advance(timedelta(seconds=seconds - now % seconds))

    def next_window(self, seconds: int) -> None:
        self.start_of_window(seconds)


@dataclass(frozen=True)
class Backend:
    """Every repository of one implementation, over the same storage."""

    name: str
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
    keys: ApiKeyRepository
    batches: IngestionRepository
    plain_cache: TranslationCache
    credits: CreditLedger
    documents: DocumentRepository
    suppressions: SuppressionList
    held: HeldNotificationsRepository
    templates: TemplateRepository
    preferences: PreferencesRepository
    sms_allowance: SmsAllowance
    sms: SmsSender
    time: Any
    devices: DeviceRepository
    push: PushSender
    consultations: ConsultationRepository

    def audit_entries(self, firm_id: str) -> list[AuditEntry]:
        return self.audit.list(firm_id, None, 100).items

    def audit_ids(self, firm_id: str) -> list[str]:
        return [entry.id for entry in self.audit_entries(firm_id)]


def memory_backend() -> Backend:
    system = FakeSystem()
    return Backend(
        name="memory",
        firms=system.firms,
        staff=system.staff,
        clients=system.clients,
        accesses=system.accesses,
        sessions=system.sessions,
        audit=system.audit,
        limiter=system.limiter,
        matters=system.matters,
        timeline=system.timeline,
        feed=system.feed,
        keys=system.keys,
        batches=system.batches,
        plain_cache=system.plain_cache,
        credits=system.credits,
        documents=system.documents,
        suppressions=system.suppressions,
        held=system.held,
        templates=system.templates,
        preferences=system.preferences,
        sms_allowance=system.sms_allowance,
        sms=system.sms,
        time=FakeTime(system.clock),
        devices=system.devices,
        push=system.push,
        consultations=system.consultations,
    )


@pytest.fixture(scope="session")
def dynamodb(stack: Any) -> Backend:
    """The production adapters (chalicelib.bootstrap) on the session's moto stack."""
    from chalicelib.bootstrap import aws_adapters
    from chalicelib.settings import get_settings

    get_settings.cache_clear()  # read again now that the stack has exported its tables
    adapters = aws_adapters(get_settings())
    return Backend(
        name="dynamodb",
        firms=adapters.firms,
        staff=adapters.staff,
        clients=adapters.clients,
        accesses=adapters.accesses,
        sessions=adapters.sessions,
        audit=adapters.audit,
        limiter=adapters.limiter,
        matters=adapters.matters,
        timeline=adapters.timeline,
        feed=adapters.feed,
        keys=adapters.api_keys,
        batches=adapters.batches,
        plain_cache=adapters.plain_cache,
        credits=adapters.credits,
        documents=adapters.documents,
        suppressions=adapters.suppressions,
        held=adapters.held,
        templates=adapters.templates,
        preferences=adapters.preferences,
        sms_allowance=adapters.sms_allowance,
        sms=adapters.sms,
        time=RealTime(),
        devices=adapters.devices,
        push=adapters.push,
        consultations=adapters.consultations,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "adapter_bug(reason): the DynamoDB adapter breaks this promise (the fake keeps it); "
        "the test is an expected failure (strict) on dynamodb until the adapter is fixed",
    )
    config.addinivalue_line(
        "markers",
        "fake_gap(reason): a promise an in-memory fake cannot keep without becoming the real adapter; "
        "the test is an expected failure (strict) on memory",
    )


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "memory":
        return memory_backend()
    bug = request.node.get_closest_marker("adapter_bug")
    if bug is not None:
        request.applymarker(pytest.mark.xfail(strict=True, reason=f"DynamoDB adapter: {bug.args[0]}"))
    return request.getfixturevalue("dynamodb")


@pytest.fixture
def firm_id() -> str:
    return unique()


@pytest.fixture
def other_firm_id() -> str:
    return unique()


@pytest.fixture
def firms(backend: Backend) -> FirmRepository:
    return backend.firms


@pytest.fixture
def staff(backend: Backend) -> StaffRepository:
    return backend.staff


@pytest.fixture
def clients(backend: Backend) -> ClientRepository:
    return backend.clients


@pytest.fixture
def accesses(backend: Backend) -> AccessRepository:
    return backend.accesses


@pytest.fixture
def sessions(backend: Backend) -> SessionRepository:
    return backend.sessions


@pytest.fixture
def audit(backend: Backend) -> AuditRepository:
    return backend.audit


@pytest.fixture
def limiter(backend: Backend) -> RateLimiter:
    return backend.limiter


@pytest.fixture
def matters(backend: Backend) -> MatterRepository:
    return backend.matters


@pytest.fixture
def timeline(backend: Backend) -> TimelineRepository:
    return backend.timeline


@pytest.fixture
def keys(backend: Backend) -> ApiKeyRepository:
    return backend.keys


@pytest.fixture
def batches(backend: Backend) -> IngestionRepository:
    return backend.batches


@pytest.fixture
def plain_cache(backend: Backend) -> TranslationCache:
    return backend.plain_cache


@pytest.fixture
def credits(backend: Backend) -> CreditLedger:
    return backend.credits


@pytest.fixture
def documents(backend: Backend) -> DocumentRepository:
    return backend.documents


@pytest.fixture
def suppressions(backend: Backend) -> SuppressionList:
    return backend.suppressions


@pytest.fixture
def held(backend: Backend) -> HeldNotificationsRepository:
    return backend.held


@pytest.fixture
def templates(backend: Backend) -> TemplateRepository:
    return backend.templates


@pytest.fixture
def preferences(backend: Backend) -> PreferencesRepository:
    return backend.preferences


@pytest.fixture
def sms_allowance(backend: Backend) -> SmsAllowance:
    return backend.sms_allowance


@pytest.fixture
def sms(backend: Backend) -> SmsSender:
    return backend.sms


@pytest.fixture
def devices(backend: Backend) -> DeviceRepository:
    return backend.devices


@pytest.fixture
def consultations(backend: Backend) -> ConsultationRepository:
    return backend.consultations
