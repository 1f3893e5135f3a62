"""The documents worker's layer (build/images-layer.zip, ImagesLayer in the template): Pillow
and pillow-heif under python/, from manylinux wheels the functions' runtime loads, attached to
CheckDocuments alone; and, run the way Lambda runs them, the worker with its layer checks and
strips photos while the API's zip, without it, still imports and serves."""

from __future__ import annotations

import importlib.util
import json
import platform
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.support import document_fixtures as fixtures

from .conftest import ROOT, Package
from .test_template import referenced
from .test_zip import for_runtime

WORKER = "CheckDocuments"
WORKER_HANDLER = "chalicelib.handlers.documents.check_documents"
# The python3.11 runtime is Amazon Linux 2: glibc 2.26. A wheel for a newer glibc does not load.
RUNTIME_GLIBC = (2, 26)
# Lambda's limit on a function's code and its layers, unzipped.
MAX_UNZIPPED_BYTES = 250 * 1024 * 1024


@pytest.fixture(scope="module")
def layer(package: Package) -> zipfile.ZipFile:
    return zipfile.ZipFile(package.layer_path)


def functions(package: Package) -> dict[str, dict[str, Any]]:
    return package.of_type("AWS::Serverless::Function")


def locked(lock: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, hashes) of a lock written by `make lock`."""
    found = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", lock.read_text()):
        pin = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", entry)
        if pin:
            name = pin.group(1).lower().replace("-", "_")
            found[name] = (pin.group(2), frozenset(re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)))
    return found


def test_the_tests_run_the_versions_the_layer_deploys() -> None:
    layer, dev = locked(ROOT / "requirements-images.txt"), locked(ROOT / "requirements-dev.txt")
    assert set(layer) == {"pillow", "pillow_heif"}
    for name, (version, hashes) in layer.items():
        assert hashes, f"{name} has no hashes in requirements-images.txt"
        assert dev[name] == (version, hashes), f"requirements-dev.in pins another {name} than requirements-images.in"


def test_the_layer_holds_pil_and_pillow_heif_under_python(package: Package, layer: zipfile.ZipFile) -> None:
    names = layer.namelist()
    print(f"images-layer.zip: {package.layer_path.stat().st_size / 1e6:.2f} MB")
    assert names and all(name.startswith("python/") for name in names), "Lambda looks for a layer's modules in python/"
    assert "python/PIL/Image.py" in names
    assert "python/pillow_heif/__init__.py" in names
    # The native parts: Pillow's and libheif's shared libraries come inside the wheels.
    assert any(re.fullmatch(r"python/PIL/_imaging\.cpython-\d+-x86_64-linux-gnu\.so", n) for n in names)
    assert any(re.fullmatch(r"python/_pillow_heif\.cpython-\d+-x86_64-linux-gnu\.so", n) for n in names)
    assert any(n.startswith("python/pillow_heif.libs/libheif") for n in names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_layer_is_exactly_the_lock_from_manylinux_wheels_for_the_workers_runtime(
    package: Package, layer: zipfile.ZipFile
) -> None:
    runtime = functions(package)[WORKER]["Properties"]["Runtime"]
    python = "cp" + runtime.removeprefix("python").replace(".", "")
    installed = {}
    for name in layer.namelist():
        match = re.fullmatch(r"python/([^/]+)-([^-/]+)\.dist-info/WHEEL", name)
        if not match:
            continue
        installed[match.group(1).lower()] = match.group(2)
        tags = [line.split(": ", 1)[1] for line in layer.read(name).decode().splitlines() if line.startswith("Tag: ")]
        assert any(for_runtime(tag, python) for tag in tags), f"{name}: {tags} is not for {python}"
        glibc = [tuple(map(int, m)) for tag in tags for m in re.findall(r"manylinux_(\d+)_(\d+)_x86_64", tag)]
        glibc += [(2, 17) for tag in tags if tag.endswith("manylinux2014_x86_64")]
        assert glibc and min(glibc) <= RUNTIME_GLIBC, f"{name}: {tags} needs a newer glibc than {runtime}'s"
    assert installed == {name: version for name, (version, _) in locked(ROOT / "requirements-images.txt").items()}


def test_code_and_layer_fit_lambdas_unzipped_limit(package: Package, layer: zipfile.ZipFile) -> None:
    code = zipfile.ZipFile(package.zip_path)
    unzipped = sum(i.file_size for i in code.infolist()) + sum(i.file_size for i in layer.infolist())
    print(f"deployment.zip + images-layer.zip unzipped: {unzipped / 1e6:.1f} MB")
    assert unzipped < MAX_UNZIPPED_BYTES


def test_only_the_documents_worker_has_the_layer(package: Package) -> None:
    layer = package.resources["ImagesLayer"]
    assert layer["Type"] == "AWS::Lambda::LayerVersion"
    properties = layer["Properties"]
    # Beside sam.json, as the functions' ./deployment.zip: `aws cloudformation package` uploads both.
    assert properties["Content"] == "./images-layer.zip"
    assert (package.directory / properties["Content"]).resolve() == package.layer_path.resolve()
    worker = functions(package)[WORKER]["Properties"]
    assert worker["Handler"] == WORKER_HANDLER
    assert properties["CompatibleRuntimes"] == [worker["Runtime"]]
    assert properties["CompatibleArchitectures"] == worker.get("Architectures", ["x86_64"])
    assert [referenced(ref) for ref in worker["Layers"]] == ["ImagesLayer"]
    others = {name: spec["Properties"].get("Layers") for name, spec in functions(package).items() if name != WORKER}
    assert "APIHandler" in others
    assert all(not layers for layers in others.values()), others


# --- run as Lambda runs them -----------------------------------------------------------------------

PROBE = """
import importlib.util, json, sys
paths, manifest = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.path[:0] = paths  # /var/task, /opt/python, /var/runtime: the runtime's order
import io
import app  # what APIHandler loads
import chalicelib.handlers.documents  # what CheckDocuments loads
from chalicelib.adapters.inspection import LibraryDocumentInspector
from chalicelib.domain.documents import DocumentType, InspectionLimits

inspector, out = LibraryDocumentInspector(), {}
pil = importlib.util.find_spec("PIL")
out["PIL"] = pil.origin if pil else None
for file in manifest:
    data = open(file["path"], "rb").read()
    try:
        result = inspector.inspect(io.BytesIO(data), len(data), file["type"], file["name"], InspectionLimits())
    except ImportError as error:
        out[file["name"]] = {"error": f"ImportError: {error.name}"}
        continue
    seen = {"type": result.detected_type, "reason": result.reason}
    if result.accepted and result.detected_type in (DocumentType.JPEG, DocumentType.PNG, DocumentType.HEIC):
        cleaned = inspector.strip_metadata(io.BytesIO(data), result.detected_type).read()
        again = inspector.inspect(io.BytesIO(cleaned), len(cleaned), file["type"], file["name"], InspectionLimits())
        from PIL import ExifTags, Image
        import pillow_heif
        pillow_heif.register_heif_opener()
        exif = Image.open(io.BytesIO(cleaned)).getexif()
        seen["stripped"] = {"type": again.detected_type, "gps": bool(exif.get_ifd(ExifTags.IFD.GPSInfo))}
    out[file["name"]] = seen
print(json.dumps(out))
"""


def runtime_provided(folder: Path) -> Path:
    """A stand-in for /var/runtime: this environment's copies of the packages the Lambda runtime
    provides (infra/slim_package.py leaves them out of the zip), and nothing else."""
    slim = importlib.util.spec_from_file_location("slim_package", ROOT / "infra" / "slim_package.py")
    assert slim is not None and slim.loader is not None
    module = importlib.util.module_from_spec(slim)
    slim.loader.exec_module(module)
    folder.mkdir()
    for name in module.RUNTIME_PROVIDED:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (folder / source.name).symlink_to(source)
    return folder


def run_unpacked(tmp_path: Path, package: Package, with_layer: bool) -> dict[str, Any]:
    if sys.platform != "linux" or platform.machine() != "x86_64":
        pytest.skip("the layer's native libraries are for x86_64 Linux, as Lambda is")
    task, opt = tmp_path / "task", tmp_path / "opt"
    zipfile.ZipFile(package.zip_path).extractall(task)
    paths = [str(task)]
    if with_layer:
        zipfile.ZipFile(package.layer_path).extractall(opt)
        paths.append(str(opt / "python"))
    paths.append(str(runtime_provided(tmp_path / "runtime")))
    manifest = []
    for build in (fixtures.pdf, fixtures.docx, fixtures.text, fixtures.jpeg_with_gps, fixtures.png, fixtures.heic):
        upload = build()
        path = tmp_path / upload.file_name
        path.write_bytes(upload.data)
        manifest.append({"path": str(path), "name": upload.file_name, "type": upload.declared_type})
    # -S -I: no site-packages (this environment's Pillow stays out), no PYTHON* variables, no cwd.
    result = subprocess.run(
        [sys.executable, "-S", "-I", "-c", PROBE, json.dumps(paths), json.dumps(manifest)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "us-east-1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def test_the_worker_with_its_layer_checks_photos_and_strips_their_metadata(package: Package, tmp_path: Path) -> None:
    found = run_unpacked(tmp_path, package, with_layer=True)
    assert found["PIL"] and Path(found.pop("PIL")).is_relative_to(tmp_path / "opt" / "python")
    assert found == {
        "contrato.pdf": {"type": "pdf", "reason": None},
        "procuracao.docx": {"type": "docx", "reason": None},
        "recado.txt": {"type": "txt", "reason": None},
        "IMG_0001.jpg": {"type": "jpeg", "reason": None, "stripped": {"type": "jpeg", "gps": False}},
        "print.png": {"type": "png", "reason": None, "stripped": {"type": "png", "gps": False}},
        "IMG_0002.HEIC": {"type": "heic", "reason": None, "stripped": {"type": "heic", "gps": False}},
    }


def test_without_the_layer_the_code_imports_and_only_images_need_it(package: Package, tmp_path: Path) -> None:
    """The API function has no layer: importing the app (and the inspector, which imports Pillow
    only inside the image checks) needs no Pillow; documents that are not images are checked."""
    found = run_unpacked(tmp_path, package, with_layer=False)
    assert found.pop("PIL") is None
    assert found == {
        "contrato.pdf": {"type": "pdf", "reason": None},
        "procuracao.docx": {"type": "docx", "reason": None},
        "recado.txt": {"type": "txt", "reason": None},
        "IMG_0001.jpg": {"error": "ImportError: PIL"},
        "print.png": {"error": "ImportError: PIL"},
        "IMG_0002.HEIC": {"error": "ImportError: pillow_heif"},
    }
