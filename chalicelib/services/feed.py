"""A6: the client's home: her feed across all of her matters, what she has not read, and
"mark all as read". Reading one update is the portal's (PortalService.mark_read), which
records the receipt staff see and reads the update's entry in her feed."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.accesses import VisibilityProfile
from ..domain.auth import Caller
from ..domain.errors import Forbidden
from ..domain.feed import FeedItem, FeedPage, UnreadCounts
from ..domain.ports import Clock, FeedRepository


@dataclass(frozen=True)
class FeedService:
    feed: FeedRepository
    clock: Clock

    def page(self, caller: Caller, cursor: str | None, limit: int) -> FeedPage:
        """Newest first, only what her access shows (as her matters' timelines do). A page can
        come back short when it met entries she may not see; its cursor goes on."""
        client_id, profile = _client(caller)
        read = self.feed.read(caller.firm_id, client_id, cursor, limit)
        shown = [FeedItem.of(stored) for stored in read.entries if read.summary.shows(stored, profile)]
        return FeedPage(
            items=shown,
            next_cursor=read.next_cursor,
            unread=read.summary.counts(profile),
            upcoming=read.summary.next_due(profile, self.clock.now()),
        )

    def unread(self, caller: Caller) -> UnreadCounts:
        client_id, profile = _client(caller)
        return self.feed.summary(caller.firm_id, client_id).counts(profile)

    def mark_all_read(self, caller: Caller) -> UnreadCounts:
        """Everything read; what she has unread after (nothing, unless an update arrived meanwhile)."""
        client_id, profile = _client(caller)
        if caller.claims.mode != "simulation":  # staff looking through her eyes leave it unread
            self.feed.mark_all_read(caller.firm_id, client_id, self.clock.now())
        return self.feed.summary(caller.firm_id, client_id).counts(profile)


def _client(caller: Caller) -> tuple[str, VisibilityProfile]:
    if caller.access is None:
        raise Forbidden("Only a client has a feed.")
    return caller.access.client_id, caller.access.profile
