"""F13-F15, B2: what happened in a matter, newest first: movements from the court and
from staff, tasks, gazette publications and the firm's news."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, computed_field, field_validator

from . import complement_labels
from .accesses import VisibilityProfile
from .common import DomainModel, Id, Language, MultiLine, SingleLine, Version
from .translations import Translation, TranslationState, Untranslated

Body = Annotated[str, MultiLine(max_length=20_000)]
Line = Annotated[str, SingleLine(min_length=1, max_length=2_000)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[0-9]{14}[a-z0-9]{8,16}$")]


class UpdateKind(StrEnum):
    AUTOMATIC_MOVEMENT = "automatic_movement"  # from the court, through the integration API
    MANUAL_MOVEMENT = "manual_movement"  # written by staff
    TASK = "task"
    PUBLICATION = "publication"  # a notice in the official gazette
    NEWS = "news"  # a message from the firm to the client

    def allowed_by(self, profile: VisibilityProfile) -> bool:
        return {
            UpdateKind.AUTOMATIC_MOVEMENT: profile.automatic_movements,
            UpdateKind.MANUAL_MOVEMENT: profile.manual_movements,
            UpdateKind.TASK: profile.tasks,
            UpdateKind.PUBLICATION: profile.publications,
            UpdateKind.NEWS: True,
        }[self]


STAFF_KINDS = (UpdateKind.MANUAL_MOVEMENT, UpdateKind.TASK, UpdateKind.PUBLICATION, UpdateKind.NEWS)


def _is_key(text: str) -> bool:
    """A DataJud complement key ("tipo_de_peticao"), not a value's name ("Contestação")."""
    return re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)+", text) is not None


class Complement(DomainModel):
    """A DataJud `complementosTabelados` entry: its key in `description` ("tipo_de_peticao", DataJud's
    `descricao`), the value's name in `name` ("Contestação", DataJud's `nome`), its code in `value`."""

    code: int | None = None
    # Only the integration feed sends them: controls are dropped, as in its movements (integration.py).
    name: Annotated[str, SingleLine(max_length=200, strip_controls=True)]
    value: Annotated[str, SingleLine(max_length=500, strip_controls=True)] | None = None
    description: Annotated[str, SingleLine(max_length=500, strip_controls=True)] | None = None

    @property
    def key_and_value(self) -> tuple[str, str | None]:
        """DataJud sends the key in `descricao` ("tipo_de_conclusao") and the value's name in
        `nome` ("para despacho"); some feeds send the key in `nome` and the value as text."""
        if self.description and (_is_key(self.description) or not _is_key(self.name)):
            return self.description, self.name
        if self.description:  # the two swapped, as some feeds send them
            return self.name, self.description
        return self.name, self.value

    def line(self, language: Language) -> str:
        return complement_labels.line(*self.key_and_value, language)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Ids start with the UTC moment in 14 digits (YYYYMMDDhhmmss): outside these years a moment
# cannot be written so, or even converted to UTC (year 1 at +05:00), and nothing in a
# matter's life is dated there.
EARLIEST_YEAR, LATEST_YEAR = 1800, 2199


def _plausible(value: datetime) -> datetime:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


When = Annotated[datetime, AfterValidator(_plausible)]


def item_id(occurred_at: datetime, suffix: str) -> str:
    """Ids start with the moment the update happened, so sorting by id sorts by date,
    whatever order the updates arrived in."""
    return _utc(occurred_at).strftime("%Y%m%d%H%M%S") + suffix


def random_suffix() -> str:
    return secrets.token_hex(5)


def movement_suffix(
    matter_key: str, code: int | None, occurred_at: datetime, name: str, complements: list[Complement]
) -> str:
    """The same court movement sent twice gets the same id, so it is stored once."""
    fingerprint = "|".join(
        [matter_key, str(code or ""), _utc(occurred_at).isoformat(), name.strip().casefold()]
        + sorted(f"{c.name}={c.value}" for c in complements)
    )
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:16]


class TimelineItem(DomainModel):
    id: ItemId
    firm_id: Id
    matter_id: Id
    kind: UpdateKind
    occurred_at: datetime
    text: Line
    body: Body | None = None
    code: int | None = None
    # A court's local code's national parent (DataJud's codigoPaiNacional): the code table's
    # text for it stands in, marked approximate.
    national_code: int | None = None
    complements: list[Complement] = []
    source: Literal["court", "integration", "staff"] = "staff"
    # F16: the update in plain words, one per language, beside it: the client's read costs nothing more.
    translations: list[Translation] = []
    translation_state: TranslationState | None = None
    untranslated: Untranslated | None = None
    # When the model's answers first failed the fact check and the responsible lawyer was
    # told (TRANSLATION_FLAGGED): once per movement, however often it is translated again.
    flagged_at: datetime | None = None
    # A note from the firm about this update, for the client (F13).
    comment: Body | None = None
    commented_by: str | None = None
    published: bool = True
    due_at: datetime | None = None
    done: bool = False
    # F20: a task's assignee (None: its creator); an open task is in their open tasks.
    assignee_id: Id | None = None
    created_at: datetime
    created_by: str
    updated_at: datetime
    version: int = 1

    def for_client(self) -> ClientTimelineItem:
        shown = set(ClientTimelineItem.model_fields) - {"details", "translations", "translation_state"}
        return ClientTimelineItem(
            **self.model_dump(include=shown),
            translations=[ClientTranslation.of(t) for t in self.translations],
            # The court's own words, its complements named as people read them.
            details=[c.line(Language.PT_BR) for c in self.complements],
            # A flagged translation is staff's business: the client reads the original, not yet translated.
            translation_state=(
                TranslationState.NOT_TRANSLATED
                if self.translation_state is TranslationState.FLAGGED
                else self.translation_state
            ),
        )

    def translation(self, language: Language) -> Translation | None:
        return next((t for t in self.translations if t.language == language), None)


class ClientTranslation(DomainModel):
    """The update in plain words in one language, as the client reads it (the wand)."""

    language: Language
    happened: str
    next: str
    action_needed: bool
    approximate: bool  # from the text of the national code a court's local code belongs to

    @classmethod
    def of(cls, translation: Translation) -> ClientTranslation:
        return cls(language=translation.language, approximate=translation.approximate, **translation.plain.model_dump())


class ClientTimelineItem(DomainModel):
    """An update as the client sees it: no authorship, no read receipts."""

    id: ItemId
    matter_id: Id
    kind: UpdateKind
    occurred_at: datetime
    text: str
    body: str | None = None
    code: int | None = None
    complements: list[Complement] = []
    comment: str | None = None
    due_at: datetime | None = None
    done: bool = False
    details: list[str] = []
    translations: list[ClientTranslation] = []
    translation_state: TranslationState | None = None


class ReadReceipt(DomainModel):
    client_id: Id
    read_at: datetime


class StaffTimelineItem(TimelineItem):
    """An update as staff see it, with who of the clients has read it and when (B2)."""

    read_by: list[ReadReceipt] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def details(self) -> list[str]:
        """The complements as people read them ("Tipo de conclusão: para despacho")."""
        return [c.line(Language.PT_BR) for c in self.complements]


class UpdateInput(DomainModel):
    kind: Literal["manual_movement", "task", "publication", "news"]
    occurred_at: When
    text: Line = Field(description="The movement, the task's title, the gazette's text or the news title.")
    body: Body | None = None
    published: bool = True
    due_at: When | None = None
    done: bool = False
    assignee_id: Id | None = Field(
        None, description="A task's assignee, a staff member (default: its creator); it is in their open tasks."
    )

    _utc = field_validator("occurred_at", "due_at")(lambda v: _utc(v) if v else v)


class UpdateChange(DomainModel):
    """Only the fields sent change: `{"published": false, "version": 3}` hides an update
    and keeps the rest; `"body": null` clears the body."""

    occurred_at: When | None = Field(None, description="Staff updates only; court movements keep the court's date.")
    text: Line | None = None
    body: Body | None = None
    published: bool | None = None
    due_at: When | None = None
    done: bool | None = None
    assignee_id: Id | None = Field(None, description="A task's assignee, a staff member (null: kept as it is).")
    version: Version

    _utc = field_validator("occurred_at", "due_at")(lambda v: _utc(v) if v else v)


class CommentChange(DomainModel):
    comment: Body | None
    version: Version


class TimelineQuery(DomainModel):
    cursor: Annotated[str, StringConstraints(max_length=1024)] | None = None
    limit: int = Field(25, ge=1, le=100)


class TimelineChange(DomainModel):
    item: TimelineItem
    # A published update changed on a published matter: staff choose when to notify (F12).
    notification_pending: bool
