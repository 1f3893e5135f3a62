"""`make package`, run once per test session (once per worker when `make test` runs them in
parallel, one build at a time: it writes vendor/ and Chalice's cache in the checkout): the tests
here read what it built (the template, the Lambda zip and the documents worker's layer)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Package:
    directory: Path
    template: dict[str, Any]
    zip_path: Path
    layer_path: Path
    log: str

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.template["Resources"]

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {name: spec for name, spec in self.resources.items() if spec.get("Type") == resource_type}


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Package]:
    if shutil.which("make") is None:
        pytest.fail("`make` is not installed: the package tests build the Lambda package with `make package`.")
    out = tmp_path_factory.mktemp("package")
    # Whatever AWS endpoint other tests pointed boto3 at (moto), packaging needs none.
    env = {k: v for k, v in os.environ.items() if k != "AWS_ENDPOINT_URL"} | {"AWS_DEFAULT_REGION": "us-east-1"}
    # The workers' temporary folders share a parent: the lock there lets one build at a time.
    lock_path = tmp_path_factory.getbasetemp().parent / "make-package.lock"
    try:
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            result = subprocess.run(
                ["make", "--no-print-directory", "package", f"BUILD_DIR={out}", "STAGE=dev"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=1200,
            )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"`make package` did not finish in {error.timeout} s:\n{error.stdout or ''}\n{error.stderr or ''}")
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(
            f"`make package` failed (exit code {result.returncode}); "
            f"it needs PyPI for the Lambda wheels:\n{log[-6000:]}"
        )
    # Chalice only warns, and still exits 0, when a dependency has no Lambda-compatible wheel.
    if "Could not install dependencies" in log or "could not be installed" in log.lower():
        pytest.fail(f"`make package` left dependencies out of the zip:\n{log[-6000:]}")
    template_path, zip_path, layer_path = out / "sam.json", out / "deployment.zip", out / "images-layer.zip"
    for path in (template_path, zip_path, layer_path):
        if not path.is_file():
            pytest.fail(f"`make package` wrote no {path.name} in {out}:\n{log[-6000:]}")
    yield Package(
        directory=out,
        template=json.loads(template_path.read_text()),
        zip_path=zip_path,
        layer_path=layer_path,
        log=log,
    )
