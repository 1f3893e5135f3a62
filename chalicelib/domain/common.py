"""Types shared by every area of the domain."""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from annotated_types import GroupedMetadata
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, EmailStr, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .errors import InvalidInput

# Schemas are built on first use, not at import: keeps the Lambda cold start short.
MODEL_CONFIG = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)


class DomainModel(BaseModel):
    model_config = MODEL_CONFIG


class Language(StrEnum):
    PT_BR = "pt-BR"
    ES = "es"
    EN = "en"


def accepted_language(header: str | None, default: Language = Language.PT_BR) -> Language:
    """The first of an Accept-Language header's languages we speak ("es-AR,es;q=0.9" is
    es, "pt" pt-BR), by the weights sent; else the default."""
    choices: list[tuple[float, int, Language]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().split("-")[0].casefold()
        found = {"pt": Language.PT_BR, "es": Language.ES, "en": Language.EN}.get(primary)
        if found is not None and weight > 0:
            choices.append((-weight, position, found))
    return min(choices)[2] if choices else default


def fold(text: str) -> str:
    """The form two texts are compared in: case-folded, accents and periods dropped, every
    other non-alphanumeric a space ("Não-Realizada" and "nao realizada" are one)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace(".", "")
    return " ".join(re.sub(r"[^\w]+|_", " ", bare).split())


def _lower(value: str) -> str:
    return value.lower()


# E-mails are compared case-insensitively everywhere (logins, search), so they are stored lower-case.
Email = Annotated[EmailStr, AfterValidator(_lower)]


# --- free text ----------------------------------------------------------------------------
#
# Text that people and systems send is NFC-normalised ("Joa\u0303o" and "João" are one name,
# in search and in the court feed's fingerprints) and holds no control or invisible format
# character (Unicode's Cc, Cf, Cs, Zl, Zp): NUL and the C0/C1 controls, bidirectional
# overrides and isolates (U+202A..U+202E, U+2066..U+2069), zero-width spaces, soft hyphens,
# BOMs, line and paragraph separators, lone surrogates. They make a name read as something
# it is not, and break the e-mails, logs and exports the text ends up in. Letters, marks
# and symbols of every script, and emoji, pass. Two exceptions keep scripts and emoji
# whole: a zero-width joiner or non-joiner between two non-ASCII characters (Persian, Indic
# scripts, emoji sequences), and the tag characters of a subdivision flag (U+1F3F4, tags,
# U+E007F). A joiner inside ASCII ("ad\u200dmin") is refused.
#
# The classes are written out (Unicode 15) so nothing is computed at import; a unit test
# checks them against unicodedata.
_OTHER_CONTROLS = (
    r"\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_LINE_CONTROLS = r"\x00-\x1f" + _OTHER_CONTROLS
_TEXT_CONTROLS = r"\x00-\x08\x0b-\x1f" + _OTHER_CONTROLS  # tab and line feed allowed
_KEPT = (
    r"(?<=[^\x00-\x7f\u200c\u200d])[\u200c\u200d](?=[^\x00-\x7f\u200c\u200d])"
    r"|\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,8}\U000e007f"
)
_LINE_SCAN = re.compile(f"{_KEPT}|(?P<bad>[{_LINE_CONTROLS}]+)")
_TEXT_SCAN = re.compile(f"{_KEPT}|(?P<bad>[{_TEXT_CONTROLS}]+)")


def _printable(text: str, lines: bool) -> bool:
    """Nothing to look for: str.isprintable is false for every character the classes hold
    (and a few more, a no-break space, unassigned code points) and ten times faster than a
    regex over them. Stored text is checked again on every read."""
    return all(line.isprintable() for line in text.split("\n")) if lines else text.isprintable()


def _refuse_controls(text: str, scan: re.Pattern[str]) -> str:
    for match in scan.finditer(text):
        if match["bad"]:
            raise PydanticCustomError(
                "control_characters",
                "Control characters are not allowed ({character}).",
                {"character": f"U+{ord(match['bad'][0]):04X}"},
            )
    return text


def _drop_control(match: re.Match[str]) -> str:
    bad = match["bad"]
    if not bad:
        return match[0]
    return " " if any(c.isspace() for c in bad) else ""


def _text(value: Any) -> str | None:
    # Bytes would be decoded by the str schema after this check: decode them first.
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode()
        except UnicodeDecodeError:
            return None
    return value if isinstance(value, str) else None


def _single_line(value: Any) -> Any:
    text = _text(value)
    if text is None:
        return value  # the str schema refuses it with its own message
    text = unicodedata.normalize("NFC", text).strip()
    return text if _printable(text, lines=False) else _refuse_controls(text, _LINE_SCAN)


def _single_line_cleaned(value: Any) -> Any:
    text = _text(value)
    if text is None:
        return value
    text = unicodedata.normalize("NFC", text)
    return text.strip() if _printable(text, lines=False) else _LINE_SCAN.sub(_drop_control, text).strip()


def _multi_line(value: Any) -> Any:
    text = _text(value)
    if text is None:
        return value
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.strip()
    return text if _printable(text, lines=True) else _refuse_controls(text, _TEXT_SCAN)


@dataclass(frozen=True, kw_only=True, slots=True)
class SingleLine(GroupedMetadata):
    """A name, title or subject: `Annotated[str, SingleLine(max_length=200)]`. NFC, stripped,
    and no control character at all, not even a line break or a tab: one is refused with a
    422 on the field.

    `strip_controls=True` drops them instead (a run holding a line break or a tab becomes
    one space): for what an outside system sends in bulk, where refusing a whole batch for
    one stray character helps nobody. Lengths count the cleaned text."""

    min_length: int = 0
    max_length: int | None = None
    strip_controls: bool = False

    def __iter__(self) -> Iterator[object]:
        # The validator runs before the str schema and its lengths: their own messages stay.
        yield StringConstraints(min_length=self.min_length or None, max_length=self.max_length)
        yield BeforeValidator(_single_line_cleaned if self.strip_controls else _single_line)


@dataclass(frozen=True, kw_only=True, slots=True)
class MultiLine(GroupedMetadata):
    """A body, comment or description: as SingleLine, but line breaks and tabs are allowed.
    CR LF, CR and U+2028/U+2029 are stored as LF."""

    min_length: int = 0
    max_length: int | None = None

    def __iter__(self) -> Iterator[object]:
        yield StringConstraints(min_length=self.min_length or None, max_length=self.max_length)
        yield BeforeValidator(_multi_line)


Name = Annotated[str, SingleLine(min_length=1, max_length=200)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()\-.]{6,32}$")]
Password = Annotated[str, StringConstraints(min_length=10, max_length=256)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]{1,40}$")]


def _int64(value: int) -> int:
    """At most what the OpenAPI document's `format: int64` allows: a bigger one is a 422."""
    if value > 2**63 - 1:
        raise PydanticCustomError("int64", "A version is at most 9223372036854775807.")
    return value


Version = Annotated[int, Field(ge=1, strict=True), AfterValidator(_int64)]


def _iso_day(value: object) -> object:
    """A day as the OpenAPI document's `format: date` says it (2026-12-01), not the
    timestamps or midnight date-times pydantic would take for one."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError("date_format", "Give a day as YYYY-MM-DD.")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]


def new_id() -> str:
    """A random identifier (80 bits), lower-case base32: safe in paths and keys."""
    return base64.b32encode(secrets.token_bytes(10)).decode().lower()


def utcnow() -> datetime:
    return datetime.now(UTC)


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list; `next_cursor` is opaque and absent on the last page."""

    model_config = ConfigDict(defer_build=True)
    items: list[T]
    next_cursor: str | None = None


class ListQuery(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")
    cursor: Annotated[str, StringConstraints(max_length=1024)] | None = None
    limit: int = Field(25, ge=1, le=100)


# Cursors: only the sort key travels, encoded; the partition always comes from the caller's
# firm. The DynamoDB adapters and the in-memory fakes both page with these two.


def encode_cursor(sort_key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"k": sort_key}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, prefix: str) -> str:
    """Only the sort key travels in a cursor; the partition always comes from the caller's firm."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        sort_key = raw["k"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidInput.field("cursor", "The cursor is not valid; start from the first page.") from None
    # DynamoDB refuses an empty key value (a 500 if it got there); no page ever ends on one.
    if not isinstance(sort_key, str) or not sort_key or not sort_key.startswith(prefix):
        raise InvalidInput.field("cursor", "The cursor is not valid; start from the first page.")
    return sort_key
