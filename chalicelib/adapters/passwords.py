"""argon2id password hashes with the OWASP/ASVS parameters (19 MiB, 2 passes, 1 lane)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from ..domain.ports import PasswordHasher


class Argon2Hasher:
    def __init__(self, memory_cost_kib: int = 19 * 1024, time_cost: int = 2, parallelism: int = 1) -> None:
        self.params = {"memory_cost": memory_cost_kib, "time_cost": time_cost, "parallelism": parallelism}

    @cached_property
    def _hasher(self) -> Any:
        from argon2 import PasswordHasher, Type

        return PasswordHasher(type=Type.ID, **self.params)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_password_hasher: type[PasswordHasher] = Argon2Hasher
