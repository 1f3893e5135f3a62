"""What a browser or the app does with an upload form: a multipart POST straight to S3
(moto in server mode here), which then notifies the documents queue."""

from __future__ import annotations

from typing import Any

import requests


def post_form(form: dict[str, Any], content: bytes, content_type: str, file_name: str = "file") -> requests.Response:
    """POST the file with every field of the form, as the portal does; raise if S3 refuses."""
    response = requests.post(
        form["url"], data=form["fields"], files={"file": (file_name, content, content_type)}, timeout=10
    )
    response.raise_for_status()
    return response
