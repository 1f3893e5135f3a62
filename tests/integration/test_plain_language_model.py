"""The plain-language model's adapter (F16) through the real openai SDK, against a scripted
local chat-completions server: answers parsed into PlainText, the SDK's own retries, and
what it raises when the server is busy, failing, slow or answers nonsense."""

from __future__ import annotations

import pytest

from chalicelib.adapters.model import OpenAiPlainLanguageModel, Prompt
from chalicelib.domain import fact_check
from chalicelib.domain.common import Language
from chalicelib.domain.translations import ModelAnswerInvalid, ModelUnavailable, MovementText, PlainText
from tests.support import chat_server as behaviours
from tests.support.chat_server import ChatServer

MOVEMENT = MovementText(text="Audiência de Conciliação designada para 10/03/2025 14:00")
GOOD = PlainText(
    happened="The judge scheduled a conciliation hearing for 10/03/2025 at 14:00.",
    next="Both sides meet to try to reach an agreement.",
    action_needed=True,
)


def model_of(server: ChatServer, timeout_seconds: float = 5.0, max_retries: int = 2) -> OpenAiPlainLanguageModel:
    return OpenAiPlainLanguageModel(
        base_url=server.base_url,
        model=server.model,
        api_key="test-key",
        timeout_seconds=timeout_seconds,
        max_retries=max_retries,
    )


def test_a_good_answer_is_parsed_into_plain_text(chat_server: ChatServer) -> None:
    chat_server.queue(behaviours.answer(GOOD))
    assert model_of(chat_server).explain(MOVEMENT, Language.EN, []) == GOOD

    (request,) = chat_server.requests
    assert request.body["model"] == "stub-1"
    assert request.body["response_format"]["type"] == "json_schema"
    assert request.headers["authorization"] == "Bearer test-key"
    system, user = request.messages
    assert system["role"] == "system" and "plain language" in system["content"]
    assert user["role"] == "user" and MOVEMENT.text in user["content"] and "English (en)" in user["content"]


def test_the_answer_is_asked_in_the_requested_language(chat_server: ChatServer) -> None:
    chat_server.queue(behaviours.answer(GOOD), behaviours.answer(GOOD))
    model = model_of(chat_server)
    model.explain(MOVEMENT, Language.PT_BR, [])
    model.explain(MOVEMENT, Language.ES, [])
    assert "Brazilian Portuguese (pt-BR)" in chat_server.requests[0].messages[1]["content"]
    assert "Spanish (es)" in chat_server.requests[1].messages[1]["content"]


def test_malformed_json_is_an_invalid_answer(chat_server: ChatServer) -> None:
    chat_server.queue(behaviours.malformed())
    with pytest.raises(ModelAnswerInvalid):
        model_of(chat_server).explain(MOVEMENT, Language.EN, [])
    assert len(chat_server.requests) == 1  # not retried: the server answered


def test_a_wrong_shape_is_an_invalid_answer(chat_server: ChatServer) -> None:
    chat_server.queue(behaviours.wrong_shape())
    with pytest.raises(ModelAnswerInvalid):
        model_of(chat_server).explain(MOVEMENT, Language.EN, [])


def test_a_429_is_retried_by_the_sdk_and_then_answered(chat_server: ChatServer) -> None:
    chat_server.queue(behaviours.rate_limited(retry_after=0.01), behaviours.answer(GOOD))
    assert model_of(chat_server).explain(MOVEMENT, Language.EN, []) == GOOD
    assert len(chat_server.requests) == 2


def test_a_server_failing_every_time_is_unavailable_after_the_retries(chat_server: ChatServer) -> None:
    chat_server.then = behaviours.error(500, headers={"Retry-After": "0.01"})
    with pytest.raises(ModelUnavailable):
        model_of(chat_server, max_retries=2).explain(MOVEMENT, Language.EN, [])
    assert len(chat_server.requests) == 3  # max_retries + 1


def test_a_hanging_server_is_unavailable_after_the_timeout(chat_server: ChatServer) -> None:
    chat_server.queue(behaviours.hang(seconds=5))
    with pytest.raises(ModelUnavailable):
        model_of(chat_server, timeout_seconds=0.5, max_retries=0).explain(MOVEMENT, Language.EN, [])
    assert len(chat_server.requests) == 1


def test_the_retry_states_the_problems_to_the_model(chat_server: ChatServer) -> None:
    chat_server.queue(behaviours.answer(GOOD))
    problems = ["The date 10/03/2025 is missing.", "The amount R$ 2.000,00 is not in the original."]
    model_of(chat_server).explain(MOVEMENT, Language.EN, problems)

    *_, follow_up = chat_server.requests[0].messages
    assert follow_up["role"] == "user"
    assert all(problem in follow_up["content"] for problem in problems)
    assert len(chat_server.requests[0].messages) == 3


def test_a_dropped_date_comes_back_parsed_and_the_fact_check_flags_it(chat_server: ChatServer) -> None:
    chat_server.queue(behaviours.drop_date(GOOD))
    plain = model_of(chat_server).explain(MOVEMENT, Language.EN, [])
    assert "10/03/2025" not in plain.happened
    assert fact_check.problems(MOVEMENT.original, plain, Language.EN) == ["The date 10/03/2025 is missing."]


def test_an_invented_amount_comes_back_parsed_and_the_fact_check_flags_it(chat_server: ChatServer) -> None:
    chat_server.queue(behaviours.invent_amount(GOOD))
    plain = model_of(chat_server).explain(MOVEMENT, Language.EN, [])
    assert fact_check.problems(MOVEMENT.original, plain, Language.EN) == [
        "The amount R$ 2.000,00 is not in the original."
    ]


def test_a_server_without_json_schema_is_asked_for_the_json_in_the_message(chat_server: ChatServer) -> None:
    fenced = f"```json\n{GOOD.model_dump_json()}\n```"
    chat_server.queue(
        behaviours.json_schema_unsupported(),
        behaviours.Behaviour(content=fenced),
        behaviours.answer(GOOD),
    )
    model = model_of(chat_server)
    assert model.explain(MOVEMENT, Language.EN, []) == GOOD
    assert model.explain(MOVEMENT, Language.EN, []) == GOOD  # no json_schema asked again
    assert [("response_format" in r.body) for r in chat_server.requests] == [True, False, False]


def test_an_api_key_read_from_a_secret_is_asked_for_on_each_request(chat_server: ChatServer) -> None:
    keys = iter(["first", "rotated"])
    chat_server.queue(behaviours.answer(GOOD), behaviours.answer(GOOD))
    model = OpenAiPlainLanguageModel(chat_server.base_url, "stub-1", lambda: next(keys), 5.0, 0)
    model.explain(MOVEMENT, Language.EN, [])
    model.explain(MOVEMENT, Language.EN, [])
    assert [r.headers["authorization"] for r in chat_server.requests] == ["Bearer first", "Bearer rotated"]


def test_provider_and_prompt_version() -> None:
    local = OpenAiPlainLanguageModel("http://localhost:8089/v1", "stub-1", "k")
    assert local.provider == "OpenAI-compatible server at localhost:8089 (model stub-1)"
    assert OpenAiPlainLanguageModel("https://api.openai.com/v1", "gpt-4o-mini", "k").provider == "OpenAI (gpt-4o-mini)"
    assert local.prompt_version == "v1"


def test_the_prompt_file_has_its_three_parts() -> None:
    prompt = Prompt.load()
    assert "no legal training" in prompt.system and "legal advice" in prompt.system
    assert "{movement}" in prompt.user and "{language}" in prompt.user and "{problems}" in prompt.retry
