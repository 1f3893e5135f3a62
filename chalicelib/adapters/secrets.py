"""Secrets Manager, through Powertools parameters (cached per container)."""

from __future__ import annotations

from typing import Callable


def secret_from_secrets_manager(secret_name: str) -> Callable[[], str]:
    """The secret's text, read when first needed (the token signing key, the model's API key)."""

    def key() -> str:
        from aws_lambda_powertools.utilities import parameters

        # Cached for five minutes per container; a rotated secret is picked up within that.
        return parameters.get_secret(secret_name, max_age=300)

    return key
