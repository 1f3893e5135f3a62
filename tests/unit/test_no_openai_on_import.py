"""The API path never loads openai (cold start): only the model adapter's methods import it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["app", "chalicelib.adapters.model", "chalicelib.bootstrap"])
def test_importing_does_not_load_openai(module: str) -> None:
    code = f"import sys, {module}; print('openai' in sys.modules, 'chalicelib.adapters.model' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split()[0] == "False"


def test_the_adapter_can_be_built_without_loading_openai() -> None:
    code = (
        "import sys\n"
        "from chalicelib.adapters.model import OpenAiPlainLanguageModel\n"
        "model = OpenAiPlainLanguageModel('http://localhost:8089/v1', 'stub-1', 'k')\n"
        "print(model.provider, model.prompt_version, 'openai' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split()[-1] == "False"
