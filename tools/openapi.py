"""The OpenAPI document: print it, write it to docs/openapi.json (--write), say what in it
breaks a client of the last released version (--breaking), or release it (--release).

A release is a frozen copy, docs/api-releases/<info.version>.json; the newest one is what
tests/integration/test_openapi_compatibility.py holds the current document to. A change that
breaks its clients needs a new major info.version (VERSION in chalicelib/handlers/openapi.py)
and a section for it in docs/API_CHANGELOG.md; docs/API_CHANGELOG.md says how to release."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from tools.openapi_compatibility import breaking_changes

DOCS = Path(__file__).resolve().parents[1] / "docs"
DOCUMENT = DOCS / "openapi.json"
RELEASES = DOCS / "api-releases"
CHANGELOG = DOCS / "API_CHANGELOG.md"


def render() -> str:
    import app  # noqa: F401  (registers every route)
    from chalicelib.handlers.openapi import document

    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


def semver(version: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if not match:
        raise ValueError(f"not a version (major.minor.patch): {version!r}")
    return int(match[1]), int(match[2]), int(match[3])


def releases() -> dict[str, Path]:
    """Every released version's document, oldest first."""
    files = {path.stem: path for path in RELEASES.glob("*.json")}
    return {version: files[version] for version in sorted(files, key=semver)}


def latest_release() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(list(releases().values())[-1].read_text())
    return document


def changelog_versions(text: str | None = None) -> set[str]:
    """The versions with a section (`## 2.0.0 ...`) in the changelog."""
    text = CHANGELOG.read_text() if text is None else text
    return set(re.findall(r"^## (\d+\.\d+\.\d+)\b", text, flags=re.MULTILINE))


def release_problems(current: dict[str, Any], released: dict[str, Any], recorded: set[str]) -> list[str]:
    """Why `current` may not stand against the last release `released` ([] when it may):
    a breaking change without a new major version, or a new version the changelog does not record."""
    version, last = current["info"]["version"], released["info"]["version"]
    problems: list[str] = []
    if semver(version) < semver(last):
        problems.append(f"info.version {version} is older than the released {last}")
    breaks = breaking_changes(released, current)
    if breaks and semver(version)[0] <= semver(last)[0]:
        problems.append(
            f"{len(breaks)} change(s) break clients of {last}: keep the old behaviour, or bump info.version to "
            f"{semver(last)[0] + 1}.0.0 and record them under it in docs/API_CHANGELOG.md:\n"
            + "\n".join(f"  - {line}" for line in breaks)
        )
    if version != last and version not in recorded:
        problems.append(f"info.version {version} has no section (## {version}) in docs/API_CHANGELOG.md")
    return problems


def release(text: str) -> str:
    """Freeze the document as docs/api-releases/<info.version>.json; refuses what would lie."""
    current = json.loads(text)
    version = current["info"]["version"]
    target = RELEASES / f"{version}.json"
    if target.exists():
        if json.loads(target.read_text()) == current:
            return f"{version} is released already, unchanged"
        raise SystemExit(
            f"{version} is released already and the document changed since: bump info.version (VERSION in "
            "chalicelib/handlers/openapi.py: the minor for additions, the major for breaking changes) and record it "
            "in docs/API_CHANGELOG.md"
        )
    problems = release_problems(current, latest_release(), changelog_versions()) if releases() else []
    if version not in changelog_versions():
        problems.append(f"docs/API_CHANGELOG.md has no section ## {version}")
    if problems:
        raise SystemExit("\n".join(problems))
    RELEASES.mkdir(exist_ok=True)
    target.write_text(text)
    return f"released {version}: {target}"


if __name__ == "__main__":
    text = render()
    if "--write" in sys.argv:
        DOCUMENT.parent.mkdir(exist_ok=True)
        DOCUMENT.write_text(text)
        print(f"wrote {DOCUMENT}")
    elif "--breaking" in sys.argv:
        print("\n".join(breaking_changes(latest_release(), json.loads(text))) or "nothing breaks")
    elif "--release" in sys.argv:
        print(release(text))
    else:
        sys.stdout.write(text)
