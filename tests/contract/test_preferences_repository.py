"""PreferencesRepository: one client's notification choices, written over their version."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.notifications import Topic
from chalicelib.domain.ports import ClientRepository, PreferencesRepository
from chalicelib.domain.preferences import ChannelChoice, MobileChallenge, NotificationPreferences, VerifiedMobile
from tests.contract.builders import a_client, an_audit_entry, unique

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_nothing_stored_is_none(preferences: PreferencesRepository, firm_id: str) -> None:
    assert preferences.get(firm_id, unique()) is None


def test_the_first_save_is_version_one_and_reads_back_whole(preferences: PreferencesRepository, firm_id: str) -> None:
    client_id = unique()
    _, challenge = MobileChallenge.issue("+5511987654321", NOW)
    first = (
        NotificationPreferences.defaults(firm_id, client_id)
        .with_channels({Topic.NEWS: ChannelChoice.NONE})
        .model_copy(update={"mobile": VerifiedMobile(number="+5511912345678", verified_at=NOW), "pending": challenge})
    )
    assert first.version == 1
    preferences.save(first)
    assert preferences.get(firm_id, client_id) == first


def test_a_save_over_a_stale_version_writes_nothing(preferences: PreferencesRepository, firm_id: str) -> None:
    client_id = unique()
    first = NotificationPreferences.defaults(firm_id, client_id).with_channels({Topic.NEWS: ChannelChoice.NONE})
    preferences.save(first)
    with pytest.raises(Conflict):
        preferences.save(first)  # version 1 again: something is stored already
    second = first.with_channels({Topic.BILLING: ChannelChoice.NONE})
    preferences.save(second)
    rival = first.with_channels({Topic.CASE_CHANGES: ChannelChoice.NONE})  # also version 2, over 1
    with pytest.raises(Conflict):
        preferences.save(rival)
    assert preferences.get(firm_id, client_id) == second
    skipped = second.with_channels({}).with_channels({})  # version 4 over 3, which is not stored
    with pytest.raises(Conflict):
        preferences.save(skipped)


def test_clients_and_firms_are_kept_apart(preferences: PreferencesRepository, firm_id: str, other_firm_id: str) -> None:
    client_id = unique()
    mine = NotificationPreferences.defaults(firm_id, client_id).with_channels({Topic.NEWS: ChannelChoice.NONE})
    preferences.save(mine)
    assert preferences.get(other_firm_id, client_id) is None
    assert preferences.get(firm_id, unique()) is None
    theirs = NotificationPreferences.defaults(other_firm_id, client_id).with_channels(
        {Topic.BILLING: ChannelChoice.NONE}
    )
    preferences.save(theirs)
    assert preferences.get(firm_id, client_id) == mine


def test_the_client_and_their_preferences_are_read_together(
    preferences: PreferencesRepository, clients: ClientRepository, firm_id: str
) -> None:
    client = a_client(firm_id)
    assert preferences.with_client(firm_id, client.id) == (None, None)
    clients.create(client, an_audit_entry(firm_id))
    assert preferences.with_client(firm_id, client.id) == (client, None)
    stored = NotificationPreferences.defaults(firm_id, client.id).with_channels({Topic.NEWS: ChannelChoice.NONE})
    preferences.save(stored)
    assert preferences.with_client(firm_id, client.id) == (client, stored)
    # Only these two items: another client, whose id begins with this one's, is not read.
    longer = a_client(firm_id).model_copy(update={"id": client.id + "x"})
    clients.create(longer, an_audit_entry(firm_id))
    preferences.save(
        NotificationPreferences.defaults(firm_id, longer.id).with_channels({Topic.BILLING: ChannelChoice.NONE})
    )
    assert preferences.with_client(firm_id, client.id) == (client, stored)
    assert preferences.with_client(firm_id, longer.id)[0] == longer
