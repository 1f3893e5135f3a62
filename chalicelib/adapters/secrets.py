"""Secrets Manager, through Powertools parameters (cached per container)."""

from __future__ import annotations

from typing import Callable


def signing_key_from_secrets_manager(secret_name: str) -> Callable[[], str]:
    def key() -> str:
        from aws_lambda_powertools.utilities import parameters

        # Cached for five minutes per container; a rotated key is picked up within that.
        return parameters.get_secret(secret_name, max_age=300)

    return key


def api_key_from_secret(secret_name: str) -> Callable[[], str]:
    """The model server's API key (F16), read like the signing key: the openai client asks
    for it on each request, so a rotated key is used within five minutes."""
    return signing_key_from_secrets_manager(secret_name)
