"""HeldNotificationsRepository: one held set per client, opened once, replaced only over
exactly what was read (its version and its id: a set released and opened again is not the
one read before), and removed only as read."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.notifications import HeldNotifications, Notification, NotificationKind
from chalicelib.domain.ports import HeldNotificationsRepository
from tests.contract.builders import NOW, unique


def a_notification(firm_id: str, client_id: str) -> Notification:
    return Notification(
        kind=NotificationKind.NEWS,
        firm_id=firm_id,
        principal_kind=PrincipalKind.CLIENT,
        principal_id=client_id,
        matter_id=unique(),
        item_id=unique(),
    )


def opened(firm_id: str, client_id: str) -> HeldNotifications:
    return HeldNotifications(
        firm_id=firm_id,
        client_id=client_id,
        release_at=NOW + timedelta(minutes=10),
        notifications=[a_notification(firm_id, client_id)],
    )


def test_nothing_is_held_for_a_client_until_it_is_opened(held: HeldNotificationsRepository, firm_id: str) -> None:
    client_id = unique()
    assert held.get(firm_id, client_id) is None

    first = opened(firm_id, client_id)
    held.save(first, None)

    assert held.get(firm_id, client_id) == first


def test_a_client_has_one_held_set_at_a_time(held: HeldNotificationsRepository, firm_id: str) -> None:
    client_id = unique()
    first = opened(firm_id, client_id)
    held.save(first, None)

    with pytest.raises(Conflict):
        held.save(opened(firm_id, client_id), None)

    assert held.get(firm_id, client_id) == first


def test_adding_over_what_was_read_and_not_over_a_stale_read(held: HeldNotificationsRepository, firm_id: str) -> None:
    client_id = unique()
    first = opened(firm_id, client_id)
    held.save(first, None)
    second = first.adding(a_notification(firm_id, client_id))
    held.save(second, first)

    with pytest.raises(Conflict):
        held.save(first.adding(a_notification(firm_id, client_id)), first)

    assert held.get(firm_id, client_id) == second


def test_a_set_released_and_opened_again_is_not_the_one_read_before(
    held: HeldNotificationsRepository, firm_id: str
) -> None:
    client_id = unique()
    first = opened(firm_id, client_id)
    held.save(first, None)
    held.remove(first)
    again = opened(firm_id, client_id)  # the same version, another id
    held.save(again, None)

    with pytest.raises(Conflict):
        held.save(first.adding(a_notification(firm_id, client_id)), first)
    with pytest.raises(Conflict):
        held.remove(first)

    assert held.get(firm_id, client_id) == again


def test_removing_only_what_was_read(held: HeldNotificationsRepository, firm_id: str) -> None:
    client_id = unique()
    first = opened(firm_id, client_id)
    held.save(first, None)
    second = first.adding(a_notification(firm_id, client_id))
    held.save(second, first)

    with pytest.raises(Conflict):
        held.remove(first)
    held.remove(second)

    assert held.get(firm_id, client_id) is None


def test_clients_and_firms_are_kept_apart(held: HeldNotificationsRepository, firm_id: str, other_firm_id: str) -> None:
    client_id = unique()
    mine = opened(firm_id, client_id)
    held.save(mine, None)

    assert held.get(other_firm_id, client_id) is None
    assert held.get(firm_id, unique()) is None
    theirs = opened(other_firm_id, client_id)
    held.save(theirs, None)
    assert held.get(firm_id, client_id) == mine
