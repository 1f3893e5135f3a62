"""A client generated from docs/openapi.json, as the mobile app's is: openapi-python-client
writes a Python package from the committed document (any generator warning fails the test),
and the package drives the API served for real (tests/support/live_api.py, the demo firm
seeded): a client signs in, lists their matters, opens one, reads its timeline and her home
feed, all with typed models whose fields are plain values, never `Unset` (the responses'
fields are required)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from devstack import seed
from tests.support.live_api import LiveApi, serve
from tools.openapi import DOCUMENT

PACKAGE = "portal_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("generated-client")
    config = folder / "config.yaml"
    # No post hooks: the generator would run ruff from PATH over the package, which is not ours to lint.
    config.write_text(f"post_hooks: []\nproject_name_override: {PACKAGE}\npackage_name_override: {PACKAGE}\n")
    run = subprocess.run(
        [
            *(sys.executable, "-m", "openapi_python_client", "generate"),
            *("--path", str(DOCUMENT), "--meta", "none", "--config", str(config)),
            *("--output-path", str(folder / PACKAGE)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    said = run.stdout + run.stderr
    assert run.returncode == 0, said
    # The generator skips what it cannot type and says so as a warning: the document must not need that.
    assert "warning" not in said.lower(), said
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def live() -> Iterator[LiveApi]:
    with serve() as api:
        yield api


def _module(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


def _unset_anywhere(value: Any, where: str = "") -> list[str]:
    """Where a value (or one inside it) is `Unset`: a field the document left optional."""
    unset = _module("types").Unset
    if isinstance(value, unset):
        return [where]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _unset_anywhere(item, f"{where}[{index}]")]
    if attrs.has(type(value)):
        return [
            found
            for field in attrs.fields(type(value))
            for found in _unset_anywhere(getattr(value, field.name), f"{where}.{field.name}")
        ]
    return []


def _optional_fields(model: type) -> list[str]:
    """The attributes a generated model types as possibly `Unset`."""
    return [name for name, hint in model.__annotations__.items() if "Unset" in str(hint)]


def test_a_generated_client_signs_in_and_reads_a_matter_and_its_timeline(generated: ModuleType, live: LiveApi) -> None:
    models = _module("models")
    auth = _module("api.auth.sign_in")
    my_matters, my_matter, my_timeline = (
        _module(f"api.portal.{name}") for name in ("list_my_matters", "get_my_matter", "list_my_timeline")
    )

    tokens = auth.sync(
        kind=models.PrincipalKind.CLIENT,
        client=generated.Client(base_url=live.url, raise_on_unexpected_status=True),
        body=models.SignIn(portal=seed.DEMO_SLUG, email=seed.CLIENT_EMAIL, password=seed.CLIENT_PASSWORD),
    )
    assert isinstance(tokens, models.TokenPair), tokens
    client = generated.AuthenticatedClient(
        base_url=live.url, token=tokens.access_token, raise_on_unexpected_status=True
    )

    page = my_matters.sync(client=client)
    assert isinstance(page, models.ClientMatterViewPage), page
    assert page.items and all(isinstance(item, models.ClientMatterView) for item in page.items)
    case = next(item for item in page.items if item.title)

    matter = my_matter.sync(matter_id=case.id, client=client)
    assert isinstance(matter, models.ClientMatterView), matter
    assert (matter.id, matter.title, matter.status) == (case.id, case.title, case.status)
    assert isinstance(matter.status, models.MatterStatus)

    timeline = my_timeline.sync(matter_id=case.id, client=client)
    assert isinstance(timeline, models.ClientTimelineItemPage), timeline
    assert timeline.items and all(isinstance(item, models.ClientTimelineItem) for item in timeline.items)
    assert all(item.occurred_at and item.kind for item in timeline.items)

    feed = _module("api.portal.list_my_feed").sync(client=client)
    assert isinstance(feed, models.FeedPage), feed
    assert feed.items and all(isinstance(item, models.FeedItem) for item in feed.items)
    assert all(isinstance(item.update, models.ClientTimelineItem) for item in feed.items)
    assert isinstance(feed.unread, models.UnreadCounts) and feed.unread.total == sum(
        m.unread for m in feed.unread.matters
    )
    assert [item.occurred_at for item in feed.items] == sorted((item.occurred_at for item in feed.items), reverse=True)

    for answer in (tokens, page, matter, timeline, feed):
        assert _unset_anywhere(answer) == []
    for model in (
        models.ClientMatterView,
        models.ClientTimelineItem,
        models.ClientMatterViewPage,
        models.TokenPair,
        models.FeedPage,
        models.UnreadCounts,
    ):
        assert _optional_fields(model) == [], model


def test_a_generated_client_reads_errors_in_the_one_shape(generated: ModuleType, live: LiveApi) -> None:
    models = _module("models")
    auth = _module("api.auth.sign_in")
    answer = auth.sync_detailed(
        kind=models.PrincipalKind.CLIENT,
        client=generated.Client(base_url=live.url),
        body=models.SignIn(portal=seed.DEMO_SLUG, email=seed.CLIENT_EMAIL, password="not the password"),
    )
    assert answer.status_code == 401
    assert isinstance(answer.parsed, models.Error)
    assert answer.parsed.error.code and answer.parsed.error.message


def test_the_generated_package_is_under_the_test_folder_only(generated: ModuleType) -> None:
    """Nothing is written into the repository: the package lives in pytest's temporary folder."""
    assert not (Path(__file__).resolve().parents[2] / PACKAGE).exists()
    assert Path(generated.__file__ or "").parent.name == PACKAGE
