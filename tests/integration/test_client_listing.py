"""The client directory over HTTP with thirty clients: pages by name with cursors, and
searches by name-word and e-mail prefixes where every client shows up exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from chalicelib.domain.clients import normalize
from tests.support.portal import Firm, PortalDriver, source_address

FIRST = ["Ana", "Álvaro", "Bruno", "Beatriz", "Carla", "César", "Daniel", "Débora", "Eduardo", "Érica"]
LAST = ["Souza", "Silva", "Santos"]


@pytest.fixture(scope="module")
def directory(chalice_app: Any, pump: Any, stack: Any) -> Iterator[tuple[PortalDriver, Firm, list[dict[str, Any]]]]:
    """One firm with 30 clients, shared by the module: only reads follow."""
    from chalice.test import Client

    with Client(chalice_app) as http, source_address():
        portal = PortalDriver(http, pump, stack.url)
        firm = portal.open_firm()
        clients = []
        for i, (first, last) in enumerate((f, l) for l in LAST for f in FIRST):
            # Each has an e-mail starting with its first name and a second one with "s" for Souza/Silva/Santos.
            emails = [f"{first.lower()}.{i}@client.example.com", f"{last.lower()}.{i}@family.example.com"]
            clients.append(
                portal.ok("POST", "/clients", firm.admin_token, {"name": f"{first} {last} {last}", "emails": emails})
            )
        yield portal, firm, clients


def every_page(portal: PortalDriver, firm: Firm, query: str, limit: int) -> tuple[list[dict[str, Any]], int]:
    found: list[dict[str, Any]] = []
    cursor = None
    pages = 0
    while True:
        params = f"limit={limit}" + (f"&q={quote(query)}" if query else "") + (f"&cursor={cursor}" if cursor else "")
        page = portal.ok("GET", f"/clients?{params}", firm.admin_token)
        assert len(page["items"]) <= limit
        found += page["items"]
        pages += 1
        cursor = page.get("next_cursor")
        if not cursor:
            return found, pages
        assert pages < 100, "the cursor does not move"


def ids(clients: list[dict[str, Any]]) -> list[str]:
    return [c["id"] for c in clients]


@pytest.mark.parametrize("limit", [7, 30, 100])
def test_the_list_pages_through_everyone_by_name(directory: Any, limit: int) -> None:
    portal, firm, clients = directory
    found, pages = every_page(portal, firm, "", limit)
    assert sorted(ids(found)) == sorted(ids(clients))
    assert len(found) == len(set(ids(found))) == 30
    # A full last page may be followed by an empty one (DynamoDB's Limit), never more.
    assert -(-30 // limit) <= pages <= -(-30 // limit) + 1
    # By name, accents ignored: "Álvaro" sorts as "alvaro", before "Ana".
    names = [c["name"] for c in found]
    assert names[:4] == ["Álvaro Santos Santos", "Álvaro Silva Silva", "Álvaro Souza Souza", "Ana Santos Santos"]
    assert [normalize(n) for n in names] == sorted(normalize(n) for n in names)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("souza", lambda c: "Souza" in c["name"]),  # a later name word, twice in each name
        ("s", lambda c: True),  # every client: surname words and a family e-mail match
        ("alvaro", lambda c: c["name"].startswith("Álvaro")),  # accents ignored
        ("ÉRICA", lambda c: c["name"].startswith("Érica")),
        ("ana souza", lambda c: c["name"] == "Ana Souza Souza"),
        ("santos.", lambda c: "Santos" in c["name"]),  # e-mail prefix
        ("bruno.1", lambda c: c["emails"][0].startswith("bruno.1")),  # bruno.12 only
        ("zzz", lambda c: False),
        ("ouza", lambda c: False),
    ],
)
@pytest.mark.parametrize("limit", [4, 100])
def test_search_lists_each_match_once_on_every_page_size(directory: Any, query: str, expected: Any, limit: int) -> None:
    portal, firm, clients = directory
    found, _ = every_page(portal, firm, query, limit)
    assert len(ids(found)) == len(set(ids(found))), "a client was listed twice"
    assert sorted(ids(found)) == sorted(c["id"] for c in clients if expected(c))


def test_a_search_cursor_belongs_to_its_search(directory: Any) -> None:
    portal, firm, _ = directory
    page = portal.ok("GET", "/clients?q=s&limit=3", firm.admin_token)
    assert page["next_cursor"]
    other = portal.call("GET", f"/clients?q=b&limit=3&cursor={page['next_cursor']}", firm.admin_token)
    assert other.status_code == 422 and other.json_body["error"]["details"][0]["path"] == "cursor"


def test_another_firm_sees_none_of_them(directory: Any) -> None:
    portal, _, _ = directory
    with source_address():
        other = portal.open_firm("Outra")
    assert portal.ok("GET", "/clients", other.admin_token)["items"] == []
    assert portal.ok("GET", "/clients?q=s", other.admin_token)["items"] == []
