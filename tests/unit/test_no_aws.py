"""The unit tests need no AWS: they pass with boto3, botocore and moto impossible to import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD = "UNIT_TESTS_WITHOUT_AWS"

RUN_WITHOUT_AWS = """
import sys
for name in ("boto3", "botocore", "moto"):
    sys.modules[name] = None  # any import of them now fails
import pytest
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:logging", "tests/unit"]))
"""


@pytest.mark.skipif(os.environ.get(CHILD) == "1", reason="this is the run without AWS")
def test_the_unit_tests_pass_without_boto3_or_moto() -> None:
    result = subprocess.run(
        [sys.executable, "-c", RUN_WITHOUT_AWS],
        cwd=ROOT,
        env={**os.environ, CHILD: "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
