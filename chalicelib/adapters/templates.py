"""E-mail templates (email_templates/<name>/<language>.html) rendered with Jinja2 in a
sandbox with autoescaping: text that firms or clients typed can never inject markup or
run template code. The plain-text part is derived from the HTML."""

from __future__ import annotations

import html
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..domain.common import Language
from ..domain.ports import EmailRenderer, RenderedEmail

# Next to app.py locally, and at the root of the Lambda package (copied there through vendor/).
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "email_templates"


class JinjaEmailRenderer:
    def __init__(self, directory: Path = TEMPLATES_DIR) -> None:
        self.directory = directory

    @cached_property
    def _environment(self) -> Any:
        from jinja2 import FileSystemLoader, StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        return SandboxedEnvironment(loader=FileSystemLoader(self.directory), autoescape=True, undefined=StrictUndefined)

    def render(self, template: str, language: Language, context: dict[str, Any]) -> RenderedEmail:
        page = self._environment.get_template(f"{template}/{language.value}.html")
        variables = {**context, "language": language.value}
        body = page.render(variables)
        # The subject is a header, not HTML: undo the escaping autoescape applied to it.
        subject = html.unescape("".join(page.blocks["subject"](page.new_context(variables))).strip())
        return RenderedEmail(subject=subject, html=body, text=html_to_text(body))


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "li", "tr", "table"}
    SKIP = {"style", "script", "title", "head"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping -= 1
        if tag == "a" and self.href:
            self.parts.append(f" ({self.href})")
            self.href = None
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(" ".join(data.split()) if data.strip() else "")


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_email_renderer: type[EmailRenderer] = JinjaEmailRenderer
