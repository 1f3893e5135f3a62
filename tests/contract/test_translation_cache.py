"""TranslationCache: a plain text kept under its key; the first answer for a key stays."""

from __future__ import annotations

from chalicelib.domain.common import Language
from chalicelib.domain.ports import TranslationCache
from chalicelib.domain.translations import PlainText, cache_key
from tests.contract.builders import unique


def test_a_key_never_put_is_none(plain_cache: TranslationCache) -> None:
    assert plain_cache.get(cache_key(unique(), Language.PT_BR, "v1", "Ofício recebido")) is None


def test_a_text_put_reads_back_under_its_key_only(plain_cache: TranslationCache) -> None:
    scope = unique()
    key = cache_key(scope, Language.ES, "v1", "Ofício recebido")
    plain = PlainText(happened="Llegó un oficio.", next="Su abogado lo revisará.", action_needed=True)

    plain_cache.put(key, plain)

    assert plain_cache.get(key) == plain
    assert plain_cache.get(cache_key(scope, Language.EN, "v1", "Ofício recebido")) is None
    assert plain_cache.get(cache_key(scope, Language.ES, "v2", "Ofício recebido")) is None
    assert plain_cache.get(cache_key(unique(), Language.ES, "v1", "Ofício recebido")) is None


def test_the_same_text_normalised_is_the_same_key(plain_cache: TranslationCache) -> None:
    scope = unique()
    plain_cache.put(
        cache_key(scope, Language.PT_BR, "v1", "Ofício  RECEBIDO "), PlainText(happened="Chegou um ofício.")
    )
    assert plain_cache.get(cache_key(scope, Language.PT_BR, "v1", "ofício recebido")) is not None


def test_a_second_put_of_a_key_keeps_the_first(plain_cache: TranslationCache) -> None:
    key = cache_key(unique(), Language.PT_BR, "v1", "Ofício recebido")
    plain_cache.put(key, PlainText(happened="Primeira."))
    plain_cache.put(key, PlainText(happened="Segunda."))
    assert plain_cache.get(key) == PlainText(happened="Primeira.")
