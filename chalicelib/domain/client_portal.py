"""F10, F13-F14, B2: what a client reads on the portal, and nothing else.

Whether the client may see a matter is answered from the access read when the request
was authenticated (its published matters and their flags against its profile), so the
reads below are one DynamoDB call each."""

from __future__ import annotations

from .authentication import Caller
from .common import Clock, Page
from .errors import NotFound
from .matters import ClientMatterView
from .ports import MatterRepository, TimelineRepository
from .timeline import ClientTimelineItem, UpdateKind


class ClientPortal:
    def __init__(self, *, matters: MatterRepository, timeline: TimelineRepository, clock: Clock) -> None:
        self.matters = matters
        self.timeline = timeline
        self.clock = clock

    def matters_page(self, caller: Caller, cursor: str | None, limit: int) -> Page[ClientMatterView]:
        access = _access(caller)
        page = self.matters.client_views(caller.firm_id, access.client_id, cursor, limit)
        return Page(items=[self._trim(caller, view) for view in page.items if access.may_see(view.id)], next_cursor=page.next_cursor)

    def matter(self, caller: Caller, matter_id: str) -> ClientMatterView:
        self._require_visible(caller, matter_id)
        view = self.matters.client_view(caller.firm_id, _access(caller).client_id, matter_id)
        if view is None:
            raise NotFound("Matter not found.")
        return self._trim(caller, view)

    def timeline_page(self, caller: Caller, matter_id: str, cursor: str | None, limit: int) -> Page[ClientTimelineItem]:
        self._require_visible(caller, matter_id)
        kinds = {kind for kind in UpdateKind if kind.allowed_by(_access(caller).profile)}
        return self.timeline.client_page(caller.firm_id, matter_id, kinds, cursor, limit)

    def mark_read(self, caller: Caller, matter_id: str, item_id: str) -> None:
        """B2: the first time the client opens an update is recorded; later ones change nothing."""
        self._require_visible(caller, matter_id)
        item = self.timeline.client_item(caller.firm_id, matter_id, item_id)
        if item is None or not item.kind.allowed_by(_access(caller).profile):
            raise NotFound("Update not found.")
        if caller.claims.mode == "simulation":
            return  # staff looking through the client's eyes leave no receipt
        self.timeline.record_receipt(caller.firm_id, matter_id, item_id, _access(caller).client_id, self.clock.now())

    def _require_visible(self, caller: Caller, matter_id: str) -> None:
        if not _access(caller).may_see(matter_id):
            raise NotFound("Matter not found.")

    def _trim(self, caller: Caller, view: ClientMatterView) -> ClientMatterView:
        # A related matter shows only if the client may see it too (F10).
        return view.model_copy(update={"related": [r for r in view.related if _access(caller).may_see(r.id)]})


def _access(caller: Caller):  # type: ignore[no-untyped-def]
    assert caller.access is not None, "client routes are for clients"
    return caller.access
