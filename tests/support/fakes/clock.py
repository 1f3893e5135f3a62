"""A clock the tests move by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TypeVar

from pydantic import BaseModel

from chalicelib.domain.ports import Clock

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        # Whole seconds: JWT times are whole seconds, so claims compare equal to the clock.
        self.current = (start or datetime.now(UTC)).replace(microsecond=0)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self.current += delta or timedelta(**kwargs)
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment


# Each fake keeps its port's signatures: mypy fails here when the two drift apart.
_: type[Clock] = FakeClock
