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


@pytest.fixture(autouse=True)
def tables_read_afresh() -> None:
    """The data tables (chalicelib/data/) are read once per process and kept; each test reads
    them again, so a test judges the code that reads them as it is now (mutation testing
    changes that code after the first read)."""
    from chalicelib.domain import complement_labels, movement_codes, plain_table, stages

    for cached in (movement_codes._rows, movement_codes._names, movement_codes._parents, plain_table.entries):
        cached.cache_clear()
    complement_labels._labels.cache_clear()
    stages.table.cache_clear()
