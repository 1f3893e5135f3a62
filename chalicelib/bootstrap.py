"""The composition root: builds the domain services with the real adapters, once per
container and on first use (nothing here runs at import)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from .adapters.dynamodb import (
    DynamoAccessRepository,
    DynamoAuditRepository,
    DynamoClientRepository,
    DynamoFirmRepository,
    DynamoRateLimiter,
    DynamoSessionRepository,
    DynamoStaffRepository,
)
from .adapters.dynamodb_matters import DynamoApiKeyRepository, DynamoIngestionRepository, DynamoMatterRepository, DynamoTimelineRepository
from .adapters.mail import SesMailer
from .adapters.passwords import Argon2Hasher
from .adapters.queues import SqsQueue
from .adapters.templates import JinjaEmailRenderer
from .adapters.tokens import JwtSigner, signing_key_from_secrets_manager
from .domain.access_lifecycle import AccessLifecycle
from .domain.authentication import Authenticator, IdentityPolicy
from .domain.client_directory import ClientDirectory
from .domain.client_portal import ClientPortal
from .domain.ingestion import ApiKeys, MovementIngestion
from .domain.matter_desk import MatterDesk
from .domain.timeline_desk import TimelineDesk
from .domain.common import SystemClock
from .domain.firm_administration import FirmAdministration
from .domain.notification_delivery import NotificationDelivery, PortalUrls
from .settings import get_settings


@dataclass(frozen=True)
class Repositories:
    firms: DynamoFirmRepository
    staff: DynamoStaffRepository
    clients: DynamoClientRepository
    accesses: DynamoAccessRepository
    sessions: DynamoSessionRepository
    audit: DynamoAuditRepository
    limiter: DynamoRateLimiter
    matters: DynamoMatterRepository
    timeline: DynamoTimelineRepository
    api_keys: DynamoApiKeyRepository
    batches: DynamoIngestionRepository


@cache
def repositories() -> Repositories:
    s = get_settings()
    clients = DynamoClientRepository(s.directory_table, s.audit_table)
    return Repositories(
        firms=DynamoFirmRepository(s.directory_table, s.audit_table),
        staff=DynamoStaffRepository(s.directory_table, s.audit_table),
        clients=clients,
        accesses=DynamoAccessRepository(s.directory_table, s.audit_table, s.matters_table, clients),
        sessions=DynamoSessionRepository(s.security_table),
        audit=DynamoAuditRepository(s.audit_table),
        limiter=DynamoRateLimiter(s.security_table),
        matters=DynamoMatterRepository(s.matters_table, s.updates_table, s.directory_table, s.audit_table),
        timeline=DynamoTimelineRepository(s.updates_table, s.audit_table),
        api_keys=DynamoApiKeyRepository(s.directory_table, s.audit_table),
        batches=DynamoIngestionRepository(s.updates_table),
    )


@cache
def identity_policy() -> IdentityPolicy:
    s = get_settings()
    return IdentityPolicy(access_token_ttl=timedelta(minutes=s.access_token_minutes), access_link_ttl=timedelta(days=s.access_link_days))


@cache
def outbox() -> SqsQueue:
    return SqsQueue(get_settings().notifications_queue_url)


@cache
def password_hasher() -> Argon2Hasher:
    return Argon2Hasher()


@cache
def authenticator() -> Authenticator:
    r = repositories()
    return Authenticator(
        firms=r.firms,
        staff=r.staff,
        clients=r.clients,
        accesses=r.accesses,
        sessions=r.sessions,
        audit=r.audit,
        outbox=outbox(),
        hasher=password_hasher(),
        signer=JwtSigner(signing_key_from_secrets_manager(get_settings().signing_key_secret)),
        limiter=r.limiter,
        clock=SystemClock(),
        policy=identity_policy(),
    )


@cache
def client_directory() -> ClientDirectory:
    r = repositories()
    return ClientDirectory(clients=r.clients, accesses=r.accesses, matters=r.matters, clock=SystemClock())


@cache
def access_lifecycle() -> AccessLifecycle:
    r = repositories()
    return AccessLifecycle(clients=r.clients, accesses=r.accesses, audit=r.audit, outbox=outbox(), clock=SystemClock())


@cache
def firm_administration() -> FirmAdministration:
    r = repositories()
    return FirmAdministration(firms=r.firms, staff=r.staff, outbox=outbox(), clock=SystemClock())


@cache
def matter_desk() -> MatterDesk:
    r = repositories()
    return MatterDesk(matters=r.matters, clients=r.clients, staff=r.staff, accesses=r.accesses, outbox=outbox(), clock=SystemClock())


@cache
def timeline_desk() -> TimelineDesk:
    r = repositories()
    return TimelineDesk(matters=r.matters, timeline=r.timeline, outbox=outbox(), clock=SystemClock())


@cache
def client_portal() -> ClientPortal:
    r = repositories()
    return ClientPortal(matters=r.matters, timeline=r.timeline, clock=SystemClock())


@cache
def api_keys() -> ApiKeys:
    return ApiKeys(keys=repositories().api_keys, clock=SystemClock())


@cache
def movement_ingestion() -> MovementIngestion:
    r = repositories()
    return MovementIngestion(
        matters=r.matters, desk=matter_desk(), timeline=r.timeline, batches=r.batches, queue=SqsQueue(get_settings().ingestion_queue_url), clock=SystemClock()
    )


@cache
def portal_urls() -> PortalUrls:
    s = get_settings()
    return PortalUrls(portal_template=s.portal_url_template, admin=s.admin_url)


@cache
def notification_delivery() -> NotificationDelivery:
    s = get_settings()
    r = repositories()
    return NotificationDelivery(
        firms=r.firms,
        staff=r.staff,
        clients=r.clients,
        accesses=r.accesses,
        matters=r.matters,
        timeline=r.timeline,
        renderer=JinjaEmailRenderer(),
        mailer=SesMailer(s.mail_from, s.ses_configuration_set),
        clock=SystemClock(),
        policy=identity_policy(),
        urls=portal_urls(),
    )
