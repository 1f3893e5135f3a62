"""F02 through the API against moto: each open portal serves its own web app manifest, so the
portal a client adds to her home screen carries the firm's name and colour."""

from __future__ import annotations

import json

from tests.support.portal import PortalDriver


def test_an_open_portal_serves_its_manifest_with_the_firms_name_colour_and_paths(portal: PortalDriver) -> None:
    firm = portal.open_firm("Souza & Lima Advocacia")
    settings = portal.ok("GET", "/firm", firm.admin_token)
    portal.ok(
        "PUT",
        "/firm/portal-settings",
        firm.admin_token,
        {**settings["portal"], "primary_color": "#8a1c2b", "default_language": "es", "version": settings["version"]},
    )

    response = portal.call("GET", f"/portals/{firm.slug.upper()}/manifest.webmanifest")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/manifest+json"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    manifest = json.loads(response.body)
    base = f"/p/{firm.slug}/"
    assert manifest == {
        "name": "Souza & Lima Advocacia",
        "short_name": "Souza & Lima Advocacia",
        "description": "Siga sus expedientes",
        "lang": "es",
        "start_url": base,
        "scope": base,
        "display": "standalone",
        "background_color": "#f4f5f7",
        "theme_color": "#8a1c2b",
        "icons": [
            {"src": f"{base}icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": f"{base}icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": f"{base}icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }
    # Only the manifest is public to keep: the branding stays the caller's own cache's (its ETag).
    assert portal.call("GET", f"/portals/{firm.slug}").headers["Cache-Control"] == "private, no-cache"


def test_an_unknown_or_closed_portal_has_no_manifest(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    settings = portal.ok("GET", "/firm", firm.admin_token)
    portal.ok(
        "PUT",
        "/firm/portal-settings",
        firm.admin_token,
        {**settings["portal"], "enabled": False, "version": settings["version"]},
    )

    for slug in (firm.slug, "nobody-here"):
        response = portal.call("GET", f"/portals/{slug}/manifest.webmanifest")
        assert response.status_code == 404
        assert response.json_body["error"]["code"] == "portal_not_found"
        assert response.headers["Cache-Control"] == "no-store"
