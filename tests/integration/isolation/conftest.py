"""The tenant-isolation matrix's fixtures: one World (firms A and B) for the whole package,
and a source address of its own for each case."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.isolation.matrix import World
from tests.support.portal import PortalDriver

_addresses = itertools.count(1)


@pytest.fixture(autouse=True)
def own_source_address() -> Iterator[None]:
    """Each case's requests come from an address of its own (the documentation prefix), so
    the per-address rate limits (sign-ins, e-mails) are not shared across the session."""
    from chalice.local import LambdaEventConverter

    previous = LambdaEventConverter.LOCAL_SOURCE_IP
    LambdaEventConverter.LOCAL_SOURCE_IP = f"2001:db8:b5::{next(_addresses):x}"
    try:
        yield
    finally:
        LambdaEventConverter.LOCAL_SOURCE_IP = previous


@pytest.fixture(scope="package")
def world(chalice_app: Any, pump: Any, stack: Any) -> Iterator[World]:
    """Built once for every area module of the package (as it was for the single module)."""
    from chalice.local import LambdaEventConverter
    from chalice.test import Client

    previous = LambdaEventConverter.LOCAL_SOURCE_IP
    LambdaEventConverter.LOCAL_SOURCE_IP = "2001:db8:b5::"
    try:
        with Client(chalice_app) as http:
            yield World(PortalDriver(http, pump, stack.url)).build()
    finally:
        LambdaEventConverter.LOCAL_SOURCE_IP = previous
