from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support import stack as stack_support
from tests.support.portal import PortalDriver


@pytest.fixture(scope="session")
def stack() -> Iterator[stack_support.MotoStack]:
    moto = stack_support.start()
    yield moto
    moto.stop()


@pytest.fixture(scope="session")
def chalice_app(stack: stack_support.MotoStack) -> Any:
    import app

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
