"""F20: the consultations' domain rules, one by one: what a time, a subject, a search, a list's
filters and a task's key come to, and what each refuses (the field named and the words shown)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from chalicelib.domain.consultations import (
    MAX_SEARCH_KEYS,
    ConsultationInput,
    ConsultationListParams,
    ConsultationQuery,
    StaffRef,
    SubjectSearch,
    Task,
    TaskChange,
    TaskInput,
    entry_id,
    search_keys,
    searchable,
    sort_instant,
    subject_words,
)
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.timeline import TimelineItem, UpdateKind

BRASILIA = timezone(timedelta(hours=-3))
NO_ZONE = "Give the time zone (ISO 8601, e.g. 2026-05-04T14:30:00Z)."
TOO_MANY_WORDS = "The subject has too many different words; make it shorter."


@pytest.fixture
def server_in_brasilia(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's own zone set to Brasília (UTC-3): what is stored must not depend on it."""
    monkeypatch.setenv("TZ", "BRT3")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def refusal(error: pytest.ExceptionInfo[InvalidInput]) -> tuple[str, str, str, list[dict[str, str]]]:
    e = error.value
    return e.code, e.message, str(e), e.details


def words_subject(count: int) -> str:
    """A subject of `count` different words, each its own search key."""
    return " ".join(f"{chr(97 + i // 26)}{chr(97 + i % 26)}x" for i in range(count))


# --- times -------------------------------------------------------------------------------------


def test_a_time_without_its_zone_is_refused_on_occurred_at_saying_how_to_give_it() -> None:
    with pytest.raises(InvalidInput) as refused:
        ConsultationInput(subject="Primeira reunião", client_id="c1", occurred_at=datetime(2026, 5, 4, 14, 30))
    assert refusal(refused) == (
        "invalid_input",
        NO_ZONE,
        NO_ZONE,
        [{"path": "occurred_at", "message": NO_ZONE}],
    )


def test_a_task_due_at_a_time_without_its_zone_is_refused_on_due_at_saying_how_to_give_it() -> None:
    for task in (TaskInput, TaskChange):
        with pytest.raises(InvalidInput) as refused:
            task.model_validate({"title": "Ligar para a cliente", "due_at": datetime(2026, 5, 4, 14, 30), "version": 1})
        assert refused.value.message == NO_ZONE
        assert refused.value.details == [{"path": "due_at", "message": NO_ZONE}]


def test_the_moment_of_a_consultation_is_kept_in_utc_whatever_zone_it_was_given_in(server_in_brasilia: None) -> None:
    c = ConsultationInput(subject="Reunião", client_id="c1", occurred_at=datetime(2026, 5, 4, 14, 30, tzinfo=BRASILIA))
    assert c.occurred_at == datetime(2026, 5, 4, 17, 30, tzinfo=UTC)
    assert c.occurred_at is not None and c.occurred_at.utcoffset() == timedelta(0)
    assert c.occurred_at.hour == 17
    # No moment given: the service puts now.
    assert ConsultationInput(subject="Reunião", client_id="c1").occurred_at is None


def test_a_task_s_due_time_is_kept_in_utc(server_in_brasilia: None) -> None:
    task = TaskInput(title="Protocolar", due_at=datetime(2026, 5, 4, 23, 0, tzinfo=BRASILIA))
    assert task.due_at is not None
    assert (task.due_at.date(), task.due_at.hour, task.due_at.utcoffset()) == (date(2026, 5, 5), 2, timedelta(0))


def test_a_sort_key_is_the_utc_time_at_fixed_width(server_in_brasilia: None) -> None:
    assert sort_instant(datetime(2026, 5, 4, 14, 30, tzinfo=BRASILIA)) == "2026-05-04T17:30:00.000000Z"
    assert sort_instant(datetime(2026, 5, 4, 17, 30, 1, 5, tzinfo=UTC)) == "2026-05-04T17:30:01.000005Z"


# --- subjects and search -----------------------------------------------------------------------


def test_the_words_of_a_subject_are_folded_and_counted_once_in_order() -> None:
    assert subject_words("Ação de COBRANÇA — ação cobrança") == ["acao", "de", "cobranca"]


def test_search_keys_skip_words_shorter_than_three_letters_and_keep_three_letter_ones() -> None:
    assert search_keys("Paz e ano de luz") == ["ano", "luz", "paz"]
    assert search_keys("a de") == []


def test_the_searchable_text_puts_one_space_before_each_word() -> None:
    assert searchable("Divórcio e PENSÃO divórcio") == " divorcio e pensao"
    assert searchable("") == ""


def test_a_search_of_no_word_of_three_letters_says_so_on_q() -> None:
    message = "Type at least 3 letters of a word of the subject."
    with pytest.raises(InvalidInput) as refused:
        SubjectSearch.of("de a")
    assert refusal(refused) == ("invalid_input", message, message, [{"path": "q", "message": message}])


def test_a_search_reads_the_list_of_its_longest_word_and_checks_every_word() -> None:
    search = SubjectSearch.of("de Pensão")
    assert (search.key, search.words) == ("pen", ["de", "pensao"])
    assert search.matches("Pensão de alimentos")
    assert not search.matches("Pensão alimentícia")  # "de" must start a word too


def test_a_subject_of_as_many_different_words_as_allowed_is_taken() -> None:
    subject = words_subject(MAX_SEARCH_KEYS)
    assert len(search_keys(subject)) == MAX_SEARCH_KEYS
    assert ConsultationInput(subject=subject, client_id="c1").subject == subject


def test_a_subject_of_one_word_too_many_is_refused_on_subject_asking_to_shorten_it() -> None:
    with pytest.raises(InvalidInput) as refused:
        ConsultationInput(subject=words_subject(MAX_SEARCH_KEYS + 1), client_id="c1")
    assert refusal(refused) == (
        "invalid_input",
        TOO_MANY_WORDS,
        TOO_MANY_WORDS,
        [{"path": "subject", "message": TOO_MANY_WORDS}],
    )


# --- the list's filters ------------------------------------------------------------------------


def test_the_list_parameters_become_the_query_filter_by_filter() -> None:
    params = ConsultationListParams.model_validate(
        {
            "important": "true",
            "client_id": "k1",
            "staff_id": "s1",
            "matter": "linked",
            "from": "2026-05-01",
            "to": "2026-05-31",
            "q": "Pensão de",
        }
    )
    assert params.filters() == ConsultationQuery(
        important=True,
        client_id="k1",
        staff_id="s1",
        matter="linked",
        since=date(2026, 5, 1),
        until=date(2026, 5, 31),
        search=SubjectSearch(key="pen", words=["pensao", "de"]),
    )


def test_a_blank_search_is_no_search() -> None:
    assert ConsultationListParams.model_validate({"q": "   "}).filters().search is None
    assert ConsultationListParams.model_validate({}).filters() == ConsultationQuery()


def test_a_search_of_short_words_only_is_refused_from_the_list_parameters() -> None:
    with pytest.raises(InvalidInput) as refused:
        ConsultationListParams.model_validate({"q": "de a"}).filters()
    assert refused.value.details[0]["path"] == "q"


def test_dates_in_the_wrong_order_are_refused_on_from() -> None:
    message = "The first day comes after the last."
    params = ConsultationListParams.model_validate({"from": "2026-05-10", "to": "2026-05-01"})
    with pytest.raises(InvalidInput) as refused:
        params.filters()
    assert refusal(refused) == ("invalid_input", message, message, [{"path": "from", "message": message}])


@pytest.mark.parametrize(
    ("since", "until", "keys"),
    [
        (None, None, None),
        (date(2026, 5, 1), None, ("2026-05-01", "~")),
        (None, date(2026, 5, 31), ("0", "2026-05-31T~")),
        (date(2026, 5, 1), date(2026, 5, 31), ("2026-05-01", "2026-05-31T~")),
    ],
)
def test_the_dates_read_the_keys_from_the_first_day_to_the_end_of_the_last(
    since: date | None, until: date | None, keys: tuple[str, str] | None
) -> None:
    assert ConsultationQuery(since=since, until=until).range() == keys


def test_a_date_range_holds_every_moment_of_its_days_and_nothing_outside() -> None:
    low, high = ConsultationQuery(until=date(2026, 5, 31)).range() or ("", "")
    inside = [sort_instant(datetime(2000, 1, 1, tzinfo=UTC)), sort_instant(datetime(2026, 5, 31, 23, 59, tzinfo=UTC))]
    assert all(low <= key <= high for key in inside)
    assert not low <= sort_instant(datetime(2026, 6, 1, tzinfo=UTC)) <= high
    low, high = ConsultationQuery(since=date(2026, 5, 1)).range() or ("", "")
    assert low <= sort_instant(datetime(2099, 12, 31, 23, 59, tzinfo=UTC)) <= high
    assert not low <= sort_instant(datetime(2026, 4, 30, 23, 59, tzinfo=UTC)) <= high


def test_important_false_reads_the_whole_list() -> None:
    assert ConsultationQuery(important=False).list_to_read() == ""


# --- entries and tasks -------------------------------------------------------------------------


def test_an_entry_s_id_is_its_time_in_milliseconds_and_a_random_tail() -> None:
    at = datetime(2026, 5, 4, 17, 30, 0, 123_000, tzinfo=UTC)
    first, second = entry_id(at), entry_id(at)
    assert first[:13] == "1777915800123" == second[:13]
    assert re.fullmatch(r"[0-9]{13}[0-9a-f]{8}", first)
    assert first != second  # two entries in the same millisecond stay apart
    assert entry_id(datetime(2001, 9, 9, 1, 46, 39, tzinfo=UTC)) < entry_id(at)


def task(due_at: datetime | None) -> Task:
    at = datetime(2026, 5, 1, tzinfo=UTC)
    return Task(
        id="t1",
        firm_id="f1",
        title="Protocolar",
        assignee=StaffRef(id="s1", name="Ana"),
        due_at=due_at,
        created_at=at,
        created_by="s1",
    )


def test_tasks_sort_soonest_due_first_and_those_without_a_due_date_last() -> None:
    soon, later, never = (
        task(datetime(2026, 5, 2, tzinfo=UTC)),
        task(datetime(2099, 12, 31, 23, 59, tzinfo=UTC)),
        task(None),
    )
    assert soon.due_key() == "2026-05-02T00:00:00.000000Z"
    assert never.due_key() == "~"
    assert sorted([never, later, soon], key=Task.due_key) == [soon, later, never]


def timeline_task(**fields: object) -> TimelineItem:
    at = datetime(2026, 5, 1, 12, tzinfo=UTC)
    data: dict[str, object] = {
        "id": "20260501120000abcdefgh",
        "firm_id": "f1",
        "matter_id": "m1",
        "kind": UpdateKind.TASK,
        "occurred_at": at,
        "text": "Juntar procuração",
        "due_at": at + timedelta(days=3),
        "created_at": at,
        "created_by": "s1",
        "updated_at": at,
        "version": 4,
    }
    return TimelineItem.model_validate(data | fields)


def test_an_open_task_of_a_matter_shows_in_my_tasks_as_it_stands() -> None:
    item = timeline_task(assignee_id="s2")
    shown = Task.of_timeline(item, "Ação de cobrança")
    assert shown == Task(
        id=item.id,
        firm_id="f1",
        title="Juntar procuração",
        assignee=StaffRef(id="s2", name=""),
        due_at=item.due_at,
        matter_id="m1",
        source_title="Ação de cobrança",
        created_at=item.created_at,
        created_by="s1",
        version=4,
    )


def test_a_matter_task_of_no_assignee_is_its_creator_s_and_of_no_known_title_shows_none() -> None:
    shown = Task.of_timeline(timeline_task(), None)
    assert shown is not None
    assert shown.assignee == StaffRef(id="s1", name="")
    assert shown.source_title == ""
    assert shown.version == 4


def test_a_done_task_or_another_update_is_not_in_my_tasks() -> None:
    assert Task.of_timeline(timeline_task(done=True), "Ação") is None
    assert Task.of_timeline(timeline_task(kind=UpdateKind.NEWS), "Ação") is None
