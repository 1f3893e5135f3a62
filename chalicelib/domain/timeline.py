"""F13-F15, B2: what happened in a matter, newest first: movements from the court and
from staff, tasks, gazette publications and the firm's news."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, field_validator

from .accesses import VisibilityProfile
from .common import DomainModel, Id, Version

Body = Annotated[str, StringConstraints(max_length=20_000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
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


class Complement(DomainModel):
    """A DataJud `complementosTabelados` entry: e.g. name 'tipo_de_peticao', value 'Contestação'."""

    code: int | None = None
    name: Annotated[str, StringConstraints(max_length=200)]
    value: Annotated[str, StringConstraints(max_length=500)] | None = None
    description: Annotated[str, StringConstraints(max_length=500)] | None = None


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
    complements: list[Complement] = []
    source: Literal["court", "integration", "staff"] = "staff"
    # A note from the firm about this update, for the client (F13).
    comment: Body | None = None
    commented_by: str | None = None
    published: bool = True
    due_at: datetime | None = None
    done: bool = False
    created_at: datetime
    created_by: str
    updated_at: datetime
    version: int = 1

    def for_client(self) -> ClientTimelineItem:
        return ClientTimelineItem(**self.model_dump(include=set(ClientTimelineItem.model_fields)))


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


class ReadReceipt(DomainModel):
    client_id: Id
    read_at: datetime


class StaffTimelineItem(TimelineItem):
    """An update as staff see it, with who of the clients has read it and when (B2)."""

    read_by: list[ReadReceipt] = []


class UpdateInput(DomainModel):
    kind: Literal["manual_movement", "task", "publication", "news"]
    occurred_at: When
    text: Line = Field(description="The movement, the task's title, the gazette's text or the news title.")
    body: Body | None = None
    published: bool = True
    due_at: When | None = None
    done: bool = False

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
