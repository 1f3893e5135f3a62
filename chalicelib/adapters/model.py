"""The plain-language model (F16) through the openai SDK, against any OpenAI-compatible
server (OpenAI itself, a self-hosted vLLM or Ollama, the tests' stub).

`openai` is imported inside the methods only: the API's cold start never loads it, only the
translation worker's first call does."""

from __future__ import annotations

import re
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from chalicelib.domain.common import Language
from chalicelib.domain.ports import PlainLanguageModel
from chalicelib.domain.translations import ModelAnswerInvalid, ModelUnavailable, MovementText, PlainText

if TYPE_CHECKING:
    from collections.abc import Callable

    import openai
    from openai.types.chat import ChatCompletionMessageParam

PROMPT_FILE = "plain-movement.v1.md"  # chalicelib/prompts/: inside the Lambda zip, which packages chalicelib/
# Below the worker's 60 s: (max_retries + 1) attempts of at most `timeout_seconds` each, and
# the SDK's backoff between them (0.5 s, 1 s, ... with jitter), must end before the worker does.
DEFAULT_TIMEOUT_SECONDS = 20.0
DEFAULT_MAX_RETRIES = 1

_LANGUAGE_NAMES = {
    Language.PT_BR: "Brazilian Portuguese (pt-BR)",
    Language.ES: "Spanish (es)",
    Language.EN: "English (en)",
}
_PART = re.compile(r"^<!-- (system|user|retry) -->$", re.M)
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


def prompt_version_of(file_name: str) -> str:
    """ "plain-movement.v1.md" -> "v1"."""
    return file_name.removesuffix(".md").rsplit(".", 1)[-1]


class Prompt:
    """The prompt file's three parts: the system instructions, the user message and the retry."""

    def __init__(self, text: str) -> None:
        pieces = _PART.split(text)
        parts = dict(zip(pieces[1::2], (p.strip() for p in pieces[2::2]), strict=True))
        self.system, self.user, self.retry = parts["system"], parts["user"], parts["retry"]

    @classmethod
    def load(cls, file_name: str = PROMPT_FILE) -> Prompt:
        return cls((resources.files("chalicelib") / "prompts" / file_name).read_text(encoding="utf-8"))

    def messages(
        self, movement: MovementText, language: Language, problems: list[str]
    ) -> list[ChatCompletionMessageParam]:
        # str.replace, not str.format: the movement may hold braces.
        user = self.user.replace("{language}", _LANGUAGE_NAMES[language]).replace("{movement}", movement.original)
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": self.system},
            {"role": "user", "content": user},
        ]
        if problems:
            listed = "\n".join(f"- {problem}" for problem in problems)
            messages.append({"role": "user", "content": self.retry.replace("{problems}", listed)})
        return messages


class OpenAiPlainLanguageModel:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | Callable[[], str],
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        max_retries: int = DEFAULT_MAX_RETRIES,
        prompt_file: str = PROMPT_FILE,
    ) -> None:
        self.base_url = base_url
        self.model = model
        self._api_key = api_key  # a callable is asked on each request: a rotated secret is picked up
        self.timeout_seconds = timeout_seconds
        self.max_retries = max_retries
        self._prompt_file = prompt_file
        self._structured = True  # until the server refuses a json_schema response format

    @property
    def provider(self) -> str:
        host = urlsplit(self.base_url).netloc or self.base_url
        if host == "api.openai.com":
            return f"OpenAI ({self.model})"
        return f"OpenAI-compatible server at {host} (model {self.model})"

    @property
    def prompt_version(self) -> str:
        return prompt_version_of(self._prompt_file)

    @cached_property
    def _prompt(self) -> Prompt:
        return Prompt.load(self._prompt_file)

    @cached_property
    def _client(self) -> openai.OpenAI:
        import openai

        # The SDK retries 408, 409, 429, 5xx, connection errors and timeouts itself, up to
        # `max_retries` times, with exponential backoff (0.5 s doubling, at most 8 s) and
        # jitter, honouring a Retry-After of up to two minutes; what still fails is raised.
        return openai.OpenAI(
            base_url=self.base_url,
            api_key=self._api_key,
            timeout=self.timeout_seconds,
            max_retries=self.max_retries,
        )

    def explain(self, movement: MovementText, language: Language, problems: list[str]) -> PlainText:
        import openai
        import pydantic

        messages = self._prompt.messages(movement, language, problems)
        try:
            if self._structured:
                try:
                    return self._parse(messages)
                except (openai.BadRequestError, openai.UnprocessableEntityError):
                    # A server without json_schema response formats: ask for the JSON in the
                    # message itself (the prompt describes it) and parse that, from now on.
                    self._structured = False
            return self._parse_content(messages)
        except openai.APIStatusError as error:
            raise ModelUnavailable(f"{self.provider} answered HTTP {error.status_code}") from error
        except openai.APIConnectionError as error:  # timeouts included
            raise ModelUnavailable(f"{self.provider} did not answer: {type(error).__name__}") from error
        except (
            pydantic.ValidationError,
            openai.LengthFinishReasonError,
            openai.ContentFilterFinishReasonError,
        ) as error:
            raise ModelAnswerInvalid(f"{self.provider} did not answer the shape asked for") from error

    def _parse(self, messages: list[ChatCompletionMessageParam]) -> PlainText:
        completion = self._client.chat.completions.parse(model=self.model, messages=messages, response_format=PlainText)
        message = completion.choices[0].message if completion.choices else None
        if message is None or message.parsed is None:
            refusal = message.refusal if message is not None else None
            raise ModelAnswerInvalid(f"{self.provider} gave no structured answer ({refusal or 'no content'})")
        return message.parsed

    def _parse_content(self, messages: list[ChatCompletionMessageParam]) -> PlainText:
        completion = self._client.chat.completions.create(model=self.model, messages=messages)
        content = completion.choices[0].message.content if completion.choices else None
        if not content:
            raise ModelAnswerInvalid(f"{self.provider} gave an empty answer")
        fenced = _FENCE.match(content)
        return PlainText.model_validate_json(fenced.group(1) if fenced else content)


_plain_language_model: type[PlainLanguageModel] = OpenAiPlainLanguageModel
