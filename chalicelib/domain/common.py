"""Types shared by every area of the domain."""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Generic, Protocol, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

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


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list; `next_cursor` is opaque and absent on the last page."""

    model_config = ConfigDict(defer_build=True)
    items: list[T]
    next_cursor: str | None = None
