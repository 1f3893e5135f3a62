"""Fixtures every suite may share. Nothing here imports boto3 or moto at import time: the
unit tests also run with them impossible to import (tests/unit/test_no_aws.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.support.chat_server import ChatServer
    from tests.support.stack import MotoStack


@pytest.fixture(scope="session")
def stack() -> Iterator[MotoStack]:
    """One moto server per session, shared by the integration and contract suites: the
    adapters' boto3 clients and settings are cached per process, so a second server would
    leave half of them talking to the first."""
    from tests.support import stack as stack_support

    moto = stack_support.start()
    yield moto
    moto.stop()


@pytest.fixture
def chat_server() -> Iterator[ChatServer]:
    """A scripted chat-completions server on a free local port (tests/support/chat_server.py)."""
    from tests.support.chat_server import ChatServer

    server = ChatServer().start()
    yield server
    server.stop()
