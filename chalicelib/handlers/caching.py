"""Entity tags for the apps' caches and edits (RFC 9110, sections 8.8.3 and 13).

A GET answer of one record, or of the first page of a list, carries `ETag: W/"<hash>"`, a
weak validator of the JSON sent (the same body, the same tag). When the record has a version
the tag carries it too, `W/"v<version>-<hash>"`, so that an app may send the tag back in
`If-Match` instead of the body's `version`. Nothing here reads or writes a database: the tag
is computed from the answer the route already built, after the caller was authenticated and
authorized.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

# Signed-in answers may be kept by the app's (or the browser's) own cache and must be
# revalidated before each use; no shared cache (a proxy, CloudFront) may keep them.
CACHE_CONTROL = "private, no-cache"

_TAG = re.compile(r'\s*(W/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)')
_VERSIONED = re.compile(r"^v(\d{1,15})-[0-9a-f]+$")


def entity_tag(sent: str, version: int | None) -> str:
    """The weak tag of a JSON answer; with the record's version when it has one."""
    digest = hashlib.sha256(sent.encode()).hexdigest()[:32]
    return f'W/"v{version}-{digest}"' if version is not None else f'W/"{digest}"'


def version_in(payload: Any, path: str) -> int | None:
    """The record's version at `path` (dotted) in the answer, if it is there and a number."""
    value = payload
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _opaque_tags(header: str) -> list[str] | None:
    """The opaque tags of an entity-tag list (W/ dropped), or None when it is not one."""
    tags: list[str] = []
    position = 0
    text = header.strip()
    while position < len(text):
        match = _TAG.match(text, position)
        if match is None:
            return None
        tags.append(match.group(2))
        position = match.end()
        while position < len(text) and text[position] in " \t,":
            position += 1
    return tags


def none_match(header: str, tag: str) -> bool:
    """Whether If-None-Match names the current answer: `*`, or a tag equal to it under the
    weak comparison (RFC 9110, 8.8.3.2). A header that is not an entity-tag list is ignored."""
    if header.strip() == "*":
        return True
    tags = _opaque_tags(header)
    current = tag.removeprefix("W/").strip('"')
    return bool(tags) and current in (tags or [])


@dataclass(frozen=True)
class IfMatch:
    """What an If-Match header says: any current record (`*`), one version, or nothing usable."""

    any: bool = False
    version: int | None = None
    several: bool = False  # tags of different versions: which one the client read is unclear

    @classmethod
    def parse(cls, header: str) -> IfMatch:
        if header.strip() == "*":
            return cls(any=True)
        tags = _opaque_tags(header) or []
        versions = {int(m.group(1)) for t in tags if (m := _VERSIONED.match(t))}
        if len(versions) > 1:
            return cls(several=True)
        # A tag this API did not make (or of an answer without a version) matches nothing.
        return cls(version=versions.pop() if versions else None)
