"""Errors the domain raises; the HTTP layer maps each kind to one status code."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "error"

    def __init__(self, message: str, details: list[dict[str, Any]] | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
        if code:
            # A more precise code a client can act on, e.g. "access_blocked".
            self.code = code


class InvalidInput(DomainError):
    """The request is well formed but breaks a rule (a field, a state)."""

    code = "invalid_input"

    @classmethod
    def field(cls, path: str, message: str) -> InvalidInput:
        return cls(message, [{"path": path, "message": message}])


class Unauthenticated(DomainError):
    """No valid credentials: a wrong password, a bad or expired token."""

    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    """A duplicate, or an edit made against a stale version."""

    code = "conflict"


class Expired(DomainError):
    """A link that was valid once and is not any more (invitation, reset, access link)."""

    code = "expired"


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
