"""Zip a Lambda layer's folder (`python/...` inside it) the same way every time.

Lambda unpacks a layer under /opt, so `python/PIL` lands in /opt/python, which the Python
runtime puts on sys.path. `aws cloudformation package` names the uploaded layer after the
zip's MD5, and AWS::Lambda::LayerVersion is immutable: a zip whose bytes changed with every
build (file times, order) would publish a new layer version at every deployment. So the
entries are sorted, dated 1980-01-01, and keep only the executable bit of their mode;
bytecode caches are left out.

Usage: python infra/layer_zip.py build/images-layer build/images-layer.zip
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def build(folder: Path, target: Path) -> tuple[int, int]:
    """Write `target` from the files under `folder`; return (files, bytes of the zip)."""
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    if not any(path.relative_to(folder).parts[0] == "python" for path in files):
        raise SystemExit(f"{folder}: nothing under python/ (a Python layer's files go there)")
    temporary = target.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=FIXED_TIME)
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16  # a regular file with these permissions
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(temporary, target)
    return len(files), target.stat().st_size


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder, target = Path(argv[0]), Path(argv[1])
    if not folder.is_dir():
        print(f"{folder}: no such folder (pip install --target {folder}/python first)", file=sys.stderr)
        return 1
    files, size = build(folder, target)
    print(f"{target}: {size / 1e6:.1f} MB, {files} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
