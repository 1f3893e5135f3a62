"""Types shared by every area of the domain."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from .errors import InvalidInput

# Schemas are built on first use, not at import: keeps the Lambda cold start short.
MODEL_CONFIG = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)


class DomainModel(BaseModel):
    model_config = MODEL_CONFIG


class Language(StrEnum):
    PT_BR = "pt-BR"
    ES = "es"
    EN = "en"


def _lower(value: str) -> str:
    return value.lower()


# E-mails are compared case-insensitively everywhere (logins, search), so they are stored lower-case.
Email = Annotated[EmailStr, AfterValidator(_lower)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()\-.]{6,32}$")]
Password = Annotated[str, StringConstraints(min_length=10, max_length=256)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]{1,40}$")]
Version = Annotated[int, Field(ge=1, strict=True)]


def new_id() -> str:
    """A random identifier (80 bits), lower-case base32: safe in paths and keys."""
    return base64.b32encode(secrets.token_bytes(10)).decode().lower()


def utcnow() -> datetime:
    return datetime.now(UTC)


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list; `next_cursor` is opaque and absent on the last page."""

    model_config = ConfigDict(defer_build=True)
    items: list[T]
    next_cursor: str | None = None


class ListQuery(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")
    cursor: Annotated[str, StringConstraints(max_length=1024)] | None = None
    limit: int = Field(25, ge=1, le=100)


# Cursors: only the sort key travels, encoded; the partition always comes from the caller's
# firm. The DynamoDB adapters and the in-memory fakes both page with these two.


def encode_cursor(sort_key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"k": sort_key}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, prefix: str) -> str:
    """Only the sort key travels in a cursor; the partition always comes from the caller's firm."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        sort_key = raw["k"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidInput.field("cursor", "The cursor is not valid; start from the first page.") from None
    # DynamoDB refuses an empty key value (a 500 if it got there); no page ever ends on one.
    if not isinstance(sort_key, str) or not sort_key or not sort_key.startswith(prefix):
        raise InvalidInput.field("cursor", "The cursor is not valid; start from the first page.")
    return sort_key
