"""argon2id password hashes with the OWASP/ASVS parameters (19 MiB, 2 passes, 1 lane)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..domain.ports import PasswordHasher

if TYPE_CHECKING:
    import argon2


class Argon2Hasher:
    def __init__(self, memory_cost_kib: int = 19 * 1024, time_cost: int = 2, parallelism: int = 1) -> None:
        self.memory_cost_kib = memory_cost_kib
        self.time_cost = time_cost
        self.parallelism = parallelism

    @cached_property
    def _hasher(self) -> argon2.PasswordHasher:
        import argon2  # on first use: keeps it out of the cold start

        return argon2.PasswordHasher(
            time_cost=self.time_cost,
            memory_cost=self.memory_cost_kib,
            parallelism=self.parallelism,
            type=argon2.Type.ID,
        )

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
