"""Cold-start share: how long `import app` takes and how much memory it leaves, next to a
bare Chalice app with boto3 and pydantic (bench/bare_app.py).

Each import runs in a fresh interpreter; the timer surrounds the import alone (not the
interpreter start), and the two apps alternate so drift on the machine hits both alike.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent

# Runs in the child. Only `sys` and `time` (already loaded at start-up) come before the
# timer; json and resource are imported after it so they are not charged to either app.
# Peak RSS: the process's VmHWM where Linux gives it. getrusage's ru_maxrss is the same
# figure elsewhere, but on Linux a child keeps, across exec, the peak of the process that
# started it: it would report this benchmark's own size, not the import's.
_PROBE = """
import sys, time
sys.path.insert(0, {directory!r})
started = time.perf_counter()
{statement}
elapsed = time.perf_counter() - started
import json, resource
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(json.dumps({{"seconds": elapsed, "max_rss_kb": peak,
                  "openai": "openai" in sys.modules, "boto3": "boto3" in sys.modules, "modules": len(sys.modules)}}))
"""

SUBJECTS = {
    # name: (directory put first on sys.path, statement timed)
    "app": (str(ROOT), "import app"),
    "bare": (str(BENCH_DIR), "import bare_app"),
    "nothing": (str(ROOT), "pass"),
}


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int
    openai: bool
    boto3: bool
    modules: int


@dataclass
class ImportResult:
    repetitions: int
    samples: dict[str, list[Sample]]
    # Top-level packages `import app` loads that the bare app does not, by self time (ms).
    extra_packages: list[tuple[str, float]] = field(default_factory=list)

    def median_ms(self, subject: str) -> float:
        return statistics.median(s.seconds for s in self.samples[subject]) * 1000

    def median_rss_mb(self, subject: str) -> float:
        return statistics.median(s.max_rss_kb for s in self.samples[subject]) / 1024

    @property
    def ratio(self) -> float:
        return self.median_ms("app") / self.median_ms("bare")

    @property
    def rss_ratio(self) -> float:
        return self.median_rss_mb("app") / self.median_rss_mb("bare")

    @property
    def openai_on_import(self) -> bool:
        return any(s.openai for s in self.samples["app"])

    @property
    def boto3_on_import(self) -> bool:
        return any(s.boto3 for s in self.samples["app"])


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE")}
    # The same switches the API function has locally; nothing here is read at import anyway.
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    return env


def _probe(subject: str, env: dict[str, str]) -> Sample:
    directory, statement = SUBJECTS[subject]
    code = _PROBE.format(directory=directory, statement=statement)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"importing {subject} failed:\n{out.stderr[-2000:]}")
    return Sample(**json.loads(out.stdout.strip().splitlines()[-1]))


def _importtime(subject: str, env: dict[str, str]) -> dict[str, float]:
    """Self time (ms) per module from `python -X importtime`."""
    directory, statement = SUBJECTS[subject]
    code = f"import sys; sys.path.insert(0, {directory!r}); {statement}"
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    times: dict[str, float] = {}
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:") :].split("|")
        times[name.strip()] = int(self_us) / 1000
    return times


def extra_packages(env: dict[str, str], top: int = 8) -> list[tuple[str, float]]:
    app_times = _importtime("app", env)
    bare_modules = set(_importtime("bare", env))
    by_package: dict[str, float] = defaultdict(float)
    for module, ms in app_times.items():
        if module not in bare_modules:
            by_package[module.split(".")[0]] += ms
    return sorted(by_package.items(), key=lambda kv: -kv[1])[:top]


def measure(repetitions: int, progress: Callable[[str], None]) -> ImportResult:
    env = _environment()
    # Once each, discarded: writes the .pyc files so no run pays for compiling.
    for subject in SUBJECTS:
        _probe(subject, env)
    samples: dict[str, list[Sample]] = {name: [] for name in SUBJECTS}
    for i in range(repetitions):
        order = ["app", "bare", "nothing"] if i % 2 == 0 else ["bare", "app", "nothing"]
        for subject in order:
            samples[subject].append(_probe(subject, env))
        if (i + 1) % 5 == 0 or i + 1 == repetitions:
            progress(f"imports: {i + 1}/{repetitions} rounds")
    result = ImportResult(repetitions=repetitions, samples=samples)
    result.extra_packages = extra_packages(env)
    return result
