from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support import stack as stack_support
from tests.support.portal import PortalDriver, source_address


@pytest.fixture(scope="session")
def chalice_app(stack: stack_support.MotoStack) -> Any:
    import app
    from devstack import gateway

    gateway.apply()  # unmatched paths answered as API Gateway does, as `make run` does

    return app.app


@pytest.fixture(scope="session")
def pump(chalice_app: Any, stack: stack_support.MotoStack) -> Any:
    from devstack.pump import EventPump

    return EventPump(chalice_app, stack.environment, wait_seconds=0)


@pytest.fixture
def http(chalice_app: Any) -> Iterator[Any]:
    from chalice.test import Client

    with Client(chalice_app) as client:
        yield client


@pytest.fixture
def portal(http: Any, pump: Any, stack: stack_support.MotoStack) -> PortalDriver:
    return PortalDriver(http, pump, stack.url)


@pytest.fixture(autouse=True)
def own_source_address() -> Iterator[str]:
    """Each test calls from an address of its own, so per-address rate limits are not
    shared across the suite (chalice's test client says 127.0.0.1 for every request)."""
    with source_address() as address:
        yield address
