"""Per-module mutation scores from mutmut 3's results (`make mutation`, docs/MUTATION.md).

mutmut keeps one `mutants/<module>.py.meta` (JSON) per mutated module, holding each mutant's
exit code; this reads them (the standard library only, no mutmut needed) and prints a table:
killed, survived, timeout, equivalent and the score.

Equivalent mutants (a change no test could observe) are listed in tools/mutation_equivalents.txt,
one mutant name per line with its reason after `#`; they are counted apart and left out of the
score. A listed mutant that no longer survives, or no longer exists, is reported as stale.

    python -m tools.mutation_report                   # the table, as Markdown
    python -m tools.mutation_report --fail-under 80   # exit 1 if a module scores less
    python -m tools.mutation_report --survivors chalicelib/domain/cnj.py   # names to `mutmut show`
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.txt"
PACKAGES = ("chalicelib/domain", "chalicelib/services")

# mutmut 3's exit codes (mutmut/stats.py); anything else mutmut calls "suspicious".
KILLED = {1, 3}
SURVIVED = {0}
NO_TESTS = {5, 33}
SKIPPED = {34}
TIMEOUT = {24, -24, 36, 152, 255}
CAUGHT_BY_TYPE_CHECK = {37}
NOT_CHECKED = {None}


@dataclass
class ModuleScore:
    module: str
    killed: int = 0
    survived: int = 0
    no_tests: int = 0
    timeout: int = 0
    equivalent: int = 0
    not_checked: int = 0
    other: int = 0
    survivors: list[str] = field(default_factory=list)

    @property
    def judged(self) -> int:
        """Mutants a test could have killed: equivalent and unchecked ones are left out."""
        return self.killed + self.timeout + self.survived + self.no_tests + self.other

    @property
    def score(self) -> float | None:
        return None if self.judged == 0 else 100 * (self.killed + self.timeout) / self.judged


def load_equivalents(path: Path = EQUIVALENTS) -> dict[str, str]:
    """{mutant name: reason} from `name  # reason` lines; blank lines and comments skipped."""
    if not path.exists():
        return {}
    equivalents = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            equivalents[name.strip()] = reason.strip()
    return equivalents


def collect(mutants: Path, equivalents: dict[str, str] | None = None) -> tuple[list[ModuleScore], list[str]]:
    """The score of every mutated module under PACKAGES, and the stale equivalents."""
    equivalents = load_equivalents() if equivalents is None else equivalents
    scores = []
    seen: dict[str, int | None] = {}
    for package in PACKAGES:
        for meta in sorted((mutants / package).glob("*.py.meta")):
            exit_codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
            if not exit_codes:
                continue  # nothing mutable in it (only models, constants, protocols)
            score = ModuleScore(module=str(meta.relative_to(mutants))[: -len(".meta")])
            for name, code in sorted(exit_codes.items()):
                seen[name] = code
                if name in equivalents and code in SURVIVED | NO_TESTS:
                    score.equivalent += 1
                elif code in KILLED | CAUGHT_BY_TYPE_CHECK:
                    score.killed += 1
                elif code in SURVIVED:
                    score.survived += 1
                    score.survivors.append(name)
                elif code in NO_TESTS:
                    score.no_tests += 1
                    score.survivors.append(name)
                elif code in TIMEOUT:
                    score.timeout += 1
                elif code in NOT_CHECKED | SKIPPED:
                    score.not_checked += 1
                else:
                    score.other += 1
                    score.survivors.append(name)
            scores.append(score)
    stale = sorted(
        name for name in equivalents if name not in seen or seen[name] not in SURVIVED | NO_TESTS | NOT_CHECKED
    )
    return scores, stale


def table(scores: list[ModuleScore]) -> str:
    lines = [
        "| module | killed | survived | no tests | timeout | equivalent | not run | score |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        score = "n/a" if s.score is None else f"{s.score:.1f}%"
        counts = (s.killed, s.survived, s.no_tests, s.timeout, s.equivalent, s.not_checked)
        lines.append(f"| {s.module} | " + " | ".join(str(c) for c in counts) + f" | {score} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--fail-under", type=float, help="exit 1 when a module that was run scores below this (percent)"
    )
    parser.add_argument(
        "--mutants", type=Path, default=Path("mutants"), help="mutmut's results folder (default: ./mutants)"
    )
    parser.add_argument(
        "--survivors",
        metavar="MODULE",
        help="list the surviving mutants of this module (e.g. chalicelib/domain/cnj.py)",
    )
    args = parser.parse_args(argv)

    scores, stale = collect(args.mutants)
    if not scores:
        print('No mutation results under mutants/: run "make mutation" first.', file=sys.stderr)
        return 2
    if args.survivors:
        for s in scores:
            if s.module == args.survivors:
                print("\n".join(s.survivors))
        return 0
    print(table(scores))
    for name in stale:
        print(f"stale equivalent (killed now, or gone): {name}", file=sys.stderr)
    low = [s for s in scores if args.fail_under is not None and s.score is not None and s.score < args.fail_under]
    for s in low:
        print(f"{s.module}: {s.score:.1f}% < {args.fail_under}%", file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
