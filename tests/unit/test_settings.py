"""The settings come from `PORTAL_*` variables, plus the OpenAI SDK's own names for the model."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from chalicelib.settings import Settings

from .test_download_origin import REQUIRED

ENVIRONMENT = {f"PORTAL_{name.upper()}": value for name, value in REQUIRED.items()}


def test_each_field_is_its_prefixed_variable_and_others_are_ignored() -> None:
    settings = Settings.from_environment(
        ENVIRONMENT | {"PORTAL_ACCESS_TOKEN_MINUTES": "30", "PORTAL_NO_SUCH_THING": "1", "STAGE": "prod"}
    )

    assert settings.access_token_minutes == 30
    assert settings.directory_table == "x"
    assert settings.stage == "local"


def test_the_openai_sdk_names_are_read_and_win_over_the_prefixed_ones() -> None:
    settings = Settings.from_environment(
        ENVIRONMENT
        | {"OPENAI_BASE_URL": "http://model:1/v1", "PORTAL_OPENAI_BASE_URL": "http://other:2/v1"}
        | {"PORTAL_OPENAI_MODEL": "small"}
    )

    assert settings.openai_base_url == "http://model:1/v1"
    assert settings.openai_model == "small"


def test_a_missing_table_is_refused_by_its_name() -> None:
    with pytest.raises(ValidationError, match="directory_table"):
        Settings.from_environment({k: v for k, v in ENVIRONMENT.items() if k != "PORTAL_DIRECTORY_TABLE"})


def test_a_value_that_is_not_its_type_is_refused() -> None:
    with pytest.raises(ValidationError, match="access_token_minutes"):
        Settings.from_environment(ENVIRONMENT | {"PORTAL_ACCESS_TOKEN_MINUTES": "soon"})
