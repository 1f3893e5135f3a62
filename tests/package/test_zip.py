"""The Lambda zip (build/deployment.zip): complete, small, and built for Lambda."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, Package

MAX_ZIP_BYTES = 15 * 1000 * 1000  # ENGINEERING.md: the Lambda package is at most 15 MB
RUNTIME_PROVIDED = ("boto3/", "botocore/", "s3transfer/")


def repository_files(folder: str) -> dict[str, bytes]:
    base = ROOT / folder
    return {
        f"{folder}/{path.relative_to(base).as_posix()}": path.read_bytes()
        for path in base.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def archive(package: Package) -> zipfile.ZipFile:
    return zipfile.ZipFile(package.zip_path)


def test_the_zip_is_at_most_15_mb(package: Package) -> None:
    size = package.zip_path.stat().st_size
    print(f"deployment.zip: {size / 1e6:.2f} MB")
    assert size <= MAX_ZIP_BYTES, f"deployment.zip is {size / 1e6:.1f} MB, over 15 MB"


def test_the_zip_has_the_app_and_all_of_chalicelib(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    assert "app.py" in names
    expected = repository_files("chalicelib")
    assert expected
    missing = sorted(set(expected) - names)
    assert not missing, f"missing from the zip: {missing}"
    # Read at run time (domain/movement_codes.py): the names of DataJud movements sent with a code only.
    assert "chalicelib/data/cnj-tpu-movimentos.csv" in names
    # Read at run time (adapters/model.py): the plain-language model's prompt, versioned by its name.
    assert "chalicelib/prompts/plain-movement.v1.md" in names


def test_the_zip_has_every_email_template_at_its_root(archive: zipfile.ZipFile) -> None:
    from chalicelib.domain.common import Language
    from chalicelib.domain.templates import DIGEST, TemplateName

    expected = repository_files("email_templates")
    # Every default (each template name and the digest, in each language) and both layouts.
    defaults = {
        f"email_templates/{name}/{language.value}.txt" for name in [*TemplateName, DIGEST] for language in Language
    }
    assert defaults | {"email_templates/_layout.html", "email_templates/_layout.txt"} <= set(expected), (
        "a default or a layout is missing from email_templates/"
    )
    for name, content in expected.items():
        assert name in archive.namelist(), f"{name} is not in the zip (it must travel through vendor/)"
        assert archive.read(name) == content, f"{name} in the zip differs from the repository's (stale vendor/ copy?)"


def test_the_zip_leaves_the_aws_sdk_to_the_lambda_runtime(archive: zipfile.ZipFile) -> None:
    bundled = sorted({name.split("/")[0] for name in archive.namelist() if name.startswith(RUNTIME_PROVIDED)})
    assert not bundled, f"{bundled} bundled: the Lambda runtime provides them (infra/slim_package.py)"


def test_the_zip_leaves_the_image_libraries_to_the_workers_layer(archive: zipfile.ZipFile) -> None:
    """Pillow and pillow-heif travel in images-layer.zip (tests/package/test_layer.py): in this
    zip they would take it past 15 MB, for every function."""
    tops = {name.split("/")[0].lower() for name in archive.namelist()}
    assert not {t for t in tops if t.startswith(("pil", "pillow", "_pillow_heif"))}, sorted(tops)


def test_native_extensions_come_from_manylinux_wheels_for_the_functions_runtime(
    package: Package, archive: zipfile.ZipFile
) -> None:
    """Platform wheels must be PyPI's manylinux builds for Lambda's Python and architecture:
    a wheel built on this machine would be tagged linux_x86_64 (or for another OS)."""
    functions = package.of_type("AWS::Serverless::Function").values()
    runtimes = {spec["Properties"]["Runtime"] for spec in functions}
    architectures = {a for spec in functions for a in spec["Properties"].get("Architectures", ["x86_64"])}
    assert len(runtimes) == 1 and architectures == {"x86_64"}, (runtimes, architectures)
    python = "cp" + runtimes.pop().removeprefix("python").replace(".", "")
    platform_wheels = {}
    for name in archive.namelist():
        if name.endswith(".dist-info/WHEEL"):
            metadata = archive.read(name).decode()
            if "Root-Is-Purelib: false" in metadata:
                platform_wheels[name.split("/")[0]] = [
                    line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Tag: ")
                ]
    assert platform_wheels, "expected pydantic-core's and argon2's platform wheels"
    for wheel, tags in platform_wheels.items():
        assert any(for_runtime(tag, python) for tag in tags), f"{wheel}: {tags} is not for {python}"
        assert any("manylinux" in tag and tag.endswith("x86_64") for tag in tags), (
            f"{wheel}: {tags} is not a manylinux x86_64 wheel"
        )


def for_runtime(tag: str, python: str) -> bool:
    interpreter, abi, _ = tag.split("-", 2)
    # cp311 itself, or a stable-ABI (abi3) / ABI-free build for an older or equal version.
    return interpreter == python or (
        abi in ("abi3", "none")
        and interpreter.startswith(("cp3", "py3"))
        and int(interpreter[2:] or 0) <= int(python[2:])
    )


def test_the_packaged_app_imports_and_finds_its_email_templates(package: Package, tmp_path: Path) -> None:
    """Run from the unpacked zip, the way Lambda does: app.py at the root, templates beside it."""
    with zipfile.ZipFile(package.zip_path) as archive:
        archive.extractall(tmp_path)
    probe = (
        "import json, app\n"
        "from chalicelib.adapters.templates import JinjaEmailRenderer, TEMPLATES_DIR\n"
        "from chalicelib.domain.common import Language\n"
        "from chalicelib.domain.templates import placeholders_of, sample_context, template_values\n"
        "renderer = JinjaEmailRenderer()\n"
        "values = template_values('news', Language.ES, {'firm_name': 'Silva', **sample_context('news', Language.ES, 'https://p.test')})\n"
        "mail = renderer.render_source(renderer.default('news', Language.ES), values, placeholders_of('news'))\n"
        "print(json.dumps({'app': app.__file__, 'dir': str(TEMPLATES_DIR), 'templates': "
        "sorted(renderer._environment.list_templates()), 'subject': mail.subject, 'html': mail.html}))\n"
    )
    # The unpacked folder is the working directory, so it comes first on sys.path, as in Lambda.
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "us-east-1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(found["app"]).resolve().parent == tmp_path.resolve()
    assert Path(found["dir"]).resolve() == (tmp_path / "email_templates").resolve()
    expected = sorted(name.removeprefix("email_templates/") for name in repository_files("email_templates"))
    assert found["templates"] == expected
    # A default renders from the unpacked zip, in the shared layout.
    assert found["subject"] == "Audiencia fijada — Reclamación de daños contra Constructora Alfa"
    assert found["html"].startswith("<!DOCTYPE html>") and 'lang="es"' in found["html"]
