"""Print or write (--write) the OpenAPI document to docs/openapi.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"


def render() -> str:
    import app  # noqa: F401  (registers every route)
    from chalicelib.handlers.openapi import document

    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    text = render()
    if "--write" in sys.argv:
        DOCUMENT.parent.mkdir(exist_ok=True)
        DOCUMENT.write_text(text)
        print(f"wrote {DOCUMENT}")
    else:
        sys.stdout.write(text)
