"""Client uploads (issue 9): the peak memory of inspecting a 25 MB PDF.

The PDF is written to a temporary file in pieces (tests/support/document_fixtures.py), then
a fresh interpreter opens it, inspects it with the adapter, and reports its own peak resident
set (VmHWM; see bench/imports.py on why not the parent's getrusage) and the peak of Python's
allocations (tracemalloc) during the inspection alone. `make bench-documents` reports it
(bench/documents.py).

`python -m bench.inspection` prints both figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from chalicelib.domain.documents import MB

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, resource, sys, tracemalloc
from chalicelib.adapters.inspection import LibraryDocumentInspector
from chalicelib.domain.documents import InspectionLimits
import pypdf, puremagic  # loaded before the measure: the libraries are not the inspection
path, size = sys.argv[1], int(sys.argv[2])
tracemalloc.start()
with open(path, "rb") as stream:
    result = LibraryDocumentInspector().inspect(stream, size, "application/pdf", "contrato.pdf", InspectionLimits())
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(json.dumps({"accepted": result.accepted, "reason": result.reason, "rss_kib": peak, "traced": traced}))
"""


@dataclass(frozen=True)
class InspectionMemory:
    pdf_bytes: int
    accepted: bool
    peak_rss_bytes: int
    peak_traced_bytes: int


def write_pdf(path: Path, target_bytes: int = 25 * MB - 64 * 1024) -> int:
    from tests.support.document_fixtures import large_pdf_chunks

    with path.open("wb") as out:
        for chunk in large_pdf_chunks(target_bytes):
            out.write(chunk)
    return path.stat().st_size


def measure_pdf_inspection(target_bytes: int = 25 * MB - 64 * 1024) -> InspectionMemory:
    """Build a PDF of about `target_bytes` (just under the default 25 MB limit) in a temporary
    file and return the peak memory of inspecting it in a fresh interpreter."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "large.pdf"
        size = write_pdf(path, target_bytes)
        result = subprocess.run(
            [sys.executable, "-c", _PROBE, str(path), str(size)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if not report["accepted"]:
        raise RuntimeError(f"the benchmark's PDF was refused: {report['reason']}")
    return InspectionMemory(size, True, report["rss_kib"] * 1024, report["traced"])


def main() -> None:
    memory = measure_pdf_inspection()
    print(
        f"inspecting a {memory.pdf_bytes / MB:.1f} MB PDF: peak RSS {memory.peak_rss_bytes / MB:.1f} MB "
        f"(the interpreter and libraries included), Python allocations at most {memory.peak_traced_bytes / MB:.1f} MB"
    )


if __name__ == "__main__":
    main()
