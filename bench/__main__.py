"""python -m bench: the API's numbers in one run (`make bench-api`).

1. `import app` against a bare Chalice app with boto3 and pydantic: time and peak RSS,
   in fresh interpreters (bench/imports.py).
2. Ingestion throughput: a DataJud batch of 1,000 movements through the local stack
   (`python -m devstack --fresh`), new and then all duplicates (bench/ingestion.py).
3. Every GET route: DynamoDB calls per request and median latency with 100 and with
   10,000 items in the caller's firm, against moto (bench/api.py).
4. Whether `openai` got imported on the way.

Prints a table and writes it, with this command, into docs/BENCHMARKS.md (the section
between the bench-api markers; the rest of the file is kept).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from . import api, imports, ingestion, report, sections

ROOT = imports.ROOT


def _command(argv: list[str]) -> str:
    python = Path(sys.executable)
    try:
        python_text = str(python.relative_to(ROOT))
    except ValueError:
        python_text = "python"
    command = " ".join([python_text, "-m", "bench", *argv])
    return f"make bench-api   # runs: {command}" if os.environ.get("MAKELEVEL") and not argv else command


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "app.py", "chalicelib")
    return f"{commit} (with uncommitted changes in app.py/chalicelib)" if dirty else commit


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="100,10000", help="items of each kind in the measured firms (default: 100,10000)"
    )
    parser.add_argument(
        "--unrelated", type=int, default=1000, help="items of each kind in an unrelated firm (default: 1000)"
    )
    parser.add_argument(
        "--import-reps", type=int, default=15, help="fresh interpreters per app for the import time (default: 15)"
    )
    parser.add_argument(
        "--budget", type=float, default=3.0, help="seconds of repetitions per route after the first five (default: 3)"
    )
    parser.add_argument("--verify-moto", action="store_true", help="also check the moto Query index against moto's own "
                        "Query on the real data (slow: seconds per Query)")  # fmt: skip
    parser.add_argument("--load-over-http", action="store_true", help="load the data with BatchWriteItem requests over "
                        "HTTP rather than moto's backend in-process (several times slower)")  # fmt: skip
    parser.add_argument("--ingestion-reps", type=int, default=5, help="pairs of DataJud batches (new, then the same "
                        "again) through the local stack; the report gives medians (default: 5)")  # fmt: skip
    parser.add_argument("--only", choices=["imports", "ingestion", "api"], help="run one part, print it, write nothing")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/BENCHMARKS.md alone")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    sizes = tuple(sorted(int(s) for s in args.sizes.split(",")))
    if len(sizes) != 2:
        parser.error("--sizes takes two sizes, the small and the large")

    started = time.perf_counter()
    machine = sections.machine(with_moto=True)  # before the run loads the machine itself
    out = sys.stdout

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=out, flush=True)

    import_result = None
    ingestion_results: list[ingestion.IngestionResult] = []
    api_result = None
    if args.only in (None, "imports"):
        progress(f"imports: `import app` and the bare app, {args.import_reps} fresh interpreters each, alternating")
        import_result = imports.measure(args.import_reps, progress)
        progress(
            f"imports: app {import_result.median_ms('app'):.0f} ms, bare {import_result.median_ms('bare'):.0f} ms "
            f"({import_result.ratio:.2f} ×)"
        )
    if args.only in (None, "ingestion"):
        # Before the API part, which fills this process with moto's data and exports its settings.
        # Two shapes of the same 1,000 movements: records of 100, and a real feed's small records of 8.
        for shape in (
            ingestion.Options(repetitions=args.ingestion_reps),
            ingestion.Options(repetitions=args.ingestion_reps, records=125, per_record=8),
        ):
            progress(f"ingestion: {shape.records} records × {shape.per_record} movements")
            try:
                measured = ingestion.run(shape, progress)
            except Exception as error:  # noqa: BLE001 - reported in the section; the rest still runs
                traceback.print_exc()
                measured = ingestion.failed(shape, error)
                progress(f"ingestion: failed: {measured.problems[0]}")
            ingestion_results.append(measured)
    if args.only in (None, "api"):
        options = api.Options(
            sizes=sizes,
            unrelated=args.unrelated,
            budget_seconds=args.budget,
            verify_moto=args.verify_moto,
            load_over_http=args.load_over_http,
        )
        api_result = api.run(options, progress)

    info = report.RunInfo(
        command=_command(argv),
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=_commit(),
        machine=machine,
        duration_seconds=time.perf_counter() - started,
    )
    section = report.render(info, api_result, import_result, ingestion_results)
    print("\n" + section, file=out)
    if not args.no_write and not args.only:
        sections.write(args.output, report.BEGIN, report.END, section)
        progress(f"written to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 1 if any(not r.pairs for r in ingestion_results) else 0


if __name__ == "__main__":
    sys.exit(main())
