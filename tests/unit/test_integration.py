"""F13: the integration API. API keys shown once and kept hashed; batches of up to 1,000
movements (DataJud records or plain) split into queue messages; each movement stored once
however often it is sent; DataJud facts open the matter once; the batch status adds up."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.domain.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from chalicelib.domain.integration import ApiKeyRequest, IngestionChunk, MatterUpsert, MovementBatch
from chalicelib.domain.matters import MatterInput, MatterKind, MatterStatus, MatterUpdate
from chalicelib.handlers.views import ApiKeyView
from chalicelib.services.integration import MOVEMENTS_PER_MESSAGE
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    OpenFirm,
    add_client,
    api_key,
    caller,
    integration,
    invited_client,
    open_firm,
    open_matter,
    party,
    publish,
    send_movements,
)

CNJ = "0000832-35.2018.4.01.3202"
CNJ_BARE = "00008323520184013202"
OTHER_CNJ_BARE = "10000322220205020061"  # 1000032-22.2020.5.02.0061


def plain(number: str, day: int, text: str, hour: int = 12, **extra: Any) -> dict[str, Any]:
    return {"matter_number": number, "occurred_at": f"2026-08-{day:02d}T{hour:02d}:00:00Z", "text": text, **extra}


def datajud(number: str, movements: list[dict[str, Any]], wrapped: bool = True, **fields: Any) -> dict[str, Any]:
    record = {
        "numeroProcesso": number,
        "classe": {"codigo": 7, "nome": "Procedimento Comum Cível"},
        "tribunal": "TRF1",
        "grau": "G1",
        "orgaoJulgador": {"codigo": 16403, "nome": "1ª Vara Federal de Tefé"},
        "formato": {"codigo": 1, "nome": "Eletrônico"},  # DataJud sends more than we read
        "movimentos": movements,
        **fields,
    }
    return {"_source": record} if wrapped else record


def movimento(day: int, nome: str, codigo: int = 51, **extra: Any) -> dict[str, Any]:
    return {"codigo": codigo, "nome": nome, "dataHora": f"2026-08-{day:02d}T10:00:00.000Z", **extra}


def status(system: FakeSystem, feed: Any, batch_id: str) -> dict[str, Any]:
    # What was refused at the door is checked by the tests of refusals.
    return system.services.integration.status(feed, batch_id).model_dump(
        exclude={"id", "received_at", "refused", "refused_count"}
    )


def timeline_texts(system: FakeSystem, firm: OpenFirm, matter_id: str) -> list[str]:
    return [i.text for i in system.services.timeline.page(firm.id, matter_id, None, 100).items]


@pytest.fixture
def feed(system: FakeSystem, firm: OpenFirm) -> Any:
    return integration(system, firm)


# --- API keys -----------------------------------------------------------------------------------------


def test_an_api_key_is_shown_once_and_kept_only_as_a_hash(system: FakeSystem, firm: OpenFirm) -> None:
    created, secret = system.services.integration.create_key(firm.actor, ApiKeyRequest(name="Court feed"))
    assert secret.startswith(f"lpk_{firm.id}_{created.id}_")
    secret_part = secret.split("_", 3)[3]

    [listed] = system.services.integration.list_keys(firm.id, None, 25).items
    view = ApiKeyView.of(listed)
    assert view == ApiKeyView(
        id=created.id, name="Court feed", created_at=created.created_at, created_by=firm.admin.id, revoked_at=None
    )
    assert "secret" not in view.model_dump()
    stored = system.store.everything()
    assert secret_part not in stored and secret not in stored
    assert system.keys.get(firm.id, created.id).secret_hash in stored
    assert "api_key.created" in system.audit.actions(firm.id)

    who = system.services.integration.authenticate(secret)
    assert (who.firm_id, who.key_id, who.actor.kind) == (firm.id, created.id, "integration")


def test_a_revoked_key_is_refused_and_the_others_go_on(system: FakeSystem, firm: OpenFirm) -> None:
    first, second = api_key(system, firm, "one"), api_key(system, firm, "two")
    key_id = first.split("_")[2]
    system.services.integration.revoke_key(firm.actor, key_id)
    system.services.integration.revoke_key(firm.actor, key_id)  # again: nothing more happens
    with pytest.raises(Unauthenticated) as caught:
        system.services.integration.authenticate(first)
    assert caught.value.code == "invalid_api_key"
    assert system.services.integration.authenticate(second).firm_id == firm.id
    assert system.audit.actions(firm.id).count("api_key.revoked") == 1
    assert [
        k.revoked_at is not None
        for k in system.services.integration.list_keys(firm.id, None, 25).items
        if k.id == key_id
    ] == [True]
    with pytest.raises(NotFound):
        system.services.integration.revoke_key(firm.actor, "nosuchkey")


def test_a_key_of_one_firm_never_authenticates_for_another(system: FakeSystem, firm: OpenFirm) -> None:
    other = open_firm(system, slug="outra")
    mine, theirs = api_key(system, firm), api_key(system, other)
    _, my_key, my_secret = mine.split("_", 3)[1:]
    _, their_key, their_secret = theirs.split("_", 3)[1:]
    forged = [
        f"lpk_{other.id}_{my_key}_{my_secret}",  # my key presented as the other firm's
        f"lpk_{firm.id}_{their_key}_{their_secret}",
        f"lpk_{other.id}_{their_key}_{my_secret}",  # their key id, my secret
        f"lpk_{firm.id}_{my_key}_{their_secret}",
    ]
    for text in forged:
        with pytest.raises(Unauthenticated):
            system.services.integration.authenticate(text)
    # And other firms' keys cannot be revoked from here.
    with pytest.raises(NotFound):
        system.services.integration.revoke_key(firm.actor, their_key)
    assert system.services.integration.authenticate(theirs).firm_id == other.id


@pytest.mark.parametrize(
    "text",
    ["", "lpk", "lpk_a_b", "lpk_a_b_short", "xyz_a_b_" + "s" * 30, "lpk_a-b_c_" + "s" * 30, "lpk__c_" + "s" * 30],
)
def test_what_is_no_api_key_is_refused(system: FakeSystem, text: str) -> None:
    with pytest.raises(Unauthenticated):
        system.services.integration.authenticate(text)


# --- batches: limits and formats --------------------------------------------------------------------


def test_more_than_1000_movements_are_refused_in_either_format() -> None:
    movements = [plain(CNJ, 1 + i % 28, f"M{i}", hour=i % 24) for i in range(1001)]
    with pytest.raises(ValidationError):
        MovementBatch.model_validate({"format": "plain", "movements": movements})
    assert MovementBatch.model_validate({"format": "plain", "movements": movements[:1000]}).count == 1000
    records = [
        datajud(CNJ_BARE, [movimento(1 + i % 28, f"M{i}") for i in range(500)]),
        datajud(OTHER_CNJ_BARE, [movimento(1, f"N{i}") for i in range(501)]),
    ]
    with pytest.raises(ValidationError):
        MovementBatch.model_validate({"format": "datajud", "records": records})
    with pytest.raises(ValidationError):  # records in a plain batch
        MovementBatch.model_validate({"format": "plain", "records": records[:1]})


def test_a_batch_is_split_into_messages_of_100(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    matter = open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    movements = [plain(CNJ, 1 + i % 28, f"Movimento {i}", hour=i % 24) for i in range(250)]
    accepted = send_movements(system, feed, {"format": "plain", "movements": movements}, process=False)
    assert accepted.movements == 250 and accepted.status_url == f"/integration/batches/{accepted.batch_id}"

    chunks = system.queue.take(IngestionChunk)
    assert [len(c.movements) for c in chunks] == [100, 100, 50] and [c.chunk for c in chunks] == [0, 1, 2]
    assert {(c.firm_id, c.batch_id, c.key_id, c.source) for c in chunks} == {
        (firm.id, accepted.batch_id, feed.key_id, "integration")
    }
    assert status(system, feed, accepted.batch_id)["status"] == "processing"

    for done, chunk in enumerate(chunks, start=1):
        system.services.integration.process(chunk)
        assert status(system, feed, accepted.batch_id)["status"] == ("done" if done == 3 else "processing")
    assert status(system, feed, accepted.batch_id) == {
        "movements": 250,
        "status": "done",
        "stored": 250,
        "duplicates": 0,
        "matters_created": 0,
        "unknown_matters": [],
    }
    assert len(system.services.timeline.page(firm.id, matter.id, None, 100).items) == 100
    assert MOVEMENTS_PER_MESSAGE == 100


# --- each movement once ---------------------------------------------------------------------------


def test_the_same_movement_twice_in_one_message_is_stored_once(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    matter = open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    petition = plain(CNJ, 2, "Petição", code=85, complements=[{"name": "tipo_de_peticao", "value": "Contestação"}])
    # The same movement, its number written bare and its text in other case and spacing.
    again = {**petition, "matter_number": CNJ_BARE, "text": "  PETIÇÃO "}
    accepted = send_movements(
        system, feed, {"format": "plain", "movements": [petition, again, plain(CNJ, 3, "Conclusão")]}
    )
    assert timeline_texts(system, firm, matter.id) == ["Conclusão", "Petição"]
    assert (
        status(system, feed, accepted.batch_id)["stored"] == 2
        and status(system, feed, accepted.batch_id)["duplicates"] == 1
    )


def test_the_same_movement_in_two_messages_or_two_batches_is_stored_once(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    matter = open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    movements = [plain(CNJ, 1 + i % 28, f"Movimento {i}", hour=i % 24) for i in range(150)]
    movements[120] = movements[10]  # in the second message, again
    first = send_movements(system, feed, {"format": "plain", "movements": movements})
    assert (status(system, feed, first.batch_id)["stored"], status(system, feed, first.batch_id)["duplicates"]) == (
        149,
        1,
    )
    second = send_movements(system, feed, {"format": "plain", "movements": movements[:30]})
    assert (status(system, feed, second.batch_id)["stored"], status(system, feed, second.batch_id)["duplicates"]) == (
        0,
        30,
    )

    items = []
    cursor = None
    while True:
        page = system.services.timeline.page(firm.id, matter.id, cursor, 100)
        items += page.items
        cursor = page.next_cursor
        if not cursor:
            break
    assert len(items) == len({i.id for i in items}) == 149


def test_different_complements_make_different_movements(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    matter = open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    base = plain(CNJ, 2, "Petição", code=85)
    send_movements(
        system,
        feed,
        {
            "format": "plain",
            "movements": [
                {**base, "complements": [{"name": "tipo_de_peticao", "value": "Contestação"}]},
                {**base, "complements": [{"name": "tipo_de_peticao", "value": "Réplica"}]},
                {**base, "code": 86},
                {**base, "occurred_at": "2026-08-02T12:00:01Z"},
            ],
        },
    )
    assert len(timeline_texts(system, firm, matter.id)) == 4


def test_movements_arriving_out_of_order_are_read_by_date(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    client, tokens = invited_client(system, firm)
    matter = publish(
        system, firm, open_matter(system, firm, [client], kind=MatterKind.COURT_CASE, number=CNJ), [client]
    )
    for day, text in ((3, "Conclusão"), (1, "Distribuição"), (5, "Sentença")):
        send_movements(system, feed, {"format": "plain", "movements": [plain(CNJ, day, text)]})
    send_movements(
        system, feed, {"format": "plain", "movements": [plain(CNJ, 2, "Citação"), plain(CNJ, 4, "Audiência")]}
    )
    expected = ["Sentença", "Audiência", "Conclusão", "Citação", "Distribuição"]
    assert timeline_texts(system, firm, matter.id) == expected
    assert [i.text for i in system.portal.timeline_page(caller(system, tokens), matter.id, None, 50).items] == expected


def test_stored_movements_make_a_notification_pending_on_a_published_matter_only(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    client = add_client(system, firm)
    shown = publish(system, firm, open_matter(system, firm, [client], kind=MatterKind.COURT_CASE, number=CNJ), [client])
    system.services.matters.notify(firm.actor, shown.id)
    unseen = open_matter(system, firm, [client], kind=MatterKind.OTHER_COURT_CASE, number="Proc 2")
    batch = {"format": "plain", "movements": [plain(CNJ, 1, "Conclusão"), plain("Proc 2", 1, "Conclusão")]}
    send_movements(system, feed, batch)
    assert (
        system.services.matters.get(firm.id, shown.id).notification_pending
        and not system.services.matters.get(firm.id, unseen.id).notification_pending
    )
    # The firm's list of pending notifications has it too, at the moment the movements were stored.
    (entry,) = system.services.matters.pending_notifications(firm.id, None, 10).items
    assert (entry.matter_id, entry.changed_at) == (shown.id, system.clock.now())
    # Only duplicates: nothing new to tell.
    system.services.matters.notify(firm.actor, shown.id)
    send_movements(system, feed, batch)
    assert not system.services.matters.get(firm.id, shown.id).notification_pending


def test_plain_movements_of_unknown_numbers_are_reported(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    other = open_firm(system, slug="outra")
    open_matter(system, other, kind=MatterKind.OTHER_COURT_CASE, number="Deles 1")
    movements = [
        plain(CNJ, 1, "Conclusão"),
        plain("9999999-99.9999.9.99.9999", 1, "Perdido"),
        plain("Deles 1", 1, "De outra firma"),
        plain("Deles 1", 2, "De novo"),
    ]
    accepted = send_movements(system, feed, {"format": "plain", "movements": movements})
    assert status(system, feed, accepted.batch_id) == {
        "movements": 4,
        "status": "done",
        "stored": 1,
        "duplicates": 0,
        "matters_created": 0,
        "unknown_matters": ["9999999-99.9999.9.99.9999", "Deles 1"],
    }
    # Plain movements never open a matter, and the other firm's matter is untouched.
    assert system.matters.by_number(firm.id, "deles 1") is None
    assert timeline_texts(system, other, system.matters.by_number(other.id, "deles 1").id) == []


# --- DataJud records ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("wrapped", [True, False])
def test_a_datajud_record_opens_its_matter_from_its_facts(
    system: FakeSystem, firm: OpenFirm, feed: Any, wrapped: bool
) -> None:
    record = datajud(
        CNJ_BARE,
        [
            movimento(1, "Distribuição", 26),
            movimento(3, "Conclusão"),
            movimento(
                2,
                "Petição",
                85,
                complementosTabelados=[
                    {"codigo": 19, "valor": 57, "nome": "Contestação", "descricao": "tipo_de_peticao"}
                ],
            ),
        ],
        wrapped=wrapped,
    )
    accepted = send_movements(system, feed, {"format": "datajud", "records": [record]})

    matter = system.matters.by_number(firm.id, CNJ_BARE)
    assert (matter.kind, matter.number, matter.title, matter.procedural_class) == (
        MatterKind.COURT_CASE,
        CNJ,
        "Procedimento Comum Cível",
        "Procedimento Comum Cível",
    )
    assert (matter.court, matter.venue, matter.instance, matter.published_to) == (
        "TRF1",
        "1ª Vara Federal de Tefé",
        "G1",
        [],
    )
    assert status(system, feed, accepted.batch_id) == {
        "movements": 3,
        "status": "done",
        "stored": 3,
        "duplicates": 0,
        "matters_created": 1,
        "unknown_matters": [],
    }
    items = system.services.timeline.page(firm.id, matter.id, None, 10).items
    # DataJud's "Petição" of code 85 is the child part of "Juntada - Petição": the whole name is shown.
    assert [i.text for i in items] == ["Conclusão", "Juntada - Petição", "Distribuição"]
    petition = items[1]
    assert (petition.code, petition.source, petition.created_by) == (85, "court", feed.key_id)
    assert [(c.code, c.name, c.value, c.description) for c in petition.complements] == [
        (19, "Contestação", "57", "tipo_de_peticao")
    ]
    assert petition.for_client().details == ["Tipo de petição: Contestação"]
    audit = system.audit.entries(firm.id)[0]
    assert (audit.action, audit.actor_kind, audit.actor_id) == ("matter.created", "integration", feed.key_id)


def test_a_record_with_no_movements_still_opens_its_matter(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    accepted = send_movements(system, feed, {"format": "datajud", "records": [datajud(CNJ_BARE, [])]})
    assert system.matters.by_number(firm.id, CNJ_BARE) is not None
    assert status(system, feed, accepted.batch_id) == {
        "movements": 0,
        "status": "done",
        "stored": 0,
        "duplicates": 0,
        "matters_created": 1,
        "unknown_matters": [],
    }


def test_a_record_whose_number_is_no_cnj_number_opens_another_courts_matter(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    send_movements(
        system,
        feed,
        {
            "format": "datajud",
            "records": [datajud("0000832-36.2018.4.01.3202", [movimento(1, "Distribuição")], classe=None)],
        },
    )
    matter = system.matters.by_number(firm.id, "00008323620184013202")
    assert (matter.kind, matter.number, matter.title) == (
        MatterKind.OTHER_COURT_CASE,
        "0000832-36.2018.4.01.3202",
        "0000832-36.2018.4.01.3202",
    )


def test_a_matter_spread_over_several_records_and_messages_is_opened_once(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    records = [
        datajud(CNJ_BARE, [movimento(1 + i % 28, f"Primeiro {i}") for i in range(150)]),
        datajud(CNJ, [movimento(1, "Segundo registro")]),  # the same number, formatted
        datajud(OTHER_CNJ_BARE, []),
    ]
    accepted = send_movements(system, feed, {"format": "datajud", "records": records})
    result = status(system, feed, accepted.batch_id)
    assert (result["matters_created"], result["stored"], result["status"]) == (2, 151, "done")
    assert len([e for e in system.audit.entries(firm.id) if e.action == "matter.created"]) == 2
    # Sent again, nothing new is opened or stored.
    again = send_movements(system, feed, {"format": "datajud", "records": records})
    assert (
        status(system, feed, again.batch_id)["matters_created"],
        status(system, feed, again.batch_id)["duplicates"],
    ) == (0, 151)


def test_two_messages_racing_to_open_the_same_matter_open_it_once(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    """Two workers read "no such number" at the same time; the second one's create meets
    the number taken (Conflict) and stores its movements on the matter the first opened."""
    movements = [movimento(1 + i % 28, f"Movimento {i}") for i in range(200)]
    accepted = send_movements(
        system, feed, {"format": "datajud", "records": [datajud(CNJ_BARE, movements)]}, process=False
    )
    first, second = system.queue.take(IngestionChunk)
    assert first.matters == second.matters  # both messages carry the record's facts

    real_by_number = system.matters.by_number
    stale = {"reads": 0}

    def read_before_the_other_wrote(firm_id: str, number_key: str) -> Any:
        stale["reads"] += 1
        return None if stale["reads"] == 1 else real_by_number(firm_id, number_key)

    system.services.integration.process(first)
    system.matters.by_number = read_before_the_other_wrote  # type: ignore[method-assign]
    try:
        result = system.services.integration.process(second)
    finally:
        system.matters.by_number = real_by_number  # type: ignore[method-assign]
    assert stale["reads"] == 2  # the stale read, then the lookup after the Conflict
    assert (result.matters_created, result.stored, result.unknown_matters) == (0, 100, [])
    assert status(system, feed, accepted.batch_id)["matters_created"] == 1
    matter = system.matters.by_number(firm.id, CNJ_BARE)
    assert len(system.services.timeline.page(firm.id, matter.id, None, 100).items) == 100
    assert len([e for e in system.audit.entries(firm.id) if e.action == "matter.created"]) == 1


def test_an_existing_matter_is_not_reopened_nor_changed_by_facts(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    client = add_client(system, firm)
    mine = publish(
        system,
        firm,
        open_matter(system, firm, [client], kind=MatterKind.COURT_CASE, number=CNJ, title="Meu título"),
        [client],
    )
    send_movements(system, feed, {"format": "datajud", "records": [datajud(CNJ_BARE, [movimento(1, "Distribuição")])]})
    now = system.services.matters.get(firm.id, mine.id)
    assert (now.title, now.court, now.version, now.published_to) == ("Meu título", None, mine.version, [client.id])
    assert timeline_texts(system, firm, mine.id) == ["Distribuição"]


@pytest.mark.parametrize(
    "record",
    [
        datajud(CNJ_BARE, [movimento(1, "Distribuição")], classe={"nome": "C" * 201}),
        datajud(CNJ_BARE, [movimento(1, "Distribuição")], orgaoJulgador={"nome": "V" * 201}),
        datajud("   ", [movimento(1, "Distribuição")]),
    ],
    ids=["long class", "long venue", "blank number"],
)
def test_a_record_no_matter_could_be_opened_from_is_refused_when_sent(
    system: FakeSystem, feed: Any, record: dict[str, Any]
) -> None:
    """Caught at the door (422, alone in its batch), not in the worker, where it would fail on
    every delivery and leave its batch processing for ever."""
    assert [
        r.position for r in MovementBatch.model_validate({"format": "datajud", "records": [record]}).check().refused
    ] == [0]
    with pytest.raises(InvalidInput):
        send_movements(system, feed, {"format": "datajud", "records": [record]})
    assert system.queue.take(IngestionChunk) == []


def test_blank_names_and_spaces_around_the_number_do_not_stop_the_worker(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    record = datajud(
        f"  {CNJ_BARE} ", [movimento(1, "Distribuição")], classe={"nome": "   "}, orgaoJulgador={"nome": " "}
    )
    accepted = send_movements(system, feed, {"format": "datajud", "records": [record]})
    matter = system.matters.by_number(firm.id, CNJ_BARE)
    assert (matter.number, matter.title) == (CNJ, CNJ_BARE)  # titled with the number as sent
    assert status(system, feed, accepted.batch_id)["stored"] == 1


# --- chunk results and the batch status ---------------------------------------------------------------


def test_a_message_delivered_again_leaves_the_status_as_it_was(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    movements = [plain(CNJ, 1 + i % 28, f"Movimento {i}", hour=i % 24) for i in range(150)]
    accepted = send_movements(system, feed, {"format": "plain", "movements": movements}, process=False)
    chunks = system.queue.take(IngestionChunk)
    for chunk in chunks + chunks[:1] + chunks:  # SQS delivers at least once
        system.services.integration.process(chunk)
    batch = system.batches.get(firm.id, accepted.batch_id)
    assert sorted(batch.results) == ["0", "1"]
    assert status(system, feed, accepted.batch_id) == {
        "movements": 150,
        "status": "done",
        "stored": 150,
        "duplicates": 0,
        "matters_created": 0,
        "unknown_matters": [],
    }


def test_the_status_of_another_firms_batch_is_not_found(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    accepted = send_movements(system, feed, {"format": "plain", "movements": [plain(CNJ, 1, "x")]})
    other = open_firm(system, slug="outra")
    with pytest.raises(NotFound):
        system.services.integration.status(integration(system, other), accepted.batch_id)
    with pytest.raises(NotFound):
        system.services.integration.status(feed, "nosuchbatch")


# --- matters pushed by the firm's system -----------------------------------------------------------------


def test_upsert_creates_the_matter_then_updates_its_court_data(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    client = add_client(system, firm)
    created, is_new = system.services.integration.upsert_matter(
        feed, MatterUpsert(number=CNJ_BARE, title="Ação", court="TRF1")
    )
    assert is_new and (created.kind, created.number, created.court) == (MatterKind.COURT_CASE, CNJ, "TRF1")

    # Staff add a party and publish; the integration's update keeps both.
    current = system.services.matters.get(firm.id, created.id)
    data = {
        **current.model_dump(include=set(MatterInput.model_fields)),
        "parties": [party(client)],
        "version": current.version,
    }
    system.services.matters.update(firm.actor, created.id, MatterUpdate(**data))
    publish(system, firm, created, [client])

    updated, is_new = system.services.integration.upsert_matter(
        feed, MatterUpsert(number=CNJ, title="Ação revista", court="TRF1", venue="2ª Vara")
    )
    assert not is_new and updated.id == created.id
    assert (updated.title, updated.venue, updated.published_to, [p.client_id for p in updated.parties]) == (
        "Ação revista",
        "2ª Vara",
        [client.id],
        [client.id],
    )
    assert updated.status is MatterStatus.ACTIVE and updated.notification_pending
    assert system.matters.client_view(firm.id, client.id, created.id).title == "Ação revista"


def test_upsert_of_a_free_text_number_and_of_another_firms_number(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    other = open_firm(system, slug="outra")
    theirs = open_matter(system, other, kind=MatterKind.OTHER_COURT_CASE, number="Rol C-1", title="Deles")
    mine, is_new = system.services.integration.upsert_matter(feed, MatterUpsert(number="rol  c-1", title="Meu"))
    assert is_new and mine.kind is MatterKind.OTHER_COURT_CASE and mine.id != theirs.id
    assert system.services.matters.get(other.id, theirs.id).title == "Deles"


def test_an_upsert_racing_another_create_is_a_conflict(system: FakeSystem, firm: OpenFirm, feed: Any) -> None:
    real_by_number = system.matters.by_number
    system.services.integration.upsert_matter(feed, MatterUpsert(number=CNJ, title="Primeiro"))
    system.matters.by_number = lambda firm_id, key: None  # type: ignore[method-assign]
    try:
        with pytest.raises(Conflict):
            system.services.integration.upsert_matter(feed, MatterUpsert(number=CNJ, title="Segundo"))
    finally:
        system.matters.by_number = real_by_number  # type: ignore[method-assign]
    assert system.matters.by_number(firm.id, CNJ_BARE).title == "Primeiro"


# --- whole feeds: names from the CNJ table, a bad record refused alone ------------------------------


def test_a_movement_with_a_code_and_no_name_is_named_from_the_cnj_table(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    matter = open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    moves = [
        {"codigo": 12750, "dataHora": "2026-08-01T10:00:00Z"},  # the table's whole name, not its child part
        {"codigo": 900001, "codigoPaiNacional": 12750, "dataHora": "2026-08-02T10:00:00Z"},  # a local code
        {"codigo": 900002, "dataHora": "2026-08-03T10:00:00Z"},  # local, and no parent
    ]
    accepted = send_movements(system, feed, {"format": "datajud", "records": [datajud(CNJ_BARE, moves)]})
    assert accepted.refused == [] and accepted.refused_count == 0
    assert timeline_texts(system, firm, matter.id) == [
        "Movimento 900002",
        "Audiência de Instrução e Julgamento",
        "Audiência de Instrução e Julgamento",
    ]


def test_a_record_with_a_bad_movement_is_refused_and_the_others_stored(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    matter = open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    nameless = {"dataHora": "2026-08-02T10:00:00Z"}
    records = [
        datajud(CNJ_BARE, [movimento(1, "Distribuição")]),
        datajud(OTHER_CNJ_BARE, [movimento(2, "Conclusão"), nameless]),
        "not a record",
        datajud(CNJ_BARE, [movimento(3, "Juntada")]),
    ]
    accepted = send_movements(system, feed, {"format": "datajud", "records": records})
    refused = [r.model_dump() for r in accepted.refused]
    assert refused == [
        {
            "position": 1,
            "number": OTHER_CNJ_BARE,
            "errors": [
                {
                    "path": "records.1.movimentos.1",
                    "message": "Value error, A movement needs its `codigo` or its `nome`.",
                }
            ],
        },
        {
            "position": 2,
            "number": None,
            "errors": [{"path": "records.2", "message": refused[1]["errors"][0]["message"]}],
        },
    ]
    assert (accepted.movements, accepted.refused_count) == (2, 2)
    assert timeline_texts(system, firm, matter.id) == ["Juntada", "Distribuição"]
    assert system.matters.by_number(firm.id, OTHER_CNJ_BARE) is None  # nothing of the refused record
    shown = system.services.integration.status(feed, accepted.batch_id)
    assert (shown.stored, shown.refused_count, shown.refused) == (2, 2, accepted.refused)


def test_a_batch_with_every_record_refused_is_refused_whole_with_each_reason(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    bad = {"format": "plain", "movements": [plain(CNJ, 1, ""), {"matter_number": CNJ, "text": "Conclusão"}]}
    with pytest.raises(InvalidInput) as caught:
        send_movements(system, feed, bad)
    assert [(d["position"], d["number"], d["path"]) for d in caught.value.details] == [
        (0, CNJ, "movements.0.text"),
        (1, CNJ, "movements.1.occurred_at"),
    ]
    assert system.queue.take(IngestionChunk) == []


def test_a_child_movement_named_by_its_child_part_is_shown_by_its_whole_name_and_stored_once(
    system: FakeSystem, firm: OpenFirm, feed: Any
) -> None:
    record = datajud(CNJ_BARE, [movimento(4, "de Instrução e Julgamento", 12750)])
    send_movements(system, feed, {"format": "datajud", "records": [record]})
    again = send_movements(system, feed, {"format": "datajud", "records": [record]})
    matter = system.matters.by_number(firm.id, CNJ_BARE)
    assert timeline_texts(system, firm, matter.id) == ["Audiência de Instrução e Julgamento"]
    assert status(system, feed, again.batch_id)["duplicates"] == 1
    # A name of the court's own, with more than the table's name, stays as the court wrote it.
    own = datajud(CNJ_BARE, [movimento(5, "Audiência de Instrução e Julgamento designada para 10/03/2027", 12750)])
    send_movements(system, feed, {"format": "datajud", "records": [own]})
    assert "Audiência de Instrução e Julgamento designada para 10/03/2027" in timeline_texts(system, firm, matter.id)
