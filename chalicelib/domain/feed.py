"""A6, F22-F23: the client's home. What changed across all of her matters, newest first,
with what she has not read yet: one feed per client, kept beside the timelines.

Each client's feed has her entries (a copy of each published update of the matters published
to her, written with the update itself) and one summary: for each of those matters, its
round and private/team flags, her unread counts per matter and category, and her open dated
tasks. So her home is one Query, whatever the number of her matters, and it obeys her
access's profile exactly as the matter's timeline does: entries of a matter she no longer
sees, or of a category her profile leaves out, are neither shown nor counted.

A matter published to her again starts a new *round* of her feed for it: what her feed
held of it from before is no longer shown, and its counts start again. Nothing of a round
she lost is ever shown, even an update hidden or deleted while she did not see the matter.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from .accesses import MatterFlags, VisibilityProfile
from .common import DomainModel, Id, ListQuery, Page
from .documents import Document, DocumentRequest, DocumentStatus, DocumentType, RequestStatus
from .matters import ClientMatterView
from .timeline import ClientTimelineItem, UpdateKind, item_id

# The summary's key for entries about no matter (a request for her profile's documents).
NO_MATTER = "-"


class FeedKind(StrEnum):
    UPDATE = "update"  # a published timeline update: a movement, task, publication or news
    DOCUMENT = "document"  # a matter's document the firm published to the matter's clients (F17)
    DOCUMENT_REQUEST = "document_request"  # a document request addressed to her (F19)


# Every category an unread count can be kept under: the updates' kinds, then the other kinds.
CATEGORIES: tuple[str, ...] = (*(kind.value for kind in UpdateKind), FeedKind.DOCUMENT, FeedKind.DOCUMENT_REQUEST)


PRIVATE, TEAM = 1, 2  # a matter's flags in her summary, as bits


def flags_of(view: ClientMatterView) -> int:
    return (PRIVATE if view.private else 0) | (TEAM if view.team else 0)


def category_allowed(category: str, profile: VisibilityProfile) -> bool:
    """An update's category is its kind (what the profile's switches name); a document's
    follows the profile's documents; a request addressed to her is always shown."""
    if category == FeedKind.DOCUMENT:
        return profile.documents
    if category == FeedKind.DOCUMENT_REQUEST:
        return True
    return UpdateKind(category).allowed_by(profile)


def document_shown(document: Document) -> bool:
    """A matter's document her feed holds: published on its matter and downloadable."""
    return document.matter_id is not None and document.published and document.status is DocumentStatus.AVAILABLE


def document_entry_id(document: Document) -> str:
    """Sorts by the moment it was published (kept while it is: the same id when it is hidden)."""
    return item_id(document.published_at or document.checked_at or document.created_at, document.id)


def request_entry_id(request: DocumentRequest) -> str:
    return item_id(request.created_at, request.id)


class FeedDocument(DomainModel):
    """A published document as her home shows it (downloaded through the matter's documents)."""

    id: Id
    file_name: str
    description: str | None = None
    type: DocumentType | None = None
    size: int | None = None


class FeedRequest(DomainModel):
    """A document request addressed to her, as her home shows it (opened at its own page)."""

    id: Id
    title: str
    details: str = ""
    due_date: date | None = None
    status: RequestStatus


class FeedEntry(DomainModel):
    """One entry of her feed as stored: what she reads, and where it belongs."""

    id: str = Field(description="Sorts by date: the moment it happened first, as the update's id.")
    kind: FeedKind
    matter_id: Id | None
    matter_title: str | None = None  # as the matter was named when the entry was written
    occurred_at: datetime
    update: ClientTimelineItem | None = None
    document: FeedDocument | None = None
    request: FeedRequest | None = None

    @property
    def category(self) -> str:
        """An update's kind; the entry's kind for the others."""
        if self.kind is not FeedKind.UPDATE:
            return self.kind.value
        assert self.update is not None
        return self.update.kind.value

    @property
    def due(self) -> Upcoming | None:
        """A dated task or event not done yet: in her "next" list until it is."""
        update = self.update
        if update is None or update.due_at is None or update.done:
            return None
        return Upcoming(
            entry_id=self.id,
            matter_id=self.matter_id,
            matter_title=self.matter_title,
            kind=update.kind,
            text=update.text,
            due_at=update.due_at,
        )

    @classmethod
    def of_update(cls, item: ClientTimelineItem, matter_title: str | None) -> FeedEntry:
        return cls(
            id=item.id,
            kind=FeedKind.UPDATE,
            matter_id=item.matter_id,
            matter_title=matter_title,
            occurred_at=item.occurred_at,
            update=item,
        )

    @classmethod
    def of_document(cls, document: Document, matter_title: str | None) -> FeedEntry:
        assert document.matter_id is not None
        return cls(
            id=document_entry_id(document),
            kind=FeedKind.DOCUMENT,
            matter_id=document.matter_id,
            matter_title=matter_title,
            occurred_at=document.published_at or document.checked_at or document.created_at,
            document=FeedDocument(
                id=document.id,
                file_name=document.file_name,
                description=document.description,
                type=document.detected_type,
                size=document.size,
            ),
        )

    @classmethod
    def of_request(cls, request: DocumentRequest) -> FeedEntry:
        return cls(
            id=request_entry_id(request),
            kind=FeedKind.DOCUMENT_REQUEST,
            matter_id=request.matter_id,
            matter_title=request.matter_title,
            occurred_at=request.created_at,
            request=FeedRequest(
                id=request.id,
                title=request.title,
                details=request.details,
                due_date=request.due_date,
                status=request.status,
            ),
        )


class StoredFeedEntry(DomainModel):
    """An entry with what is kept beside it: the round of her feed it belongs to, and when
    she read it."""

    entry: FeedEntry
    round: int = 0
    read_at: datetime | None = None


class Upcoming(DomainModel):
    """A dated task or event of one of her matters, not done yet."""

    entry_id: str
    matter_id: Id | None
    matter_title: str | None
    kind: UpdateKind
    text: str
    due_at: datetime


class FeedSummary(DomainModel):
    """What her feed knows of her matters, kept small (a client may have thousands): each
    matter's round (positive while it is published to her: how many times it was; negative
    once it no longer is), its private/team flags when it has any, her unread counts per
    (matter, category) in that round, and her open dated entries."""

    rounds: dict[str, int] = {}
    flags: dict[str, int] = {}
    unread: dict[str, dict[str, int]] = {}  # matter id (or NO_MATTER) -> category -> count
    upcoming: dict[str, tuple[int, Upcoming]] = {}  # entry id -> (its round, what it is)

    def round_of(self, matter_id: str | None) -> int:
        """The round an entry of this matter is written in now; 0 or less: not shown to her."""
        return 1 if matter_id is None else self.rounds.get(matter_id, 0)

    def matter_visible(self, matter_id: str | None, profile: VisibilityProfile) -> bool:
        if matter_id is None:
            return True
        flags = self.flags.get(matter_id, 0)
        return self.rounds.get(matter_id, 0) > 0 and MatterFlags.of(
            bool(flags & PRIVATE), bool(flags & TEAM)
        ).allowed_by(profile)

    def shows(self, stored: StoredFeedEntry, profile: VisibilityProfile) -> bool:
        entry = stored.entry
        return (
            category_allowed(entry.category, profile)
            and self.matter_visible(entry.matter_id, profile)
            and stored.round == self.round_of(entry.matter_id)
        )

    def counts(self, profile: VisibilityProfile) -> UnreadCounts:
        allowed = {category for category in CATEGORIES if category_allowed(category, profile)}
        per_matter = []
        total = 0
        for matter_id, categories in sorted(self.unread.items()):
            matter = None if matter_id == NO_MATTER else matter_id
            shown = sum(n for category, n in categories.items() if n > 0 and category in allowed)
            if not shown or not self.matter_visible(matter, profile):
                continue
            total += shown
            if matter:
                per_matter.append(MatterUnread(matter_id=matter, unread=shown))
        return UnreadCounts(total=total, matters=per_matter)

    def next_due(self, profile: VisibilityProfile, now: datetime, limit: int = 3) -> list[Upcoming]:
        """Her next open dated entries she may see, soonest first."""
        due = [
            upcoming
            for round_, upcoming in self.upcoming.values()
            if upcoming.due_at >= now
            and category_allowed(upcoming.kind.value, profile)
            and self.matter_visible(upcoming.matter_id, profile)
            and round_ == self.round_of(upcoming.matter_id)
        ]
        return sorted(due, key=lambda u: (u.due_at, u.entry_id))[:limit]


class MatterUnread(DomainModel):
    matter_id: Id
    unread: int = Field(ge=0)


class UnreadCounts(DomainModel):
    """What she has not read yet: in all, and per matter (only matters with something unread)."""

    total: int = Field(ge=0)
    matters: list[MatterUnread]


class FeedItem(DomainModel):
    """An entry of her feed as her home shows it."""

    id: str
    kind: FeedKind
    matter_id: Id | None
    matter_title: str | None
    occurred_at: datetime
    read: bool
    update: ClientTimelineItem | None = None
    document: FeedDocument | None = Field(None, description="For a document entry: the document published.")
    request: FeedRequest | None = Field(None, description="For a document request entry: what the firm asks for.")

    @classmethod
    def of(cls, stored: StoredFeedEntry) -> FeedItem:
        entry = stored.entry
        return cls(
            **entry.model_dump(include={"id", "kind", "matter_id", "matter_title", "occurred_at"}),
            update=entry.update,
            document=entry.document,
            request=entry.request,
            read=stored.read_at is not None,
        )


class FeedPage(Page[FeedItem]):
    """A page of her feed, newest first, with her unread counts and what comes next."""

    unread: UnreadCounts
    upcoming: list[Upcoming] = Field(description="Her next open dated tasks and events, soonest first (at most 3).")


class FeedQuery(ListQuery):
    limit: int = Field(20, ge=1, le=50)


class FeedRead(DomainModel):
    """What one read of a feed brings back: the summary and a page of stored entries."""

    summary: FeedSummary
    entries: list[StoredFeedEntry]
    next_cursor: str | None = None
