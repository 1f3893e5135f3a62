"""Tenant isolation (B5): every route has exactly one entry, in the area module named like
its handler module, and every entry is for a route the app still serves."""

from __future__ import annotations

import importlib
from collections import Counter

from tests.integration.isolation.matrix import HERE, PACKAGE, Route, app_routes, areas


def entries_by_area() -> dict[str, list[Route]]:
    """The ROUTES of every area module of the package (test_<area>.py), whatever its area."""
    found: dict[str, list[Route]] = {}
    for module_path in sorted(PACKAGE.glob("test_*.py")):
        if module_path.stem == "test_completeness":
            continue
        module = importlib.import_module(f"tests.integration.isolation.{module_path.stem}")
        found[module_path.stem.removeprefix("test_")] = list(getattr(module, "ROUTES", []))
    return found


def test_every_route_has_an_entry() -> None:
    served, area_of = app_routes(), areas()
    entries = entries_by_area()
    where = {route.key: area for area, routes in entries.items() for route in routes}

    def named(keys: set[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted(keys, key=lambda r: (r[1], r[0]))

    missing = named(served - set(where))
    assert not missing, "routes with no entry in the tenant-isolation matrix: " + ", ".join(
        f"{m} {p} (add it to ROUTES in {HERE}/test_{area_of.get((m, p), '<its handler module>')}.py)"
        for m, p in missing
    )
    stale = named(set(where) - served)
    assert not stale, "entries for routes that no longer exist: " + ", ".join(
        f"{m} {p} (in {HERE}/test_{where[(m, p)]}.py)" for m, p in stale
    )
    counts = Counter(route.key for routes in entries.values() for route in routes)
    duplicated = named({key for key, count in counts.items() if count > 1})
    assert not duplicated, f"routes with more than one entry: {duplicated}"
    misplaced = [
        f"{route.method} {route.path} is in test_{area}.py, its handler is chalicelib/handlers/{area_of[route.key]}.py"
        for area, routes in entries.items()
        for route in routes
        if route.key in area_of and area_of[route.key] != area
    ]
    assert not misplaced, "entries outside the area module of their route's handler: " + "; ".join(misplaced)
