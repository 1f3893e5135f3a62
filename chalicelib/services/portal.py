"""F10, F13-F14, B2: what a client reads on the portal, and nothing else.

A client sees a matter while the client's view of it exists (it is published to them) and
the access's profile allows its private/team flags. For a request about one matter the
view was read with the access when the request was authenticated, so each read here is
one more DynamoDB call at most."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.accesses import Access
from ..domain.auth import Caller
from ..domain.common import Page
from ..domain.errors import NotFound
from ..domain.matters import ClientMatterView, RelatedMatter
from ..domain.ports import Clock, FeedRepository, MatterRepository, TimelineRepository
from ..domain.timeline import ClientTimelineItem, UpdateKind


@dataclass(frozen=True)
class PortalService:
    matters: MatterRepository
    timeline: TimelineRepository
    feed: FeedRepository
    clock: Clock

    def matters_page(self, caller: Caller, cursor: str | None, limit: int) -> Page[ClientMatterView]:
        access = _access(caller)
        page = self.matters.client_views(caller.firm_id, access.client_id, cursor, limit)
        # Related matters are named on the matter's own page (one read), not in the list.
        visible = [view.model_copy(update={"related": []}) for view in page.items if view.visible_to(access.profile)]
        return Page(items=visible, next_cursor=page.next_cursor)

    def matter(self, caller: Caller, matter_id: str) -> ClientMatterView:
        view = self._visible(caller, matter_id)
        access = _access(caller)
        # A related matter shows only if it is published to this client too, and allowed (F10).
        related = {
            v.id: v
            for v in self.matters.client_views_of(caller.firm_id, access.client_id, [r.id for r in view.related])
        }
        named = [
            RelatedMatter(id=r.id, kind=r.kind, title=related[r.id].title, number=related[r.id].number)
            for r in view.related
            if r.id in related and related[r.id].visible_to(access.profile)
        ]
        return view.model_copy(update={"related": named})

    def timeline_page(self, caller: Caller, matter_id: str, cursor: str | None, limit: int) -> Page[ClientTimelineItem]:
        self._visible(caller, matter_id)
        kinds = {kind for kind in UpdateKind if kind.allowed_by(_access(caller).profile)}
        return self.timeline.client_page(caller.firm_id, matter_id, kinds, cursor, limit)

    def mark_read(self, caller: Caller, matter_id: str, item_id: str) -> None:
        """B2: the first time the client opens an update is recorded; later ones change
        nothing. Its entry in her feed is read too (A6): her unread counts drop."""
        self._visible(caller, matter_id)
        item = self.timeline.client_item(caller.firm_id, matter_id, item_id)
        if item is None or not item.kind.allowed_by(_access(caller).profile):
            raise NotFound("Update not found.")
        if caller.claims.mode == "simulation":
            return  # staff looking through the client's eyes leave no receipt
        client_id, now = _access(caller).client_id, self.clock.now()
        self.timeline.record_receipt(caller.firm_id, matter_id, item_id, client_id, now)
        self.feed.mark_read(caller.firm_id, client_id, item_id, now)

    def _visible(self, caller: Caller, matter_id: str) -> ClientMatterView:
        view = caller.matter_view
        if view is None or view.id != matter_id or not view.visible_to(_access(caller).profile):
            raise NotFound("Matter not found.")
        return view


def _access(caller: Caller) -> Access:
    assert caller.access is not None, "client routes are for clients"
    return caller.access
