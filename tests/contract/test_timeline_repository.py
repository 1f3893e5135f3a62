"""TimelineRepository: a matter's items, keyed by an id that starts with their date, listed
newest first for staff (with read receipts) and, published ones of the kinds asked, for
clients; court movements stored once each; receipts keep the first time a client opened
an item."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.matters import Matter
from chalicelib.domain.timeline import ReadReceipt, StaffTimelineItem, TimelineItem, UpdateKind, item_id
from tests.contract.builders import NOW, a_matter, an_audit_entry, an_item, edited
from tests.contract.conftest import Backend
from tests.contract.paging import assert_cursor_refused, bad_cursors, every_item, pages


@pytest.fixture
def matter(backend: Backend, firm_id: str) -> Matter:
    """A matter of the firm: creating it is what makes its timeline exist."""
    matter = a_matter(firm_id)
    backend.matters.create(matter, None)
    return matter


def add(backend: Backend, matter: Matter, **fields) -> TimelineItem:
    item = an_item(matter, **fields)
    backend.timeline.add(item, None)
    return item


def staff_view(item: TimelineItem, *receipts: ReadReceipt) -> StaffTimelineItem:
    return StaffTimelineItem(**item.model_dump(), read_by=list(receipts))


def staff_timeline(backend: Backend, matter: Matter, limit: int = 100) -> list[StaffTimelineItem]:
    return every_item(lambda cursor: backend.timeline.page(matter.firm_id, matter.id, cursor, limit))


def client_timeline(
    backend: Backend, matter: Matter, kinds: set[UpdateKind] | None = None, limit: int = 100
) -> list[str]:
    kinds = set(UpdateKind) if kinds is None else kinds
    return [
        i.id
        for i in every_item(
            lambda cursor: backend.timeline.client_page(matter.firm_id, matter.id, kinds, cursor, limit)
        )
    ]


def redated(item: TimelineItem, occurred_at) -> TimelineItem:
    """The item on another date: its id changes with it (the suffix stays)."""
    return edited(item, occurred_at=occurred_at, id=item_id(occurred_at, item.id[14:]))


def test_an_item_never_added_is_none_for_staff_and_clients(backend: Backend, matter: Matter) -> None:
    assert backend.timeline.get(matter.firm_id, matter.id, "20260302120000abcdef12") is None
    assert backend.timeline.client_item(matter.firm_id, matter.id, "20260302120000abcdef12") is None


def test_an_added_item_reads_back_for_staff_and_clients_and_its_audit_entry_is_written(
    backend: Backend, matter: Matter
) -> None:
    item, entry = an_item(matter), an_audit_entry(matter.firm_id)

    backend.timeline.add(item, entry)

    assert backend.timeline.get(matter.firm_id, matter.id, item.id) == item
    assert backend.timeline.client_item(matter.firm_id, matter.id, item.id) == item.for_client()
    assert staff_timeline(backend, matter) == [staff_view(item)]
    assert backend.audit_entries(matter.firm_id) == [entry]


def test_an_item_id_added_twice_is_refused_and_the_first_item_stays(backend: Backend, matter: Matter) -> None:
    first = add(backend, matter)
    again = first.model_copy(update={"text": "Another text", "published": False})

    with pytest.raises(Conflict):
        backend.timeline.add(again, an_audit_entry(matter.firm_id))

    assert backend.timeline.get(matter.firm_id, matter.id, first.id) == first
    assert backend.timeline.client_item(matter.firm_id, matter.id, first.id) == first.for_client()
    assert backend.audit_entries(matter.firm_id) == []


def test_an_addition_whose_audit_entry_id_is_taken_writes_nothing(backend: Backend, matter: Matter) -> None:
    entry = an_audit_entry(matter.firm_id)
    backend.audit.append(entry)
    item = an_item(matter)

    with pytest.raises(Conflict):
        backend.timeline.add(item, entry)

    assert backend.timeline.get(matter.firm_id, matter.id, item.id) is None
    assert backend.timeline.client_item(matter.firm_id, matter.id, item.id) is None
    assert staff_timeline(backend, matter) == []


def test_the_staff_timeline_is_newest_first_whatever_order_items_came_in_and_pages_yield_each_once(
    backend: Backend, matter: Matter
) -> None:
    items = [add(backend, matter, occurred_at=NOW + timedelta(days=d)) for d in [3, 0, 6, 1, 5, 2, 4]]

    found = staff_timeline(backend, matter, limit=3)

    assert [i.id for i in found] == [i.id for i in sorted(items, key=lambda i: i.occurred_at, reverse=True)]
    assert [
        len(p.items) for p in pages(lambda cursor: backend.timeline.page(matter.firm_id, matter.id, cursor, 3))
    ] == [3, 3, 1]


def test_the_staff_timeline_of_a_matter_never_created_is_not_found(backend: Backend, firm_id: str) -> None:
    with pytest.raises(NotFound):
        backend.timeline.page(firm_id, "nomatter", None, 10)


def test_the_clients_timeline_holds_only_published_items_of_the_kinds_asked_newest_first(
    backend: Backend, matter: Matter
) -> None:
    movement = add(backend, matter, occurred_at=NOW, kind=UpdateKind.MANUAL_MOVEMENT)
    add(backend, matter, occurred_at=NOW + timedelta(days=1), kind=UpdateKind.TASK)
    add(backend, matter, occurred_at=NOW + timedelta(days=2), kind=UpdateKind.MANUAL_MOVEMENT, published=False)
    news = add(backend, matter, occurred_at=NOW + timedelta(days=3), kind=UpdateKind.NEWS)
    court = add(backend, matter, occurred_at=NOW + timedelta(days=4), kind=UpdateKind.AUTOMATIC_MOVEMENT)

    assert client_timeline(backend, matter, {UpdateKind.MANUAL_MOVEMENT, UpdateKind.NEWS}, limit=2) == [
        news.id,
        movement.id,
    ]
    assert len(client_timeline(backend, matter, limit=2)) == 4
    assert client_timeline(backend, matter, {UpdateKind.AUTOMATIC_MOVEMENT}) == [court.id]


def test_the_clients_timeline_with_no_kinds_allowed_is_empty(backend: Backend, matter: Matter) -> None:
    add(backend, matter, kind=UpdateKind.NEWS)

    assert client_timeline(backend, matter, set()) == []


def test_a_save_over_the_version_read_writes_the_item_and_the_clients_copy_and_keeps_the_receipts(
    backend: Backend, matter: Matter
) -> None:
    item = add(backend, matter)
    backend.timeline.record_receipt(matter.firm_id, matter.id, item.id, "client1", NOW)
    commented = edited(item, comment="We filed the answer.")
    entry = an_audit_entry(matter.firm_id)

    backend.timeline.save(commented, item, entry)

    assert backend.timeline.get(matter.firm_id, matter.id, item.id) == commented
    assert backend.timeline.client_item(matter.firm_id, matter.id, item.id) == commented.for_client()
    assert staff_timeline(backend, matter) == [staff_view(commented, ReadReceipt(client_id="client1", read_at=NOW))]
    assert backend.audit_entries(matter.firm_id) == [entry]


def test_hiding_an_item_takes_it_from_the_clients_and_showing_it_brings_it_back(
    backend: Backend, matter: Matter
) -> None:
    item = add(backend, matter)
    hidden = edited(item, published=False)

    backend.timeline.save(hidden, item, None)

    assert backend.timeline.client_item(matter.firm_id, matter.id, item.id) is None
    assert client_timeline(backend, matter) == []
    backend.timeline.save(edited(hidden, published=True), hidden, None)
    assert client_timeline(backend, matter) == [item.id]


def test_a_stale_version_is_refused_and_nothing_changes(backend: Backend, matter: Matter) -> None:
    item = add(backend, matter)
    saved = edited(item, text="Saved first")
    backend.timeline.save(saved, item, None)

    with pytest.raises(Conflict):
        backend.timeline.save(
            edited(item, text="Saved from a stale read", published=False), item, an_audit_entry(matter.firm_id)
        )

    assert backend.timeline.get(matter.firm_id, matter.id, item.id) == saved
    assert backend.timeline.client_item(matter.firm_id, matter.id, item.id) == saved.for_client()
    assert backend.audit_entries(matter.firm_id) == []


def test_a_save_of_an_item_deleted_meanwhile_is_refused_and_does_not_bring_it_back(
    backend: Backend, matter: Matter
) -> None:
    item = add(backend, matter, occurred_at=NOW)
    backend.timeline.delete(item, an_audit_entry(matter.firm_id))

    for change in [edited(item, text="Edited"), redated(item, NOW - timedelta(days=1))]:
        with pytest.raises(Conflict):
            backend.timeline.save(change, item, None)

    assert staff_timeline(backend, matter) == []
    assert client_timeline(backend, matter) == []


def test_a_new_date_moves_the_item_to_its_new_id_with_its_receipts(backend: Backend, matter: Matter) -> None:
    item = add(backend, matter, occurred_at=NOW)
    backend.timeline.record_receipt(matter.firm_id, matter.id, item.id, "client1", NOW)
    moved = redated(item, NOW - timedelta(days=10))

    backend.timeline.save(moved, item, None)

    assert backend.timeline.get(matter.firm_id, matter.id, item.id) is None
    assert backend.timeline.client_item(matter.firm_id, matter.id, item.id) is None
    assert backend.timeline.client_item(matter.firm_id, matter.id, moved.id) == moved.for_client()
    assert staff_timeline(backend, matter) == [staff_view(moved, ReadReceipt(client_id="client1", read_at=NOW))]


def test_a_new_date_over_a_stale_version_is_refused_and_nothing_moves(backend: Backend, matter: Matter) -> None:
    item = add(backend, matter, occurred_at=NOW)
    saved = edited(item, text="Saved first")
    backend.timeline.save(saved, item, None)
    moved = redated(item, NOW - timedelta(days=10))

    with pytest.raises(Conflict):
        backend.timeline.save(moved, item, None)

    assert backend.timeline.get(matter.firm_id, matter.id, moved.id) is None
    assert staff_timeline(backend, matter) == [staff_view(saved)]
    assert client_timeline(backend, matter) == [item.id]


def test_a_deleted_item_is_gone_for_staff_and_clients(backend: Backend, matter: Matter) -> None:
    item = add(backend, matter)
    entry = an_audit_entry(matter.firm_id)

    backend.timeline.delete(item, entry)

    assert backend.timeline.get(matter.firm_id, matter.id, item.id) is None
    assert backend.timeline.client_item(matter.firm_id, matter.id, item.id) is None
    assert staff_timeline(backend, matter) == []
    assert backend.audit_entries(matter.firm_id) == [entry]


def test_court_movements_are_stored_unless_there_already_and_the_answer_says_which_were_new(
    backend: Backend, matter: Matter
) -> None:
    # More than one DynamoDB transaction holds (25 movements), some of them sent before.
    movements = [
        an_item(matter, occurred_at=NOW + timedelta(minutes=m), kind=UpdateKind.AUTOMATIC_MOVEMENT, source="court")
        for m in range(30)
    ]
    sent_before = [movements[i] for i in (0, 7, 24, 25, 29)]
    assert backend.timeline.add_court_movements(sent_before) == [True] * 5

    new = backend.timeline.add_court_movements(movements)

    assert new == [m not in sent_before for m in movements]
    assert {i.id for i in staff_timeline(backend, matter)} == {m.id for m in movements}
    assert backend.timeline.add_court_movements(movements) == [False] * 30


def test_the_same_movement_twice_in_one_call_is_stored_once_and_only_its_first_place_is_new(
    backend: Backend, matter: Matter
) -> None:
    a, b = an_item(matter, occurred_at=NOW), an_item(matter, occurred_at=NOW + timedelta(hours=1))

    assert backend.timeline.add_court_movements([a, b, a]) == [True, True, False]

    assert sorted(i.id for i in staff_timeline(backend, matter)) == sorted([a.id, b.id])


def test_of_two_items_with_one_id_in_a_call_the_first_is_the_one_stored(backend: Backend, matter: Matter) -> None:
    first = an_item(matter, text="The first text")
    second = first.model_copy(update={"text": "The second text"})

    assert backend.timeline.add_court_movements([first, second]) == [True, False]

    assert backend.timeline.get(matter.firm_id, matter.id, first.id) == first


def test_a_receipt_keeps_the_first_time_each_client_opened_the_item(backend: Backend, matter: Matter) -> None:
    item = add(backend, matter)

    backend.timeline.record_receipt(matter.firm_id, matter.id, item.id, "client1", NOW)
    backend.timeline.record_receipt(matter.firm_id, matter.id, item.id, "client1", NOW + timedelta(days=1))
    backend.timeline.record_receipt(matter.firm_id, matter.id, item.id, "client2", NOW + timedelta(hours=2))

    assert staff_timeline(backend, matter)[0].read_by == [
        ReadReceipt(client_id="client1", read_at=NOW),
        ReadReceipt(client_id="client2", read_at=NOW + timedelta(hours=2)),
    ]


def test_a_receipt_for_an_item_that_is_not_there_is_not_found_and_creates_nothing(
    backend: Backend, matter: Matter
) -> None:
    item = an_item(matter)

    with pytest.raises(NotFound):
        backend.timeline.record_receipt(matter.firm_id, matter.id, item.id, "client1", NOW)

    assert backend.timeline.get(matter.firm_id, matter.id, item.id) is None
    assert staff_timeline(backend, matter) == []


@pytest.mark.parametrize("cursor", bad_cursors(another_lists_key="MATTER#abc"))
def test_a_cursor_no_timeline_handed_out_is_invalid_input(backend: Backend, matter: Matter, cursor: str) -> None:
    add(backend, matter)

    assert_cursor_refused(lambda: backend.timeline.page(matter.firm_id, matter.id, cursor, 10))
    assert_cursor_refused(lambda: backend.timeline.client_page(matter.firm_id, matter.id, set(UpdateKind), cursor, 10))


def test_another_firms_timeline_is_not_found_there(backend: Backend, matter: Matter, other_firm_id: str) -> None:
    item = add(backend, matter)

    assert backend.timeline.get(other_firm_id, matter.id, item.id) is None
    assert backend.timeline.client_item(other_firm_id, matter.id, item.id) is None
    assert backend.timeline.client_page(other_firm_id, matter.id, set(UpdateKind), None, 10).items == []
    with pytest.raises(NotFound):
        backend.timeline.page(other_firm_id, matter.id, None, 10)
    with pytest.raises(NotFound):
        backend.timeline.record_receipt(other_firm_id, matter.id, item.id, "client1", NOW)
