"""F13-F15: staff write the timeline: manual movements, tasks, gazette publications,
news, comments on any movement, and what of it is published."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.audit import Actor, AuditEntry
from ..domain.common import Page
from ..domain.errors import Conflict, InvalidInput, NotFound
from ..domain.identity import PrincipalKind
from ..domain.matters import Matter
from ..domain.notifications import Notification, NotificationKind
from ..domain.ports import Clock, MatterRepository, Outbox, StaffRepository, TimelineRepository
from ..domain.timeline import (
    CommentChange,
    StaffTimelineItem,
    TimelineChange,
    TimelineItem,
    UpdateChange,
    UpdateInput,
    UpdateKind,
    item_id,
    random_suffix,
)


@dataclass(frozen=True)
class TimelineService:
    matters: MatterRepository
    timeline: TimelineRepository
    outbox: Outbox
    clock: Clock
    staff: StaffRepository

    def page(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[StaffTimelineItem]:
        return self.timeline.page(firm_id, matter_id, cursor, limit)

    def add(self, actor: Actor, matter_id: str, data: UpdateInput) -> TimelineChange:
        matter = self._matter(actor.firm_id, matter_id)
        now = self.clock.now()
        kind = UpdateKind(data.kind)
        if kind is UpdateKind.TASK:
            data = data.model_copy(
                update={"assignee_id": self._assignee(actor, data.assignee_id or actor.principal_id)}
            )
        elif data.assignee_id is not None:
            raise InvalidInput.field("assignee_id", "Only a task has an assignee.")
        item = TimelineItem(
            id=item_id(data.occurred_at, random_suffix()),
            firm_id=actor.firm_id,
            matter_id=matter_id,
            created_at=now,
            created_by=actor.principal_id,
            updated_at=now,
            **data.model_dump(exclude={"kind"}),
            kind=kind,
        )
        self.timeline.add(item, AuditEntry.record(actor, f"{kind}.created", f"matter:{matter_id}", now, item=item.id))
        if kind is UpdateKind.NEWS and item.published:
            # F15: news reaches the clients (and their extra addresses) at once.
            for client_id in matter.published_to:
                self.outbox.send(
                    Notification(
                        kind=NotificationKind.NEWS,
                        firm_id=actor.firm_id,
                        principal_kind=PrincipalKind.CLIENT,
                        principal_id=client_id,
                        matter_id=matter_id,
                        item_id=item.id,
                    )
                )
            return TimelineChange(item=item, notification_pending=matter.notification_pending)
        return TimelineChange(item=item, notification_pending=self._published_change(matter, item.published))

    def update(self, actor: Actor, matter_id: str, update_id: str, change: UpdateChange) -> TimelineChange:
        matter = self._matter(actor.firm_id, matter_id)
        current = self._current(actor.firm_id, matter_id, update_id, change.version)
        # A null assignee is the one it has (apps send every field): not a change.
        sent = change.model_fields_set - {"version"} - ({"assignee_id"} if change.assignee_id is None else set())
        changes = {name: getattr(change, name) for name in sent}
        for required in ("occurred_at", "text", "published", "done"):
            if required in changes and changes[required] is None:
                raise InvalidInput.field(required, "This field cannot be emptied.")
        if "assignee_id" in changes:
            if current.kind is not UpdateKind.TASK:
                raise InvalidInput.field("assignee_id", "Only a task has an assignee.")
            self._assignee(actor, changes["assignee_id"])
        if current.kind is UpdateKind.AUTOMATIC_MOVEMENT and sent - {"published"}:
            # What the court said stays as it said it; staff may hide it or comment on it.
            raise InvalidInput.field(
                sorted(sent - {"published"})[0], "A court movement cannot be rewritten; hide it or add a comment."
            )
        if {"text", "body"} & sent and (changes.get("text", current.text), changes.get("body", current.body)) != (
            current.text,
            current.body,
        ):
            # The plain-language texts said the old words: they go, and staff may ask again (F16).
            changes |= {"translations": [], "translation_state": None, "untranslated": None}
        updated = current.model_copy(update=changes)
        if updated.occurred_at != current.occurred_at:
            updated = updated.model_copy(update={"id": item_id(updated.occurred_at, random_suffix())})
        return self._save(actor, matter, current, updated, "updated")

    def comment(self, actor: Actor, matter_id: str, update_id: str, change: CommentChange) -> TimelineChange:
        matter = self._matter(actor.firm_id, matter_id)
        current = self._current(actor.firm_id, matter_id, update_id, change.version)
        updated = current.model_copy(
            update={"comment": change.comment, "commented_by": actor.principal_id if change.comment else None}
        )
        return self._save(actor, matter, current, updated, "commented")

    def delete(self, actor: Actor, matter_id: str, update_id: str) -> None:
        item = self.timeline.get(actor.firm_id, matter_id, update_id)
        if item is None:
            raise NotFound("Update not found.")
        if item.kind is UpdateKind.AUTOMATIC_MOVEMENT:
            raise Conflict("Court movements cannot be deleted; hide them instead.", code="court_movement")
        self.timeline.delete(
            item,
            AuditEntry.record(actor, f"{item.kind}.deleted", f"matter:{matter_id}", self.clock.now(), item=item.id),
        )

    def _save(
        self, actor: Actor, matter: Matter, current: TimelineItem, updated: TimelineItem, verb: str
    ) -> TimelineChange:
        now = self.clock.now()
        updated = updated.model_copy(update={"updated_at": now, "version": current.version + 1})
        self.timeline.save(
            updated,
            current,
            AuditEntry.record(actor, f"{current.kind}.{verb}", f"matter:{matter.id}", now, item=updated.id),
        )
        return TimelineChange(
            item=updated, notification_pending=self._published_change(matter, current.published or updated.published)
        )

    def _published_change(self, matter: Matter, published: bool) -> bool:
        if published and matter.public:
            self.matters.set_notification_pending(matter.firm_id, matter.id, True, self.clock.now())
            return True
        return matter.notification_pending

    def _assignee(self, actor: Actor, staff_id: str) -> str:
        """F20: a task's assignee is a staff member of the firm."""
        if staff_id != actor.principal_id and self.staff.get(actor.firm_id, staff_id) is None:
            raise InvalidInput.field("assignee_id", "No such staff member.")
        return staff_id

    def _matter(self, firm_id: str, matter_id: str) -> Matter:
        matter = self.matters.get(firm_id, matter_id)
        if matter is None:
            raise NotFound("Matter not found.")
        return matter

    def _current(self, firm_id: str, matter_id: str, update_id: str, version: int) -> TimelineItem:
        item = self.timeline.get(firm_id, matter_id, update_id)
        if item is None:
            raise NotFound("Update not found.")
        if item.version != version:
            raise Conflict("This update was changed by someone else. Reload and try again.", code="stale_version")
        return item
