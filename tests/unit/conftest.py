"""Unit tests run the domain services on in-memory fakes (tests/support/fakes.py): no AWS."""

from __future__ import annotations

import pytest

from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, open_firm


@pytest.fixture
def system() -> FakeSystem:
    return FakeSystem()


@pytest.fixture
def firm(system: FakeSystem) -> OpenFirm:
    return open_firm(system)
