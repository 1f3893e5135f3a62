"""The composition root: the services wired to the AWS adapters, once per container and on
first use (nothing here runs at import, and nothing here calls AWS until a service does).
The only module that imports adapters; the wiring itself is services.composition."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from .adapters.dynamodb.accesses import DynamoAccessRepository
from .adapters.dynamodb.audit import DynamoAuditRepository
from .adapters.dynamodb.auth import DynamoRateLimiter, DynamoSessionRepository
from .adapters.dynamodb.clients import DynamoClientRepository
from .adapters.dynamodb.consultations import DynamoConsultationRepository
from .adapters.dynamodb.devices import DynamoDeviceRepository
from .adapters.dynamodb.documents import DynamoDocumentRepository
from .adapters.dynamodb.feed import DynamoFeedRepository
from .adapters.dynamodb.firm import DynamoFirmRepository
from .adapters.dynamodb.integration import DynamoApiKeyRepository, DynamoIngestionRepository
from .adapters.dynamodb.matters import DynamoMatterRepository
from .adapters.dynamodb.notifications import DynamoHeldNotifications, DynamoSuppressionList
from .adapters.dynamodb.preferences import DynamoPreferencesRepository, DynamoSmsAllowance
from .adapters.dynamodb.staff import DynamoStaffRepository
from .adapters.dynamodb.templates import DynamoTemplateRepository
from .adapters.dynamodb.timeline import DynamoTimelineRepository
from .adapters.dynamodb.translations import DynamoCreditLedger, DynamoTranslationCache
from .adapters.inspection import LibraryDocumentInspector
from .adapters.model import OpenAiPlainLanguageModel
from .adapters.passwords import Argon2Hasher
from .adapters.scheduler import EventBridgeReleaseScheduler
from .adapters.secrets import secret_from_secrets_manager
from .adapters.ses import SesMailer
from .adapters.sns import SnsPushSender, SnsSmsSender
from .adapters.sqs import SqsQueue
from .adapters.storage import S3DocumentStorage
from .adapters.templates import JinjaEmailRenderer
from .adapters.tokens import JwtSigner
from .domain.auth import IdentityPolicy
from .domain.common import SystemClock
from .domain.devices import PushPlatform
from .domain.notifications import PortalUrls
from .services.composition import Adapters, Services
from .settings import Settings, get_settings


def aws_adapters(s: Settings) -> Adapters:
    clients = DynamoClientRepository(s.directory_table, s.audit_table)
    matters = DynamoMatterRepository(s.matters_table, s.updates_table, s.audit_table)
    documents = DynamoDocumentRepository(s.updates_table, s.audit_table, s.matters_table)
    renderer = JinjaEmailRenderer()
    return Adapters(
        firms=DynamoFirmRepository(s.directory_table, s.audit_table),
        staff=DynamoStaffRepository(s.directory_table, s.audit_table),
        clients=clients,
        accesses=DynamoAccessRepository(s.directory_table, s.audit_table, s.matters_table, clients),
        sessions=DynamoSessionRepository(s.security_table),
        audit=DynamoAuditRepository(s.audit_table),
        limiter=DynamoRateLimiter(s.security_table),
        matters=matters,
        timeline=DynamoTimelineRepository(s.updates_table, s.audit_table, s.matters_table, s.consultations_table),
        feed=DynamoFeedRepository(s.updates_table),
        api_keys=DynamoApiKeyRepository(s.directory_table, s.audit_table),
        batches=DynamoIngestionRepository(s.updates_table),
        outbox=SqsQueue(s.notifications_queue_url),
        ingestion_queue=SqsQueue(s.ingestion_queue_url),
        translation_queue=SqsQueue(s.translations_queue_url),
        plain_cache=DynamoTranslationCache(s.updates_table),
        credits=DynamoCreditLedger(s.directory_table),
        model=plain_language_model(s),
        documents=documents,
        consultations=DynamoConsultationRepository(s.consultations_table, s.audit_table, matters, clients, documents),
        storage=S3DocumentStorage(s.documents_bucket, download_origin=s.documents_download_origin),
        inspector=LibraryDocumentInspector(),
        hasher=Argon2Hasher(),
        signer=JwtSigner(secret_from_secrets_manager(s.signing_key_secret)),
        mailer=SesMailer(s.mail_from, s.ses_configuration_set),
        suppressions=DynamoSuppressionList(s.directory_table, s.audit_table),
        held=DynamoHeldNotifications(s.directory_table),
        scheduler=EventBridgeReleaseScheduler(
            s.notifications_schedule_group, s.notifications_queue_arn, s.notifications_scheduler_role_arn
        ),
        templates=DynamoTemplateRepository(s.directory_table, s.audit_table),
        template_engine=renderer,
        clock=SystemClock(),
        policy=IdentityPolicy(
            access_token_ttl=timedelta(minutes=s.access_token_minutes),
            access_link_ttl=timedelta(days=s.access_link_days),
        ),
        urls=PortalUrls(portal_template=s.portal_url_template, admin=s.admin_url, api=s.api_url),
        preferences=DynamoPreferencesRepository(s.directory_table),
        sms=SnsSmsSender(s.sms_sender_id),
        sms_allowance=DynamoSmsAllowance(s.directory_table),
        devices=DynamoDeviceRepository(s.directory_table),
        push=SnsPushSender(
            {PushPlatform.FCM: s.push_fcm_application_arn, PushPlatform.APNS: s.push_apns_application_arn}
        ),
    )


def plain_language_model(s: Settings) -> OpenAiPlainLanguageModel | None:
    """The model adapter when a server is configured; it reads its key and imports openai
    only when it is first asked something (in the worker, never on the API path)."""
    if not s.openai_base_url:
        return None
    return OpenAiPlainLanguageModel(
        base_url=s.openai_base_url,
        model=s.openai_model,
        api_key=secret_from_secrets_manager(s.openai_api_key_secret),
        timeout_seconds=s.openai_timeout_seconds,
    )


@cache
def services() -> Services:
    return Services(aws_adapters(get_settings()))
