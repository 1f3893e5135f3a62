"""MatterRepository: matters found by id and by number (unique per firm), listed newest
first for the firm and for each involved client, saved over the version read together with
the clients' views of them (a view exists exactly while the matter is published to that
client)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.clients import Client
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.matters import Matter, MatterKind, MatterListQuery, MatterStatus
from chalicelib.domain.ports import MatterRepository, PortalChanges
from chalicelib.domain.stages import CourtStage, StageKey
from tests.contract.builders import NOW, a_client, a_matter, a_party, an_audit_entry, edited, unique
from tests.contract.conftest import Backend
from tests.contract.paging import assert_cursor_refused, bad_cursors, every_item, pages

NO_CHANGES = PortalChanges()


def open_matter(matters: MatterRepository, firm_id: str, **fields) -> Matter:
    matter = a_matter(firm_id, **fields)
    matters.create(matter, None)
    return matter


def publish(matters: MatterRepository, matter: Matter, clients: list[Client]) -> Matter:
    published = edited(matter, published_to=[c.id for c in clients])
    matters.save(published, matter, PortalChanges(views={c.id: published.view_for(c.id) for c in clients}), None)
    return published


def listed(
    matters: MatterRepository, firm_id: str, query: MatterListQuery | None = None, limit: int = 100
) -> list[str]:
    return [m.id for m in every_item(lambda cursor: matters.list(firm_id, query or MatterListQuery(), cursor, limit))]


def test_a_matter_never_created_is_none_by_id_and_by_number(matters: MatterRepository, firm_id: str) -> None:
    assert matters.get(firm_id, "nomatter") is None
    assert matters.by_number(firm_id, "proc 1/2024") is None
    assert matters.get_many(firm_id, ["nomatter"]) == []


def test_a_created_matter_reads_back_by_id_and_by_number_and_its_audit_entry_is_written(
    backend: Backend, firm_id: str
) -> None:
    matter, entry = a_matter(firm_id, number=f"Proc {unique()}/2024"), an_audit_entry(firm_id)

    backend.matters.create(matter, entry)

    assert backend.matters.get(firm_id, matter.id) == matter
    assert backend.matters.by_number(firm_id, matter.number_key) == matter
    assert listed(backend.matters, firm_id) == [matter.id]
    assert backend.audit_entries(firm_id) == [entry]


def test_a_number_the_firm_has_already_is_refused_and_nothing_is_written(backend: Backend, firm_id: str) -> None:
    first = open_matter(backend.matters, firm_id, number="Proc 1/2024")
    second = a_matter(firm_id, number="PROC  1/2024")  # the same number, folded

    with pytest.raises(Conflict):
        backend.matters.create(second, an_audit_entry(firm_id))

    assert backend.matters.get(firm_id, second.id) is None
    assert backend.matters.by_number(firm_id, first.number_key) == first
    assert listed(backend.matters, firm_id) == [first.id]
    assert backend.audit_entries(firm_id) == []


def test_the_same_number_may_belong_to_a_matter_of_another_firm(
    matters: MatterRepository, firm_id: str, other_firm_id: str
) -> None:
    here = open_matter(matters, firm_id, number="Proc 1/2024")
    there = open_matter(matters, other_firm_id, number="Proc 1/2024")

    assert matters.by_number(firm_id, here.number_key) == here
    assert matters.by_number(other_firm_id, here.number_key) == there


def test_a_creation_whose_audit_entry_id_is_taken_writes_nothing_and_leaves_the_number_free(
    backend: Backend, firm_id: str
) -> None:
    entry = an_audit_entry(firm_id)
    backend.audit.append(entry)
    matter = a_matter(firm_id, number="Proc 2/2024")

    with pytest.raises(Conflict):
        backend.matters.create(matter, entry)

    assert backend.matters.get(firm_id, matter.id) is None
    assert backend.matters.by_number(firm_id, matter.number_key) is None
    assert listed(backend.matters, firm_id) == []


def test_a_save_over_the_version_read_writes_the_matter_its_summary_and_its_audit_entry(
    backend: Backend, firm_id: str
) -> None:
    matter = open_matter(backend.matters, firm_id)
    closed = edited(matter, status=MatterStatus.CLOSED, title="Contrato encerrado")
    entry = an_audit_entry(firm_id)

    backend.matters.save(closed, matter, NO_CHANGES, entry)

    assert backend.matters.get(firm_id, matter.id) == closed
    assert backend.matters.list(firm_id, MatterListQuery(), None, 10).items == [closed.summary()]
    assert backend.audit_entries(firm_id) == [entry]


def test_a_stale_version_is_refused_and_nothing_changes(backend: Backend, firm_id: str) -> None:
    client = a_client(firm_id)
    matter = open_matter(backend.matters, firm_id, clients=[client])
    saved = edited(matter, title="Saved first")
    backend.matters.save(saved, matter, NO_CHANGES, None)
    stale = edited(matter, status=MatterStatus.CLOSED, published_to=[client.id])

    with pytest.raises(Conflict):
        backend.matters.save(
            stale, matter, PortalChanges(views={client.id: stale.view_for(client.id)}), an_audit_entry(firm_id)
        )

    assert backend.matters.get(firm_id, matter.id) == saved
    assert backend.matters.list(firm_id, MatterListQuery(), None, 10).items == [saved.summary()]
    assert backend.matters.client_view(firm_id, client.id, matter.id) is None
    assert backend.audit_entries(firm_id) == []


def test_a_new_number_moves_the_lookup_and_frees_the_old_number(matters: MatterRepository, firm_id: str) -> None:
    matter = open_matter(matters, firm_id, number="Proc 1/2024")
    renumbered = edited(matter, number="Proc 9/2024")

    matters.save(renumbered, matter, NO_CHANGES, None)

    assert matters.by_number(firm_id, renumbered.number_key) == renumbered
    assert matters.by_number(firm_id, matter.number_key) is None
    open_matter(matters, firm_id, number="Proc 1/2024")


def test_a_new_number_the_firm_has_already_is_refused_and_nothing_changes(
    matters: MatterRepository, firm_id: str
) -> None:
    matter = open_matter(matters, firm_id, number="Proc 1/2024")
    holder = open_matter(matters, firm_id, number="Proc 2/2024")

    with pytest.raises(Conflict):
        matters.save(edited(matter, number="Proc 2/2024"), matter, NO_CHANGES, None)

    assert matters.get(firm_id, matter.id) == matter
    assert matters.by_number(firm_id, matter.number_key) == matter
    assert matters.by_number(firm_id, holder.number_key) == holder


def test_a_clients_view_exists_exactly_while_the_matter_is_published_to_the_client(
    matters: MatterRepository, firm_id: str
) -> None:
    ana, bia = a_client(firm_id, "Ana Lima"), a_client(firm_id, "Bia Reis")
    matter = open_matter(matters, firm_id, clients=[ana, bia])

    published = publish(matters, matter, [ana])

    assert matters.client_view(firm_id, ana.id, matter.id) == published.view_for(ana.id)
    assert matters.client_view(firm_id, bia.id, matter.id) is None
    assert matters.client_views(firm_id, ana.id, None, 10).items == [published.view_for(ana.id)]
    assert matters.client_views_of(firm_id, ana.id, [matter.id, "other"]) == [published.view_for(ana.id)]

    withdrawn = edited(published, published_to=[])
    matters.save(withdrawn, published, PortalChanges(views={ana.id: None}), None)

    assert matters.client_view(firm_id, ana.id, matter.id) is None
    assert matters.client_views(firm_id, ana.id, None, 10).items == []
    assert matters.client_views_of(firm_id, ana.id, [matter.id]) == []


def test_a_clients_views_page_by_matter_id_each_once(matters: MatterRepository, firm_id: str) -> None:
    client = a_client(firm_id)
    views = [
        publish(matters, open_matter(matters, firm_id, clients=[client]), [client]).view_for(client.id)
        for _ in range(5)
    ]

    assert every_item(lambda cursor: matters.client_views(firm_id, client.id, cursor, 2)) == sorted(
        views, key=lambda v: v.id
    )
    assert sorted(v.id for v in matters.client_views_of(firm_id, client.id, [v.id for v in views])) == sorted(
        v.id for v in views
    )


def test_the_firms_list_is_newest_first_and_pages_yield_each_matter_once(
    matters: MatterRepository, firm_id: str
) -> None:
    opened = [open_matter(matters, firm_id, created_at=NOW + timedelta(days=d)) for d in [2, 0, 5, 1, 6, 3, 4]]

    newest_first = [m.id for m in sorted(opened, key=lambda m: m.created_at, reverse=True)]
    assert listed(matters, firm_id, limit=3) == newest_first
    assert [len(p.items) for p in pages(lambda cursor: matters.list(firm_id, MatterListQuery(), cursor, 3))] == [
        3,
        3,
        1,
    ]


def test_the_list_filters_by_status_and_by_public_across_its_pages(matters: MatterRepository, firm_id: str) -> None:
    client = a_client(firm_id)
    active = [open_matter(matters, firm_id, clients=[client], created_at=NOW + timedelta(days=d)) for d in range(4)]
    closed = [
        open_matter(matters, firm_id, status=MatterStatus.CLOSED, created_at=NOW + timedelta(days=d))
        for d in range(4, 7)
    ]
    public = [publish(matters, m, [client]) for m in active[:2]]

    def newest_first(found: list[Matter]) -> list[str]:
        return [m.id for m in sorted(found, key=lambda m: m.created_at, reverse=True)]

    assert listed(matters, firm_id, MatterListQuery(status=MatterStatus.CLOSED), limit=2) == newest_first(closed)
    assert listed(matters, firm_id, MatterListQuery(public=True), limit=2) == newest_first(public)
    assert listed(matters, firm_id, MatterListQuery(status=MatterStatus.ACTIVE, public=False), limit=2) == newest_first(
        active[2:]
    )


def test_a_clients_list_holds_the_matters_the_client_is_a_party_to_and_loses_one_the_client_leaves(
    matters: MatterRepository, firm_id: str
) -> None:
    client, other = a_client(firm_id), a_client(firm_id)
    kept = open_matter(matters, firm_id, clients=[client], created_at=NOW)
    left = open_matter(matters, firm_id, clients=[client, other], created_at=NOW + timedelta(days=1))
    open_matter(matters, firm_id, clients=[other])

    assert listed(matters, firm_id, MatterListQuery(client_id=client.id)) == [left.id, kept.id]

    matters.save(edited(left, parties=[a_party(other)]), left, NO_CHANGES, None)

    assert listed(matters, firm_id, MatterListQuery(client_id=client.id)) == [kept.id]
    assert left.id in listed(matters, firm_id, MatterListQuery(client_id=other.id))


@pytest.mark.parametrize("cursor", bad_cursors(another_lists_key=None))
def test_a_cursor_the_matter_list_never_handed_out_is_invalid_input(
    matters: MatterRepository, firm_id: str, cursor: str
) -> None:
    open_matter(matters, firm_id)

    assert_cursor_refused(lambda: matters.list(firm_id, MatterListQuery(), cursor, 10))


@pytest.mark.parametrize("cursor", bad_cursors(another_lists_key="T#20260302120000abcdef1234"))
def test_a_cursor_the_clients_views_never_handed_out_is_invalid_input(
    matters: MatterRepository, firm_id: str, cursor: str
) -> None:
    assert_cursor_refused(lambda: matters.client_views(firm_id, "client1", cursor, 10))


def test_notification_pending_is_kept_beside_the_matter_without_a_new_version(
    matters: MatterRepository, firm_id: str
) -> None:
    matter = open_matter(matters, firm_id)

    matters.set_notification_pending(firm_id, matter.id, True, NOW)

    stored = matters.get(firm_id, matter.id)
    assert stored.notification_pending is True and stored.version == matter.version
    assert stored.notification_pending_at == NOW
    matters.set_notification_pending(firm_id, matter.id, False, NOW)
    assert matters.get(firm_id, matter.id).notification_pending is False
    assert matters.get(firm_id, matter.id).notification_pending_at is None


def test_notification_pending_on_a_matter_never_created_is_not_found(matters: MatterRepository, firm_id: str) -> None:
    with pytest.raises(NotFound):
        matters.set_notification_pending(firm_id, "nomatter", True, NOW)

    assert matters.get(firm_id, "nomatter") is None


def test_get_many_reads_each_of_the_firms_matters_once_and_skips_the_rest(
    matters: MatterRepository, firm_id: str, other_firm_id: str
) -> None:
    ours = [open_matter(matters, firm_id) for _ in range(3)]
    theirs = open_matter(matters, other_firm_id)

    found = matters.get_many(firm_id, [ours[0].id, ours[1].id, ours[0].id, "nomatter", theirs.id, ours[2].id])

    assert sorted(found, key=lambda m: m.id) == sorted(ours, key=lambda m: m.id)
    assert matters.get_many(firm_id, []) == []


def test_another_firms_matters_and_views_are_not_found_there(
    matters: MatterRepository, firm_id: str, other_firm_id: str
) -> None:
    client = a_client(firm_id)
    matter = publish(matters, open_matter(matters, firm_id, number="Proc 1/2024", clients=[client]), [client])

    assert matters.get(other_firm_id, matter.id) is None
    assert matters.by_number(other_firm_id, matter.number_key) is None
    assert matters.list(other_firm_id, MatterListQuery(), None, 10).items == []
    assert matters.list(other_firm_id, MatterListQuery(client_id=client.id), None, 10).items == []
    assert matters.client_view(other_firm_id, client.id, matter.id) is None
    assert matters.client_views(other_firm_id, client.id, None, 10).items == []
    assert matters.client_views_of(other_firm_id, client.id, [matter.id]) == []


# --- the pending notifications list (F12 "notify later") -----------------------------------


def pending(matters: MatterRepository, firm_id: str, limit: int = 100) -> list[str]:
    return [p.matter_id for p in every_item(lambda cursor: matters.pending_notifications(firm_id, cursor, limit))]


def test_a_flag_set_lists_the_matter_with_its_title_number_clients_and_time_and_clearing_it_removes_it(
    matters: MatterRepository, firm_id: str, other_firm_id: str
) -> None:
    ana = a_client(firm_id, name="Ana Souza")
    matter = open_matter(matters, firm_id, number="Proc 7/2024", title="Despejo", clients=[ana])
    matter = publish(matters, matter, [ana])
    open_matter(matters, other_firm_id)

    matters.set_notification_pending(firm_id, matter.id, True, NOW)

    (entry,) = matters.pending_notifications(firm_id, None, 10).items
    assert (entry.matter_id, entry.title, entry.number, entry.client_names, entry.changed_at) == (
        matter.id,
        "Despejo",
        "Proc 7/2024",
        [ana.name],
        NOW,
    )
    assert pending(matters, other_firm_id) == []
    matters.set_notification_pending(firm_id, matter.id, False, NOW)
    assert pending(matters, firm_id) == []


def test_the_most_recently_changed_come_first_and_a_new_change_moves_a_matter_to_the_top(
    matters: MatterRepository, firm_id: str
) -> None:
    first, second, third = (open_matter(matters, firm_id) for _ in range(3))
    for position, matter in enumerate([first, second, third]):
        matters.set_notification_pending(firm_id, matter.id, True, NOW + timedelta(minutes=position))

    assert pending(matters, firm_id, limit=2) == [third.id, second.id, first.id]
    matters.set_notification_pending(firm_id, first.id, True, NOW + timedelta(hours=1))
    assert pending(matters, firm_id, limit=2) == [first.id, third.id, second.id]


def test_a_save_keeps_the_list_as_the_matter_says_moved_refreshed_or_removed(
    matters: MatterRepository, firm_id: str
) -> None:
    matter = open_matter(matters, firm_id, title="Antes")
    flagged = edited(matter, notification_pending=True, notification_pending_at=NOW)
    matters.save(flagged, matter, NO_CHANGES, None)
    assert [p.title for p in matters.pending_notifications(firm_id, None, 10).items] == ["Antes"]

    renamed = edited(matters.get(firm_id, matter.id), title="Depois")
    matters.save(renamed, flagged, NO_CHANGES, None)
    assert [(p.title, p.changed_at) for p in matters.pending_notifications(firm_id, None, 10).items] == [
        ("Depois", NOW)
    ]

    cleared = edited(renamed, notification_pending=False, notification_pending_at=None)
    matters.save(cleared, renamed, NO_CHANGES, None)
    assert pending(matters, firm_id) == []


def test_a_save_over_a_flag_set_since_it_was_read_is_a_conflict_and_the_list_stays_right(
    matters: MatterRepository, firm_id: str
) -> None:
    matter = open_matter(matters, firm_id)
    matters.set_notification_pending(firm_id, matter.id, True, NOW)  # a court movement arrived meanwhile

    with pytest.raises(Conflict):
        matters.save(edited(matter, title="Outro"), matter, NO_CHANGES, None)

    assert pending(matters, firm_id) == [matter.id]
    assert matters.get(firm_id, matter.id).notification_pending is True


# --- B7: the court's stage, beside the matter ------------------------------------------------


def with_court(matter: Matter, *movements: tuple[int, int]) -> Matter:
    court = (matter.court_stage or CourtStage()).with_movements(
        [(NOW + timedelta(days=day), code, None) for day, code in movements]
    )
    return matter.model_copy(update={"court_stage": court})


def test_a_court_stage_is_kept_beside_the_matter_with_its_lists_and_views_and_no_new_version(
    matters: MatterRepository, firm_id: str
) -> None:
    ana = a_client(firm_id, "Ana Lima")
    matter = publish(matters, open_matter(matters, firm_id, kind=MatterKind.COURT_CASE, clients=[ana]), [ana])
    filed = with_court(matter, (1, 26))
    matters.save_court_stage(filed, matter)

    stored = matters.get(firm_id, matter.id)
    assert stored is not None and stored.court_stage == filed.court_stage and stored.version == matter.version
    stage = stored.effective_stage()
    assert stage is not None and stage.key is StageKey.FILED
    (summary,) = matters.list(firm_id, MatterListQuery(), None, 10).items
    assert summary.stage == stage
    view = matters.client_view(firm_id, ana.id, matter.id)
    assert view is not None and view.stage == stage

    hearing = with_court(stored, (2, 970))
    matters.save_court_stage(hearing, stored)
    assert matters.get(firm_id, matter.id).court_stage == hearing.court_stage  # type: ignore[union-attr]


def test_a_court_stage_over_a_changed_version_or_court_stage_is_a_conflict(
    matters: MatterRepository, firm_id: str
) -> None:
    matter = open_matter(matters, firm_id, kind=MatterKind.COURT_CASE)
    renamed = edited(matter, title="Outro")
    matters.save(renamed, matter, NO_CHANGES, None)
    with pytest.raises(Conflict):
        matters.save_court_stage(with_court(matter, (1, 26)), matter)

    filed = with_court(renamed, (1, 26))
    matters.save_court_stage(filed, renamed)
    with pytest.raises(Conflict):  # read before the court stage above was written
        matters.save_court_stage(with_court(renamed, (2, 970)), renamed)
    assert matters.get(firm_id, matter.id).court_stage == filed.court_stage  # type: ignore[union-attr]


def test_a_save_keeps_the_court_stage_and_conflicts_when_it_changed_since_it_was_read(
    matters: MatterRepository, firm_id: str
) -> None:
    matter = open_matter(matters, firm_id, kind=MatterKind.COURT_CASE)
    filed = with_court(matter, (1, 26))
    matters.save_court_stage(filed, matter)

    with pytest.raises(Conflict):
        matters.save(edited(matter, title="Outro"), matter, NO_CHANGES, None)

    current = matters.get(firm_id, matter.id)
    assert current is not None
    matters.save(edited(current, title="Outro"), current, NO_CHANGES, None)
    stored = matters.get(firm_id, matter.id)
    assert stored is not None and stored.title == "Outro" and stored.court_stage == filed.court_stage
