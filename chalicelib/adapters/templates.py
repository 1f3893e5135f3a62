"""The e-mails' template language (F03), on Jinja2.

Every e-mail, a default or a firm's own, is written in the same small language (subject,
body, button, footer, text message: `{{ placeholder }}` and `{% if %}` on placeholders) and
goes through one path: checked, rendered to plain text, and poured into the shared layout
(email_templates/_layout.html and _layout.txt), which adds the firm's name, logo and colour,
the button to `link` and the footer.

What a firm writes never reaches a Python object: the parsed template must be text, known
placeholders and `if`/`elif`/`else` on them (an allow-list of Jinja2's syntax tree: no
attribute or item access, calls, filters, tests, expressions, `for`, `set`, macros,
includes, imports, extends or raw blocks), the values are all strings, and it runs in
Jinja2's sandbox with no globals. Without loops the output is bounded by the source; it is
cut off past MAX_OUTPUT anyway. The firm's text, its literal words as much as the values,
is escaped into the HTML; the subject is a header, one line, never HTML.

The defaults are email_templates/<name>/<language>.txt: header lines (`subject:`,
`button:`, `footer:`, `unsubscribe:`, `sms:`), a blank line, then the body. Next to app.py
locally, and at the root of the Lambda package (copied there through vendor/)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from ..domain.common import Language
from ..domain.ports import RenderedEmail, TemplateEngine
from ..domain.templates import (
    MAX_OUTPUT,
    MAX_SUBJECT_OUTPUT,
    DigestItem,
    EmailSource,
    InvalidTemplate,
)

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "email_templates"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_DEFAULT_COLOUR = "#1f4e79"
_RAW = re.compile(r"\{%-?\s*(end)?raw\b")
_HEADERS = ("subject", "button", "footer", "unsubscribe", "sms", "push")
# What the parts of an EmailSource are called in errors (the editor's fields).
_FIELDS = {"subject": "subject", "body": "body", "button": "button", "footer": "footer", "unsubscribe": "footer"}

# The keys the notifications worker passed before the template catalogue (domain/templates.py).


class JinjaEmailRenderer:
    def __init__(self, directory: Path = TEMPLATES_DIR) -> None:
        self.directory = directory
        self._defaults: dict[tuple[str, Language], EmailSource] = {}

    @cached_property
    def _environment(self) -> Any:
        """The layouts' environment: our own files, autoescaped."""
        from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
        from jinja2.sandbox import SandboxedEnvironment

        return SandboxedEnvironment(
            loader=FileSystemLoader(self.directory),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
            undefined=StrictUndefined,
        )

    # --- TemplateEngine ---------------------------------------------------------------------

    def default(self, name: str, language: Language) -> EmailSource:
        key = (name, language)
        if key not in self._defaults:
            path = self.directory / name / f"{language.value}.txt"
            self._defaults[key] = parse_default(path.read_text(encoding="utf-8"))
        return self._defaults[key]

    def check(self, subject: str, body: str, placeholders: Collection[str]) -> None:
        allowed = frozenset(placeholders)
        problems = [*_problems(subject, "subject", allowed), *_problems(body, "body", allowed)]
        if problems:
            raise InvalidTemplate(problems)

    def render_source(
        self,
        source: EmailSource,
        values: Mapping[str, str],
        placeholders: Collection[str],
        items: Sequence[DigestItem] = (),
    ) -> RenderedEmail:
        allowed = frozenset(placeholders)
        self.check(source.subject, source.body, allowed)
        subject = _one_line(_render(source.subject, "subject", values, allowed, MAX_SUBJECT_OUTPUT))
        if not subject:
            raise InvalidTemplate([InvalidTemplate.problem("subject", 1, "empty", "The subject comes out empty.")])
        body = _render(source.body, "body", values, allowed, MAX_OUTPUT)
        page = {
            "language": values.get("language", "en"),
            "subject": subject,
            "firm_name": values.get("firm_name", ""),
            "brand_color": _colour(values.get("brand_color", "")),
            "logo_url": _http_url(values.get("logo_url", "")),
            "portal_link": values.get("portal_link", ""),
            "link": values.get("link", ""),
            "unsubscribe_link": values.get("unsubscribe_link", ""),
            "paragraphs": paragraphs(body),
            "items": list(items),
            "button": _one_line(_render(source.button, "button", values, allowed, 200)),
            "footer": _one_line(_render(source.footer, "footer", values, allowed, 2000)),
            "unsubscribe": _one_line(_render(source.unsubscribe, "unsubscribe", values, allowed, 200)),
        }
        html = self._environment.get_template("_layout.html").render(page)
        text = self._environment.get_template("_layout.txt").render(page)
        return RenderedEmail(subject=subject, html=html, text=text)

    def render_text(self, source: str, values: Mapping[str, str], placeholders: Collection[str]) -> str:
        allowed = frozenset(placeholders)
        problems = _problems(source, "sms", allowed)
        if problems:
            raise InvalidTemplate(problems)
        return _one_line(_render(source, "sms", values, allowed, 1000))


def parse_default(text: str) -> EmailSource:
    """A default's file: `name: value` header lines, a blank line, the body."""
    head, _, body = text.partition("\n\n")
    fields: dict[str, str] = {"body": body.strip("\n")}
    for line in head.splitlines():
        name, _, value = line.partition(":")
        if name.strip() not in _HEADERS:
            raise ValueError(f"unknown header {name!r} in a default e-mail template")
        fields[name.strip()] = value.strip()
    return EmailSource.model_validate(fields)


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs split by blank lines, each as its lines; empty ones (an `if` that was
    false) are left out."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    kept = [[line.strip() for line in block.strip().split("\n")] for block in blocks if block.strip()]
    return [[line for line in block if line] for block in kept]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _colour(value: str) -> str:
    return value if _COLOUR.fullmatch(value) else _DEFAULT_COLOUR


def _http_url(value: str) -> str:
    return value if value.startswith(("https://", "http://")) else ""


# --- the firm's template language: checked, then rendered ------------------------------------


@lru_cache(maxsize=1)
def _firm_environment() -> Any:
    """Where firm text is parsed and rendered: the sandbox, no autoescape (the output is plain
    text, escaped by the layout), no globals, no filters or tests to reach."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)
    environment.globals.clear()
    environment.filters.clear()
    environment.tests.clear()
    return environment


_DESCRIBED = {
    "For": "loops ({% for %})",
    "Assign": "{% set %}",
    "AssignBlock": "{% set %}",
    "Macro": "macros",
    "CallBlock": "{% call %}",
    "Include": "{% include %}",
    "Import": "{% import %}",
    "FromImport": "{% import %}",
    "Extends": "{% extends %}",
    "Block": "{% block %}",
    "FilterBlock": "{% filter %}",
    "With": "{% with %}",
    "Scope": "{% with %}",
    "ScopedEvalContextModifier": "{% autoescape %}",
    "EvalContextModifier": "{% autoescape %}",
    "Getattr": "attribute access (a dot after a placeholder)",
    "Getitem": "item access ([...] after a placeholder)",
    "Call": "calls",
    "Filter": "filters (|)",
    "Test": "tests (is ...)",
    "Const": "literal values",
}


def _problems(source: str, field: str, allowed: frozenset[str]) -> list[dict[str, Any]]:
    return list(_cached_problems(source, _FIELDS.get(field, field), allowed))


@lru_cache(maxsize=1024)
def _cached_problems(source: str, field: str, allowed: frozenset[str]) -> tuple[dict[str, Any], ...]:
    from jinja2 import TemplateSyntaxError

    raw = _RAW.search(source)
    if raw:
        line = source.count("\n", 0, raw.start()) + 1
        return (InvalidTemplate.problem(field, line, "not_allowed", f"Line {line}: raw blocks cannot be used."),)
    try:
        tree = _firm_environment().parse(source)
    except TemplateSyntaxError as exc:
        line = exc.lineno or 1
        return (
            InvalidTemplate.problem(
                field,
                line,
                "syntax",
                f"Line {line}: this is not valid template text ({exc.message}). Use {{{{ placeholder }}}} "
                "and {% if placeholder %}…{% endif %} only.",
            ),
        )
    return tuple(_check_nodes(tree.body, field, allowed))


def _check_nodes(body: list[Any], field: str, allowed: frozenset[str]) -> Iterator[dict[str, Any]]:
    from jinja2 import nodes

    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                yield from _check_expression(child, field, allowed)
        elif isinstance(node, nodes.If):
            yield from _check_condition(node.test, field, allowed)
            yield from _check_nodes(node.body, field, allowed)
            for branch in node.elif_:
                yield from _check_nodes([branch], field, allowed)
            yield from _check_nodes(node.else_, field, allowed)
        else:
            yield _not_allowed(node, field)


def _check_expression(node: Any, field: str, allowed: frozenset[str]) -> Iterator[dict[str, Any]]:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        if node.name not in allowed:
            yield InvalidTemplate.problem(
                field,
                node.lineno,
                "unknown_placeholder",
                f"Line {node.lineno}: {{{{ {node.name} }}}} is not a placeholder of this e-mail.",
                placeholder=node.name,
            )
        return
    yield _not_allowed(node, field)


def _check_condition(node: Any, field: str, allowed: frozenset[str]) -> Iterator[dict[str, Any]]:
    from jinja2 import nodes

    if isinstance(node, nodes.Not):
        yield from _check_condition(node.node, field, allowed)
    elif isinstance(node, nodes.And | nodes.Or):
        yield from _check_condition(node.left, field, allowed)
        yield from _check_condition(node.right, field, allowed)
    else:
        yield from _check_expression(node, field, allowed)


def _not_allowed(node: Any, field: str) -> dict[str, Any]:
    from jinja2 import nodes

    kind = type(node).__name__
    what = _DESCRIBED.get(kind, "expressions")
    name = next(iter(node.find_all(nodes.Name)), None) if not isinstance(node, nodes.Name) else node
    placeholder = name.name if name is not None else None
    return InvalidTemplate.problem(
        field,
        node.lineno,
        "not_allowed",
        f"Line {node.lineno}: {what} cannot be used; write {{{{ placeholder }}}} and {{% if placeholder %}} only.",
        placeholder=placeholder,
    )


@lru_cache(maxsize=512)
def _compiled(source: str) -> Any:
    return _firm_environment().from_string(source)


def _render(source: str, field: str, values: Mapping[str, str], allowed: frozenset[str], limit: int) -> str:
    """Render checked source with string values only; past `limit` characters it stops and
    fails (InvalidTemplate), however the output grew."""
    if not source:
        return ""
    from jinja2 import TemplateError

    strings = {key: str(values.get(key, "")) for key in allowed}
    parts: list[str] = []
    size = 0
    try:
        for chunk in _compiled(source).generate(strings):
            size += len(chunk)
            if size > limit:
                raise InvalidTemplate(
                    [
                        InvalidTemplate.problem(
                            _FIELDS.get(field, field),
                            1,
                            "too_big",
                            f"The {field} comes out longer than {limit:,} characters.",
                        )
                    ]
                )
            parts.append(chunk)
    except TemplateError as exc:
        raise InvalidTemplate(
            [InvalidTemplate.problem(_FIELDS.get(field, field), 1, "failed", f"The {field} failed: {exc}")]
        ) from None
    return "".join(parts)


# The ports this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_template_engine: type[TemplateEngine] = JinjaEmailRenderer
