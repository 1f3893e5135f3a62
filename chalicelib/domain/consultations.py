"""F20: consultations (atendimentos). Every conversation with a client or a prospect (a first
meeting, a call, a fee negotiation) in one place: a subject, the staff involved, a thread of
entries each written by one staff member, documents, tasks, links to an earlier
consultation, to a client and to a matter; and its conversion into a matter. Internal to the
firm: clients never see any of it (docs/CONSULTATIONS.md)."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator

from .clients import MAX_EMAILS
from .common import Day, DomainModel, Email, Id, ListQuery, MultiLine, Name, Phone, SingleLine, Version, fold
from .documents import UploadRequest
from .errors import InvalidInput
from .matters import MatterKind
from .timeline import TimelineItem, UpdateKind

Subject = Annotated[str, SingleLine(min_length=1, max_length=200)]
EntryText = Annotated[str, MultiLine(min_length=1, max_length=20_000)]
TaskTitle = Annotated[str, SingleLine(min_length=1, max_length=300)]

# A consultation and every item that lists it are written in one DynamoDB transaction (at
# most 100 items): the staff involved and the distinct word starts of the subject are bounded
# so that a change that moves all of them (a new date) still fits.
MAX_STAFF = 10
MAX_SEARCH_KEYS = 25
# The search keys are the first letters of each word of the subject (accents and case folded).
SEARCH_KEY_LENGTH = 3


def _utc(value: datetime | None, info: ValidationInfo) -> datetime | None:
    """A moment with its zone, kept in UTC; refused on the field it came in (`occurred_at`, `due_at`)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise InvalidInput.field(str(info.field_name), "Give the time zone (ISO 8601, e.g. 2026-05-04T14:30:00Z).")
    return value.astimezone(UTC)


def sort_instant(at: datetime) -> str:
    """A time as it sorts in keys: UTC, fixed width."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def subject_words(subject: str) -> list[str]:
    """The words of a subject as search compares them (accents and case folded), once each."""
    return list(dict.fromkeys(fold(subject).split()))


def search_keys(subject: str) -> list[str]:
    """The keys a subject is listed under for search: each word's first letters."""
    return sorted({w[:SEARCH_KEY_LENGTH] for w in subject_words(subject) if len(w) >= SEARCH_KEY_LENGTH})


def searchable(subject: str) -> str:
    """The folded subject with a space before each word: a word starts with `w` exactly when
    this text contains " " + w."""
    return "".join(f" {w}" for w in subject_words(subject))


class SubjectSearch(DomainModel):
    """What `q` asks: every word given starts a word of the subject."""

    key: str
    words: list[str]

    @classmethod
    def of(cls, q: str) -> SubjectSearch:
        words = subject_words(q)
        keyed = [w for w in words if len(w) >= SEARCH_KEY_LENGTH]
        if not keyed:
            raise InvalidInput.field("q", f"Type at least {SEARCH_KEY_LENGTH} letters of a word of the subject.")
        longest = max(keyed, key=len)
        return cls(key=longest[:SEARCH_KEY_LENGTH], words=words)

    def matches(self, subject: str) -> bool:
        text = searchable(subject)
        return all(f" {w}" in text for w in self.words)


def _check_subject(subject: str) -> str:
    if len(search_keys(subject)) > MAX_SEARCH_KEYS:
        raise InvalidInput.field("subject", "The subject has too many different words; make it shorter.")
    return subject


class StaffRef(DomainModel):
    """A staff member as a consultation names her."""

    id: Id
    name: str


class Prospect(DomainModel):
    """Someone who is not a client yet: she becomes one when the consultation is converted."""

    name: Name
    emails: list[Email] = Field(default_factory=list, max_length=MAX_EMAILS)
    phone: Phone | None = None

    @field_validator("emails")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class _ConsultationFields(DomainModel):
    subject: Subject
    occurred_at: datetime | None = Field(None, description="When the conversation happened (default: now).")
    client_id: Id | None = Field(None, description="The firm's client; or give `prospect`.")
    prospect: Prospect | None = Field(None, description="Who it was with, when not a client yet; or give `client_id`.")
    staff_ids: list[Id] = Field(
        default_factory=list, max_length=MAX_STAFF, description="The staff involved (default: the one writing it)."
    )
    important: bool = False
    earlier_consultation_id: Id | None = None
    matter_id: Id | None = None

    _subject = field_validator("subject")(_check_subject)
    _when = field_validator("occurred_at")(_utc)

    @model_validator(mode="after")
    def _one_person(self) -> _ConsultationFields:
        if self.client_id is not None and self.prospect is not None:
            raise InvalidInput.field("client_id", "Give either the client or the prospect, not both.")
        if self.client_id is None and self.prospect is None:
            raise InvalidInput.field("client_id", "Give the client, or the prospect (who it was with).")
        self.staff_ids = list(dict.fromkeys(self.staff_ids))
        return self


class ConsultationInput(_ConsultationFields):
    text: EntryText | None = Field(None, description="A first entry, written by the caller.")


class ConsultationChange(_ConsultationFields):
    version: Version


class ImportanceChange(DomainModel):
    important: bool


class Consultation(DomainModel):
    id: Id
    firm_id: Id
    subject: str
    occurred_at: datetime
    client_id: Id | None = None
    client_name: str | None = None
    prospect: Prospect | None = None
    staff: list[StaffRef]
    important: bool = False
    earlier_consultation_id: Id | None = None
    matter_id: Id | None = None
    matter_title: str | None = None
    # Set once converted into the matter in matter_id: it cannot be converted again nor deleted.
    converted: bool = False
    # Counts kept beside the document (each moves atomically with what it counts).
    entry_count: int = 0
    open_task_count: int = 0
    document_count: int = 0
    created_at: datetime
    created_by: StaffRef
    updated_at: datetime
    version: int = 1

    @property
    def staff_ids(self) -> list[str]:
        return [s.id for s in self.staff]


def lists_of(c: Consultation) -> list[str]:
    """The lists the consultation is listed in, by name: "" (all of the firm's) and one for each
    filter the list reads directly. `ConsultationQuery.list_to_read` picks one of these names."""
    names = [""]
    if c.important:
        names.append("#IMPORTANT")
    if c.client_id:
        names.append(f"#CLIENT#{c.client_id}")
    names += [f"#STAFF#{s}" for s in c.staff_ids]
    if c.matter_id:
        names += [f"#MATTER#{c.matter_id}", "#LINKED"]
    else:
        names.append("#UNLINKED")
    return names + [f"#WORD#{key}" for key in search_keys(c.subject)]


class EntryInput(DomainModel):
    text: EntryText


class EntryChange(DomainModel):
    text: EntryText
    version: Version


def entry_id(at: datetime) -> str:
    """An entry's id sorts by when it was written (oldest first), ties apart by a random tail."""
    return f"{int(at.timestamp() * 1000):013d}{secrets.token_hex(4)}"


class ConsultationEntry(DomainModel):
    id: Id
    firm_id: Id
    consultation_id: Id
    author: StaffRef
    written_at: datetime
    text: str
    updated_at: datetime | None = None
    version: int = 1


class TaskInput(DomainModel):
    title: TaskTitle
    assignee_id: Id | None = Field(None, description="Who does it (default: the one creating it).")
    due_at: datetime | None = None

    _due = field_validator("due_at")(_utc)


class TaskChange(DomainModel):
    """Only the fields sent change; `"due_at": null` clears the due date."""

    title: TaskTitle | None = None
    assignee_id: Id | None = None
    due_at: datetime | None = None
    done: bool | None = None
    version: Version

    _due = field_validator("due_at")(_utc)


class Task(DomainModel):
    """A task of a consultation, or (in "my tasks") a task of a matter's timeline."""

    id: str
    firm_id: Id
    title: str
    assignee: StaffRef
    due_at: datetime | None = None
    done: bool = False
    consultation_id: Id | None = None
    matter_id: Id | None = None
    source_title: str = Field("", description="The consultation's subject or the matter's title.")
    created_at: datetime
    created_by: Id
    version: int = 1

    def due_key(self) -> str:
        """Soonest due first, no due date last."""
        return sort_instant(self.due_at) if self.due_at else "~"

    @classmethod
    def of_timeline(cls, item: TimelineItem, matter_title: str | None) -> Task | None:
        """A matter's timeline task as its assignee's open tasks show it, while it is open."""
        if item.kind is not UpdateKind.TASK or item.done:
            return None
        return cls(
            id=item.id,
            firm_id=item.firm_id,
            title=item.text,
            # The name is the reader's: "my tasks" are the caller's own.
            assignee=StaffRef(id=item.assignee_id or item.created_by, name=""),
            due_at=item.due_at,
            matter_id=item.matter_id,
            source_title=matter_title or "",
            created_at=item.created_at,
            created_by=item.created_by,
            version=item.version,
        )


class Conversion(DomainModel):
    title: Annotated[str, SingleLine(min_length=1, max_length=300)] | None = Field(
        None, description="The matter's title (default: the consultation's subject)."
    )
    kind: MatterKind = MatterKind.CASE
    number: Annotated[str, SingleLine(max_length=60)] | None = None
    responsible_lawyer_id: Id | None = Field(None, description="Default: the one converting it.")
    version: Version


MatterLink = Literal["linked", "unlinked"]


class ConsultationQuery(DomainModel):
    """The list's filters; each may be combined with the others."""

    important: bool | None = None
    client_id: Id | None = None
    staff_id: Id | None = None
    matter: MatterLink | None = None
    matter_id: Id | None = None
    since: date | None = None
    until: date | None = None
    search: SubjectSearch | None = None

    def list_to_read(self) -> str:
        """The list (a name from `lists_of`) that holds the fewest consultations the query may
        match, the most selective filter first; the other filters apply to what it reads."""
        if self.search is not None:
            return f"#WORD#{self.search.key}"
        if self.matter_id is not None:
            return f"#MATTER#{self.matter_id}"
        if self.client_id is not None:
            return f"#CLIENT#{self.client_id}"
        if self.staff_id is not None:
            return f"#STAFF#{self.staff_id}"
        if self.important is True:
            return "#IMPORTANT"
        if self.matter is not None:
            return "#LINKED" if self.matter == "linked" else "#UNLINKED"
        return ""

    def range(self) -> tuple[str, str] | None:
        """The occurred_at keys between the dates, both included."""
        if self.since is None and self.until is None:
            return None
        low = self.since.isoformat() if self.since else "0"
        high = f"{self.until.isoformat()}T~" if self.until else "~"
        return low, high


class ConsultationListParams(ListQuery):
    model_config = ConfigDict(defer_build=True, extra="ignore", populate_by_name=True)

    important: bool | None = None
    client_id: Id | None = None
    staff_id: Id | None = None
    matter: MatterLink | None = Field(None, description="Only those linked to a matter, or only those not linked.")
    from_: Day | None = Field(None, alias="from", description="From this day (on occurred_at, inclusive).")
    to: Day | None = Field(None, description="Up to this day (inclusive).")
    q: Annotated[str, SingleLine(max_length=200)] | None = Field(
        None, description="Words of the subject: each starts a word of it; accents and case ignored."
    )

    def filters(self) -> ConsultationQuery:
        if self.from_ and self.to and self.from_ > self.to:
            raise InvalidInput.field("from", "The first day comes after the last.")
        return ConsultationQuery(
            important=self.important,
            client_id=self.client_id,
            staff_id=self.staff_id,
            matter=self.matter,
            since=self.from_,
            until=self.to,
            search=SubjectSearch.of(self.q) if self.q and self.q.strip() else None,
        )


class ConsultationUploadRequest(UploadRequest):
    """The documents' UploadRequest, for a consultation, or one of its entries."""

    entry_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]{1,40}$")] | None = Field(
        None, description="One of the consultation's entries, to attach the files to it."
    )
