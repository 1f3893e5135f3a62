"""The one settings object, read from the environment and validated once per container.

Each field is the environment variable `PORTAL_<NAME>` (the model's two also answer to
the OpenAI SDK's own `OPENAI_BASE_URL` and `OPENAI_MODEL`, which win). A plain pydantic model read
from `os.environ`: pydantic-settings would do the same and cost the cold start a fifth of
`import app` (its sources import asyncio, argparse and dotenv)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, field_validator

PREFIX = "PORTAL_"
# Read without the prefix too, the OpenAI SDK's names, which win when both are set.
UNPREFIXED = ("OPENAI_BASE_URL", "OPENAI_MODEL")


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    stage: str = "local"
    # DynamoDB tables (see docs/DATA_MODEL.md).
    directory_table: str
    security_table: str
    audit_table: str
    idempotency_table: str
    matters_table: str
    updates_table: str
    consultations_table: str
    # SQS queues the workers consume.
    notifications_queue_url: str
    # B3: held notifications are released by one-time EventBridge schedules in this group,
    # which send to the notifications queue (its ARN) as this role.
    notifications_schedule_group: str = "portal-notifications"
    notifications_queue_arn: str = ""
    notifications_scheduler_role_arn: str = ""
    ingestion_queue_url: str
    translations_queue_url: str
    # The firms' documents (S3), and the queue its ObjectCreated events under firms/ arrive on.
    documents_queue_url: str
    documents_bucket: str
    # Where document download links point instead of the bucket: an origin (scheme and host) of
    # the web distribution, whose /firms/* behaviour passes the signed request on to the bucket
    # and adds nosniff (adapters/storage.py). Unset or empty: links go to the bucket itself.
    documents_download_origin: str | None = None
    # F16: the language model for movements the code table and the cache do not answer: any
    # OpenAI-compatible server (docs/TRANSLATIONS.md). No base URL, no model: `make run`'s default.
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    # The Secrets Manager secret holding the model provider's API key.
    openai_api_key_secret: str = "portal/openai-api-key"
    # Below the worker's own timeout (60 s), so a hung server fails the call, not the function.
    openai_timeout_seconds: float = 20.0
    # Secrets Manager secret holding the key that signs session tokens.
    signing_key_secret: str
    # The verified SES identity e-mails are sent from, and the configuration set that tracks them.
    mail_from: str
    ses_configuration_set: str | None = None
    # Where the apps live, for links in e-mails; `{slug}` is the firm's portal slug.
    portal_url_template: str = "http://localhost:8080/p/{slug}"
    admin_url: str = "http://localhost:8081"
    # The API's base URL as mail apps reach it (one-click unsubscribe, RFC 8058): in AWS the web
    # distribution's /api (https://<host>/api), locally `chalice local`.
    api_url: str = "http://localhost:8000"
    # The SMS sender id texts show where the country allows one (SNS's AWS.SNS.SMS.SenderID); empty: none.
    sms_sender_id: str = ""
    # F23: the SNS platform applications push notifications go through, made outside the stack
    # with the app's credentials (Firebase's server key, Apple's key): FCM for Android, APNs for
    # iOS. Empty: phones of that platform cannot register.
    push_fcm_application_arn: str = ""
    push_apns_application_arn: str = ""
    access_token_minutes: int = 15
    access_link_days: int = 7

    @field_validator("documents_download_origin")
    @classmethod
    def _an_origin(cls, value: str | None) -> str | None:
        """`scheme://host[:port]` and nothing else (a trailing slash is dropped); empty is unset."""
        if not value:
            return None
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        if (
            parts.scheme not in ("https", "http")
            or not parts.hostname
            or parts.username is not None
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
        ):
            raise ValueError(f"not an origin (https://host[:port]): {value!r}")
        return f"{parts.scheme}://{parts.netloc}"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Settings:
        values = {name.removeprefix(PREFIX).lower(): v for name, v in environ.items() if name.startswith(PREFIX)}
        values |= {name.lower(): environ[name] for name in UNPREFIXED if name in environ}
        return cls.model_validate(values)


@cache
def get_settings() -> Settings:
    return Settings.from_environment(os.environ)
