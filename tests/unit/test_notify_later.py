"""F12 "notify later": the firm's list of matters with a notification pending, kept by every
write that sets or clears the flag, and "notify all"."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.domain.matters import NOTIFY_PENDING_BATCH, Matter, MatterInput, MatterUpdate
from chalicelib.domain.notifications import NotificationKind
from chalicelib.domain.timeline import UpdateInput
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, open_matter, party, publish


def pending(system: FakeSystem, firm: OpenFirm) -> list[str]:
    return [p.title for p in system.services.matters.pending_notifications(firm.id, None, 100).items]


def movement(system: FakeSystem, firm: OpenFirm, matter: Matter, published: bool = True) -> None:
    system.services.timeline.add(
        firm.actor,
        matter.id,
        UpdateInput(
            kind="manual_movement", occurred_at=datetime(2026, 9, 1, tzinfo=UTC), text="Juntada", published=published
        ),
    )


def test_a_published_change_lists_the_matter_with_the_names_of_the_clients_it_would_reach(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria = add_client(system, firm, "Maria Souza")
    joao = add_client(system, firm, "João Pereira")  # involved, not published to
    matter = open_matter(system, firm, [maria, joao], title="Despejo", number="Proc 3/2026")
    assert pending(system, firm) == []  # nothing published yet

    publish(system, firm, matter, [maria])

    (entry,) = system.services.matters.pending_notifications(firm.id, None, 10).items
    assert (entry.matter_id, entry.title, entry.number, entry.client_names, entry.changed_at) == (
        matter.id,
        "Despejo",
        "Proc 3/2026",
        ["Maria Souza"],
        system.clock.now(),
    )


def test_the_latest_change_comes_first_and_an_invisible_change_does_not_move_a_matter(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria = add_client(system, firm, "Maria Souza")
    first = publish(system, firm, open_matter(system, firm, [maria], title="Primeiro"), [maria])
    system.clock.advance(minutes=1)
    publish(system, firm, open_matter(system, firm, [maria], title="Segundo"), [maria])
    assert pending(system, firm) == ["Segundo", "Primeiro"]

    system.clock.advance(minutes=1)
    movement(system, firm, first, published=False)  # staff only: nothing new to clients
    assert pending(system, firm) == ["Segundo", "Primeiro"]
    movement(system, firm, first)
    assert pending(system, firm) == ["Primeiro", "Segundo"]
    assert system.services.matters.pending_notifications(firm.id, None, 1).items[0].changed_at == system.clock.now()


def test_notifying_a_matter_takes_it_off_the_list_and_a_new_change_brings_it_back(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria = add_client(system, firm, "Maria Souza")
    matter = publish(system, firm, open_matter(system, firm, [maria]), [maria])

    system.services.matters.notify(firm.actor, matter.id)
    assert pending(system, firm) == []

    movement(system, firm, matter)
    assert pending(system, firm) == ["Contrato de locação"]


def test_a_change_clients_would_not_see_keeps_the_time_of_the_one_they_would(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria = add_client(system, firm, "Maria Souza")
    matter = publish(system, firm, open_matter(system, firm, [maria]), [maria])
    since = system.clock.now()
    system.clock.advance(minutes=5)
    current = system.services.matters.get(firm.id, matter.id)
    # A party not published: the clients see nothing new; the list keeps the time of the change they did not see.
    data = current.model_dump(include=set(MatterInput.model_fields))
    hidden = party(add_client(system, firm, "Perita Ana"), published=False)
    system.services.matters.update(
        firm.actor,
        matter.id,
        MatterUpdate(**{**data, "parties": [*current.parties, hidden], "version": current.version}),
    )

    (entry,) = system.services.matters.pending_notifications(firm.id, None, 10).items
    assert entry.changed_at == since and entry.client_names == ["Maria Souza"]


def test_notify_all_tells_the_clients_of_every_pending_matter_clears_them_and_is_audited(
    system: FakeSystem, firm: OpenFirm
) -> None:
    maria = add_client(system, firm, "Maria Souza")
    joao = add_client(system, firm, "João Pereira")
    both = publish(system, firm, open_matter(system, firm, [maria, joao], title="Ambos"), [maria, joao])
    one = publish(system, firm, open_matter(system, firm, [joao], title="Um"), [joao])
    quiet = open_matter(system, firm, [maria], title="Não publicado")
    system.outbox.take()

    result = system.services.matters.notify_pending(firm.actor)

    assert (result.notified_matters, result.notified_clients, result.more) == (2, 3, False)
    sent = system.outbox.take()
    assert sorted((n.matter_id, n.principal_id) for n in sent) == sorted(
        [(both.id, maria.id), (both.id, joao.id), (one.id, joao.id)]
    )
    assert {n.kind for n in sent} == {NotificationKind.MATTER_UPDATED}
    assert pending(system, firm) == []
    assert not any(system.services.matters.get(firm.id, m.id).notification_pending for m in (both, one, quiet))
    (entry,) = [e for e in system.services.audit.list(firm.id, None, 100).items if e.action == "matters.notified"]
    assert (entry.action, entry.actor_id, sorted(entry.details["matter_ids"])) == (
        "matters.notified",
        firm.actor.principal_id,
        sorted([both.id, one.id]),
    )


def test_notify_all_with_nothing_pending_sends_nothing_and_writes_no_audit_entry(
    system: FakeSystem, firm: OpenFirm
) -> None:
    before = system.services.audit.list(firm.id, None, 100).items

    result = system.services.matters.notify_pending(firm.actor)

    assert (result.notified_matters, result.more) == (0, False)
    assert system.outbox.take() == []
    assert system.services.audit.list(firm.id, None, 100).items == before


def test_notify_all_stops_at_its_batch_and_says_more_remain(system: FakeSystem, firm: OpenFirm) -> None:
    maria = add_client(system, firm, "Maria Souza")
    for n in range(NOTIFY_PENDING_BATCH + 2):
        system.clock.advance(seconds=1)
        publish(system, firm, open_matter(system, firm, [maria], title=f"Caso {n}"), [maria])

    first = system.services.matters.notify_pending(firm.actor)

    assert (first.notified_matters, first.more) == (NOTIFY_PENDING_BATCH, True)
    assert pending(system, firm) == ["Caso 1", "Caso 0"]  # the oldest wait for the next call
    second = system.services.matters.notify_pending(firm.actor)
    assert (second.notified_matters, second.more) == (2, False)
