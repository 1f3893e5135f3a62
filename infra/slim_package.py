"""Drop from the Lambda zip the AWS SDK that the Lambda Python runtime already provides.

Chalice bundles every requirement with its dependencies; `aws-lambda-powertools[tracer]`
pulls in aws-xray-sdk, which requires botocore: 16 MB of the zip, while the runtime has
boto3 and botocore (and their dependencies) on its path. Removing them keeps the package
within the 15 MB target and leaves one, consistent SDK: the runtime's.

Usage: python infra/slim_package.py build/deployment.zip
"""

from __future__ import annotations

import copy
import os
import sys
import zipfile
from pathlib import Path

# boto3 and its dependency closure, as installed in the Lambda Python runtime (/var/runtime).
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six")
# Their distribution names, as in <name>-<version>.dist-info (and .data).
RUNTIME_DISTRIBUTIONS = ("boto3", "botocore", "s3transfer", "jmespath", "python_dateutil", "urllib3", "six")


def provided_by_runtime(name: str) -> bool:
    top = name.split("/", 1)[0]
    if top.endswith((".dist-info", ".data")):
        # <name>-<version>.dist-info: names are normalized with underscores, so the first dash ends it.
        return top.split("-", 1)[0].lower() in RUNTIME_DISTRIBUTIONS
    module = top.removesuffix(".py")  # a package folder, or a single-file module such as six.py
    return module in RUNTIME_PROVIDED


def slim(path: Path) -> tuple[int, int, list[str]]:
    """Rewrite the zip without the runtime-provided packages; return (size before, after, removed tops)."""
    before = path.stat().st_size
    removed: set[str] = set()
    temporary = path.with_suffix(".slim.tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if provided_by_runtime(info.filename):
                removed.add(info.filename.split("/", 1)[0])
                continue
            # Same name, permissions and compression as Chalice wrote them (a copy of the
            # entry: writing one updates its offsets, which the source still needs).
            target.writestr(copy.copy(info), source.read(info), compress_type=info.compress_type)
    os.replace(temporary, path)
    return before, path.stat().st_size, sorted(removed)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[0])
    if not path.is_file():
        print(f"{path}: no such file (run chalice package first)", file=sys.stderr)
        return 1
    before, after, removed = slim(path)
    print(
        f"{path}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB (left to the Lambda runtime: {', '.join(removed) or 'nothing'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
