"""F09-F12: staff keep matters, publish them to clients, and choose when to notify."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..domain.accesses import Access
from ..domain.audit import Actor, AuditEntry
from ..domain.common import Page, new_id
from ..domain.errors import Conflict, InvalidInput, NotFound
from ..domain.identity import PrincipalKind
from ..domain.matters import (
    MAX_RELATED,
    NOTIFY_PENDING_BATCH,
    ClientMatterView,
    Matter,
    MatterInput,
    MatterListQuery,
    MatterStatus,
    MatterSummary,
    MatterUpdate,
    NotifyPendingResult,
    NotifyResult,
    PendingNotification,
    Publication,
    Relation,
)
from ..domain.notifications import Notification, NotificationKind
from ..domain.ports import (
    AccessRepository,
    AuditRepository,
    ClientRepository,
    Clock,
    MatterRepository,
    Outbox,
    PortalChanges,
    RelatedSave,
    StaffRepository,
)
from ..domain.stages import CourtStage, StageChange, StageOverride, stages_for


@dataclass(frozen=True)
class MattersService:
    matters: MatterRepository
    clients: ClientRepository
    staff: StaffRepository
    accesses: AccessRepository
    outbox: Outbox
    clock: Clock
    audit: AuditRepository

    def get(self, firm_id: str, matter_id: str) -> Matter:
        matter = self.matters.get(firm_id, matter_id)
        if matter is None:
            raise NotFound("Matter not found.")
        return matter

    def list(self, firm_id: str, query: MatterListQuery, cursor: str | None, limit: int) -> Page[MatterSummary]:
        return self.matters.list(firm_id, query, cursor, limit)

    def create(self, actor: Actor, data: MatterInput) -> Matter:
        lawyer_name = self._check_references(actor.firm_id, data, matter_id=None)
        now = self.clock.now()
        matter = Matter(
            id=new_id(),
            firm_id=actor.firm_id,
            responsible_lawyer_name=lawyer_name,
            created_at=now,
            updated_at=now,
            **data.model_dump(),
        )
        audit = AuditEntry.record(
            actor, "matter.created", f"matter:{matter.id}", now, number=matter.number, title=matter.title
        )
        self.matters.create(matter, audit, self._other_sides(actor, None, matter))
        return matter

    def update(self, actor: Actor, matter_id: str, data: MatterUpdate) -> Matter:
        current = self._current(actor.firm_id, matter_id, data.version)
        lawyer_name = self._check_references(actor.firm_id, data, matter_id=matter_id)
        # The validated values themselves: model_copy does not validate, and dumped parties and
        # relations would be stored as plain dicts.
        changes = {name: getattr(data, name) for name in MatterInput.model_fields}
        updated = current.model_copy(update={**changes, "responsible_lawyer_name": lawyer_name})
        # A client no longer involved no longer sees the matter.
        updated = updated.model_copy(
            update={"published_to": [c for c in current.published_to if c in updated.involved_client_ids]}
        )
        fields = sorted(k for k, v in changes.items() if getattr(current, k) != getattr(updated, k))
        return self._save(
            actor,
            current,
            updated,
            AuditEntry.record(actor, "matter.updated", f"matter:{matter_id}", self.clock.now(), fields=fields),
        )

    def publish(self, actor: Actor, matter_id: str, publication: Publication) -> Matter:
        """Publish the matter to exactly these clients (an empty list hides it)."""
        current = self._current(actor.firm_id, matter_id, publication.version)
        chosen = sorted(set(publication.client_ids))
        outsiders = [c for c in chosen if c not in current.involved_client_ids]
        if outsiders:
            raise InvalidInput.field(
                "client_ids", "A matter can only be published to clients involved in it (as a party)."
            )
        updated = current.model_copy(update={"published_to": chosen})
        audit = AuditEntry.record(actor, "matter.published", f"matter:{matter_id}", self.clock.now(), client_ids=chosen)
        return self._save(actor, current, updated, audit)

    def archive(self, actor: Actor, matter_id: str) -> Matter:
        current = self.get(actor.firm_id, matter_id)
        if current.status is MatterStatus.ARCHIVED:
            return current
        updated = current.model_copy(update={"status": MatterStatus.ARCHIVED})
        return self._save(
            actor,
            current,
            updated,
            AuditEntry.record(actor, "matter.archived", f"matter:{matter_id}", self.clock.now()),
        )

    def set_stage(self, actor: Actor, matter_id: str, change: StageChange) -> Matter:
        """B7: staff set the stage shown (it wins over the court's), or clear it (back to what
        the court's movements say). A court case takes a court stage, a case out of court one
        of its own list."""
        current = self._current(actor.firm_id, matter_id, change.version)
        override = None
        if change.stage is not None:
            allowed = stages_for(current.in_court)
            if change.stage not in allowed:
                names = ", ".join(s.value for s in allowed)
                raise InvalidInput.field("stage", f"This matter's stage is one of: {names}.")
            staff = self.staff.get(actor.firm_id, actor.principal_id)
            override = StageOverride(
                key=change.stage,
                set_by=actor.principal_id,
                set_by_name=staff.name if staff else None,
                set_at=self.clock.now(),
            )
        if override is None and current.stage_override is None:
            return current
        updated = current.model_copy(update={"stage_override": override})
        audit = AuditEntry.record(
            actor,
            "matter.stage_set" if override else "matter.stage_cleared",
            f"matter:{matter_id}",
            self.clock.now(),
            stage=change.stage.value if change.stage else None,
        )
        return self._save(actor, current, updated, audit)

    def record_court_movements(
        self, firm_id: str, matter_id: str, movements: Sequence[tuple[datetime, int | None, int | None]]
    ) -> bool:
        """B7: the court movements' `(occurred_at, code, national_code)` move the stage they
        say (beside the matter: no new version, so no colleague's edit goes stale). Says
        whether the stage the clients see changed."""
        for _ in range(_ATTEMPTS):
            current = self.matters.get(firm_id, matter_id)
            if current is None:
                return False
            court = (current.court_stage or CourtStage()).with_movements(movements)
            if court == current.court_stage or (current.court_stage is None and not court.marks):
                return False
            updated = current.model_copy(update={"court_stage": court})
            try:
                self.matters.save_court_stage(updated, current)
            except Conflict:
                continue  # changed meanwhile: read it again
            return updated.effective_stage() != current.effective_stage()
        raise Conflict("This matter is changing right now. Try again.", code="conflict")

    def notify(self, actor: Actor, matter_id: str) -> NotifyResult:
        """F12 "Notify": one e-mail to each client the matter is published to."""
        matter = self.get(actor.firm_id, matter_id)
        for client_id in matter.published_to:
            self.outbox.send(
                Notification(
                    kind=NotificationKind.MATTER_UPDATED,
                    firm_id=actor.firm_id,
                    principal_kind=PrincipalKind.CLIENT,
                    principal_id=client_id,
                    matter_id=matter_id,
                )
            )
        self.matters.set_notification_pending(actor.firm_id, matter_id, False, self.clock.now())
        return NotifyResult(notified_client_ids=matter.published_to)

    def pending_notifications(self, firm_id: str, cursor: str | None, limit: int) -> Page[PendingNotification]:
        """F12 "notify later": the matters whose clients have not been told yet, latest change first."""
        return self.matters.pending_notifications(firm_id, cursor, limit)

    def notify_pending(self, actor: Actor) -> NotifyPendingResult:
        """F12 "notify all": `notify` each pending matter, the most recently changed first, at
        most NOTIFY_PENDING_BATCH of them a call; the answer says whether more remain."""
        page = self.matters.pending_notifications(actor.firm_id, None, NOTIFY_PENDING_BATCH + 1)
        chosen = page.items[:NOTIFY_PENDING_BATCH]
        notified: builtins.list[str] = []
        clients = 0
        for entry in chosen:
            try:
                clients += len(self.notify(actor, entry.matter_id).notified_client_ids)
            except NotFound:
                continue
            notified.append(entry.matter_id)
        more = len(page.items) > NOTIFY_PENDING_BATCH or page.next_cursor is not None
        if notified:
            self.audit.append(
                AuditEntry.record(
                    actor, "matters.notified", "matters:pending", self.clock.now(), matter_ids=notified, clients=clients
                )
            )
        return NotifyPendingResult(notified_matters=len(notified), notified_clients=clients, more=more)

    def _save(self, actor: Actor, before: Matter, after: Matter, audit: AuditEntry) -> Matter:
        for attempt in range(_ATTEMPTS):
            after = after.model_copy(update={"updated_at": self.clock.now(), "version": before.version + 1})
            portal, changed = self._portal_changes(before, after)
            after = after.model_copy(update=_pending(before, changed, after.updated_at))
            try:
                self.matters.save(after, before, portal, audit, self._other_sides(actor, before, after))
            except Conflict:
                # A court movement meanwhile changes what is kept beside the matter (its stage,
                # the pending flag), not the matter: the edit goes on over what it brought.
                fresh = self.matters.get(before.firm_id, before.id)
                if attempt + 1 == _ATTEMPTS or fresh is None or fresh.version != before.version:
                    raise
                if _beside(fresh) == _beside(before):
                    raise
                after = after.model_copy(update={"court_stage": fresh.court_stage})
                before = fresh
                continue
            return after
        raise AssertionError("unreachable")

    def _other_sides(self, actor: Actor, before: Matter | None, after: Matter) -> builtins.list[RelatedSave]:
        """Relations are two-way: each matter related, unrelated or re-kinded here gets the
        same change on its side, written with this matter (over the version read now, so a
        colleague's form of it opened before goes stale)."""
        old = {r.matter_id: r.kind for r in before.related} if before else {}
        new = {r.matter_id: r.kind for r in after.related}
        touched = [
            matter_id for matter_id in sorted(old.keys() | new.keys()) if old.get(matter_id) != new.get(matter_id)
        ]
        if not touched:
            return []
        now = self.clock.now()
        saves = []
        for other in self.matters.get_many(after.firm_id, touched):
            related = [r for r in other.related if r.matter_id != after.id]
            if other.id in new:
                place = next((i for i, r in enumerate(other.related) if r.matter_id == after.id), len(related))
                related.insert(place, Relation(matter_id=after.id, kind=new[other.id]))
            if related == other.related:
                continue  # already so (a relation stored before they were two-way, say)
            if len(related) > MAX_RELATED:
                index = next(i for i, r in enumerate(after.related) if r.matter_id == other.id)
                message = f"“{other.title}” already has {MAX_RELATED} related matters, the most a matter can have."
                raise InvalidInput.field(f"related.{index}.matter_id", message)
            updated = other.model_copy(update={"related": related, "updated_at": now, "version": other.version + 1})
            portal, changed = self._portal_changes(other, updated, known={after.id: after})
            updated = updated.model_copy(update=_pending(other, changed, now))
            audit = AuditEntry.record(
                actor, "matter.updated", f"matter:{other.id}", now, fields=["related"], from_matter=after.id
            )
            saves.append(RelatedSave(matter=updated, previous=other, portal=portal, audit=audit))
        return saves

    def _portal_changes(
        self, before: Matter, after: Matter, known: dict[str, Matter] | None = None
    ) -> tuple[PortalChanges, bool]:
        """Each touched client's view of the matter, and whether any client would see
        something new (which makes a notification pending). `known`: related matters as this
        save leaves them, rather than as stored."""
        known = known or {}
        related_ids = [r.matter_id for r in after.related + before.related]
        related = {m.id: m for m in self.matters.get_many(after.firm_id, [m for m in related_ids if m not in known])}
        related |= {m.id: m for m in known.values() if m.id in related_ids}
        views: dict[str, ClientMatterView | None] = {}
        changed = False
        for client_id in sorted(set(before.published_to) | set(after.published_to)):
            if client_id in after.published_to:
                view = after.view_for(client_id)
                views[client_id] = view
                if client_id not in before.published_to:
                    changed = True
                else:
                    access = self.accesses.get(after.firm_id, client_id)
                    seen = (
                        _visible_part(before.view_for(client_id), client_id, related, access),
                        _visible_part(view, client_id, related, access),
                    )
                    changed = changed or seen[0] != seen[1]
            else:
                views[client_id] = None
        return PortalChanges(views=views), changed

    def _current(self, firm_id: str, matter_id: str, version: int) -> Matter:
        matter = self.get(firm_id, matter_id)
        if matter.version != version:
            raise Conflict("This matter was changed by someone else. Reload and try again.", code="stale_version")
        return matter

    def _check_references(self, firm_id: str, data: MatterInput, matter_id: str | None) -> str | None:
        """Parties, billing client, lawyer and related matters must exist in this firm."""
        for index, party in enumerate(data.parties):
            if party.client_id and self.clients.get(firm_id, party.client_id) is None:
                raise InvalidInput.field(f"parties.{index}.client_id", "No such client.")
        if data.billing_client_id and self.clients.get(firm_id, data.billing_client_id) is None:
            raise InvalidInput.field("billing_client_id", "No such client.")
        related_ids = [r.matter_id for r in data.related]
        if matter_id in related_ids:
            raise InvalidInput.field("related", "A matter cannot be related to itself.")
        found = {m.id for m in self.matters.get_many(firm_id, related_ids)}
        for index, relation in enumerate(data.related):
            if relation.matter_id not in found:
                raise InvalidInput.field(f"related.{index}.matter_id", "No such matter.")
        if data.responsible_lawyer_id is None:
            return None
        lawyer = self.staff.get(firm_id, data.responsible_lawyer_id)
        if lawyer is None:
            raise InvalidInput.field("responsible_lawyer_id", "No such staff member.")
        return lawyer.name


_ATTEMPTS = 5


def _beside(matter: Matter) -> tuple[object, ...]:
    """What is kept beside a matter's document, which changes with no new version."""
    return matter.court_stage, matter.notification_pending, matter.notification_pending_at


def _pending(before: Matter, changed: bool, now: datetime) -> dict[str, object]:
    """The flag after a save: set by a change clients would see (at the moment of that
    change), else as it was. A flag set before its time was kept counts from now."""
    if changed:
        return {"notification_pending": True, "notification_pending_at": now}
    if before.notification_pending:
        return {"notification_pending": True, "notification_pending_at": before.notification_pending_at or now}
    return {"notification_pending": False, "notification_pending_at": None}


def _visible_part(
    view: ClientMatterView, client_id: str, related: dict[str, Matter], access: Access | None
) -> dict[str, object]:
    """What the client would see of the view: the portal shows only the related matters the
    client may see too, so a relation to another client's matter is nothing new to them."""
    seen = view.model_dump(exclude={"updated_at", "related"})
    seen["related"] = [
        r.model_dump()
        for r in view.related
        if access is not None
        and r.id in related
        and client_id in related[r.id].published_to
        and related[r.id].view_for(client_id).visible_to(access.profile)
    ]
    return seen
