"""A6, F22-F23: the client's home. What changed across all of her matters, newest first,
with what she has not read yet: one feed per client, kept beside the timelines.

Each client's feed has her entries (a copy of each published update of the matters published
to her, written with the update itself) and one summary: her view of each of those matters
(title, private/team flags) and her unread counts per matter and category. So her home is
one Query, whatever the number of her matters, and it obeys her access's profile exactly as
the matter's timeline does: entries of a matter she no longer sees, or of a category her
profile leaves out, are neither shown nor counted.

A matter published to her again starts a new *round* of her feed for it: what her feed
held of it from before is no longer shown, and its counts start again. Nothing of a round
she lost is ever shown, even an update hidden or deleted while she did not see the matter.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from .accesses import MatterFlags, VisibilityProfile
from .common import DomainModel, Id, ListQuery, Page
from .matters import ClientMatterView
from .timeline import ClientTimelineItem, UpdateKind

# The summary's key for entries about no matter (a request for her profile's documents).
NO_MATTER = "-"


class FeedKind(StrEnum):
    UPDATE = "update"  # a published timeline update: a movement, task, publication or news


class FeedMatter(DomainModel):
    """Her view of one of her matters, as the feed needs it to show and name its entries."""

    title: str
    number: str | None = None
    private: bool = False
    team: bool = False

    @classmethod
    def of(cls, view: ClientMatterView) -> FeedMatter:
        return cls(title=view.title, number=view.number, private=view.private, team=view.team)

    def visible_to(self, profile: VisibilityProfile) -> bool:
        return MatterFlags.of(self.private, self.team).allowed_by(profile)


def category_allowed(category: str, profile: VisibilityProfile) -> bool:
    """An entry's category is its update's kind (what the profile's switches name)."""
    return UpdateKind(category).allowed_by(profile)


class FeedEntry(DomainModel):
    """One entry of her feed as stored: what she reads, and where it belongs."""

    id: str = Field(description="Sorts by date: the moment it happened first, as the update's id.")
    kind: FeedKind
    matter_id: Id | None
    occurred_at: datetime
    update: ClientTimelineItem | None = None

    @property
    def category(self) -> str:
        assert self.update is not None
        return self.update.kind.value

    @classmethod
    def of_update(cls, item: ClientTimelineItem) -> FeedEntry:
        return cls(
            id=item.id, kind=FeedKind.UPDATE, matter_id=item.matter_id, occurred_at=item.occurred_at, update=item
        )


class StoredFeedEntry(DomainModel):
    """An entry with what is kept beside it: the round of her feed it belongs to, and when
    she read it."""

    entry: FeedEntry
    round: int = 0
    read_at: datetime | None = None


class FeedSummary(DomainModel):
    """Her matters as the feed shows them, the round each is in, and her unread counts per
    (matter, category) in that round."""

    matters: dict[str, FeedMatter] = {}
    rounds: dict[str, int] = {}
    unread: dict[str, dict[str, int]] = {}  # matter id (or NO_MATTER) -> category -> count

    def shows(self, stored: StoredFeedEntry, profile: VisibilityProfile) -> bool:
        entry = stored.entry
        if not category_allowed(entry.category, profile):
            return False
        if entry.matter_id is None:
            return True
        matter = self.matters.get(entry.matter_id)
        return matter is not None and matter.visible_to(profile) and stored.round == self.rounds.get(entry.matter_id, 0)

    def counts(self, profile: VisibilityProfile) -> UnreadCounts:
        per_matter = []
        total = 0
        for matter_id, categories in sorted(self.unread.items()):
            shown = sum(n for category, n in categories.items() if n > 0 and category_allowed(category, profile))
            if matter_id == NO_MATTER:
                total += shown
                continue
            matter = self.matters.get(matter_id)
            if matter is None or not matter.visible_to(profile) or not shown:
                continue
            total += shown
            per_matter.append(MatterUnread(matter_id=matter_id, title=matter.title, unread=shown))
        return UnreadCounts(total=total, matters=per_matter)


class MatterUnread(DomainModel):
    matter_id: Id
    title: str
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

    @classmethod
    def of(cls, stored: StoredFeedEntry, summary: FeedSummary) -> FeedItem:
        entry = stored.entry
        matter = summary.matters.get(entry.matter_id) if entry.matter_id else None
        return cls(
            **entry.model_dump(include={"id", "kind", "matter_id", "occurred_at"}),
            update=entry.update,
            matter_title=matter.title if matter else None,
            read=stored.read_at is not None,
        )


class FeedPage(Page[FeedItem]):
    """A page of her feed, newest first, with her unread counts."""

    unread: UnreadCounts


class FeedQuery(ListQuery):
    limit: int = Field(20, ge=1, le=50)


class FeedRead(DomainModel):
    """What one read of a feed brings back: the summary and a page of stored entries."""

    summary: FeedSummary
    entries: list[StoredFeedEntry]
    next_cursor: str | None = None
