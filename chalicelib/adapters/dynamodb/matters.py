"""Matters in the matters table: the matter, its number, the firm's and each involved
client's lists, and each client's view of a matter published to it. A new matter's marker
goes in its timeline partition (see timeline.py)."""

from __future__ import annotations

import builtins
from datetime import datetime

from ...domain.audit import AuditEntry
from ...domain.common import Page
from ...domain.errors import Conflict, InvalidInput, NotFound
from ...domain.matters import (
    MAX_ITEMS_PER_WRITE,
    TOO_MANY_RELATION_CHANGES,
    ClientMatterView,
    Matter,
    MatterListQuery,
    MatterSummary,
    PendingNotification,
)
from ...domain.ports import MatterRepository, PortalChanges, RelatedSave
from ...domain.stages import CourtStage
from .audit import audit_put
from .feed import FeedWrites
from .items import (
    Filter,
    Item,
    batch_get,
    boolean,
    delete,
    document,
    firm_pk,
    get,
    item_key,
    load,
    load_each,
    number,
    put,
    put_new,
    string,
    transact,
    update_document,
    update_op,
)
from .items import (
    query as query_partition,  # `query` is the name the port gives MatterRepository.list's filters
)
from .timeline import marker_key


def _portal_partition(firm_id: str, client_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENT#{client_id}#PORTAL"


def _involved_partition(firm_id: str, client_id: str) -> str:
    return f"FIRM#{firm_id}#CLIENT#{client_id}#MATTERS"


def portal_view_key(firm_id: str, client_id: str, matter_id: str) -> Item:
    """Where the client's view of a matter lives: it exists while the matter is published
    to the client (an access reads it with itself, see DynamoAccessRepository)."""
    return item_key(_portal_partition(firm_id, client_id), f"MATTER#{matter_id}")


def _listing_key(matter: Matter) -> str:
    return f"{matter.created_at.isoformat()}#{matter.id}"


# Not the matter's own attributes: the list of pending notifications and when the latest
# change was made, kept beside the document like the flag.
_BESIDE = {"notification_pending", "notification_pending_at", "court_stage", "stage", "consultation_count"}
# F20: how many consultations are linked to the matter, beside the document (the consultations'
# transactions move it: linking one is not an edit of the matter).
CONSULTATION_COUNT = "consultations"


def _court_stage(matter: Matter) -> Item | None:
    """B7: what the court's movements say of the stage, beside the document (a court movement
    is not an edit of the matter: it makes no new version)."""
    return string(matter.court_stage.model_dump_json()) if matter.court_stage else None


def _pending_key(firm_id: str, at: datetime, matter_id: str) -> Item:
    """The matter's entry in the firm's list of pending notifications, newest change last."""
    return item_key(f"FIRM#{firm_id}#PENDING", f"{at.isoformat()}#{matter_id}")


def _pending_at(matter: Matter) -> Item | None:
    at = matter.notification_pending_at
    return string(at.isoformat()) if matter.notification_pending and at else None


_ATTEMPTS = 5


class DynamoMatterRepository:
    def __init__(self, matters: str, updates: str, audit: str) -> None:
        self.table = matters
        self.updates = updates
        self.audit = audit
        self.feeds = FeedWrites(updates)

    def get(self, firm_id: str, matter_id: str) -> Matter | None:
        return _matter(get(self.table, firm_pk(firm_id), f"MATTER#{matter_id}"))

    def get_many(self, firm_id: str, matter_ids: list[str]) -> list[Matter]:
        keys = [item_key(firm_pk(firm_id), f"MATTER#{m}") for m in sorted(set(matter_ids))]
        return [m for m in (_matter(i) for i in batch_get({self.table: keys})[self.table]) if m]

    def by_number(self, firm_id: str, number_key: str) -> Matter | None:
        pointer = get(self.table, firm_pk(firm_id), f"NUMBER#{number_key}")
        return self.get(firm_id, pointer["matter_id"]["S"]) if pointer else None

    def list(self, firm_id: str, query: MatterListQuery, cursor: str | None, limit: int) -> Page[MatterSummary]:
        partition = _involved_partition(firm_id, query.client_id) if query.client_id else f"FIRM#{firm_id}#MATTERS"
        filters = []
        if query.status:
            filters.append(Filter.equals("status", string(query.status.value)))
        if query.public is not None:
            filters.append(Filter.equals("public", boolean(query.public)))
        items, next_cursor = query_partition(
            self.table, partition, "", cursor, limit, newest_first=True, where=Filter.all_of(filters)
        )
        return Page(items=load_each(MatterSummary, items), next_cursor=next_cursor)

    def create(
        self, matter: Matter, audit: AuditEntry | None, others: builtins.list[RelatedSave] | None = None
    ) -> None:
        operations = self.create_operations(matter)
        if audit:
            operations.append(audit_put(self.audit, audit))
        conflict = "The firm already has a matter with this number" + (
            ", or a related matter was changed by someone else. Reload and try again." if others else "."
        )
        self._write(matter.firm_id, operations, others, conflict)

    def create_operations(self, matter: Matter) -> builtins.list[Item]:
        """A new matter (no relations): the matter, its timeline marker, its lists and its number."""
        operations = [
            put_new(self.table, self._matter_item(matter)),
            put(self.updates, marker_key(matter.firm_id, matter.id)),
            *self._listing(matter, None),
            *self._pending_entry(matter, None),
        ]
        if matter.number_key:
            operations.append(
                put_new(
                    self.table,
                    {
                        **item_key(firm_pk(matter.firm_id), f"NUMBER#{matter.number_key}"),
                        "matter_id": string(matter.id),
                    },
                )
            )
        return operations

    def save(
        self,
        matter: Matter,
        previous: Matter,
        portal: PortalChanges,
        audit: AuditEntry | None,
        others: builtins.list[RelatedSave] | None = None,
    ) -> None:
        which = "This matter or a related one" if others else "This matter"
        self._write(
            matter.firm_id,
            self._save_operations(matter, previous, portal, audit),
            others,
            f"{which} was changed by someone else, or its number is taken. Reload and try again.",
            [RelatedSave(matter=matter, previous=previous, portal=portal)],
        )

    def _write(
        self,
        firm_id: str,
        operations: builtins.list[Item],
        others: builtins.list[RelatedSave] | None,
        conflict: str,
        saved: builtins.list[RelatedSave] | None = None,
    ) -> None:
        """The matter and the other sides of the relations it changed, in one transaction,
        with each touched client's feed summary (her views of them, feed.py)."""
        for other in others or []:
            operations += self._save_operations(other.matter, other.previous, other.portal, other.audit)
        views: dict[str, dict[str, tuple[ClientMatterView | None, bool]]] = {}
        for change in (saved or []) + (others or []):
            for client_id, view in change.portal.views.items():
                published_now = view is not None and client_id not in change.previous.published_to
                views.setdefault(client_id, {})[change.matter.id] = (view, published_now)
        operations += self.feeds.views(firm_id, views)
        if len(operations) > MAX_ITEMS_PER_WRITE:
            raise InvalidInput.field("related", TOO_MANY_RELATION_CHANGES)
        transact(operations, conflict=conflict)

    def _save_operations(
        self, matter: Matter, previous: Matter, portal: PortalChanges, audit: AuditEntry | None
    ) -> builtins.list[Item]:
        key = item_key(firm_pk(matter.firm_id), f"MATTER#{matter.id}")
        beside = {"notify_pending": boolean(matter.notification_pending), "notify_pending_at": _pending_at(matter)}
        operations = [
            update_document(
                self.table,
                key,
                matter,
                previous.version,
                exclude=_BESIDE,
                beside=beside,
                # A flag set meanwhile (a court movement arrived) is not lost, nor its list entry left behind;
                # nor a stage a court movement brought (the service reads again and saves over it).
                unchanged={"notify_pending_at": _pending_at(previous), "court_stage": _court_stage(previous)},
            ),
            *self._pending_entry(matter, previous),
        ]
        if matter.number_key != previous.number_key:
            if matter.number_key:
                operations.append(
                    put_new(
                        self.table,
                        {
                            **item_key(firm_pk(matter.firm_id), f"NUMBER#{matter.number_key}"),
                            "matter_id": string(matter.id),
                        },
                    )
                )
            if previous.number_key:
                operations.append(
                    delete(self.table, item_key(firm_pk(matter.firm_id), f"NUMBER#{previous.number_key}"))
                )
        operations += self._listing(matter, previous)
        for client_id, view in portal.views.items():
            portal_key = portal_view_key(matter.firm_id, client_id, matter.id)
            if view is None:
                operations.append(delete(self.table, portal_key))
            else:
                operations.append(put(self.table, {**portal_key, "doc": string(view.model_dump_json())}))
        if audit:
            operations.append(audit_put(self.audit, audit))
        return operations

    def set_notification_pending(self, firm_id: str, matter_id: str, pending: bool, at: datetime) -> None:
        # The matter is read for its entry in the pending list (title, clients) and the entry's
        # current key; written over what was read, so a change meanwhile makes it read again.
        for _ in range(_ATTEMPTS):
            current = self.get(firm_id, matter_id)
            if current is None:
                raise NotFound("Matter not found.")
            updated = current.model_copy(
                update={"notification_pending": pending, "notification_pending_at": at if pending else None}
            )
            values: Item = {":pending": boolean(pending)}
            expression = "SET notify_pending = :pending"
            if pending:
                expression += ", notify_pending_at = :at"
                values[":at"] = string(at.isoformat())
            else:
                expression += " REMOVE notify_pending_at"
            read = _pending_at(current)
            condition = "attribute_exists(pk) AND " + (
                "notify_pending_at = :read" if read else "attribute_not_exists(notify_pending_at)"
            )
            if read:
                values[":read"] = read
            key = item_key(firm_pk(firm_id), f"MATTER#{matter_id}")
            operations = [update_op(self.table, key, expression, condition=condition, values=values)]
            try:
                transact(operations + self._pending_entry(updated, current))
                return
            except Conflict:
                continue  # changed meanwhile: read it again
        raise Conflict("This matter is changing right now. Try again.", code="conflict")

    def save_court_stage(self, matter: Matter, previous: Matter) -> None:
        key = item_key(firm_pk(matter.firm_id), f"MATTER#{matter.id}")
        read = _court_stage(previous)
        values: Item = {":v": number(previous.version)}
        condition = "#v = :v AND " + ("court_stage = :read" if read else "attribute_not_exists(court_stage)")
        if read:
            values[":read"] = read
        written = _court_stage(matter)
        if written:
            expression = "SET court_stage = :stage"
            values[":stage"] = written
        else:
            expression = "REMOVE court_stage"
        operations = [
            update_op(self.table, key, expression, condition=condition, names={"#v": "version"}, values=values),
            *self._listing(matter, previous),
        ]
        for client_id in matter.published_to:
            portal_key = portal_view_key(matter.firm_id, client_id, matter.id)
            operations.append(
                put(self.table, {**portal_key, "doc": string(matter.view_for(client_id).model_dump_json())})
            )
        transact(operations, conflict="This matter was changed meanwhile. Read it again.")

    def pending_notifications(self, firm_id: str, cursor: str | None, limit: int) -> Page[PendingNotification]:
        items, next_cursor = query_partition(
            self.table, f"FIRM#{firm_id}#PENDING", "", cursor, limit, newest_first=True
        )
        return Page(items=load_each(PendingNotification, items), next_cursor=next_cursor)

    def _pending_entry(self, matter: Matter, previous: Matter | None) -> builtins.list[Item]:
        """The matter's entry in the firm's pending list as `matter` has it: put (with its
        title, number and clients as they are now), moved to the time of the latest change,
        or removed."""
        operations = []
        old = previous.pending_notification() if previous else None
        new = matter.pending_notification()
        if old and (new is None or new.changed_at != old.changed_at):
            operations.append(delete(self.table, _pending_key(matter.firm_id, old.changed_at, matter.id)))
        if new:
            key = _pending_key(matter.firm_id, new.changed_at, matter.id)
            operations.append(put(self.table, {**key, "doc": string(new.model_dump_json())}))
        return operations

    def client_views(self, firm_id: str, client_id: str, cursor: str | None, limit: int) -> Page[ClientMatterView]:
        items, next_cursor = query_partition(
            self.table, _portal_partition(firm_id, client_id), "MATTER#", cursor, limit
        )
        return Page(items=load_each(ClientMatterView, items), next_cursor=next_cursor)

    def client_view(self, firm_id: str, client_id: str, matter_id: str) -> ClientMatterView | None:
        key = portal_view_key(firm_id, client_id, matter_id)
        return load(ClientMatterView, get(self.table, key["pk"]["S"], key["sk"]["S"]))

    # builtins.list: in this class `list` is the method above.
    def client_views_of(
        self, firm_id: str, client_id: str, matter_ids: builtins.list[str]
    ) -> builtins.list[ClientMatterView]:
        keys = [portal_view_key(firm_id, client_id, m) for m in sorted(set(matter_ids))]
        return load_each(ClientMatterView, batch_get({self.table: keys})[self.table])

    def _matter_item(self, matter: Matter) -> Item:
        pending_at = _pending_at(matter)
        return {
            **item_key(firm_pk(matter.firm_id), f"MATTER#{matter.id}"),
            "doc": string(matter.model_dump_json(exclude=_BESIDE)),
            "version": number(matter.version),
            "notify_pending": boolean(matter.notification_pending),
            **({"notify_pending_at": pending_at} if pending_at else {}),
            **({"court_stage": court} if (court := _court_stage(matter)) else {}),
            **({CONSULTATION_COUNT: number(matter.consultation_count)} if matter.consultation_count else {}),
        }

    def _listing(self, matter: Matter, previous: Matter | None) -> builtins.list[Item]:
        """The matter's summary in the firm's list and in each involved client's list."""
        summary = matter.summary()
        attributes = {"status": string(matter.status.value), "public": boolean(matter.public)}
        sort_key = _listing_key(matter)
        operations = [put(self.table, document(f"FIRM#{matter.firm_id}#MATTERS", sort_key, summary, **attributes))]
        operations += [
            put(self.table, document(_involved_partition(matter.firm_id, c), sort_key, summary, **attributes))
            for c in matter.involved_client_ids
        ]
        gone = set(previous.involved_client_ids if previous else []) - set(matter.involved_client_ids)
        operations += [
            delete(self.table, item_key(_involved_partition(matter.firm_id, c), sort_key)) for c in sorted(gone)
        ]
        return operations


def _matter(item: Item | None) -> Matter | None:
    matter = load(Matter, item)
    if matter is None or item is None:
        return None
    at = item.get("notify_pending_at", {}).get("S")
    court = item.get("court_stage", {}).get("S")
    return matter.model_copy(
        update={
            "notification_pending": item.get("notify_pending", {}).get("BOOL", False),
            "notification_pending_at": datetime.fromisoformat(at) if at else None,
            "court_stage": CourtStage.model_validate_json(court) if court else None,
            "consultation_count": int(item.get(CONSULTATION_COUNT, {}).get("N", "0")),
        }
    )


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_matter_repository: type[MatterRepository] = DynamoMatterRepository
